// /schedules/, /schedules/archive/ and each reception's page: the static page, with the receptions
// that have ended (or not yet) at the visitor's time shown or removed. See src/server/schedule-filter.ts.
import { filterReceptionPage, requestClock } from '../../src/server/schedule-filter';

export const onRequestGet: PagesFunction<{ DEV_MODE?: string }> = async (context) =>
  filterReceptionPage(await context.next(), requestClock(context.request, context.env));
