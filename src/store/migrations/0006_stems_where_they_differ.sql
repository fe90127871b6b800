-- Newsdesk library, schema version 6: the search index holds a word's stem beside it only where
-- the two differ (a word that is its own stem is found by the query's bare stem), which makes the
-- library about 10 % smaller and its import faster (docs/search-analysis.md). No table changes; the code that
-- runs this file re-indexes every article in the same transaction (store::migrations), so that
-- deleting an article removes exactly the entries it was indexed with.
-- Migrations are append-only: never edit a released file, add the next one instead.
SELECT 1;
