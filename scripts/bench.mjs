// `npm run bench [-- site search functions peer] [-- --quick]`: build/index time and peak memory (real
// site and 1,000 generated pages), compressed page weight per page type, Pagefind index size, search
// latency, the app's benchmark (scripts/bench-functions.mjs: Node+SQLite, Node+PostgreSQL and wrangler)
// and the peer comparison. Writes bench-results/bench.json and docs/benchmarks.md, and prints them.
// --quick tries the machinery: the app's bench in its quick form, no 1,000-page build and no peer
// unless named, results in bench-results/bench-quick.json, docs/benchmarks.md left as it is.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import {
  measure,
  machine,
  cpuBaselineMs,
  generatedGuides,
  pageWeight,
  dirBytes,
  functionSection,
} from './bench-lib.mjs';

const root = resolve(import.meta.dirname, '..');
const work = '/tmp/xf-bench';
const env = {
  ...process.env,
  ASTRO_TELEMETRY_DISABLED: '1',
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
};
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const quick = process.argv.includes('--quick');
// --quick leaves out the two long builds (1,000 generated pages, the Starlight peer) unless named.
const want = (part) => (only.length === 0 ? !(quick && part === 'peer') : only.includes(part));

mkdirSync(join(root, 'bench-results'), { recursive: true });
const resultsPath = join(root, 'bench-results', quick ? 'bench-quick.json' : 'bench.json');
const results = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {};
results.machine = machine();
results.date = new Date().toISOString();
results.baseline = { cpuLoopMs: cpuBaselineMs() };

async function buildSite(projectRoot, distDir) {
  rmSync(distDir, { recursive: true, force: true });
  const e = { ...env, DIST_DIR: distDir, ASTRO_CACHE_DIR: join(work, 'cache-' + Math.random().toString(36).slice(2)) };
  const astro = await measure('npx', ['astro', 'build', '--root', projectRoot], { env: e, cwd: root });
  let index = { seconds: 0, peakMiB: 0 };
  if (existsSync(join(root, 'scripts/build-search.mjs')))
    index = await measure('node', [join(root, 'scripts/build-search.mjs')], { env: e, cwd: root });
  const pages = astro.output.match(/(\d+) page\(s\) built/)?.[1];
  return {
    pages: pages ? Number(pages) : null,
    buildSeconds: astro.seconds,
    indexSeconds: index.seconds,
    totalSeconds: +(astro.seconds + index.seconds).toFixed(2),
    peakMiB: Math.max(astro.peakMiB, index.peakMiB),
  };
}

function firstPage(distDir, prefix) {
  const dir = join(distDir, prefix);
  if (!existsSync(dir)) return null;
  const sub = readdirSync(dir, { withFileTypes: true }).find(
    (d) => d.isDirectory() && existsSync(join(dir, d.name, 'index.html')),
  );
  return sub ? `${prefix}${sub.name}/` : null;
}

function makeGeneratedProject(n) {
  const gen = join(work, 'gen');
  rmSync(gen, { recursive: true, force: true });
  mkdirSync(gen, { recursive: true });
  // Astro resolves modules by real path: a symlinked src/ confuses its compile cache, so copy the
  // project files and link only node_modules.
  symlinkSync(join(root, 'node_modules'), join(gen, 'node_modules'));
  for (const name of ['src', 'public', 'astro.config.mjs', 'package.json', 'tsconfig.json']) {
    cpSync(join(root, name), join(gen, name), { recursive: true });
  }
  cpSync(join(root, 'content'), join(gen, 'content'), { recursive: true });
  const law = readFileSync(join(root, 'content/law/xinfang-gongzuo-tiaoli.mdx'), 'utf8');
  for (const [i, g] of generatedGuides(n, law).entries()) {
    writeFileSync(
      join(gen, 'content/guides', `${g.slug}.mdx`),
      `---\ntitle: ${g.title}\ndescription: ${g.description}\nupdated: 2026-11-01\norder: ${1000 + i}\n---\n\n${g.body}`,
    );
  }
  return gen;
}

if (want('site')) {
  console.log('构建真实站点 …');
  const realDist = join(work, 'dist-real');
  results.realSite = await buildSite(root, realDist);
  results.realSite.pagefindIndexBytes = existsSync(join(realDist, 'pagefind'))
    ? dirBytes(join(realDist, 'pagefind'))
    : null;
  const types = {
    home: '/',
    law: '/law/xinfang-gongzuo-tiaoli/',
    guide: firstPage(realDist, '/guide/'),
    schedules: '/schedules/',
    schedule: firstPage(realDist, '/schedules/'),
    notice: firstPage(realDist, '/notices/'),
    search: '/search/',
    petition: '/petition/',
    track: '/track/',
  };
  results.pageWeightGzipBytes = Object.fromEntries(
    Object.entries(types)
      .filter(([, p]) => p)
      .map(([k, p]) => [k, { path: p, ...pageWeight(realDist, p) }]),
  );

  if (!quick) {
    console.log('构建 1,000 个生成页面 …');
    const gen = makeGeneratedProject(1000);
    results.generated1000 = await buildSite(gen, join(work, 'dist-gen'));
    results.generated1000.targetSeconds = 60;
    results.generated1000.ratioToCpuBaseline = +(
      (results.generated1000.totalSeconds * 1000) /
      results.baseline.cpuLoopMs
    ).toFixed(1);
  }
}

if (want('search') && existsSync(join(root, 'scripts/bench-search.mjs'))) {
  const r = spawnSync('node', [join(root, 'scripts/bench-search.mjs'), join(work, 'dist-real')], {
    env,
    encoding: 'utf8',
  });
  if (r.status === 0) results.search = JSON.parse(r.stdout.trim().split('\n').pop());
  else console.error(r.stderr);
}

// The peer script compares with the figures above, so save them before it runs.
writeFileSync(resultsPath, JSON.stringify(results, null, 2) + '\n');

for (const [part, script, file] of [
  ['functions', 'scripts/bench-functions.mjs', quick ? 'functions-quick.json' : 'functions.json'],
  ['peer', 'scripts/bench-peer.mjs', 'peer.json'],
]) {
  if (!want(part) || !existsSync(join(root, script))) continue;
  console.log(`运行 ${script} …`);
  const p = join(root, 'bench-results', file);
  rmSync(p, { force: true });
  const r = spawnSync('node', [join(root, script), ...(quick ? ['--quick'] : [])], { env, stdio: 'inherit' });
  // The app's bench writes what it measured even when a step failed (its `errors` say which).
  if (existsSync(p)) results[part] = JSON.parse(readFileSync(p, 'utf8'));
  else results[part] = { error: `${script} exited ${r.status}` };
}

writeFileSync(resultsPath, JSON.stringify(results, null, 2) + '\n');

const rows = [];
const kb = (b) => (b == null ? '–' : `${(b / 1024).toFixed(1)} KB`);
if (results.realSite) {
  const r = results.realSite;
  rows.push(['真实站点构建+索引', `${r.totalSeconds} s（${r.pages} 页）`, `峰值内存 ${r.peakMiB} MiB`, '']);
  rows.push(['Pagefind 索引大小', kb(r.pagefindIndexBytes), '', '']);
}
if (results.generated1000) {
  const g = results.generated1000;
  rows.push([
    '1,000 生成页构建+索引',
    `${g.totalSeconds} s`,
    `峰值内存 ${g.peakMiB} MiB`,
    `目标 < 60 s：${g.totalSeconds < 60 ? '达标' : '未达标'}`,
  ]);
}
for (const [k, w] of Object.entries(results.pageWeightGzipBytes ?? {})) {
  rows.push([
    `页面重量 ${k}（gzip）`,
    kb(w.total),
    `HTML ${kb(w.html)} / CSS ${kb(w.css)} / JS ${kb(w.js)}`,
    k === 'guide' ? `目标 < 40 KB：${w.total < 40960 ? '达标' : '未达标'}` : '',
  ]);
}
if (results.search)
  rows.push([
    '搜索延迟（Node）',
    `p50 ${results.search.p50Ms} ms`,
    `p99 ${results.search.p99Ms} ms`,
    `${results.search.queries} 个查询`,
  ]);
if (results.peer && !results.peer.error) {
  rows.push([
    '对比 Starlight（1,000 页）',
    `构建时间比 ${results.peer.buildRatio}（${results.generated1000?.totalSeconds} s / ${results.peer.starlight.totalSeconds} s）`,
    `指南页重量比 ${results.peer.guideWeightRatio}`,
    '目标均 ≤ 1.0',
  ]);
}
const appSection = results.functions && !results.functions.error ? functionSection(results.functions) : [];

// The figures measured by hand (Lighthouse runs, the phone's timings) sit between these markers and are
// carried over from the current file, so that a bench run never drops them.
const HAND_START = '<!-- measured by hand: npm run bench keeps this part as it is -->';
const HAND_END = '<!-- end of the part measured by hand -->';
const benchmarksMd = join(root, 'docs', 'benchmarks.md');
const current = existsSync(benchmarksMd) ? readFileSync(benchmarksMd, 'utf8') : '';
const handAt = current.indexOf(HAND_START);
const handEnd = current.indexOf(HAND_END);
const byHand = handAt >= 0 && handEnd > handAt ? [current.slice(handAt, handEnd + HAND_END.length), ''] : [];

const m = results.machine;
const md = [
  '# 基准测试结果 / Benchmarks',
  '',
  `由 \`npm run bench\` 生成于 ${results.date}。机器：${m.cpus} 核 ${m.cpuModel}，${m.memoryGiB} GiB 内存，Node ${m.node}，${m.platform}。`,
  `CPU 基准循环：${results.baseline.cpuLoopMs} ms（与机器相关的数字可用它换算比较）。完整数据见 bench-results/bench.json。`,
  '',
  '| 项目 | 结果 | 细项 | 目标 |',
  '| --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
  ...byHand,
  ...appSection,
].join('\n');
if (!quick) writeFileSync(benchmarksMd, md);
console.log('\n' + md);
