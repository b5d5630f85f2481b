// Throughput and latency of the petition functions under `wrangler pages dev` on loopback, each as a
// ratio to the trivial GET /api/health measured in the same run on the same machine (absolute numbers
// depend on the machine; the ratios much less). Bounded in time: a few seconds per endpoint.
//
//   node scripts/bench-functions.mjs [--short]
//
// Env: DIST_DIR (static site to serve; any build works, only the functions are measured),
// BENCH_PORT (default 8804), BENCH_SECONDS (default 8; --short: 3), BENCH_CONNECTIONS (default 10).
// Writes bench-results/functions.json. Targets (issue 3): submit >= 50 % and track >= 70 % of the
// trivial function's throughput; p99 < 100 ms at 10 concurrent clients. The trivial function is
// measured around each endpoint, and GET /api/ready (one `SELECT 1` on D1) is measured as a control.
import autocannon from 'autocannon';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import os from 'node:os';
import { startServer } from '../tests/e2e/support/server.ts';
import { validPetition } from '../tests/resilience/petition-body.mjs';

const root = resolve(import.meta.dirname, '..');
const short = process.argv.includes('--short');
const seconds = Number(process.env.BENCH_SECONDS ?? (short ? 3 : 8));
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
const port = Number(process.env.BENCH_PORT ?? 8804);

function staticDir() {
  for (const d of [process.env.DIST_DIR, '/tmp/xf-bench/dist-real', join(root, 'dist')]) {
    if (d && existsSync(join(d, 'index.html'))) return d;
  }
  // The functions do not need the pages for JSON requests: an almost empty site will do.
  const empty = '/tmp/xf-bench/dist-functions-only';
  mkdirSync(empty, { recursive: true });
  writeFileSync(join(empty, 'index.html'), '<!doctype html><html lang="zh-CN"><title>bench</title></html>');
  return empty;
}

const dist = staticDir();
process.env.DIST_DIR = dist;
console.log(`函数基准：wrangler pages dev（${dist}），端口 ${port}，${connections} 个并发连接，每项 ${seconds} 秒`);

// The limits protect production from floods; a benchmark is a flood by design, so they are raised
// here (the limit check itself still runs on every request, one D1 upsert, as in production).
const server = await startServer({
  port,
  persistTo: join(root, '.wrangler/bench-functions'),
  vars: {
    RATE_LIMIT_SUBMIT: '100000000/3600',
    RATE_LIMIT_TRACK: '100000000/3600',
    RATE_LIMIT_TRACK_CODE: '100000000/3600',
  },
});

// Every call a new submission id; no email, so no receipt mail (the staff notice is still written).
const petition = () => validPetition(0, { email: '' });

function run(title, opts) {
  return new Promise((resolvePromise, reject) => {
    autocannon({ url: server.url, connections, duration: seconds, ...opts }, (err, r) => {
      if (err) return reject(err);
      const result = {
        requestsPerSecond: +r.requests.average.toFixed(1),
        p50Ms: r.latency.p50,
        p99Ms: r.latency.p99,
        requests: r.requests.total,
        non2xx: r.non2xx,
        errors: r.errors + r.timeouts,
      };
      console.log(
        `${title.padEnd(8)} ${String(result.requestsPerSecond).padStart(8)} 次/秒  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  非 2xx ${result.non2xx}`,
      );
      resolvePromise(result);
    });
  });
}

const results = {
  date: new Date().toISOString(),
  connections,
  durationSeconds: seconds,
  // On a shared machine the absolute figures move with the load; the ratios much less.
  cpus: os.cpus().length,
  loadAverageAtStart: os.loadavg().map((x) => +x.toFixed(2)),
  server: 'wrangler pages dev (workerd, local D1), loopback',
};
try {
  // One petition to track, made through the API like any other.
  const created = await fetch(`${server.url}/api/petitions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(petition()),
  });
  if (created.status !== 201)
    throw new Error(`could not create a petition to track: ${created.status} ${await created.text()}`);
  const { code } = await created.json();

  // Warm-up so the first measured requests do not pay for bundling and isolate start.
  await run('warm-up', { duration: 1, url: `${server.url}/api/health` });

  // The trivial function is measured before and after each endpoint, and each endpoint is compared
  // with the mean of its two neighbours: on a shared 2-core machine the absolute rate drifts by
  // ±10 % within a minute, which a single baseline at the start would put into the ratios.
  const healthRuns = [];
  const baseline = async () => {
    const h = await run('health', { url: `${server.url}/api/health` });
    healthRuns.push(h);
    return h.requestsPerSecond;
  };
  const compared = async (title, opts) => {
    const before = await baseline();
    const r = await run(title, opts);
    const after = await baseline();
    const neighbours = (before + after) / 2;
    return {
      ...r,
      baselineRequestsPerSecond: +neighbours.toFixed(1),
      ratioToHealth: +(r.requestsPerSecond / neighbours).toFixed(2),
    };
  };

  results.submit = await compared('submit', {
    url: `${server.url}/api/petitions`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // Every request a new submission (a repeated submissionId would only measure the idempotent replay).
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(petition()) }) }],
  });
  results.track = await compared('track', {
    url: `${server.url}/api/track`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, phoneLast4: petition().phone.slice(-4) }),
  });
  // Control: the readiness probe, whose whole work is one `SELECT 1` on D1. No function that reads
  // or writes D1 once per request can go faster here; its ratio is the ceiling for submit and track
  // on this machine (local D1 runs in the same workerd thread as the functions).
  results.oneD1Query = await compared('ready', { url: `${server.url}/api/ready` });
  const avg = (k) => +(healthRuns.reduce((a, h) => a + h[k], 0) / healthRuns.length).toFixed(1);
  results.health = {
    requestsPerSecond: avg('requestsPerSecond'),
    p50Ms: avg('p50Ms'),
    p99Ms: Math.max(...healthRuns.map((h) => h.p99Ms)),
    requests: healthRuns.reduce((a, h) => a + h.requests, 0),
    non2xx: healthRuns.reduce((a, h) => a + h.non2xx, 0),
    errors: healthRuns.reduce((a, h) => a + h.errors, 0),
    runs: healthRuns.map((h) => h.requestsPerSecond),
  };

  // Staff inbox: sign in the way staff do (link from the local outbox), then list the cases.
  const origin = server.url;
  const asked = await fetch(`${origin}/api/staff/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email: 'admin@example.gov.cn' }),
  });
  if (asked.status !== 202) throw new Error(`staff sign-in request failed: ${asked.status}`);
  const outbox = await (await fetch(`${origin}/dev/outbox/`)).text();
  const token = /staff\/login\/\?token=([A-Za-z0-9_-]{43})/.exec(outbox)?.[1];
  if (!token) throw new Error('no sign-in link in the local outbox (is DEV_MODE=1 in .dev.vars?)');
  const confirmed = await fetch(`${origin}/api/staff/login/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ token }),
  });
  const cookie = (confirmed.headers.get('set-cookie') ?? '').split(';')[0];
  if (confirmed.status !== 200 || !cookie) throw new Error(`staff sign-in failed: ${confirmed.status}`);
  results.staffList = await run('staff list', {
    url: `${origin}/api/staff/cases`,
    headers: { cookie, origin },
  });

  results.staffList.ratioToHealth = +(results.staffList.requestsPerSecond / results.health.requestsPerSecond).toFixed(
    2,
  );
  results.targets = { submitRatio: 0.5, trackRatio: 0.7, p99Ms: 100 };
  results.met = {
    submitRatio: results.submit.ratioToHealth >= 0.5,
    trackRatio: results.track.ratioToHealth >= 0.7,
    submitP99: results.submit.p99Ms < 100,
    trackP99: results.track.p99Ms < 100,
    no5xxOrErrors: [results.health, results.submit, results.track, results.oneD1Query, results.staffList].every(
      (r) => r.non2xx === 0 && r.errors === 0,
    ),
  };
  console.log(
    `提交/基线 ${results.submit.ratioToHealth}（目标 ≥ 0.5），查询/基线 ${results.track.ratioToHealth}（目标 ≥ 0.7），` +
      `单次 D1 查询/基线 ${results.oneD1Query.ratioToHealth}（任何读写一次 D1 的函数在本机的上限）`,
  );
} finally {
  results.loadAverageAtEnd = os.loadavg().map((x) => +x.toFixed(2));
  await server.stop();
}

mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'functions.json'), JSON.stringify(results, null, 2) + '\n');
console.log('结果已写入 bench-results/functions.json');
