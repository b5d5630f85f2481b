-- Case handling (issue 4), PostgreSQL twin of migrations/sqlite/0003_staff.sql: staff sign-in,
-- linked review cases, ratings, reply templates. Lists in CHECK constraints are copies of const
-- arrays in src/lib/workflow.ts (CASE_STAGES, RATINGS, REPLY_DECISIONS) and src/server/auth.ts
-- (STAFF_ROLES); the schema tests fail when they drift apart. Times are ISO 8601 UTC strings.

-- 复查 and 复核 are cases of their own, linked to the case whose reply they contest (Art. 35, 36).
ALTER TABLE petitions ADD COLUMN stage TEXT NOT NULL DEFAULT 'original' CHECK (stage IN ('original', 'review', 'recheck'));
ALTER TABLE petitions ADD COLUMN parent_id TEXT REFERENCES petitions (id);
-- The competent unit named when the case was transferred (转送) or assigned (交办), for the inbox.
ALTER TABLE petitions ADD COLUMN unit TEXT;
CREATE INDEX petitions_parent ON petitions (parent_id);

CREATE TABLE staff (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('handler', 'admin')),
  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  -- Demo accounts sign in only while DEV_MODE=1 or settings.isExample is true.
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- SQLite's `UNIQUE COLLATE NOCASE`: one address, whatever its case. Queries compare
-- lower(email) = lower(?), which this index serves and which SQLite answers the same way.
CREATE UNIQUE INDEX staff_email_key ON staff (lower(email));

-- DEMO ACCOUNTS for the fictional 示例县信访局. A real office deactivates them and adds its own staff
-- (admin console, or psql); see docs/staff-console.md.
INSERT INTO staff (id, email, name, role, active, demo, created_at, updated_at) VALUES
  ('demo-admin', 'admin@example.gov.cn', '演示管理员', 'admin', 1, 1, '2026-11-22T00:00:00.000Z', '2026-11-22T00:00:00.000Z'),
  ('demo-handler', 'handler@example.gov.cn', '演示办理人员', 'handler', 1, 1, '2026-11-22T00:00:00.000Z', '2026-11-22T00:00:00.000Z');

-- One-time sign-in links. Only the HMAC-SHA-256 (secret SESSION_KEY) of the token is stored.
CREATE TABLE staff_login_tokens (
  token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
  staff_id TEXT NOT NULL REFERENCES staff (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX staff_login_tokens_expiry ON staff_login_tokens (expires_at);

-- Sessions; the cookie holds the id, the table its HMAC. expires_at slides with use (idle expiry).
CREATE TABLE staff_sessions (
  id_hash TEXT PRIMARY KEY CHECK (length(id_hash) = 64),
  staff_id TEXT NOT NULL REFERENCES staff (id),
  created_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX staff_sessions_staff ON staff_sessions (staff_id);

-- The citizen's one rating of a reply (Art. 21 ¶2). The comment may be personal, so it stays out of
-- the audit chain, which records only the rating.
CREATE TABLE ratings (
  petition_id TEXT PRIMARY KEY REFERENCES petitions (id),
  rating TEXT NOT NULL CHECK (rating IN ('satisfied', 'basically', 'unsatisfied')),
  comment TEXT,
  created_at TEXT NOT NULL
);

-- Reply templates per issue area (settings.issueAreas ids); staff start a 信访处理意见书 from one.
CREATE TABLE reply_templates (
  id TEXT PRIMARY KEY,
  issue_area TEXT NOT NULL,
  title TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('support', 'explain', 'reject')),
  facts_and_reasons TEXT NOT NULL,
  opinion TEXT NOT NULL,
  legal_basis TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX reply_templates_area ON reply_templates (issue_area);

-- DEMO templates for the fictional office; real offices write their own.
INSERT INTO reply_templates (id, issue_area, title, decision, facts_and_reasons, opinion, legal_basis, created_at, updated_at) VALUES
  ('demo-labour-wages', 'labour', '拖欠工资：已督促支付', 'support',
   '经调查核实，您反映的用人单位未按时足额支付劳动报酬的情况属实。',
   '已责令用人单位在 15 日内足额支付所欠工资。如用人单位逾期仍未支付，您可以向劳动保障监察机构投诉，或者申请劳动争议仲裁。',
   '《保障农民工工资支付条例》第三条；《信访工作条例》第三十二条', '2026-11-22T00:00:00.000Z', '2026-11-22T00:00:00.000Z'),
  ('demo-land-explain', 'land', '征地补偿标准：解释说明', 'explain',
   '经调查核实，您所在村的征地补偿按照经批准公布的补偿安置方案执行，标准与同批次其他农户一致。',
   '现将补偿标准的依据和计算方法说明如下，请您理解。如对补偿安置方案有异议，可以依法申请行政复议或者提起行政诉讼。',
   '《土地管理法》第四十八条；《信访工作条例》第三十二条', '2026-11-22T00:00:00.000Z', '2026-11-22T00:00:00.000Z'),
  ('demo-property-reject', 'property', '物业收费：不予支持', 'reject',
   '经调查核实，物业服务企业的收费标准经业主大会决定并已公示，收费行为符合物业服务合同约定。',
   '您提出的退还物业费的请求缺乏事实和法律依据，不予支持。',
   '《物业管理条例》第四十一条；《信访工作条例》第三十二条', '2026-11-22T00:00:00.000Z', '2026-11-22T00:00:00.000Z');
