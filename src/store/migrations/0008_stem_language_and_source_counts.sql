-- Newsdesk library, schema version 8: two things that grew with the library's size.
-- Migrations are append-only: never edit a released file, add the next one instead.

-- The language an article's body was stemmed in when it was indexed (the stemmer's whatlang
-- code, '' when the body has no stemmer), recorded as the article is stored: a search's snippets
-- compare stems in that language instead of detecting it again for every hit (detection was
-- 15–40 % of a search's instructions). NULL for articles stored before: detected when needed.
ALTER TABLE articles ADD COLUMN stem_language TEXT;

-- The number of articles of each source: the library's counts and its sources are read from a
-- row per source, not from an index entry per article (at 100,000 articles that read 4.4 MB of
-- index into the page cache at every start). Deletes and updates are counted by the triggers
-- below; inserts count themselves (store::articles::insert_article): a trigger on inserts makes
-- every insert a statement transaction, and FTS5 writes out its pending terms at each one (an
-- import of 10,000 stories took 50 % longer).
CREATE TABLE source_counts (
    source   TEXT PRIMARY KEY,
    articles INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO source_counts (source, articles)
    SELECT source, count(*) FROM articles GROUP BY source;

CREATE TRIGGER articles_uncounted AFTER DELETE ON articles BEGIN
    UPDATE source_counts SET articles = articles - 1 WHERE source = old.source;
    DELETE FROM source_counts WHERE source = old.source AND articles = 0;
END;

CREATE TRIGGER articles_recounted AFTER UPDATE OF source ON articles
    WHEN new.source IS NOT old.source BEGIN
    UPDATE source_counts SET articles = articles - 1 WHERE source = old.source;
    DELETE FROM source_counts WHERE source = old.source AND articles = 0;
    INSERT INTO source_counts (source, articles) VALUES (new.source, 1)
        ON CONFLICT (source) DO UPDATE SET articles = articles + 1;
END;
