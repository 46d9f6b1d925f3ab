-- Offices, their week, services and desks: where visits happen and queues run.
CREATE TABLE offices (
    id INTEGER PRIMARY KEY,
    -- The stable public handle used in URLs (/kiosk/vilnius); never reused.
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    city TEXT NOT NULL,
    address TEXT NOT NULL,
    phone TEXT,
    map_url TEXT,
    -- Whether remote same-day tickets are offered (R-QU-1: only offices that enable the live queue).
    live_queue BOOLEAN NOT NULL DEFAULT 1,
    -- Display order on the public pages.
    position INTEGER NOT NULL DEFAULT 0
);

-- One row per open weekday (1 = Monday … 7 = Sunday); a missing weekday is a closed day.
-- Times are local Europe/Vilnius wall-clock 'HH:MM', compared as text, so the check holds.
CREATE TABLE office_hours (
    office_id INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens TEXT NOT NULL CHECK (length(opens) = 5),
    closes TEXT NOT NULL CHECK (length(closes) = 5),
    PRIMARY KEY (office_id, weekday),
    CONSTRAINT hours_ordered CHECK (opens < closes)
);

-- What a visit or a ticket is for; the duration sizes booking slots.
CREATE TABLE services (
    code TEXT PRIMARY KEY,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0)
);

CREATE TABLE office_services (
    office_id INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    service_code TEXT NOT NULL REFERENCES services (code),
    PRIMARY KEY (office_id, service_code)
);

-- Desks are numbered per office; the number is what the waiting-room display calls.
CREATE TABLE desks (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    number INTEGER NOT NULL CHECK (number > 0),
    CONSTRAINT desk_number_unique UNIQUE (office_id, number)
);
