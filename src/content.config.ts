/**
 * Content collections. The schemas are the documentation for staff who edit content/:
 * every field says what it means and its default. Error messages are in Chinese because
 * staff read them when `npm run build` refuses a file.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

// YAML turns an unquoted 2026-12-01 into a Date; accept both and keep the plain YYYY-MM-DD string.
const isoDate = (field: string) =>
  z.preprocess(
    (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
    isoDateString(field),
  );

const isoDateString = (field: string) =>
  z
    .string({ error: `${field}：请填写日期，格式为 YYYY-MM-DD，例如 2026-12-01` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${field}：日期格式应为 YYYY-MM-DD，例如 2026-12-01`)
    .refine((s) => {
      const d = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
    }, `${field}：这一天不存在，请检查年、月、日`);

const clockTime = (field: string) =>
  z
    .string({ error: `${field}：请填写时间，格式为 HH:MM（24 小时制），例如 09:00` })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${field}：时间格式应为 HH:MM（24 小时制），例如 09:00`);

const law = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/law' }),
  schema: z.object({
    /** Full title, e.g. 信访工作条例. */
    title: z.string(),
    /** Issuing bodies, e.g. 中共中央、国务院. */
    issuer: z.string(),
    /** Date of promulgation (发布), YYYY-MM-DD. */
    promulgated: isoDate('发布日期'),
    /** Date it took effect (施行), YYYY-MM-DD. */
    effective: isoDate('施行日期'),
    /** `current` for the law in force; `superseded` for a repealed one, shown with a warning on every screen. */
    status: z.enum(['current', 'superseded']),
    /** For a superseded text: the slug of the text that replaced it. */
    supersededBy: z.string().optional(),
    /** Date the text stopped being in force, for a superseded text. */
    repealed: isoDate('废止日期').optional(),
    /** Where the text was copied from, verbatim. */
    source: z.object({ name: z.string(), path: z.string(), commit: z.string() }),
    /** Number of articles in the text; a test counts them against the source file. */
    articleCount: z.number().int().positive(),
    /** Sort order on the law index; lower first. Default 100. */
    order: z.number().default(100),
  }),
});

const guides = defineCollection({
  loader: glob({ pattern: '**/*.mdx', base: './content/guides' }),
  schema: z.object({
    /** Page title, a plain question or task (e.g. 怎样网上信访). */
    title: z.string().min(2),
    /** One-sentence summary shown on the guide index and in search results. */
    description: z.string().min(4),
    /** Articles of 《信访工作条例》 the guide rests on, by number. */
    articles: z.array(z.number().int().min(1).max(50)).default([]),
    /** Sort order on the guide index; lower first. Default 100. */
    order: z.number().default(100),
    /** Date the guide was last checked against the regulation, YYYY-MM-DD. */
    updated: isoDate('更新日期'),
  }),
});

const schedules = defineCollection({
  loader: glob({ pattern: '**/*.{md,mdx}', base: './content/schedules' }),
  schema: z
    .object({
      /** Day of the reception (Asia/Shanghai), YYYY-MM-DD. */
      date: isoDate('接访日期'),
      /** Start time, HH:MM, Asia/Shanghai. */
      start: clockTime('开始时间'),
      /** End time, HH:MM, Asia/Shanghai; must be after the start. */
      end: clockTime('结束时间'),
      /** The leader who receives visitors. */
      leader: z.object(
        {
          /** Full name. */
          name: z.string({ error: '接访领导姓名：请填写' }).min(2, '接访领导姓名：请填写完整姓名'),
          /** Post, e.g. 县委副书记、县长. */
          post: z.string({ error: '接访领导职务：请填写' }).min(2, '接访领导职务：请填写'),
        },
        { error: '接访领导：请填写 leader.name（姓名）和 leader.post（职务）' },
      ),
      /** Where the reception takes place. */
      place: z.string({ error: '接访地点：请填写' }).min(2, '接访地点：请填写'),
      /** Matters the leader will hear, e.g. 征地拆迁. Empty means any matter. */
      topics: z.array(z.string()).default([]),
      /** How to register or book a slot (预约方式). */
      booking: z.string({ error: '预约方式：请填写' }).min(2, '预约方式：请填写'),
      /** Whether video reception (视频接访) is offered. Default false. */
      video: z.boolean().default(false),
      /** Set when the reception is cancelled; the reason is shown. */
      cancelled: z.string().optional(),
    })
    .refine((s) => s.end > s.start, { message: '结束时间：应晚于开始时间', path: ['end'] }),
});

const notices = defineCollection({
  loader: glob({ pattern: '**/*.{md,mdx}', base: './content/notices' }),
  schema: z.object({
    /** Notice title. */
    title: z.string({ error: '标题：请填写' }).min(2, '标题：请填写'),
    /** Publication date, YYYY-MM-DD. */
    date: isoDate('发布日期'),
    /** One-sentence summary for lists and search results. */
    summary: z.string({ error: '摘要：请填写' }).min(4, '摘要：请填写一句话摘要'),
    /** Kept at the top of the list while true. Default false. */
    pinned: z.boolean().default(false),
  }),
});

export const collections = { law, guides, schedules, notices };
