-- Notices to people (Accounts issue, R-SV-7): written in the same transaction as the change
-- that causes them, delivered at least once by the outbox worker (server/src/outbox).
-- Times are Unix milliseconds of the real clock (delivery is infrastructure, not a legal term).
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    -- What happened ("login-code:<attempt>", "case:<id>:received", …): one message per event,
    -- channel and recipient, so a retried transaction can never enqueue the same notice twice.
    event TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient TEXT NOT NULL,
    locale TEXT NOT NULL CHECK (locale IN ('lt', 'en', 'uk', 'be', 'ru')),
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    -- A worker that takes a message holds it until then; another instance may take it after.
    claimed_until BIGINT,
    delivered_at BIGINT,
    -- Given up after too many attempts; kept for the operator.
    failed_at BIGINT,
    last_error TEXT,
    UNIQUE (event, channel, recipient)
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
