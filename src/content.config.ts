/**
 * Content collections. The schemas are the documentation for staff who edit content/:
 * every field says what it means and its default. Error messages are in Chinese because
 * staff read them when `npm run build` refuses a file.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { NoticeSchema, ScheduleSchema, isoDate } from './lib/content-schemas';
import { staffContentLoader } from './lib/schedule-loader';

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
  // Staff write these by hand: dates checked as typed, errors explained in Chinese.
  loader: staffContentLoader(glob({ pattern: '**/*.{md,mdx}', base: './content/schedules' }), { dateFields: ['date'] }),
  // Shared with `npm run new:schedule`; every field is documented there.
  schema: ScheduleSchema,
});

const notices = defineCollection({
  loader: staffContentLoader(glob({ pattern: '**/*.{md,mdx}', base: './content/notices' }), { dateFields: ['date'] }),
  // Shared with `npm run new:notice`; every field is documented there.
  schema: NoticeSchema,
});

export const collections = { law, guides, schedules, notices };
