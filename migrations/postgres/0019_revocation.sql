-- R-DL-7: revocation proceedings against a positive decision. While open (revocation_opened_on
-- set), the card is neither produced nor handed over; the decision is due 14 calendar days
-- from revocation_from (the opening day, or the day the case file reached the office that
-- decides). Decided: the decision stands (the three columns are cleared; the timeline keeps
-- it) or it is revoked (revoked_on, revocation_reason). `stage` keeps the stage the decision
-- had reached: a set revoked_on reads as the stage `revoked` (rules::case::Stage::Revoked),
-- because SQLite cannot widen the column's CHECK without rebuilding the table.
ALTER TABLE applications ADD COLUMN revocation_opened_on TEXT;
ALTER TABLE applications ADD COLUMN revocation_from TEXT;
ALTER TABLE applications ADD COLUMN revocation_grounds TEXT;
ALTER TABLE applications ADD COLUMN revoked_on TEXT;
ALTER TABLE applications ADD COLUMN revocation_reason TEXT;
-- R-DL-7 + R-SV-5: a card whose decision was revoked is invalid from that day.
ALTER TABLE held_documents ADD COLUMN revoked_on TEXT;
