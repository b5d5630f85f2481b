/** The blob store on Cloudflare R2 (the serverless target). */
import type { BlobStore } from './ports';

export function r2Blobs(bucket: R2Bucket): BlobStore {
  return {
    async put(key, bytes, meta) {
      await bucket.put(key, bytes, {
        httpMetadata: { contentType: 'application/octet-stream' },
        customMetadata: meta,
      });
    },
    async get(key) {
      const obj = await bucket.get(key);
      if (!obj) return null;
      return { bytes: new Uint8Array(await obj.arrayBuffer()), meta: obj.customMetadata ?? {} };
    },
    async delete(keys) {
      if (keys.length > 0) await bucket.delete([...keys]);
    },
  };
}
