/**
 * Personal data at rest and keyed lookups, with WebCrypto only (runs in workerd and in Node).
 * - seal/open: AES-256-GCM, a fresh 12-byte IV per value, and associated data that names what the
 *   value is and which row it belongs to, so a ciphertext copied to another row or column fails to open.
 * - keyedHash: HMAC-SHA-256, for lookups without plaintext (phone) and for unguessable tags.
 */

export class ConfigError extends Error {}

const enc = new TextEncoder();
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

// Keys are imported once per isolate and per secret value.
const keyCache = new Map<string, Promise<CryptoKey>>();

function aesKey(secret: string | undefined): Promise<CryptoKey> {
  const id = `aes:${secret}`;
  let key = keyCache.get(id);
  if (!key) {
    key = crypto.subtle.importKey('raw', keyBytes('DATA_KEY', secret), 'AES-GCM', false, ['encrypt', 'decrypt']);
    keyCache.set(id, key);
  }
  return key;
}

function hmacKey(secret: string | undefined): Promise<CryptoKey> {
  const id = `hmac:${secret}`;
  let key = keyCache.get(id);
  if (!key) {
    key = crypto.subtle.importKey('raw', keyBytes('HASH_KEY', secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    keyCache.set(id, key);
  }
  return key;
}

export interface Sealed {
  /** base64 of the 12-byte IV. */
  iv: string;
  /** base64 of ciphertext + 16-byte tag. */
  ct: string;
}

/** Sealed bytes as bytes (for R2 objects, where base64 would only cost space). */
export async function sealRaw(
  env: { DATA_KEY: string },
  plain: Uint8Array<ArrayBuffer>,
  context: string,
): Promise<{ iv: Uint8Array<ArrayBuffer>; ct: Uint8Array<ArrayBuffer> }> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: enc.encode(context) },
    await aesKey(env.DATA_KEY),
    plain,
  );
  return { iv, ct: new Uint8Array(ct) };
}

export async function openRaw(
  env: { DATA_KEY: string },
  iv: Uint8Array<ArrayBuffer>,
  ct: Uint8Array<ArrayBuffer>,
  context: string,
): Promise<Uint8Array<ArrayBuffer>> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv, additionalData: enc.encode(context) },
    await aesKey(env.DATA_KEY),
    ct,
  );
  return new Uint8Array(plain);
}

export async function sealBytes(
  env: { DATA_KEY: string },
  plain: Uint8Array<ArrayBuffer>,
  context: string,
): Promise<Sealed> {
  const { iv, ct } = await sealRaw(env, plain, context);
  return { iv: toBase64(iv), ct: toBase64(ct) };
}

export function openBytes(
  env: { DATA_KEY: string },
  sealed: Sealed,
  context: string,
): Promise<Uint8Array<ArrayBuffer>> {
  return openRaw(env, fromBase64(sealed.iv), fromBase64(sealed.ct), context);
}

export async function sealText(env: { DATA_KEY: string }, text: string, context: string): Promise<Sealed> {
  return sealBytes(env, enc.encode(text), context);
}

export async function openText(env: { DATA_KEY: string }, sealed: Sealed, context: string): Promise<string> {
  return dec.decode(await openBytes(env, sealed, context));
}

/** HMAC-SHA-256 of `purpose:value` in hex; the purpose keeps hashes of different kinds apart. */
export async function keyedHash(env: { HASH_KEY: string }, purpose: string, value: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(env.HASH_KEY), enc.encode(`${purpose}:${value}`));
  return toHex(mac);
}

export async function sha256Hex(data: string | Uint8Array<ArrayBuffer>): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', typeof data === 'string' ? enc.encode(data) : data));
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
