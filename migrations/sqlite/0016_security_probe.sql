-- Issue 12 (security probe), findings 9 and 11.
--
-- Finding 9: a submission id is bound to the body it first came with. submission_hash is a keyed
-- hash (HASH_KEY) of the petition's fields and attachments as parsed, so a retry of the same body
-- is answered with the first code, and the same id with another body is refused instead of being
-- handed someone else's receipt. NULL for rows from before this migration and for staff intake.
ALTER TABLE petitions ADD COLUMN submission_hash TEXT;

-- Finding 11: at least one active admin, whatever the order of concurrent updates. SQLite (and
-- D1) run one write transaction at a time, so the check after the row changed sees every earlier
-- commit. The text is matched in src/server/platform/database.ts (classifySqliteError).
CREATE TRIGGER staff_keep_an_admin
AFTER UPDATE OF role, active ON staff
WHEN OLD.role = 'admin' AND OLD.active = 1 AND (NEW.role <> 'admin' OR NEW.active <> 1)
BEGIN
  SELECT RAISE(ABORT, 'staff: at least one active admin')
  WHERE NOT EXISTS (SELECT 1 FROM staff WHERE role = 'admin' AND active = 1);
END;
