/**
 * Field schemas of the content that staff write by hand: reception days (领导接访日) and notices (公告).
 * Shared by the content collections (src/content.config.ts) and by the staff command
 * `npm run new:schedule|new:notice` (scripts/new-content.ts), so a file the command writes can never
 * be refused by the build and the command refuses exactly what the build refuses.
 *
 * Node runs the staff command straight from TypeScript (type stripping), so this module keeps to
 * erasable syntax and imports nothing but zod.
 *
 * Error messages are in Chinese and begin with the field's Chinese name: staff read them when the
 * build refuses a file.
 */
import { z } from 'zod';

/** Rejects YYYY-MM-DD strings that look right but name a day that does not exist (2026-02-30). */
export function isRealDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const isoDateString = (field: string) =>
  z
    .string({ error: `${field}：请填写日期，格式为 YYYY-MM-DD，例如 2026-12-01` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${field}：日期格式应为 YYYY-MM-DD，例如 2026-12-01`)
    .refine(isRealDate, `${field}：这一天不存在，请检查年、月、日`);

/** A calendar day, YYYY-MM-DD. YAML turns an unquoted 2026-12-01 into a Date; accept both and keep the string. */
export const isoDate = (field: string) =>
  z.preprocess(
    (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
    isoDateString(field),
  );

/** A wall-clock time, HH:MM on the 24-hour clock. */
export const clockTime = (field: string) =>
  z
    .string({ error: `${field}：请填写时间，格式为 HH:MM（24 小时制），例如 09:00，并加英文引号："09:00"` })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${field}：时间格式应为 HH:MM（24 小时制），例如 09:00`);

export const LeaderSchema = z.object(
  {
    /** Full name. */
    name: z
      .string({ error: '接访领导姓名（leader.name）：请填写' })
      .trim()
      .min(2, '接访领导姓名（leader.name）：请填写完整姓名'),
    /** Post, e.g. 县委副书记、县长. */
    post: z
      .string({ error: '接访领导职务（leader.post）：请填写' })
      .trim()
      .min(2, '接访领导职务（leader.post）：请填写'),
  },
  { error: '接访领导（leader）：请填写 leader.name（姓名）和 leader.post（职务）' },
);

/** Front matter of one reception day, content/schedules/<date>-<slug>.md; the notes are the file body. */
export const ScheduleSchema = z
  .object({
    /** Day of the reception (Asia/Shanghai), YYYY-MM-DD. */
    date: isoDate('接访日期（date）'),
    /** Start time, HH:MM, Asia/Shanghai. */
    start: clockTime('开始时间（start）'),
    /** End time, HH:MM, Asia/Shanghai; must be after the start. */
    end: clockTime('结束时间（end）'),
    /** The leader who receives visitors. */
    leader: LeaderSchema,
    /** Where the reception takes place. */
    place: z.string({ error: '接访地点（place）：请填写' }).trim().min(2, '接访地点（place）：请填写'),
    /** Matters the leader will hear, e.g. 征地拆迁. Empty (the default) means any matter. */
    topics: z
      .array(z.string().trim().min(1, '接访内容（topics）：每一项都要填写文字'), {
        error: '接访内容（topics）：请写成列表，例如 [征地拆迁, 劳动社保]',
      })
      .default([]),
    /** How to register or book a slot (预约方式). */
    booking: z.string({ error: '预约方式（booking）：请填写' }).trim().min(2, '预约方式（booking）：请填写'),
    /** Whether video reception (视频接访) is offered. Default false. */
    video: z.boolean({ error: '视频接访（video）：请填写 true（提供）或 false（不提供）' }).default(false),
    /** Set when the reception is cancelled; the text is the reason shown to citizens. Absent by default. */
    cancelled: z
      .string({ error: '取消原因（cancelled）：请用一句话写明取消原因' })
      .trim()
      .min(2, '取消原因（cancelled）：请用一句话写明取消原因')
      .optional(),
  })
  .refine((s) => s.end > s.start, { message: '结束时间（end）：应晚于开始时间（start）', path: ['end'] });

export type Schedule = z.infer<typeof ScheduleSchema>;

/** Front matter of one notice, content/notices/<date>-<slug>.md; the notice text is the file body. */
export const NoticeSchema = z.object({
  /** Notice title. */
  title: z.string({ error: '标题（title）：请填写' }).trim().min(2, '标题（title）：请填写'),
  /** Publication date, YYYY-MM-DD. */
  date: isoDate('发布日期（date）'),
  /** One-sentence summary for lists and search results. */
  summary: z.string({ error: '摘要（summary）：请填写' }).trim().min(4, '摘要（summary）：请填写一句话摘要'),
  /** Kept at the top of the list while true. Default false. */
  pinned: z.boolean({ error: '置顶（pinned）：请填写 true 或 false' }).default(false),
});

export type Notice = z.infer<typeof NoticeSchema>;
