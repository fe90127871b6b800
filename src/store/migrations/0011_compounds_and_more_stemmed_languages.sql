-- Newsdesk library, schema version 11: a compound written with hyphens ("e-mail", "COVID-19",
-- "Baden-Württemberg", or a soft hyphen inside a word) is indexed as its parts, as before, and
-- also as the parts joined ("email", "covid19"), at its first part's position, so that the word
-- typed without its hyphens finds it; and words are stemmed by Snowball 3's algorithms
-- (`snowball_stemmers_rs`), in eleven more languages: Polish, Czech, Catalan, Indonesian,
-- Lithuanian, Estonian, Ukrainian, Hindi, Nepali, Persian and Armenian (docs/search-analysis.md).
-- The code that runs this file re-indexes every article in the same transaction
-- (store::migrations), so that deleting an article removes exactly the entries it was indexed
-- with; it also records each article's stemming language again, as the index now detects it.
-- Migrations are append-only: never edit a released file, add the next one instead.

-- The body's stemming language as the index now detects it (`newsdesk_stem_language`,
-- src/analysis/fts5.rs): a Polish story was stemmed as another language before. Only the rows
-- whose language changed are written (rewriting every row tripled the upgrade's time).
UPDATE articles SET stem_language = newsdesk_stem_language(body)
WHERE stem_language IS NOT newsdesk_stem_language(body);
