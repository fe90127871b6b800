//! The analyzer as an FTS5 tokenizer named `newsdesk`, registered on every connection the
//! library opens (SQLite keeps custom tokenizers per connection, not in the file).
//!
//! - Documents (inserts, the index's `'delete'` and `'rebuild'`): every word, and its stem at
//!   the same position (`FTS5_TOKEN_COLOCATED`) in the text's language.
//! - Queries: the folded words and CJK pairs only; a quoted string that ends with `STEM_MARK` is
//!   a stem the query translator wrote, passed through as it is.

use std::ffi::{CStr, c_char, c_int, c_void};
use std::ops::ControlFlow;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;

use rusqlite::Connection;
use rusqlite::ffi;

use super::{STEM_MARK, Stemmer, tokens};
use crate::error::{Error, Result};

/// The name the schema's `tokenize = '…'` option uses.
pub const TOKENIZER_NAME: &CStr = c"newsdesk";

/// SQLite's callback that receives each token.
type TokenSink = unsafe extern "C" fn(
    ctx: *mut c_void,
    flags: c_int,
    token: *const c_char,
    token_len: c_int,
    start: c_int,
    end: c_int,
) -> c_int;

/// Registers the `newsdesk` tokenizer on a connection. `Library` does this on its own; a program
/// that opens the library file with SQLite directly needs it before touching the search index.
pub fn register(conn: &Connection) -> Result<()> {
    // SAFETY: the handle is the connection's own and stays valid while `conn` is borrowed; the
    // statement is finalized before returning; FTS5 copies the tokenizer struct it is given.
    unsafe {
        let db = conn.handle();
        let api = fts5_api(db)?;
        let create = (*api)
            .xCreateTokenizer
            .ok_or_else(|| Error::Malformed("SQLite's FTS5 cannot register tokenizers".into()))?;
        let mut tokenizer = ffi::fts5_tokenizer {
            xCreate: Some(create_tokenizer),
            xDelete: Some(delete_tokenizer),
            xTokenize: Some(tokenize),
        };
        let rc = create(
            api,
            TOKENIZER_NAME.as_ptr(),
            ptr::null_mut(),
            &mut tokenizer,
            None,
        );
        if rc != ffi::SQLITE_OK {
            return Err(Error::Malformed(format!(
                "could not register the search tokenizer (SQLite error {rc})"
            )));
        }
    }
    Ok(())
}

/// The connection's FTS5 API, as SQLite's documentation fetches it: `SELECT fts5(?1)` with a
/// pointer bound to receive it.
unsafe fn fts5_api(db: *mut ffi::sqlite3) -> Result<*mut ffi::fts5_api> {
    let missing = || Error::Malformed("this SQLite has no FTS5".into());
    let mut api: *mut ffi::fts5_api = ptr::null_mut();
    let mut stmt: *mut ffi::sqlite3_stmt = ptr::null_mut();
    // SAFETY: see `register`; `api` outlives the statement, which is finalized here.
    unsafe {
        if ffi::sqlite3_prepare_v2(
            db,
            c"SELECT fts5(?1)".as_ptr(),
            -1,
            &mut stmt,
            ptr::null_mut(),
        ) != ffi::SQLITE_OK
        {
            return Err(missing());
        }
        let bound = ffi::sqlite3_bind_pointer(
            stmt,
            1,
            (&raw mut api).cast(),
            c"fts5_api_ptr".as_ptr(),
            None,
        );
        if bound == ffi::SQLITE_OK {
            ffi::sqlite3_step(stmt);
        }
        ffi::sqlite3_finalize(stmt);
    }
    if api.is_null() {
        Err(missing())
    } else {
        Ok(api)
    }
}

/// The tokenizer keeps no state: every text picks its own stemmer. FTS5 still wants a handle.
static INSTANCE: u8 = 0;

unsafe extern "C" fn create_tokenizer(
    _user_data: *mut c_void,
    _args: *mut *const c_char,
    _arg_count: c_int,
    out: *mut *mut ffi::Fts5Tokenizer,
) -> c_int {
    // SAFETY: FTS5 passes a valid place for the handle.
    unsafe { *out = (&raw const INSTANCE).cast_mut().cast() };
    ffi::SQLITE_OK
}

unsafe extern "C" fn delete_tokenizer(_tokenizer: *mut ffi::Fts5Tokenizer) {}

unsafe extern "C" fn tokenize(
    _tokenizer: *mut ffi::Fts5Tokenizer,
    ctx: *mut c_void,
    flags: c_int,
    text: *const c_char,
    text_len: c_int,
    sink: Option<TokenSink>,
) -> c_int {
    let Some(sink) = sink else {
        return ffi::SQLITE_ERROR;
    };
    let bytes: &[u8] = match usize::try_from(text_len) {
        Ok(len) if len > 0 && !text.is_null() => {
            // SAFETY: FTS5 passes `text_len` readable bytes that live for this call.
            unsafe { std::slice::from_raw_parts(text.cast(), len) }
        }
        _ => return ffi::SQLITE_OK,
    };
    // The library writes only UTF-8; anything after a broken sequence is not indexed.
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default(),
    };
    let query = flags & ffi::FTS5_TOKENIZE_QUERY != 0;
    let emit = |token: &str, colocated: bool, start: usize, end: usize| -> ControlFlow<c_int> {
        let (Ok(len), Ok(start), Ok(end)) = (
            c_int::try_from(token.len()),
            c_int::try_from(start),
            c_int::try_from(end),
        ) else {
            return ControlFlow::Break(ffi::SQLITE_TOOBIG);
        };
        let flags = if colocated {
            ffi::FTS5_TOKEN_COLOCATED
        } else {
            0
        };
        // SAFETY: the token is valid for `len` bytes during the call, as FTS5 requires.
        match unsafe { sink(ctx, flags, token.as_ptr().cast(), len, start, end) } {
            ffi::SQLITE_OK => ControlFlow::Continue(()),
            rc => ControlFlow::Break(rc),
        }
    };
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        if query && text.ends_with(STEM_MARK) {
            return emit(text, false, 0, text.len());
        }
        let stemmer = if query { None } else { Stemmer::for_text(text) };
        let mut marked = String::new();
        tokens(text, stemmer.as_ref(), |token| {
            emit(token.text, false, token.range.start, token.range.end)?;
            if let Some(stem) = token.stem {
                marked.clear();
                marked.push_str(stem);
                marked.push(STEM_MARK);
                emit(&marked, true, token.range.start, token.range.end)?;
            }
            ControlFlow::Continue(())
        })
    }));
    match outcome {
        Ok(ControlFlow::Continue(())) => ffi::SQLITE_OK,
        Ok(ControlFlow::Break(rc)) => rc,
        Err(_) => ffi::SQLITE_ERROR,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tokens FTS5 stores for a text, through its own `fts5vocab` view.
    fn indexed(text: &str) -> Vec<String> {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'newsdesk');
             CREATE VIRTUAL TABLE v USING fts5vocab(t, row);",
        )
        .unwrap();
        conn.execute("INSERT INTO t (body) VALUES (?1)", [text])
            .unwrap();
        conn.prepare("SELECT term FROM v ORDER BY term")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn documents_are_indexed_with_stems_beside_words() {
        assert_eq!(
            indexed("Troops were deployed to the border after the talks."),
            [
                "after",
                "after\u{1}",
                "border",
                "border\u{1}",
                "deploy\u{1}",
                "deployed",
                "talk\u{1}",
                "talks",
                "the",
                "to",
                "troop\u{1}",
                "troops",
                "were",
                "were\u{1}"
            ]
        );
        assert_eq!(indexed("首相が"), ["相が", "首相"]);
    }

    #[test]
    fn queries_find_words_stems_and_cjk_words_inside_sentences() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn.execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'newsdesk', prefix = '2 3');
             INSERT INTO t (rowid, body) VALUES (1, 'Troops were deployed to the border.');
             INSERT INTO t (rowid, body) VALUES (2, '高市首相は自民党の総裁に選ばれた。');",
        )
        .unwrap();
        let found = |expression: &str| -> Vec<i64> {
            conn.prepare("SELECT rowid FROM t WHERE t MATCH ?1")
                .unwrap()
                .query_map([expression], |row| row.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap()
        };
        assert_eq!(found("\"TROOPS\""), [1]);
        assert_eq!(found("\"troop\u{1}\""), [1]);
        assert_eq!(found("\"troop\""), Vec::<i64>::new());
        assert_eq!(found("\"tr\"*"), [1]);
        assert_eq!(found("\"自民党\""), [2]);
        assert_eq!(found("\"首相\""), [2]);
        assert_eq!(found("\"民自\""), Vec::<i64>::new());
    }
}
