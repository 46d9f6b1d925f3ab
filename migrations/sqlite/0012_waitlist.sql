-- The waitlist of visits (issue #7.4). Instants are Unix milliseconds of the app clock.

-- A time offered from the waitlist is a visit row that holds its seat until this instant
-- (so the unique seat index counts it and nobody else can take the seat); accepting it clears
-- the column. NULL: an ordinary booking.
ALTER TABLE visits ADD COLUMN held_until BIGINT;

-- People waiting for a time at their application's office between two days, first come first
-- served. 'offered': a seat is held for them (visit_id); 'booked': they took it; 'left': they
-- left the list, declined or booked another time themselves; 'lapsed': the offer ran out.
CREATE TABLE waitlist (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    office_id BIGINT NOT NULL REFERENCES offices (id),
    service_code TEXT NOT NULL,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('waiting', 'offered', 'booked', 'left', 'lapsed')),
    joined_at BIGINT NOT NULL,
    visit_id BIGINT REFERENCES visits (id),
    offered_at BIGINT,
    ended_at BIGINT,
    CONSTRAINT waitlist_days CHECK (first_day <= last_day)
);
-- One place in line per application.
CREATE UNIQUE INDEX waitlist_one_per_application ON waitlist (application_id)
    WHERE status IN ('waiting', 'offered');
CREATE INDEX waitlist_line ON waitlist (office_id, service_code, status, joined_at);
CREATE INDEX visits_held ON visits (held_until) WHERE held_until IS NOT NULL;

-- Issue #7.1: which kinds of application a service's visits are for is set per office by its
-- admin (it was per service for all offices).
CREATE TABLE office_service_kinds (
    office_id BIGINT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    service_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (office_id, service_code, kind)
);
INSERT INTO office_service_kinds (office_id, service_code, kind)
    SELECT os.office_id, k.service_code, k.kind
    FROM service_kinds k JOIN office_services os ON os.service_code = k.service_code;
DROP TABLE service_kinds;
