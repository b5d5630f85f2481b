/**
 * The errors the domain throws, and the one place that turns any error into an HTTP answer.
 *
 * Domain code throws what it means (the case is not there, the session has lapsed, the body is too
 * large) and never builds a Response; the app's onError (src/server/app.ts) and the few routes that
 * answer with a page instead of JSON ask `describeError` what to say. Anything a client can send
 * ends in a 4xx with a Chinese sentence; a database that cannot be reached is a 503 with
 * Retry-After; only a fault on our side is logged, and it too is answered as "try again later"
 * (the person's input is kept on the page), never as a bare 500.
 */
import { json, MESSAGES } from './http';
import { isDbError } from './platform/database';

/** An error a client caused, with the status and the Chinese message to answer it with. */
export class ClientError extends Error {
  constructor(
    readonly status: 400 | 404 | 405 | 413 | 415 | 422 | 429,
    message: string,
    readonly headers: Record<string, string> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ClientError';
  }
}

/** Not signed in (401) or not allowed (403): a wrong Origin, a lapsed session, a role too low. */
export class AuthError extends Error {
  constructor(
    readonly status: 401 | 403,
    message: string,
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

/** A staff request the rules refuse: 400 naming each field, 404, or 409 when the state forbids it. */
export class CaseError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'CaseError';
  }
}

export const ERROR_MESSAGES = {
  /** A write lost a race the caller did not expect (a double click, two tabs). */
  conflict: '这项内容刚刚被修改过，请刷新页面，看清最新状态后再操作',
  overLimit: '操作太频繁，请稍等几分钟再试',
} as const;

/** Seconds a client is asked to wait before trying again after a fault on our side. */
export const RETRY_AFTER_SECONDS = 30;

export interface ErrorAnswer {
  status: number;
  /** The Chinese sentence for the person. */
  message: string;
  /** Field name -> message, for a form to show next to each field. */
  fields: Record<string, string>;
  headers: Record<string, string>;
  /** True when the fault is ours (logged); false for anything the client caused. */
  fault: boolean;
}

/** What to answer for an error, whatever threw it. */
export function describeError(error: unknown): ErrorAnswer {
  const answer = (status: number, message: string, more: Partial<ErrorAnswer> = {}): ErrorAnswer => ({
    status,
    message,
    fields: {},
    headers: {},
    fault: false,
    ...more,
  });
  if (error instanceof ClientError) return answer(error.status, error.message, { headers: error.headers });
  if (error instanceof AuthError) return answer(error.status, error.message);
  if (error instanceof CaseError) return answer(error.status, error.message, { fields: error.fields });
  // Kinds the code meant to handle and did not: still the client's race or pace, not our fault.
  if (isDbError(error, 'unique', 'sequence')) return answer(409, ERROR_MESSAGES.conflict);
  if (isDbError(error, 'over-limit'))
    return answer(429, ERROR_MESSAGES.overLimit, { headers: { 'retry-after': '60' } });
  return answer(503, MESSAGES.serverError, {
    headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    fault: !isDbError(error, 'unavailable'),
  });
}

/**
 * The JSON answer for an error: `{error}`, plus `fields` when a form's fields were refused. Faults
 * on our side are logged with `where` (the database being away is logged too: operators need it).
 */
export function errorResponse(error: unknown, where = 'route'): Response {
  const a = describeError(error);
  if (a.status >= 500) console.error(`${where} failed`, error);
  const body = Object.keys(a.fields).length > 0 ? { error: a.message, fields: a.fields } : { error: a.message };
  return json(body, a.status, a.headers);
}
