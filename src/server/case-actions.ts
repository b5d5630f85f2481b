/**
 * The actions of the regulation that staff take on a case.
 *
 * An action is a pipeline: parse (zod, per action: src/lib/case-actions.ts) -> load (case + end of
 * its event chain) -> check (workflow.canTransition and the time rules) -> save (event + status in
 * one batch; the chain's UNIQUE seq makes a concurrent action lose instead of forking the log) ->
 * notify (outbox).
 */
import { ACTION_BODY_SCHEMAS, ACTION_INVALID_MESSAGE, type StaffAction } from '../lib/case-actions';
import { computeDeadlines, shanghaiDate } from '../lib/deadlines';
import { fieldErrors } from '../lib/field-errors';
import type { ActionResult } from '../lib/staff-api';
import {
  CaseStageSchema,
  CaseStateSchema,
  findTransition,
  forbiddenMessage,
  STATES,
  type CaseStage,
  type CaseState,
} from '../lib/workflow';
import type { AuthEnv, Session } from './auth';
import { CASE_MESSAGES, loadCaseRow, type CaseRow } from './case-record';
import { CaseError } from './errors';
import { insertOutboxStatement, type MailMessage } from './mail';
import { listEvents, prepareEvent, type ChainedEvent } from './petition-events';
import { openPersonalData } from './petition-store';
import { isDbError, type DbStatement } from './platform/database';
import { trackUrl } from './receipt-info';
import { renderStatusMail } from './staff-mail';
import { describeEvent } from './timeline';

export type { ActionResult, StaffAction };

function parseBody(action: StaffAction, body: unknown): Record<string, unknown> {
  const parsed = ACTION_BODY_SCHEMAS[action].safeParse(body ?? {});
  if (!parsed.success) throw new CaseError(400, ACTION_INVALID_MESSAGE, fieldErrors(parsed.error));
  return parsed.data;
}

/** Takes a staff action on a case: every rule is checked here, the route only parses. */
export async function performAction(
  env: AuthEnv,
  session: Session,
  caseId: string,
  action: StaffAction,
  body: unknown,
  now: Date,
  origin: string,
): Promise<ActionResult> {
  // parse
  const data = parseBody(action, body);

  // load
  const row = await loadCaseRow(env.DB, caseId);
  const stage = CaseStageSchema.parse(row.stage);
  const state = CaseStateSchema.parse(row.status);
  const events = await listEvents(env.DB, caseId);

  // check
  let to: CaseState = state;
  let isPublic = false;
  if (action !== 'note') {
    const t = findTransition(state, action, stage);
    if (!t || t.actor !== 'staff') throw new CaseError(409, forbiddenMessage(state, action, stage));
    to = t.to;
    isPublic = t.public;
    checkTimeRules(action, row, stage, events, data, now);
  }

  // save
  const nowIso = now.toISOString();
  const prepared = await prepareEvent(
    env.DB,
    events,
    { petitionId: caseId, type: action, isPublic, at: nowIso, actor: session.staff.id, data },
    { stage, kind: row.kind, status: to },
  );
  const event = prepared.event;
  const statements: DbStatement[] = [...prepared.statements];
  if (action !== 'note') {
    const unit = action === 'transfer' || action === 'assign' ? (data['unit'] as string) : row.unit;
    // The WHERE on the old status is a second guard next to the chain's seq.
    statements.push(
      env.DB.prepare('UPDATE petitions SET status = ?, unit = ?, updated_at = ? WHERE id = ? AND status = ?').bind(
        to,
        unit,
        nowIso,
        caseId,
        state,
      ),
    );
  }

  // notify
  let mailed = false;
  if (isPublic && row.has_email === 1) {
    const pii = await openPersonalData(env, env.DB, caseId);
    if (pii?.email) {
      const notice = describeEvent({ ...event, data }, stage);
      const mail: MailMessage = {
        id: crypto.randomUUID(),
        petitionId: caseId,
        kind: 'status-update',
        to: pii.email,
        ...renderStatusMail(row.code, trackUrl(origin, row.code), notice),
      };
      statements.push(await insertOutboxStatement(env, env.DB, mail, nowIso));
      mailed = true;
    }
  }
  try {
    await env.DB.batch(statements);
  } catch (error) {
    if (isDbError(error, 'sequence')) throw new CaseError(409, CASE_MESSAGES.raced);
    throw new Error('saving the case action failed', { cause: error });
  }
  return {
    status: to,
    statusLabel: STATES[to].label,
    event: { seq: event.seq, type: event.type, isPublic, at: event.at, hash: event.hash },
    mailed,
  };
}

/** The rules that depend on dates rather than on the state alone. */
function checkTimeRules(
  action: StaffAction,
  row: CaseRow,
  stage: CaseStage,
  events: readonly ChainedEvent[],
  data: Record<string, unknown>,
  now: Date,
): void {
  const today = shanghaiDate(now);
  const deadlines = computeDeadlines({ stage, kind: row.kind, events }, { now });
  if (action === 'extend') {
    if (row.kind !== 'claim') throw new CaseError(409, CASE_MESSAGES.extendNotClaim);
    const handle = deadlines.find((d) => d.kind === 'handle');
    if (!handle || handle.status === 'overdue') throw new CaseError(409, CASE_MESSAGES.extendLate);
  }
  if (action === 'assign' && typeof data['dueDate'] === 'string' && data['dueDate'] <= today) {
    throw new CaseError(400, CASE_MESSAGES.invalid, { dueDate: CASE_MESSAGES.assignPast });
  }
  if (action === 'close' && row.status === 'replied') {
    const window = deadlines.find((d) => d.kind === 'review-request' || d.kind === 'recheck-request');
    if (window && window.status === 'running') throw new CaseError(409, CASE_MESSAGES.closeTooEarly(window.due));
  }
}
