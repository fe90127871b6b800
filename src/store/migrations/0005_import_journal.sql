-- Newsdesk library, schema version 5: the import journal.
-- Migrations are append-only: never edit a released file, add the next one instead.
--
-- An import commits each file in small batches, so that other programs' writes (a bookmark,
-- the reading position) wait at most one batch instead of a whole file. A file is still
-- imported whole or not at all: while it is being imported, its import has a row here, and its
-- articles carry that import's id. A file that fails or is cancelled has its articles deleted;
-- a row left by a program that died (see store::journal: each importer holds an OS lock named
-- by `owner`, which dies with it) is rolled back the same way when the library is next opened.
CREATE TABLE import_journal (
    import_id  INTEGER PRIMARY KEY REFERENCES imports (id),
    owner      TEXT NOT NULL,
    started_at TEXT NOT NULL
) STRICT;

-- Finding the articles of one import (to roll it back).
CREATE INDEX articles_import ON articles (import_id);
