-- Newsdesk library, schema version 1.
-- Migrations are append-only: never edit a released file, add the next one instead.

-- One row per file an import looked at, whatever the outcome.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL,
    file_hash   TEXT,
    format      TEXT,
    imported_at TEXT NOT NULL,
    status      TEXT NOT NULL,
    added       INTEGER NOT NULL DEFAULT 0,
    duplicates  INTEGER NOT NULL DEFAULT 0,
    error       TEXT
) STRICT;

-- Article content. Immutable once imported: reading state lives in the tables below, so that
-- reading or bookmarking never touches the full-text index.
-- The body is stored as plain text, blocks separated by a blank line, with `block_kinds`
-- holding one letter per block (see model::BlockKind::code).
CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    import_id    INTEGER REFERENCES imports(id),
    title        TEXT NOT NULL,
    caption      TEXT,
    credit       TEXT,
    source       TEXT NOT NULL,
    url          TEXT,
    author       TEXT,
    published_at TEXT,
    imported_at  TEXT NOT NULL,
    word_count   INTEGER NOT NULL,
    content_hash TEXT NOT NULL UNIQUE,
    block_kinds  TEXT NOT NULL,
    body         TEXT NOT NULL
) STRICT;

-- Newest import first; within one file, the file's own order.
CREATE INDEX articles_newest ON articles (imported_at DESC, import_id DESC, id ASC);
CREATE INDEX articles_source ON articles (source);

-- Full-text index over title, caption and body (external content), kept in sync by the
-- triggers from SQLite's FTS5 documentation.
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, caption, body,
    content = 'articles',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, caption, body)
    VALUES (new.id, new.title, new.caption, new.body);
END;

CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, caption, body)
    VALUES ('delete', old.id, old.title, old.caption, old.body);
END;

CREATE TRIGGER articles_au AFTER UPDATE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, caption, body)
    VALUES ('delete', old.id, old.title, old.caption, old.body);
    INSERT INTO articles_fts (rowid, title, caption, body)
    VALUES (new.id, new.title, new.caption, new.body);
END;

CREATE TABLE bookmarks (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    note       TEXT
) STRICT;
CREATE INDEX bookmarks_newest ON bookmarks (created_at DESC);

-- Reading history: one row per article, its last visit and reading progress.
CREATE TABLE history (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    opened_at  TEXT NOT NULL,
    progress   REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1)
) STRICT;
CREATE INDEX history_recent ON history (opened_at DESC);

-- Articles read to the end (or marked read). Clearing history keeps these.
CREATE TABLE read_marks (
    article_id INTEGER PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    read_at    TEXT NOT NULL
) STRICT;
