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
use rusqlite::functions::FunctionFlags;

use super::language::{field_stemmer, in_language};
use super::{STEM_MARK, Stemmer, WordStarts, article_prefix_terms, tokens};
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

/// The SQL function `newsdesk_prefixes(title, caption, body)`: the prefix-table terms of an
/// article (`analysis::article_prefix_terms`), for the update trigger, which fills the prefix
/// table from a stored article.
pub const PREFIXES_FUNCTION: &str = "newsdesk_prefixes";

/// The SQL function `newsdesk_stem_language(body)`: how a body's words are stemmed, recorded as
/// `articles.stem_language` is (`Stemmer::recorded`), for the migration that records it for
/// articles stored before it was.
pub const STEM_LANGUAGE_FUNCTION: &str = "newsdesk_stem_language";

/// The SQL function `newsdesk_in_language(stem_language, text)`: a title or caption as the
/// index reads it (`language::in_language`); NULL for a NULL text, the text itself for a NULL
/// language (detected on the text, as before schema 12). The index's content (the view
/// `articles_indexed`) and its triggers read the fields through it.
pub const IN_LANGUAGE_FUNCTION: &str = "newsdesk_in_language";

/// The SQL function `newsdesk_word_count(body)`: a stored body's words as an article counts
/// them (`analysis::word_count`), for the migration that counts them again.
pub const WORD_COUNT_FUNCTION: &str = "newsdesk_word_count";

/// Registers the `newsdesk` tokenizer and the `newsdesk_prefixes`, `newsdesk_stem_language`,
/// `newsdesk_in_language` and `newsdesk_word_count` functions on a connection.
/// `Library` does this on its own; a program that opens the library file with SQLite directly
/// needs them before touching the search index.
pub fn register(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        PREFIXES_FUNCTION,
        -1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let texts = (0..ctx.len())
                .map(|i| ctx.get::<Option<String>>(i))
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut texts = texts.iter().map(|text| text.as_deref().unwrap_or(""));
            let title = texts.next().unwrap_or("");
            Ok(article_prefix_terms(title, texts))
        },
    )?;
    conn.create_scalar_function(
        STEM_LANGUAGE_FUNCTION,
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let body = ctx.get::<Option<String>>(0)?.unwrap_or_default();
            Ok(Stemmer::recorded(Stemmer::for_text(&body).as_ref()))
        },
    )?;
    conn.create_scalar_function(
        IN_LANGUAGE_FUNCTION,
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let recorded = ctx.get::<Option<String>>(0)?;
            let text = ctx.get::<Option<String>>(1)?;
            Ok(match (recorded, text) {
                (Some(recorded), Some(text)) => Some(in_language(&recorded, &text)),
                (None, text) => text,
                (_, None) => None,
            })
        },
    )?;
    conn.create_scalar_function(
        WORD_COUNT_FUNCTION,
        1,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let body = ctx.get::<Option<String>>(0)?.unwrap_or_default();
            Ok(i64::try_from(super::word_count(&body)).unwrap_or(i64::MAX))
        },
    )?;
    register_tokenizer(conn)
}

fn register_tokenizer(conn: &Connection) -> Result<()> {
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
pub(crate) unsafe fn fts5_api(db: *mut ffi::sqlite3) -> Result<*mut ffi::fts5_api> {
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
        if query {
            if text.ends_with(STEM_MARK) {
                return emit(text, false, 0, text.len());
            }
            // A query's words are its positions: the translator asks for joined readings
            // itself (`Term::expression`).
            return tokens(text, None, |token| match token.joined {
                true => ControlFlow::Continue(()),
                false => emit(token.text, false, token.range.start, token.range.end),
            });
        }
        match ahead::find(text, |field| {
            field.replay(&mut |t| emit(t.text, t.colocated, t.start, t.end))
        }) {
            Some(flow) => flow,
            None => document_tokens(text, &mut |t| emit(t.text, t.colocated, t.start, t.end)),
        }
    }));
    match outcome {
        Ok(ControlFlow::Continue(())) => ffi::SQLITE_OK,
        Ok(ControlFlow::Break(rc)) => rc,
        Err(_) => ffi::SQLITE_ERROR,
    }
}

/// A token of a document as the index stores it.
struct DocumentToken<'a> {
    text: &'a str,
    /// At the same position as the token before it (a stem beside its word).
    colocated: bool,
    start: usize,
    end: usize,
}

/// The tokens of a document (a field being indexed or deleted): every word and, in a language
/// that has a stemmer, its marked stem beside it; a compound's joined reading (and its stem)
/// beside its first part. The one definition of what a field indexes:
/// the writer's own analysis and the analysis done ahead (`analyse_article_ahead`) both come from here.
fn document_tokens<B>(
    field: &str,
    emit: &mut dyn FnMut(DocumentToken<'_>) -> ControlFlow<B>,
) -> ControlFlow<B> {
    let (stemmer, text_start) = field_stemmer(field);
    document_tokens_stemmed(field, text_start, stemmer.as_ref(), emit)
}

/// `document_tokens` with the field's stemmer and the start of its text (`field_stemmer`)
/// found already.
fn document_tokens_stemmed<B>(
    field: &str,
    text_start: usize,
    stemmer: Option<&Stemmer>,
    emit: &mut dyn FnMut(DocumentToken<'_>) -> ControlFlow<B>,
) -> ControlFlow<B> {
    let mut marked = String::new();
    tokens(&field[text_start..], stemmer, |token| {
        let (start, end) = (text_start + token.range.start, text_start + token.range.end);
        emit(DocumentToken {
            text: token.text,
            colocated: token.joined,
            start,
            end,
        })?;
        // A stem equal to its word adds nothing the query cannot ask for (it asks for the bare
        // stem too): at 10,000 stories a 10 % smaller library and 16 % less import CPU.
        if let Some(stem) = token.stem.filter(|stem| *stem != token.text) {
            marked.clear();
            marked.push_str(stem);
            marked.push(STEM_MARK);
            emit(DocumentToken {
                text: &marked,
                colocated: true,
                start,
                end,
            })?;
        }
        ControlFlow::Continue(())
    })
}

/// The fields of an article analysed ahead of their insert, on the thread that prepares
/// articles, so the thread that writes only hands the tokens to FTS5 (an import keeps both
/// cores busy: language detection, stemming and CJK pairs cost as much as the index writes).
#[derive(Default)]
pub struct AnalysedFields {
    fields: Vec<AnalysedField>,
}

/// One field's text and its document tokens, stored compactly.
struct AnalysedField {
    text: String,
    /// How its words were stemmed (`Stemmer::recorded`).
    stemmed_as: &'static str,
    /// The token texts, one after the other.
    terms: String,
    tokens: Vec<StoredToken>,
}

struct StoredToken {
    /// Where the token's text ends in `terms` (it starts where the previous one ends).
    term_end: u32,
    start: u32,
    end: u32,
    colocated: bool,
}

/// An article analysed ahead of its insert (`analyse_article_ahead`).
pub struct ArticleAnalysis {
    /// The tokens of the fields as the index reads them.
    pub fields: AnalysedFields,
    /// The prefix-table terms (`analysis::article_prefix_terms`), read off the same tokens.
    pub prefixes: String,
    /// How the body's words are stemmed (`Stemmer::recorded`): `articles.stem_language`.
    pub stemmed_as: &'static str,
    /// The title and caption as the index reads them: in the body's language (`in_language`).
    pub title: String,
    pub caption: Option<String>,
}

/// An article's fields analysed ahead, the body first: the title and caption are indexed in
/// its language. One pass over each text gives the tokens and the prefix-table terms.
pub fn analyse_article_ahead(title: &str, caption: Option<&str>, body: &str) -> ArticleAnalysis {
    let mut starts = WordStarts::default();
    let mut fields = Vec::new();
    // Analyses a field (`indexed`, the text `text` as the index reads it); says how it was
    // stemmed, if it was analysed whole.
    let mut analyse = |indexed: &str, text: &str, in_title: bool| {
        let analysed = analyse_field(indexed, &mut |token| starts.add_token(token, in_title));
        match analysed {
            Some(field) => {
                let stemmed_as = field.stemmed_as;
                fields.push(field);
                Some(stemmed_as)
            }
            // Not analysed whole (see `analyse_field`): its starts are read from the text.
            None => {
                starts.add_text(text, in_title);
                None
            }
        }
    };
    let stemmed_as = analyse(body, body, false)
        .unwrap_or_else(|| Stemmer::recorded(Stemmer::for_text(body).as_ref()));
    let indexed_title = in_language(stemmed_as, title);
    analyse(&indexed_title, title, true);
    let indexed_caption = caption.map(|caption| {
        let indexed = in_language(stemmed_as, caption);
        analyse(&indexed, caption, false);
        indexed
    });
    ArticleAnalysis {
        fields: AnalysedFields { fields },
        prefixes: starts.terms(),
        stemmed_as,
        title: indexed_title,
        caption: indexed_caption,
    }
}

/// One field's document tokens, stored; `on_token` sees each one's text. None for an empty text
/// and for a text too big for the stored offsets (the writer analyses that one itself).
fn analyse_field(text: &str, on_token: &mut dyn FnMut(&str)) -> Option<AnalysedField> {
    if text.is_empty() {
        return None;
    }
    let (stemmer, text_start) = field_stemmer(text);
    let mut field = AnalysedField {
        text: text.to_string(),
        stemmed_as: Stemmer::recorded(stemmer.as_ref()),
        terms: String::new(),
        tokens: Vec::new(),
    };
    let flow = document_tokens_stemmed::<()>(text, text_start, stemmer.as_ref(), &mut |token| {
        on_token(token.text);
        field.terms.push_str(token.text);
        let (Ok(term_end), Ok(start), Ok(end)) = (
            u32::try_from(field.terms.len()),
            u32::try_from(token.start),
            u32::try_from(token.end),
        ) else {
            return ControlFlow::Break(());
        };
        field.tokens.push(StoredToken {
            term_end,
            start,
            end,
            colocated: token.colocated,
        });
        ControlFlow::Continue(())
    });
    flow.is_continue().then_some(field)
}

impl AnalysedField {
    fn replay<B>(
        &self,
        emit: &mut dyn FnMut(DocumentToken<'_>) -> ControlFlow<B>,
    ) -> ControlFlow<B> {
        let mut term_start = 0;
        for token in &self.tokens {
            let term_end = token.term_end as usize;
            emit(DocumentToken {
                text: &self.terms[term_start..term_end],
                colocated: token.colocated,
                start: token.start as usize,
                end: token.end as usize,
            })?;
            term_start = term_end;
        }
        ControlFlow::Continue(())
    }
}

impl AnalysedFields {
    /// The field analysed from exactly `text`.
    fn field(&self, text: &str) -> Option<&AnalysedField> {
        self.fields.iter().find(|field| field.text == text)
    }
}

/// Runs `insert` (a statement that indexes the texts `fields` was made from) with the tokens
/// analysed ahead: the tokenizer replays a field's tokens when FTS5 hands it that exact text,
/// and analyses any other text itself.
pub fn with_fields_analysed<T>(fields: &AnalysedFields, insert: impl FnOnce() -> T) -> T {
    ahead::with(fields, insert)
}

/// The fields analysed ahead for the statement running on this thread.
mod ahead {
    use std::cell::Cell;
    use std::ptr;

    use super::{AnalysedField, AnalysedFields};

    thread_local! {
        static CURRENT: Cell<*const AnalysedFields> = const { Cell::new(ptr::null()) };
    }

    /// Clears the pointer when the statement is done, even if it unwinds.
    struct Reset(*const AnalysedFields);

    impl Drop for Reset {
        fn drop(&mut self) {
            CURRENT.set(self.0);
        }
    }

    pub(super) fn with<T>(fields: &AnalysedFields, run: impl FnOnce() -> T) -> T {
        let _reset = Reset(CURRENT.replace(fields));
        run()
    }

    /// Calls `use_field` with the field analysed ahead for exactly `text`, if there is one.
    pub(super) fn find<T>(text: &str, use_field: impl FnOnce(&AnalysedField) -> T) -> Option<T> {
        let current = CURRENT.get();
        if current.is_null() {
            return None;
        }
        // SAFETY: `with` set the pointer from a reference that outlives its `run`, and resets
        // it before returning; FTS5 calls the tokenizer synchronously inside `run`, on this
        // thread (the pointer is thread-local).
        let fields = unsafe { &*current };
        fields.field(text).map(use_field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fields an insert will index, each analysed on its own (`with_fields_analysed`).
    fn analyse_ahead<'a>(texts: impl IntoIterator<Item = &'a str>) -> AnalysedFields {
        let fields = texts
            .into_iter()
            .filter_map(|text| analyse_field(text, &mut |_| {}))
            .collect();
        AnalysedFields { fields }
    }

    /// An in-memory database with the tokenizer registered and `schema` run.
    fn connection_with(schema: &str) -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        conn.execute_batch(schema).unwrap();
        conn
    }

    /// The tokens FTS5 stores for a text, through its own `fts5vocab` view.
    fn indexed(text: &str) -> Vec<String> {
        let conn = connection_with(
            "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'newsdesk');
             CREATE VIRTUAL TABLE v USING fts5vocab(t, row);",
        );
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
                "border",
                "deploy\u{1}",
                "deployed",
                "talk\u{1}",
                "talks",
                "the",
                "to",
                "troop\u{1}",
                "troops",
                "were"
            ]
        );
        assert_eq!(indexed("首相が"), ["相が", "首相"]);
    }

    #[test]
    fn queries_find_words_stems_and_cjk_words_inside_sentences() {
        let conn = connection_with(
            "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'newsdesk', prefix = '2 3');
             INSERT INTO t (rowid, body) VALUES (1, 'Troops were deployed to the border.');
             INSERT INTO t (rowid, body) VALUES (2, '高市首相は自民党の総裁に選ばれた。');",
        );
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
        assert_eq!(found("\"border\u{1}\""), Vec::<i64>::new());
        assert_eq!(found("\"tr\"*"), [1]);
        assert_eq!(found("\"自民党\""), [2]);
        assert_eq!(found("\"首相\""), [2]);
        assert_eq!(found("\"民自\""), Vec::<i64>::new());
    }

    /// Every (term, column, offset) FTS5 stores for the texts, each inserted in its own row.
    fn instances(texts: &[&str], ahead: bool) -> Vec<(String, i64, i64)> {
        let conn = connection_with(
            "CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize = 'newsdesk');
             CREATE VIRTUAL TABLE v USING fts5vocab(t, instance);",
        );
        for pair in texts.chunks(2) {
            let (title, body) = (pair[0], pair.get(1).copied().unwrap_or(""));
            let insert =
                || conn.execute("INSERT INTO t (title, body) VALUES (?1, ?2)", [title, body]);
            if ahead {
                let fields = analyse_ahead([title, body]);
                with_fields_analysed(&fields, insert).unwrap();
            } else {
                insert().unwrap();
            }
        }
        conn.prepare("SELECT term, col = 'body', offset FROM v ORDER BY doc, col, offset, term")
            .unwrap()
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn tokens_analysed_ahead_are_the_ones_the_writer_would_make() {
        let texts = [
            "Troops were deployed to the border",
            "Haushaltspläne: Die Regierung legt neue Haushaltspläne vor, sagte der Minister.",
            "Пограничники закрыли границы",
            "高市首相は自民党の総裁に選ばれた。평택에 Seoul",
            "توجه الناخبون صباح الأحد إلى مراكز الاقتراع",
            "COVID-19 rules and e-mails from Baden-Württemberg",
            "",
        ];
        let ahead = instances(&texts, true);
        assert_eq!(ahead, instances(&texts, false));
        assert!(
            ahead.contains(&("troop\u{1}".to_string(), 0, 0)),
            "{ahead:?}"
        );
        assert!(ahead.contains(&("首相".to_string(), 1, 2)), "{ahead:?}");
        // A joined reading and its stem, at the first part's position.
        assert!(ahead.contains(&("emails".to_string(), 1, 4)), "{ahead:?}");
        assert!(
            ahead.contains(&("email\u{1}".to_string(), 1, 4)),
            "{ahead:?}"
        );
        assert!(ahead.contains(&("covid19".to_string(), 1, 0)), "{ahead:?}");
    }

    #[test]
    fn prefix_terms_read_off_the_analysis_are_the_article_s() {
        let title = "Takaichi Reappointed: 首相 names Ürün";
        let (caption, body) = (
            "Takes e-mails",
            "Пограничники усилили охрану; troops deployed 2024",
        );
        let analysis = analyse_article_ahead(title, Some(caption), body);
        let terms = analysis.prefixes;
        assert_eq!(terms, article_prefix_terms(title, [caption, body]));
        assert!(terms.contains("tak§") && terms.contains(" пог ") && !terms.contains("首"));
        assert!(terms.contains(" ema "), "{terms}");
        // The language written before the title and caption is no word of theirs.
        assert!(!terms.contains(" ru "), "{terms}");
        assert_eq!(analysis.fields.fields.len(), 3);
        assert_eq!(analysis.stemmed_as, "rus");
        assert_eq!(analysis.title, in_language("rus", title));
        assert_eq!(analysis.caption, Some(in_language("rus", caption)));
        // An empty body records no language.
        let analysis = analyse_article_ahead("Troops deployed", None, "");
        assert_eq!(analysis.stemmed_as, "");
        assert_eq!(analysis.fields.fields.len(), 1);
    }

    #[test]
    fn a_field_written_in_a_language_is_stemmed_in_it() {
        let headline = "Rescue teams search for survivors";
        let terms_in = |language: &str| -> Vec<(String, i64)> {
            let field = in_language(language, headline);
            let ahead = instances(&[&field], true);
            assert_eq!(ahead, instances(&[&field], false));
            ahead.into_iter().map(|(term, _, at)| (term, at)).collect()
        };
        let english = terms_in("eng");
        // The language is no token, and the words keep their positions.
        assert!(english.contains(&("rescue".into(), 0)), "{english:?}");
        assert!(english.contains(&("team\u{1}".into(), 1)), "{english:?}");
        assert!(
            english.contains(&("survivor\u{1}".into(), 4)),
            "{english:?}"
        );
        assert!(english.iter().all(|(term, _)| term != "eng"), "{english:?}");
        // A story in a language without a stemmer, or one this build does not stem: the
        // language detected on the field, as for a field without one.
        let detected: Vec<(String, i64)> = instances(&[headline], false)
            .into_iter()
            .map(|(term, _, at)| (term, at))
            .collect();
        assert_eq!(terms_in(""), detected);
        assert_eq!(terms_in("xyz"), detected);
        // Russian's stemmer leaves Latin words as they are.
        let russian = terms_in("rus");
        assert!(russian.iter().all(|(term, _)| !term.ends_with(STEM_MARK)));
    }

    #[test]
    fn the_writer_replays_tokens_for_the_exact_text_only() {
        let conn = connection_with(
            "CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize = 'newsdesk');
             CREATE VIRTUAL TABLE v USING fts5vocab(t, row);",
        );
        let mut fields = analyse_ahead(["Troops"]);
        // Tokens that analysis would never make show which path indexed the text.
        fields.fields[0].terms = "replay".into();
        fields.fields[0].tokens.truncate(1);
        fields.fields[0].tokens[0].term_end = 6;
        with_fields_analysed(&fields, || {
            conn.execute(
                "INSERT INTO t (title, body) VALUES ('Troops', 'Troops were deployed after the talks.')",
                [],
            )
        })
        .unwrap();
        let terms: Vec<String> = conn
            .prepare("SELECT term FROM v ORDER BY term")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        assert_eq!(
            terms,
            [
                "after",
                "deploy\u{1}",
                "deployed",
                "replay",
                "talk\u{1}",
                "talks",
                "the",
                "troop\u{1}",
                "troops",
                "were"
            ]
        );
    }
}
