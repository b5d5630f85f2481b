-- PostgreSQL twin of migrations/sqlite/0017_backlog.sql.
-- The backlog ledger (积案台账, issue 14): one row per petition put in the ledger, the current state
-- of its 包案 leader, plan, risk grade and 六有 checklist, kept for filtering and paging in SQL.
-- Every change to a row is also an event `backlog_<action>` in the petition's hash chain
-- (petition_events), written in the same batch (src/server/backlog.ts); the monthly 统计表 and the
-- 三率 are computed from those events, not from this row.
-- Lists in CHECK constraints are copies of const arrays in src/lib/backlog.ts (BACKLOG_SOURCES,
-- BACKLOG_CLASSES, RISK_GRADES, BACKLOG_STATUSES); tests/functions/backlog-ledger.test.ts fails
-- when they drift apart. No personal data of the petitioner is held here: the team fields name
-- officials and advisers in their public role, as petitions.responsible_leader does.
CREATE TABLE backlog_cases (
  petition_id TEXT PRIMARY KEY REFERENCES petitions (id),
  source TEXT NOT NULL CHECK (source IN ('assigned', 'screening', 'repeat')),
  class TEXT NOT NULL CHECK (class IN ('personnel', 'livelihood', 'legacy')),
  -- The responsible leader's staff account: the one who signs the case off.
  leader_staff_id TEXT NOT NULL REFERENCES staff (id),
  leader_title TEXT NOT NULL,
  -- JSON {legalAdviser?, psychologist?, gentry?, departments: [..]} (the "1+3+N" team).
  team TEXT NOT NULL DEFAULT '{}',
  measures TEXT NOT NULL,
  -- JSON [{due: 'YYYY-MM-DD', what}], sorted by due.
  milestones TEXT NOT NULL DEFAULT '[]',
  time_limit TEXT NOT NULL,
  risk_grade TEXT NOT NULL CHECK (risk_grade IN ('red', 'orange', 'yellow', 'blue')),
  risk_reason TEXT NOT NULL,
  -- JSON array of the 六有 items on file (LIUYOU_ITEMS).
  checklist TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'struck')),
  signed_off_at TEXT,
  supervision_count INTEGER NOT NULL DEFAULT 0,
  visit_count INTEGER NOT NULL DEFAULT 0,
  returned_count INTEGER NOT NULL DEFAULT 0,
  -- The latest 回访's opinion (a RATINGS value), for 回炉.
  last_visit_opinion TEXT,
  marked_at TEXT NOT NULL,
  struck_at TEXT,
  updated_at TEXT NOT NULL
);
CREATE INDEX backlog_cases_leader ON backlog_cases (leader_staff_id, status);
CREATE INDEX backlog_cases_status_marked ON backlog_cases (status, marked_at);
CREATE INDEX backlog_cases_limit ON backlog_cases (status, time_limit);
CREATE INDEX petition_events_type_at ON petition_events (type, at);

-- DEMO ACCOUNT of the fictional 示例县: a responsible leader who signs in to see their own cases.
INSERT INTO staff (id, email, name, role, active, demo, created_at, updated_at) VALUES
  ('demo-leader', 'leader@example.gov.cn', '演示包案领导', 'handler', 1, 1, '2026-11-22T00:00:00.000Z', '2026-11-22T00:00:00.000Z');
