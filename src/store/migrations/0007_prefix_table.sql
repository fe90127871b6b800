-- Newsdesk library, schema version 7: the starts of words typed while searching (2 and 3
-- characters) move from FTS5's prefix indexes, which write an entry for every word in every
-- position and halved the speed of an import, to a table of their own: each article's distinct
-- word starts once, and its title's again marked as such, without positions (`detail=none`), in
-- a contentless FTS5 table whose rows are deleted with their articles. See
-- docs/search-analysis.md.
-- Migrations are append-only: never edit a released file, add the next one instead.
--
-- The code that runs this file re-indexes every article in the same transaction
-- (store::migrations), which fills both tables.

DROP TRIGGER articles_ad;
DROP TRIGGER articles_au;
DROP TABLE articles_fts;

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, caption, body,
    content = 'articles',
    content_rowid = 'id',
    tokenize = 'newsdesk'
);

-- `newsdesk_prefixes(…)` is the function the library registers on every connection
-- (src/analysis/fts5.rs); the importer computes the same terms ahead of its inserts.
CREATE VIRTUAL TABLE articles_prefixes USING fts5(
    starts,
    content = '',
    contentless_delete = 1,
    detail = none,
    tokenize = 'ascii'
);

CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, caption, body)
    VALUES ('delete', old.id, old.title, old.caption, old.body);
    DELETE FROM articles_prefixes WHERE rowid = old.id;
END;

CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, caption, body)
    VALUES ('delete', old.id, old.title, old.caption, old.body);
    INSERT INTO articles_fts (rowid, title, caption, body)
    VALUES (new.id, new.title, new.caption, new.body);
    DELETE FROM articles_prefixes WHERE rowid = old.id;
    INSERT INTO articles_prefixes (rowid, starts)
    VALUES (new.id, newsdesk_prefixes(new.title, new.caption, new.body));
END;
