// /schedules.ics: every reception that is not cancelled, for calendar apps to subscribe to.
import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { byStartAscending } from '../lib/schedule';
import { buildReceptionCalendar } from '../lib/schedule-ics';
import { calendarOptions, toIcsReception } from '../lib/schedule-ics-entries';

export const GET: APIRoute = async () => {
  const entries = (await getCollection('schedules')).filter((e) => !e.data.cancelled).sort(byStartAscending);
  const body = buildReceptionCalendar(entries.map(toIcsReception), calendarOptions());
  return new Response(body, { headers: { 'content-type': 'text/calendar; charset=utf-8' } });
};
