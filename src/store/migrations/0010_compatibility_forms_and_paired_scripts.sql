-- Newsdesk library, schema version 10: the analysis reads characters in their compatibility
-- forms (full-width "ＷＨＯ" and "２０２６" as "who" and "2026", half-width katakana "ｺﾛﾅ" as
-- "コロナ", a separate voicing mark with its kana, the ligature "ﬁ" as "fi") and Greek's final
-- sigma as its sigma, so that what is typed finds what is written in another form; and Thai,
-- Lao, Khmer and Burmese, written without spaces between words, are indexed as overlapping
-- pairs of characters (each with its marks), as Chinese and Japanese are; and traditional
-- Chinese characters are read as their simplified forms, so that either finds both. The code
-- that runs this file re-indexes every article in the same transaction (store::migrations), so
-- that deleting an article removes exactly the entries it was indexed with.
-- Migrations are append-only: never edit a released file, add the next one instead.

-- An update re-indexes an article only when its text changes (it did at any update).
DROP TRIGGER articles_au;
CREATE TRIGGER articles_au AFTER UPDATE OF title, caption, body ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, caption, body)
    VALUES ('delete', old.id, old.title, old.caption, old.body);
    INSERT INTO articles_fts (rowid, title, caption, body)
    VALUES (new.id, new.title, new.caption, new.body);
    DELETE FROM articles_prefixes WHERE rowid = old.id;
    INSERT INTO articles_prefixes (rowid, starts)
    VALUES (new.id, newsdesk_prefixes(new.title, new.caption, new.body));
END;

-- Articles stored before schema 8 get their body's stemming language recorded, as newer ones
-- have it: a list or a search no longer detects it for each of their rows. The detection is
-- the one the index used (`newsdesk_stem_language`, src/analysis/fts5.rs).
UPDATE articles SET stem_language = newsdesk_stem_language(body) WHERE stem_language IS NULL;
