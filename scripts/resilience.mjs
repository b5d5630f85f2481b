// `npm run test:resilience [-- --short] [-- --only=load,crash,…] [-- --database=sqlite|postgres|sqlite,postgres]`:
// proves against the real server (the Node server as `npm start` runs it, on 127.0.0.1 and a free port,
// every loop bounded in count and time) that an acknowledged petition is never lost and that nothing a
// client sends breaks the portal. Without --database, the load and crash parts run on SQLite and on a
// throwaway PostgreSQL (tests/support/postgres-server.ts), the other parts on SQLite; with it, every
// chosen part runs on each database named. Writes bench-results/resilience[-short].json and prints a
// summary table. Exit code 1 on any failed check.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { connect } from 'node:net';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { startServer } from '../tests/e2e/support/server.ts';
import { startPostgres } from '../tests/support/postgres-server.ts';
import { validPetition } from '../tests/resilience/petition-body.mjs';
import { buildCorpus, INERT_TEXTS } from '../tests/resilience/hostile-corpus.mjs';
import { startMailStandin } from '../tests/resilience/mail-standin.mjs';

const short = process.argv.includes('--short');
const onlyArg = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
const only = onlyArg ? new Set(onlyArg.split(',')) : null;
const databaseArg = process.argv.find((a) => a.startsWith('--database='))?.slice(11);
const DATABASES = ['sqlite', 'postgres'];
const chosenDatabases = databaseArg ? databaseArg.split(',') : null;
for (const d of chosenDatabases ?? []) {
  if (!DATABASES.includes(d)) {
    console.error(`--database 只能是 ${DATABASES.join('、')}（可用逗号连接），收到：${d}`);
    process.exit(2);
  }
}
const PART_NAMES = ['load', 'crash', 'mail', 'hostile', 'guess', 'access'];
for (const name of only ?? []) {
  if (!PART_NAMES.includes(name)) {
    console.error(`--only 只能列出 ${PART_NAMES.join('、')}，收到：${name}`);
    process.exit(2);
  }
}
const CFG = short
  ? { load: 300, loadClients: 10, crash: 200, crashClients: 10, mail: 20, guesses: 1500 }
  : { load: 5000, loadClients: 20, crash: 1500, crashClients: 20, mail: 100, guesses: 10000 };
const dist = process.env.DIST_DIR ?? 'dist';
if (!existsSync(`${dist}/index.html`) || !existsSync('build/server.mjs')) {
  console.error(`找不到构建结果 ${dist}/ 或 build/server.mjs，请先运行 npm run build`);
  process.exit(2);
}
// Load runs come from one loopback address: lift the per-client limits there (the guessing part
// runs with the production limits to show they engage). The bot check's default outside DEV_MODE is
// a proof-of-work the browser solves; these clients post JSON as a script would, so it is off.
const BASE_VARS = { CAPTCHA: 'none' };
const HIGH_LIMITS = { ...BASE_VARS, RATE_LIMIT_SUBMIT: '1000000/3600', RATE_LIMIT_TRACK: '1000000/3600' };

const report = { short, config: CFG, started: new Date().toISOString(), parts: {} };
const checks = [];
function check(part, name, ok, detail = '') {
  checks.push({ part, name, ok: Boolean(ok), detail: String(detail) });
  if (!ok) console.error(`  ✗ [${part}] ${name} ${detail}`);
}

const pct = (arr, p) => {
  if (arr.length === 0) return null;
  const s = [...arr].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))].toFixed(1);
};
const norm = (c) =>
  String(c)
    .replace(/[^0-9A-Z]/gi, '')
    .toUpperCase();
const portOf = (url) => Number(new URL(url).port);

// One PostgreSQL for the run, durable (fsync and synchronous commit on) so that what it
// acknowledged is on disk as in production; every part gets a database of its own.
let postgres = null;
async function postgresDatabase(name) {
  postgres ??= await startPostgres({ durable: true });
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(postgres.url);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Where a part keeps its state: a folder (SQLite file, attachments) and, on PostgreSQL, a database. */
async function stateFor(label, database) {
  const persistTo = `.state/resilience/${label}`;
  return database === 'postgres'
    ? { persistTo, databaseUrl: await postgresDatabase(`resilience_${label.replace(/\W/g, '_')}`) }
    : { persistTo };
}

async function submit(base, body, { timeoutMs = 15_000 } = {}) {
  const t0 = performance.now();
  try {
    const r = await fetch(`${base}/api/petitions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await r.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: r.status, json, ms: performance.now() - t0 };
  } catch (e) {
    return { status: 0, error: String(e?.message ?? e), ms: performance.now() - t0 };
  }
}

/** Runs `total` tasks with `clients` concurrent workers; bounded by count and by a deadline. */
async function pool(total, clients, task, deadlineMs) {
  let next = 0;
  const stopAt = Date.now() + deadlineMs;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < total && Date.now() < stopAt) await task(next++);
    }),
  );
  return next;
}

async function partLoad(part, state) {
  const server = await startServer({ ...state, vars: HIGH_LIMITS });
  try {
    const acked = new Map();
    const statuses = {};
    const lat = [];
    const t0 = performance.now();
    const sent = await pool(
      CFG.load,
      CFG.loadClients,
      async (i) => {
        const body = validPetition(i);
        const r = await submit(server.url, body);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        lat.push(r.ms);
        if (r.status === 201 && r.json?.code) acked.set(body.submissionId, r.json.code);
      },
      15 * 60_000,
    );
    const seconds = (performance.now() - t0) / 1000;
    const rows = await server.query('SELECT code, submission_id FROM petitions');
    const byCode = new Map();
    for (const r of rows) byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
    const missing = [...acked.values()].filter((c) => byCode.get(norm(c)) !== 1);
    check(part, `all ${CFG.load} sent`, sent === CFG.load, `sent ${sent}`);
    check(part, 'every request acknowledged with 201', acked.size === sent, JSON.stringify(statuses));
    check(part, 'no 5xx', !Object.keys(statuses).some((s) => Number(s) >= 500), JSON.stringify(statuses));
    check(
      part,
      `every acknowledged code is in ${server.database} exactly once`,
      missing.length === 0,
      `missing ${missing.length}`,
    );
    check(
      part,
      'row count equals acknowledgements',
      rows.length === acked.size,
      `${rows.length} rows vs ${acked.size}`,
    );
    report.parts[part] = {
      database: server.database,
      sent,
      statuses,
      rows: rows.length,
      rps: +(sent / seconds).toFixed(1),
      p50Ms: pct(lat, 50),
      p99Ms: pct(lat, 99),
    };
  } finally {
    await server.stop();
  }
}

async function partCrash(part, state) {
  let server = await startServer({ ...state, vars: HIGH_LIMITS });
  const { secrets } = server;
  const bodies = Array.from({ length: CFG.crash }, (_, i) => validPetition(100_000 + i));
  const acked = new Map();
  let killed = false;
  const killAfter = Math.floor(CFG.crash / 3);
  await pool(
    CFG.crash,
    CFG.crashClients,
    async (i) => {
      if (!killed && acked.size >= killAfter) {
        killed = true;
        process.kill(-server.proc.pid, 'SIGKILL');
      }
      const r = await submit(server.url, bodies[i], { timeoutMs: 5000 });
      if (r.status === 201 && r.json?.code) acked.set(bodies[i].submissionId, r.json.code);
    },
    5 * 60_000,
  );
  check(part, 'server was killed mid-run', killed);
  await new Promise((r) => setTimeout(r, 500));
  // The same data and the same keys: a restart, not a new installation.
  server = await startServer({ ...state, fresh: false, secrets, vars: HIGH_LIMITS });
  try {
    // Every client retries every submission with the same id, as the form does after a failure.
    const retryCodes = new Map();
    const statuses = {};
    await pool(
      bodies.length,
      CFG.crashClients,
      async (i) => {
        const r = await submit(server.url, bodies[i]);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        if (r.json?.code) retryCodes.set(bodies[i].submissionId, r.json.code);
      },
      5 * 60_000,
    );
    const rows = await server.query('SELECT code, submission_id FROM petitions');
    const dbBySub = new Map(rows.map((r) => [r.submission_id, r.code]));
    const lost = [...acked].filter(([sub, code]) => dbBySub.get(sub) !== norm(code));
    const changed = [...acked].filter(([sub, code]) => retryCodes.has(sub) && norm(retryCodes.get(sub)) !== norm(code));
    const subs = new Set(rows.map((r) => r.submission_id));
    check(
      part,
      'every acknowledged petition survived the SIGKILL',
      lost.length === 0,
      `lost ${lost.length} of ${acked.size}`,
    );
    check(
      part,
      'retries with the same submission id get the same code',
      changed.length === 0,
      `changed ${changed.length}`,
    );
    check(part, 'no petition stored twice', subs.size === rows.length, `${rows.length} rows, ${subs.size} ids`);
    check(
      part,
      'after restart every retry is answered 201',
      (statuses[201] ?? 0) === bodies.length,
      JSON.stringify(statuses),
    );
    report.parts[part] = {
      database: server.database,
      ackedBeforeOrDuringCrash: acked.size,
      rowsAfter: rows.length,
      retryStatuses: statuses,
    };
  } finally {
    await server.stop();
  }
}

async function partMail(part, state) {
  const mail = await startMailStandin();
  const server = await startServer({
    ...state,
    vars: { ...HIGH_LIMITS, RESEND_API_KEY: 're_standin_key', RESEND_BASE_URL: mail.url, MAIL_TIMEOUT_MS: '2000' },
  });
  try {
    const acked = [];
    const lat = [];
    for (const [phase, mode] of [
      ['error', 'error'],
      ['hang', 'hang'],
    ]) {
      mail.setMode(mode);
      for (let i = 0; i < CFG.mail / 2; i++) {
        const r = await submit(server.url, validPetition(200_000 + acked.length));
        lat.push(r.ms);
        if (r.status === 201) acked.push(r.json.code);
        else check(part, `petition acknowledged during mail ${phase}`, false, `status ${r.status}`);
      }
    }
    check(
      part,
      'every petition acknowledged during the outage',
      acked.length === CFG.mail,
      `${acked.length}/${CFG.mail}`,
    );
    check(part, 'acknowledged on time during the outage (p99 < 3 s)', pct(lat, 99) < 3000, `p99 ${pct(lat, 99)} ms`);
    mail.setMode('ok');
    // Recovery: process the outbox until nothing is pending (bounded).
    let pending = -1;
    for (let round = 0; round < 60; round++) {
      await fetch(`${server.url}/api/outbox/process`, { method: 'POST', headers: { origin: server.url } }).catch(
        () => undefined,
      );
      pending = Number((await server.query("SELECT COUNT(*) AS n FROM mail_outbox WHERE status <> 'sent'"))[0].n);
      if (pending === 0) break;
      await new Promise((r) => setTimeout(r, 2000));
    }
    const outbox = await server.query('SELECT id, idempotency_key, status FROM mail_outbox');
    const twice = [...mail.state.delivered.values()].filter((n) => n > 1).length;
    const undelivered = outbox.filter((r) => !mail.state.delivered.has(r.idempotency_key));
    check(part, 'after recovery nothing is pending', pending === 0, `pending ${pending}`);
    check(
      part,
      'every outbox mail delivered',
      undelivered.length === 0,
      `undelivered ${undelivered.length} of ${outbox.length}`,
    );
    check(part, 'no mail delivered twice', twice === 0, `${twice} twice`);
    report.parts[part] = {
      database: server.database,
      petitions: acked.length,
      outbox: outbox.length,
      attempts: mail.state.attempts,
      p50Ms: pct(lat, 50),
      p99Ms: pct(lat, 99),
    };
  } finally {
    await server.stop();
    await mail.close();
  }
}

function rawRequest(port, { declared, body }) {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let data = '';
    const done = (status) => {
      sock.destroy();
      resolve(status);
    };
    sock.setTimeout(10_000, () => done(0));
    sock.on('data', (b) => {
      data += b;
      const m = /^HTTP\/1\.\d (\d{3})/.exec(data);
      if (m) done(Number(m[1]));
    });
    sock.on('error', () => done(0));
    sock.on('close', () => done(Number(/^HTTP\/1\.\d (\d{3})/.exec(data)?.[1] ?? 0)));
    sock.write(
      `POST /api/petitions HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\nConnection: close\r\n\r\n${body}`,
    );
    // A body shorter than announced: the server waits for the rest and must not answer 2xx or store
    // anything; after 8 s this client gives up (status 0). The local proxy (miniflare) answers a
    // connection half-closed mid-body with its own 500 before the function runs, so we do not half-close.
    setTimeout(() => done(Number(/^HTTP\/1\.\d (\d{3})/.exec(data)?.[1] ?? 0)), 8000);
  });
}

async function partHostile(part, state) {
  const server = await startServer({ ...state, vars: HIGH_LIMITS });
  try {
    const corpus = buildCorpus();
    const results = [];
    for (const c of corpus) {
      let status = 0;
      let bodyText = '';
      try {
        if (c.kind === 'raw') {
          status = await rawRequest(portOf(server.url), c);
        } else if (c.kind === 'file') {
          const fd = new FormData();
          for (const [k, v] of Object.entries(validPetition(results.length))) fd.append(k, String(v));
          for (let i = 0; i < (c.count ?? 1); i++)
            fd.append('attachments', new Blob([c.file.bytes], { type: c.file.type }), c.file.name);
          const r = await fetch(`${server.url}/api/petitions`, {
            method: 'POST',
            body: fd,
            headers: { accept: 'application/json' },
            signal: AbortSignal.timeout(20_000),
          });
          status = r.status;
          bodyText = await r.text();
        } else if (c.headers.kind === 'multipart-big') {
          const fd = new FormData();
          for (const [k, v] of Object.entries(validPetition(results.length))) fd.append(k, String(v));
          for (let i = 0; i < 6; i++)
            fd.append(
              'attachments',
              new Blob([new Uint8Array(10 * 1024 * 1024)], { type: 'application/pdf' }),
              `big${i}.pdf`,
            );
          const r = await fetch(`${server.url}/api/petitions`, {
            method: 'POST',
            body: fd,
            headers: { accept: 'application/json' },
            signal: AbortSignal.timeout(30_000),
          });
          status = r.status;
          bodyText = await r.text();
        } else {
          const r = await fetch(`${server.url}/api/petitions`, {
            method: 'POST',
            body: c.body,
            headers: { accept: 'application/json', ...c.headers },
            signal: AbortSignal.timeout(20_000),
          });
          status = r.status;
          bodyText = await r.text();
        }
      } catch (e) {
        // The server may close the connection on a body it refuses; that is not a 5xx.
        status = /terminated|socket|ECONNRESET|fetch failed/i.test(String(e?.cause ?? e)) ? 499 : 0;
      }
      let clearJson = true;
      if (bodyText) {
        try {
          const j = JSON.parse(bodyText);
          clearJson = typeof j.error === 'string' || (j.errors && typeof j.errors === 'object');
        } catch {
          clearJson = false;
        }
      }
      results.push({ name: c.name, status, clearJson, harmless: Boolean(c.harmless), raw: c.kind === 'raw' });
    }
    const fiveXX = results.filter((r) => r.status >= 500 && r.status !== 499);
    const noAnswer = results.filter((r) => r.status === 0 && !r.raw);
    const accepted = results.filter((r) => r.status >= 200 && r.status < 300 && !r.harmless);
    const harmlessFailed = results.filter(
      (r) => r.harmless && !(r.status === 201 || (r.status >= 400 && r.status < 500)),
    );
    check(
      part,
      'ignored input (unknown keys, null optionals) is either accepted or refused, never 5xx',
      harmlessFailed.length === 0,
      harmlessFailed.map((r) => `${r.name}:${r.status}`).join(', '),
    );
    const unclear = results.filter((r) => r.status >= 400 && r.status < 500 && r.status !== 499 && !r.clearJson);
    check(part, `corpus has at least 200 requests`, corpus.length >= 200, corpus.length);
    check(part, 'no 5xx', fiveXX.length === 0, fiveXX.map((r) => `${r.name}:${r.status}`).join(', '));
    check(part, 'every request answered', noAnswer.length === 0, noAnswer.map((r) => r.name).join(', '));
    check(part, 'no hostile request accepted', accepted.length === 0, accepted.map((r) => r.name).join(', '));
    check(
      part,
      'every 4xx carries a clear JSON error',
      unclear.length === 0,
      unclear.map((r) => `${r.name}:${r.status}`).join(', '),
    );
    // Hostile text inside otherwise valid petitions is stored as text (rendered inertly elsewhere).
    const inert = [];
    for (const [i, t] of INERT_TEXTS.entries()) {
      const r = await submit(
        server.url,
        validPetition(300_000 + i, { title: t.slice(0, 40), facts: t, request: t, name: t.slice(0, 20) }),
      );
      inert.push(r.status);
    }
    check(
      part,
      'petitions with markup/SQL/formula text are stored (201)',
      inert.every((s) => s === 201),
      inert.join(','),
    );
    const after = await submit(server.url, validPetition(400_000));
    check(part, 'a valid petition right after still succeeds', after.status === 201, after.status);
    const health = await fetch(`${server.url}/api/health`)
      .then((r) => r.status)
      .catch(() => 0);
    check(part, 'server keeps serving', health === 200, health);
    const byStatus = {};
    for (const r of results) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    report.parts[part] = { database: server.database, requests: corpus.length, byStatus };
  } finally {
    await server.stop();
  }
}

async function partGuess(part, state) {
  // Production limits: the tracking limiter must engage early.
  const server = await startServer({
    ...state,
    vars: { ...BASE_VARS, RATE_LIMIT_SUBMIT: '1000000/3600' },
  });
  try {
    for (let i = 0; i < 20; i++) await submit(server.url, validPetition(500_000 + i));
    const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
    const statuses = {};
    let firstLimited = null;
    let found = 0;
    const n = await pool(
      CFG.guesses,
      10,
      async (i) => {
        const code = Array.from({ length: 12 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
        const r = await fetch(`${server.url}/api/track`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ code, phoneLast4: String(Math.floor(Math.random() * 10000)).padStart(4, '0') }),
          signal: AbortSignal.timeout(10_000),
        }).catch(() => ({ status: 0 }));
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        if (r.status === 200) found++;
        if (r.status === 429 && firstLimited === null) firstLimited = i;
      },
      10 * 60_000,
    );
    check(part, `${CFG.guesses} guesses made`, n === CFG.guesses, n);
    check(part, 'no guess finds a petition', found === 0, found);
    check(
      part,
      'rate limit engages within the first 100 guesses',
      firstLimited !== null && firstLimited < 100,
      firstLimited,
    );
    check(part, 'no 5xx', !Object.keys(statuses).some((s) => Number(s) >= 500), JSON.stringify(statuses));
    report.parts[part] = { database: server.database, guesses: n, statuses, firstLimitedAt: firstLimited };
  } finally {
    await server.stop();
  }
}

async function partAccess(part, state) {
  const server = await startServer({ ...state, vars: HIGH_LIMITS });
  try {
    const pet = validPetition(600_000, {
      name: '隐私测试姓名',
      address: '隐私测试住址 88 号',
      email: 'privacy-probe@example.com',
      phone: '13900009999',
    });
    const created = await submit(server.url, pet);
    check(part, 'probe petition created', created.status === 201, created.status);
    const secrets = [pet.name, pet.address, pet.email, pet.phone, '0009999'];
    const publicCalls = [
      ['POST', '/api/petitions', JSON.stringify(pet)],
      ['POST', '/api/track', JSON.stringify({ code: created.json?.code, phoneLast4: '9999' })],
      ['POST', '/api/track', JSON.stringify({ code: created.json?.code, phoneLast4: '0000' })],
      ['GET', created.json?.receiptUrl ?? '/petition/receipt/', null],
      ['GET', '/api/health', null],
    ];
    for (const [method, path, body] of publicCalls) {
      const r = await fetch(server.url + path, {
        method,
        body,
        headers: body ? { 'content-type': 'application/json' } : {},
      });
      const text = await r.text();
      const leaked = secrets.filter((s) => text.includes(s));
      check(part, `${method} ${path.split('?')[0]} carries no personal data`, leaked.length === 0, leaked.join(','));
    }
    // Staff routes: no session, a forged/expired session, and a cross-origin request are refused.
    const staffRoutes = [
      ['GET', '/api/staff/me'],
      ['GET', '/api/staff/meta'],
      ['GET', '/api/staff/cases'],
      ['GET', '/api/staff/cases/export'],
      ['GET', '/api/staff/cases/x'],
      ['POST', '/api/staff/cases/x/actions/register'],
      ['POST', '/api/staff/cases/x/actions/reply'],
      ['GET', '/api/staff/cases/x/attachments/y'],
      ['GET', '/api/staff/templates'],
      ['GET', '/api/staff/admin/staff'],
      ['POST', '/api/staff/admin/staff'],
      ['POST', '/api/staff/logout'],
    ];
    for (const [method, path] of staffRoutes) {
      const none = await fetch(server.url + path, { method, headers: { origin: server.url } });
      check(
        part,
        `${method} ${path} without a session is refused`,
        [401, 403, 404, 405].includes(none.status),
        none.status,
      );
      const forged = await fetch(server.url + path, {
        method,
        headers: { origin: server.url, cookie: `__Host-xf_session=${randomUUID()}` },
      });
      check(
        part,
        `${method} ${path} with an unknown/expired session is refused`,
        [401, 403, 404, 405].includes(forged.status),
        forged.status,
      );
      if (method === 'POST') {
        const cross = await fetch(server.url + path, { method, headers: { origin: 'https://evil.example' } });
        check(
          part,
          `${method} ${path} cross-origin is refused`,
          [401, 403, 404, 405].includes(cross.status),
          cross.status,
        );
      }
    }
    report.parts[part] = { database: server.database, checked: publicCalls.length + staffRoutes.length };
  } finally {
    await server.stop();
  }
}

const parts = {
  load: partLoad,
  crash: partCrash,
  mail: partMail,
  hostile: partHostile,
  guess: partGuess,
  access: partAccess,
};
// The parts that prove durability and concurrency also run on PostgreSQL by default; the others
// test the app's own answers, which do not depend on the database.
const BOTH_DATABASES = new Set(['load', 'crash']);
const deadline = Date.now() + (short ? 10 : 40) * 60_000;
try {
  for (const [name, fn] of Object.entries(parts)) {
    if (only && !only.has(name)) continue;
    for (const database of chosenDatabases ?? (BOTH_DATABASES.has(name) ? DATABASES : ['sqlite'])) {
      // One label per run of a part: `load` on SQLite (the default), `load-postgres` on PostgreSQL.
      const label = database === 'sqlite' ? name : `${name}-${database}`;
      if (Date.now() > deadline) {
        check(label, 'part started within the time budget', false, 'the whole run took too long');
        continue;
      }
      console.log(`\n=== resilience: ${name} (${database}) ===`);
      const t0 = Date.now();
      try {
        await fn(label, await stateFor(label, database));
      } catch (e) {
        check(label, 'part ran to the end', false, e?.stack ?? e);
      }
      report.parts[label] = { ...(report.parts[label] ?? {}), seconds: +((Date.now() - t0) / 1000).toFixed(1) };
    }
  }
} finally {
  await postgres?.stop();
}

report.checks = checks;
report.finished = new Date().toISOString();
mkdirSync('bench-results', { recursive: true });
writeFileSync(`bench-results/resilience${short ? '-short' : ''}.json`, JSON.stringify(report, null, 2) + '\n');
console.log('\n| 部分 | 检查 | 通过 | 未通过 | 用时 |\n| --- | --- | --- | --- | --- |');
for (const name of Object.keys(report.parts)) {
  const c = checks.filter((x) => x.part === name);
  console.log(
    `| ${name} | ${c.length} | ${c.filter((x) => x.ok).length} | ${c.filter((x) => !x.ok).length} | ${report.parts[name].seconds} s |`,
  );
}
const failed = checks.filter((c) => !c.ok).length;
console.log(`resilience: ${checks.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
