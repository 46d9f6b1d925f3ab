-- The live queue of each office and day (issue #8, R-QU-1…R-QU-5). Instants are Unix
-- milliseconds of the app clock; days are local Europe/Vilnius dates.

-- The last ticket number given out per office and day. A ticket takes the next number with one
-- upsert in the transaction that writes the ticket, so numbers are unique and consecutive
-- (a refused ticket rolls its number back) even when many are issued at once.
CREATE TABLE queue_counters (
    office_id BIGINT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    last_number BIGINT NOT NULL,
    PRIMARY KEY (office_id, day)
);

-- One ticket. 'remote': taken on the web for today (R-QU-1); 'kiosk': a walk-in (R-QU-5);
-- 'visit': a booked visit checked in. priority 0 is served first (a booked visit checked in
-- within its grace window), then 1, each in number order.
CREATE TABLE queue_tickets (
    id INTEGER PRIMARY KEY,
    office_id BIGINT NOT NULL REFERENCES offices (id),
    day TEXT NOT NULL,
    number BIGINT NOT NULL,
    service_code TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('remote', 'kiosk', 'visit')),
    priority BIGINT NOT NULL DEFAULT 1,
    user_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    visit_id BIGINT REFERENCES visits (id),
    status TEXT NOT NULL
        CHECK (status IN ('waiting', 'called', 'serving', 'done', 'no_show', 'cancelled')),
    desk TEXT,
    officer_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    called_at BIGINT,
    started_at BIGINT,
    ended_at BIGINT,
    CONSTRAINT queue_number UNIQUE (office_id, day, number)
);
-- R-QU-3: one active remote ticket per account (tickets are for today only, so per day).
CREATE UNIQUE INDEX queue_one_remote ON queue_tickets (user_id, day)
    WHERE source = 'remote' AND status IN ('waiting', 'called', 'serving');
-- What the desks call next, in order.
CREATE INDEX queue_line ON queue_tickets (office_id, day, status, priority, number);
