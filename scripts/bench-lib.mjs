// Shared helpers for `npm run bench`: run a command while sampling the peak resident memory of its
// whole process tree from /proc (Linux), and gzip sizes.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import os from 'node:os';

function treeRssKb(rootPid) {
  let total = 0;
  const children = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch {
      /* process ended while we looked */
    }
  }
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop();
    try {
      const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total += Number(m[1]);
    } catch {
      /* gone */
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Runs a command; resolves with wall time (s) and the peak RSS (MiB) summed over its process tree. */
export function measure(cmd, args, opts = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { stdio: opts.quiet === false ? 'inherit' : 'pipe', ...opts });
    let out = '';
    child.stdout?.on('data', (b) => (out += b));
    child.stderr?.on('data', (b) => (out += b));
    let peak = 0;
    const timer = setInterval(() => {
      peak = Math.max(peak, treeRssKb(child.pid));
    }, 50);
    child.on('exit', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} failed (${code}):\n${out.slice(-4000)}`));
      else resolve({ seconds: +seconds.toFixed(2), peakMiB: +(peak / 1024).toFixed(1), output: out });
    });
  });
}

export const gzipBytes = (buf) => gzipSync(buf, { level: 9 }).length;

export function machine() {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

/** A CPU-bound baseline (fixed work) so machine-dependent figures can be given as ratios. */
export function cpuBaselineMs() {
  const t0 = performance.now();
  let x = 0;
  for (let i = 0; i < 2e7; i++) x = (x * 31 + i) % 1000003;
  if (x < 0) console.log(x);
  return +(performance.now() - t0).toFixed(1);
}

/** The same n generated guide pages for our site and for the peer: text taken from the regulation. */
export function generatedGuides(n, lawText) {
  const paras = lawText.split('\n').filter((l) => /^[^#<{\-|>]/.test(l) && l.length > 30);
  return Array.from({ length: n }, (_, i) => {
    const body = Array.from({ length: 12 }, (_, j) => paras[(i * 7 + j * 13) % paras.length]).join('\n\n');
    return {
      slug: `bench-${String(i).padStart(4, '0')}`,
      title: `基准测试指南 ${i} 号：信访事项办理说明`,
      description: `用于构建基准测试的生成页面（第 ${i} 页）。`,
      body: `## 说明\n\n${body}\n\n## 时限\n\n${body.slice(0, 400)}\n`,
    };
  });
}

export function dirBytes(dir) {
  let n = 0;
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    n += f.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return n;
}

/** HTML plus every CSS/JS file the page loads before any interaction, each gzip-compressed. */
export function pageWeight(distDir, urlPath) {
  const file = join(distDir, urlPath, urlPath.endsWith('/') ? 'index.html' : '');
  if (!existsSync(file)) return null;
  const html = readFileSync(file);
  const text = html.toString();
  const assets = new Set();
  for (const m of text.matchAll(/<link[^>]+rel="stylesheet"[^>]*href="([^"]+)"/g)) assets.add(m[1]);
  for (const m of text.matchAll(/<script[^>]+src="([^"]+)"/g)) assets.add(m[1]);
  for (const m of text.matchAll(/(?:component-url|renderer-url|before-hydration-url)="([^"]+)"/g))
    if (m[1]) assets.add(m[1]);
  for (const m of text.matchAll(/import\s*\(?\s*["'](\/[^"']+\.js)["']/g)) assets.add(m[1]);
  // Follow static imports between JS chunks.
  const queue = [...assets].filter((a) => a.endsWith('.js'));
  while (queue.length) {
    const a = queue.pop();
    const p = join(distDir, a);
    if (!existsSync(p)) continue;
    const js = readFileSync(p, 'utf8');
    for (const m of js.matchAll(/(?:^|[;\s])import\s*(?:[\w*{}\s,$]+from\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
      const dep = resolve(dirname(a), m[1]);
      if (!assets.has(dep)) {
        assets.add(dep);
        queue.push(dep);
      }
    }
  }
  let css = 0;
  let js = 0;
  for (const a of assets) {
    const p = join(distDir, a);
    if (!existsSync(p) || a.startsWith('/pagefind/')) continue;
    const b = gzipBytes(readFileSync(p));
    if (a.endsWith('.css')) css += b;
    else js += b;
  }
  const h = gzipBytes(html);
  return { html: h, css, js, total: h + css + js };
}
