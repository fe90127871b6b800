//! Search: what a person types → a safe FTS5 expression (`query`), and the marks of what matched
//! in snippets and in the reader (`highlight`). The store runs the search (`store::search`);
//! the library marks the snippets of its results.

pub mod highlight;
pub mod query;

pub use self::highlight::Matcher;
pub use self::query::{Expression, Plan, PrefixGroup, Query, Term, WordStart};

/// How results are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchOrder {
    #[default]
    Relevance,
    Newest,
}

/// A search request. In JSON every field but `text` may be left out.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct SearchRequest {
    pub text: String,
    pub order: SearchOrder,
    pub bookmarked_only: bool,
    pub source: Option<String>,
    pub limit: u32,
    pub offset: u32,
    /// The text is being typed: its last word also matches as the start of a word.
    pub as_you_type: bool,
}

impl SearchRequest {
    pub fn new(text: impl Into<String>) -> Self {
        SearchRequest {
            text: text.into(),
            ..SearchRequest::default()
        }
    }

    /// What the text asks for (while it is typed, its last word also as the start of a word).
    pub fn query(&self) -> Query {
        let query = Query::parse(&self.text);
        if self.as_you_type {
            query.typing()
        } else {
            query
        }
    }
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            text: String::new(),
            order: SearchOrder::Relevance,
            bookmarked_only: false,
            source: None,
            limit: 50,
            offset: 0,
            as_you_type: false,
        }
    }
}
