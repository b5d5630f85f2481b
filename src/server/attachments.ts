/**
 * Attachments of a petition: checked by content (magic bytes) and size, sealed (crypto.ts: the
 * configured suite) and stored in the blob store, whose meta record keeps the IV and the sealing
 * scheme; their metadata goes into the database with the petition.
 */
import type { BlobStore } from './platform/ports';
import {
  ATTACHMENT_MESSAGES,
  MAX_ATTACHMENTS,
  MAX_ATTACHMENT_BYTES,
  sniffAttachmentType,
  type AttachmentMime,
} from '../lib/petition-schema';
import { blobScheme, fromBase64, openRaw, sealRaw, sealText, sha256Hex, toBase64, type SealEnv } from './crypto';
import type { NewAttachment } from './petition-store';

export interface UploadedFile {
  name: string;
  mime: AttachmentMime;
  bytes: Uint8Array<ArrayBuffer>;
}

function isFilePart(v: File | string): v is File {
  return typeof v !== 'string';
}

/**
 * The files posted under `attachments`, checked. A file input left empty posts a nameless empty
 * part, which is skipped. Returns an error message (for the `attachments` field) or the files.
 */
export async function readAttachments(form: FormData): Promise<{ files: UploadedFile[] } | { error: string }> {
  const parts = form
    .getAll('attachments')
    .filter(isFilePart)
    .filter((f) => !(f.size === 0 && f.name === ''));
  if (parts.length > MAX_ATTACHMENTS) return { error: ATTACHMENT_MESSAGES.tooMany };
  const files: UploadedFile[] = [];
  for (const part of parts) {
    if (part.size === 0) return { error: ATTACHMENT_MESSAGES.empty };
    if (part.size > MAX_ATTACHMENT_BYTES) return { error: ATTACHMENT_MESSAGES.tooLarge };
    const bytes = new Uint8Array(await part.arrayBuffer());
    const mime = sniffAttachmentType(bytes.subarray(0, 16));
    if (!mime) return { error: ATTACHMENT_MESSAGES.wrongType };
    // A .png that is really a PDF is refused too: the name must agree with the content.
    const ext = /\.([a-z0-9]+)$/i.exec(part.name)?.[1]?.toLowerCase();
    const allowed: Record<AttachmentMime, string[]> = {
      'application/pdf': ['pdf'],
      'image/jpeg': ['jpg', 'jpeg'],
      'image/png': ['png'],
    };
    if (ext !== undefined && !allowed[mime].includes(ext)) return { error: ATTACHMENT_MESSAGES.wrongType };
    files.push({ name: part.name.slice(0, 200), mime, bytes });
  }
  return { files };
}

/** Associated data of an attachment's bytes and of its sealed name (the re-key uses them too). */
export const contentContext = (key: string) => `attachment:${key}`;
export const nameContext = (id: string) => `attachment-name:${id}`;

/** Seals and stores the files in R2; returns the metadata rows to insert with the petition. */
export async function storeAttachments(
  env: SealEnv & { ATTACHMENTS: BlobStore },
  petitionId: string,
  files: readonly UploadedFile[],
  now: string,
): Promise<NewAttachment[]> {
  const rows: NewAttachment[] = [];
  for (const [i, f] of files.entries()) {
    const id = crypto.randomUUID();
    const r2Key = `petitions/${petitionId}/${id}`;
    const { iv, ct, scheme } = await sealRaw(env, f.bytes, contentContext(r2Key));
    await env.ATTACHMENTS.put(r2Key, ct, { iv: toBase64(iv), scheme, mime: f.mime });
    rows.push({
      id,
      petitionId,
      position: i + 1,
      r2Key,
      mime: f.mime,
      size: f.bytes.byteLength,
      sha256: await sha256Hex(f.bytes),
      name: await sealText(env, f.name, nameContext(id)),
      createdAt: now,
    });
  }
  return rows;
}

/** Removes stored objects again when the petition they belong to was not saved. */
export async function discardAttachments(
  env: { ATTACHMENTS: BlobStore },
  rows: readonly NewAttachment[],
): Promise<void> {
  if (rows.length > 0) await env.ATTACHMENTS.delete(rows.map((r) => r.r2Key));
}

/** The original bytes of a stored attachment (for the staff console), or null if missing. */
export async function readAttachmentBytes(
  env: SealEnv & { ATTACHMENTS: BlobStore },
  r2Key: string,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const obj = await env.ATTACHMENTS.get(r2Key);
  const iv = obj?.meta['iv'];
  if (!obj || !iv) return null;
  return openRaw(env, fromBase64(iv), obj.bytes, contentContext(r2Key), blobScheme(obj.meta));
}
