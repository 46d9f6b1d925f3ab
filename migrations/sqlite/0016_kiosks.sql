-- Issue #8.4: the office kiosks. An office admin registers the browser they are signed in on
-- as a kiosk of their office; the device keeps a long-lived cookie whose SHA-256 is stored
-- here (never the token), and the admin's session on it ends. Revoking stops it at once.
CREATE TABLE office_devices (
    id INTEGER PRIMARY KEY,
    office_id BIGINT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT,
    revoked_at BIGINT
);
CREATE INDEX office_devices_office ON office_devices (office_id, revoked_at);

-- Which kiosk printed a ticket, and the key of the press that asked for it: the same key
-- (a repeated press, a retried request, a failed print pressed again) answers the same
-- ticket, so a walk-in is counted exactly once.
ALTER TABLE queue_tickets ADD COLUMN device_id BIGINT REFERENCES office_devices (id);
ALTER TABLE queue_tickets ADD COLUMN request_key TEXT;
CREATE UNIQUE INDEX queue_request_key ON queue_tickets (office_id, request_key)
    WHERE request_key IS NOT NULL;
-- A booked visit is checked in once: a second check-in answers the first ticket.
CREATE UNIQUE INDEX queue_one_per_visit ON queue_tickets (visit_id)
    WHERE visit_id IS NOT NULL;

-- Issue #8.2: when the holder of a remote ticket was told their turn is near. Claimed with one
-- conditional write before the notice is queued, so each ticket is told once, whichever
-- instance sees the line move.
ALTER TABLE queue_tickets ADD COLUMN near_notified_at BIGINT;
