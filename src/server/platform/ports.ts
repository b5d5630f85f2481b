/**
 * The ports the app talks to besides the database (./database.ts). Each runtime's entry fills them
 * with its adapters: Node (filesystem or S3-compatible blobs, dist/ from disk, a timer for background
 * work) or Cloudflare Pages (R2, the ASSETS binding, waitUntil).
 */

/** Attachments and other opaque objects. Bytes are sealed by the caller before they arrive here. */
export interface BlobStore {
  put(key: string, bytes: Uint8Array<ArrayBuffer>, meta: Record<string, string>): Promise<void>;
  get(key: string): Promise<{ bytes: Uint8Array<ArrayBuffer>; meta: Record<string, string> } | null>;
  delete(keys: readonly string[]): Promise<void>;
}

/**
 * The built static site (dist/). `fetch` answers like a static file server: index.html for a folder,
 * 404 otherwise, with the headers of public/_headers.
 */
export interface Assets {
  fetch(input: Request | string, init?: RequestInit): Promise<Response>;
}

/** Work that may finish after the response has gone (sending mail, pruning counters). */
export type Background = (work: Promise<unknown>) => void;
