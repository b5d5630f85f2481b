/**
 * The 领导接访日 a visit can be registered at: the build's /staff/receptions.json (from
 * content/schedules, src/pages/staff/receptions.json.ts), read through the ASSETS port so the same
 * code runs on Node and on Cloudflare. The leader who received the visitor becomes the case's
 * responsible leader (包案领导).
 */
import type { ReceptionEntry } from '../lib/staff-intake';
import type { Env } from './env';

export const RECEPTIONS_PATH = '/staff/receptions.json';

export async function loadReceptions(env: Pick<Env, 'ASSETS' | 'SITE_URL'>): Promise<ReceptionEntry[]> {
  const response = await env.ASSETS.fetch(
    new Request(new URL(RECEPTIONS_PATH, env.SITE_URL ?? 'https://site.invalid')),
  );
  if (!response.ok) throw new Error(`reception list ${RECEPTIONS_PATH} answered ${response.status}`);
  const body = await response.json<{ receptions?: ReceptionEntry[] }>();
  return body.receptions ?? [];
}

/** 李示范（县委副书记、县长）: how the case names its responsible leader. */
export const leaderLabel = (r: Pick<ReceptionEntry, 'leader'>) => `${r.leader.name}（${r.leader.post}）`;
