// Staff publish a reception day by adding one file. When that file is wrong, the build must stop with
// a message in Chinese that names the file and the field; when it is right (by hand or written by
// `npm run new:schedule`), the build must accept it.
//
// Each case runs `astro sync` (which loads and validates every collection, like the build) in its own
// throw-away project root: symlinks to this project's src/, node_modules and config, and a content/
// folder of its own. Nothing is written into the real content/ folder, so parallel builds are untouched.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const project = resolve('.');
const roots: string[] = [];

function makeRoot(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'xf-schedule-build-'));
  roots.push(root);
  for (const f of ['src', 'node_modules', 'astro.config.mjs', 'tsconfig.json', 'package.json', 'public']) {
    symlinkSync(join(project, f), join(root, f));
  }
  mkdirSync(join(root, 'content', 'schedules'), { recursive: true });
  cpSync(join(project, 'content', 'settings.json'), join(root, 'content', 'settings.json'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'content', name), text);
  return root;
}

function sync(root: string): { status: number | null; output: string } {
  const r = spawnSync('npx', ['astro', 'sync'], {
    cwd: root,
    encoding: 'utf8',
    env: {
      ...process.env,
      ASTRO_TELEMETRY_DISABLED: '1',
      DIST_DIR: join(root, 'dist'),
      ASTRO_CACHE_DIR: join(root, 'cache'),
    },
    timeout: 150_000,
  });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

function runCli(root: string, args: string[]): void {
  const r = spawnSync(
    process.execPath,
    [join(project, 'scripts/new-content.ts'), ...args, '--no-input', '--content-dir', join(root, 'content')],
    {
      encoding: 'utf8',
    },
  );
  expect(r.status, r.stderr).toBe(0);
}

afterAll(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

describe('a reception-day file with mistakes stops the build', () => {
  it('names the file and, in Chinese, a day that does not exist, a wrong time and a missing leader', () => {
    const root = makeRoot({
      'schedules/2026-12-01-typo.md': [
        '---',
        // Unquoted, so YAML reads it as a Date and would roll it over to 2026-03-02 if not caught.
        'date: 2026-02-30',
        "start: '9点'",
        "end: '11:30'",
        'place: 示例县人民来访接待中心',
        'booking: 电话预约',
        '---',
        '',
      ].join('\n'),
    });
    const { status, output } = sync(root);
    expect(status).not.toBe(0);
    expect(output).toContain('内容文件填写有误：content/schedules/2026-12-01-typo.md');
    expect(output).toContain('接访日期（date）：这一天不存在，请检查年、月、日');
    expect(output).toContain('开始时间（start）：时间格式应为 HH:MM（24 小时制），例如 09:00');
    expect(output).toContain('接访领导（leader）：请填写 leader.name（姓名）和 leader.post（职务）');
  }, 160_000);

  it('names the file and says the end must come after the start', () => {
    const root = makeRoot({
      'schedules/2026-12-02-backwards.md': [
        '---',
        'date: 2026-12-02',
        "start: '14:30'",
        "end: '11:30'",
        'leader:',
        '  name: 测试名',
        '  post: 副县长',
        'place: 示例县人民来访接待中心',
        'booking: 电话预约',
        '---',
        '',
      ].join('\n'),
    });
    const { status, output } = sync(root);
    expect(status).not.toBe(0);
    expect(output).toContain('content/schedules/2026-12-02-backwards.md');
    expect(output).toContain('结束时间（end）：应晚于开始时间（start）');
  }, 160_000);
});

describe('correct files pass', () => {
  it('accepts the demo receptions and the files written by new:schedule and new:notice', () => {
    const root = makeRoot({});
    cpSync(join(project, 'content', 'schedules'), join(root, 'content', 'schedules'), { recursive: true });
    runCli(root, [
      'schedule',
      '--date',
      '2027-03-04',
      '--start',
      '9:00',
      '--end',
      '11:30',
      '--leader-name',
      '测试名',
      '--leader-post',
      '副县长',
      '--place',
      '示例县人民来访接待中心',
      '--topics',
      '征地拆迁，劳动社保',
      '--booking',
      '请拨打 0000-1234567 预约: 工作日 "8:30"',
      '--video',
      '--notes',
      '请带身份证。',
      '--slug',
      'cli',
    ]);
    runCli(root, [
      'notice',
      '--title',
      '元旦假期来访接待安排',
      '--date',
      '2026-12-25',
      '--summary',
      '元旦假期暂停来访接待，网上信访照常受理。',
      '--body',
      '特此公告。',
      '--pinned',
      '--slug',
      'cli',
    ]);
    const { status, output } = sync(root);
    expect(output).not.toContain('内容文件填写有误');
    expect(status, output).toBe(0);
  }, 160_000);
});
