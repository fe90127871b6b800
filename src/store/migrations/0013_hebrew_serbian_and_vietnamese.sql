-- Newsdesk library, schema version 13: Hebrew and Serbian are stemmed, Vietnamese told apart.
-- Snowball has no Hebrew stemmer, so Hebrew stories were indexed as exact words, and ירושלים
-- did not find בירושלים ("in Jerusalem"). A Hebrew word's stem is now the word without its
-- prefix letters (ו ה ב כ ל מ ש and their chains) and without a plural or feminine ending
-- (src/analysis/hebrew.rs).
-- Serbian was stemmed as Russian or Ukrainian (`whatlang` takes it for them), which missed
-- "Демонстранти" for демонстрант. A story with letters only Serbian's Cyrillic alphabet has
-- (ђ ћ џ љ њ ј) is now stemmed as Serbian, whose stems are written in Latin letters
-- (`beograd` finds "Београду").
-- Vietnamese is told apart too, and has no stemmer: its stories were stemmed (and marked for
-- the window) as Portuguese.
-- So every story's recorded language is detected again, and the index is built anew (its
-- definitions are schema 12's); the code that runs this file re-indexes every article in the
-- same transaction (store::migrations).
-- Words are counted as the index reads them (src/analysis/mod.rs `word_count`): a Hindi or
-- Thai vowel sign no longer splits a word, and Chinese and Japanese, which do not space their
-- words, count one for every two characters (a Japanese story of 60 characters had "3 words").
-- Migrations are append-only: never edit a released file, add the next one instead.

UPDATE articles SET word_count = newsdesk_word_count(body);

-- The update trigger would remove a story's old index entries by analysing it the new way:
-- it is set aside while the recorded languages change (the re-index starts from nothing).
DROP TRIGGER articles_au;

UPDATE articles SET stem_language = newsdesk_stem_language(body);

-- As in schema 12: an update re-indexes an article when its text or its language changes.
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
