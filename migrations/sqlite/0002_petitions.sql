-- Online petitions (issue 3). Lists in CHECK constraints are copies of const arrays in src/lib
-- (petition-schema.ts: PETITION_KINDS, OTHER_PROCEDURES, ATTACHMENT_TYPES; workflow.ts: CASE_STATES);
-- tests/functions/migration-matches-code.test.ts fails when they drift apart.
-- Times are ISO 8601 UTC strings (2026-11-22T02:33:48.123Z), which sort as text.

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
  -- Personal data (name, phone, email, address, ID number) as one AES-256-GCM sealed JSON object:
  -- base64 of the 12-byte IV and base64 of the ciphertext with its tag. Key: secret DATA_KEY.
  pii_iv TEXT NOT NULL,
  pii_ct TEXT NOT NULL,
  key_version INTEGER NOT NULL DEFAULT 1,
  -- HMAC-SHA-256 (secret HASH_KEY) of the 11-digit phone: finds a person's petitions without plaintext.
  phone_hash TEXT NOT NULL,
  -- HMAC-SHA-256 of code + last four phone digits: the tracking page's second factor.
  track_verifier TEXT NOT NULL,
  has_email INTEGER NOT NULL DEFAULT 0 CHECK (has_email IN (0, 1)),
  attachment_count INTEGER NOT NULL DEFAULT 0 CHECK (attachment_count BETWEEN 0 AND 5),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX petitions_phone_hash ON petitions (phone_hash);
CREATE INDEX petitions_status_created ON petitions (status, created_at);

-- Attachment metadata; the bytes, AES-GCM sealed like the personal data, are in R2 (binding ATTACHMENTS).
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
-- the first event of a petition has prev_hash ''. Public events are shown on the tracking page;
-- `data` never holds personal data.
CREATE TABLE petition_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  petition_id TEXT NOT NULL REFERENCES petitions (id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  type TEXT NOT NULL,
  is_public INTEGER NOT NULL CHECK (is_public IN (0, 1)),
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  data TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(data)),
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE CHECK (length(hash) = 64),
  UNIQUE (petition_id, seq)
);

-- The chain can only grow at its end: the next seq, linked to the previous hash.
CREATE TRIGGER petition_events_chain
BEFORE INSERT ON petition_events
BEGIN
  SELECT RAISE(ABORT, 'petition_events: seq must follow the last event of the petition')
  WHERE NEW.seq <> COALESCE((SELECT MAX(seq) FROM petition_events WHERE petition_id = NEW.petition_id), 0) + 1;
  SELECT RAISE(ABORT, 'petition_events: prev_hash must be the hash of the previous event')
  WHERE NEW.prev_hash <> COALESCE((SELECT hash FROM petition_events WHERE petition_id = NEW.petition_id AND seq = NEW.seq - 1), '');
END;

CREATE TRIGGER petition_events_no_update
BEFORE UPDATE ON petition_events
BEGIN
  SELECT RAISE(ABORT, 'petition_events is append-only');
END;

CREATE TRIGGER petition_events_no_delete
BEFORE DELETE ON petition_events
BEGIN
  SELECT RAISE(ABORT, 'petition_events is append-only');
END;

-- Mail is written here in the same batch as the petition and sent afterwards (transactional outbox).
CREATE TABLE mail_outbox (
  id TEXT PRIMARY KEY,
  petition_id TEXT REFERENCES petitions (id),
  -- receipt (to the citizen), staff-notify (to settings.mail.staffNotify), or later kinds (status updates).
  kind TEXT NOT NULL,
  -- Recipient address, sealed with AES-GCM like the personal data.
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
  -- Sent as Resend's Idempotency-Key: a retry after a timeout is never delivered twice.
  idempotency_key TEXT NOT NULL UNIQUE,
  provider_id TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);

-- Fixed-window counters per client (keyed hash of the IP, never the IP itself) and per bucket.
CREATE TABLE rate_limits (
  key TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (key, window_start)
);
