-- The home page's notice area. Text per locale so an admin can edit each language.
CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    active BOOLEAN NOT NULL DEFAULT 1,
    position INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE notice_texts (
    notice_id INTEGER NOT NULL REFERENCES notices (id) ON DELETE CASCADE,
    -- Only the five interface locales; English is the fallback and must exist for a notice to show.
    locale TEXT NOT NULL CHECK (locale IN ('lt', 'en', 'uk', 'be', 'ru')),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (notice_id, locale)
);
