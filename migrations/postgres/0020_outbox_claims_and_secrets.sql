-- Issue #21.7: a claim is a token as well as a time. A worker writes the outcome only while
-- the claim is still its own; a worker whose claim ran out (a slow send) and was taken over
-- changes nothing.
ALTER TABLE outbox ADD COLUMN claim_token TEXT;
-- Issue #21.4: the secret a message carries (a login or confirmation code), sealed with the
-- server's key; subject and body hold a marker in its place. Cleared once the message is
-- delivered or given up (kept in demo mode, whose mailbox page shows it).
ALTER TABLE outbox ADD COLUMN secret TEXT;
