/**
 * The 国密 suite (CRYPTO_SUITE=sm) inside the runtime under test: sm-crypto-v2 must bundle and run
 * in workerd as well as on Node (sm-crypto v1 fails at import in workerd), and a petition submitted
 * under it is sealed with SM4-GCM, keyed with HMAC-SM3 and still opens, tracks and verifies.
 */
import { describe, expect, it } from 'vitest';
import { sm3 } from 'sm-crypto-v2';
import { call, env, postJson, TARGET, validPetition } from './helpers';
import { keyedHash, openRaw, openText, sealRaw, sealText, sm3Hex } from '../../src/server/crypto';
import { readChainHash } from '../../src/server/chain-hash';
import { verifyDatabase } from '../../src/server/audit';
import { openPersonalData } from '../../src/server/petition-store';
import { normaliseCode } from '../../src/lib/tracking-code';

const sm = { ...env, CRYPTO_SUITE: 'sm' };
const enc = new TextEncoder();

describe(`the sm suite runs on ${TARGET}`, () => {
  it('runs where it should', () => {
    if (TARGET === 'workerd+d1') expect(navigator.userAgent).toBe('Cloudflare-Workers');
  });

  it('computes the published SM3 and HMAC-SM3 answers here', () => {
    expect(sm3Hex('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
    // GM/T 0042-2015 Appendix D.3
    const key = Uint8Array.from({ length: 37 }, (_, i) => i + 1);
    expect(sm3(new Uint8Array(50).fill(0xcd), { key, mode: 'hmac' })).toBe(
      '220bf579ded555393f0159f66c99877822a3ecf610d1552154b41d44b94db3ae',
    );
  });

  it('seals and opens with SM4-GCM, and refuses another context', async () => {
    const sealed = await sealText(sm, '张三 13987654321', 'petition-pii:w1');
    expect(sealed.ct).toMatch(/^sm4gcm\.k1\./);
    expect(await openText(sm, sealed, 'petition-pii:w1')).toBe('张三 13987654321');
    await expect(openText(sm, sealed, 'petition-pii:w2')).rejects.toThrow();
    const bytes = enc.encode('%PDF-1.7 '.repeat(10_000));
    const raw = await sealRaw(sm, bytes, 'attachment:k');
    expect(await openRaw(sm, raw.iv, raw.ct, 'attachment:k', raw.scheme)).toEqual(bytes);
  });

  it('keys hashes with HMAC-SM3', async () => {
    const h = await keyedHash(sm, 'phone', '13987654321');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toBe(await keyedHash(env, 'phone', '13987654321'));
  });

  it('stores a submitted petition under the sm suite, and it opens, shows its receipt and verifies', async () => {
    const r = await call(postJson('/api/petitions', validPetition()), { CRYPTO_SUITE: 'sm' });
    expect(r.status).toBe(201);
    const { code, receiptUrl } = await r.json<{ code: string; receiptUrl: string }>();
    const row = await env.DB.prepare('SELECT id, pii_ct, phone_hash FROM petitions WHERE code = ?')
      .bind(normaliseCode(code))
      .first<{ id: string; pii_ct: string; phone_hash: string }>();
    expect(row!.pii_ct).toMatch(/^sm4gcm\.k1\./);
    const pii = await openPersonalData(sm, env.DB, row!.id);
    expect(row!.phone_hash).toBe(await keyedHash(sm, 'phone', pii!.phone));
    const receipt = await call(new Request(new URL(receiptUrl, 'https://xinfang.example')), { CRYPTO_SUITE: 'sm' });
    expect(receipt.status).toBe(200);
    // This file's database is new, so its first event (this one) recorded SM3.
    expect(await readChainHash(env.DB)).toBe('sm3');
    expect((await verifyDatabase(env.DB)).broken).toEqual([]);
  });
});
