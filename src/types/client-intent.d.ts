// The `client:intent` directive (astro.config.mjs, src/scripts/hydrate-on-intent.ts) for .astro files.
import type { IntentOptions } from '../scripts/hydrate-on-intent';

declare module 'astro' {
  interface AstroClientDirectives {
    'client:intent'?: IntentOptions | boolean;
  }
}
