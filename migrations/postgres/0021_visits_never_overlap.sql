-- Issue #21.6: the unique index `visits_seat` keeps two visits off one seat at the same start
-- time only. Office hours (or a service's length) may change while visits are booked, so a new
-- slot grid can start a visit on a seat while an older one is still on it. No two active
-- visits overlap on one seat: an exclusion constraint (btree_gist for the equalities, a trusted
-- extension since PostgreSQL 13). The booking's INSERT … ON CONFLICT DO NOTHING skips a row
-- that would break it, and tries another seat or says the time is taken.
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE visits ADD CONSTRAINT visits_never_overlap EXCLUDE USING gist (
    office_id WITH =,
    service_code WITH =,
    day WITH =,
    seat WITH =,
    int8range(starts_at, starts_at + minutes * 60000) WITH &&
) WHERE (status = 'active');
