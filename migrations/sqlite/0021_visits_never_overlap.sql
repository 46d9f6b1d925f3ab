-- Issue #21.6: the unique index `visits_seat` keeps two visits off one seat at the same start
-- time only. Office hours (or a service's length) may change while visits are booked, so a new
-- slot grid can start a visit on a seat while an older one is still on it. No two active
-- visits overlap on one seat: an insert that would is skipped (like ON CONFLICT DO NOTHING, and
-- like PostgreSQL's exclusion constraint), and the booking tries another seat or says the time
-- is taken. SQLite runs one writer at a time, so the check and the insert cannot interleave.
CREATE TRIGGER visits_never_overlap BEFORE INSERT ON visits
WHEN NEW.status = 'active' AND EXISTS (
    SELECT 1 FROM visits t
    WHERE t.office_id = NEW.office_id AND t.service_code = NEW.service_code
      AND t.day = NEW.day AND t.seat = NEW.seat AND t.status = 'active'
      AND t.starts_at < NEW.starts_at + NEW.minutes * 60000
      AND NEW.starts_at < t.starts_at + t.minutes * 60000)
BEGIN
    SELECT RAISE(IGNORE);
END;
