-- Newsdesk library, schema version 12: a title and a caption are stemmed in their story's
-- language (the body's, `articles.stem_language`), no longer in one detected on their own few
-- words: `whatlang` took 10 of 15 English headlines for other languages, whose stemmers missed
-- "teams", "tariffs" or "unveils" (docs/search-analysis.md). The index reads them through
-- `newsdesk_in_language(stem_language, text)` (src/analysis/fts5.rs), which writes the
-- language before the text for its tokenizer: its content is the view `articles_indexed`, and
-- its triggers read the same, so that a delete removes exactly what was indexed.
-- A compound written with hyphens is read joined after its last part too, no longer only
-- after its first: a phrase that goes on after it finds it ("email scam" finds "e-mail scam").
-- The code that runs this file re-indexes every article in the same transaction
-- (store::migrations).
-- A story whose language has no stemmer (Japanese, Korean, Hebrew …) leaves its title's
-- language to be detected on the title, as before.
-- Migrations are append-only: never edit a released file, add the next one instead.

DROP TRIGGER articles_ad;
DROP TRIGGER articles_au;
DROP TABLE articles_fts;
-- (A library set back to an older version by hand, as a test does, has the view already.)
DROP VIEW IF EXISTS articles_indexed;

-- Every article has a recorded language now ('' for a body without a stemmer); only a story
-- stored with an empty body had none.
UPDATE articles SET stem_language = newsdesk_stem_language(body) WHERE stem_language IS NULL;

CREATE VIEW articles_indexed AS
    SELECT id,
           newsdesk_in_language(stem_language, title) AS title,
           newsdesk_in_language(stem_language, caption) AS caption,
           body
    FROM articles;

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, caption, body,
    content = 'articles_indexed',
    content_rowid = 'id',
    tokenize = 'newsdesk'
);

CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, caption, body)
    VALUES ('delete', old.id, newsdesk_in_language(old.stem_language, old.title),
            newsdesk_in_language(old.stem_language, old.caption), old.body);
    DELETE FROM articles_prefixes WHERE rowid = old.id;
END;

-- An update re-indexes an article when its text or its language changes.
CREATE TRIGGER articles_au AFTER UPDATE OF title, caption, body, stem_language ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, caption, body)
    VALUES ('delete', old.id, newsdesk_in_language(old.stem_language, old.title),
            newsdesk_in_language(old.stem_language, old.caption), old.body);
    INSERT INTO articles_fts (rowid, title, caption, body)
    VALUES (new.id, newsdesk_in_language(new.stem_language, new.title),
            newsdesk_in_language(new.stem_language, new.caption), new.body);
    DELETE FROM articles_prefixes WHERE rowid = old.id;
    INSERT INTO articles_prefixes (rowid, starts)
    VALUES (new.id, newsdesk_prefixes(new.title, new.caption, new.body));
END;
