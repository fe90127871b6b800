-- Newsdesk library, schema version 4: the search index analyses text with Newsdesk's own
-- analyzer (the FTS5 tokenizer `newsdesk`, see src/analysis/): folded words, their Snowball
-- stems at the same position, and overlapping pairs of Chinese, Japanese and Korean
-- characters. Prefix indexes of 2 and 3 characters keep search-as-you-type fast.
-- Migrations are append-only: never edit a released file, add the next one instead.
--
-- The code that runs this file re-indexes every article in the same transaction
-- (store::migrations), so an interrupted upgrade leaves the library as it was.

DROP TRIGGER articles_ad;
DROP TRIGGER articles_au;
DROP TABLE articles_fts;

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, caption, body,
    content = 'articles',
    content_rowid = 'id',
    tokenize = 'newsdesk',
    prefix = '2 3'
);

CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, caption, body)
    VALUES ('delete', old.id, old.title, old.caption, old.body);
END;

CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, caption, body)
    VALUES ('delete', old.id, old.title, old.caption, old.body);
    INSERT INTO articles_fts (rowid, title, caption, body)
    VALUES (new.id, new.title, new.caption, new.body);
END;
