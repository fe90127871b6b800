//! Search over a real library: ranking, syntax, filters, snippets, and no error for any input.

mod common;

use common::*;
use newsdesk::model::SearchResults;
use newsdesk::{Library, SearchOrder, SearchRequest};
use proptest::prelude::*;

const RUSSIA: &str = "Russian Senators Ratify North Korean Defense Pact";
const POLAND: &str = "Poland Bars Chinese-Made Cars from Military Sites Over Data Security Fears";
const STARMER: &str =
    "Starmer, Trump discussed Russia-Ukraine, Iran after Geneva Talks, Downing Street Says";
const JAPAN: &str = "Japan PM Takaichi Reappointed Following Election";

fn search(library: &Library, text: &str) -> SearchResults {
    library.search(&SearchRequest::new(text)).unwrap()
}

fn titles(results: &SearchResults) -> Vec<&str> {
    results
        .hits
        .iter()
        .map(|h| h.article.title.as_str())
        .collect()
}

#[test]
fn north_korean_troops_ranks_the_pact_story_first() {
    let (_dir, library) = seeded_library();
    let results = search(&library, "north korean troops");
    assert_eq!(titles(&results), [RUSSIA]);
    assert_eq!(results.total, 1);
    let hit = &results.hits[0];
    assert!(hit.score > 0.0);
    let hits: Vec<&str> = hit
        .snippet
        .iter()
        .filter(|s| s.hit)
        .map(|s| s.text.as_str())
        .collect();
    assert!(!hits.is_empty());
    // "Korea" is a form of "korean" for a stemmer of the Latin script (Hungarian).
    assert!(
        hits.iter()
            .all(|h| ["north", "korean", "korea", "troops"].contains(&h.to_lowercase().as_str())),
        "{hits:?}"
    );
    let text: String = hit.snippet.iter().map(|s| s.text.as_str()).collect();
    assert!(!text.contains('\u{2}') && !text.contains('\n'));
}

#[test]
fn a_title_match_outranks_body_mentions() {
    let (_dir, library) = seeded_library();
    // "Japan" is in the Japan story's title and body; nowhere else.
    assert_eq!(titles(&search(&library, "japan")), [JAPAN]);
    // "Trump" is in the Starmer title and in the Russia body.
    assert_eq!(titles(&search(&library, "trump")), [STARMER, RUSSIA]);
}

#[test]
fn the_query_syntax_works() {
    let (_dir, library) = seeded_library();
    assert_eq!(titles(&search(&library, "\"defense pact\"")), [RUSSIA]);
    assert_eq!(search(&library, "\"pact defense\"").total, 0);
    assert_eq!(titles(&search(&library, "takai*")), [JAPAN]);
    assert_eq!(titles(&search(&library, "trump -korea")), [STARMER]);
    let either = search(&library, "takaichi OR poland");
    let mut found = titles(&either);
    found.sort();
    assert_eq!(found, [JAPAN, POLAND]);
    // Only exclusions: everything without the word, newest first.
    let without = search(&library, "-russia");
    assert_eq!(titles(&without), [POLAND, JAPAN]);
}

#[test]
fn filters_order_and_paging() {
    let (_dir, library) = seeded_library();
    let ids = ids_in(&library, &newsdesk::ListFilter::All);
    library.add_bookmark(ids[2], None).unwrap();
    let bookmarked = SearchRequest {
        bookmarked_only: true,
        ..SearchRequest::new("trump")
    };
    assert_eq!(titles(&library.search(&bookmarked).unwrap()), [STARMER]);

    let other_source = SearchRequest {
        source: Some("elsewhere.txt".into()),
        ..SearchRequest::new("trump")
    };
    assert_eq!(library.search(&other_source).unwrap().total, 0);

    let newest = SearchRequest {
        order: SearchOrder::Newest,
        ..SearchRequest::new("russia")
    };
    let results = library.search(&newest).unwrap();
    assert_eq!(
        titles(&results),
        [RUSSIA, STARMER],
        "same import: file order"
    );

    let page = SearchRequest {
        limit: 1,
        offset: 1,
        ..SearchRequest::new("trump")
    };
    let results = library.search(&page).unwrap();
    assert_eq!((results.total, titles(&results)), (2, vec![RUSSIA]));
}

#[test]
fn hostile_queries_never_error() {
    let (_dir, library) = seeded_library();
    for query in [
        "don't stop",
        "multi-agent",
        "C++ tips",
        "\"unbalanced",
        "AND",
        "OR",
        "NOT",
        "foo:bar",
        "NEAR(",
        "(a",
        "a OR",
        "*",
        "",
        "   ",
        "-",
        "--",
        "\"",
        "\"\"",
        "a\"b",
        "title:japan",
        "^start",
        "a AND OR NOT b",
        "😀",
        "x*y*",
        "'",
        "{a b}",
        "NEAR(a b, 3)",
        "-\"\"",
        "\u{0}",
    ] {
        library
            .search(&SearchRequest::new(query))
            .unwrap_or_else(|e| panic!("{query:?}: {e}"));
    }
    assert_eq!(titles(&search(&library, "don't stop")), Vec::<&str>::new());
    assert_eq!(search(&library, "").total, 0);
}

#[test]
fn deleted_articles_leave_the_index() {
    let (_dir, library) = seeded_library();
    let id = search(&library, "takaichi").hits[0].article.id;
    library.delete_article(id).unwrap();
    assert_eq!(search(&library, "takaichi").total, 0);
    assert!(library.check_integrity().unwrap().is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// No typed text can make search fail.
    #[test]
    fn any_text_searches_without_error(text in r#"[a-zA-Z0-9 "*():'^+\-{}ğãé😀\\]{0,24}|(OR|AND|NOT|NEAR|-|"| ){0,8}"#) {
        let outcome = SEEDED.with(|(_, library)| library.search(&SearchRequest::new(text.clone())).map(drop));
        prop_assert!(outcome.is_ok(), "{:?}: {:?}", text, outcome.err());
    }
}

thread_local! {
    /// One seeded library for all generated cases (they run on one thread).
    static SEEDED: (tempfile::TempDir, Library) = seeded_library();
}
