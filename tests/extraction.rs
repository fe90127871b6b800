//! Extraction fidelity: on every fixture page, the body Newsdesk imports is scored against a
//! hand-made gold body (the article's own text, read off the page: paragraphs, subheadings,
//! quotes and list items; no headline, byline, caption, share, gallery, "read more", related
//! or newsletter lines) and so is the extractor's own plain text (`content_text` of
//! rs-trafilatura, which Newsdesk does not use: it builds typed blocks from `content_html`).
//! Newsdesk must be at least as precise and complete as the extractor on every page, and its
//! body must never repeat the title. The figures are the ones in docs/html-extraction.md.
//!
//! Scoring as in the public benchmark (shared ANCHORS): the sets of 4-word shingles of the
//! `\w+` tokens of each body text, title excluded; precision = shared / candidate's shingles,
//! recall = shared / gold's shingles.

mod common;

use std::collections::HashSet;

use common::fixture;
use newsdesk::model::{Format, NewArticle};
use newsdesk::parse_bytes;
use newsdesk::text::normalize_for_matching;

/// The fixture pages (`tests/fixtures/html/NAME.html`, gold body in `tests/fixtures/gold/NAME.txt`).
const PAGES: &[&str] = &[
    "harbour-strike",
    "rust-release",
    "council-library",
    "ridge-fire-gallery",
    "tram-line-opens",
];

/// Precision, recall and F1, rounded.
type Figures = (f64, f64, f64);

#[derive(Debug, Clone, Copy, PartialEq)]
struct Score {
    precision: f64,
    recall: f64,
}

impl Score {
    fn f1(self) -> f64 {
        if self.precision + self.recall == 0.0 {
            return 0.0;
        }
        2.0 * self.precision * self.recall / (self.precision + self.recall)
    }

    /// Rounded to three decimals, as the documentation's table shows it.
    fn rounded(self) -> Figures {
        let round = |x: f64| (x * 1000.0).round() / 1000.0;
        (round(self.precision), round(self.recall), round(self.f1()))
    }
}

/// The `\w+` tokens of a text: runs of letters, digits and underscores.
fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Every run of four consecutive tokens (a text of fewer tokens is one shingle).
fn shingles(text: &str) -> HashSet<Vec<&str>> {
    let tokens = tokens(text);
    if tokens.is_empty() {
        return HashSet::new();
    }
    if tokens.len() < 4 {
        return HashSet::from([tokens]);
    }
    tokens.windows(4).map(<[&str]>::to_vec).collect()
}

fn score(candidate: &str, gold: &str) -> Score {
    let (candidate, gold) = (shingles(candidate), shingles(gold));
    let shared = candidate.intersection(&gold).count() as f64;
    let ratio = |of: usize| if of == 0 { 0.0 } else { shared / of as f64 };
    Score {
        precision: ratio(candidate.len()),
        recall: ratio(gold.len()),
    }
}

fn page(name: &str) -> Vec<u8> {
    std::fs::read(fixture(&format!("html/{name}.html"))).unwrap()
}

fn gold(name: &str) -> String {
    std::fs::read_to_string(fixture(&format!("gold/{name}.txt"))).unwrap()
}

fn imported(name: &str) -> NewArticle {
    let (format, mut articles) = parse_bytes(&page(name), &format!("{name}.html")).unwrap();
    assert_eq!((format, articles.len()), (Format::Html, 1), "{name}");
    articles.remove(0)
}

/// The body as Newsdesk stores it: its blocks, one per line.
fn imported_body(article: &NewArticle) -> String {
    let texts: Vec<&str> = article.blocks.iter().map(|b| b.text.as_str()).collect();
    texts.join("\n")
}

/// The extractor's own plain text of the page, with the options Newsdesk uses. (The one
/// Windows-1252 fixture is decoded here as Newsdesk's import decodes it.)
fn extractor_text(name: &str) -> String {
    let bytes = page(name);
    let html = match std::str::from_utf8(&bytes) {
        Ok(html) => html.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(&bytes).0.into_owned(),
    };
    rs_trafilatura::extract_with_options(&html, &rs_trafilatura::Options::default())
        .unwrap()
        .content_text
}

/// Whether a block is the title again: the same words, or the title followed by a site name
/// after a separator ("Title | Site", "Title - Site").
fn repeats_title(block: &str, title: &str) -> bool {
    let title = normalize_for_matching(title);
    let headline = [" | ", " - ", " – ", " — ", " :: ", " · "]
        .iter()
        .filter_map(|separator| block.split_once(separator).map(|(head, _)| head))
        .chain([block]);
    headline
        .map(normalize_for_matching)
        .any(|candidate| candidate == title)
}

#[test]
fn the_scoring_counts_shared_four_word_shingles() {
    let gold = "one two three four five";
    assert_eq!(
        score(gold, gold),
        Score {
            precision: 1.0,
            recall: 1.0
        }
    );
    // Three of the candidate's five shingles are not in the gold text.
    assert_eq!(shingles("Back to the gallery, twice!").len(), 2);
    let longer = score("one two three four five six seven eight", gold);
    assert_eq!(longer.rounded(), (0.4, 1.0, 0.571));
    assert_eq!(score("", gold).rounded(), (0.0, 0.0, 0.0));
}

#[test]
fn a_title_repeated_alone_or_with_a_site_name_is_caught() {
    let title = "Ridge Fire forces evacuation of three foothill towns";
    assert!(repeats_title(title, title));
    assert!(repeats_title(
        "RIDGE FIRE forces evacuation of three foothill towns.",
        title
    ));
    assert!(repeats_title(&format!("{title} - Sierra Courier"), title));
    assert!(repeats_title(&format!("{title} | Sierra Courier"), title));
    assert!(!repeats_title(
        "The Ridge Fire forces evacuation of three foothill towns, officials said.",
        title
    ));
}

#[test]
fn the_body_never_repeats_the_title() {
    for name in PAGES {
        let article = imported(name);
        assert!(!article.title.is_empty(), "{name}");
        for block in &article.blocks {
            assert!(
                !repeats_title(&block.text, &article.title),
                "{name}: {:?} repeats the title {:?}",
                block.text,
                article.title
            );
        }
    }
}

#[test]
fn a_headline_repeated_anywhere_in_the_body_is_dropped_and_the_story_kept() {
    let story = "<p>Sandbags lined the embankments overnight as the river rose to its highest level \
        in a decade, and ferries stopped running between the two banks of the city.</p>";
    let page = format!(
        "<!doctype html><html><head><title>Danube floods the old town | River Post</title>\
         <meta property=\"og:site_name\" content=\"River Post\"></head><body><article>\
         <div class=\"kicker\">DANUBE FLOODS THE OLD TOWN</div>{story}\
         <h2>Danube floods the old town - River Post</h2>{story}{story}</article></body></html>"
    );
    let (_, articles) = parse_bytes(page.as_bytes(), "danube.html").unwrap();
    let texts: Vec<&str> = articles[0].blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(articles[0].title, "Danube floods the old town");
    let paragraph = "Sandbags lined the embankments overnight as the river rose to its highest \
        level in a decade, and ferries stopped running between the two banks of the city.";
    assert_eq!(texts, [paragraph; 3]);
}

/// Per page: (Newsdesk against gold, extractor text against gold), rounded: the table of
/// docs/html-extraction.md.
const EXPECTED: &[(&str, Figures, Figures)] = &[
    ("harbour-strike", (1.0, 1.0, 1.0), (1.0, 1.0, 1.0)),
    ("rust-release", (1.0, 1.0, 1.0), (1.0, 1.0, 1.0)),
    ("council-library", (1.0, 1.0, 1.0), (1.0, 1.0, 1.0)),
    ("ridge-fire-gallery", (1.0, 1.0, 1.0), (0.856, 0.988, 0.917)),
    ("tram-line-opens", (1.0, 1.0, 1.0), (0.771, 0.986, 0.865)),
];

#[test]
fn the_imported_body_is_as_precise_and_complete_as_the_extractors_own_text() {
    let mut figures = Vec::new();
    for name in PAGES {
        let gold = gold(name);
        let newsdesk = score(&imported_body(&imported(name)), &gold);
        let extractor = score(&extractor_text(name), &gold);
        println!(
            "| {name} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
            newsdesk.precision,
            newsdesk.recall,
            newsdesk.f1(),
            extractor.precision,
            extractor.recall,
            extractor.f1()
        );
        assert!(
            newsdesk.precision >= extractor.precision,
            "{name}: precision {newsdesk:?} below the extractor's {extractor:?}"
        );
        assert!(
            newsdesk.recall >= extractor.recall,
            "{name}: recall {newsdesk:?} below the extractor's {extractor:?}"
        );
        figures.push((*name, newsdesk.rounded(), extractor.rounded()));
    }
    assert_eq!(figures, EXPECTED);
}
