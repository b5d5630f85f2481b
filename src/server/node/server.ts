/**
 * The Node runtime: one process that serves dist/ and the app (src/server/app.ts) on the configured
 * database, blob store and mail. Work the app hands to `waitUntil` runs after the answer, and is
 * awaited on shutdown; a timer drains the mail outbox, as a cron job does on Cloudflare.
 */
import { serve, type HttpBindings } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { app } from '../app';
import type { AuthEnv } from '../auth';
import { chainHashOf } from '../chain-hash';
import { checkKeySettings, ConfigError as KeyConfigError } from '../crypto';
import { processOutboxQuietly } from '../mail';
import { processSmsOutboxQuietly } from '../sms';
import { smsSenderOf } from './sms-sender';
import type { Database } from '../platform/database';
import type { BlobStore } from '../platform/ports';
import { ConfigError, openBlobs, openDatabase, type NodeConfig } from './config';
import { gzipped } from './compress';
import { smtpMailer } from './smtp-mailer';
import { staticAssets } from './static-assets';

const siteHost = (url: string | undefined): string => (url ? new URL(url).hostname : 'localhost');

export interface RunningServer {
  url: string;
  port: number;
  env: AuthEnv;
  db: Database;
  /** Stops accepting, waits for background work, closes the database. */
  close(): Promise<void>;
}

export async function startNodeServer(
  config: NodeConfig,
  ports: { db?: Database; blobs?: BlobStore } = {},
): Promise<RunningServer> {
  try {
    checkKeySettings(config.vars);
  } catch (error) {
    // As a setting error of config.ts, which main.ts reports in one line instead of a stack.
    if (error instanceof KeyConfigError) throw new ConfigError(error.message, { cause: error });
    throw error;
  }
  const db = ports.db ?? (await openDatabase(config));
  // Decided once, with the configured suite, before any writer could record SHA-256 by default.
  await chainHashOf(db, config.vars.CRYPTO_SUITE);
  const env: AuthEnv = {
    ...config.vars,
    DB: db,
    ATTACHMENTS: ports.blobs ?? openBlobs(config),
    ASSETS: staticAssets(config.distDir),
    RUNTIME: 'node',
    ...(config.vars.SMTP_URL ? { MAILER: smtpMailer(config.vars.SMTP_URL, siteHost(config.vars.SITE_URL)) } : {}),
  };
  const sms = smsSenderOf(config.vars as Record<string, unknown> as Record<string, string | undefined>);
  if (sms) env.SMS = sms;

  const pending = new Set<Promise<unknown>>();
  const background = (work: Promise<unknown>) => {
    const p = work
      .catch((error: unknown) => console.error('background work failed', error))
      .finally(() => pending.delete(p));
    pending.add(p);
  };
  const executionCtx = { waitUntil: background, passThroughOnException: () => undefined, props: {} };

  const server = serve({
    hostname: config.host,
    port: config.port,
    // The project's global Request type is workerd's; node-server hands a standard one.
    fetch: (async (request: Request, bindings: HttpBindings) =>
      gzipped(
        request,
        await app.fetch(request, { ...env, PEER_ADDRESS: bindings.incoming.socket.remoteAddress ?? '' }, executionCtx),
      )) as never,
  });
  await new Promise<void>((ok, fail) => {
    server.once('listening', () => ok());
    server.once('error', fail);
  });
  const port = (server.address() as AddressInfo).port;

  let draining = false;
  const timer =
    config.outboxIntervalMs > 0
      ? setInterval(() => {
          if (draining) return;
          draining = true;
          background(
            Promise.all([processOutboxQuietly(env), processSmsOutboxQuietly(env)]).finally(() => (draining = false)),
          );
        }, config.outboxIntervalMs)
      : null;
  timer?.unref();

  return {
    url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`,
    port,
    env,
    db,
    async close() {
      if (timer) clearInterval(timer);
      await new Promise<void>((ok) => server.close(() => ok()));
      await Promise.allSettled([...pending]);
      await db.close();
    },
  };
}
