/**
 * The append-only, hash-chained event log of a petition (table petition_events). Each event's hash
 * covers the previous hash and the event in canonical JSON, so a changed or removed event breaks
 * every later hash; SQLite triggers refuse UPDATE and DELETE and any insert that is not the next link.
 */
import { isDbError, type Database, type DbStatement } from './platform/database';
import { nextDue, type CaseDue } from '../lib/deadlines';
import { CaseStageSchema, CaseStateSchema, STATES, type CaseStage, type CaseState } from '../lib/workflow';
import { chainDigest, chainHashOf, type ChainHash } from './chain-hash';

export interface EventInput {
  petitionId: string;
  seq: number;
  type: string;
  isPublic: boolean;
  /** ISO instant. */
  at: string;
  /** 'citizen', 'system', or a staff id. Never a name. */
  actor: string;
  /** Event details; never personal data. */
  data: Record<string, unknown>;
  /**
   * When the server wrote the event (ISO instant, its own clock, never a request's): set by
   * prepareEvent. Absent on events written before migration 0018, whose hashes never covered it.
   */
  recordedAt?: string;
}

export interface ChainedEvent extends EventInput {
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The event linked after `prevHash`; `algorithm` is the database's (chainHashOf). */
export async function chainEvent(
  prevHash: string,
  event: EventInput,
  algorithm: ChainHash = 'sha256',
): Promise<ChainedEvent> {
  const body = canonicalJson({
    petitionId: event.petitionId,
    seq: event.seq,
    type: event.type,
    isPublic: event.isPublic,
    at: event.at,
    actor: event.actor,
    data: event.data,
    // Left out when absent (canonicalJson drops undefined), so older events hash as they did.
    recordedAt: event.recordedAt ?? undefined,
  });
  return { ...event, prevHash, hash: await chainDigest(algorithm, prevHash + body) };
}

export function insertEventStatement(db: Database, e: ChainedEvent): DbStatement {
  return db
    .prepare(
      `INSERT INTO petition_events (petition_id, seq, type, is_public, at, actor, data, prev_hash, hash, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      e.petitionId,
      e.seq,
      e.type,
      e.isPublic ? 1 : 0,
      e.at,
      e.actor,
      JSON.stringify(e.data),
      e.prevHash,
      e.hash,
      e.recordedAt ?? null,
    );
}

/** A petition_events row as D1 returns it (snake_case columns). */
export interface EventRow {
  petition_id: string;
  seq: number;
  type: string;
  is_public: number;
  at: string;
  actor: string;
  data: string;
  prev_hash: string;
  hash: string;
  /** Null for events from before migration 0018. */
  recorded_at?: string | null;
}

function mapEvent(r: EventRow): ChainedEvent {
  return {
    petitionId: r.petition_id,
    seq: r.seq,
    type: r.type,
    isPublic: r.is_public === 1,
    at: r.at,
    actor: r.actor,
    data: JSON.parse(r.data) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
    ...(r.recorded_at ? { recordedAt: r.recorded_at } : {}),
  };
}

export async function listEvents(db: Database, petitionId: string): Promise<ChainedEvent[]> {
  const { results } = await db
    .prepare(
      `SELECT petition_id, seq, type, is_public, at, actor, data, prev_hash, hash, recorded_at FROM petition_events
       WHERE petition_id = ? ORDER BY seq`,
    )
    .bind(petitionId)
    .all<EventRow>();
  return results.map(mapEvent);
}

/** The case as the next-due rule reads it, once the event is recorded. */
export interface CaseFacts {
  stage: CaseStage;
  kind: string;
  /** The state after the event (an action's target state). */
  status: CaseState;
}

export interface PreparedEvent {
  event: ChainedEvent;
  /** The case's next due date with the event (deadlines.nextDue). */
  due: CaseDue;
  /** Insert of the event, then the update of petitions.next_due_at/next_due_kind: for one batch. */
  statements: DbStatement[];
}

/** Stores a case's next due date (0011_case_due.sql in migrations/sqlite and migrations/postgres). */
export function caseDueStatement(db: Database, petitionId: string, due: CaseDue): DbStatement {
  return db
    .prepare('UPDATE petitions SET next_due_at = ?, next_due_kind = ? WHERE id = ?')
    .bind(due.at, due.kind, petitionId);
}

/** The next due date of a case from its facts and its whole chain. */
export function dueOf(facts: CaseFacts, events: readonly Pick<EventInput, 'type' | 'at' | 'data'>[]): CaseDue {
  return nextDue({ stage: facts.stage, kind: facts.kind, events, terminal: STATES[facts.status].terminal });
}

/**
 * The one way an event is added to a case: chained after `history` (the case's events so far, in
 * seq order) and with the case's next due date recomputed over the chain, as statements for the
 * caller's single batch next to whatever else the event changes (the case row, a rating, mail). So
 * the log, the state and the stored deadline are kept together or not at all. A writer that raced
 * for the same seq makes the batch fail with a DatabaseError of kind 'sequence'.
 */
export async function prepareEvent(
  db: Database,
  history: readonly ChainedEvent[],
  event: Omit<EventInput, 'seq'>,
  facts: CaseFacts,
  algorithm?: Parameters<typeof chainEvent>[2],
): Promise<PreparedEvent> {
  const last = history.at(-1);
  const chained = await chainEvent(
    last?.hash ?? '',
    // The server's clock, whatever `at` says (finding 12): not the request clock, not the caller's.
    { ...event, seq: (last?.seq ?? 0) + 1, recordedAt: new Date().toISOString() },
    algorithm ?? (await chainHashOf(db)),
  );
  const due = dueOf(facts, [...history, chained]);
  const statements = [insertEventStatement(db, chained)];
  // A new case starts with NULLs; only write when there is something to store.
  if (history.length > 0 || due.kind !== null) statements.push(caseDueStatement(db, event.petitionId, due));
  return { event: chained, due, statements };
}

/**
 * Appends one event after the current last one, on its own (ops and tests; request handlers use
 * prepareEvent inside their own batch). Two writers racing for the same seq cannot both win
 * (UNIQUE (petition_id, seq) and the chain trigger); the loser reads the new end and tries again.
 */
export async function appendEvent(
  db: Database,
  event: Omit<EventInput, 'seq'>,
  extra: DbStatement[] = [],
  suite?: string,
): Promise<ChainedEvent> {
  const algorithm = await chainHashOf(db, suite);
  for (let attempt = 0; ; attempt++) {
    const row = await db
      .prepare('SELECT stage, kind, status FROM petitions WHERE id = ?')
      .bind(event.petitionId)
      .first<{ stage: string; kind: string; status: string }>();
    if (!row) throw new Error(`appendEvent: no petition ${event.petitionId}`);
    const history = await listEvents(db, event.petitionId);
    const facts: CaseFacts = {
      stage: CaseStageSchema.parse(row.stage),
      kind: row.kind,
      status: CaseStateSchema.parse(row.status),
    };
    const prepared = await prepareEvent(db, history, event, facts, algorithm);
    try {
      await db.batch([...prepared.statements, ...extra]);
      return prepared.event;
    } catch (error) {
      if (attempt >= 4 || !isDbError(error, 'sequence')) throw error;
    }
  }
}

/** True when every event links to the one before it and every hash matches its content. */
export async function verifyChain(events: readonly ChainedEvent[], algorithm: ChainHash = 'sha256'): Promise<boolean> {
  let prev = '';
  for (const [i, e] of events.entries()) {
    if (e.seq !== i + 1 || e.prevHash !== prev) return false;
    const again = await chainEvent(prev, e, algorithm);
    if (again.hash !== e.hash) return false;
    prev = e.hash;
  }
  return true;
}
