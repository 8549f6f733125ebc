// node-postgres clients for make-real-captures.sh: node node_cases.js CASE
// (npm install in this folder first). User app, database app, trust auth, 127.0.0.1:5432.
'use strict';
const { Client } = require('pg');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const say = (who, what) => console.log(`${who}: ${what}`);
const describe = (e) => `ERROR ${e.code} ${e.severity || ''} ${e.message}`;

function client() {
  const c = new Client({ host: '127.0.0.1', port: 5432, user: 'app', database: 'app' });
  // node-postgres reads the socket all the time: a FATAL that arrives while the client is idle
  // is emitted as an 'error' event (the process would die on an unhandled one)
  c.on('error', (e) => say('C event', describe(e)));
  return c;
}

async function idleSessionTimeout() {
  const c = client();
  await c.connect();
  await c.query("SET idle_session_timeout = '500ms'");
  await sleep(1500);
  try {
    const r = await c.query('SELECT 1 AS one');
    say('C', JSON.stringify(r.rows));
  } catch (e) {
    say('C', describe(e));
  }
  await c.end().catch((e) => say('C end', describe(e)));
}

async function statementTimeoutRole() {
  // the role has statement_timeout = 200ms (ALTER ROLE, outside the capture)
  const c = client();
  await c.connect();
  try {
    await c.query('SELECT pg_sleep(1)');
    say('C', 'pg_sleep returned');
  } catch (e) {
    say('C', describe(e));
  }
  const r = await c.query('SELECT 1 AS one');
  say('C', JSON.stringify(r.rows));
  await c.end();
}

const cases = { 'idle-session-timeout': idleSessionTimeout, 'statement-timeout-role': statementTimeoutRole };
cases[process.argv[2]]().catch((e) => {
  console.error(e);
  process.exit(1);
});
