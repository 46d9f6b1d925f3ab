-- Accounts (issue #4; R-AC-1…R-AC-4). Times are Unix milliseconds.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    -- Lower-cased; the address the e-mail login (R-AC-2) sends codes to. An e-ID user may have
    -- none yet.
    email TEXT UNIQUE,
    -- R-AC-3: filled on the first e-mail login; afterwards only an officer changes them (R-AC-4).
    first_name TEXT,
    surname TEXT,
    -- E.164.
    phone TEXT,
    -- R-AC-5; set only by the national e-ID login.
    personal_code TEXT UNIQUE,
    role TEXT NOT NULL DEFAULT 'applicant'
        CHECK (role IN ('applicant', 'officer', 'office_admin', 'kiosk', 'display')),
    -- The language of this person's e-mails.
    locale TEXT NOT NULL DEFAULT 'lt' CHECK (locale IN ('lt', 'en', 'uk', 'be', 'ru')),
    -- Raised by "log out my other devices": a session from an older epoch is ended.
    session_epoch BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- One e-mail login in progress (R-AC-2). The code itself is never stored: only
-- HMAC-SHA256(secret key, id ":" code). The id lives in the browser's session, so the code
-- works only there.
CREATE TABLE login_attempts (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    locale TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    -- Wrong codes typed so far; at 5 the attempt is dead.
    tries BIGINT NOT NULL DEFAULT 0,
    used_at BIGINT
);
CREATE INDEX login_attempts_created ON login_attempts (created_at);

-- Fixed-window counters shared by every server instance ("login-email:<address>",
-- "login-client:<ip>").
CREATE TABLE rate_limits (
    bucket TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

-- Who did what to whom. Never updated or deleted by the application.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at BIGINT NOT NULL,
    -- NULL: the person themself before logging in, or the system.
    actor_id BIGINT,
    subject_id BIGINT,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    client TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_subject ON audit_log (subject_id, at);
