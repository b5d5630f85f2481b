-- One 查询码 for every channel (issue 13).
-- petitions.channel: one of CHANNEL_IDS in src/lib/channels.ts. SQLite cannot add a CHECK to an
-- existing column, so two triggers guard it; PostgreSQL has the same two (0015 there), and
-- tests/functions/migration-matches-code.test.ts tries every listed channel and one that is not.
CREATE TRIGGER petitions_channel_insert
BEFORE INSERT ON petitions
WHEN NEW.channel NOT IN ('online', 'letter', 'visit', 'phone', 'fax')
BEGIN
  SELECT RAISE(ABORT, 'petitions: channel is not one of src/lib/channels.ts');
END;

CREATE TRIGGER petitions_channel_update
BEFORE UPDATE OF channel ON petitions
WHEN NEW.channel NOT IN ('online', 'letter', 'visit', 'phone', 'fax')
BEGIN
  SELECT RAISE(ABORT, 'petitions: channel is not one of src/lib/channels.ts');
END;

-- Repeat petitions (Art. 19 ¶3, 36 ¶3): keyed hashes (HASH_KEY, src/server/lookup-hashes.ts) of the
-- normalised ID number and of name + phone, so staff find the same person's earlier cases without
-- either in plaintext. NULL when the petition gave none.
ALTER TABLE petitions ADD COLUMN id_hash TEXT;
ALTER TABLE petitions ADD COLUMN name_phone_hash TEXT;
CREATE INDEX petitions_id_hash ON petitions (id_hash) WHERE id_hash IS NOT NULL;
CREATE INDEX petitions_name_phone_hash ON petitions (name_phone_hash) WHERE name_phone_hash IS NOT NULL;
-- For a visit at a 领导接访日: the reception's content/schedules entry id and the receiving leader
-- (name and post as published on the schedule: public facts, not the petitioner's), who becomes
-- the case's responsible leader (包案领导).
ALTER TABLE petitions ADD COLUMN reception_id TEXT;
ALTER TABLE petitions ADD COLUMN responsible_leader TEXT;
-- 1 when SMS notices go to the petitioner's phone (a number given, no opt-out).
ALTER TABLE petitions ADD COLUMN has_sms INTEGER NOT NULL DEFAULT 0 CHECK (has_sms IN (0, 1));

-- SMS through a transactional outbox, as mail_outbox: written in the same batch as the event,
-- sent afterwards (src/server/sms.ts). The phone number and the template parameters are sealed
-- (to_iv/to_ct, body_iv/body_ct); after sending the parameters are dropped.
-- template: one of SMS_TEMPLATES in src/server/sms.ts ('code', 'status').
-- status 'unknown': the provider may or may not have taken it (a timeout); never sent again, so
-- a message is delivered at most once.
CREATE TABLE sms_outbox (
  id TEXT PRIMARY KEY,
  petition_id TEXT REFERENCES petitions (id),
  template TEXT NOT NULL,
  to_iv TEXT NOT NULL,
  to_ct TEXT NOT NULL,
  body_iv TEXT,
  body_ct TEXT,
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'unknown')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  locked_until TEXT,
  idempotency_key TEXT NOT NULL UNIQUE,
  provider TEXT,
  provider_id TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX sms_outbox_due ON sms_outbox (status, next_attempt_at);
CREATE INDEX sms_outbox_petition ON sms_outbox (petition_id);
