-- Issue #21.10: the audit log is append-only. Nothing in Vartai changes or removes an entry, and
-- the database refuses it: UPDATE, DELETE and TRUNCATE raise, whatever statement the
-- application is made to run. Only a role that may drop the trigger (the table's owner, on
-- purpose, in a migration) could get past it.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC;
