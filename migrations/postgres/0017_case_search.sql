-- Issue #6.1: case search. The text a submitted case is found by (reference, names, personal
-- code, passport number, e-mail), folded by `rules::search` and written when the application
-- is submitted; cases submitted before this column existed are indexed when the server starts.
ALTER TABLE applications ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
