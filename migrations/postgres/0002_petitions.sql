-- Online petitions (issue 3), PostgreSQL twin of migrations/sqlite/0002_petitions.sql. Lists in
-- CHECK constraints are copies of const arrays in src/lib (petition-schema.ts: PETITION_KINDS,
-- OTHER_PROCEDURES, ATTACHMENT_TYPES; workflow.ts: CASE_STATES); the schema tests fail when they drift.
-- Types follow the SQLite schema on purpose: times are ISO 8601 UTC strings in TEXT (they sort as
-- text in the C collation, and the code compares them as strings), flags are INTEGER 0/1, so the
-- same SQL and the same row shapes work on both databases.

-- SQLite's json_valid(), so the CHECK on petition_events.data reads the same in both schemas.
-- (PostgreSQL 15 has no IS JSON; a cast inside an exception block is the portable test.)
CREATE FUNCTION json_valid(value TEXT) RETURNS BOOLEAN LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  PERFORM value::json;
  RETURN TRUE;
EXCEPTION WHEN others THEN
  RETURN FALSE;
END
$$;

CREATE TABLE petitions (
  id TEXT PRIMARY KEY,
  -- Tracking code, compact form (12 symbols, no separators).
  code TEXT NOT NULL UNIQUE CHECK (length(code) = 12),
  -- Client-made UUID: a repeated or concurrent submission with it finds this row instead of a new one.
  submission_id TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'registered', 'routed', 'transferred', 'assigned', 'accepted', 'not_accepted', 'extended', 'hearing', 'replied', 'mediated', 'escalated', 'closed', 'closed_final')),
  channel TEXT NOT NULL DEFAULT 'online',
  kind TEXT NOT NULL CHECK (kind IN ('suggestion', 'accusation', 'claim')),
  issue_area TEXT NOT NULL,
  region TEXT NOT NULL,
  title TEXT NOT NULL,
  request TEXT NOT NULL,
  facts TEXT NOT NULL,
  other_procedure TEXT NOT NULL DEFAULT 'none' CHECK (other_procedure IN ('none', 'litigation', 'arbitration', 'reconsideration', 'party-appeal', 'admin-procedure')),
  -- Personal data (name, phone, email, address, ID number) as one sealed JSON object (see the SQLite twin).
  pii_iv TEXT NOT NULL,
  pii_ct TEXT NOT NULL,
  key_version INTEGER NOT NULL DEFAULT 1,
  -- Keyed hash of the 11-digit phone: finds a person's petitions without plaintext.
  phone_hash TEXT NOT NULL,
  -- Keyed hash of code + last four phone digits: the tracking page's second factor.
  track_verifier TEXT NOT NULL,
  has_email INTEGER NOT NULL DEFAULT 0 CHECK (has_email IN (0, 1)),
  attachment_count INTEGER NOT NULL DEFAULT 0 CHECK (attachment_count BETWEEN 0 AND 5),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX petitions_phone_hash ON petitions (phone_hash);
CREATE INDEX petitions_status_created ON petitions (status, created_at);

-- Attachment metadata; the bytes, sealed like the personal data, are in the blob store.
CREATE TABLE attachments (
  id TEXT PRIMARY KEY,
  petition_id TEXT NOT NULL REFERENCES petitions (id),
  position INTEGER NOT NULL CHECK (position BETWEEN 1 AND 5),
  r2_key TEXT NOT NULL UNIQUE,
  -- Type found from the file's content (magic bytes), not from its name.
  mime TEXT NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
  size INTEGER NOT NULL CHECK (size > 0 AND size <= 10485760),
  sha256 TEXT NOT NULL,
  -- The original file name may itself be personal (张三身份证.jpg): sealed too.
  name_iv TEXT NOT NULL,
  name_ct TEXT NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (petition_id, position)
);

-- Append-only audit chain per petition. hash = SHA-256(prev_hash || canonical JSON of the event);
-- the first event of a petition has prev_hash ''. `data` never holds personal data.
-- The two UNIQUE constraints are named so that src/server/platform/postgres.ts can tell a lost
-- append race (classified 'sequence') from any other unique violation.
CREATE TABLE petition_events (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  petition_id TEXT NOT NULL REFERENCES petitions (id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  type TEXT NOT NULL,
  is_public INTEGER NOT NULL CHECK (is_public IN (0, 1)),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL CHECK (length(hash) = 64),
  CONSTRAINT petition_events_hash_key UNIQUE (hash),
  CONSTRAINT petition_events_petition_id_seq_key UNIQUE (petition_id, seq)
);

-- The chain can only grow at its end: the next seq, linked to the previous hash. Two transactions
-- appending the same seq at once both pass this check (neither sees the other's row); the unique
-- index on (petition_id, seq) then makes the second wait for the first and fail, which the adapter
-- also reports as 'sequence'.
CREATE FUNCTION petition_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq <> COALESCE((SELECT MAX(seq) FROM petition_events WHERE petition_id = NEW.petition_id), 0) + 1 THEN
    RAISE EXCEPTION 'petition_events: seq must follow the last event of the petition' USING ERRCODE = 'XF002';
  END IF;
  IF NEW.prev_hash <> COALESCE((SELECT hash FROM petition_events WHERE petition_id = NEW.petition_id AND seq = NEW.seq - 1), '') THEN
    RAISE EXCEPTION 'petition_events: prev_hash must be the hash of the previous event' USING ERRCODE = 'XF002';
  END IF;
  RETURN NEW;
END
$$;

CREATE FUNCTION petition_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'petition_events is append-only' USING ERRCODE = 'XF003';
END
$$;

-- EXECUTE PROCEDURE rather than EXECUTE FUNCTION: older PostgreSQL-derived servers (KingbaseES,
-- HighGo) accept only the former, and PostgreSQL still accepts both.
CREATE TRIGGER petition_events_chain
BEFORE INSERT ON petition_events
FOR EACH ROW EXECUTE PROCEDURE petition_events_chain();

CREATE TRIGGER petition_events_no_update
BEFORE UPDATE ON petition_events
FOR EACH ROW EXECUTE PROCEDURE petition_events_append_only();

CREATE TRIGGER petition_events_no_delete
BEFORE DELETE ON petition_events
FOR EACH ROW EXECUTE PROCEDURE petition_events_append_only();

-- SQLite has no TRUNCATE; PostgreSQL does, and it skips row triggers, so it is refused on its own.
CREATE TRIGGER petition_events_no_truncate
BEFORE TRUNCATE ON petition_events
FOR EACH STATEMENT EXECUTE PROCEDURE petition_events_append_only();

-- Mail is written here in the same transaction as the petition and sent afterwards (transactional outbox).
CREATE TABLE mail_outbox (
  id TEXT PRIMARY KEY,
  petition_id TEXT REFERENCES petitions (id),
  -- receipt (to the citizen), staff-notify (to settings.mail.staffNotify), or later kinds (status updates).
  kind TEXT NOT NULL,
  -- Recipient address, sealed like the personal data.
  to_iv TEXT NOT NULL,
  to_ct TEXT NOT NULL,
  subject TEXT NOT NULL,
  html TEXT NOT NULL,
  text TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  -- A sender claims a row until this time, so two workers never send the same row at once.
  locked_until TEXT,
  -- Sent as the mail API's idempotency key: a retry after a timeout is never delivered twice.
  idempotency_key TEXT NOT NULL UNIQUE,
  provider_id TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);

-- Fixed-window counters per client (keyed hash of the IP, never the IP itself) and per bucket.
-- window_start is epoch milliseconds: BIGINT here, since it overflows PostgreSQL's 4-byte INTEGER
-- (SQLite's INTEGER is 8 bytes).
CREATE TABLE rate_limits (
  key TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
);
