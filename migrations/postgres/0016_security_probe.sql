-- Issue 12 (security probe), findings 9 and 11 (twin of migrations/sqlite/0016).
--
-- Finding 9: a submission id is bound to the body it first came with (keyed hash; see the SQLite
-- twin). NULL for rows from before this migration and for staff intake.
ALTER TABLE petitions ADD COLUMN submission_hash TEXT;

-- Finding 11: at least one active admin. Under READ COMMITTED two admins deactivating each other
-- update different rows and would not wait for each other, each still seeing the other active.
-- So every update that removes an active admin first takes one transaction-scoped advisory lock;
-- the count after it runs with a fresh snapshot (a VOLATILE function's statement), which sees the
-- other transaction's commit. SQLSTATE XF004 is classified as 'last-admin' in
-- src/server/platform/postgres.ts.
CREATE FUNCTION staff_keep_an_admin() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF OLD.role = 'admin' AND OLD.active = 1 AND (NEW.role <> 'admin' OR NEW.active <> 1) THEN
    PERFORM pg_advisory_xact_lock(7466102937016);
    IF NOT EXISTS (SELECT 1 FROM staff WHERE role = 'admin' AND active = 1) THEN
      RAISE EXCEPTION 'staff: at least one active admin' USING ERRCODE = 'XF004';
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER staff_keep_an_admin
AFTER UPDATE OF role, active ON staff
FOR EACH ROW EXECUTE PROCEDURE staff_keep_an_admin();
