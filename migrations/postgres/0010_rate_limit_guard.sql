-- A rate-limit check that can sit inside a write batch (twin of migrations/sqlite/0010): inserting a
-- row into this table aborts the whole transaction when the counter the row names is above `max`;
-- otherwise the trigger returns NULL, the row is skipped, and the table always stays empty.
-- The error carries SQLSTATE XF001, which src/server/platform/postgres.ts classifies as
-- 'over-limit'; the text matches SQLite's for logs and for code that still reads the message.
CREATE TABLE rate_limit_checks (
  key TEXT NOT NULL,
  window_start BIGINT NOT NULL,
  max INTEGER NOT NULL
);

CREATE FUNCTION rate_limit_checks_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count FROM rate_limits WHERE key = NEW.key AND window_start = NEW.window_start) > NEW.max THEN
    RAISE EXCEPTION 'rate limit exceeded' USING ERRCODE = 'XF001';
  END IF;
  RETURN NULL;
END
$$;

-- EXECUTE PROCEDURE rather than EXECUTE FUNCTION: older PostgreSQL-derived servers (KingbaseES,
-- HighGo) accept only the former, and PostgreSQL still accepts both.
CREATE TRIGGER rate_limit_checks_insert
BEFORE INSERT ON rate_limit_checks
FOR EACH ROW EXECUTE PROCEDURE rate_limit_checks_insert();
