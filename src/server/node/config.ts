/**
 * Settings of the Node server, from environment variables (docs/configuration.md has the table).
 * `npm start` also reads .dev.vars, where scripts/dev-vars.mjs puts local development secrets.
 * Everything a deployment chooses — database, blob store, mail, the trusted proxy — is decided here
 * and nowhere else.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AuthEnv } from '../auth';
import type { Database } from '../platform/database';
import { applyMigrations, migrationsDir } from '../platform/migrate';
import type { BlobStore } from '../platform/ports';
import { postgresDatabase } from '../platform/postgres';
import { sqliteDatabase } from '../platform/sqlite';
import { fsBlobs } from './fs-blobs';
import { s3Blobs } from './s3-blobs';

export class ConfigError extends Error {}

/** The app's settings that are plain strings: secrets and options, without the ports. */
export type EnvVars = Omit<AuthEnv, 'DB' | 'ATTACHMENTS' | 'ASSETS' | 'RUNTIME' | 'PEER_ADDRESS'>;

export interface NodeConfig {
  port: number;
  host: string;
  /** Folder for the SQLite file and attachments (default ./data). */
  dataDir: string;
  /** The built site (default ./dist). */
  distDir: string;
  /** postgres://… selects PostgreSQL; absent, SQLite in dataDir. */
  databaseUrl?: string | undefined;
  /** How often the outbox is drained in the background, in milliseconds (0: never). */
  outboxIntervalMs: number;
  vars: EnvVars;
  /** The raw environment, for the optional stores (S3) and the pool size. */
  raw: Record<string, string | undefined>;
}

/** KEY=value lines, as wrangler's .dev.vars. */
export function readDotVars(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (m) out[m[1]!] = m[2]!.replace(/^"(.*)"$/, '$1');
  }
  return out;
}

const VAR_NAMES = [
  'SITE_URL',
  'TRUSTED_PROXY',
  'DATA_KEY',
  'HASH_KEY',
  'SESSION_KEY',
  'DEV_MODE',
  'RESEND_API_KEY',
  'RESEND_BASE_URL',
  'MAIL_TIMEOUT_MS',
  'TURNSTILE_SECRET',
  'CRON_SECRET',
  'RATE_LIMIT_SUBMIT',
  'RATE_LIMIT_TRACK',
  'RATE_LIMIT_TRACK_CODE',
  'RATE_LIMIT_TRACK_CODE_TAGGED',
  'RATE_LIMIT_STAFF_LOGIN_MAIL',
  'CRYPTO_SUITE',
  'DATA_KEYS',
  'HASH_KEYS',
  'CAPTCHA',
  'ALTCHA_HMAC_KEY',
  'SMTP_URL',
  'MAIL_FROM',
  'SMS_PROVIDER',
  'SMS_ACCESS_KEY_ID',
  'SMS_ACCESS_KEY_SECRET',
  'SMS_SIGN_NAME',
  'SMS_TEMPLATE_CODE',
  'SMS_TEMPLATE_STATUS',
  'SMS_SDK_APP_ID',
  'SMS_REGION',
  'SMS_ENDPOINT',
  'SMS_TIMEOUT_MS',
  'INSTANCE_ID',
  'RATE_LIMIT_SUBMIT_UNVERIFIED',
  'RATE_LIMIT_SUBMIT_UNVERIFIED_SITE',
] as const;

export function loadConfig(
  environment: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
  /** false: the keys may be absent (ops commands that never open a sealed value). */
  options: { secrets?: boolean } = {},
): NodeConfig {
  const raw = { ...readDotVars(resolve(cwd, environment['DEV_VARS_FILE'] ?? '.dev.vars')), ...environment };
  const vars: Record<string, string> = {};
  for (const name of VAR_NAMES) {
    const v = raw[name];
    if (v !== undefined && v !== '') vars[name] = v;
  }
  // DATA_KEYS / HASH_KEYS alone are enough, so key 1 can be retired once a re-key has moved off it.
  for (const name of options.secrets === false ? [] : (['DATA_KEY', 'HASH_KEY', 'SESSION_KEY'] as const)) {
    const ring = name === 'SESSION_KEY' ? undefined : vars[`${name}S`];
    if (!vars[name] && !ring)
      throw new ConfigError(
        `${name} is not set: 32 random bytes in base64 (openssl rand -base64 32)${name === 'SESSION_KEY' ? '' : `, or ${name}S`}`,
      );
  }
  const port = Number(raw['PORT'] ?? 8788);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT is not a port number: ${raw['PORT']}`);
  const proxy = raw['TRUSTED_PROXY'] ?? 'none';
  if (!/^(none|cloudflare|[1-9]\d?)$/.test(proxy))
    throw new ConfigError('TRUSTED_PROXY must be none, cloudflare, or the number of proxies in front (1 behind nginx)');
  vars['TRUSTED_PROXY'] = proxy;
  const host = raw['HOST'] ?? '127.0.0.1';
  checkSiteAndDevMode(vars['SITE_URL'], vars['DEV_MODE'], host);
  return {
    port,
    host,
    dataDir: resolve(cwd, raw['DATA_DIR'] ?? 'data'),
    distDir: resolve(cwd, raw['DIST_DIR'] ?? 'dist'),
    databaseUrl: raw['DATABASE_URL'] || undefined,
    outboxIntervalMs: Number(raw['OUTBOX_INTERVAL_MS'] ?? 30_000),
    vars: vars as unknown as EnvVars,
    raw,
  };
}

const LOOPBACK_HOSTS = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/i;

/**
 * SITE_URL must be an http(s) origin (links and allowed Origins come from it); DEV_MODE, whose
 * switches move the clock and open the outbox, only in a configuration that cannot face the public:
 * listening on loopback, with a site URL that is not a public https one (issue 12, finding 12).
 */
function checkSiteAndDevMode(siteUrl: string | undefined, devMode: string | undefined, host: string): void {
  let site: URL | null = null;
  if (siteUrl) {
    try {
      site = new URL(siteUrl);
    } catch {
      site = null;
    }
    if (!site || !/^https?:$/.test(site.protocol))
      throw new ConfigError(`SITE_URL must be the site's own https://… address, not ${siteUrl}`);
  }
  if (devMode !== '1' && devMode !== 'true') return;
  if (!LOOPBACK_HOSTS.test(host.replace(/^\[|\]$/g, '')))
    throw new ConfigError(
      `DEV_MODE is for development on this machine only: HOST is ${host}; unset DEV_MODE, or listen on 127.0.0.1`,
    );
  if (site && site.protocol === 'https:' && !LOOPBACK_HOSTS.test(site.hostname.replace(/^\[|\]$/g, '')))
    throw new ConfigError(
      `DEV_MODE is for development only, and SITE_URL ${siteUrl} is a public address: unset DEV_MODE`,
    );
}

/** The configured database, migrated to the newest schema. */
export async function openDatabase(config: Pick<NodeConfig, 'databaseUrl' | 'dataDir' | 'raw'>): Promise<Database> {
  const url = config.databaseUrl;
  let db: Database;
  if (url && /^postgres(ql)?:\/\//.test(url)) {
    db = postgresDatabase(url, { max: Number(config.raw['DATABASE_POOL_SIZE'] ?? 10) });
  } else if (url && !url.startsWith('sqlite:') && !url.startsWith('file:')) {
    throw new ConfigError('DATABASE_URL must start with postgres:// (PostgreSQL, KingbaseES, HighGo) or sqlite:');
  } else {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(config.dataDir, { recursive: true });
    const file = url ? url.replace(/^(sqlite|file):(\/\/)?/, '') : resolve(config.dataDir, 'xinfang.sqlite');
    db = sqliteDatabase(file);
  }
  if (config.raw['MIGRATE'] !== '0') await applyMigrations(db, migrationsDir(db.dialect));
  return db;
}

export function openBlobs(config: Pick<NodeConfig, 'dataDir' | 'raw'>): BlobStore {
  const r = config.raw;
  if (r['S3_ENDPOINT']) {
    const need = ['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
    for (const n of need) if (!r[n]) throw new ConfigError(`S3_ENDPOINT is set but ${n} is not`);
    return s3Blobs({
      endpoint: r['S3_ENDPOINT'],
      bucket: r['S3_BUCKET']!,
      region: r['S3_REGION'] ?? 'us-east-1',
      accessKeyId: r['S3_ACCESS_KEY_ID']!,
      secretAccessKey: r['S3_SECRET_ACCESS_KEY']!,
    });
  }
  return fsBlobs(resolve(config.dataDir, 'attachments'));
}
