// Staff run `npm run new:schedule` / `npm run new:notice`, answering questions or passing flags.
// (That the files it writes pass the real build is checked in schedule-build-errors.test.ts.)
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawFrontMatterValue } from '../../src/lib/schedule-loader';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'xf-new-content-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['scripts/new-content.ts', ...args, '--content-dir', dir], {
    encoding: 'utf8',
    input: input ?? '',
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

const scheduleFlags = [
  'schedule',
  '--no-input',
  '--date',
  '2026-12-01',
  '--start',
  '09:00',
  '--end',
  '11:30',
  '--leader-name',
  '测试名',
  '--leader-post',
  '县委副书记、县长',
  '--place',
  '示例县人民来访接待中心（人民路 100 号）',
  '--topics',
  '征地拆迁，劳动社保、三农',
  '--booking',
  '拨打 0000-1234567 预约: "工作日"',
  '--video',
  '--notes',
  '请带身份证。\\n多人来访请推选代表。',
  '--slug',
  'xianzhang',
];

describe('new:schedule with flags', () => {
  it('writes content/schedules/<date>-<slug>.md with every field as given', () => {
    const r = run(scheduleFlags);
    expect(r.status, r.err).toBe(0);
    expect(r.out).toContain('已创建');
    const text = readFileSync(join(dir, 'schedules', '2026-12-01-xianzhang.md'), 'utf8');
    const value = (f: string) => rawFrontMatterValue(text, f);
    expect(value('date')).toBe('2026-12-01');
    expect(value('start')).toBe('09:00');
    expect(value('end')).toBe('11:30');
    expect(text).toContain('  name: "测试名"\n  post: "县委副书记、县长"\n');
    expect(text).toContain('topics: ["征地拆迁", "劳动社保", "三农"]\n');
    expect(text).toContain('booking: "拨打 0000-1234567 预约: \\"工作日\\""\n');
    expect(text).toContain('video: true\n');
    expect(text.split('---\n')[2]).toBe('\n请带身份证。\n\n多人来访请推选代表。\n');
  });

  it('refuses to overwrite an existing file and leaves it untouched', () => {
    mkdirSync(join(dir, 'schedules'));
    writeFileSync(join(dir, 'schedules', '2026-12-01-xianzhang.md'), 'hand-written');
    const r = run(scheduleFlags);
    expect(r.status).toBe(1);
    expect(r.err).toContain('文件已存在');
    expect(r.err).toContain('--slug');
    expect(readFileSync(join(dir, 'schedules', '2026-12-01-xianzhang.md'), 'utf8')).toBe('hand-written');
  });

  it('refuses what the build would refuse, in the same Chinese words, and writes nothing', () => {
    const cases: [string, string, string][] = [
      ['--date', '2026-02-30', '接访日期（date）：这一天不存在'],
      ['--start', '9点', '开始时间（start）：时间格式应为 HH:MM'],
      ['--end', '08:00', '结束时间（end）：应晚于开始时间（start）'],
      ['--leader-name', '张', '接访领导姓名（leader.name）：请填写完整姓名'],
      ['--slug', 'Xian Zhang', '文件名后缀：只能用小写字母、数字和连字符'],
    ];
    for (const [flag, bad, message] of cases) {
      const args = [...scheduleFlags];
      args[args.indexOf(flag) + 1] = bad;
      const r = run(args);
      expect(r.status, flag).toBe(1);
      expect(r.err).toContain(message);
    }
    expect(() => readdirSync(join(dir, 'schedules'))).toThrow();
  });

  it('says which flag is missing when it may not ask', () => {
    const r = run(['schedule', '--no-input', '--date', '2026-12-01']);
    expect(r.status).toBe(1);
    expect(r.err).toContain('缺少 --start');
  });
});

describe('new:schedule answering questions', () => {
  it('asks in Chinese, asks again after a wrong answer, and takes the defaults for empty answers', () => {
    const answers = [
      '2026-13-01',
      '2026-12-08',
      '9:00',
      '08:30',
      '11:00',
      '王测试',
      '副县长',
      '县人民来访接待中心',
      '',
      '请电话预约',
      '',
      '',
      '',
    ];
    const r = run(['schedule'], answers.join('\n') + '\n');
    expect(r.status, r.err + r.out).toBe(0);
    expect(r.out).toContain('接访日期（YYYY-MM-DD');
    expect(r.out).toContain('× 接访日期（date）：这一天不存在');
    expect(r.out).toContain('× 结束时间（end）：应晚于开始时间（start）');
    const text = readFileSync(join(dir, 'schedules', '2026-12-08-jiefang.md'), 'utf8');
    expect(text).toContain('start: "09:00"\nend: "11:00"\n');
    expect(text).toContain('topics: []\n');
    expect(text).toContain('video: false\n');
  });

  it('stops without writing when the answers run out', () => {
    const r = run(['schedule'], '2026-12-08\n09:00\n');
    expect(r.status).toBe(1);
    expect(r.err).toContain('输入已结束，没有创建文件');
    expect(() => readdirSync(join(dir, 'schedules'))).toThrow();
  });
});

describe('new:notice', () => {
  it('writes content/notices/<date>-<slug>.md from flags', () => {
    const r = run([
      'notice',
      '--no-input',
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
      'yuandan',
    ]);
    expect(r.status, r.err).toBe(0);
    const text = readFileSync(join(dir, 'notices', '2026-12-25-yuandan.md'), 'utf8');
    expect(text).toBe(
      '---\ntitle: "元旦假期来访接待安排"\ndate: 2026-12-25\nsummary: "元旦假期暂停来访接待，网上信访照常受理。"\npinned: true\n---\n\n特此公告。\n',
    );
  });

  it('asks for the title, summary and body, and dates it today by default', () => {
    const r = run(
      ['notice'],
      ['关于调整接待时间的公告', '', '接待时间调整', '自下周起下午接待时间改为 14:00 开始。', '否', ''].join('\n') +
        '\n',
    );
    expect(r.status, r.err + r.out).toBe(0);
    const [file] = readdirSync(join(dir, 'notices'));
    expect(file).toMatch(/^\d{4}-\d{2}-\d{2}-gonggao\.md$/);
    expect(readFileSync(join(dir, 'notices', file!), 'utf8')).toContain('pinned: false');
  });

  it('refuses a summary that is too short', () => {
    const r = run([
      'notice',
      '--no-input',
      '--title',
      '标题',
      '--date',
      '2026-12-25',
      '--summary',
      '短',
      '--body',
      '正文',
    ]);
    expect(r.status).toBe(1);
    expect(r.err).toContain('摘要（summary）：请填写一句话摘要');
  });
});
