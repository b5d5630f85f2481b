/** Glue between the `schedules` content collection and the calendar builder; build-time only. */
import type { CollectionEntry } from 'astro:content';
import { settings } from './settings';
import { notesToPlainText, type CalendarOptions, type IcsReception } from './schedule-ics';

export function toIcsReception(entry: CollectionEntry<'schedules'>): IcsReception {
  const { date, start, end, leader, place, topics, booking, video } = entry.data;
  return {
    slug: entry.id,
    date,
    start,
    end,
    leader,
    place,
    topics,
    booking,
    video,
    notes: notesToPlainText(entry.body),
  };
}

export function calendarOptions(): CalendarOptions {
  return {
    siteUrl: import.meta.env.SITE ?? settings.site.url,
    calName: `${settings.office.jurisdiction}领导接访日`,
    officeName: settings.office.name,
  };
}
