-- The self-hosted bot check (twin of migrations/sqlite/0013_captcha.sql): the signatures of the
-- ALTCHA challenges that saved petitions have used, kept until the challenge would have expired, so
-- that a solved challenge cannot be replayed. A replay fails the petition's transaction on the
-- primary key (constraint captcha_solutions_pkey, which src/server/captcha.ts recognises by its
-- table name).
CREATE TABLE captcha_solutions (
  signature TEXT PRIMARY KEY,
  expires_at BIGINT NOT NULL
);

CREATE INDEX captcha_solutions_expires ON captcha_solutions (expires_at);
