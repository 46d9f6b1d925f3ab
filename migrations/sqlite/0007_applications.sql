-- Applications (issue #5; R-SV-1, R-SV-6, R-DL-2, R-FL-1). Times are Unix milliseconds, days
-- are ISO dates in Europe/Vilnius.
CREATE TABLE applications (
    id INTEGER PRIMARY KEY,
    -- The account that applies: the applicant, or the parent applying for a child (R-IP-1).
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('trp_issue', 'trp_change', 'eu_card_issue',
        'eu_card_change', 'permanent_family', 'invitation')),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'submitted')),
    -- YYYY-NNNNNN-C (rules::reference), given when the draft is started so the fee payment
    -- can carry it (R-SV-6).
    reference TEXT UNIQUE,
    -- The answers as typed (JSON object, field key -> text): a refused answer is kept too.
    answers TEXT NOT NULL DEFAULT '{}',
    -- Idempotency: the start form's key (a double click starts one draft) and the submit
    -- form's key.
    start_key TEXT NOT NULL,
    submit_key TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    submitted_at BIGINT,
    -- Fixed at submission (R-DL-2, R-FL-1).
    submitted_on TEXT,
    procedure TEXT CHECK (procedure IN ('general', 'urgent')),
    decision_due TEXT,
    rule_version TEXT,
    appear_by TEXT,
    -- R-SV-6: the fee due at submission (0 with an exemption claimed), when the applicant
    -- said it was paid, and the officer's confirmation.
    fee_eur BIGINT,
    exemption_claimed BIGINT NOT NULL DEFAULT 0 CHECK (exemption_claimed IN (0, 1)),
    fee_marked_paid_at BIGINT,
    fee_confirmed_at BIGINT,
    fee_confirmed_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (user_id, start_key)
);
CREATE INDEX applications_user ON applications (user_id, updated_at);

-- The timeline of an application: what happened, when, by whom.
CREATE TABLE application_events (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
    -- created, submitted, fee_marked_paid, ...
    kind TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX application_events_app ON application_events (application_id, at);
