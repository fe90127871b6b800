-- Newsdesk library, schema version 2: duplicate detection by web address.
-- Migrations are append-only: never edit a released file, add the next one instead.

-- The article's address normalised for matching (see links::canonical_url): lower-case host,
-- no fragment, no tracking parameters. Two articles with the same address are one story, even
-- when their text differs (a page saved twice, a feed entry and its saved page). Articles stored
-- before this version have none: they came from text dumps, which carry no address.
ALTER TABLE articles ADD COLUMN canonical_url TEXT;

CREATE UNIQUE INDEX articles_canonical_url ON articles (canonical_url)
    WHERE canonical_url IS NOT NULL;
