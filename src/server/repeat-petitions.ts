/**
 * Repeat petitions (重复信访; 《信访工作条例》第十九条第三款、第三十六条第三款): for a case, the same
 * person's earlier cases (by the keyed hash of the ID number, or of name and phone) and cases in
 * the same town with alike titles and facts. A case that ended with a 复核 opinion (已终结) and has
 * the same facts is flagged with Art. 36 ¶3, the ground of a 不予受理 decision. Nothing here decides:
 * staff see the list on intake and on the case page and choose the action themselves.
 */
import { NOT_ACCEPT_GROUND_INFO } from '../lib/workflow';
import { citationText } from '../lib/law-cite';
import type { RepeatMatch } from '../lib/staff-intake';
import { CaseStateSchema, STATES } from '../lib/workflow';
import type { Database } from './platform/database';

/** Dice share of character pairs above which two texts count as the same facts. */
export const SAME_FACTS = 0.6;
/** Above this, an unrelated person's case is listed as similar. */
export const SIMILAR = 0.45;
/** How far back, and how many cases of the same town, the similarity search reads. */
const SIMILAR_WINDOW_DAYS = 730;
const SIMILAR_SCAN = 300;

export interface RepeatProbe {
  id: string;
  idHash: string | null;
  namePhoneHash: string | null;
  region: string;
  title: string;
  facts: string;
  createdAt: string;
}

/** Character pairs of a text, punctuation and spaces removed (Chinese has no word breaks to use). */
function pairs(text: string): Map<string, number> {
  const s = Array.from(text.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, ''));
  const out = new Map<string, number>();
  for (let i = 0; i + 1 < s.length; i++) {
    const p = s[i]! + s[i + 1]!;
    out.set(p, (out.get(p) ?? 0) + 1);
  }
  return out;
}

/** Dice coefficient of two texts' character pairs: 1 for the same text, 0 for nothing in common. */
export function similarity(a: string, b: string): number {
  const x = pairs(a);
  const y = pairs(b);
  let common = 0;
  let total = 0;
  for (const n of x.values()) total += n;
  for (const n of y.values()) total += n;
  for (const [p, n] of x) common += Math.min(n, y.get(p) ?? 0);
  return total === 0 ? 0 : (2 * common) / total;
}

interface CandidateRow {
  id: string;
  code: string;
  title: string;
  facts: string;
  status: string;
  stage: string;
  channel: string;
  created_at: string;
  parent_id: string | null;
  id_hash: string | null;
  name_phone_hash: string | null;
}

const COLUMNS = 'id, code, title, facts, status, stage, channel, created_at, parent_id, id_hash, name_phone_hash';

export async function findRepeats(db: Database, probe: RepeatProbe, limit = 10): Promise<RepeatMatch[]> {
  const person = [probe.idHash, probe.namePhoneHash].some(Boolean)
    ? (
        await db
          .prepare(
            `SELECT ${COLUMNS} FROM petitions
             WHERE id <> ? AND ((CAST(? AS TEXT) IS NOT NULL AND id_hash = ?) OR (CAST(? AS TEXT) IS NOT NULL AND name_phone_hash = ?))
             ORDER BY created_at DESC LIMIT 50`,
          )
          .bind(probe.id, probe.idHash, probe.idHash, probe.namePhoneHash, probe.namePhoneHash)
          .all<CandidateRow>()
      ).results
    : [];
  const since = new Date(Date.parse(probe.createdAt) - SIMILAR_WINDOW_DAYS * 86_400_000).toISOString();
  const town = (
    await db
      .prepare(
        `SELECT ${COLUMNS} FROM petitions
         WHERE id <> ? AND region = ? AND created_at >= ? AND anonymised_at IS NULL
         ORDER BY created_at DESC LIMIT ?`,
      )
      .bind(probe.id, probe.region, since, SIMILAR_SCAN)
      .all<CandidateRow>()
  ).results;

  const text = `${probe.title}\n${probe.facts}`;
  const byId = new Map<string, { row: CandidateRow; match: RepeatMatch }>();
  for (const row of [...person, ...town]) {
    if (byId.has(row.id)) continue;
    const score = Math.max(similarity(text, `${row.title}\n${row.facts}`), similarity(probe.title, row.title));
    const why: RepeatMatch['why'] = [];
    if (probe.idHash && row.id_hash === probe.idHash) why.push('same-id');
    if (probe.namePhoneHash && row.name_phone_hash === probe.namePhoneHash) why.push('same-name-phone');
    if (score >= SIMILAR) why.push('similar');
    if (why.length === 0) continue;
    const status = CaseStateSchema.safeParse(row.status);
    byId.set(row.id, {
      row,
      match: {
        id: row.id,
        code: row.code,
        title: row.title,
        status: row.status,
        statusLabel: status.success ? STATES[status.data].label : row.status,
        stage: row.stage,
        channel: row.channel,
        createdAt: row.created_at,
        why,
        similarity: Math.round(score * 100) / 100,
        ground: null,
        basis: null,
      },
    });
  }

  // Which of them ended with a 复核 opinion: the case itself, or a 复查's or its own 复核 below it.
  const ids = [...byId.keys()];
  const finalRoots = new Set<string>();
  if (ids.length > 0) {
    const marks = ids.map(() => '?').join(', ');
    const { results } = await db
      .prepare(
        `SELECT r.id, r.parent_id, p.parent_id AS grandparent_id FROM petitions r LEFT JOIN petitions p ON p.id = r.parent_id
         WHERE r.stage = 'recheck' AND r.status = 'closed_final'
           AND (r.id IN (${marks}) OR r.parent_id IN (${marks}) OR p.parent_id IN (${marks}))`,
      )
      .bind(...ids, ...ids, ...ids)
      .all<{ id: string; parent_id: string | null; grandparent_id: string | null }>();
    for (const r of results) for (const id of [r.id, r.parent_id, r.grandparent_id]) if (id) finalRoots.add(id);
  }
  const info = NOT_ACCEPT_GROUND_INFO['art36-3'];
  for (const { match } of byId.values()) {
    const samePerson = match.why.includes('same-id') || match.why.includes('same-name-phone');
    if (finalRoots.has(match.id) && samePerson && match.similarity >= SAME_FACTS) {
      match.ground = 'art36-3';
      match.basis = `${info.label}：${citationText(info.basis)}`;
    }
  }
  return [...byId.values()]
    .map((m) => m.match)
    .sort(
      (a, b) =>
        Number(b.ground !== null) - Number(a.ground !== null) ||
        Number(b.why.length > 1 || !b.why.includes('similar')) -
          Number(a.why.length > 1 || !a.why.includes('similar')) ||
        b.similarity - a.similarity ||
        (a.createdAt < b.createdAt ? 1 : -1),
    )
    .slice(0, limit);
}
