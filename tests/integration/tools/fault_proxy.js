// A fault-injecting HTTP(S) proxy between the sync client and the LRS, for
// the integration tests. Works as a reverse proxy (endpoint = the proxy) and
// as a forward proxy (http_proxy = the proxy). Each POST to .../statements
// takes the next fault from the schedule; poisoned statement ids get a 400;
// every answer's Date header can be shifted to fake a wrong kiosk clock.
// Like other LRSs than the test one, it can answer 413 to batches above a
// size (or holding a statement "too large"), and 409 to a batch holding an
// id the LRS already stores (the test LRS itself answers 200 when the stored
// statement is the same, 409 only when it differs).
//
// Usage: node fault_proxy.js --port-file F --target http://127.0.0.1:LRS [--tls-cert cert.pem --tls-key key.pem]
//   listens on two free ports and writes "PROXY_PORT CONTROL_PORT" to F once both listen.
// Control (plain HTTP on 127.0.0.1:CONTROL_PORT):
//   POST /config {"faults": [...], "poison": [ids], "dateOffsetMs": N,       (fields optional)
//                 "maxBatch": N, "tooLarge": [ids], "conflictOnKnown": bool,
//                 "splitUtf8": bool}
//        maxBatch: a POST of more than N statements gets 413 (0: no limit)
//        tooLarge: a POST holding one of these ids gets 413
//        conflictOnKnown: a POST holding an id the LRS already has gets 409 (checked
//                         with GET ?statementId= upstream), and is not passed on
//        splitUtf8: a request body is passed on in two TCP writes, 50 ms apart, cut
//                   inside its first multi-byte UTF-8 character (a server that
//                   decodes each read on its own stores U+FFFD; Learning
//                   Locker's statement service does)
//   GET  /log    every request seen: {t, method, path, ids, fault, status, acked, done}
//   GET  /state  {"faultsLeft": N}
// Faults: pass | reset | cut-response | stall | stall-after-store | 500 | 503 |
//         503-retry:S | 429:S | 401 | refuse:MS
'use strict';
const fs = require('fs');
const http = require('http');
const https = require('https');
const { listenAll, relisten } = require('./listen');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const target = new URL(args.target);
const upstreamAgent = new http.Agent({ keepAlive: true, maxSockets: 16 });

const state = { faults: [], poison: new Set(), dateOffsetMs: 0, maxBatch: 0, tooLarge: new Set(),
  conflictOnKnown: false, splitUtf8: false, log: [] };
const sockets = new Set();
let server = null;

function dateHeader() {
  return new Date(Date.now() + state.dateOffsetMs).toUTCString();
}

function statementIds(body) {
  try {
    const j = JSON.parse(body.toString('utf8'));
    const list = Array.isArray(j) ? j : [j];
    return list.map((s) => (s && typeof s.id === 'string' ? s.id : null)).filter(Boolean);
  } catch (e) {
    return [];
  }
}

function reply(res, entry, status, obj, extra = {}) {
  entry.status = status;
  const body = JSON.stringify(obj);
  res.writeHead(status, Object.assign({ 'content-type': 'application/json', 'content-length': Buffer.byteLength(body),
    date: dateHeader() }, extra));
  res.end(body);
  res.on('finish', () => { entry.done = Date.now(); });
}

// Sends the request on to the LRS; calls back with (status, headers, body) or an error.
function forward(req, body, done) {
  let url;
  if (/^https?:\/\//.test(req.url)) url = new URL(req.url);  // forward-proxy form
  else url = new URL(req.url, target);
  const headers = Object.assign({}, req.headers);
  delete headers['proxy-connection'];
  delete headers['proxy-authorization'];
  headers.host = url.host;
  headers['content-length'] = body.length;
  const up = http.request({ hostname: url.hostname, port: url.port, path: url.pathname + url.search, method: req.method,
    headers, agent: upstreamAgent }, (upRes) => {
    const chunks = [];
    upRes.on('data', (c) => chunks.push(c));
    upRes.on('end', () => done(null, upRes.statusCode, upRes.headers, Buffer.concat(chunks)));
  });
  up.on('error', (e) => done(e));
  const cut = state.splitUtf8 ? body.findIndex((b) => b >= 0xc0) : -1;
  if (cut < 0) return up.end(body);
  up.write(body.subarray(0, cut + 1));  // the lead byte only
  setTimeout(() => up.end(body.subarray(cut + 1)), 50);
}

function relay(res, entry, status, headers, body) {
  const h = Object.assign({}, headers);
  delete h['transfer-encoding'];
  delete h.connection;
  delete h['keep-alive'];
  h['content-length'] = body.length;
  h.date = dateHeader();
  entry.status = status;
  res.writeHead(status, h);
  res.end(body);
  res.on('finish', () => {
    entry.done = Date.now();
    if (status === 200 && entry.ids.length) entry.acked = true;
  });
}

function refuse(ms) {
  const port = server.address().port;
  server.close();
  for (const s of sockets) s.destroy();
  setTimeout(() => relisten(server, port), ms);
}

function handle(req, res, body) {
  const isPost = req.method === 'POST' && /\/statements(\?|$)/.test(req.url);
  const entry = { t: Date.now(), method: req.method, path: req.url, ids: isPost ? statementIds(body) : [],
    fault: 'pass', status: 0, acked: false, done: 0 };
  state.log.push(entry);
  if (isPost && state.faults.length) entry.fault = state.faults.shift();
  const [name, param] = entry.fault.split(':');
  switch (name) {
    case 'reset':
      req.socket.destroy();
      return;
    case 'stall':
      setTimeout(() => req.socket.destroy(), 30000);
      return;
    case 'refuse':
      req.socket.destroy();
      refuse(Number(param || 2000));
      return;
    case '500':
      return reply(res, entry, 500, { message: 'injected failure' });
    case '503':
      return param === undefined ? reply(res, entry, 503, { message: 'injected unavailable' })
        : reply(res, entry, 503, { message: 'injected unavailable' }, { 'retry-after': param });
    case '503-retry':
      return reply(res, entry, 503, { message: 'injected unavailable' }, { 'retry-after': param });
    case '429':
      return reply(res, entry, 429, { message: 'injected rate limit' }, { 'retry-after': param || '1' });
    case '401':
      return reply(res, entry, 401, { message: 'injected unauthorised' });
    default:
      break;
  }
  const poisoned = entry.ids.find((id) => state.poison.has(id));
  if (isPost && poisoned) {
    return reply(res, entry, 400, { warnings: [`poisoned by test proxy: ${poisoned}`] });
  }
  if (isPost && ((state.maxBatch > 0 && entry.ids.length > state.maxBatch) ||
                 entry.ids.some((id) => state.tooLarge.has(id)))) {
    entry.fault = entry.ids.some((id) => state.tooLarge.has(id)) ? 'too-large' : 'batch-too-big';
    return reply(res, entry, 413, { message: 'request entity too large (test proxy)' });
  }
  if (isPost && state.conflictOnKnown && entry.ids.length) {
    return knownIds(req, entry.ids, (err, known) => {
      if (err) return reply(res, entry, 502, { message: 'upstream: ' + err.message });
      if (known.length) {
        entry.fault = 'conflict';
        return reply(res, entry, 409, { message: `statement ${known[0]} already exists (test proxy)` });
      }
      passOn(req, res, entry, name, body);
    });
  }
  passOn(req, res, entry, name, body);
}

// Passes the request on to the LRS and relays its answer (or the fault `name` does to it).
function passOn(req, res, entry, name, body) {
  forward(req, body, (err, status, headers, upBody) => {
    if (err) return reply(res, entry, 502, { message: 'upstream: ' + err.message });
    if (name === 'stall-after-store') {
      entry.status = -status;  // stored upstream, never answered
      setTimeout(() => req.socket.destroy(), 30000);
      return;
    }
    if (name === 'cut-response') {
      entry.status = -status;  // stored upstream, answer cut short
      const h = Object.assign({}, headers, { 'content-length': upBody.length, date: dateHeader() });
      delete h['transfer-encoding'];
      res.writeHead(status, h);
      res.write(upBody.subarray(0, Math.max(1, Math.floor(upBody.length / 2))));
      setTimeout(() => req.socket.destroy(), 20);
      return;
    }
    relay(res, entry, status, headers, upBody);
  });
}

// The ids of `ids` the LRS already stores: GET ?statementId= for each, with
// the client's credentials.
function knownIds(req, ids, done) {
  const known = [];
  let left = ids.length;
  let failed = null;
  for (const id of ids) {
    const get = { method: 'GET', url: req.url.replace(/statements(\?.*)?$/, 'statements?statementId=' + id),
      headers: Object.assign({}, req.headers) };
    delete get.headers['content-type'];
    delete get.headers['content-length'];
    forward(get, Buffer.alloc(0), (err, status) => {
      if (err) failed = err;
      else if (status === 200) known.push(id);
      if (--left === 0) done(failed, known);
    });
  }
}

function onRequest(req, res) {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => handle(req, res, Buffer.concat(chunks)));
  req.on('error', () => {});
}

if (args['tls-cert']) {
  server = https.createServer({ cert: fs.readFileSync(args['tls-cert']), key: fs.readFileSync(args['tls-key']) },
    onRequest);
} else {
  server = http.createServer(onRequest);
}
server.keepAliveTimeout = 30000;
server.on('connection', (s) => {
  sockets.add(s);
  s.on('close', () => sockets.delete(s));
});
server.on('clientError', (err, socket) => socket.destroy());

const control = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    if (req.method === 'POST' && req.url === '/config') {
      const c = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      if (c.faults) state.faults = c.faults.slice();
      if (c.poison) state.poison = new Set(c.poison);
      if (typeof c.dateOffsetMs === 'number') state.dateOffsetMs = c.dateOffsetMs;
      if (typeof c.maxBatch === 'number') state.maxBatch = c.maxBatch;
      if (c.tooLarge) state.tooLarge = new Set(c.tooLarge);
      if (typeof c.conflictOnKnown === 'boolean') state.conflictOnKnown = c.conflictOnKnown;
      if (typeof c.splitUtf8 === 'boolean') state.splitUtf8 = c.splitUtf8;
      return res.end('{"ok":true}');
    }
    if (req.url === '/log') return res.end(JSON.stringify(state.log));
    if (req.url === '/state') return res.end(JSON.stringify({ faultsLeft: state.faults.length }));
    res.statusCode = 404;
    res.end('{}');
  });
});
listenAll([server, control], args['port-file']);
