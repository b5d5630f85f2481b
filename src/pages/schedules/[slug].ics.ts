// /schedules/<slug>.ics: one reception, for the "加入日历" download on its page. None for a cancelled one.
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection, type CollectionEntry } from 'astro:content';
import { buildReceptionCalendar } from '../../lib/schedule-ics';
import { calendarOptions, toIcsReception } from '../../lib/schedule-ics-entries';

export const getStaticPaths = (async () => {
  const entries = await getCollection('schedules');
  return entries.filter((e) => !e.data.cancelled).map((entry) => ({ params: { slug: entry.id }, props: { entry } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ entry: CollectionEntry<'schedules'> }> = ({ props }) => {
  const body = buildReceptionCalendar([toIcsReception(props.entry)], calendarOptions());
  return new Response(body, { headers: { 'content-type': 'text/calendar; charset=utf-8' } });
};
