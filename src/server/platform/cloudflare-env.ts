/** The app's Env from Cloudflare Pages bindings: D1 and R2 behind the ports, ASSETS as it is. */
import type { AuthEnv } from '../auth';
import { checkKeySettings } from '../crypto';
import { d1Database } from './d1';
import { r2Blobs } from './r2';

export type CloudflareBindings = Omit<AuthEnv, 'DB' | 'ATTACHMENTS' | 'ASSETS' | 'RUNTIME'> & {
  DB: D1Database;
  ATTACHMENTS: R2Bucket;
  ASSETS: Fetcher;
};

// The bindings object is the same for every request of an isolate: wrap it once.
const cache = new WeakMap<object, AuthEnv>();

export function cloudflareEnv(bindings: CloudflareBindings): AuthEnv {
  let env = cache.get(bindings);
  if (!env) {
    // Pages has no start hook: the first request of an isolate checks, and a bad key setting fails
    // it with the setting's name in the log rather than at the first petition.
    checkKeySettings(bindings);
    env = {
      ...bindings,
      DB: d1Database(bindings.DB),
      ATTACHMENTS: r2Blobs(bindings.ATTACHMENTS),
      ASSETS: bindings.ASSETS,
      RUNTIME: 'cloudflare',
      TRUSTED_PROXY: 'cloudflare',
    };
    cache.set(bindings, env);
  }
  return env;
}
