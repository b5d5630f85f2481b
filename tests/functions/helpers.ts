/**
 * Sends requests through the one app (src/server/app.ts) on the target this run is for — workerd +
 * D1, Node + SQLite or Node + PostgreSQL (`#target`, chosen by the vitest config) — and waits for
 * the work scheduled after the response (mail) to finish.
 */
import { inject } from 'vitest';
import { dispatch, env, fetchApp, TARGET } from '#target';
import { issueAreaIds, regionIds } from '../../src/lib/settings';
import type { AuthEnv } from '../../src/server/auth';

export const ORIGIN = 'https://xinfang.example';

/** Settings changed for one request; `undefined` unsets one (e.g. no mail service). */
export type EnvOverrides = { [K in keyof AuthEnv]?: AuthEnv[K] | undefined };

/** One request through the app, with some settings changed for this request only. */
export function call(request: Request, overrides: EnvOverrides = {}): Promise<Response> {
  return fetchApp(request, overrides as Partial<AuthEnv>);
}

let ipCounter = 0;
/** A fresh client address per call site, so rate limits of one test do not leak into another. */
export function freshIp(): string {
  ipCounter++;
  return `198.51.${Math.floor(ipCounter / 250)}.${ipCounter % 250}`;
}

export function validPetition(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    submissionId: crypto.randomUUID(),
    name: '张三',
    phone: '13812345678',
    email: 'zhangsan@example.com',
    address: '示例县人民路 1 号',
    region: regionIds[0],
    kind: 'claim',
    issueArea: issueAreaIds[0],
    title: '工资被拖欠三个月',
    request: '请督促用人单位支付拖欠的工资。',
    facts: '2026 年 1 月至 3 月的工资至今未发，多次找单位无果。',
    idNumber: '',
    otherProcedure: 'none',
    declaration: true,
    privacyConsent: true,
    website: '',
    startedAt: Date.now() - 120_000,
    ...overrides,
  };
}

export function postJson(path: string, body: unknown, ip = freshIp(), headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': ip, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function postForm(
  path: string,
  fields: Record<string, string>,
  ip = freshIp(),
  headers: Record<string, string> = {},
): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'cf-connecting-ip': ip, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export function postMultipart(
  path: string,
  form: FormData,
  ip = freshIp(),
  headers: Record<string, string> = {},
): Request {
  return new Request(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'cf-connecting-ip': ip, ...headers },
    body: form,
  });
}

/** The petition as a plain form would post it (checkboxes "on", numbers as text). */
export function asFormFields(p: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) {
    if (v === true) out[k] = 'on';
    else if (v === false || v === undefined || v === null) continue;
    else if (typeof v === 'object') out[k] = JSON.stringify(v);
    else if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') out[k] = String(v);
  }
  return out;
}

export const submit = (request: Request) => call(request);
export const track = (request: Request) => call(request);
export const receipt = (url: string) => call(new Request(new URL(url, ORIGIN)));
export const petitionPage = () => call(new Request(`${ORIGIN}/petition/`));

export async function submitOk(
  overrides: Record<string, unknown> = {},
): Promise<{ code: string; receiptUrl: string; body: Record<string, unknown> }> {
  const body = validPetition(overrides);
  const r = await submit(postJson('/api/petitions', body));
  if (r.status !== 201) throw new Error(`expected 201, got ${r.status}: ${await r.text()}`);
  const json = await r.json<{ code: string; receiptUrl: string }>();
  return { ...json, body };
}

// --- the mail stand-in -------------------------------------------------------------------------

const standin = () => inject('mailStandinUrl');

export async function mailMode(mode: 'ok' | 'down' | 'slow'): Promise<void> {
  await fetch(`${standin()}/__control/mode`, { method: 'POST', body: JSON.stringify({ mode }) });
}

export async function mailReset(): Promise<void> {
  await fetch(`${standin()}/__control/reset`, { method: 'POST' });
}

export interface Delivery {
  id: string;
  idempotencyKey: string | null;
  to: string[];
  subject: string;
  html: string;
  text: string;
}

export async function mailDeliveries(): Promise<{ requests: number; deliveries: Delivery[] }> {
  return await (await fetch(`${standin()}/__control/deliveries`)).json<{ requests: number; deliveries: Delivery[] }>();
}

export { env, TARGET, dispatch };

/** The values of a column's `CHECK (column IN (...))` list, read from the live schema. */
export async function checkList(table: string, column: string): Promise<string[]> {
  if (env.DB.dialect === 'postgres') {
    // PostgreSQL keeps `col IN ('a', 'b')` as `(col = ANY (ARRAY['a'::text, 'b'::text]))`.
    const { results } = await env.DB.prepare(
      "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = CAST(? AS regclass) AND contype = 'c'",
    )
      .bind(table)
      .all<{ def: string }>();
    const def = results
      .map((r) => r.def)
      .find((d) => new RegExp(`\\(${column} = ANY|\\(\\(${column}\\)::text = ANY`).test(d));
    if (!def) throw new Error(`no CHECK list for ${table}.${column}`);
    return [...def.matchAll(/'([^']*)'::/g)].map((m) => m[1]!);
  }
  const sql = (await env.DB.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
    .bind(table)
    .first<string>('sql'))!;
  const m = new RegExp(`CHECK \\(${column} IN \\(([^)]*)\\)\\)`).exec(sql);
  if (!m) throw new Error(`no CHECK list for ${table}.${column}`);
  return m[1]!.split(',').map((s) => s.trim().replace(/^'|'$/g, ''));
}
