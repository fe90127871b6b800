//! The seed file — four world-news stories in the TT layout — imports exactly.

mod common;

use common::*;
use newsdesk::model::{BlockKind, FileStatus, Format};

const TITLES: [&str; 4] = [
    "Russian Senators Ratify North Korean Defense Pact",
    "Poland Bars Chinese-Made Cars from Military Sites Over Data Security Fears",
    "Starmer, Trump discussed Russia-Ukraine, Iran after Geneva Talks, Downing Street Says",
    "Japan PM Takaichi Reappointed Following Election",
];
const CREDITS: [&str; 4] = ["AFP", "Reuters", "Reuters", "EPA/FRANCK ROBICHON"];
const CAPTIONS: [&str; 4] = [
    "A North Korean flag flies over its embassy in Moscow on October 31, 2024.",
    "A soldier from the 18th Mechanized Division stands guard on a Light Strike Vehicle \"Zmija\" \
     during a media tour organized by the country's military to demonstrate the security measures \
     on the Polish Belarusian border, near Bialowieza, Poland, January 10, 2025.",
    "US President Donald Trump and British Prime Minister Keir Starmer announce an agreement between \
     the two countries as they hold a press conference at Chequers at the conclusion of a state visit \
     on September 18, 2025 in Aylesbury, Britain.",
    "Sanae Takaichi gestures at the Lower House of the Parliament in Tokyo, Japan, 18 February 2026.",
];
const BLOCK_COUNTS: [usize; 4] = [29, 5, 4, 21];

fn seed_bytes() -> Vec<u8> {
    std::fs::read(fixture(SEED)).unwrap()
}

/// Checks a parse of the seed (in any byte layout) against everything known about it.
fn assert_is_the_seed(articles: &[newsdesk::model::NewArticle]) {
    let titles: Vec<&str> = articles.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, TITLES);
    for (i, article) in articles.iter().enumerate() {
        assert_eq!(
            article.credit.as_deref(),
            Some(CREDITS[i]),
            "credit of story {i}"
        );
        assert_eq!(
            article.caption.as_deref(),
            Some(CAPTIONS[i]),
            "caption of story {i}"
        );
        assert_eq!(article.blocks.len(), BLOCK_COUNTS[i], "blocks of story {i}");
    }
    let headings: Vec<&str> = articles[0]
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::Heading)
        .map(|b| b.text.as_str())
        .collect();
    assert_eq!(
        headings,
        ["Mutual assistance", "Frontline", "Missile tests"]
    );
    for article in &articles[1..] {
        assert!(
            article
                .blocks
                .iter()
                .all(|b| b.kind == BlockKind::Paragraph)
        );
    }
    // First and last paragraphs, to pin where bodies start and end.
    assert_eq!(
        articles[0].blocks[0].text,
        "Russian lawmakers on Wednesday voted unanimously to ratify a landmark mutual defense pact \
         with North Korea, as Kyiv and the West say Pyongyang sent thousands of troops to fight for \
         Russia against Ukraine."
    );
    assert_eq!(
        articles[0].blocks[28].text,
        "Russia has seized the momentum on the battlefield this year as it grinds through the eastern \
         Donbas region, capturing a string of towns and villages as Ukraine struggles with manpower \
         and ammunition shortages."
    );
    assert_eq!(
        articles[3].blocks[20].text,
        "Takaichi and many within her Liberal Democratic Party (LDP) oppose making it possible for a \
         woman to become emperor, but rules could be changed to \"adopt\" new male members."
    );
}

#[test]
fn the_seed_parses_to_its_four_stories() {
    let (format, articles) = newsdesk::parse_bytes(&seed_bytes(), SEED).unwrap();
    assert_eq!(format, Format::Tt);
    assert_is_the_seed(&articles);
    assert!(articles.iter().all(|a| a.source == SEED));
}

#[test]
fn crlf_bom_and_final_newline_do_not_change_the_result() {
    let seed = String::from_utf8(seed_bytes()).unwrap();
    let crlf = seed.replace('\n', "\r\n");
    let variants: Vec<Vec<u8>> = vec![
        [b"\xEF\xBB\xBF".as_slice(), seed.as_bytes()].concat(),
        crlf.clone().into_bytes(),
        format!("{crlf}\r\n").into_bytes(),
        format!("\n\n{seed}\n\n\n").into_bytes(),
        seed.replace('\n', "\r").into_bytes(),
    ];
    for variant in variants {
        let (_, articles) = newsdesk::parse_bytes(&variant, SEED).unwrap();
        assert_is_the_seed(&articles);
    }
}

#[test]
fn the_seed_imports_once_and_reimports_nothing() {
    let (_dir, library) = new_library();
    let first = import(&library, &[fixture(SEED)]);
    assert_eq!((first.added, first.duplicates, first.failed), (4, 0, 0));
    assert_eq!(first.files[0].status, FileStatus::Imported);
    assert_eq!(first.files[0].format, Some(Format::Tt));

    let again = import(&library, &[fixture(SEED)]);
    assert_eq!((again.added, again.duplicates, again.failed), (0, 4, 0));
    assert_eq!(again.files[0].status, FileStatus::Duplicate);
    let mut matched = again.files[0].duplicate_of.clone();
    matched.sort();
    assert_eq!(matched.len(), 4);

    let listed = library.list(&newsdesk::ListFilter::All, 100, 0).unwrap();
    let titles: Vec<&str> = listed.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, TITLES, "file order within one import");

    let stored = library.article(listed[3].id).unwrap();
    assert_eq!(stored.title, TITLES[3]);
    assert_eq!(stored.caption.as_deref(), Some(CAPTIONS[3]));
    assert_eq!(stored.credit.as_deref(), Some(CREDITS[3]));
    assert_eq!(stored.blocks.len(), 21);
    assert_eq!(stored.source, SEED);
    assert_eq!(stored.url, None);
    assert_eq!(stored.author, None);
    assert_eq!(stored.published_at, None);
    assert_eq!(stored.word_count, 530);
}

#[test]
fn the_bundled_sample_is_the_seed() {
    assert_eq!(newsdesk::SAMPLE_NEWS, seed_bytes().as_slice());
}
