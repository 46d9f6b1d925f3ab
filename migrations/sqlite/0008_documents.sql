-- Documents uploaded to an application (issue #5.4; R-PM-6). The bytes are files under
-- <data dir>/files named by their SHA-256 (shared when identical); who may read them is here.
CREATE TABLE application_documents (
    id INTEGER PRIMARY KEY,
    application_id BIGINT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    -- The owner: only this account may read the file.
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The checklist item (rules::DocumentKind, snake_case).
    kind TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    -- The name the file had on the person's device (shown, and offered on download).
    name TEXT NOT NULL,
    size BIGINT NOT NULL,
    -- Decided by the server from the bytes: application/pdf, image/jpeg or image/png.
    mime TEXT NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
    created_at BIGINT NOT NULL
);
CREATE INDEX application_documents_app ON application_documents (application_id, kind);
