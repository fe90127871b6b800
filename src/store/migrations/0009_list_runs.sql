-- Newsdesk library, schema version 9: the runs of the list.
-- Migrations are append-only: never edit a released file, add the next one instead.

-- The list shows the newest import first and each import in its files' order (articles_newest:
-- imported_at DESC, import_id DESC, id ASC). A run is the articles of one place in that order,
-- one (imported_at, import_id): one file's import, or one first-import time of a re-imported
-- export. Its number of articles tells a search whether a run holds every id between its first
-- and last (no other import wrote in between): then the run's matches are the matches in that
-- range, in the order they already have, and the search need not walk the run's other articles
-- (store::list_order). Deletes are counted by the trigger below; inserts count themselves
-- (store::articles::insert_article; migration 0008 says why not a trigger).
CREATE TABLE list_runs (
    imported_at TEXT NOT NULL,
    import_id   INTEGER NOT NULL,
    articles    INTEGER NOT NULL,
    PRIMARY KEY (imported_at, import_id)
) STRICT, WITHOUT ROWID;

INSERT INTO list_runs (imported_at, import_id, articles)
    SELECT imported_at, import_id, count(*) FROM articles
    WHERE import_id IS NOT NULL GROUP BY imported_at, import_id;

CREATE TRIGGER articles_left_run AFTER DELETE ON articles BEGIN
    UPDATE list_runs SET articles = articles - 1
        WHERE imported_at = old.imported_at AND import_id = old.import_id;
    DELETE FROM list_runs
        WHERE imported_at = old.imported_at AND import_id = old.import_id AND articles = 0;
END;

CREATE TRIGGER articles_moved_run AFTER UPDATE OF imported_at, import_id ON articles
    WHEN new.imported_at IS NOT old.imported_at OR new.import_id IS NOT old.import_id BEGIN
    UPDATE list_runs SET articles = articles - 1
        WHERE imported_at = old.imported_at AND import_id = old.import_id;
    DELETE FROM list_runs
        WHERE imported_at = old.imported_at AND import_id = old.import_id AND articles = 0;
    INSERT INTO list_runs (imported_at, import_id, articles)
        SELECT new.imported_at, new.import_id, 1 WHERE new.import_id IS NOT NULL
        ON CONFLICT (imported_at, import_id) DO UPDATE SET articles = articles + 1;
END;
