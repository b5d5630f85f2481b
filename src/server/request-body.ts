/**
 * Reading request bodies with a size limit: what a client sends that is too large, of the wrong
 * type or not parseable is a ClientError (413, 415, 400), never a fault of ours.
 */
import { formToObject } from '../lib/petition-schema';
import { ClientError } from './errors';
import { bodyKind, MESSAGES } from './http';

/**
 * The body as bytes, refusing with 413 both when Content-Length announces too much and when the
 * stream turns out longer than announced (or has no length at all).
 */
export async function readBodyLimited(request: Request, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw new ClientError(413, MESSAGES.tooLarge);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch (cause) {
      throw new ClientError(400, MESSAGES.badJson, {}, { cause });
    }
    if (step.done) break;
    total += step.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ClientError(413, MESSAGES.tooLarge);
    }
    chunks.push(step.value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

/** Staff and citizen follow-up bodies are short forms; 64 KB is far above any of them. */
export const MAX_FORM_BODY_BYTES = 64 * 1024;

/** A JSON or urlencoded body as a plain value (the staff console and the follow-up forms). */
export async function readJsonOrForm(request: Request): Promise<unknown> {
  const kind = bodyKind(request);
  if (kind !== 'json' && kind !== 'urlencoded') throw new ClientError(415, MESSAGES.wrongType);
  const bytes = await readBodyLimited(request, MAX_FORM_BODY_BYTES);
  if (kind === 'urlencoded') return formToObject(new URLSearchParams(new TextDecoder().decode(bytes)));
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)) as unknown;
  } catch (cause) {
    throw new ClientError(400, MESSAGES.badJson, {}, { cause });
  }
}
