/**
 * The two Node adapters as test targets, each on an empty database of its own: SQLite in a file
 * of a temporary folder, PostgreSQL as a new database on the server of the globalSetup
 * (tests/support/postgres-server.ts). `reopen` gives a second, independent connection (pool) to
 * the same database, for races between two clients.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { Database } from '../../src/server/platform/database';
import { postgresDatabase, type PostgresOptions } from '../../src/server/platform/postgres';
import { sqliteDatabase } from '../../src/server/platform/sqlite';

export const TARGETS = ['sqlite', 'postgres'] as const;
export type TargetKind = (typeof TARGETS)[number];

export interface Target {
  kind: TargetKind;
  db: Database;
  reopen(options?: PostgresOptions): Database;
  /** Closes every connection opened here and drops the database. */
  cleanup(): Promise<void>;
}

export async function openTarget(kind: TargetKind): Promise<Target> {
  const opened: Database[] = [];
  const track = <T extends Database>(db: T): T => (opened.push(db), db);
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'xf-platform-'));
    const file = join(dir, 'test.sqlite');
    return {
      kind,
      db: track(sqliteDatabase(file)),
      reopen: () => track(sqliteDatabase(file)),
      async cleanup() {
        for (const db of opened) await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const serverUrl = inject('postgresUrl');
  const name = `platform_${randomBytes(6).toString('hex')}`;
  const admin = postgresDatabase(serverUrl, { max: 1 });
  await admin.exec(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    db: track(postgresDatabase(url.toString())),
    reopen: (options) => track(postgresDatabase(url.toString(), options)),
    async cleanup() {
      for (const db of opened) await db.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${name}`);
      await admin.close();
    },
  };
}

/** The columns of a petition row that the NOT NULL constraints ask for; `over` replaces any. */
export function petitionRow(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    code: `C${id.replace(/[^A-Za-z0-9]/g, '').padEnd(11, '0')}`.slice(0, 12),
    submission_id: `sub-${id}`,
    kind: 'claim',
    issue_area: 'labour',
    region: 'chengguan',
    title: '工资拖欠',
    request: 'r',
    facts: 'f',
    pii_iv: 'iv',
    pii_ct: 'ct',
    phone_hash: 'ph',
    track_verifier: 'tv',
    created_at: '2026-11-22T02:00:00.000Z',
    updated_at: '2026-11-22T02:00:00.000Z',
    ...over,
  };
}

export function insertPetition(db: Database, id: string, over: Record<string, unknown> = {}) {
  const row = petitionRow(id, over);
  const cols = Object.keys(row);
  return db
    .prepare(`INSERT INTO petitions (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`)
    .bind(...Object.values(row));
}

/** An event of a valid chain by default: seq n links to chainHash(petition, n - 1), '' for the first. */
export function insertEvent(
  db: Database,
  petitionId: string,
  seq: number,
  over: { prevHash?: string; hash?: string; type?: string; isPublic?: boolean; data?: string; at?: string } = {},
) {
  return db
    .prepare(
      `INSERT INTO petition_events (petition_id, seq, type, is_public, at, actor, data, prev_hash, hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      petitionId,
      seq,
      over.type ?? 'submitted',
      over.isPublic ?? true,
      over.at ?? `2026-11-22T02:00:0${seq % 10}.000Z`,
      'citizen',
      over.data ?? '{"channel":"online"}',
      over.prevHash ?? (seq === 1 ? '' : chainHash(petitionId, seq - 1)),
      over.hash ?? chainHash(petitionId, seq),
    );
}

/** A distinct 64-hex hash per (petition, seq), so chains of different petitions never collide. */
export function chainHash(petitionId: string, seq: number): string {
  let h = 0;
  for (const ch of petitionId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `${h.toString(16).padStart(8, '0')}${seq.toString(16).padStart(56, '0')}`;
}
