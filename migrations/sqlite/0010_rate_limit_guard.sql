-- A rate-limit check that can sit inside a write batch (issue 3, speed): inserting a row into this
-- table aborts the whole batch (a D1 batch is one transaction) when the counter the row names is
-- above `max`; otherwise the row is dropped (RAISE(IGNORE)), so the table always stays empty.
-- A submission then costs one round trip to D1: count, check and save together.
-- The error text 'rate limit exceeded' is matched in src/server/rate-limit.ts (RATE_LIMIT_EXCEEDED).
-- A table rather than a view with an INSTEAD OF trigger: `wrangler d1 export` writes triggers
-- before views, so a backup of the latter would not restore.
CREATE TABLE rate_limit_checks (
  key TEXT NOT NULL,
  window_start INTEGER NOT NULL,
  max INTEGER NOT NULL
);

CREATE TRIGGER rate_limit_checks_insert
BEFORE INSERT ON rate_limit_checks
BEGIN
  SELECT RAISE(ABORT, 'rate limit exceeded')
  WHERE (SELECT count FROM rate_limits WHERE key = NEW.key AND window_start = NEW.window_start) > NEW.max;
  SELECT RAISE(IGNORE);
END;
