// The calendar files in the built site: the feed and one file per reception, valid per RFC 5545,
// consistent with the content and with each other.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { icsProblems, parseEvents } from './ics-validate';

const dist = process.env.DIST_DIR ?? 'dist';
const contentDir = 'content/schedules';

const entries = readdirSync(contentDir)
  .filter((f) => /\.mdx?$/.test(f))
  .map((f) => {
    const text = readFileSync(join(contentDir, f), 'utf8');
    const field = (name: string) => new RegExp(`^${name}:\\s*'?([^'\\n]+)'?`, 'm').exec(text)?.[1]?.trim() ?? '';
    return {
      slug: f.replace(/\.mdx?$/, ''),
      start: new Date(`${field('date')}T${field('start')}:00+08:00`).toISOString(),
      place: field('place'),
      cancelled: /^cancelled:/m.test(text),
    };
  });

describe('the reception calendar feed /schedules.ics', () => {
  const text = readFileSync(join(dist, 'schedules.ics'), 'utf8');

  it('is valid RFC 5545 with TZID Asia/Shanghai and a VTIMEZONE', () => {
    expect(icsProblems(text)).toEqual([]);
  });

  it('holds every reception that is not cancelled, at its Beijing time, and no cancelled one', () => {
    const events = parseEvents(text);
    const live = entries.filter((e) => !e.cancelled);
    const slugs = events.map((e) => /^schedule-(.+)@/.exec(e.uid)?.[1]);
    expect(slugs.sort()).toEqual(live.map((e) => e.slug).sort());
    for (const e of live) {
      const ev = events.find((x) => x.uid.startsWith(`schedule-${e.slug}@`))!;
      expect(ev.start.toISOString()).toBe(e.start);
      expect(ev.location).toBe(e.place);
      expect(ev.summary).toMatch(/^领导接访日：/);
    }
  });

  it('gives every event its own UID', () => {
    const uids = parseEvents(text).map((e) => e.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });
});

describe('the per-reception calendar files', () => {
  it('exist for each reception that is not cancelled, are valid, and match the feed', () => {
    const feed = parseEvents(readFileSync(join(dist, 'schedules.ics'), 'utf8'));
    for (const e of entries) {
      const path = join(dist, 'schedules', `${e.slug}.ics`);
      if (e.cancelled) {
        expect(existsSync(path), `${e.slug} is cancelled`).toBe(false);
        continue;
      }
      const text = readFileSync(path, 'utf8');
      expect(icsProblems(text), e.slug).toEqual([]);
      const [ev, ...rest] = parseEvents(text);
      expect(rest).toEqual([]);
      const inFeed = feed.find((x) => x.uid === ev!.uid);
      expect(inFeed, `${e.slug} in the feed`).toBeDefined();
      expect(inFeed!.start.getTime()).toBe(ev!.start.getTime());
      expect(inFeed!.description).toBe(ev!.description);
    }
  });

  it('are linked from their reception page', () => {
    for (const e of entries.filter((x) => !x.cancelled)) {
      const html = readFileSync(join(dist, 'schedules', e.slug, 'index.html'), 'utf8');
      expect(html).toContain(`href="/schedules/${e.slug}.ics"`);
    }
  });
});
