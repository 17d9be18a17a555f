// A content channel for the integration tests: serves the files of a folder
// (channel.json and packs) over HTTP with byte ranges, and on request cuts
// pack answers in the middle of the body, ignores Range, or stalls, so a test
// can prove that a download resumed. Every request is logged with its Range.
//
// Usage: node channel_server.js --port-file F --dir DIR [--tls-cert cert.pem --tls-key key.pem]
//   listens on two free ports and writes "PORT CONTROL_PORT" to F once both listen.
// Control (plain HTTP on 127.0.0.1:CONTROL_PORT):
//   POST /config {"cut": N, "cutAfter": BYTES, "ignoreRange": bool, "status": CODE}   (fields optional)
//        cut: the next N answers with a body from /packs/ send BYTES body bytes, then the connection is destroyed
//        ignoreRange: answer 200 with the whole file even when a Range was asked
//        status: answer every /packs/ request with this HTTP status and no file (0: off)
//   GET  /log    every request seen: {t, method, path, range, status, sent, cut}
//   GET  /state  {"cutsLeft": N}
'use strict';
const fs = require('fs');
const http = require('http');
const https = require('https');
const path = require('path');
const { listenAll } = require('./listen');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const dir = path.resolve(args.dir);
const state = { cut: 0, cutAfter: 0, ignoreRange: false, status: 0, log: [] };

// "bytes=N-" or "bytes=N-M" → {start, end}; null when absent or not understood.
function parseRange(value, size) {
  const m = /^bytes=(\d+)-(\d*)$/.exec(value || '');
  if (!m) return null;
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  return { start, end };
}

function handle(req, res) {
  const url = new URL(req.url, 'http://x');
  const entry = { t: Date.now(), method: req.method, path: url.pathname, range: req.headers.range || null,
    status: 0, sent: 0, cut: false };
  state.log.push(entry);
  const name = decodeURIComponent(url.pathname).replace(/^\/+/, '');
  const file = path.join(dir, name);
  if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    entry.status = 404;
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'no such file: ' + name }));
    return;
  }
  const isPack = name.startsWith('packs/');
  if (isPack && state.status) {
    entry.status = state.status;
    res.writeHead(state.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: 'status ' + state.status + ' as configured' }));
    return;
  }
  const data = fs.readFileSync(file);
  let body = data;
  let status = 200;
  const type = name.endsWith('.json') ? 'application/json'
    : name.endsWith('.html') ? 'text/html; charset=utf-8' : 'application/octet-stream';
  const headers = { 'content-type': type, 'accept-ranges': 'bytes' };
  const range = state.ignoreRange ? null : parseRange(req.headers.range, data.length);
  if (range) {
    if (range.start >= data.length || range.start > range.end) {
      entry.status = 416;
      res.writeHead(416, { 'content-range': 'bytes */' + data.length });
      res.end();
      return;
    }
    status = 206;
    body = data.subarray(range.start, range.end + 1);
    headers['content-range'] = 'bytes ' + range.start + '-' + range.end + '/' + data.length;
  }
  headers['content-length'] = body.length;
  entry.status = status;
  res.writeHead(status, headers);
  if (isPack && state.cut > 0 && body.length > state.cutAfter) {
    state.cut -= 1;
    entry.cut = true;
    entry.sent = state.cutAfter;
    // Send the first bytes, let them reach the client, then break the connection.
    res.write(body.subarray(0, state.cutAfter), () => setTimeout(() => req.socket.destroy(), 200));
    return;
  }
  entry.sent = body.length;
  res.end(body);
}
const server = args['tls-cert']
  ? https.createServer({ cert: fs.readFileSync(args['tls-cert']), key: fs.readFileSync(args['tls-key']) }, handle)
  : http.createServer(handle);

const control = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/config') {
      const c = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      for (const k of ['cut', 'cutAfter', 'ignoreRange', 'status']) if (k in c) state[k] = c[k];
      if (c.clearLog) state.log = [];
      res.end('{}');
    } else if (req.url === '/log') {
      res.end(JSON.stringify(state.log));
    } else {
      res.end(JSON.stringify({ cutsLeft: state.cut }));
    }
  });
});
listenAll([server, control], args['port-file']);
