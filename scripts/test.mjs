// `npm test`: every suite, in order. Each step runs even if an earlier one failed (except that
// steps needing dist/ are skipped when the build fails); exits non-zero if anything failed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = {
  ...process.env,
  ASTRO_TELEMETRY_DISABLED: '1',
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
};

const steps = [
  { name: 'unit + content', cmd: ['npx', 'vitest', 'run', '-c', 'vitest.unit.config.ts'] },
  { name: 'database port (SQLite + PostgreSQL)', cmd: ['npx', 'vitest', 'run', '-c', 'vitest.platform.config.ts'] },
  { name: 'ops (SQLite + PostgreSQL + local D1)', cmd: ['npx', 'vitest', 'run', '-c', 'vitest.ops.config.ts'] },
  { name: 'functions (Node + SQLite)', cmd: ['npx', 'vitest', 'run', '-c', 'vitest.functions-node.config.ts'] },
  {
    name: 'functions (Node + PostgreSQL)',
    cmd: ['npx', 'vitest', 'run', '-c', 'vitest.functions-node.config.ts'],
    env: { FUNCTIONS_DATABASE: 'postgres' },
  },
  {
    name: 'functions (Node + SQLite, 国密 SM4/SM3 suite)',
    cmd: ['npx', 'vitest', 'run', '-c', 'vitest.functions-node.config.ts'],
    env: { FUNCTIONS_CRYPTO_SUITE: 'sm' },
  },
  { name: 'functions (workerd + D1)', cmd: ['npx', 'vitest', 'run', '-c', 'vitest.functions.config.ts'] },
  { name: 'build', cmd: ['npm', 'run', 'build'], build: true },
  { name: 'site checks', cmd: ['npx', 'vitest', 'run', '-c', 'vitest.site.config.ts'], needsBuild: true },
  { name: 'browser + axe', cmd: ['npx', 'vitest', 'run', '-c', 'vitest.e2e.config.ts'], needsBuild: true },
  {
    name: 'resilience (short)',
    cmd: ['npm', 'run', 'test:resilience', '--', '--short'],
    needsBuild: true,
    if: 'scripts/resilience.mjs',
  },
  { name: 'typecheck + lint', cmd: ['npm', 'run', 'check'] },
];

const results = [];
let built = true;
for (const step of steps) {
  if (step.if && !existsSync(step.if)) continue;
  if (step.needsBuild && !built) {
    results.push({ name: step.name, status: 'skipped (build failed)' });
    continue;
  }
  console.log(`\n=== ${step.name} ===`);
  const t0 = Date.now();
  const { code, failures } = await run(step.cmd, { ...env, ...step.env });
  const ok = code === 0;
  if (step.build && !ok) built = false;
  results.push({
    name: step.name,
    status: ok ? 'passed' : 'FAILED',
    seconds: ((Date.now() - t0) / 1000).toFixed(1),
    failures: ok ? [] : failures,
  });
}

// Runs one step, passing its output through, and keeps the lines that say what failed, so the
// summary at the end (often all a CI log shows) names the failing tests and their first error.
function run(cmd, stepEnv) {
  return new Promise((resolve) => {
    const child = spawn(cmd[0], cmd.slice(1), { stdio: ['inherit', 'pipe', 'pipe'], env: stepEnv });
    const failures = [];
    let after = 0;
    let tail = [];
    const keep = (text) => {
      for (const raw of text.split('\n')) {
        // Colour codes off (ESC [ … m), so the patterns below see the words.
        const line = raw.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
        tail.push(line);
        if (tail.length > 30) tail = tail.slice(-30);
        if (/^\s*(FAIL|×|✗)\s|^\s*(AssertionError|Error|TypeError):|Unhandled|^\s*❯ .*:\d+:\d+/.test(line)) {
          after = 6;
        }
        if (after > 0 && failures.length < 120) {
          failures.push(line);
          after -= 1;
        }
      }
    };
    for (const [from, to] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      from.setEncoding('utf8');
      from.on('data', (chunk) => {
        to.write(chunk);
        keep(chunk);
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, failures: failures.length > 0 ? failures : tail }));
  });
}

for (const r of results.filter((x) => x.failures?.length)) {
  console.log(`\n--- what failed in ${r.name} ---`);
  for (const line of r.failures) console.log(line);
}
console.log('\n=== summary ===');
for (const r of results) console.log(`${r.status.padEnd(24)} ${r.name}${r.seconds ? ` (${r.seconds} s)` : ''}`);
const failed = results.filter((r) => r.status !== 'passed').length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
