-- Issue #7.1 — how long one booked visit of a service lasts at an office, when its admin sets
-- it (otherwise the national duration in `services`). A change applies from a day on which no
-- visit of the service is booked yet, so the slots already booked keep their times and the
-- new length never overlaps them: each row holds from `from_day` until the next row's day.
CREATE TABLE office_service_durations (
    office_id BIGINT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    service_code TEXT NOT NULL,
    from_day TEXT NOT NULL,
    minutes BIGINT NOT NULL CHECK (minutes BETWEEN 5 AND 240),
    PRIMARY KEY (office_id, service_code, from_day)
);
