// Peer benchmark: the same 1,000 generated pages built as a plain @astrojs/starlight site, installed in
// the bench-only workspace bench/starlight (not a dependency of the portal). Compares build+index time
// with ours (measured by scripts/bench.mjs in the same run) and the weight of a guide page.
// Writes bench-results/peer.json.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { measure, generatedGuides, pageWeight } from './bench-lib.mjs';

const root = resolve(import.meta.dirname, '..');
const peer = join(root, 'bench', 'starlight');
const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };

if (!existsSync(join(peer, 'node_modules', '@astrojs', 'starlight'))) {
  console.log('安装 Starlight 对照工作区（仅用于基准测试）…');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: peer, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const docs = join(peer, 'src', 'content', 'docs');
rmSync(docs, { recursive: true, force: true });
mkdirSync(join(docs, 'guide'), { recursive: true });
writeFileSync(join(docs, 'index.md'), '---\ntitle: 示例县信访局\n---\n\n对照站点首页。\n');
const law = readFileSync(join(root, 'content/law/xinfang-gongzuo-tiaoli.mdx'), 'utf8');
for (const g of generatedGuides(1000, law)) {
  writeFileSync(
    join(docs, 'guide', `${g.slug}.md`),
    `---\ntitle: ${g.title}\ndescription: ${g.description}\n---\n\n${g.body}`,
  );
}

const dist = '/tmp/xf-bench/dist-starlight';
rmSync(dist, { recursive: true, force: true });
// Starlight runs Pagefind inside `astro build`, so this is build + index, like ours.
const run = await measure('npx', ['astro', 'build'], { cwd: peer, env: { ...env, DIST_DIR: dist } });
const starlight = {
  totalSeconds: run.seconds,
  peakMiB: run.peakMiB,
  guidePage: pageWeight(dist, '/guide/bench-0000/'),
};

const benchJson = join(root, 'bench-results', 'bench.json');
const ours = existsSync(benchJson) ? JSON.parse(readFileSync(benchJson, 'utf8')) : {};
const oursGen = ours.generated1000;
const oursGuide = existsSync('/tmp/xf-bench/dist-gen')
  ? pageWeight('/tmp/xf-bench/dist-gen', '/guide/bench-0000/')
  : null;
const result = {
  starlight,
  ours: { totalSeconds: oursGen?.totalSeconds ?? null, guidePage: oursGuide },
  buildRatio: oursGen ? +(oursGen.totalSeconds / starlight.totalSeconds).toFixed(2) : null,
  guideWeightRatio: oursGuide && starlight.guidePage ? +(oursGuide.total / starlight.guidePage.total).toFixed(2) : null,
  target: 'both ratios ≤ 1.0',
};
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'peer.json'), JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
