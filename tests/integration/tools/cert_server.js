// A small certification endpoint implementing sync/certification-openapi.yaml
// for the integration tests: bearer auth, idempotent by certificate id,
// 409 for a different certificate under a known id, 422 for ids starting
// "reject-", and a schedule of injected faults for the next POSTs.
// Usage: node cert_server.js PORT_FILE TOKEN   (listens on a free port, writes it to PORT_FILE;
//        control: POST /__faults [..], GET /__log)
'use strict';
const express = require('express');
const util = require('util');
const { listenAll } = require('./listen');

const portFile = process.argv[2];
const token = process.argv[3];
const store = new Map();
const log = [];
let faults = [];

const app = express();
app.use(express.json({ limit: '1mb' }));

app.post('/__faults', (req, res) => { faults = req.body; res.json({ ok: true }); });
app.get('/__log', (req, res) => res.json({ log, stored: [...store.values()] }));

const api = express.Router();
api.use((req, res, next) => {
  if (req.get('authorization') !== `Bearer ${token}`) {
    return res.status(401).json({ error: 'unauthorized', message: 'missing or unknown bearer token' });
  }
  next();
});
api.post('/certificates', (req, res) => {
  const fault = faults.length ? faults.shift() : 'pass';
  const body = req.body || {};
  log.push({ t: Date.now(), id: body.certificate_id, fault });
  const [name, param] = fault.split(':');
  if (name === 'reset') return req.socket.destroy();
  if (name === '500') return res.status(500).json({ error: 'internal', message: 'injected failure' });
  if (name === '503-retry') return res.status(503).set('Retry-After', param).json({ error: 'unavailable', message: 'injected' });
  const id = body.certificate_id;
  if (typeof id !== 'string' || typeof body.certificate !== 'object' || typeof body.learner_id !== 'string') {
    return res.status(400).json({ error: 'bad_request', message: 'certificate_id, learner_id and certificate are required' });
  }
  if (req.get('idempotency-key') !== id) {
    return res.status(400).json({ error: 'bad_request', message: 'Idempotency-Key must equal certificate_id' });
  }
  if (body.identity && !body.consent) {
    return res.status(422).json({ error: 'no_consent', message: 'identity fields need consent' });
  }
  if (id.startsWith('reject-')) {
    return res.status(422).json({ error: 'invalid_certificate', message: 'signature does not verify' });
  }
  const known = store.get(id);
  if (known) {
    if (util.isDeepStrictEqual(known.body, body)) return res.status(200).json({ certificate_id: id, status: 'already_stored' });
    return res.status(409).json({ error: 'conflict', message: 'another certificate is stored under this id' });
  }
  store.set(id, { body, stored_at: new Date().toISOString(), stores: 1 });
  res.status(201).json({ certificate_id: id, status: 'stored' });
});
api.get('/certificates/:id', (req, res) => {
  const known = store.get(req.params.id);
  if (!known) return res.status(404).json({ error: 'not_found', message: 'no such certificate' });
  res.json(Object.assign({ stored_at: known.stored_at }, known.body));
});
app.use('/api/v1', api);
listenAll([require('http').createServer(app)], portFile);
