/**
 * The operator's commands, on the database and blob store the server itself is configured with
 * (config.ts: DATABASE_URL, DATA_DIR, S3_*, .dev.vars). Bundled to build/ops.mjs; the npm scripts
 * db:backup, db:restore, retention, audit:verify and rekey run it. docs/operations.md is the manual.
 *
 *   backup [--out FILE]            logical backup (src/server/backup.ts), one consistent snapshot
 *   restore FILE [--force]         into an empty, migrated database; then verifies the audit chain
 *   retention [--dry-run] [--years N] [--now ISO]
 *   audit-verify                   recomputes every hash chain
 *   rekey [--batch-size N]         re-seals to the current suite and key, recomputes keyed hashes
 *   backfill-due [--all]           stores the next due date of open cases that have none
 *   seed-demo-ledger [--now ISO]   a fictional 积案台账 for the demo office (demo-ledger.ts)
 *
 * `--d1-local [--persist-to DIR]` works on wrangler's local D1 and R2 instead (the Cloudflare
 * target): backup and restore are wrangler's own SQL export and execute, because that file is what
 * `wrangler d1 execute --remote` also takes; the other commands run the same runtime-neutral code
 * on the real D1 and R2 bindings that wrangler's getPlatformProxy hands to Node.
 *
 * Exit codes: 0 done; 1 the command ran and found a problem (a broken chain, a refused restore);
 * 2 a usage, setting or connection error.
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  closeSync,
  copyFileSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { createGunzip, createGzip } from 'node:zlib';
import type { Writable } from 'node:stream';
import { settings } from '../../lib/settings';
import { verifyDatabase, type AuditReport } from '../audit';
import { BackupError, dumpDatabase, restoreDatabase, type TableCounts } from '../backup';
import { backfillCaseDue } from '../case-due';
import { checkKeySettings, ConfigError as KeyConfigError } from '../crypto';
import { isDbError, type Database } from '../platform/database';
import { d1Database } from '../platform/d1';
import type { BlobStore } from '../platform/ports';
import { r2Blobs } from '../platform/r2';
import { countStale, rekeyDatabase } from '../rekey';
import { applyRetention } from '../retention';
import { ConfigError, loadConfig, openBlobs, openDatabase, type NodeConfig } from './config';
import { seedDemoLedger } from './demo-ledger';

export interface OpsIo {
  env: Record<string, string | undefined>;
  cwd: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

const USAGE = `用法：node build/ops.mjs <命令> [选项]（npm run db:backup / db:restore / retention / audit:verify / rekey）
  backup [--out 文件]             备份配置的数据库（默认 backups/xinfang-<时间>.jsonl.gz）
  restore <文件> [--force]        恢复到空的数据库（--force：先清空现有数据）
  retention [--dry-run] [--years N] [--now ISO 时间]
                                  匿名化超过保存期限的已办结案件
  audit-verify                    校验审计链
  rekey [--batch-size N]          用当前算法和密钥重新加密，并重算查询哈希
  backfill-due [--all]            补算在办案件的下一个期限
  seed-demo-ledger [--now ISO 时间] 为示例部署生成虚构的积案台账（示例数据）
  共同选项：--d1-local [--persist-to 目录]  改为操作 wrangler 的本地 D1 和 R2（Cloudflare 目标）`;

class UsageError extends Error {}

/** Problems found by a command that ran (exit code 1), as opposed to errors that stopped it. */
class FoundProblem extends Error {}

const OPTIONS = {
  out: { type: 'string' },
  force: { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  years: { type: 'string' },
  now: { type: 'string' },
  'batch-size': { type: 'string' },
  all: { type: 'boolean', default: false },
  'd1-local': { type: 'boolean', default: false },
  'persist-to': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** Runs one command; resolves to the exit code. Never calls process.exit (tests run it in-process). */
export async function runOps(argv: readonly string[], io: OpsIo): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true }));
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (command ? io.out : io.err)(USAGE);
    return command || values.help ? 0 : 2;
  }
  try {
    if (values['d1-local']) await runD1Local(command, rest, values, io);
    else await runNode(command, rest, values, io);
    return 0;
  } catch (error) {
    if (error instanceof FoundProblem) {
      io.err(error.message);
      return 1;
    }
    if (error instanceof BackupError) {
      io.err(`操作未完成：${error.message}`);
      return 1;
    }
    if (error instanceof UsageError) {
      io.err(`${error.message}\n${USAGE}`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof KeyConfigError) {
      io.err(`配置错误：${error.message}`);
      return 2;
    }
    if (isDbError(error, 'unavailable')) {
      io.err(
        `无法连接数据库，请检查 DATABASE_URL 或数据目录：${String((error.cause as Error | undefined)?.message ?? error.message)}`,
      );
      return 2;
    }
    throw error;
  }
}

// ---------------------------------------------------------------- shared steps

function parseYears(values: Values): number {
  const years = Number(values.years ?? settings.retentionYears);
  if (!Number.isInteger(years) || years < 1) throw new UsageError('--years 应为不小于 1 的整数');
  return years;
}

function parseNow(values: Values): Date {
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError('--now 应为 ISO 日期时间，例如 2031-01-01T00:00:00Z');
  return now;
}

function parseBatchSize(values: Values): number | undefined {
  if (values['batch-size'] === undefined) return undefined;
  const n = Number(values['batch-size']);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new UsageError('--batch-size 应为 1 到 1000 的整数');
  return n;
}

function countsLine(counts: TableCounts): string {
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${t} ${n}`)
    .join('，');
}

function reportAudit(report: AuditReport, io: OpsIo): void {
  if (report.broken.length === 0) {
    io.out(`审计链完整：${report.petitions} 件信访事项，${report.events} 条记录，全部校验通过。`);
    return;
  }
  const lines = [
    `审计链已被破坏：${report.broken.length} 件信访事项的记录与哈希不符（共检查 ${report.events} 条记录）。`,
    ...report.broken.map((b) => `  petition ${b.petitionId}, event seq ${b.seq}: ${b.reason}`),
  ];
  throw new FoundProblem(lines.join('\n'));
}

async function runRetention(db: Database, blobs: BlobStore, values: Values, io: OpsIo): Promise<void> {
  const years = parseYears(values);
  const now = parseNow(values);
  const dryRun = values['dry-run'];
  const outboxDays = settings.outboxRetentionDays;
  const report = await applyRetention(db, blobs, { years, outboxDays, now, dryRun, log: io.err });
  io.out(`保存期限 ${years} 年（${report.cutoff.slice(0, 10)} 之前办结的案件）：${report.due} 件待匿名化`);
  if (!dryRun && report.due > 0) io.out(`已匿名化 ${report.anonymised} 件，删除附件 ${report.blobs} 个`);
  io.out(
    `发件记录保存 ${outboxDays} 天（${report.outboxCutoff.slice(0, 10)} 之前的邮件和短信记录）：${
      dryRun ? `${report.outboxRows} 条待删除` : `已删除 ${report.outboxRows} 条`
    }`,
  );
}

async function runRekey(db: Database, blobs: BlobStore, config: NodeConfig, values: Values, io: OpsIo): Promise<void> {
  const env = config.vars;
  checkKeySettings(env);
  const batchSize = parseBatchSize(values);
  const report = await rekeyDatabase(db, blobs, env, { ...(batchSize ? { batchSize } : {}), log: io.out });
  const stale = await countStale(db, env);
  io.out(
    `已重新加密 ${report.sealed} 个字段、${report.blobs} 个附件，重算 ${report.hashes} 个哈希；仍未使用当前密钥的字段：${stale} 个`,
  );
  if (stale > 0) throw new FoundProblem('仍有字段未使用当前密钥，请再运行一次 npm run rekey');
}

/** The blob store in words, for the backup's reminder that attachments are not in the file. */
function blobsWhere(config: NodeConfig): string {
  const r = config.raw;
  return r['S3_ENDPOINT']
    ? `对象存储 ${r['S3_ENDPOINT']} 的存储桶 ${r['S3_BUCKET']}（请用存储自身的版本控制或跨区域复制备份）`
    : `目录 ${resolve(config.dataDir, 'attachments')}（请与本文件一同备份，例如 rsync -a 或 tar）`;
}

// ---------------------------------------------------------------- Node targets

async function runNode(command: string, rest: string[], values: Values, io: OpsIo): Promise<void> {
  // Only the re-key opens sealed values; the other commands run without the keys.
  // The demo ledger seals its fictional petitioners like real ones, so it needs the keys too.
  const config = loadConfig(io.env, io.cwd, { secrets: command === 'rekey' || command === 'seed-demo-ledger' });
  const handlers: Record<string, (db: Database) => Promise<void>> = {
    backup: (db) => backupNode(db, config, values, io),
    restore: (db) => restoreNode(db, rest[0], values, io),
    retention: (db) => runRetention(db, openBlobs(config), values, io),
    'audit-verify': async (db) => reportAudit(await verifyDatabase(db), io),
    rekey: (db) => runRekey(db, openBlobs(config), config, values, io),
    'backfill-due': async (db) => {
      const n = await backfillCaseDue(db, { all: values.all });
      io.out(`已补算 ${n} 件在办案件的下一个期限`);
    },
    'seed-demo-ledger': async (db) => {
      const n = await seedDemoLedger(db, config.vars, values.now ? { now: new Date(values.now) } : {});
      io.out(`已生成 ${n} 件示例积案（虚构数据）`);
    },
  };
  const handler = handlers[command];
  if (!handler) throw new UsageError(`未知命令：${command}`);
  if (command === 'restore' && !rest[0]) throw new UsageError('请给出要恢复的备份文件');
  const db = await openDatabase(config);
  try {
    await handler(db);
  } finally {
    await db.close();
  }
}

function stamp(now = new Date()): string {
  return now.toISOString().replace(/[:]/g, '-').replace(/\..+/, '');
}

/** Writes a line to a stream, waiting when its buffer is full. */
async function writeLine(stream: Writable, line: string): Promise<void> {
  if (!stream.write(`${line}\n`)) await once(stream, 'drain');
}

async function backupNode(db: Database, config: NodeConfig, values: Values, io: OpsIo): Promise<void> {
  const out = resolve(io.cwd, values.out ?? `backups/xinfang-${stamp()}.jsonl.gz`);
  mkdirSync(dirname(out), { recursive: true });
  // Written under another name and renamed at the end: a file under the final name is always whole.
  const partial = `${out}.partial`;
  // The file holds sealed personal data and keyed hashes: readable by its owner only.
  const file = createWriteStream(partial, { mode: 0o600 });
  await once(file, 'open');
  const gzip = out.endsWith('.gz') ? createGzip() : null;
  if (gzip) gzip.pipe(file);
  const sink = gzip ?? file;
  try {
    const { header, counts } = await dumpDatabase(db, (line) => writeLine(sink, line));
    sink.end();
    await once(file, 'close');
    renameSync(partial, out);
    io.out(
      `已备份到 ${out}（${statSync(out).size} 字节；来源 ${header.source}，迁移 ${header.migration ?? '无'}，审计链 ${header.chainHash}）`,
    );
    io.out(`各表行数：${countsLine(counts)}`);
    io.out(`附件内容不在此文件中，它们在${blobsWhere(config)}。`);
    io.out(
      '恢复后读取个人信息需要同样的 DATA_KEY/DATA_KEYS 和 HASH_KEY/HASH_KEYS：密钥请另行妥善保管，不要与备份放在一起。',
    );
  } catch (error) {
    sink.destroy();
    file.destroy();
    if (!file.closed) await once(file, 'close');
    rmSync(partial, { force: true });
    throw error;
  }
}

/** The lines of a backup file, gunzipped when it starts with gzip's magic bytes. */
function backupLines(path: string): AsyncIterable<string> {
  const fd = openSync(path, 'r');
  const magic = new Uint8Array(2);
  readSync(fd, magic, 0, 2, 0);
  closeSync(fd);
  const raw = createReadStream(path);
  const input = magic[0] === 0x1f && magic[1] === 0x8b ? raw.pipe(createGunzip()) : raw;
  return createInterface({ input, crlfDelay: Infinity });
}

async function restoreNode(db: Database, file: string | undefined, values: Values, io: OpsIo): Promise<void> {
  const path = resolve(io.cwd, file!);
  if (!existsSync(path)) throw new UsageError(`找不到备份文件：${path}`);
  if (path.endsWith('.sql')) throw new UsageError('这是 wrangler 的 SQL 导出（D1）；恢复到本地 D1 请加 --d1-local');
  const { header, counts } = await restoreDatabase(db, backupLines(path), { force: values.force });
  io.out(`已从 ${path} 恢复（来源 ${header.source}，备份于 ${header.createdAt}，迁移 ${header.migration ?? '无'}）`);
  io.out(`各表行数：${countsLine(counts)}`);
  io.out('附件内容需另行从附件目录或对象存储的备份恢复。');
  reportAudit(await verifyDatabase(db), io);
}

// ---------------------------------------------------------------- the local D1 (Cloudflare target)

/** wrangler's environment: no metrics, no network look-ups. */
function wranglerEnv(io: OpsIo): NodeJS.ProcessEnv {
  return { ...process.env, ...io.env, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' };
}

function wranglerBin(cwd: string): string {
  const bin = join(cwd, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
  if (!existsSync(bin)) throw new UsageError('--d1-local 需要 wrangler（npm install 的开发依赖）');
  return bin;
}

function wrangler(io: OpsIo, args: string[], cwd = io.cwd): void {
  const r = spawnSync(process.execPath, [wranglerBin(io.cwd), ...args], {
    cwd,
    encoding: 'utf8',
    env: wranglerEnv(io),
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0) throw new FoundProblem(`wrangler ${args.slice(0, 2).join(' ')} 失败：\n${r.stderr || r.stdout}`);
}

async function runD1Local(command: string, rest: string[], values: Values, io: OpsIo): Promise<void> {
  const persistTo = resolve(io.cwd, values['persist-to'] ?? '.wrangler/state');
  if (command === 'backup') return backupD1(persistTo, values, io);
  if (command === 'restore') return restoreD1(persistTo, rest[0], values, io);
  if (!['retention', 'audit-verify', 'rekey', 'backfill-due'].includes(command))
    throw new UsageError(`未知命令：${command}`);
  const config = loadConfig(io.env, io.cwd, { secrets: command === 'rekey' });
  // The real D1 and R2 bindings in miniflare, on wrangler's state folder (`--persist-to DIR` keeps DIR/v3).
  const { getPlatformProxy } = await import('wrangler');
  const proxy = await getPlatformProxy<{ DB: D1Database; ATTACHMENTS: R2Bucket }>({
    configPath: join(io.cwd, 'wrangler.toml'),
    persist: { path: join(persistTo, 'v3') },
    envFiles: [],
    remoteBindings: false,
  });
  try {
    const db = d1Database(proxy.env.DB);
    const blobs = r2Blobs(proxy.env.ATTACHMENTS);
    if (command === 'retention') await runRetention(db, blobs, values, io);
    else if (command === 'audit-verify') reportAudit(await verifyDatabase(db), io);
    else if (command === 'rekey') await runRekey(db, blobs, config, values, io);
    else io.out(`已补算 ${await backfillCaseDue(db, { all: values.all, batchSize: 90 })} 件在办案件的下一个期限`);
  } finally {
    await proxy.dispose();
  }
}

function backupD1(persistTo: string, values: Values, io: OpsIo): void {
  const out = resolve(io.cwd, values.out ?? `backups/xinfang-d1-${stamp()}.sql`);
  mkdirSync(dirname(out), { recursive: true });
  // `wrangler d1 export` has no --persist-to: it runs from a scratch project whose .wrangler/state
  // points at the state folder.
  const scratch = mkdtempSync(join(tmpdir(), 'xf-export-'));
  try {
    copyFileSync(join(io.cwd, 'wrangler.toml'), join(scratch, 'wrangler.toml'));
    mkdirSync(join(scratch, '.wrangler'));
    symlinkSync(persistTo, join(scratch, '.wrangler', 'state'));
    wrangler(io, ['d1', 'export', 'DB', '--local', '--output', out], scratch);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  io.out(`已备份本地 D1 到 ${out}（${statSync(out).size} 字节，wrangler 的 SQL 导出）`);
  io.out(
    `附件在本地 R2（${join(persistTo, 'v3', 'r2')}），请一同备份该目录；线上 D1 用 wrangler d1 export DB --remote，R2 用存储桶复制。`,
  );
}

function restoreD1(persistTo: string, file: string | undefined, values: Values, io: OpsIo): void {
  if (!file) throw new UsageError('请给出要恢复的备份文件');
  const path = resolve(io.cwd, file);
  if (!existsSync(path)) throw new UsageError(`找不到备份文件：${path}`);
  if (!path.endsWith('.sql'))
    throw new UsageError('--d1-local 恢复的是 wrangler 的 SQL 导出（db:backup -- --d1-local 生成的 .sql 文件）');
  const d1Dir = join(persistTo, 'v3', 'd1');
  if (existsSync(d1Dir) && readdirSync(d1Dir).length > 0) {
    if (!values.force)
      throw new FoundProblem(
        `目标 ${persistTo} 已有本地数据库。为避免混入旧数据，请换一个 --persist-to 目录，或加 --force 先删除它。`,
      );
    rmSync(d1Dir, { recursive: true, force: true });
  }
  wrangler(io, ['d1', 'execute', 'DB', '--local', '--persist-to', persistTo, '--file', path, '--yes']);
  io.out(`已从 ${path} 恢复到本地 D1（${persistTo}）`);
}

// ---------------------------------------------------------------- entry

// Run as a program (node build/ops.mjs), not when a test imports the module.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const code = await runOps(process.argv.slice(2), {
    env: process.env,
    cwd: process.cwd(),
    out: (line) => console.log(line),
    err: (line) => console.error(line),
  });
  process.exitCode = code;
}
