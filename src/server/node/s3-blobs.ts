/**
 * The blob store on S3-compatible object storage (政务云 OSS, MinIO, Ceph RGW), signed with AWS
 * Signature V4 by aws4fetch. Path-style URLs (endpoint/bucket/key), which every S3-compatible
 * service accepts. Metadata travels as x-amz-meta-* headers (values are ASCII: base64 and MIME types).
 */
import { AwsClient } from 'aws4fetch';
import type { BlobStore } from '../platform/ports';

export interface S3Options {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export function s3Blobs(o: S3Options): BlobStore {
  const client = new AwsClient({
    accessKeyId: o.accessKeyId,
    secretAccessKey: o.secretAccessKey,
    region: o.region,
    service: 's3',
  });
  const url = (key: string) =>
    `${o.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(o.bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;
  const check = async (r: Response, what: string) => {
    if (!r.ok) throw new Error(`S3 ${what} failed: ${r.status} ${(await r.text()).slice(0, 200)}`);
  };
  return {
    async put(key, bytes, meta) {
      const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
      for (const [k, v] of Object.entries(meta)) headers[`x-amz-meta-${k.toLowerCase()}`] = v;
      await check(await client.fetch(url(key), { method: 'PUT', body: bytes, headers }), 'put');
    },
    async get(key) {
      const r = await client.fetch(url(key));
      if (r.status === 404) return null;
      await check(r, 'get');
      const meta: Record<string, string> = {};
      r.headers.forEach((v, k) => {
        if (k.startsWith('x-amz-meta-')) meta[k.slice('x-amz-meta-'.length)] = v;
      });
      return { bytes: new Uint8Array(await r.arrayBuffer()), meta };
    },
    async delete(keys) {
      for (const key of keys) {
        const r = await client.fetch(url(key), { method: 'DELETE' });
        if (r.status !== 404) await check(r, 'delete');
      }
    },
  };
}
