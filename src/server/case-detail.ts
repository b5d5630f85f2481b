/**
 * The case page for staff: the case with its personal data opened, its attachments, its event log
 * with the actors' names, its deadlines, the actions open to staff now, and its related cases.
 */
import { findRepeats } from './repeat-petitions';
import { computeDeadlines, nextDeadline } from '../lib/deadlines';
import type { CaseDetail, InboxItem } from '../lib/staff-api';
import { availableActions, CaseStageSchema, CaseStateSchema, STATES, TRANSITIONS, type Action } from '../lib/workflow';
import { readAttachmentBytes } from './attachments';
import type { AuthEnv } from './auth';
import { caseSummary, loadCaseRow, officeDeadline, type CaseRow } from './case-record';
import { openText } from './crypto';
import { listEvents } from './petition-events';
import { listAttachments, openPersonalData } from './petition-store';

export type { CaseDetail };

interface EventLite {
  type: string;
  at: string;
  data: Record<string, unknown>;
}

function summarise(row: CaseRow, events: readonly EventLite[], now: Date): InboxItem {
  const deadlines = computeDeadlines({ stage: CaseStageSchema.parse(row.stage), kind: row.kind, events }, { now });
  return caseSummary(row, officeDeadline(nextDeadline(deadlines, 'office')));
}

const FACT_LABELS: Record<string, string> = {
  note: '内部备注',
  reclassify: '更正事项类别',
  reply_delivered: '登记书面答复送达',
  recuse: '申请回避',
  report_urgent: '报告重大、紧急信访事项',
  recommend: '信访部门提出建议',
  recommend_feedback: '书面反馈建议采纳情况',
};

/** The stateless actions that fit the case now (case-actions.ts checks them again). */
type FactAction = 'reclassify' | 'reply_delivered' | 'recuse' | 'report_urgent' | 'recommend' | 'recommend_feedback';

function factActions(status: string, stage: string, events: readonly { type: string }[]): FactAction[] {
  const out: FactAction[] = [];
  const state = CaseStateSchema.parse(status);
  if (stage === 'original' && !STATES[state].terminal && state !== 'replied' && state !== 'mediated')
    out.push('reclassify');
  const lastReply = events.map((e) => e.type).lastIndexOf('reply');
  if (
    stage !== 'recheck' &&
    state === 'replied' &&
    lastReply >= 0 &&
    !events.slice(lastReply).some((e) => e.type === 'reply_delivered')
  )
    out.push('reply_delivered');
  out.push('recuse');
  if (!STATES[state].terminal) out.push('report_urgent', 'recommend');
  if (events.some((e) => e.type === 'recommend')) out.push('recommend_feedback');
  return out;
}

const eventLabel = (type: string): string =>
  type in FACT_LABELS && type !== 'note'
    ? FACT_LABELS[type]!
    : type === 'submitted'
      ? '提交'
      : type === 'note'
        ? '内部备注'
        : type === 'rate'
          ? '信访人评价'
          : (TRANSITIONS.find((t) => t.action === type)?.label ?? type);

export async function getCaseDetail(env: AuthEnv, id: string, now: Date): Promise<CaseDetail> {
  const row = await loadCaseRow(env.DB, id);
  const events = await listEvents(env.DB, id);
  const summary = summarise(row, events, now);
  const pii = await openPersonalData(env, env.DB, id);
  const staffNames = new Map(
    (await env.DB.prepare('SELECT id, name FROM staff').all<{ id: string; name: string }>()).results.map((s) => [
      s.id,
      s.name,
    ]),
  );
  const attachmentRows = await listAttachments(env.DB, id);
  const sealedNames = new Map(
    (
      await env.DB.prepare('SELECT id, name_iv, name_ct FROM attachments WHERE petition_id = ?')
        .bind(id)
        .all<{ id: string; name_iv: string; name_ct: string }>()
    ).results.map((r) => [r.id, { iv: r.name_iv, ct: r.name_ct }]),
  );
  const attachments = [];
  for (const a of attachmentRows) {
    const sealed = sealedNames.get(a.id);
    // Same associated data as attachments.ts uses when it seals the name.
    const name = sealed ? await openText(env, sealed, `attachment-name:${a.id}`) : `附件${a.position}`;
    attachments.push({
      id: a.id,
      position: a.position,
      name,
      mime: a.mime,
      size: a.size,
      sha256: a.sha256,
      url: `/api/staff/cases/${encodeURIComponent(id)}/attachments/${encodeURIComponent(a.id)}`,
    });
  }
  const parent = row.parent_id
    ? await env.DB.prepare('SELECT id, code, stage FROM petitions WHERE id = ?')
        .bind(row.parent_id)
        .first<{ id: string; code: string; stage: string }>()
    : null;
  const children = (
    await env.DB.prepare('SELECT id, code, stage, status FROM petitions WHERE parent_id = ? ORDER BY created_at')
      .bind(id)
      .all<{
        id: string;
        code: string;
        stage: string;
        status: string;
      }>()
  ).results;
  const lookup = await env.DB.prepare('SELECT id_hash, name_phone_hash, responsible_leader FROM petitions WHERE id = ?')
    .bind(id)
    .first<{ id_hash: string | null; name_phone_hash: string | null; responsible_leader: string | null }>();
  const rating = await env.DB.prepare('SELECT rating, comment, created_at FROM ratings WHERE petition_id = ?')
    .bind(id)
    .first<{ rating: string; comment: string | null; created_at: string }>();
  return {
    ...summary,
    request: row.request,
    facts: row.facts,
    otherProcedure: row.other_procedure,
    channel: row.channel,
    personal: {
      name: pii?.name ?? '',
      phone: pii?.phone ?? '',
      email: pii?.email ?? null,
      address: pii?.address ?? '',
      idNumber: pii?.idNumber ?? null,
    },
    attachments,
    events: events.map((e) => ({
      seq: e.seq,
      type: e.type,
      label: eventLabel(e.type),
      isPublic: e.isPublic,
      at: e.at,
      actor: e.actor,
      actorName:
        e.actor === 'citizen' ? '信访人' : e.actor === 'system' ? '系统' : (staffNames.get(e.actor) ?? e.actor),
      data: e.data,
      hash: e.hash,
    })),
    deadlines: computeDeadlines({ stage: summary.stage, kind: row.kind, events }, { now }),
    actions: [
      ...availableActions(summary.status, summary.stage, 'staff'),
      ...factActions(summary.status, summary.stage, events),
      'note' as const,
    ].map((action) => ({
      action: action as Action,
      label: FACT_LABELS[action] ?? TRANSITIONS.find((t) => t.action === action)?.label ?? action,
    })),
    parent: parent ? { id: parent.id, code: parent.code, stage: CaseStageSchema.parse(parent.stage) } : null,
    children: children.map((c) => {
      const status = CaseStateSchema.parse(c.status);
      return {
        id: c.id,
        code: c.code,
        stage: CaseStageSchema.parse(c.stage),
        status,
        statusLabel: STATES[status].label,
      };
    }),
    rating: rating ? { rating: rating.rating, comment: rating.comment, createdAt: rating.created_at } : null,
    repeats: await findRepeats(env.DB, {
      id,
      idHash: lookup?.id_hash ?? null,
      namePhoneHash: lookup?.name_phone_hash ?? null,
      region: row.region,
      title: row.title,
      facts: row.facts,
      createdAt: row.created_at,
    }),
    responsibleLeader: lookup?.responsible_leader ?? null,
  };
}

export interface CaseAttachmentFile {
  bytes: Uint8Array<ArrayBuffer>;
  mime: string;
  /** A neutral download name (attachment-<position>.<ext>); the citizen's file name stays sealed. */
  filename: string;
}

/** One attachment of one case, decrypted; null when either is unknown or the file is gone. */
export async function openCaseAttachment(
  env: AuthEnv,
  caseId: string,
  attachmentId: string,
): Promise<CaseAttachmentFile | null> {
  const row = await env.DB.prepare('SELECT r2_key, mime, position FROM attachments WHERE id = ? AND petition_id = ?')
    .bind(attachmentId, caseId)
    .first<{ r2_key: string; mime: string; position: number }>();
  const bytes = row ? await readAttachmentBytes(env, row.r2_key) : null;
  if (!row || !bytes) return null;
  const ext = row.mime === 'application/pdf' ? 'pdf' : row.mime === 'image/png' ? 'png' : 'jpg';
  return { bytes, mime: row.mime, filename: `attachment-${row.position}.${ext}` };
}
