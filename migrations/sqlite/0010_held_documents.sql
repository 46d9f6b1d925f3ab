-- Held documents (issue #6.3; R-SV-2): the documents a person holds, shown to them and, for a
-- minor child, to the parent's account. Created when a card is collected, or imported by an
-- admin (`server documents import`, CSV).
CREATE TABLE held_documents (
    id INTEGER PRIMARY KEY,
    -- The account it is shown to: the holder's, or the parent's for a child.
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    holder_name TEXT NOT NULL,
    -- Set for a child's document: shown to the parent while the child is a minor.
    child_birth_date TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('lt_passport', 'identity_card', 'stateless_travel',
        'refugee_travel', 'alien_passport', 'trp', 'eu_long_term', 'eu_family_temporary',
        'eu_family_permanent')),
    number TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    -- An identity card's e-signature / e-identity certificates (R-SV-3).
    certificates_valid_until TEXT,
    -- R-SV-5: a lost document is invalid from the moment it is reported; never undone.
    status TEXT NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'lost')),
    lost_at BIGINT,
    application_id BIGINT REFERENCES applications (id) ON DELETE SET NULL,
    source TEXT NOT NULL CHECK (source IN ('collected', 'import')),
    created_at BIGINT NOT NULL,
    UNIQUE (kind, number)
);
CREATE INDEX held_documents_user ON held_documents (user_id);

-- R-SV-3: how many days before a document (or its certificates) expire the holder is told,
-- and how.
CREATE TABLE expiry_reminders (
    held_document_id BIGINT NOT NULL REFERENCES held_documents (id) ON DELETE CASCADE,
    target TEXT NOT NULL CHECK (target IN ('document', 'certificates')),
    days_before INTEGER NOT NULL CHECK (days_before BETWEEN 1 AND 365),
    by_email INTEGER NOT NULL CHECK (by_email IN (0, 1)),
    by_sms INTEGER NOT NULL CHECK (by_sms IN (0, 1)),
    PRIMARY KEY (held_document_id, target, days_before)
);

-- R-SV-3: a reminder is sent exactly once per document, target, threshold and expiry day: the
-- row is claimed in the transaction that enqueues the notice (several instances may race).
CREATE TABLE reminders_sent (
    held_document_id BIGINT NOT NULL REFERENCES held_documents (id) ON DELETE CASCADE,
    target TEXT NOT NULL,
    days_before INTEGER NOT NULL,
    expires TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (held_document_id, target, days_before, expires)
);

-- Issue #6.6: periodic jobs. A job runs on the instance that claims its lease (`holder` until
-- `until_ms`), at most once every interval (`last_run_ms`).
CREATE TABLE job_leases (
    name TEXT PRIMARY KEY,
    holder TEXT,
    until_ms BIGINT NOT NULL DEFAULT 0,
    last_run_ms BIGINT NOT NULL DEFAULT 0
);
