/**
 * Verifies the hash chains of petition_events. The triggers stop UPDATE and DELETE through SQL, but
 * someone with access to the database file can drop them; the chain is what makes such an edit
 * visible. Used by `npm run audit:verify` (scripts/audit-verify.mjs) and by the tests.
 *
 * Runtime-neutral: takes plain rows, so the script can feed it rows from `wrangler d1 execute`.
 */
import type { Database } from './platform/database';
import { chainEvent, type EventRow } from './petition-events';
import { readChainHash, type ChainHash } from './chain-hash';

/** One petition_events row, as `wrangler d1 execute --json` returns it. */
export type AuditRow = EventRow;

export interface BrokenLink {
  petitionId: string;
  seq: number;
  /** What is wrong, in plain words (English: this is an operator's tool). */
  reason: string;
}

export interface AuditReport {
  petitions: number;
  events: number;
  /** The first broken link of each broken chain, in petition order. */
  broken: BrokenLink[];
}

/** Checks every chain in `rows` (any order); `algorithm` is the database's meta.chain_hash. */
export async function verifyRows(rows: readonly AuditRow[], algorithm: ChainHash = 'sha256'): Promise<AuditReport> {
  const byPetition = new Map<string, AuditRow[]>();
  for (const r of rows) {
    const list = byPetition.get(r.petition_id) ?? [];
    list.push(r);
    byPetition.set(r.petition_id, list);
  }
  const broken: BrokenLink[] = [];
  for (const [petitionId, list] of [...byPetition.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    list.sort((a, b) => a.seq - b.seq);
    let prev = '';
    for (const [i, r] of list.entries()) {
      const fail = (reason: string) => broken.push({ petitionId, seq: r.seq, reason });
      if (r.seq !== i + 1) {
        fail(`expected seq ${i + 1}, found ${r.seq} (an event is missing)`);
        break;
      }
      if (r.prev_hash !== prev) {
        fail('prev_hash does not match the hash of the previous event');
        break;
      }
      let data: Record<string, unknown>;
      try {
        data = JSON.parse(r.data) as Record<string, unknown>;
      } catch {
        fail('data is not valid JSON');
        break;
      }
      const again = await chainEvent(
        prev,
        {
          petitionId,
          seq: r.seq,
          type: r.type,
          isPublic: r.is_public === 1,
          at: r.at,
          actor: r.actor,
          data,
          ...(r.recorded_at ? { recordedAt: r.recorded_at } : {}),
        },
        algorithm,
      );
      if (again.hash !== r.hash) {
        fail('hash does not match the event content (the row was edited)');
        break;
      }
      prev = r.hash;
    }
  }
  return { petitions: byPetition.size, events: rows.length, broken };
}

export const AUDIT_SELECT =
  'SELECT petition_id, seq, type, is_public, at, actor, data, prev_hash, hash, recorded_at FROM petition_events ORDER BY petition_id, seq';

/** Verifies every chain in a database, with the chain hash the database records. */
export async function verifyDatabase(db: Database): Promise<AuditReport> {
  const algorithm = await readChainHash(db);
  const { results } = await db.prepare(AUDIT_SELECT).all<AuditRow>();
  return verifyRows(results, algorithm);
}
