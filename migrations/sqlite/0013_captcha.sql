-- The self-hosted bot check (issue 9, item 4; docs/adr/0005-self-hosted-bot-check.md). An ALTCHA
-- challenge is stateless until it is used: the server signs it and keeps nothing. What the server
-- keeps is the signature of every challenge a saved petition has used, until that challenge would
-- have expired anyway, so that one solved challenge files one petition and no more.
-- A row is written in the same batch as the petition (src/server/captcha.ts consumeStatements), so
-- a replay fails that batch on the primary key; expired rows are purged now and then
-- (purgeUsedChallenges, after a challenge is handed out).
-- signature: the challenge's HMAC-SHA-256 signature, hex; not secret (the browser holds it).
-- expires_at: the challenge's own expiry, seconds since the epoch.
CREATE TABLE captcha_solutions (
  signature TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);

CREATE INDEX captcha_solutions_expires ON captcha_solutions (expires_at);
