-- My account (issue #4.7).

-- Where notices about this person's cases go (the login code always goes to the e-mail that
-- asked for it). 1 = yes, 0 = no. SMS needs a phone number.
ALTER TABLE users ADD COLUMN notify_email BIGINT NOT NULL DEFAULT 1 CHECK (notify_email IN (0, 1));
ALTER TABLE users ADD COLUMN notify_sms BIGINT NOT NULL DEFAULT 0 CHECK (notify_sms IN (0, 1));
-- 1: the person chose `locale` on their account page, so a login in another language does
-- not change it.
ALTER TABLE users ADD COLUMN locale_chosen BIGINT NOT NULL DEFAULT 0 CHECK (locale_chosen IN (0, 1));

-- One row per login: the devices list on the account page, and ending one of them. The id is
-- a random handle kept inside the session (never the session cookie itself). A session whose
-- row is missing or ended is logged out at its next request.
CREATE TABLE user_sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    level TEXT NOT NULL CHECK (level IN ('email', 'eid')),
    created_at BIGINT NOT NULL,
    -- Updated at most once a minute.
    last_seen_at BIGINT NOT NULL,
    ended_at BIGINT,
    user_agent TEXT NOT NULL DEFAULT '',
    client TEXT NOT NULL DEFAULT ''
);
CREATE INDEX user_sessions_user ON user_sessions (user_id, last_seen_at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
CREATE INDEX audit_log_at ON audit_log (at);
