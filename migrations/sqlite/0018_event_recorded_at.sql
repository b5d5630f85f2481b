-- Issue 12, finding 12: every event carries the server's own time of writing, besides `at` (the
-- time the event is about, which in development the loopback-only x-debug-now clock can move).
-- Set by prepareEvent (src/server/petition-events.ts) from the server clock, never from a request,
-- and covered by the event's hash: a moved `at` shows against it and cannot be made to agree by
-- editing it afterwards. NULL for events written before this migration (their hash never had it).
ALTER TABLE petition_events ADD COLUMN recorded_at TEXT;
