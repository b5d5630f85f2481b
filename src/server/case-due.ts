/**
 * The stored next due date of cases (petitions.next_due_at / next_due_kind, 0011_case_due.sql)
 * outside the event path: filling it for cases that existed before the column did, and recomputing
 * it after the holiday data (npm install chinese-days@latest) or settings.days.rule changed.
 * Every event keeps it current on its own (petition-events.ts prepareEvent).
 */
import type { Database, DbStatement } from './platform/database';
import { CaseStageSchema, CaseStateSchema } from '../lib/workflow';
import { TERMINAL_STATES } from '../lib/inbox';
import { dueOf } from './petition-events';

/**
 * SQL of "the case is open", with the states as literals: SQLite uses a partial index only when the
 * query repeats the index's WHERE term itself, and a bound parameter is not the same term.
 * The values are constants of workflow.ts, never input.
 */
export const OPEN_CASE_SQL = (alias = 'p') =>
  `${alias}.status NOT IN (${TERMINAL_STATES.map((s) => `'${s}'`).join(', ')})`;

/** Sort key of the due date: cases without one last, written exactly as the indexes spell it. */
export const DUE_KEY_SQL = (alias = 'p') => `COALESCE(${alias}.next_due_at, '9999-12-31')`;

export interface BackfillOptions {
  /** Recompute every open case, not only those without a stored date (after a rule or data change). */
  all?: boolean;
  /** Cases per read and per write batch. */
  batchSize?: number;
}

/**
 * Computes the next due date of open cases that have none stored (or of every open case with
 * `all`) with the one rule (deadlines.nextDue) and stores it. Safe to run while the app serves:
 * a case whose chain grew meanwhile is left to the event that grew it. Returns the cases written.
 * Cases that legitimately have no deadline (not yet registered, waiting for the citizen) are looked
 * at again on every run; that costs one read of their events.
 */
export async function backfillCaseDue(db: Database, options: BackfillOptions = {}): Promise<number> {
  const size = Math.max(1, Math.min(options.batchSize ?? 500, 1000));
  let after = '';
  let written = 0;
  for (;;) {
    const { results: rows } = await db
      .prepare(
        `SELECT p.id, p.stage, p.kind, p.status FROM petitions p
         WHERE p.id > ? AND ${OPEN_CASE_SQL()}${options.all ? '' : ' AND p.next_due_at IS NULL'}
         ORDER BY p.id LIMIT ?`,
      )
      .bind(after, size)
      .all<{ id: string; stage: string; kind: string; status: string }>();
    if (rows.length === 0) return written;
    after = rows.at(-1)!.id;
    const { results: events } = await db
      .prepare(
        `SELECT petition_id, seq, type, at, data FROM petition_events
         WHERE petition_id IN (${rows.map(() => '?').join(', ')}) ORDER BY petition_id, seq`,
      )
      .bind(...rows.map((r) => r.id))
      .all<{ petition_id: string; seq: number; type: string; at: string; data: string }>();
    const byCase = new Map<string, { seq: number; type: string; at: string; data: Record<string, unknown> }[]>();
    for (const e of events) {
      const list = byCase.get(e.petition_id) ?? [];
      list.push({ seq: e.seq, type: e.type, at: e.at, data: JSON.parse(e.data) as Record<string, unknown> });
      byCase.set(e.petition_id, list);
    }
    const statements: DbStatement[] = [];
    for (const r of rows) {
      const chain = byCase.get(r.id) ?? [];
      const facts = { stage: CaseStageSchema.parse(r.stage), kind: r.kind, status: CaseStateSchema.parse(r.status) };
      const due = dueOf(facts, chain);
      // Only while the chain still ends where it did when it was read (an event meanwhile wrote its own).
      statements.push(
        db
          .prepare(
            `UPDATE petitions SET next_due_at = ?, next_due_kind = ?
             WHERE id = ? AND status = ? AND COALESCE((SELECT MAX(seq) FROM petition_events WHERE petition_id = ?), 0) = ?`,
          )
          .bind(due.at, due.kind, r.id, r.status, r.id, chain.at(-1)?.seq ?? 0),
      );
    }
    const results = await db.batch(statements);
    written += results.reduce((n, res) => n + res.meta.changes, 0);
  }
}
