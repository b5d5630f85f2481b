-- A rate-limit check that can sit inside a write batch (issue 3, speed): inserting a row into this
-- view aborts the whole batch (a D1 batch is one transaction) when the counter named by the row is
-- above `max`. A submission then costs one round trip to D1: count, check and save together.
-- The error text 'rate limit exceeded' is matched in src/server/rate-limit.ts (RATE_LIMIT_EXCEEDED).
CREATE VIEW rate_limit_checks AS SELECT NULL AS key, NULL AS window_start, NULL AS max;

CREATE TRIGGER rate_limit_checks_insert
INSTEAD OF INSERT ON rate_limit_checks
BEGIN
  SELECT RAISE(ABORT, 'rate limit exceeded')
  WHERE (SELECT count FROM rate_limits WHERE key = NEW.key AND window_start = NEW.window_start) > NEW.max;
END;
