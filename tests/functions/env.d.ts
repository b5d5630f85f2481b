/// <reference types="@cloudflare/vitest-plugin/types" />
import type { D1Migration } from 'cloudflare:test';
import type { Env as ServerEnv } from '../../src/server/env';

// The bindings the functions tests see through `env` from cloudflare:test.
declare global {
  namespace Cloudflare {
    interface Env extends ServerEnv {
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
