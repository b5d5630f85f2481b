-- The staff inbox at scale (issue 9, item 6): each case stores the office's next statutory deadline,
-- written in the same batch as the event that changes it (src/lib/deadlines.ts nextDue, called from
-- src/server/petition-events.ts), so the inbox filters, sorts and pages in SQL.
-- next_due_at: the last day (YYYY-MM-DD, Asia/Shanghai) of that deadline; NULL when none runs, or
-- while a hearing pauses the clock (Art. 36 ¶2; next_due_kind then still names it).
-- next_due_kind: one of DEADLINE_KINDS in src/lib/deadlines.ts, or NULL.
-- Rows that existed before this migration are filled by backfillCaseDue (src/server/case-due.ts):
-- the rule is TypeScript (holidays, day-counting setting), not SQL.
ALTER TABLE petitions ADD COLUMN next_due_at TEXT;
ALTER TABLE petitions ADD COLUMN next_due_kind TEXT CHECK (next_due_kind IN ('triage', 'notice', 'objection', 'assigned', 'handle', 'review-request', 'review-decision', 'recheck-request', 'recheck-decision'));

-- The inbox sorts by COALESCE(next_due_at, '9999-12-31') so that cases without a deadline come last
-- in both SQLite and PostgreSQL with one index order; queries must spell the expression exactly so.
-- Open cases only (the default view): the status list is workflow.ts's terminal states, written as
-- literals because a partial index is used only when the query repeats its WHERE word for word.
CREATE INDEX petitions_open_due ON petitions (COALESCE(next_due_at, '9999-12-31'), created_at DESC, id DESC)
  WHERE status NOT IN ('escalated', 'closed', 'closed_final');
CREATE INDEX petitions_open_created ON petitions (created_at DESC, id DESC)
  WHERE status NOT IN ('escalated', 'closed', 'closed_final');
CREATE INDEX petitions_open_updated ON petitions (updated_at DESC, id DESC)
  WHERE status NOT IN ('escalated', 'closed', 'closed_final');
-- One filter plus the default sort. A status filter names the state itself, so no partial index.
CREATE INDEX petitions_status_due ON petitions (status, COALESCE(next_due_at, '9999-12-31'), created_at DESC, id DESC);
CREATE INDEX petitions_open_stage_due ON petitions (stage, COALESCE(next_due_at, '9999-12-31'), created_at DESC, id DESC)
  WHERE status NOT IN ('escalated', 'closed', 'closed_final');
CREATE INDEX petitions_open_kind_due ON petitions (kind, COALESCE(next_due_at, '9999-12-31'), created_at DESC, id DESC)
  WHERE status NOT IN ('escalated', 'closed', 'closed_final');
CREATE INDEX petitions_open_region_due ON petitions (region, COALESCE(next_due_at, '9999-12-31'), created_at DESC, id DESC)
  WHERE status NOT IN ('escalated', 'closed', 'closed_final');
CREATE INDEX petitions_open_area_due ON petitions (issue_area, COALESCE(next_due_at, '9999-12-31'), created_at DESC, id DESC)
  WHERE status NOT IN ('escalated', 'closed', 'closed_final');
CREATE INDEX petitions_open_unit_due ON petitions (unit, COALESCE(next_due_at, '9999-12-31'), created_at DESC, id DESC)
  WHERE status NOT IN ('escalated', 'closed', 'closed_final') AND unit IS NOT NULL;
