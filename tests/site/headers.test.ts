// The security headers in the built dist/_headers, and the HTML they must fit: a CSP that allows
// scripts only from this origin is worthless if a page relies on an inline script it blocks, so
// every inline <script> in the built site must be allowed by its hash, and no page may carry
// inline event handlers (onclick=…), which no hash can allow.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const dist = resolve(process.env.DIST_DIR ?? 'dist');

/** Parses Cloudflare Pages' _headers format: a path line, then indented "Name: value" lines. */
function parseHeaders(text: string): Map<string, Map<string, string>> {
  const rules = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      current = new Map();
      rules.set(line.trim(), current);
      continue;
    }
    const i = line.indexOf(':');
    if (!current || i < 0) throw new Error(`_headers: header line outside a rule or without a colon: ${line}`);
    current.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return rules;
}

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.html') ? [p] : [];
  });
}

const headersFile = join(dist, '_headers');
const rules = existsSync(headersFile)
  ? parseHeaders(readFileSync(headersFile, 'utf8'))
  : new Map<string, Map<string, string>>();
const all = rules.get('/*') ?? new Map<string, string>();
const csp = directives(all.get('content-security-policy') ?? '');

describe('security headers in dist/_headers', () => {
  it('has a rule for every path', () => {
    expect(existsSync(headersFile), `${headersFile} is copied from public/_headers by the build`).toBe(true);
    expect(rules.has('/*')).toBe(true);
  });

  it('sets a Content-Security-Policy that keeps scripts to this origin', () => {
    expect(csp.get('default-src')).toEqual(["'self'"]);
    const script = csp.get('script-src') ?? [];
    expect(script).toContain("'self'");
    expect(script).not.toContain("'unsafe-inline'");
    expect(script).not.toContain("'unsafe-eval'");
    expect(script.filter((s) => !s.startsWith("'sha256-"))).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
  });

  it('forbids framing, both by CSP and by X-Frame-Options', () => {
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(all.get('x-frame-options')).toBe('DENY');
  });

  it('sets HSTS for at least a year, nosniff, a referrer policy and a permissions policy', () => {
    const hsts = all.get('strict-transport-security') ?? '';
    const maxAge = Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0);
    expect(maxAge).toBeGreaterThanOrEqual(31_536_000);
    expect(hsts).toContain('includeSubDomains');
    expect(all.get('x-content-type-options')).toBe('nosniff');
    // same-origin: no address (which may carry a tracking code) leaks to other sites, and
    // same-origin POSTs keep their Origin header for CSRF checks (no-referrer would send "null").
    expect(all.get('referrer-policy')).toBe('same-origin');
    const pp = all.get('permissions-policy') ?? '';
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment']) expect(pp).toContain(`${feature}=()`);
  });
});

describe('the built pages fit the policy', () => {
  const pages = existsSync(dist) ? walk(dist) : [];
  const allowed = new Set((csp.get('script-src') ?? []).filter((s) => s.startsWith("'sha256-")));

  it('allows every inline script by its hash', () => {
    expect(pages.length).toBeGreaterThan(10);
    const missing = new Map<string, string>();
    for (const file of pages) {
      const html = readFileSync(file, 'utf8');
      for (const m of html.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)) {
        const body = m[1]!;
        if (body === '' || /type="application\/(ld\+)?json"/.test(m[0])) continue;
        const hash = `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`;
        if (!allowed.has(hash)) missing.set(hash, `${relative(dist, file)}: ${body.slice(0, 80)}`);
      }
    }
    const report = [...missing].map(([h, where]) => `${h}  (first seen in ${where})`).join('\n');
    expect(missing.size, `add these to script-src in public/_headers, or move the scripts to files:\n${report}`).toBe(
      0,
    );
  });

  it('loads external scripts only from this origin', () => {
    for (const file of pages) {
      const html = readFileSync(file, 'utf8');
      for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) {
        expect(m[1], relative(dist, file)).toMatch(/^\/(?!\/)/);
      }
    }
  });

  it('has no inline event handlers, which a hash-based CSP cannot allow', () => {
    for (const file of pages) {
      const html = readFileSync(file, 'utf8');
      const handler = /<[a-z][^>]*\son[a-z]+\s*=\s*["'][^>]*>/i.exec(html);
      expect(handler?.[0], relative(dist, file)).toBeUndefined();
    }
  });
});
