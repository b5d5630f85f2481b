// The home page lists the next reception days (src/components/UpcomingReceptions.astro): the static
// page, with receptions that have already ended at the visitor's time removed.
import { filterReceptionPage, requestClock } from '../src/server/schedule-filter';

export const onRequestGet: PagesFunction<{ DEV_MODE?: string }> = async (context) =>
  filterReceptionPage(await context.next(), requestClock(context.request, context.env));
