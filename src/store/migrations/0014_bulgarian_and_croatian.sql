-- Newsdesk library, schema version 14: Bulgarian and Croatian are stemmed.
-- Bulgarian stories were stemmed as Russian, whose stemmer leaves on what Bulgarian adds to a
-- word's end, its definite article ("Парламентът") and some of its plurals, so парламент did
-- not find "Парламентът" nor министър "министърът". Bulgarian now has a light stemmer of its
-- own (src/analysis/bulgarian.rs), and is told from Russian by its letters.
-- Croatian, and Bosnian and Serbian written in Latin letters (which the language detection
-- reads as Croatian), had no stemmer of their own and were stemmed as whichever stemmed
-- language the detection found nearest (a Croatian story as Estonian): Snowball's Serbian
-- stemmer, written for both of Serbian's alphabets, now stems them, so poplava finds
-- "Poplave".
-- So every story's recorded language is detected again, and the index is built anew (its
-- definitions are schema 12's); the code that runs this file re-indexes every article in the
-- same transaction (store::migrations).
-- Migrations are append-only: never edit a released file, add the next one instead.

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
