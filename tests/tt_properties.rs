//! Property tests of the TT parser: any generated dump parses back to its stories, whatever its
//! line endings, padding and spacing; and no input at all makes the parser panic.

use newsdesk::model::{BlockKind, Format};
use newsdesk::parse_bytes;
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Story {
    title: String,
    /// Caption sentence and optional credit.
    caption: Option<(String, Option<String>)>,
    /// (is heading, text)
    body: Vec<(bool, String)>,
}

fn words(min: usize, max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        "[a-zA-Z][a-z]{0,7}|[0-9]{1,4}|Erdoğan|São|“quoted”|don't",
        min..=max,
    )
    .prop_map(|w| w.join(" "))
}

fn story() -> impl Strategy<Value = Story> {
    let caption = prop::option::of((
        words(3, 12).prop_map(|w| format!("{w}.")),
        prop::option::of(prop::sample::select(vec![
            "AFP",
            "Reuters",
            "AP Photo/Jane Doe",
        ])),
    ));
    let heading = words(1, 5).prop_map(|text| (true, format!("Part {text}")));
    let paragraph = words(1, 30).prop_map(|text| (false, format!("{text}.")));
    let block = prop_oneof![1 => heading, 6 => paragraph];
    (words(2, 10), caption, prop::collection::vec(block, 1..8)).prop_map(
        |(title, caption, body)| Story {
            title: format!("Story {title}"),
            caption: caption.map(|(text, credit)| (text, credit.map(str::to_string))),
            body,
        },
    )
}

/// Writes stories in the TT layout, with the given line break, padding and gaps.
fn render(
    stories: &[Story],
    newline: &str,
    pad: &str,
    gaps: &[usize],
    bom: bool,
    final_newline: bool,
) -> Vec<u8> {
    let mut lines: Vec<String> = Vec::new();
    for (index, story) in stories.iter().enumerate() {
        if index > 0 {
            lines.extend(std::iter::repeat_n(String::new(), gaps[index % gaps.len()]));
        }
        let title = format!("{}{pad}", story.title);
        let caption_lines: Vec<String> = match &story.caption {
            Some((text, credit)) => {
                let line = match credit {
                    Some(credit) => format!("{text} ({credit})"),
                    None => text.clone(),
                };
                vec![line.clone(), line]
            }
            None => vec![],
        };
        lines.push(title.clone());
        lines.push(String::new());
        lines.extend(caption_lines.iter().cloned());
        lines.push("TT".into());
        lines.push(String::new());
        lines.push(title);
        lines.push(String::new());
        if !caption_lines.is_empty() {
            lines.extend(caption_lines);
            lines.push(String::new());
        }
        for (i, (heading, text)) in story.body.iter().enumerate() {
            if i > 0 {
                lines.push(String::new());
            }
            lines.push(if *heading {
                format!("- {text} -")
            } else {
                text.clone()
            });
        }
    }
    let mut text = lines.join(newline);
    if final_newline {
        text.push_str(newline);
    }
    let mut bytes = if bom {
        b"\xEF\xBB\xBF".to_vec()
    } else {
        Vec::new()
    };
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    #[test]
    fn a_generated_dump_parses_back_to_its_stories(
        stories in prop::collection::vec(story(), 1..6),
        newline in prop::sample::select(vec!["\n", "\r\n", "\r"]),
        pad in prop::sample::select(vec!["", "\u{a0}", " \u{a0}", "\t"]),
        gaps in prop::collection::vec(1usize..4, 1..4),
        bom: bool,
        final_newline: bool,
    ) {
        let bytes = render(&stories, newline, pad, &gaps, bom, final_newline);
        let (format, parsed) = parse_bytes(&bytes, "gen.txt").unwrap();
        prop_assert_eq!(format, Format::Tt);
        prop_assert_eq!(parsed.len(), stories.len());
        for (story, article) in stories.iter().zip(&parsed) {
            prop_assert_eq!(&article.title, &story.title);
            prop_assert_eq!(article.caption.as_ref(), story.caption.as_ref().map(|(text, _)| text));
            prop_assert_eq!(article.credit.as_ref(), story.caption.as_ref().and_then(|(_, c)| c.as_ref()));
            let blocks: Vec<(bool, String)> = article
                .blocks
                .iter()
                .map(|b| (b.kind == BlockKind::Heading, b.text.clone()))
                .collect();
            prop_assert_eq!(&blocks, &story.body);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        let _ = parse_bytes(&bytes, "random.bin");
    }

    #[test]
    fn arbitrary_text_with_headers_never_panics(
        lines in prop::collection::vec("TT|| |\u{a0}|[a-z ]{0,12}|- [a-z]{0,5} -|\\(AFP\\)", 0..60),
        newline in prop::sample::select(vec!["\n", "\r\n", "\r"]),
    ) {
        let text = lines.join(newline);
        if let Ok((_, articles)) = parse_bytes(text.as_bytes(), "random.txt") {
            for article in articles {
                prop_assert!(!article.title.is_empty());
                prop_assert!(article.blocks.iter().all(|b| !b.text.is_empty()));
            }
        }
    }
}
