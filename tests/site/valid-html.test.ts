// Every built page passes the W3C Nu HTML Checker (vnu-jar, on the machine's Java) with no error
// (issue 11, finding 12). One run of the checker over all pages: it starts a JVM once.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dist } from './page-weight';

const require = createRequire(import.meta.url);
const vnu = require('vnu-jar') as string;

function pages(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? pages(p) : name.endsWith('.html') ? [p] : [];
  });
}

interface VnuMessage {
  type: string;
  subType?: string;
  url: string;
  message: string;
  extract?: string;
}

describe('the W3C Nu HTML Checker', () => {
  it('finds no error on any built page', () => {
    const files = pages(dist);
    expect(files.length).toBeGreaterThan(30);
    const run = spawnSync('java', ['-Xss1m', '-jar', vnu, '--errors-only', '--format', 'json', ...files], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.error, 'java is needed for the HTML checker (apt-get install default-jre-headless)').toBeUndefined();
    const messages = (JSON.parse(run.stderr || '{"messages":[]}') as { messages: VnuMessage[] }).messages;
    const errors = messages
      .filter((m) => m.type === 'error' || m.subType === 'fatal')
      .map((m) => `${relative(dist, new URL(m.url).pathname)}: ${m.message} ${m.extract ?? ''}`);
    expect(errors).toEqual([]);
  }, 120_000);
});
