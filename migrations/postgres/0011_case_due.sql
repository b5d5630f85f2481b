-- The staff inbox at scale (issue 9, item 6), PostgreSQL twin of migrations/sqlite/0011_case_due.sql:
-- each case stores the office's next statutory deadline, written in the same transaction as the
-- event that changes it (src/lib/deadlines.ts nextDue via src/server/petition-events.ts prepareEvent).
-- next_due_at: the last day (YYYY-MM-DD, Asia/Shanghai) of that deadline; NULL when none runs, or
-- while a hearing pauses the clock (Art. 36 ¶2; next_due_kind then still names it). COLLATE "C"
-- keeps the text order the date order whatever the database's locale.
-- next_due_kind: one of DEADLINE_KINDS in src/lib/deadlines.ts, or NULL.
-- Rows that existed before this migration are filled by backfillCaseDue (src/server/case-due.ts).
ALTER TABLE petitions ADD COLUMN next_due_at TEXT COLLATE "C";
ALTER TABLE petitions ADD COLUMN next_due_kind TEXT CHECK (next_due_kind IN ('triage', 'notice', 'objection', 'assigned', 'handle', 'review-request', 'review-decision', 'recheck-request', 'recheck-decision'));

-- The inbox sorts by COALESCE(next_due_at, '9999-12-31') (cases without a deadline last, one index
-- order in both databases); queries spell the expression exactly so. Partial indexes hold the open
-- cases, the default view: workflow.ts's terminal states as literals, repeated word for word in
-- the query (src/server/case-due.ts OPEN_CASE_SQL).
CREATE INDEX petitions_open_due ON petitions ((COALESCE(next_due_at, '9999-12-31')), created_at DESC, id DESC)
  WHERE status NOT IN ('escalated', 'closed', 'closed_final');
CREATE INDEX petitions_open_created ON petitions (created_at DESC, id DESC)
  WHERE status NOT IN ('escalated', 'closed', 'closed_final');
CREATE INDEX petitions_open_updated ON petitions (updated_at DESC, id DESC)
  WHERE status NOT IN ('escalated', 'closed', 'closed_final');
CREATE INDEX petitions_status_due ON petitions (status, (COALESCE(next_due_at, '9999-12-31')), created_at DESC, id DESC);
CREATE INDEX petitions_open_stage_due ON petitions (stage, (COALESCE(next_due_at, '9999-12-31')), created_at DESC, id DESC)
  WHERE status NOT IN ('escalated', 'closed', 'closed_final');
CREATE INDEX petitions_open_kind_due ON petitions (kind, (COALESCE(next_due_at, '9999-12-31')), created_at DESC, id DESC)
  WHERE status NOT IN ('escalated', 'closed', 'closed_final');
CREATE INDEX petitions_open_region_due ON petitions (region, (COALESCE(next_due_at, '9999-12-31')), created_at DESC, id DESC)
  WHERE status NOT IN ('escalated', 'closed', 'closed_final');
CREATE INDEX petitions_open_area_due ON petitions (issue_area, (COALESCE(next_due_at, '9999-12-31')), created_at DESC, id DESC)
  WHERE status NOT IN ('escalated', 'closed', 'closed_final');
CREATE INDEX petitions_open_unit_due ON petitions (unit, (COALESCE(next_due_at, '9999-12-31')), created_at DESC, id DESC)
  WHERE status NOT IN ('escalated', 'closed', 'closed_final') AND unit IS NOT NULL;
