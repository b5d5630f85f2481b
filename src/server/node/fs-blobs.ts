/**
 * The blob store on the local filesystem (the Node default): one file per object under a folder of
 * the data directory, its metadata in a JSON file beside it. Keys are the app's own
 * (petitions/<uuid>/<uuid>); anything that could leave the folder is refused.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { BlobStore } from '../platform/ports';

export function fsBlobs(root: string): BlobStore {
  const base = resolve(root);
  const pathOf = (key: string): string => {
    if (!/^[\w./-]+$/.test(key) || key.split('/').some((s) => s === '..' || s === '.' || s === ''))
      throw new Error(`invalid blob key ${JSON.stringify(key)}`);
    const p = resolve(base, key);
    if (!p.startsWith(base + sep)) throw new Error(`blob key leaves the store: ${key}`);
    return p;
  };
  return {
    async put(key, bytes, meta) {
      const p = pathOf(key);
      await mkdir(dirname(p), { recursive: true });
      // Written under a temporary name and renamed, so a crash never leaves half an object.
      await writeFile(`${p}.meta.json.tmp`, JSON.stringify(meta));
      await writeFile(`${p}.tmp`, bytes);
      await rename(`${p}.meta.json.tmp`, `${p}.meta.json`);
      await rename(`${p}.tmp`, p);
    },
    async get(key) {
      const p = pathOf(key);
      try {
        const [bytes, meta] = await Promise.all([readFile(p), readFile(`${p}.meta.json`, 'utf8')]);
        return {
          bytes: new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)),
          meta: JSON.parse(meta) as Record<string, string>,
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async delete(keys) {
      await Promise.all(
        keys.flatMap((k) => [rm(pathOf(k), { force: true }), rm(`${pathOf(k)}.meta.json`, { force: true })]),
      );
    },
  };
}
