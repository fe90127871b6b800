-- Newsdesk library, schema version 10: the analysis reads characters in their compatibility
-- forms (full-width "ＷＨＯ" and "２０２６" as "who" and "2026", half-width katakana "ｺﾛﾅ" as
-- "コロナ", a separate voicing mark with its kana, the ligature "ﬁ" as "fi") and Greek's final
-- sigma as its sigma, so that what is typed finds what is written in another form. No table
-- changes; the code that runs this file re-indexes every article in the same transaction
-- (store::migrations), so that deleting an article removes exactly the entries it was indexed
-- with.
-- Migrations are append-only: never edit a released file, add the next one instead.
SELECT 1;
