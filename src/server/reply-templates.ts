/**
 * Reply templates (FixMyStreet's response templates): standard wording an admin writes per issue
 * area, which staff start a 处理意见书 from and then adapt to the case.
 */
import { ACTION_INVALID_MESSAGE, ReplyTemplateInputSchema } from '../lib/case-actions';
import { fieldErrors } from '../lib/field-errors';
import { issueAreaName } from '../lib/settings';
import type { ReplyTemplate } from '../lib/staff-api';
import { CaseError } from './errors';
import type { Database } from './platform/database';

export type { ReplyTemplate };

export async function listReplyTemplates(db: Database, issueArea?: string): Promise<ReplyTemplate[]> {
  const stmt = issueArea
    ? db.prepare('SELECT * FROM reply_templates WHERE issue_area = ? ORDER BY title').bind(issueArea)
    : db.prepare('SELECT * FROM reply_templates ORDER BY issue_area, title');
  const { results } = await stmt.all<{
    id: string;
    issue_area: string;
    title: string;
    decision: string;
    facts_and_reasons: string;
    opinion: string;
    legal_basis: string;
  }>();
  return results.map((r) => ({
    id: r.id,
    issueArea: r.issue_area,
    issueAreaName: issueAreaName(r.issue_area),
    title: r.title,
    decision: r.decision,
    factsAndReasons: r.facts_and_reasons,
    opinion: r.opinion,
    legalBasis: r.legal_basis,
  }));
}

export async function createReplyTemplate(db: Database, body: unknown, now: Date): Promise<ReplyTemplate> {
  const parsed = ReplyTemplateInputSchema.safeParse(body);
  if (!parsed.success) throw new CaseError(400, ACTION_INVALID_MESSAGE, fieldErrors(parsed.error));
  const t = parsed.data;
  const id = crypto.randomUUID();
  const iso = now.toISOString();
  await db
    .prepare(
      'INSERT INTO reply_templates (id, issue_area, title, decision, facts_and_reasons, opinion, legal_basis, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .bind(id, t.issueArea, t.title, t.decision, t.factsAndReasons, t.opinion, t.legalBasis, iso, iso)
    .run();
  return { id, ...t, issueAreaName: issueAreaName(t.issueArea) };
}

export async function deleteReplyTemplate(db: Database, id: string): Promise<void> {
  const r = await db.prepare('DELETE FROM reply_templates WHERE id = ?').bind(id).run();
  if (r.meta.changes === 0) throw new CaseError(404, '找不到这个模板，可能已被删除');
}
