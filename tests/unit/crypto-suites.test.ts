/**
 * The two crypto suites (src/server/crypto.ts), the chain hash record (chain-hash.ts) and the
 * re-key (rekey.ts). Known answers come from the published standards, and the suites are also
 * checked against Node's OpenSSL, an implementation independent of sm-crypto-v2.
 */
import { createCipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sm3, sm4 } from 'sm-crypto-v2';
import {
  ConfigError,
  SealError,
  currentScheme,
  fromBase64,
  keyedHash,
  keyedHashes,
  matchesAny,
  openRaw,
  openText,
  parseKeyRing,
  sealRaw,
  sealText,
  toBase64,
  toHex,
  type Sealed,
} from '../../src/server/crypto';
import { chainHashOf, readChainHash } from '../../src/server/chain-hash';
import {
  canonicalJson,
  chainEvent,
  insertEventStatement,
  verifyChain,
  type EventInput,
} from '../../src/server/petition-events';
import { verifyDatabase } from '../../src/server/audit';
import { countStale, rekeyDatabase } from '../../src/server/rekey';
import {
  insertAttachmentStatement,
  insertPetitionStatement,
  openPersonalData,
  sealPersonalData,
  type PersonalData,
} from '../../src/server/petition-store';
import { readAttachmentBytes, storeAttachments } from '../../src/server/attachments';
import { insertOutboxStatement, listOutbox } from '../../src/server/mail';
import { phoneHash, trackVerifier } from '../../src/server/lookup-hashes';
import { generateCode } from '../../src/lib/tracking-code';
import { sqliteDatabase, type SqliteDatabase } from '../../src/server/platform/sqlite';
import type { BlobStore } from '../../src/server/platform/ports';

const hex = (h: string) =>
  Uint8Array.from(
    h
      .replace(/\s+/g, '')
      .match(/../g)!
      .map((x) => parseInt(x, 16)),
  );
const key32 = () => randomBytes(32).toString('base64');
const enc = new TextEncoder();

describe('published test vectors', () => {
  it('SM3 of "abc" (GB/T 32905-2016, example 1)', () => {
    expect(sm3('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });

  it('SM3 of "abcd" × 16 (GB/T 32905-2016, example 2)', () => {
    expect(sm3('abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });

  it('SM4 one block (GB/T 32907-2016, example 1)', () => {
    const k = hex('0123456789abcdeffedcba9876543210');
    const c = sm4.encrypt(k, k, { padding: 'none', output: 'array' });
    expect(toHex(new Uint8Array(c))).toBe('681edf34d206965e86b3e94f536e4246');
    expect(toHex(new Uint8Array(sm4.decrypt(c, k, { padding: 'none', output: 'array' })))).toBe(
      '0123456789abcdeffedcba9876543210',
    );
  });

  // RFC 8998, Appendix A.1 (SM4-GCM, 12-byte IV, with associated data).
  const gcm = {
    key: hex('0123456789ABCDEFFEDCBA9876543210'),
    iv: hex('00001234567800000000ABCD'),
    aad: hex('FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2'),
    plain: hex(`AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBB CCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD
                EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFF EEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA`),
    ct: `17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735
         d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d`.replace(/\s+/g, ''),
    tag: '83de3541e4c2b58177e065a9bf7b62ec',
  };

  it('SM4-GCM encrypts RFC 8998 A.1 to the published ciphertext and tag', () => {
    const r = sm4.encrypt(gcm.plain, gcm.key, {
      mode: 'gcm',
      iv: gcm.iv,
      associatedData: gcm.aad,
      output: 'array',
      outputTag: true,
    });
    expect(toHex(new Uint8Array(r.output))).toBe(gcm.ct);
    expect(toHex(new Uint8Array(r.tag!))).toBe(gcm.tag);
  });

  it('SM4-GCM decrypts it, and refuses a changed tag, AAD or ciphertext', () => {
    const open = (ct: Uint8Array, tag: Uint8Array, aad: Uint8Array) =>
      toHex(
        new Uint8Array(
          sm4.decrypt(ct, gcm.key, { mode: 'gcm', iv: gcm.iv, associatedData: aad, tag, output: 'array' }),
        ),
      );
    expect(open(hex(gcm.ct), hex(gcm.tag), gcm.aad)).toBe(toHex(gcm.plain));
    const badTag = hex(gcm.tag);
    badTag[0]! ^= 1;
    expect(() => open(hex(gcm.ct), badTag, gcm.aad)).toThrow(/tag/);
    const badAad = gcm.aad.slice();
    badAad[19]! ^= 1;
    expect(() => open(hex(gcm.ct), hex(gcm.tag), badAad)).toThrow(/tag/);
    const badCt = hex(gcm.ct);
    badCt[63]! ^= 0x80;
    expect(() => open(badCt, hex(gcm.tag), gcm.aad)).toThrow(/tag/);
  });

  // GM/T 0042-2015 Appendix D.3, as carried in OpenSSL's test/recipes/30-test_evp_data/evpmac_sm3.txt.
  it('HMAC-SM3 (GM/T 0042-2015, Appendix D.3)', () => {
    expect(
      sm3(enc.encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'.repeat(2)), {
        key: hex('0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20'),
        mode: 'hmac',
      }),
    ).toBe('ca05e144ed05d1857840d1f318a4a8669e559fc8391f414485bfdf7bb408963a');
    expect(
      sm3(hex('cd'.repeat(50)), {
        key: hex('0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425'),
        mode: 'hmac',
      }),
    ).toBe('220bf579ded555393f0159f66c99877822a3ecf610d1552154b41d44b94db3ae');
  });
});

describe('suites agree with an independent implementation (Node OpenSSL)', () => {
  const DATA_KEY = key32();
  const HASH_KEY = key32();

  it('keyed hashes are HMAC-SHA-256 (aes) and HMAC-SM3 (sm) of purpose:value with HASH_KEY', async () => {
    const k = Buffer.from(HASH_KEY, 'base64');
    expect(await keyedHash({ HASH_KEY }, 'phone', '13987654321')).toBe(
      createHmac('sha256', k).update('phone:13987654321').digest('hex'),
    );
    expect(await keyedHash({ HASH_KEY, CRYPTO_SUITE: 'sm' }, 'phone', '13987654321')).toBe(
      createHmac('sm3', k).update('phone:13987654321').digest('hex'),
    );
  });

  it('sm seals with SM4-GCM under the HKDF-SM3 expansion of DATA_KEY (ciphertext = SM4-CTR from J0+1)', async () => {
    const env = { DATA_KEY, CRYPTO_SUITE: 'sm' };
    const plain = enc.encode('张三 13987654321 示例县示例路 1 号'.repeat(3));
    const { iv, ct, scheme } = await sealRaw(env, plain, 'petition-pii:x');
    expect(scheme).toBe('sm4gcm.k1');
    const sm4Key = Buffer.from(
      hkdfSync('sm3', Buffer.from(DATA_KEY, 'base64'), Buffer.alloc(0), 'xinfang-portal sm4-gcm data key', 16),
    );
    const counter = Buffer.concat([iv, Buffer.from([0, 0, 0, 2])]);
    const ctr = createCipheriv('sm4-ctr', sm4Key, counter);
    const expected = Buffer.concat([ctr.update(plain), ctr.final()]);
    expect(toHex(ct.subarray(0, ct.length - 16))).toBe(expected.toString('hex'));
    expect(ct.length).toBe(plain.length + 16);
  });

  it('aes seals with AES-256-GCM under DATA_KEY itself (as before suites)', async () => {
    const env = { DATA_KEY };
    const plain = enc.encode('张三');
    const { iv, ct, scheme } = await sealRaw(env, plain, 'ctx');
    expect(scheme).toBe('aes256gcm.k1');
    const c = createCipheriv('aes-256-gcm', Buffer.from(DATA_KEY, 'base64'), iv);
    c.setAAD(Buffer.from('ctx'));
    const expected = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
    expect(toHex(ct)).toBe(expected.toString('hex'));
  });
});

describe('self-describing sealed values', () => {
  const k1 = key32();
  const k2 = key32();
  const aes1 = { DATA_KEY: k1 };
  const sm1 = { DATA_KEY: k1, CRYPTO_SUITE: 'sm' };
  const sm2 = { DATA_KEY: k1, DATA_KEYS: `2:${k2}`, CRYPTO_SUITE: 'sm' };
  const aes2only = { DATA_KEY: '', DATA_KEYS: `2:${k2}` };

  /** A value as the code before suites wrote it: bare base64, AES-256-GCM with DATA_KEY. */
  async function legacySeal(text: string, context: string): Promise<Sealed> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const key = await crypto.subtle.importKey('raw', fromBase64(k1), 'AES-GCM', false, ['encrypt']);
    const ct = await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: enc.encode(context) },
      key,
      enc.encode(text),
    );
    return { iv: toBase64(iv), ct: toBase64(new Uint8Array(ct)) };
  }

  it('names its algorithm and key id, and opens under any suite setting', async () => {
    const a = await sealText(aes1, '李四', 'c');
    const s = await sealText(sm1, '李四', 'c');
    const s2 = await sealText(sm2, '李四', 'c');
    expect(a.ct).toMatch(/^aes256gcm\.k1\.[A-Za-z0-9+/=]+$/);
    expect(s.ct).toMatch(/^sm4gcm\.k1\.[A-Za-z0-9+/=]+$/);
    expect(s2.ct).toMatch(/^sm4gcm\.k2\./);
    expect(fromBase64(s.iv)).toHaveLength(12);
    for (const env of [aes1, sm1, sm2]) {
      expect(await openText(env, a, 'c')).toBe('李四');
      expect(await openText(env, s, 'c')).toBe('李四');
    }
    expect(await openText(sm2, s2, 'c')).toBe('李四');
    expect(await openText(aes2only, s2, 'c')).toBe('李四');
  });

  it('opens legacy values (no prefix) as aes256gcm with key 1', async () => {
    const legacy = await legacySeal('王五', 'petition-pii:p1');
    expect(legacy.ct).not.toContain('.');
    expect(await openText(aes1, legacy, 'petition-pii:p1')).toBe('王五');
    expect(await openText(sm2, legacy, 'petition-pii:p1')).toBe('王五');
  });

  it('refuses a wrong context (AAD), a changed byte or tag, and a missing key', async () => {
    for (const env of [aes1, sm1]) {
      const v = await sealText(env, '赵六', 'mail-to:1');
      await expect(openText(env, v, 'mail-to:2')).rejects.toBeInstanceOf(SealError);
      const [scheme, b64] = [v.ct.slice(0, v.ct.lastIndexOf('.')), v.ct.slice(v.ct.lastIndexOf('.') + 1)];
      const bytes = fromBase64(b64);
      for (const at of [0, bytes.length - 1]) {
        const bad = bytes.slice();
        bad[at]! ^= 1;
        await expect(openText(env, { iv: v.iv, ct: `${scheme}.${toBase64(bad)}` }, 'mail-to:1')).rejects.toBeInstanceOf(
          SealError,
        );
      }
      // Without its tag a value must not open (sm-crypto-v2 skips the check when no tag is given).
      const short = toBase64(bytes.slice(0, bytes.length - 16));
      await expect(openText(env, { iv: v.iv, ct: `${scheme}.${short}` }, 'mail-to:1')).rejects.toBeInstanceOf(
        SealError,
      );
      // The same ciphertext claimed by the other algorithm does not open either.
      const other = scheme.startsWith('sm4') ? 'aes256gcm.k1' : 'sm4gcm.k1';
      await expect(openText(env, { iv: v.iv, ct: `${other}.${b64}` }, 'mail-to:1')).rejects.toBeInstanceOf(SealError);
    }
    const v2 = await sealText(sm2, 'x', 'c');
    await expect(openText(sm1, v2, 'c')).rejects.toBeInstanceOf(ConfigError);
    await expect(openText(aes1, { iv: 'AAAAAAAAAAAAAAAA', ct: 'rot13.k1.AAAA' }, 'c')).rejects.toBeInstanceOf(
      SealError,
    );
  });

  it('reads the key settings strictly', () => {
    expect(parseKeyRing('DATA_KEY', k1, `2:${k2}`).current).toBe(2);
    expect(parseKeyRing('DATA_KEY', k1, undefined).current).toBe(1);
    expect(parseKeyRing('DATA_KEY', k1, ` 3:${k2} , 1:${k1} `).current).toBe(3);
    expect(() => parseKeyRing('DATA_KEY', k1, `1:${k2}`)).toThrow(ConfigError);
    expect(() => parseKeyRing('DATA_KEY', k1, `2:${k2},2:${k1}`)).toThrow(ConfigError);
    expect(() => parseKeyRing('DATA_KEY', k1, `two:${k2}`)).toThrow(ConfigError);
    expect(() => parseKeyRing('DATA_KEY', k1, `2:${randomBytes(16).toString('base64')}`)).toThrow(ConfigError);
    expect(() => parseKeyRing('DATA_KEY', '', '')).toThrow(ConfigError);
    expect(() => currentScheme({ DATA_KEY: k1, CRYPTO_SUITE: 'des' })).toThrow(ConfigError);
    expect(currentScheme({ DATA_KEY: k1, DATA_KEYS: `7:${k2}`, CRYPTO_SUITE: 'sm' })).toBe('sm4gcm.k7');
  });

  it('keyed hashes use the current hash key; verification accepts every listed key', async () => {
    const h1 = key32();
    const h2 = key32();
    const before = { HASH_KEY: h1, CRYPTO_SUITE: 'sm' };
    const after = { HASH_KEY: h1, HASH_KEYS: `2:${h2}`, CRYPTO_SUITE: 'sm' };
    const old = await keyedHash(before, 'receipt', 'ABC');
    const now = await keyedHash(after, 'receipt', 'ABC');
    expect(now).not.toBe(old);
    expect(now).toMatch(/^[0-9a-f]{64}$/);
    const candidates = await keyedHashes(after, 'receipt', 'ABC');
    expect(candidates).toEqual([now, old]);
    expect(matchesAny(candidates, old)).toBe(true);
    expect(matchesAny(candidates, '0'.repeat(64))).toBe(false);
    // The other suite's MAC is not accepted.
    expect(matchesAny(candidates, await keyedHash({ HASH_KEY: h1 }, 'receipt', 'ABC'))).toBe(false);
  });
});

describe('hash chain', () => {
  const event: EventInput = {
    petitionId: 'p1',
    seq: 1,
    type: 'submitted',
    isPublic: true,
    at: '2026-11-22T02:33:48.123Z',
    actor: 'citizen',
    data: { channel: 'online', kind: 'claim' },
  };

  it('keeps its canonical form: sha256 links are what they always were', async () => {
    const body = canonicalJson({ ...event });
    const e1 = await chainEvent('', event);
    expect(e1.hash).toBe(createHash('sha256').update(body).digest('hex'));
    const e2 = await chainEvent('', event, 'sm3');
    expect(e2.hash).toBe(createHash('sm3').update(body).digest('hex'));
    expect(await verifyChain([e2], 'sm3')).toBe(true);
    expect(await verifyChain([e2])).toBe(false);
  });
});

/** A blob store in memory, with the same contract as the filesystem and R2 ones. */
function memoryBlobs(): BlobStore & {
  map: Map<string, { bytes: Uint8Array<ArrayBuffer>; meta: Record<string, string> }>;
} {
  const map = new Map<string, { bytes: Uint8Array<ArrayBuffer>; meta: Record<string, string> }>();
  return {
    map,
    put: (key, bytes, meta) => {
      map.set(key, { bytes: bytes.slice(), meta: { ...meta } });
      return Promise.resolve();
    },
    get: (key) => Promise.resolve(map.get(key) ?? null),
    delete: (keys) => {
      for (const k of keys) map.delete(k);
      return Promise.resolve();
    },
  };
}

describe('on a real SQLite database (migrations/sqlite)', () => {
  let dir = '';
  let db: SqliteDatabase | null = null;
  afterEach(async () => {
    await db?.close();
    db = null;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function freshDatabase(): SqliteDatabase {
    dir = mkdtempSync(join(tmpdir(), 'crypto-suites-'));
    db = sqliteDatabase(join(dir, 'test.sqlite'));
    for (const f of readdirSync('migrations/sqlite')
      .filter((f) => f.endsWith('.sql'))
      .sort()) {
      db.raw.exec(readFileSync(join('migrations/sqlite', f), 'utf8'));
    }
    return db;
  }

  it('records the chain hash once: sm3 for a new database under sm, sha256 when events exist', async () => {
    const db1 = freshDatabase();
    expect(await readChainHash(db1)).toBe('sha256');
    expect(await chainHashOf(db1, 'sm')).toBe('sm3');
    expect(await db1.prepare("SELECT value FROM meta WHERE key = 'chain_hash'").first('value')).toBe('sm3');
    // Written once: a later process with another suite reads the record.
    await db1.close();
    const again = sqliteDatabase(join(dir, 'test.sqlite'));
    expect(await chainHashOf(again, 'aes')).toBe('sm3');
    await again.close();
  });

  it('an existing database without a record keeps SHA-256, and its chains verify', async () => {
    const d = freshDatabase();
    const env = { DATA_KEY: key32(), HASH_KEY: key32() };
    await insertPetition(d, env, '13900000001');
    const e = await chainEvent('', {
      petitionId: 'p-13900000001',
      seq: 1,
      type: 'submitted',
      isPublic: true,
      at: 'x',
      actor: 'citizen',
      data: {},
    });
    await insertEventStatement(d, e).run();
    expect(await chainHashOf(d, 'sm')).toBe('sha256');
    expect((await verifyDatabase(d)).broken).toEqual([]);
  });

  it('an SM3 chain verifies with the recorded algorithm', async () => {
    const d = freshDatabase();
    const env = { DATA_KEY: key32(), HASH_KEY: key32(), CRYPTO_SUITE: 'sm' };
    await insertPetition(d, env, '13900000002');
    const algorithm = await chainHashOf(d, 'sm');
    const e1 = await chainEvent(
      '',
      { petitionId: 'p-13900000002', seq: 1, type: 'submitted', isPublic: true, at: 'x', actor: 'citizen', data: {} },
      algorithm,
    );
    const e2 = await chainEvent(e1.hash, { ...e1, seq: 2, type: 'register', actor: 'demo-admin' }, algorithm);
    await d.batch([insertEventStatement(d, e1), insertEventStatement(d, e2)]);
    const report = await verifyDatabase(d);
    expect(report.events).toBe(2);
    expect(report.broken).toEqual([]);
  });

  async function insertPetition(
    d: SqliteDatabase,
    env: { DATA_KEY: string; HASH_KEY: string; CRYPTO_SUITE?: string; DATA_KEYS?: string; HASH_KEYS?: string },
    phone: string,
  ) {
    const id = `p-${phone}`;
    const code = generateCode();
    const pii: PersonalData = { name: '测试人', phone, email: `${phone}@example.com`, address: '示例县示例路 1 号' };
    await insertPetitionStatement(d, {
      id,
      code,
      submissionId: crypto.randomUUID(),
      kind: 'claim',
      issueArea: 'labour',
      region: 'town-a',
      title: '示例标题',
      request: '示例请求',
      facts: '示例事实',
      otherProcedure: 'none',
      phoneHash: await phoneHash(env, phone),
      trackVerifier: await trackVerifier(env, code, phone.slice(-4)),
      hasEmail: true,
      attachmentCount: 0,
      createdAt: '2026-11-22T00:00:00.000Z',
      pii: await sealPersonalData(env, id, pii),
    }).run();
    return { id, code, pii };
  }

  it('re-key: rows sealed with the old key are readable only with the new one afterwards', async () => {
    const d = freshDatabase();
    const blobs = memoryBlobs();
    const [k1, h1, k2, h2] = [key32(), key32(), key32(), key32()];
    const oldEnv = { DATA_KEY: k1, HASH_KEY: h1 };
    const rotating = { DATA_KEY: k1, DATA_KEYS: `2:${k2}`, HASH_KEY: h1, HASH_KEYS: `2:${h2}`, CRYPTO_SUITE: 'sm' };
    const newOnly = { DATA_KEY: '', DATA_KEYS: `2:${k2}`, HASH_KEY: '', HASH_KEYS: `2:${h2}`, CRYPTO_SUITE: 'sm' };

    const petitions = [];
    for (let i = 0; i < 5; i++) petitions.push(await insertPetition(d, oldEnv, `1390000001${i}`));
    const first = petitions[0]!;
    // An attachment (name in the row, bytes in the blob store) and a mail, all under the old key.
    const bytes = enc.encode('%PDF-1.7 示例附件内容');
    const [att] = await storeAttachments(
      { ...oldEnv, ATTACHMENTS: blobs },
      first.id,
      [{ name: '张三身份证.pdf', mime: 'application/pdf', bytes }],
      'x',
    );
    await insertAttachmentStatement(d, att!).run();
    await (
      await insertOutboxStatement(
        oldEnv,
        d,
        { id: 'm1', petitionId: first.id, kind: 'receipt', to: first.pii.email!, subject: 's', html: 'h', text: 't' },
        'x',
      )
    ).run();
    // A row anonymised by retention holds nothing to re-seal.
    d.raw.exec(
      `UPDATE petitions SET pii_iv = '', pii_ct = '', phone_hash = 'anonymised:' || id, track_verifier = 'anonymised:' || id WHERE id = '${petitions[4]!.id}'`,
    );

    // 4 personal records, 1 attachment name, and the mail's recipient and its body (migration 0014).
    expect(await countStale(d, rotating)).toBe(7);
    const report = await rekeyDatabase(d, blobs, rotating, { batchSize: 2 });
    expect(report).toEqual({ sealed: 4 + 1 + 2, hashes: 4 * 2, blobs: 1 });
    expect(await countStale(d, rotating)).toBe(0);
    // Idempotent: nothing left to do.
    expect(await rekeyDatabase(d, blobs, rotating, { batchSize: 2 })).toEqual({ sealed: 0, hashes: 0, blobs: 0 });

    // Readable with the new key alone …
    for (const p of petitions.slice(0, 4)) {
      expect(await openPersonalData(newOnly, d, p.id)).toEqual(p.pii);
      const row = await d
        .prepare('SELECT pii_ct, phone_hash, track_verifier FROM petitions WHERE id = ?')
        .bind(p.id)
        .first<Record<string, string>>();
      expect(row!['pii_ct']).toMatch(/^sm4gcm\.k2\./);
      expect(row!['phone_hash']).toBe(await phoneHash(newOnly, p.pii.phone));
      expect(row!['track_verifier']).toBe(await trackVerifier(newOnly, p.code, p.pii.phone.slice(-4)));
    }
    expect(await readAttachmentBytes({ ...newOnly, ATTACHMENTS: blobs }, att!.r2Key)).toEqual(bytes);
    expect(blobs.map.get(att!.r2Key)!.meta).toMatchObject({ scheme: 'sm4gcm.k2', mime: 'application/pdf' });
    expect([...blobs.map.keys()]).toEqual([att!.r2Key]);
    const name = await d.prepare('SELECT name_iv AS iv, name_ct AS ct FROM attachments').first<Sealed>();
    expect(await openText(newOnly, name!, `attachment-name:${att!.id}`)).toBe('张三身份证.pdf');
    expect((await listOutbox({ ...newOnly, DB: d })).map((m) => m.to)).toEqual([first.pii.email]);
    const anonymised = await d
      .prepare('SELECT pii_ct, phone_hash FROM petitions WHERE id = ?')
      .bind(petitions[4]!.id)
      .first<Record<string, string>>();
    expect(anonymised).toEqual({ pii_ct: '', phone_hash: `anonymised:${petitions[4]!.id}` });

    // … and no longer with the old one.
    await expect(openPersonalData(oldEnv, d, first.id)).rejects.toBeInstanceOf(ConfigError);
    await expect(readAttachmentBytes({ ...oldEnv, ATTACHMENTS: blobs }, att!.r2Key)).rejects.toBeInstanceOf(
      ConfigError,
    );
    await expect(listOutbox({ ...oldEnv, DB: d })).rejects.toBeInstanceOf(ConfigError);
    // The old key listed again under id 2's place would not open them either.
    await expect(openPersonalData({ DATA_KEY: '', DATA_KEYS: `2:${k1}` }, d, first.id)).rejects.toBeInstanceOf(
      SealError,
    );
  });

  it('re-key resumes after a crash in the middle of rewriting a blob', async () => {
    const d = freshDatabase();
    const blobs = memoryBlobs();
    const oldEnv = { DATA_KEY: key32(), HASH_KEY: key32() };
    const newEnv = { ...oldEnv, DATA_KEYS: `2:${key32()}`, CRYPTO_SUITE: 'sm' };
    const p = await insertPetition(d, oldEnv, '13900000020');
    const bytes = enc.encode('\x89PNG 示例图片');
    const [att] = await storeAttachments(
      { ...oldEnv, ATTACHMENTS: blobs },
      p.id,
      [{ name: 'a.png', mime: 'image/png', bytes }],
      'x',
    );
    await insertAttachmentStatement(d, att!).run();
    // What a non-atomic put leaves when it dies halfway: the backup, and new meta on the old bytes.
    const original = blobs.map.get(att!.r2Key)!;
    await blobs.put(`${att!.r2Key}.rekey-old`, original.bytes, original.meta);
    const fresh = await sealRaw(newEnv, bytes, `attachment:${att!.r2Key}`);
    await blobs.put(att!.r2Key, original.bytes, { ...original.meta, iv: toBase64(fresh.iv), scheme: fresh.scheme });
    await expect(readAttachmentBytes({ ...newEnv, ATTACHMENTS: blobs }, att!.r2Key)).rejects.toBeInstanceOf(SealError);

    const report = await rekeyDatabase(d, blobs, newEnv);
    expect(report.blobs).toBe(1);
    expect(await readAttachmentBytes({ ...newEnv, ATTACHMENTS: blobs }, att!.r2Key)).toEqual(bytes);
    expect(blobs.map.has(`${att!.r2Key}.rekey-old`)).toBe(false);
  });

  it('re-key refuses, rather than skips, a value no configured key opens', async () => {
    const d = freshDatabase();
    const blobs = memoryBlobs();
    const env = { DATA_KEY: key32(), HASH_KEY: key32() };
    await insertPetition(d, env, '13900000030');
    await expect(
      rekeyDatabase(d, blobs, { DATA_KEY: key32(), HASH_KEY: env.HASH_KEY, CRYPTO_SUITE: 'sm' }),
    ).rejects.toBeInstanceOf(SealError);
  });

  it('raw blobs without a scheme in their meta open as legacy aes256gcm.k1', async () => {
    const env = { DATA_KEY: key32() };
    const { iv, ct } = await sealRaw(env, enc.encode('x'), 'attachment:k');
    expect(new TextDecoder().decode(await openRaw({ ...env, CRYPTO_SUITE: 'sm' }, iv, ct, 'attachment:k'))).toBe('x');
  });
});
