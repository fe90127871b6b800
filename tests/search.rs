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

/// Thai is written without spaces between words, as Chinese and Japanese are: its words are
/// found inside sentences (as pairs of characters, each with its vowel signs and tone marks),
/// marked where they are written, in phrases, and as a lone character being typed; the story
/// reads as Thai. Khmer, beside it, is read the same way.
#[test]
fn thai_words_are_found_inside_sentences() {
    let (dir, library) = seeded_library();
    const THAI: &str = "นายกรัฐมนตรีเดินทางไปเชียงใหม่";
    let story = write(
        dir.path(),
        "th-chiangmai.md",
        format!(
            "# {THAI}\n\nนายกรัฐมนตรีเดินทางไปเชียงใหม่เมื่อวันจันทร์ที่ผ่านมา เพื่อตรวจสอบสถานการณ์น้ำท่วมในพื้นที่ภาคเหนือ \
             ชาวบ้านหลายร้อยครอบครัวต้องอพยพออกจากบ้าน\n"
        )
        .as_bytes(),
    );
    let khmer = write(
        dir.path(),
        "km-phnompenh.md",
        "# រដ្ឋាភិបាលកម្ពុជាប្រកាសផែនការថ្មី\n\nរដ្ឋាភិបាលកម្ពុជាបានប្រកាសផែនការថ្មីសម្រាប់ទីក្រុងភ្នំពេញ។\n".as_bytes(),
    );
    import(&library, &[story, khmer]);
    for query in [
        "เชียงใหม่",
        "น้ำท่วม",
        "อพยพ",
        "\"ภาคเหนือ ชาวบ้าน\"",
        "ชาวบ้าน -takaichi",
    ] {
        assert_eq!(titles(&search(&library, query)), [THAI], "{query}");
    }
    assert_eq!(search(&library, "เชียงราย").total, 0);
    assert_eq!(
        titles(&search(&library, "ភ្នំពេញ")),
        ["រដ្ឋាភិបាលកម្ពុជាប្រកាសផែនការថ្មី"]
    );
    // Marked where written, vowel signs and tone marks included.
    let hit = &search(&library, "น้ำท่วม").hits[0];
    assert_eq!(marked(&hit.snippet), ["น้ำท่วม"]);
    // A lone character being typed finds the pairs it starts.
    let typing = library
        .search(&SearchRequest {
            as_you_type: true,
            ..SearchRequest::new("ช")
        })
        .unwrap();
    assert_eq!(titles(&typing), [THAI]);
    let article = library.article(hit.article.id).unwrap();
    assert_eq!(article.language.as_deref(), Some("th"));
    // The opened story marks the word in its title and its text.
    let highlights = library
        .reading(hit.article.id, Some("เชียงใหม่"))
        .unwrap()
        .highlights
        .unwrap();
    assert_eq!(marked(&highlights.title), ["เชียงใหม่"]);
    assert_eq!(marked(&highlights.blocks[0]), ["เชียงใหม่"]);
}

/// Chinese written in traditional characters (Taiwan, Hong Kong) and in simplified ones (the
/// mainland) is one language to search: each finds the other, marked as it is written.
#[test]
fn traditional_and_simplified_chinese_find_each_other() {
    let (dir, library) = seeded_library();
    const TAIWAN: &str = "臺灣總統就職演說";
    const MAINLAND: &str = "北京市政府发布新规定";
    let taiwan = write(
        dir.path(),
        "zh-tw.md",
        format!("# {TAIWAN}\n\n臺灣總統今天在臺北發表就職演說，呼籲兩岸對話。\n").as_bytes(),
    );
    let mainland = write(
        dir.path(),
        "zh-cn.md",
        format!("# {MAINLAND}\n\n北京市政府今天发布关于电动汽车的新规定。\n").as_bytes(),
    );
    import(&library, &[taiwan, mainland]);
    for query in [
        "台湾总统",
        "臺灣總統",
        "台北",
        "讲话 OR 演说",
        "\"就职演说\"",
    ] {
        assert_eq!(titles(&search(&library, query)), [TAIWAN], "{query}");
    }
    for query in ["發布", "電動汽車", "规定"] {
        assert_eq!(titles(&search(&library, query)), [MAINLAND], "{query}");
    }
    let hit = &search(&library, "台湾").hits[0];
    assert_eq!(marked(&hit.snippet), ["臺灣"]);
}

/// A compound written with hyphens and the same word written without them find each other,
/// in English and German; a phrase asks for the hyphenated form; a date is not a word.
#[test]
fn words_written_with_and_without_hyphens_find_each_other() {
    let (dir, library) = seeded_library();
    const HYPHENATED: &str = "Airline refunds: e-mail scam targets travellers";
    const JOINED: &str = "Police warn of email fraud before the holidays";
    const GERMAN: &str = "Betrüger verschicken gefälschte E-Mails an Bahnkunden";
    let files = [
        (
            "hyphenated.md",
            format!("# {HYPHENATED}\n\nThe e-mail asks for a small fee on 2026-12-07 and after.\n"),
        ),
        (
            "joined.md",
            format!("# {JOINED}\n\nOfficers said the email looked like a bank's.\n"),
        ),
        (
            "german.md",
            format!(
                "# {GERMAN}\n\nDie Polizei warnt vor den Nachrichten, die wie echte Mails aussehen.\n"
            ),
        ),
    ];
    let paths: Vec<_> = files
        .iter()
        .map(|(name, text)| write(dir.path(), name, text.as_bytes()))
        .collect();
    import(&library, &paths);
    // Typed either way, every form is found (and with a hyphen, that form ranks first).
    let email = search(&library, "email");
    let mut found = titles(&email);
    found.sort_unstable();
    assert_eq!(found, [HYPHENATED, GERMAN, JOINED]);
    assert_eq!(
        titles(&search(&library, "e-mail")),
        [HYPHENATED, JOINED, GERMAN]
    );
    assert_eq!(titles(&search(&library, "E-Mails"))[0], GERMAN);
    // A phrase is the words in a row; the joined reading holds its first part's position and
    // its last's, so that a phrase goes on from either end of the compound.
    assert_eq!(titles(&search(&library, "\"e-mail scam\"")), [HYPHENATED]);
    let email_scam = search(&library, "\"email scam\"");
    assert_eq!(titles(&email_scam), [HYPHENATED]);
    let opened = library.reading(email_scam.hits[0].article.id, Some("\"email scam\""));
    let highlights = opened.unwrap().highlights.unwrap();
    assert_eq!(marked(&highlights.title), ["e-mail scam"]);
    assert!(search(&library, "\"email targets\"").hits.is_empty());
    // With the joined word in its middle: the phrase up to the compound's first part, and the
    // phrase from its last.
    let in_the_middle = search(&library, "\"refunds email scam\"");
    assert_eq!(titles(&in_the_middle), [HYPHENATED]);
    let opened = library.reading(
        in_the_middle.hits[0].article.id,
        Some("\"refunds email scam\""),
    );
    let highlights = opened.unwrap().highlights.unwrap();
    assert_eq!(marked(&highlights.title), ["refunds: e-mail scam"]);
    assert_eq!(
        titles(&search(&library, "\"the email asks\"")),
        [HYPHENATED]
    );
    assert!(
        search(&library, "\"refunds email targets\"")
            .hits
            .is_empty()
    );
    let the_email = search(&library, "\"the email\"");
    let mut found = titles(&the_email);
    found.sort_unstable();
    assert_eq!(found, [HYPHENATED, JOINED]);
    // Being typed: the parts find the hyphenated forms at once, the joined reading from four
    // letters on (whatever the order).
    let typing = |text: &str| -> Vec<String> {
        let request = SearchRequest {
            as_you_type: true,
            ..SearchRequest::new(text)
        };
        let found = library.search(&request).unwrap();
        let mut titles: Vec<_> = found
            .hits
            .into_iter()
            .map(|hit| hit.article.title)
            .collect();
        titles.sort_unstable();
        titles
    };
    assert_eq!(typing("e-m"), [HYPHENATED, GERMAN]);
    assert_eq!(typing("e-mai"), [HYPHENATED, GERMAN, JOINED]);
    assert_eq!(typing("emai"), [HYPHENATED, GERMAN, JOINED]);
    // Three letters come from the prefix table, which has the joined readings' starts.
    assert_eq!(typing("ema"), [HYPHENATED, GERMAN, JOINED]);
    assert_eq!(
        titles(&search(&library, "police -e-mail")),
        Vec::<&str>::new()
    );
    // A date is its numbers.
    assert_eq!(titles(&search(&library, "2026-12-07")), [HYPHENATED]);
    assert!(search(&library, "20261207").hits.is_empty());
    // The whole compound is marked, however it was typed.
    let snippet_marks = |query: &str, title: &str| {
        let found = search(&library, query);
        let hit = found.hits.iter().find(|hit| hit.article.title == title);
        marked(&hit.unwrap().snippet)
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(snippet_marks("email", HYPHENATED), ["e-mail"]);
    assert_eq!(snippet_marks("e-mail", JOINED), ["email"]);
    let german = email.hits.iter().find(|hit| hit.article.title == GERMAN);
    let opened = library.reading(german.unwrap().article.id, Some("email"));
    let highlights = opened.unwrap().highlights.unwrap();
    assert_eq!(marked(&highlights.title), ["E-Mails"]);
}

/// A headline is stemmed in its story's language: alone, `whatlang` often takes an English one
/// for another language, whose stemmer misses its words.
#[test]
fn headlines_are_stemmed_in_their_story_s_language() {
    // Headlines `whatlang` takes for other languages on their own (Italian, Estonian, Spanish,
    // Portuguese), over English stories whose bodies do not have the words searched.
    const HEADLINES: [(&str, &str); 5] = [
        ("Apple unveils new iPhone", "unveil"),
        ("Court blocks Trump tariffs", "tariff"),
        ("Hospital strike enters second week", "enter"),
        ("Rescue teams search for survivors", "survivor"),
        ("Talks collapse in Geneva", "talk"),
    ];
    let (dir, library) = new_library();
    let paths: Vec<_> = HEADLINES
        .iter()
        .enumerate()
        .map(|(index, (headline, _))| {
            let story = format!(
                "# {headline}\n\nThe government said on Tuesday that it would send more help to \
                 the region, where many people have lost their homes after days of heavy rain. \
                 Officials expect the situation to improve by the end of the week.\n"
            );
            write(dir.path(), &format!("story-{index}.md"), story.as_bytes())
        })
        .collect();
    import(&library, &paths);
    for (headline, word) in HEADLINES {
        let results = search(&library, word);
        assert_eq!(titles(&results), [headline], "{word}");
        let opened = library.reading(results.hits[0].article.id, Some(word));
        let highlights = opened.unwrap().highlights.unwrap();
        let marked_word = marked(&highlights.title);
        assert_eq!(marked_word.len(), 1, "{word}: {marked_word:?}");
        assert!(
            marked_word[0].to_lowercase().starts_with(word),
            "{marked_word:?}"
        );
    }
}

/// The 2- and 3-letter starts of words come from the prefix table; what they find, alone and
/// combined (AND, OR, exclusion, a filter), is what the stories' own words say, and a deleted
/// story leaves the table.
#[test]
fn short_prefixes_find_exactly_the_stories_with_such_words() {
    let (_dir, library) = seeded_library();
    let all = ids_in(&library, &newsdesk::ListFilter::All);
    let words: Vec<(i64, Vec<String>)> = all
        .iter()
        .map(|&id| {
            let article = library.article(id).unwrap();
            let mut text = format!("{} {}", article.title, article.caption.unwrap_or_default());
            for block in &article.blocks {
                text.push(' ');
                text.push_str(&block.text);
            }
            let words = newsdesk::analysis::token_list(&text)
                .into_iter()
                .map(|(_, w)| w);
            (id, words.collect())
        })
        .collect();
    let with = |prefix: &str| -> Vec<i64> {
        let mut ids: Vec<i64> = words
            .iter()
            .filter(|(_, words)| words.iter().any(|w| w.starts_with(prefix)))
            .map(|(id, _)| *id)
            .collect();
        ids.sort();
        ids
    };
    let found = |request: SearchRequest| -> Vec<i64> {
        let results = library
            .search(&SearchRequest {
                limit: 100,
                ..request
            })
            .unwrap();
        let mut ids: Vec<i64> = results.hits.iter().map(|h| h.article.id).collect();
        ids.sort();
        assert_eq!(results.total, ids.len() as u64);
        ids
    };
    let query = |text: &str| found(SearchRequest::new(text));
    let prefixes = ["ta", "tak", "ru", "rus", "no", "de", "tr", "po", "ch", "se"];
    let mut seen_some = 0;
    for p in prefixes {
        seen_some += usize::from(!with(p).is_empty() && with(p).len() < all.len());
        assert_eq!(query(&format!("{p}*")), with(p), "{p}*");
        let typed = found(SearchRequest {
            as_you_type: true,
            ..SearchRequest::new(p)
        });
        assert_eq!(typed, with(p), "typing {p}");
        let without: Vec<i64> = all
            .iter()
            .copied()
            .filter(|id| !with(p).contains(id))
            .collect();
        let mut without_sorted = without.clone();
        without_sorted.sort();
        assert_eq!(query(&format!("-{p}*")), without_sorted, "-{p}*");
        for q in prefixes {
            let both: Vec<i64> = with(p)
                .into_iter()
                .filter(|id| with(q).contains(id))
                .collect();
            assert_eq!(query(&format!("{p}* {q}*")), both, "{p}* {q}*");
            let mut either: Vec<i64> = with(p);
            either.extend(with(q).into_iter().filter(|id| !with(p).contains(id)));
            either.sort();
            assert_eq!(query(&format!("{p}* OR {q}*")), either, "{p}* OR {q}*");
            let only_p: Vec<i64> = with(p)
                .into_iter()
                .filter(|id| !with(q).contains(id))
                .collect();
            assert_eq!(query(&format!("{p}* -{q}*")), only_p, "{p}* -{q}*");
        }
    }
    assert!(
        seen_some >= 5,
        "the prefixes must tell stories apart: {seen_some}"
    );

    // Beside whole words, and under a filter.
    assert_eq!(titles(&search(&library, "trump ge*")), [STARMER]);
    library.add_bookmark(all[0], None).unwrap();
    let bookmarked = found(SearchRequest {
        bookmarked_only: true,
        ..SearchRequest::new("se*")
    });
    let expected: Vec<i64> = with("se").into_iter().filter(|&id| id == all[0]).collect();
    assert_eq!(bookmarked, expected);

    // The word being typed ranks a story with it in the title first.
    let typing = SearchRequest {
        as_you_type: true,
        ..SearchRequest::new("tak")
    };
    assert_eq!(titles(&library.search(&typing).unwrap())[0], JAPAN);

    // Paging walks the same order: titles first, then the rest.
    for prefix in ["ta", "se", "de"] {
        let typed = |limit: u32, offset: u32| -> Vec<i64> {
            let request = SearchRequest {
                as_you_type: true,
                limit,
                offset,
                ..SearchRequest::new(prefix)
            };
            let results = library.search(&request).unwrap();
            results.hits.iter().map(|h| h.article.id).collect()
        };
        let whole = typed(100, 0);
        assert_eq!(whole.len(), with(prefix).len());
        for (at, id) in whole.iter().enumerate() {
            assert_eq!(typed(1, at as u32), [*id], "{prefix} at {at}");
        }
    }

    let gone = with("tak")[0];
    library.delete_article(gone).unwrap();
    assert!(!query("tak*").contains(&gone));
    assert_eq!(query("tak*").len(), with("tak").len() - 1);
    assert!(library.check_integrity().unwrap().is_empty());
}

/// A word being typed, and nothing else to rank by: stories with it in the title come first,
/// even when stories with it only in the text are newer.
#[test]
fn a_word_being_typed_ranks_title_matches_first() {
    let (dir, library) = new_library();
    let older = write(
        dir.path(),
        "older.txt",
        b"Takaichi names her cabinet\n\nThe new prime minister named ministers, reporters said.\n",
    );
    let newer = write(
        dir.path(),
        "newer.txt",
        b"Markets calm after the vote\n\nInvestors take the result in their stride.\n",
    );
    import(&library, &[older]);
    import(&library, &[newer]);
    let typing = |text: &str| {
        let request = SearchRequest {
            as_you_type: true,
            ..SearchRequest::new(text)
        };
        titles(&library.search(&request).unwrap())
            .into_iter()
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        typing("tak"),
        ["Takaichi names her cabinet", "Markets calm after the vote"]
    );
    // Newest first where neither title has it.
    assert_eq!(
        typing("re"),
        ["Markets calm after the vote", "Takaichi names her cabinet"]
    );
    // In a phrase still being typed (no closing quote yet), from four letters on.
    assert_eq!(typing("\"prime minis"), ["Takaichi names her cabinet"]);
    assert_eq!(typing("\"the res"), Vec::<String>::new());
    assert_eq!(typing("\"the resu"), ["Markets calm after the vote"]);
    assert_eq!(typing("\"prime minis\""), Vec::<String>::new());
    let found = library.search(&SearchRequest {
        as_you_type: true,
        ..SearchRequest::new("\"new prime minis")
    });
    let id = found.unwrap().hits[0].article.id;
    let opened = library.reading(id, Some("\"new prime minis")).unwrap();
    let marked_text: Vec<&str> = opened
        .highlights
        .as_ref()
        .unwrap()
        .blocks
        .iter()
        .flat_map(|block| marked(block))
        .collect();
    assert_eq!(marked_text, ["new prime minister"]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// No typed text can make search fail, searched or being typed (as the search box does).
    #[test]
    fn any_text_searches_without_error(text in r#"[a-zA-Z0-9 "*():'^+\-{}ğãé😀\\]{0,24}|(OR|AND|NOT|NEAR|-|"| ){0,8}"#, as_you_type: bool) {
        let request = SearchRequest { as_you_type, ..SearchRequest::new(text.clone()) };
        let outcome = SEEDED.with(|(_, library)| library.search(&request).map(drop));
        prop_assert!(outcome.is_ok(), "{:?}: {:?}", text, outcome.err());
    }
}

thread_local! {
    /// One seeded library for all generated cases (they run on one thread).
    static SEEDED: (tempfile::TempDir, Library) = seeded_library();
}
