-- Staff (issue #4.5): officers and office admins work for one or more offices; kiosks and
-- display screens belong to one. Staff log in with the e-mail code plus a TOTP second factor.
CREATE TABLE staff_offices (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    office_id BIGINT NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, office_id)
);

-- The TOTP secret, encrypted with a key derived from the installation's secret key
-- (AES-256-GCM, base64 of nonce || ciphertext). NULL: not enrolled yet.
ALTER TABLE users ADD COLUMN totp_secret TEXT;
-- The last 30-second step a code was accepted for: a code is never accepted twice.
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

-- One-time recovery codes for a lost authenticator, stored as keyed hashes.
CREATE TABLE recovery_codes (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (user_id, code_hash)
);
