/// <reference types="@cloudflare/vitest-plugin/types" />
import type { D1Migration } from 'cloudflare:test';
import type { CloudflareBindings } from '../../src/server/platform/cloudflare-env';

// The bindings the workerd target sees through `env` from cloudflare:workers.
declare global {
  namespace Cloudflare {
    interface Env extends CloudflareBindings {
      TEST_MIGRATIONS: D1Migration[];
    }
  }
}
