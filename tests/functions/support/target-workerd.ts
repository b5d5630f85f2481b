/**
 * The functions suite on Cloudflare's runtime: workerd with a real local D1 and R2 (from
 * wrangler.toml, through @cloudflare/vitest-plugin), the app mounted as the Pages function mounts it.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env as bindings } from 'cloudflare:workers';
import { app } from '../../../src/server/app';
import type { AuthEnv } from '../../../src/server/auth';
import { cloudflareEnv } from '../../../src/server/platform/cloudflare-env';

export const TARGET = 'workerd+d1' as const;

export const env: AuthEnv = cloudflareEnv(bindings);

/** One request through the app: its answer, and when the work it scheduled (mail) has finished. */
export async function dispatch(
  request: Request,
  overrides: Partial<AuthEnv> = {},
): Promise<{ response: Response; done: Promise<void> }> {
  const ctx = createExecutionContext();
  const response = await app.fetch(request, { ...env, ...overrides }, ctx);
  return { response, done: waitOnExecutionContext(ctx) };
}

/** One request through the app; resolves after the work it scheduled (mail) has finished too. */
export async function fetchApp(request: Request, overrides: Partial<AuthEnv> = {}): Promise<Response> {
  const { response, done } = await dispatch(request, overrides);
  await done;
  return response;
}
