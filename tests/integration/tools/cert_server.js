// A small certification endpoint implementing sync/certification-openapi.yaml
// for the integration tests: bearer auth, idempotent by certificate id,
// 409 for a different certificate under a known id, 422 for ids starting
// "reject-", erasures (POST /erasures: identity dropped, remembered for later
// submissions), and a schedule of injected faults for the next POSTs.
// Usage: node cert_server.js PORT_FILE TOKEN   (listens on a free port, writes it to PORT_FILE;
// control: POST /__faults [..], GET /__log: the log, what is stored, the erasures, every body received,
// and the X-HocSo-Chain-Head header of every API request: heads, plus `chain_went_back` when a kiosk's
// head went to a lower record number than it had reached, as a central office would flag it)
'use strict';
const express = require('express');
const util = require('util');
const { listenAll } = require('./listen');

const portFile = process.argv[2];
const token = process.argv[3];
const store = new Map();
const log = [];
const received = [];            // every body POSTed to the API, as it came
const erasures = new Map();     // erasure_id -> { body, erased_at, certificates_erased }
const erasedCertificates = new Set();
const erasedLearners = new Set();  // "<kiosk_id>/<learner_id>"
let faults = [];
const heads = [];                // X-HocSo-Chain-Head values, as received
const highest = new Map();       // kiosk -> highest seq seen
const wentBack = [];
const parseHead = (value) => Object.fromEntries(value.split(';').map((p) => p.trim().split('=')));

const withoutIdentity = (body) => {
  const rest = Object.assign({}, body);
  delete rest.identity;
  delete rest.consent;
  return rest;
};
const isErased = (body) =>
  erasedCertificates.has(body.certificate_id) || erasedLearners.has(`${body.kiosk_id}/${body.learner_id}`);
const dropIdentity = (known) => {
  if (!known.body.identity && !known.body.consent) return false;
  known.body = withoutIdentity(known.body);
  known.identity_erased_at = new Date().toISOString();
  return true;
};

const app = express();
app.use(express.json({ limit: '1mb' }));

app.post('/__faults', (req, res) => { faults = req.body; res.json({ ok: true }); });
app.get('/__log', (req, res) => res.json({ log, stored: [...store.values()], erasures: [...erasures.values()], received,
                                            heads, chain_went_back: wentBack }));

const api = express.Router();
api.use((req, res, next) => {
  if (req.get('authorization') !== `Bearer ${token}`) {
    return res.status(401).json({ error: 'unauthorized', message: 'missing or unknown bearer token' });
  }
  const head = req.get('x-hocso-chain-head');
  if (head) {
    heads.push(head);
    const h = parseHead(head);
    const seq = Number(h.seq);
    if (highest.has(h.kiosk) && seq < highest.get(h.kiosk)) wentBack.push({ kiosk: h.kiosk, from: highest.get(h.kiosk), to: seq });
    highest.set(h.kiosk, Math.max(seq, highest.get(h.kiosk) || 0));
  }
  next();
});
// Takes the next injected fault (or 'pass') for this request, keeps the
// body and logs the request with `entry` (its id); true when the fault
// answered the request itself.
function injectedFault(req, res, entry) {
  const fault = faults.length ? faults.shift() : 'pass';
  received.push(req.body || {});
  log.push(Object.assign({ t: Date.now() }, entry, { fault }));
  const [name, param] = fault.split(':');
  if (name === 'reset') req.socket.destroy();
  else if (name === '500') res.status(500).json({ error: 'internal', message: 'injected failure' });
  else if (name === '503-retry') res.status(503).set('Retry-After', param).json({ error: 'unavailable', message: 'injected' });
  else return false;
  return true;
}
api.post('/certificates', (req, res) => {
  const body = req.body || {};
  if (injectedFault(req, res, { id: body.certificate_id })) return;
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
  const erased = isErased(body);
  if (known) {
    if (util.isDeepStrictEqual(known.body, body)) return res.status(200).json({ certificate_id: id, status: 'already_stored' });
    // The same certificate without identity (or its learner was erased): no identity is kept.
    if ((erased || !body.identity) && util.isDeepStrictEqual(withoutIdentity(known.body), withoutIdentity(body))) {
      dropIdentity(known);
      return res.status(200).json({ certificate_id: id, status: 'already_stored' });
    }
    return res.status(409).json({ error: 'conflict', message: 'another certificate is stored under this id' });
  }
  store.set(id, Object.assign({ body: erased ? withoutIdentity(body) : body, stored_at: new Date().toISOString(), stores: 1 },
                              erased && body.identity ? { identity_erased_at: new Date().toISOString() } : {}));
  res.status(201).json({ certificate_id: id, status: 'stored' });
});
api.post('/erasures', (req, res) => {
  const body = req.body || {};
  if (injectedFault(req, res, { erasure_id: body.erasure_id })) return;
  const id = body.erasure_id;
  if (typeof id !== 'string' || typeof body.learner_id !== 'string' || typeof body.kiosk_id !== 'string' ||
      !Array.isArray(body.certificate_ids)) {
    return res.status(400).json({ error: 'bad_request', message: 'erasure_id, learner_id, kiosk_id and certificate_ids are required' });
  }
  if (req.get('idempotency-key') !== id) {
    return res.status(400).json({ error: 'bad_request', message: 'Idempotency-Key must equal erasure_id' });
  }
  erasedLearners.add(`${body.kiosk_id}/${body.learner_id}`);
  body.certificate_ids.forEach((c) => erasedCertificates.add(c));
  let n = 0;
  for (const known of store.values()) if (isErased(known.body) && dropIdentity(known)) n++;
  const repeat = erasures.has(id);
  if (!repeat) erasures.set(id, { body, erased_at: new Date().toISOString(), certificates_erased: n });
  res.status(200).json({ erasure_id: id, status: repeat ? 'already_erased' : 'erased', certificates_erased: n });
});
api.get('/certificates/:id', (req, res) => {
  const known = store.get(req.params.id);
  if (!known) return res.status(404).json({ error: 'not_found', message: 'no such certificate' });
  res.json(Object.assign({ stored_at: known.stored_at },
                         known.identity_erased_at ? { identity_erased_at: known.identity_erased_at } : {}, known.body));
});
app.use('/api/v1', api);
listenAll([require('http').createServer(app)], portFile);
