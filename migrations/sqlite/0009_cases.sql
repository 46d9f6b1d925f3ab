-- Case handling (issue #6; R-DL-2 … R-DL-8, R-SV-4, R-IP-3). `status` stays the applicant's
-- draft/submitted; `stage` says where a submitted case stands (rules::case::Stage).
ALTER TABLE applications ADD COLUMN stage TEXT CHECK (stage IN ('received',
    'documents_requested', 'approved', 'refused', 'formalising', 'produced', 'collected'));
-- R-IP-3: the office the applicant hands the documents in at, and collects the card from.
ALTER TABLE applications ADD COLUMN office_id BIGINT REFERENCES offices (id);
-- The officer handling the case.
ALTER TABLE applications ADD COLUMN assigned_to BIGINT REFERENCES users (id) ON DELETE SET NULL;
-- Decision: the day, an approval's last valid day (R-DL-6) or a refusal's reason.
ALTER TABLE applications ADD COLUMN decided_on TEXT;
ALTER TABLE applications ADD COLUMN valid_until TEXT;
ALTER TABLE applications ADD COLUMN refusal_reason TEXT;
-- R-DL-4: an urgent case told it will be handled under the general procedure, and the refund.
ALTER TABLE applications ADD COLUMN refund_eur BIGINT;
-- R-DL-5: the day the card must be produced by; R-SV-4 / R-DL-8: produced, invited to collect.
ALTER TABLE applications ADD COLUMN produce_by TEXT;
ALTER TABLE applications ADD COLUMN produced_on TEXT;
ALTER TABLE applications ADD COLUMN collect_invited_at BIGINT;
UPDATE applications SET stage = 'received' WHERE status = 'submitted';
CREATE INDEX applications_office ON applications (office_id, stage, decision_due);

-- R-DL-3: "documents missing" notices. The clock stands still from `notice_sent` until
-- `documents_arrived` (NULL: still waiting).
CREATE TABLE clock_stops (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    notice_sent TEXT NOT NULL,
    -- Unix ms: uploads after this answer the request.
    sent_at BIGINT NOT NULL,
    due TEXT NOT NULL,
    -- The checklist kinds asked for (JSON array of rules::DocumentKind names).
    documents TEXT NOT NULL,
    message TEXT NOT NULL,
    sent_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
    documents_arrived TEXT
);
CREATE INDEX clock_stops_app ON clock_stops (application_id, notice_sent);
