// Issue 13's keyed hashes under a hash-key rotation: the re-key recomputes the repeat-petition
// hashes (id_hash, name_phone_hash) where a row has them, keeps a PIN case tracking with its PIN,
// and leaves a phone-less case with its own marker instead of the hash of '' that every phone-less
// person would share.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { generateCode } from '../../src/lib/tracking-code';
import {
  idNumberHash,
  namePhoneHash,
  noPhoneMarker,
  petitionPhoneHash,
  phoneHash,
  trackVerifier,
} from '../../src/server/lookup-hashes';
import { insertPetitionStatement, sealPersonalData, type PersonalData } from '../../src/server/petition-store';
import type { BlobStore } from '../../src/server/platform/ports';
import { sqliteDatabase, type SqliteDatabase } from '../../src/server/platform/sqlite';
import { rekeyDatabase } from '../../src/server/rekey';

const key32 = () => randomBytes(32).toString('base64');
const noBlobs: BlobStore = {
  put: () => Promise.resolve(),
  get: () => Promise.resolve(null),
  delete: () => Promise.resolve(),
};

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function freshDatabase(): SqliteDatabase {
  dir = mkdtempSync(join(tmpdir(), 'rekey-repeat-'));
  const db = sqliteDatabase(join(dir, 'test.sqlite'));
  for (const f of readdirSync('migrations/sqlite')
    .filter((f) => f.endsWith('.sql'))
    .sort())
    db.raw.exec(readFileSync(join('migrations/sqlite', f), 'utf8'));
  return db;
}

type Env = { DATA_KEY: string; HASH_KEY: string; DATA_KEYS?: string; HASH_KEYS?: string };

async function insert(db: SqliteDatabase, env: Env, id: string, pii: PersonalData, repeatHashes: boolean) {
  const code = generateCode();
  await insertPetitionStatement(db, {
    id,
    code,
    submissionId: crypto.randomUUID(),
    channel: 'letter',
    kind: 'claim',
    issueArea: 'labour',
    region: 'town-a',
    title: '示例标题',
    request: '示例请求',
    facts: '示例事实',
    otherProcedure: 'none',
    phoneHash: await petitionPhoneHash(env, id, pii.phone),
    trackVerifier: await trackVerifier(env, code, pii.pin ?? pii.phone.slice(-4)),
    hasEmail: false,
    attachmentCount: 0,
    createdAt: '2026-11-22T00:00:00.000Z',
    pii: await sealPersonalData(env, id, pii),
    idHash: repeatHashes && pii.idNumber ? await idNumberHash(env, pii.idNumber) : null,
    namePhoneHash: repeatHashes && pii.phone ? await namePhoneHash(env, pii.name, pii.phone) : null,
  }).run();
  return code;
}

const row = (db: SqliteDatabase, id: string) =>
  db
    .prepare('SELECT phone_hash, track_verifier, id_hash, name_phone_hash FROM petitions WHERE id = ?')
    .bind(id)
    .first<{ phone_hash: string; track_verifier: string; id_hash: string | null; name_phone_hash: string | null }>();

describe('re-key and the repeat-petition hashes', () => {
  it('recomputes id_hash and name_phone_hash, keeps the PIN and the phone-less marker', async () => {
    const db = freshDatabase();
    const [h1, h2, k1] = [key32(), key32(), key32()];
    const oldEnv: Env = { DATA_KEY: k1, HASH_KEY: h1 };
    const rotating: Env = { DATA_KEY: k1, HASH_KEY: h1, HASH_KEYS: `2:${h2}` };
    const newOnly: Env = { DATA_KEY: k1, HASH_KEY: '', HASH_KEYS: `2:${h2}` };

    const person: PersonalData = {
      name: '周 重复',
      phone: '13955556666',
      address: '示例县示例路 1 号',
      idNumber: '11010519491231002X',
    };
    const walkIn: PersonalData = { name: '孙老汉', phone: '', address: '示例县示例路 2 号', pin: '4821' };
    const other: PersonalData = { name: '钱老太', phone: '', address: '示例县示例路 3 号', pin: '1379' };
    const personCode = await insert(db, oldEnv, 'p-person', person, true);
    const walkInCode = await insert(db, oldEnv, 'p-walkin', walkIn, true);
    await insert(db, oldEnv, 'p-other', other, true);
    // A 复查 case is written without the repeat hashes (staff-citizen.ts): it stays without.
    await insert(db, oldEnv, 'p-review', person, false);

    const before = await row(db, 'p-walkin');
    expect(before!.phone_hash).toBe(noPhoneMarker('p-walkin'));
    expect((await row(db, 'p-other'))!.phone_hash).not.toBe(before!.phone_hash);
    expect(before!.phone_hash).not.toBe(await phoneHash(oldEnv, ''));

    const report = await rekeyDatabase(db, noBlobs, rotating, { batchSize: 2 });
    // person: phone, verifier, id, name+phone; each walk-in: its verifier; the 复查 case: phone, verifier.
    expect(report).toEqual({ sealed: 0, hashes: 4 + 1 + 1 + 2, blobs: 0 });
    expect(await rekeyDatabase(db, noBlobs, rotating)).toEqual({ sealed: 0, hashes: 0, blobs: 0 });

    expect(await row(db, 'p-person')).toEqual({
      phone_hash: await phoneHash(newOnly, person.phone),
      track_verifier: await trackVerifier(newOnly, personCode, '6666'),
      id_hash: await idNumberHash(newOnly, person.idNumber!),
      name_phone_hash: await namePhoneHash(newOnly, '周重复', person.phone),
    });
    expect(await row(db, 'p-walkin')).toEqual({
      phone_hash: noPhoneMarker('p-walkin'),
      track_verifier: await trackVerifier(newOnly, walkInCode, '4821'),
      id_hash: null,
      name_phone_hash: null,
    });
    expect(await row(db, 'p-review')).toMatchObject({ id_hash: null, name_phone_hash: null });
  });
});
