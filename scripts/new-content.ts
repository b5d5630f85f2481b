/**
 * `npm run new:schedule` / `npm run new:notice`: write one valid content file for a reception day
 * (content/schedules/<date>-<slug>.md) or a notice (content/notices/<date>-<slug>.md).
 *
 * Staff either answer questions in Chinese, or pass every field as a flag (for scripts):
 *   npm run new:schedule -- --date 2026-12-01 --start 09:00 --end 11:30 --leader-name 张三 \
 *     --leader-post 副县长 --place 县人民来访接待中心 --topics 征地拆迁,劳动社保 --booking "电话预约" --video
 *   npm run new:notice -- --title "…" --date 2026-12-01 --summary "…" --body "…" [--pinned]
 * Missing fields are asked for; `--no-input` makes a missing field an error instead.
 *
 * Fields are checked with the very schemas the build uses (src/lib/content-schemas.ts), so a file this
 * writes is one the build accepts. An existing file is never overwritten.
 *
 * Run by Node directly (type stripping): keep to erasable TypeScript and import with .ts extensions.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { LeaderSchema, NoticeSchema, ScheduleSchema } from '../src/lib/content-schemas.ts';

type Kind = 'schedule' | 'notice';

const USAGE = `用法：
  npm run new:schedule                 按提示逐项填写接访安排
  npm run new:notice                   按提示逐项填写公告
  npm run new:schedule -- --date 2026-12-01 --start 09:00 --end 11:30 --leader-name 姓名 --leader-post 职务 \\
      --place 地点 --topics 征地拆迁,劳动社保 --booking 预约方式 [--video] [--notes 说明] [--cancelled 取消原因] [--slug 后缀]
  npm run new:notice -- --title 标题 --date 2026-12-01 --summary 摘要 --body 正文 [--pinned] [--slug 后缀]
  其他选项：--no-input 缺少字段时直接报错，不再提问；--content-dir 目录（默认 content）`;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const SLUG_MESSAGE = '文件名后缀：只能用小写字母、数字和连字符（-），例如 xianzhang';

class InputEndedError extends Error {}

/** Today in Asia/Shanghai, YYYY-MM-DD. */
function todayInShanghai(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

function firstMessage(result: z.ZodSafeParseResult<unknown>): string | null {
  return result.success ? null : (result.error.issues[0]?.message ?? '填写有误');
}

/** Reads answers line by line; works for a person at a terminal and for answers piped in. */
function makeAsker() {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  const lines = rl[Symbol.asyncIterator]();
  const ask = async (question: string): Promise<string> => {
    process.stdout.write(question);
    const next = await lines.next();
    if (next.done) throw new InputEndedError('输入已结束，没有创建文件。');
    if (process.stdin.isTTY !== true) process.stdout.write('\n');
    return String(next.value).trim();
  };
  return { ask, close: () => rl.close() };
}

type Ask = (question: string) => Promise<string>;

interface FieldSpec {
  /** Flag holding the value, e.g. leader-name. */
  flag: string;
  prompt: string;
  /** Checks one answer; returns the error message or null. */
  check: (value: string) => string | null;
  /** Value used when the answer is left empty; undefined means the answer is required. */
  fallback?: string;
  /** Tidies an answer before it is checked (e.g. 9:00 -> 09:00). */
  normalize?: (value: string) => string;
}

/** People type 9:00 or 9：00; the files say 09:00. */
const normalizeTime = (v: string) => v.replace('：', ':').replace(/^(\d):/, '0$1:');

async function resolveField(spec: FieldSpec, given: string | undefined, ask: Ask | null): Promise<string> {
  const tidy = spec.normalize ?? ((v: string) => v);
  if (given !== undefined) {
    const error = spec.check(tidy(given));
    if (error) throw new Error(error);
    return tidy(given);
  }
  if (!ask) {
    if (spec.fallback !== undefined) return spec.fallback;
    throw new Error(`缺少 --${spec.flag}：${spec.prompt.replace(/[：:]\s*$/, '')}`);
  }
  for (;;) {
    const answer = await ask(spec.prompt);
    const value = answer === '' && spec.fallback !== undefined ? spec.fallback : tidy(answer);
    const error = spec.check(value);
    if (!error) return value;
    console.log(`  × ${error}，请重新输入。`);
  }
}

async function resolveYesNo(
  prompt: string,
  given: boolean | undefined,
  ask: Ask | null,
  fallback: boolean,
): Promise<boolean> {
  if (given !== undefined) return given;
  if (!ask) return fallback;
  for (;;) {
    const a = (await ask(prompt)).toLowerCase();
    if (a === '') return fallback;
    if (['是', 'y', 'yes', '有', '提供'].includes(a)) return true;
    if (['否', 'n', 'no', '无', '不', '不提供'].includes(a)) return false;
    console.log('  × 请回答“是”或“否”。');
  }
}

const fieldOf = (schema: z.ZodType) => (v: string) => firstMessage(schema.safeParse(v));
const s = ScheduleSchema.shape;
const n = NoticeSchema.shape;

/** Lists may be separated by commas (either width) or 、. */
function splitList(v: string): string[] {
  return v
    .split(/[,，、]/)
    .map((x) => x.trim())
    .filter(Boolean);
}

/** A YAML scalar that reads back exactly: JSON strings are valid YAML double-quoted scalars. */
const q = (v: string) => JSON.stringify(v);

/** "\n" typed in a flag stands for a new line. */
const unescapeNewlines = (v: string) => v.replace(/\\n/g, '\n\n');

interface Written {
  dir: string;
  date: string;
  slug: string;
  text: string;
}

async function collectSchedule(
  values: Record<string, string | boolean | undefined>,
  ask: Ask | null,
): Promise<Written> {
  const str = (k: string) => (typeof values[k] === 'string' ? values[k] : undefined);
  if (ask) console.log('新建领导接访日安排。带 * 的必须填写；直接按回车使用括号里的默认值。\n');
  const date = await resolveField(
    { flag: 'date', prompt: '* 接访日期（YYYY-MM-DD，例如 2026-12-01）：', check: fieldOf(s.date) },
    str('date'),
    ask,
  );
  if (date < todayInShanghai()) console.log(`  注意：${date} 已经过去，这一场会直接列入往期接访。`);
  const start = await resolveField(
    {
      flag: 'start',
      prompt: '* 开始时间（HH:MM，24 小时制，例如 09:00）：',
      check: fieldOf(s.start),
      normalize: normalizeTime,
    },
    str('start'),
    ask,
  );
  const end = await resolveField(
    {
      flag: 'end',
      prompt: '* 结束时间（HH:MM，例如 11:30）：',
      check: (v) => fieldOf(s.end)(v) ?? (v > start ? null : '结束时间（end）：应晚于开始时间（start）'),
      normalize: normalizeTime,
    },
    str('end'),
    ask,
  );
  const name = await resolveField(
    { flag: 'leader-name', prompt: '* 接访领导姓名：', check: fieldOf(LeaderSchema.shape.name) },
    str('leader-name'),
    ask,
  );
  const post = await resolveField(
    {
      flag: 'leader-post',
      prompt: '* 接访领导职务（例如 县委副书记、县长）：',
      check: fieldOf(LeaderSchema.shape.post),
    },
    str('leader-post'),
    ask,
  );
  const place = await resolveField(
    { flag: 'place', prompt: '* 接访地点：', check: fieldOf(s.place) },
    str('place'),
    ask,
  );
  const topicsText = await resolveField(
    {
      flag: 'topics',
      prompt: '  接访内容（多项用逗号或顿号分开，例如 征地拆迁、劳动社保；留空表示不限）：',
      check: (v) => firstMessage(s.topics.safeParse(splitList(v))),
      fallback: '',
    },
    str('topics'),
    ask,
  );
  const booking = await resolveField(
    { flag: 'booking', prompt: '* 预约方式（例如 请提前拨打 0000-1234567 预约）：', check: fieldOf(s.booking) },
    str('booking'),
    ask,
  );
  const video = await resolveYesNo(
    '  是否提供视频接访？（是/否，默认 否）：',
    typeof values.video === 'boolean' ? values.video : undefined,
    ask,
    false,
  );
  const notes = unescapeNewlines(
    await resolveField(
      { flag: 'notes', prompt: '  说明（可留空）：', check: () => null, fallback: '' },
      str('notes'),
      ask,
    ),
  );
  const cancelled = str('cancelled');
  const slug = await resolveField(
    {
      flag: 'slug',
      prompt: '  文件名后缀（小写字母、数字和连字符，默认 jiefang）：',
      check: (v) => (SLUG.test(v) ? null : SLUG_MESSAGE),
      fallback: 'jiefang',
    },
    str('slug'),
    ask,
  );

  const data = {
    date,
    start,
    end,
    leader: { name, post },
    place,
    topics: splitList(topicsText),
    booking,
    video,
    cancelled,
  };
  assertValid(ScheduleSchema, data);
  const front = [
    `date: ${date}`,
    `start: ${q(start)}`,
    `end: ${q(end)}`,
    'leader:',
    `  name: ${q(name)}`,
    `  post: ${q(post)}`,
    `place: ${q(place)}`,
    `topics: [${data.topics.map(q).join(', ')}]`,
    `booking: ${q(booking)}`,
    `video: ${video}`,
    ...(cancelled === undefined ? [] : [`cancelled: ${q(cancelled)}`]),
  ];
  return { dir: 'schedules', date, slug, text: `---\n${front.join('\n')}\n---\n${notes ? `\n${notes}\n` : ''}` };
}

async function collectNotice(values: Record<string, string | boolean | undefined>, ask: Ask | null): Promise<Written> {
  const str = (k: string) => (typeof values[k] === 'string' ? values[k] : undefined);
  if (ask) console.log('新建公告。带 * 的必须填写；直接按回车使用括号里的默认值。\n');
  const title = await resolveField({ flag: 'title', prompt: '* 标题：', check: fieldOf(n.title) }, str('title'), ask);
  const today = todayInShanghai();
  const date = await resolveField(
    { flag: 'date', prompt: `  发布日期（YYYY-MM-DD，默认今天 ${today}）：`, check: fieldOf(n.date), fallback: today },
    str('date'),
    ask,
  );
  const summary = await resolveField(
    { flag: 'summary', prompt: '* 一句话摘要（显示在列表和搜索结果里）：', check: fieldOf(n.summary) },
    str('summary'),
    ask,
  );
  const body = unescapeNewlines(
    await resolveField(
      {
        flag: 'body',
        prompt: '* 正文（一段话；多段请创建后再编辑文件）：',
        check: (v) => (v.trim().length >= 2 ? null : '正文（body）：请填写'),
      },
      str('body'),
      ask,
    ),
  );
  const pinned = await resolveYesNo(
    '  是否置顶？（是/否，默认 否）：',
    typeof values.pinned === 'boolean' ? values.pinned : undefined,
    ask,
    false,
  );
  const slug = await resolveField(
    {
      flag: 'slug',
      prompt: '  文件名后缀（小写字母、数字和连字符，默认 gonggao）：',
      check: (v) => (SLUG.test(v) ? null : SLUG_MESSAGE),
      fallback: 'gonggao',
    },
    str('slug'),
    ask,
  );
  assertValid(NoticeSchema, { title, date, summary, pinned });
  const front = [`title: ${q(title)}`, `date: ${date}`, `summary: ${q(summary)}`, `pinned: ${pinned}`];
  return { dir: 'notices', date, slug, text: `---\n${front.join('\n')}\n---\n\n${body}\n` };
}

function assertValid(schema: z.ZodType, data: unknown): void {
  const r = schema.safeParse(data);
  if (!r.success) throw new Error(r.error.issues.map((i) => i.message).join('\n'));
}

async function main(): Promise<number> {
  const kind = process.argv[2] as Kind | undefined;
  if (kind !== 'schedule' && kind !== 'notice') {
    console.error(USAGE);
    return 2;
  }
  const { values } = parseArgs({
    args: process.argv.slice(3),
    allowNegative: true,
    options: {
      date: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      'leader-name': { type: 'string' },
      'leader-post': { type: 'string' },
      place: { type: 'string' },
      topics: { type: 'string' },
      booking: { type: 'string' },
      video: { type: 'boolean' },
      notes: { type: 'string' },
      cancelled: { type: 'string' },
      title: { type: 'string' },
      summary: { type: 'string' },
      body: { type: 'string' },
      pinned: { type: 'boolean' },
      slug: { type: 'string' },
      input: { type: 'boolean', default: true },
      'content-dir': { type: 'string', default: 'content' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const asker = values.input ? makeAsker() : null;
  try {
    const written =
      kind === 'schedule'
        ? await collectSchedule(values, asker?.ask ?? null)
        : await collectNotice(values, asker?.ask ?? null);
    const dir = join(values['content-dir'], written.dir);
    const base = `${written.date}-${written.slug}`;
    const path = join(dir, `${base}.md`);
    if (existsSync(join(dir, `${base}.mdx`)))
      throw new Error(`文件已存在：${join(dir, `${base}.mdx`)}。为避免覆盖，没有写入；请换一个文件名后缀（--slug）。`);
    mkdirSync(dir, { recursive: true });
    try {
      // 'wx' fails if the file exists, so two staff running the command at once cannot overwrite each other.
      writeFileSync(path, written.text, { flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST')
        throw new Error(`文件已存在：${path}。为避免覆盖，没有写入；请换一个文件名后缀（--slug）。`, { cause: err });
      throw err;
    }
    const shown = relative(process.cwd(), path) || path;
    const url = `/${written.dir}/${base}/`;
    console.log(
      `\n已创建：${shown}\n下一步：运行 npm run build 检查，或 npm start 后打开 http://localhost:8788${url} 预览。`,
    );
    return 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    console.error(
      `\n没有创建文件：\n${message
        .split('\n')
        .map((l) => `  × ${l}`)
        .join('\n')}`,
    );
    return 1;
  } finally {
    asker?.close();
  }
}

process.exitCode = await main();
