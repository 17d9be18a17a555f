// Client-info endpoint for Learning Locker's "fetch" auth repo, so the test
// LRS checks credentials for real: Basic test:test and "Bearer <token>" are
// accepted, anything else is unknown (the LRS answers 401).
// Usage: node lrs_auth.js PORT_FILE BEARER_TOKEN   (listens on a free port, writes it to PORT_FILE)
'use strict';
const http = require('http');
const { listenAll } = require('./listen');

const portFile = process.argv[2];
const token = process.argv[3] || '';
const basic = 'Basic ' + Buffer.from('test:test').toString('base64');
const client = {
  _id: '58fe13e34effd3c26a7fc4b7',
  title: 'HọcSố test client',
  authority: { objectType: 'Agent', mbox: 'mailto:client@example.org' },
  isTrusted: true,
  lrs_id: '58fe13e34effd3c26a7fc4b7',
  organisation: '58fe13e34effd3c26a7fc4b6',
  scopes: ['all'],
};

const server = http.createServer((req, res) => {
  const auth = req.headers.authorization || '';
  if (auth === basic || (token !== '' && auth === 'Bearer ' + token)) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(client));
  } else {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"message":"unknown client"}');
  }
});
listenAll([server], portFile);
