/**
 * Personal data at rest and keyed lookups, in two suites that run in workerd and in Node alike:
 * - 'aes' (default): AES-256-GCM and HMAC-SHA-256, through WebCrypto;
 * - 'sm' (国密, for GB/T 39786 assessments): SM4-GCM and HMAC-SM3, through sm-crypto-v2 (pure
 *   JavaScript on @noble; WebCrypto has no SM algorithms). sm-crypto v1 is not usable: it ignores
 *   `mode: 'gcm'` without a word and fails at import in workerd.
 *
 * Sealed values describe themselves, so one database can hold values of several suites and keys
 * while a rotation is under way. Storage keeps two columns per value:
 *   *_iv  base64 of the 12-byte IV;
 *   *_ct  `<algorithm>.k<key id>.<base64 of ciphertext + 16-byte tag>`, e.g. `sm4gcm.k2.q83v…`.
 * A ct without a prefix (base64 has no '.') is the format before suites: aes256gcm with key 1.
 * Blobs (attachments) carry the same `<algorithm>.k<key id>` as `scheme` in their meta record.
 * Every value is sealed with associated data naming what it is and which row it belongs to, so a
 * ciphertext copied to another row or column fails to open. The AAD has not changed, so values
 * written before suites still open.
 *
 * Keys. DATA_KEY and HASH_KEY are key id 1. DATA_KEYS / HASH_KEYS optionally list more as
 * `id:base64,id:base64`, the first being the current one (what new values use); the others only
 * open or verify older values. Every key is 32 random bytes: AES-256 uses it as is, HMAC-SHA-256 and
 * HMAC-SM3 use it as the HMAC key, and SM4 (128-bit) uses the HKDF-SM3 (RFC 5869) expansion of it,
 * so one key never serves two algorithms directly.
 *
 * Rotating a data key: put the new key first in DATA_KEYS, keep the old ones listed, restart, then
 * run the re-key (src/server/rekey.ts, `npm run rekey`), which re-seals every value and blob to the
 * current suite and key. Once a second run reports nothing left to do, an old key may be removed;
 * removing it earlier makes the values still sealed with it unreadable.
 *
 * Rotating a hash key (or switching the suite, which changes the MAC) is different, because a keyed
 * hash is looked up by equality and carries no key id (some columns are CHECKed to 64 hex digits):
 * - phone_hash and track_verifier are recomputed by the re-key from the sealed personal data (the
 *   phone number; the verifier is code + its last four digits). Until it has run, the tracking page
 *   still accepts a verifier made with any key listed in HASH_KEYS (`keyedHashes`), but not one made
 *   with the other suite: switch suites in a maintenance window and re-key straight away.
 * - receipt tags are in links the citizen already holds and cannot be recomputed: they verify
 *   against every listed hash key, so keep a retired hash key listed as long as its links matter.
 * - rate-limit keys hash the client address, which is not stored: counters simply start again
 *   under the new key (at most one window's allowance more, once) and the old rows expire.
 * - staff sign-in tokens and sessions use SESSION_KEY (not a ring); a suite switch signs staff out.
 */
import { hkdf, sm3, sm4 } from 'sm-crypto-v2';

export class ConfigError extends Error {}

/** A sealed value that does not open: wrong key, wrong context (AAD), or tampered with. */
export class SealError extends Error {}

export const CRYPTO_SUITES = ['aes', 'sm'] as const;
export type CryptoSuite = (typeof CRYPTO_SUITES)[number];
export const SEAL_ALGORITHMS = ['aes256gcm', 'sm4gcm'] as const;
export type SealAlgorithm = (typeof SEAL_ALGORITHMS)[number];
const ALGORITHM_OF: Record<CryptoSuite, SealAlgorithm> = { aes: 'aes256gcm', sm: 'sm4gcm' };

/** What sealing and opening read from the settings (the app's Env satisfies it). */
export interface SealEnv {
  DATA_KEY: string;
  DATA_KEYS?: string | undefined;
  CRYPTO_SUITE?: string | undefined;
}

/** What keyed hashes read from the settings. */
export interface HashEnv {
  HASH_KEY: string;
  HASH_KEYS?: string | undefined;
  CRYPTO_SUITE?: string | undefined;
}

const enc = new TextEncoder();
/** UTF-8 bytes typed as WebCrypto wants them (workers-types widens TextEncoder's buffer type). */
const utf8 = (text: string): Uint8Array<ArrayBuffer> => new Uint8Array(enc.encode(text));
const dec = new TextDecoder();

export function toBase64(bytes: Uint8Array<ArrayBuffer>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function toHex(bytes: ArrayBuffer | Uint8Array<ArrayBuffer>): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function cryptoSuite(env: { CRYPTO_SUITE?: string | undefined }): CryptoSuite {
  const s = env.CRYPTO_SUITE?.trim() || 'aes';
  if (!(CRYPTO_SUITES as readonly string[]).includes(s)) {
    throw new ConfigError(`CRYPTO_SUITE must be one of ${CRYPTO_SUITES.join(', ')} (found ${JSON.stringify(s)})`);
  }
  return s as CryptoSuite;
}

function keyBytes(name: string, b64: string | undefined): Uint8Array<ArrayBuffer> {
  let bytes: Uint8Array<ArrayBuffer> | null;
  try {
    bytes = b64 ? fromBase64(b64.trim()) : null;
  } catch {
    bytes = null;
  }
  if (!bytes || bytes.length !== 32) {
    throw new ConfigError(`${name} must be 32 random bytes in base64 (npm start creates one in .dev.vars)`);
  }
  return bytes;
}

/** The keys of one kind (data or hash) by id, and which one new values use. */
export interface KeyRing {
  current: number;
  keys: ReadonlyMap<number, Uint8Array<ArrayBuffer>>;
}

const ringCache = new Map<string, KeyRing>();

/**
 * Parses `single` (key id 1) and `list` ("2:base64,1:base64", first = current). Listing id 1 again
 * is allowed only with the same key, so the two settings can never disagree about what key 1 is.
 */
export function parseKeyRing(name: string, single: string | undefined, list: string | undefined): KeyRing {
  const cacheKey = `${name}\u0000${single ?? ''}\u0000${list ?? ''}`;
  const cached = ringCache.get(cacheKey);
  if (cached) return cached;
  const keys = new Map<number, Uint8Array<ArrayBuffer>>();
  let current: number | undefined;
  for (const entry of (list ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const m = /^(\d{1,6}):(.+)$/.exec(entry);
    const id = m ? Number(m[1]) : 0;
    if (!m || id < 1) throw new ConfigError(`${name}S entries must be id:base64 with an id of 1 or more`);
    if (keys.has(id)) throw new ConfigError(`${name}S lists key ${id} twice`);
    keys.set(id, keyBytes(`${name}S key ${id}`, m[2]));
    current ??= id;
  }
  if (single?.trim()) {
    const one = keyBytes(name, single);
    const listed = keys.get(1);
    if (listed && toHex(listed) !== toHex(one)) throw new ConfigError(`${name}S key 1 differs from ${name}`);
    keys.set(1, one);
    current ??= 1;
  }
  if (current === undefined) throw new ConfigError(`${name} (or ${name}S) must be set`);
  const ring: KeyRing = { current, keys };
  if (ringCache.size > 64) ringCache.clear();
  ringCache.set(cacheKey, ring);
  return ring;
}

const dataRing = (env: SealEnv) => parseKeyRing('DATA_KEY', env.DATA_KEY, env.DATA_KEYS);
const hashRing = (env: HashEnv) => parseKeyRing('HASH_KEY', env.HASH_KEY, env.HASH_KEYS);

function ringKey(ring: KeyRing, name: string, id: number): Uint8Array<ArrayBuffer> {
  const key = ring.keys.get(id);
  if (!key)
    throw new ConfigError(`${name} key ${id} is not configured (list it in ${name}S to open values sealed with it)`);
  return key;
}

// Imported or derived once per isolate and per key.
const aesKeys = new Map<string, Promise<CryptoKey>>();
const sm4Keys = new Map<string, Uint8Array>();
const hmacKeys = new Map<string, Promise<CryptoKey>>();

function aesKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const id = toHex(raw);
  let key = aesKeys.get(id);
  if (!key) {
    key = crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
    aesKeys.set(id, key);
  }
  return key;
}

const SM4_KEY_INFO = enc.encode('xinfang-portal sm4-gcm data key');

function sm4Key(raw: Uint8Array<ArrayBuffer>): Uint8Array {
  const id = toHex(raw);
  let key = sm4Keys.get(id);
  if (!key) {
    key = hkdf(raw, undefined, SM4_KEY_INFO, 16);
    sm4Keys.set(id, key);
  }
  return key;
}

function hmacSha256Key(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const id = toHex(raw);
  let key = hmacKeys.get(id);
  if (!key) {
    key = crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    hmacKeys.set(id, key);
  }
  return key;
}

/** `<algorithm>.k<id>`: what a sealed value says about itself. */
export type Scheme = `${SealAlgorithm}.k${number}`;
const LEGACY_SCHEME: Scheme = 'aes256gcm.k1';

function parseScheme(scheme: string): { algorithm: SealAlgorithm; keyId: number } {
  const m = /^(aes256gcm|sm4gcm)\.k(\d{1,6})$/.exec(scheme);
  if (!m) throw new SealError(`unknown sealing scheme ${JSON.stringify(scheme.slice(0, 40))}`);
  return { algorithm: m[1] as SealAlgorithm, keyId: Number(m[2]) };
}

/** The scheme new values are sealed with: the configured suite and the current data key. */
export function currentScheme(env: SealEnv): Scheme {
  return `${ALGORITHM_OF[cryptoSuite(env)]}.k${dataRing(env).current}`;
}

/** The scheme of a stored ct (the legacy, unprefixed format is aes256gcm with key 1). */
export function schemeOf(ct: string): Scheme {
  const dot = ct.lastIndexOf('.');
  if (dot < 0) return LEGACY_SCHEME;
  const scheme = ct.slice(0, dot);
  parseScheme(scheme);
  return scheme as Scheme;
}

/** The scheme of a blob from its meta record (no `scheme`: written before suites). */
export function blobScheme(meta: Record<string, string>): Scheme {
  const s = meta['scheme'];
  if (s === undefined) return LEGACY_SCHEME;
  parseScheme(s);
  return s as Scheme;
}

const TAG_BYTES = 16;

async function encrypt(
  algorithm: SealAlgorithm,
  key: Uint8Array<ArrayBuffer>,
  iv: Uint8Array<ArrayBuffer>,
  plain: Uint8Array<ArrayBuffer>,
  aad: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  if (algorithm === 'aes256gcm') {
    return new Uint8Array(
      await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, await aesKey(key), plain),
    );
  }
  // Bytes, never strings: sm-crypto-v2 reads string keys, IVs and AAD as hex.
  const { output, tag } = sm4.encrypt(plain, sm4Key(key), {
    mode: 'gcm',
    iv,
    associatedData: aad,
    output: 'array',
    outputTag: true,
  });
  if (!tag || tag.length !== TAG_BYTES) throw new Error('SM4-GCM produced no tag');
  const out = new Uint8Array(output.length + TAG_BYTES);
  out.set(output, 0);
  out.set(tag, output.length);
  return out;
}

async function decrypt(
  algorithm: SealAlgorithm,
  key: Uint8Array<ArrayBuffer>,
  iv: Uint8Array<ArrayBuffer>,
  ct: Uint8Array<ArrayBuffer>,
  aad: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  if (iv.length !== 12 || ct.length < TAG_BYTES) throw new SealError('sealed value is malformed');
  try {
    if (algorithm === 'aes256gcm') {
      return new Uint8Array(
        await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData: aad }, await aesKey(key), ct),
      );
    }
    // The tag must always be passed: without one, sm-crypto-v2 decrypts without checking anything.
    const plain = sm4.decrypt(ct.subarray(0, ct.length - TAG_BYTES), sm4Key(key), {
      mode: 'gcm',
      iv,
      associatedData: aad,
      tag: ct.subarray(ct.length - TAG_BYTES),
      output: 'array',
    });
    return new Uint8Array(plain);
  } catch (error) {
    throw new SealError('sealed value does not open (wrong key or context, or altered)', { cause: error });
  }
}

export interface Sealed {
  /** base64 of the 12-byte IV. */
  iv: string;
  /** `<algorithm>.k<key id>.` + base64 of ciphertext and 16-byte tag (legacy: the base64 alone). */
  ct: string;
}

/** Sealed bytes as bytes (for blobs, where base64 would only cost space); `scheme` goes in the blob's meta. */
export async function sealRaw(
  env: SealEnv,
  plain: Uint8Array<ArrayBuffer>,
  context: string,
): Promise<{ iv: Uint8Array<ArrayBuffer>; ct: Uint8Array<ArrayBuffer>; scheme: Scheme }> {
  const scheme = currentScheme(env);
  const { algorithm, keyId } = parseScheme(scheme);
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await encrypt(algorithm, ringKey(dataRing(env), 'DATA_KEY', keyId), iv, plain, utf8(context));
  return { iv, ct, scheme };
}

/** Opens raw sealed bytes; `scheme` is what was stored with them (absent: the legacy aes256gcm.k1). */
export function openRaw(
  env: SealEnv,
  iv: Uint8Array<ArrayBuffer>,
  ct: Uint8Array<ArrayBuffer>,
  context: string,
  scheme: string = LEGACY_SCHEME,
): Promise<Uint8Array<ArrayBuffer>> {
  const { algorithm, keyId } = parseScheme(scheme);
  return decrypt(algorithm, ringKey(dataRing(env), 'DATA_KEY', keyId), iv, ct, utf8(context));
}

export async function sealBytes(env: SealEnv, plain: Uint8Array<ArrayBuffer>, context: string): Promise<Sealed> {
  const { iv, ct, scheme } = await sealRaw(env, plain, context);
  return { iv: toBase64(iv), ct: `${scheme}.${toBase64(ct)}` };
}

export function openBytes(env: SealEnv, sealed: Sealed, context: string): Promise<Uint8Array<ArrayBuffer>> {
  const dot = sealed.ct.lastIndexOf('.');
  const scheme = dot < 0 ? LEGACY_SCHEME : sealed.ct.slice(0, dot);
  let iv: Uint8Array<ArrayBuffer>;
  let ct: Uint8Array<ArrayBuffer>;
  try {
    iv = fromBase64(sealed.iv);
    ct = fromBase64(sealed.ct.slice(dot + 1));
  } catch (error) {
    return Promise.reject(new SealError('sealed value is not base64', { cause: error }));
  }
  return openRaw(env, iv, ct, context, scheme);
}

export async function sealText(env: SealEnv, text: string, context: string): Promise<Sealed> {
  return sealBytes(env, utf8(text), context);
}

export async function openText(env: SealEnv, sealed: Sealed, context: string): Promise<string> {
  return dec.decode(await openBytes(env, sealed, context));
}

/** True when the value is sealed with the current suite and data key (the re-key skips it). */
export function isCurrentSeal(env: SealEnv, sealed: Sealed): boolean {
  return schemeOf(sealed.ct) === currentScheme(env);
}

async function mac(suite: CryptoSuite, key: Uint8Array<ArrayBuffer>, message: string): Promise<string> {
  if (suite === 'sm') return sm3(enc.encode(message), { key, mode: 'hmac' });
  return toHex(await crypto.subtle.sign('HMAC', await hmacSha256Key(key), enc.encode(message)));
}

/**
 * The suite's MAC (HMAC-SHA-256 or HMAC-SM3) of `purpose:value` with the current hash key, in hex
 * (64 digits either way); the purpose keeps hashes of different kinds apart.
 */
export async function keyedHash(env: HashEnv, purpose: string, value: string): Promise<string> {
  const ring = hashRing(env);
  return mac(cryptoSuite(env), ringKey(ring, 'HASH_KEY', ring.current), `${purpose}:${value}`);
}

/**
 * The same MAC under every configured hash key, the current one first: what a value made before a
 * hash-key rotation may equal. Always the same amount of work for the same settings.
 */
export async function keyedHashes(env: HashEnv, purpose: string, value: string): Promise<string[]> {
  const ring = hashRing(env);
  const suite = cryptoSuite(env);
  const ids = [ring.current, ...[...ring.keys.keys()].filter((id) => id !== ring.current)];
  return Promise.all(ids.map((id) => mac(suite, ringKey(ring, 'HASH_KEY', id), `${purpose}:${value}`)));
}

/** True when `stored` equals one of the candidates; compares against all of them every time. */
export function matchesAny(candidates: readonly string[], stored: string): boolean {
  let match = false;
  for (const c of candidates) match = timingSafeEqualText(c, stored) || match;
  return match;
}

export async function sha256Hex(data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', typeof data === 'string' ? enc.encode(data) : data));
}

export function sm3Hex(data: string | Uint8Array<ArrayBuffer>): string {
  return sm3(typeof data === 'string' ? enc.encode(data) : data);
}

/** Compares two strings in time that depends only on their length (workerd's timingSafeEqual when present). */
export function timingSafeEqualText(a: string, b: string): boolean {
  const x = enc.encode(a);
  const y = enc.encode(b);
  if (x.length !== y.length) return false;
  const subtle = crypto.subtle as SubtleCrypto & {
    timingSafeEqual?: (a: Uint8Array<ArrayBuffer>, b: Uint8Array<ArrayBuffer>) => boolean;
  };
  if (typeof subtle.timingSafeEqual === 'function') return subtle.timingSafeEqual(x, y);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}

/**
 * Throws ConfigError when the suite or either key ring is unusable. Each runtime calls it before
 * its first request, so a bad setting stops the start instead of failing the first petition.
 */
export function checkKeySettings(env: SealEnv & HashEnv): void {
  currentScheme(env);
  hashRing(env);
}
