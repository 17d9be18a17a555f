// Checks what the LRS holds against the ids the kiosk meant to deliver:
// lists every statement (following "more"), fails on a missing, extra or
// duplicated id; with --by-id also reads each statement back by its id.
// Usage: node lrs_check.js ENDPOINT IDS_FILE [--by-id] [--dump FILE]
'use strict';
const fs = require('fs');
const http = require('http');

const [endpoint, idsFile, ...rest] = process.argv.slice(2);
const byId = rest.includes('--by-id');
const dumpIdx = rest.indexOf('--dump');
const dumpFile = dumpIdx >= 0 ? rest[dumpIdx + 1] : null;
const base = new URL(endpoint);
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
const auth = 'Basic ' + Buffer.from('test:test').toString('base64');

function get(pathAndQuery) {
  return new Promise((resolve, reject) => {
    const url = new URL(pathAndQuery, base);
    http.get({ hostname: url.hostname, port: url.port, path: url.pathname + url.search, agent,
      headers: { authorization: auth, 'x-experience-api-version': '1.0.3' } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
    }).on('error', reject);
  });
}

function fail(msg) {
  console.error('lrs_check: ' + msg);
  process.exit(1);
}

(async () => {
  const expected = fs.readFileSync(idsFile, 'utf8').split(/\s+/).filter(Boolean);
  const want = new Set(expected);
  if (want.size !== expected.length) fail('the ids file itself has duplicates');
  const seen = new Map();
  const all = [];
  const storedAt = new Map();  // id → the `stored` times listed for it
  let next = 'statements?limit=1000';
  while (next) {
    const r = await get(next.startsWith('/') ? next : new URL(next, base).href);
    if (r.status !== 200) fail(`listing statements: HTTP ${r.status} ${r.body}`);
    const j = JSON.parse(r.body);
    for (const s of j.statements) {
      // A statement stored twice is listed twice with two `stored` times;
      // the same copy listed again (the paging below can repeat a page when
      // its cursor wraps) is one statement.
      const copies = storedAt.get(s.id) || new Set();
      if (copies.has(s.stored)) continue;
      copies.add(s.stored);
      storedAt.set(s.id, copies);
      seen.set(s.id, (seen.get(s.id) || 0) + 1);
      all.push(s);
    }
    next = j.more || '';
  }
  const dups = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  // The test LRS's "more" cursor skips statements when the low time bits of
  // its time-based ids wrap during a run (it compares them as strings; they
  // wrap every 7.2 minutes): an id counts as missing only when reading it
  // back by id fails too.
  let missing = expected.filter((id) => !seen.has(id));
  if (missing.length) {
    const listed = missing.length;
    const stillMissing = [];
    for (const id of missing) {
      const r = await get(`statements?statementId=${id}`);
      if (r.status === 200 && JSON.parse(r.body).id === id) seen.set(id, 1);
      else stillMissing.push(id);
    }
    if (stillMissing.length < listed)
      console.error(`lrs_check: ${listed - stillMissing.length} statements were absent from the listing but found by id`);
    missing = stillMissing;
  }
  const extra = [...seen.keys()].filter((id) => !want.has(id));
  if (dups.length) fail(`${dups.length} statements stored more than once, e.g. ${dups[0]}`);
  if (missing.length) fail(`${missing.length} of ${expected.length} statements missing, e.g. ${missing[0]}`);
  if (extra.length) fail(`${extra.length} statements the kiosk did not mean to send, e.g. ${extra[0]}`);
  if (byId) {
    let i = 0;
    const worker = async () => {
      while (i < expected.length) {
        const id = expected[i++];
        const r = await get(`statements?statementId=${id}`);
        if (r.status !== 200) fail(`statement ${id}: HTTP ${r.status}`);
        const s = JSON.parse(r.body);
        if (s.id !== id) fail(`asked for ${id}, got ${s.id}`);
        if (!s.actor || !s.actor.account || s.actor.account.name.length !== 36) fail(`${id}: actor is not pseudonymous`);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  }
  if (dumpFile) fs.writeFileSync(dumpFile, JSON.stringify(all));
  console.log(`lrs_check: the LRS holds exactly the ${expected.length} expected statements, each once` +
    (byId ? '; every one read back by id' : ''));
  process.exit(0);
})().catch((e) => fail(e.stack || String(e)));
