-- Visit booking (issue #7; R-BK-1 … R-BK-3, R-FL-1). Days are ISO dates and times `HH:MM` in
-- Europe/Vilnius; instants are Unix milliseconds.

-- How many desks receive booked visits of a service at an office: the seats of each slot.
ALTER TABLE office_services ADD COLUMN booking_desks BIGINT NOT NULL DEFAULT 1
    CHECK (booking_desks >= 0);

-- Which kinds of application a service's visits are for (R-BK-1: an office that serves that
-- type is one that offers such a service). Filled by the demo seed or an office admin.
CREATE TABLE service_kinds (
    service_code TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (service_code, kind)
);

-- One day that differs from the office's week: closed all day (no hours), or other hours.
CREATE TABLE office_exceptions (
    office_id BIGINT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    opens TEXT,
    closes TEXT,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (office_id, day),
    CONSTRAINT exception_hours CHECK ((opens IS NULL AND closes IS NULL)
        OR (opens IS NOT NULL AND closes IS NOT NULL AND opens < closes))
);

-- A booked visit. A move ends the old row ('moved') and writes a new one; the seat of a slot
-- is taken by the unique index below, never by reading first.
CREATE TABLE visits (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    office_id BIGINT NOT NULL REFERENCES offices (id),
    service_code TEXT NOT NULL,
    day TEXT NOT NULL,
    starts TEXT NOT NULL CHECK (length(starts) = 5),
    -- Which of the slot's seats (1 … booking_desks).
    seat BIGINT NOT NULL CHECK (seat > 0),
    minutes BIGINT NOT NULL CHECK (minutes > 0),
    starts_at BIGINT NOT NULL,
    -- Shown on the confirmation and in its QR code; checks the visit in at the kiosk.
    code TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('active', 'moved', 'cancelled')),
    -- R-BK-2: how many times this visit has been moved so far.
    moves BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    ended_at BIGINT,
    checked_in_at BIGINT,
    no_show_at BIGINT,
    reminded_at BIGINT
);
CREATE UNIQUE INDEX visits_seat ON visits (office_id, service_code, day, starts, seat)
    WHERE status = 'active';
CREATE UNIQUE INDEX visits_one_per_application ON visits (application_id)
    WHERE status = 'active';
CREATE INDEX visits_office_day ON visits (office_id, day, status);

-- A file sent with an e-mail notice (the visit's calendar entry).
ALTER TABLE outbox ADD COLUMN attachment_name TEXT;
ALTER TABLE outbox ADD COLUMN attachment_type TEXT;
ALTER TABLE outbox ADD COLUMN attachment TEXT;
