-- R-DL-7: a case file sent to another office. The receiving office takes the case over at
-- once (office_id changes); the file is due there by transfer_due and confirmed on
-- file_received_on. transfer_from is the office it came from.
ALTER TABLE applications ADD COLUMN transfer_from INTEGER REFERENCES offices (id);
ALTER TABLE applications ADD COLUMN transfer_due TEXT;
ALTER TABLE applications ADD COLUMN file_received_on TEXT;
