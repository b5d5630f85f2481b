// /staff/receptions.json: every 领导接访日 that is not cancelled, for the intake form's list and for
// the server's check of a reception a visit is registered at (src/server/receptions.ts). Public
// facts only: the same dates, leaders and places the schedule pages publish.
import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { byStartAscending } from '../../lib/schedule';
import type { ReceptionEntry } from '../../lib/staff-intake';

export const GET: APIRoute = async () => {
  const entries = (await getCollection('schedules')).filter((e) => !e.data.cancelled).sort(byStartAscending);
  const list: ReceptionEntry[] = entries.map((e) => ({
    id: e.id,
    date: e.data.date,
    start: e.data.start,
    end: e.data.end,
    leader: { name: e.data.leader.name, post: e.data.leader.post },
    place: e.data.place,
  }));
  return new Response(JSON.stringify({ receptions: list }), { headers: { 'content-type': 'application/json' } });
};
