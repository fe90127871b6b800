-- Articles are added to the full-text index by the code that inserts them
-- (store::articles::insert_article), in the same transaction, not by an AFTER INSERT trigger.
--
-- Why: an INSERT that fires a trigger writing to a virtual table runs inside a statement
-- savepoint, and FTS5 flushes its pending terms at every savepoint. Through the trigger each
-- article became its own tiny index segment, and merging those segments made imports 2.5 times
-- slower than inserting into a bare FTS5 table (BENCHMARKS.md). Deletes and updates keep
-- SQLite's documented triggers: they are rare, and must never be forgotten.
DROP TRIGGER articles_ai;
