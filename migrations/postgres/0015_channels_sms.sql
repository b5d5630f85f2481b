-- One 查询码 for every channel (issue 13), PostgreSQL twin of migrations/sqlite/0015_channels_sms.sql.
-- petitions.channel: one of CHANNEL_IDS in src/lib/channels.ts, guarded by two triggers of the same
-- names as SQLite's (which cannot add a CHECK to an existing column).
CREATE FUNCTION petitions_channel_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.channel NOT IN ('online', 'letter', 'visit', 'phone', 'fax') THEN
    RAISE EXCEPTION 'petitions: channel is not one of src/lib/channels.ts' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER petitions_channel_insert BEFORE INSERT ON petitions
  FOR EACH ROW EXECUTE FUNCTION petitions_channel_guard();
CREATE TRIGGER petitions_channel_update BEFORE UPDATE OF channel ON petitions
  FOR EACH ROW EXECUTE FUNCTION petitions_channel_guard();

-- Repeat petitions (Art. 19 ¶3, 36 ¶3): keyed hashes of the normalised ID number and of name + phone.
ALTER TABLE petitions ADD COLUMN id_hash TEXT;
ALTER TABLE petitions ADD COLUMN name_phone_hash TEXT;
CREATE INDEX petitions_id_hash ON petitions (id_hash) WHERE id_hash IS NOT NULL;
CREATE INDEX petitions_name_phone_hash ON petitions (name_phone_hash) WHERE name_phone_hash IS NOT NULL;
-- The 领导接访日 entry and its leader, the case's responsible leader.
ALTER TABLE petitions ADD COLUMN reception_id TEXT;
ALTER TABLE petitions ADD COLUMN responsible_leader TEXT;
ALTER TABLE petitions ADD COLUMN has_sms INTEGER NOT NULL DEFAULT 0 CHECK (has_sms IN (0, 1));

-- SMS through a transactional outbox (src/server/sms.ts); see the SQLite twin.
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
