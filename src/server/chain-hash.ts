/**
 * Which hash links the event chain (petition-events.ts): SHA-256 or SM3, one per database, recorded
 * in meta as `chain_hash` when the database is first used. A new database under CRYPTO_SUITE=sm
 * gets SM3, any other new database SHA-256. A database that already has events and no record is
 * SHA-256, which it always was (migration 0012 records that). The record never changes afterwards:
 * the chain is append-only, so its history cannot be re-hashed under another algorithm, and the
 * canonical form of an event is the same for both.
 *
 * The entry of each runtime should call `chainHashOf(db, env.CRYPTO_SUITE)` once at start, so the
 * choice is made with the configured suite; a writer that gets there first without a suite records
 * SHA-256, which is safe (the chain verifies) but not SM3.
 */
import type { Database } from './platform/database';
import { cryptoSuite, sha256Hex, sm3Hex } from './crypto';

export const CHAIN_HASHES = ['sha256', 'sm3'] as const;
export type ChainHash = (typeof CHAIN_HASHES)[number];

const CHAIN_HASH_SQL = "SELECT value FROM meta WHERE key = 'chain_hash'";

function parseChainHash(value: string): ChainHash {
  if (!(CHAIN_HASHES as readonly string[]).includes(value)) {
    // Chaining on with a guessed algorithm would write links nothing can verify.
    throw new Error(`meta.chain_hash is ${JSON.stringify(value)}, expected one of ${CHAIN_HASHES.join(', ')}`);
  }
  return value as ChainHash;
}

/** The recorded chain hash, recording nothing (an audit must not decide it): absent is SHA-256. */
export async function readChainHash(db: Database): Promise<ChainHash> {
  const value = await db.prepare(CHAIN_HASH_SQL).first<string>('value');
  return value === null ? 'sha256' : parseChainHash(value);
}

// One read per database object and process: the record never changes once written.
const known = new WeakMap<Database, Promise<ChainHash>>();

/**
 * The database's chain hash, recorded on first use. Writers racing on a new database agree: the
 * first INSERT wins and every writer reads back what was kept.
 */
export function chainHashOf(db: Database, suite?: string): Promise<ChainHash> {
  let algorithm = known.get(db);
  if (!algorithm) {
    algorithm = (async () => {
      const value = await db.prepare(CHAIN_HASH_SQL).first<string>('value');
      if (value !== null) return parseChainHash(value);
      const hasEvents = await db.prepare('SELECT 1 AS one FROM petition_events LIMIT 1').first();
      const choice: ChainHash = !hasEvents && cryptoSuite({ CRYPTO_SUITE: suite }) === 'sm' ? 'sm3' : 'sha256';
      await db
        .prepare("INSERT INTO meta (key, value) VALUES ('chain_hash', ?) ON CONFLICT (key) DO NOTHING")
        .bind(choice)
        .run();
      return parseChainHash((await db.prepare(CHAIN_HASH_SQL).first<string>('value')) ?? choice);
    })();
    known.set(db, algorithm);
    // A failed read is not remembered: the next call tries again.
    algorithm.catch(() => known.delete(db));
  }
  return algorithm;
}

/** The link hash in hex (64 digits for both). */
export async function chainDigest(algorithm: ChainHash, data: string): Promise<string> {
  return algorithm === 'sm3' ? sm3Hex(data) : sha256Hex(data);
}
