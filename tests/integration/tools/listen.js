// Binds the test servers of one tool to 127.0.0.1 on ports the kernel picks
// (port 0) and, once all of them listen, writes their ports, space-separated,
// to a file (tmp + rename: a reader never sees half of it). A test script
// reads that file instead of guessing a free port, so two tests running at
// once can never take each other's ports (lrs_env.sh: wait_port_file).
'use strict';
const fs = require('fs');

function writeAtomically(file, text) {
  fs.writeFileSync(file + '.tmp', text);
  fs.renameSync(file + '.tmp', file);
}

// listenAll([server, ...], portFile): exits the process if one cannot listen.
function listenAll(servers, portFile) {
  let left = servers.length;
  for (const server of servers) {
    const onError = (e) => {
      console.error(`cannot listen on 127.0.0.1: ${e.message}`);
      process.exit(1);
    };
    server.once('error', onError);
    server.listen(0, '127.0.0.1', () => {
      server.removeListener('error', onError);
      if (--left === 0) writeAtomically(portFile, servers.map((s) => s.address().port).join(' ') + '\n');
    });
  }
}

// Listens again on the port `server` had (the fault proxy's "refuse" fault);
// while something else holds the port (an outgoing connection the kernel gave
// it meanwhile), tries again every 100 ms.
function relisten(server, port) {
  const onError = () => setTimeout(() => server.listen(port, '127.0.0.1'), 100);
  server.on('error', onError);
  server.once('listening', () => server.removeListener('error', onError));
  server.listen(port, '127.0.0.1');
}

module.exports = { listenAll, relisten };
