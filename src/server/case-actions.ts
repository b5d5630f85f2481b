/**
 * The actions of the regulation that staff take on a case.
 *
 * An action is a pipeline: parse (zod, per action: src/lib/case-actions.ts) -> load (case + end of
 * its event chain) -> check (workflow.canTransition and the time rules) -> save (event + status in
 * one batch; the chain's UNIQUE seq makes a concurrent action lose instead of forking the log) ->
 * notify (outbox).
 */
import {
  ACTION_BODY_SCHEMAS,
  ACTION_INVALID_MESSAGE,
  STATELESS_STAFF_ACTIONS,
  type StaffAction,
} from '../lib/case-actions';
import { computeDeadlines, effectiveKind, shanghaiDate } from '../lib/deadlines';
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
import { receiptTag, trackUrl } from './receipt-info';
import { renderStatusMail } from './staff-mail';
import { codeParams, hasSms, insertSmsStatement } from './sms';
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

  // B19, Art. 28 ¶3: whoever has recused themself from this case takes no further action on it.
  if (recusedStaff(events).has(session.staff.id)) throw new CaseError(409, CASE_MESSAGES.recused);

  // check
  let to: CaseState = state;
  let isPublic = false;
  let kind = row.kind;
  if (action === 'reclassify') {
    checkReclassify(row, stage, state, data);
    kind = data['kind'] as string;
    // The citizen's clock changes with the kind, so the citizen is told why.
    isPublic = true;
    data['from'] = row.kind;
  } else if (action === 'reply_delivered') {
    checkDelivery(stage, state, events, data, now);
    isPublic = true;
  } else if (action === 'recuse') {
    const staffId = (data['staffId'] as string | undefined) ?? session.staff.id;
    if (staffId !== session.staff.id && session.staff.role !== 'admin')
      throw new CaseError(409, CASE_MESSAGES.recuseOthers);
    data['staffId'] = staffId;
  } else if (action === 'recommend_feedback') {
    if (!events.some((e) => e.type === 'recommend'))
      throw new CaseError(409, CASE_MESSAGES.feedbackWithoutRecommendation);
  } else if (action === 'report_urgent' || action === 'recommend') {
    if (STATES[state].terminal) throw new CaseError(409, CASE_MESSAGES.closedCase);
  } else if (action !== 'note') {
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
    { stage, kind, status: to },
  );
  const event = prepared.event;
  const statements: DbStatement[] = [...prepared.statements];
  if (action === 'reclassify') {
    statements.push(
      env.DB.prepare('UPDATE petitions SET kind = ?, updated_at = ? WHERE id = ? AND kind = ?').bind(
        kind,
        nowIso,
        caseId,
        row.kind,
      ),
    );
  } else if (!(STATELESS_STAFF_ACTIONS as readonly string[]).includes(action)) {
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
  // One SMS per public status change, with nothing but the code (sms.ts), when the person has SMS.
  if (isPublic && action !== 'reply_delivered' && (await hasSms(env, caseId))) {
    const pii = await openPersonalData(env, env.DB, caseId);
    if (pii?.phone)
      statements.push(
        await insertSmsStatement(
          env,
          env.DB,
          {
            id: crypto.randomUUID(),
            petitionId: caseId,
            to: pii.phone,
            template: 'status',
            params: codeParams(row.code),
          },
          nowIso,
        ),
      );
  }
  let mailed = false;
  if (isPublic && row.has_email === 1) {
    const pii = await openPersonalData(env, env.DB, caseId);
    if (pii?.email) {
      const notice = describeEvent({ ...event, data }, stage, kind);
      const mail: MailMessage = {
        id: crypto.randomUUID(),
        petitionId: caseId,
        kind: 'status-update',
        to: pii.email,
        ...renderStatusMail(row.code, trackUrl(origin, row.code, await receiptTag(env, row.code)), notice),
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

/** Staff who recused themselves from a case (Art. 28 ¶3). */
export function recusedStaff(events: readonly { type: string; data?: Record<string, unknown> | null }[]): Set<string> {
  const out = new Set<string>();
  for (const e of events)
    if (e.type === 'recuse' && typeof e.data?.['staffId'] === 'string') out.add(e.data['staffId']);
  return out;
}

/** A.6: the kind can be corrected while the matter is handled in the first instance, with a reason. */
function checkReclassify(row: CaseRow, stage: CaseStage, state: CaseState, data: Record<string, unknown>): void {
  if (stage !== 'original') throw new CaseError(409, CASE_MESSAGES.reclassifyStage);
  if (STATES[state].terminal || state === 'replied' || state === 'mediated')
    throw new CaseError(409, CASE_MESSAGES.reclassifyLate);
  if (data['kind'] === row.kind)
    throw new CaseError(400, CASE_MESSAGES.invalid, { kind: CASE_MESSAGES.reclassifySame });
}

/** A8/A10: when the written reply reached the citizen; once per reply, not before it, not in the future. */
function checkDelivery(
  stage: CaseStage,
  state: CaseState,
  events: readonly ChainedEvent[],
  data: Record<string, unknown>,
  now: Date,
): void {
  if (stage === 'recheck' || state !== 'replied') throw new CaseError(409, CASE_MESSAGES.deliveryNoReply);
  let replyIdx = -1;
  events.forEach((e, i) => {
    if (e.type === 'reply') replyIdx = i;
  });
  if (replyIdx < 0) throw new CaseError(409, CASE_MESSAGES.deliveryNoReply);
  const reply = events[replyIdx]!;
  if (events.slice(replyIdx + 1).some((e) => e.type === 'reply_delivered'))
    throw new CaseError(409, CASE_MESSAGES.deliveryTwice);
  const day = data['receivedOn'] as string;
  if (day < shanghaiDate(reply.at))
    throw new CaseError(400, CASE_MESSAGES.invalid, { receivedOn: CASE_MESSAGES.deliveryBeforeReply });
  if (day > shanghaiDate(now))
    throw new CaseError(400, CASE_MESSAGES.invalid, { receivedOn: CASE_MESSAGES.deliveryFuture });
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
  const kind = effectiveKind(row.kind, events);
  if (action === 'extend') {
    if (kind !== 'claim') throw new CaseError(409, CASE_MESSAGES.extendNotClaim);
    const handle = deadlines.find((d) => d.kind === 'handle');
    if (!handle || handle.status === 'overdue') throw new CaseError(409, CASE_MESSAGES.extendLate);
  }
  if (action === 'assign' && typeof data['dueDate'] === 'string' && data['dueDate'] <= today) {
    throw new CaseError(400, CASE_MESSAGES.invalid, { dueDate: CASE_MESSAGES.assignPast });
  }
  // Art. 31(6): a hearing in first-instance handling is for 申诉求决 matters.
  if (action === 'hearing_start' && stage === 'original' && kind !== 'claim')
    throw new CaseError(409, CASE_MESSAGES.hearingNotClaim);
  if (action === 'close' && row.status === 'replied') {
    const window = deadlines.find((d) => d.kind === 'review-request' || d.kind === 'recheck-request');
    if (window && window.status === 'running')
      throw new CaseError(
        409,
        window.startKnown ? CASE_MESSAGES.closeTooEarly(window.due) : CASE_MESSAGES.closeUndelivered,
      );
  }
}
