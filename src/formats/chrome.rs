//! Page furniture taken out of a web page's body after extraction.
//!
//! rs-trafilatura filters the article it finds twice: its plain text (`content_text`) passes
//! link-density, share-button and headline checks that its HTML (`content_html`, which becomes
//! Newsdesk's typed blocks) skips, and that HTML keeps no class, id or role to redo them on.
//! So a block stays only when the extractor's own text has it too. Then go the title repeated
//! in the body, the byline and breadcrumb above the story, and short lines that are furniture
//! wherever they stand ("Back to Gallery", "Share this", "Follow us", "Read more: …",
//! "Related", newsletter and cookie prompts), with the link list under such a heading.
//! docs/html-extraction.md compares the result with the extractor's text, page by page.

use std::collections::HashSet;

use crate::model::{Block, BlockKind};
use crate::text::normalize_for_matching;

/// What the cleanup knows of the page besides its blocks.
pub(crate) struct Page<'a> {
    pub title: &'a str,
    pub author: Option<&'a str>,
    /// The extractor's plain text of the same article, when the blocks came from its HTML.
    pub extractor_text: Option<&'a str>,
}

/// Runs of this many words are what a block and the extractor's text are compared by.
const RUN_WORDS: usize = 4;
/// Lines longer than this many words are never taken for furniture by their wording alone.
const MAX_CHROME_WORDS: usize = 15;
/// Newsletter and cookie prompts run longer than buttons and links.
const MAX_PROMPT_WORDS: usize = 30;
/// The story proper starts at the first paragraph or quote this long; above it sit the
/// headline, byline, breadcrumb and share bar.
const STORY_WORDS: usize = 12;
/// A short line that opens with one of these (whole words, normalised: lower case, no
/// punctuation) is furniture.
const CHROME_OPENINGS: &[&str] = &[
    "back to gallery",
    "back to the gallery",
    "view gallery",
    "view the gallery",
    "open gallery",
    "share this",
    "share on",
    "share via",
    "follow us",
    "read more",
    "see also",
    "more on this story",
    "more on this topic",
    "most read",
    "most popular",
    "advertisement",
    "cookie settings",
];
/// Labels that are furniture alone or before a colon ("Related", "Related: …"); "Related
/// risks" may be a real subheading.
const CHROME_LABELS: &[&str] = &[
    "related",
    "related stories",
    "related articles",
    "related coverage",
    "related links",
    "also read",
    "more",
];

/// Removes the furniture from a page's blocks.
pub(crate) fn remove_chrome(blocks: &mut Vec<Block>, page: &Page) {
    let lines: Vec<String> = blocks
        .iter()
        .map(|b| normalize_for_matching(&b.text))
        .collect();
    let mut keep = match page.extractor_text {
        Some(text) => in_extractor_text(&lines, text),
        None => vec![true; lines.len()],
    };
    let title = normalize_for_matching(page.title);
    let author = page.author.map(normalize_for_matching).unwrap_or_default();
    let story_start = (0..blocks.len())
        .find(|&i| {
            keep[i]
                && matches!(blocks[i].kind, BlockKind::Paragraph | BlockKind::Quote)
                && lines[i].split(' ').count() >= STORY_WORDS
        })
        .unwrap_or(blocks.len());
    let mut under_chrome_heading = false;
    for (i, (block, line)) in blocks.iter().zip(&lines).enumerate() {
        if !keep[i] {
            continue;
        }
        let under_heading = under_chrome_heading && block.kind == BlockKind::ListItem;
        let chrome = under_heading
            || repeats_title(&block.text, line, &title)
            || is_chrome_line(&block.text, line)
            || (i < story_start && (is_byline(line, &author) || is_breadcrumb(&block.text)));
        under_chrome_heading = under_heading || (chrome && block.kind == BlockKind::Heading);
        keep[i] = !chrome;
    }
    let mut kept = keep.into_iter();
    blocks.retain(|_| kept.next().unwrap_or(true));
}

/// The title again, alone or with the site's name after a separator ("Title | Site"). `line`
/// is `text` normalised.
fn repeats_title(text: &str, line: &str, normalized_title: &str) -> bool {
    // Only a line that starts with the title's words can be it again.
    if normalized_title.is_empty() || !line.starts_with(normalized_title) {
        return false;
    }
    line == normalized_title
        || [" | ", " - ", " – ", " — ", " · ", " :: "]
            .iter()
            .filter_map(|separator| text.split_once(separator).map(|(head, _)| head))
            .any(|head| normalize_for_matching(head) == normalized_title)
}

/// A line that is furniture by its wording. `line` is `text` normalised.
fn is_chrome_line(text: &str, line: &str) -> bool {
    let words = line.split(' ').take(MAX_PROMPT_WORDS + 1).count();
    if words > MAX_PROMPT_WORDS {
        return false;
    }
    let opens_with = |opening: &str| {
        line.strip_prefix(opening)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    };
    let labelled = |label: &str| {
        line == label
            || text.trim_start().get(..label.len()).is_some_and(|head| {
                head.eq_ignore_ascii_case(label)
                    && text.trim_start()[label.len()..].starts_with(':')
            })
    };
    let has_word = |word: &str| line.split(' ').any(|w| w == word);
    (words <= MAX_CHROME_WORDS
        && (CHROME_OPENINGS.iter().any(|o| opens_with(o))
            || CHROME_LABELS.iter().any(|l| labelled(l))))
        || (has_word("newsletter")
            && (opens_with("get the") || opens_with("sign up") || has_word("inbox")))
        || [
            "we use cookies",
            "this site uses cookies",
            "this website uses cookies",
        ]
        .iter()
        .any(|o| opens_with(o))
}

/// "By Dana Whitfield | Updated …", "Story by Dana Whitfield", "Owen Pryce, Transport
/// Reporter · 18 May 2026": a short line that opens with the article's author.
fn is_byline(line: &str, author: &str) -> bool {
    if author.is_empty() || line.split(' ').count() > MAX_CHROME_WORDS {
        return false;
    }
    let opens_with_author = |line: &str| {
        line.strip_prefix(author)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    };
    opens_with_author(line)
        || line
            .match_indices("by ")
            .map(|(at, _)| &line[..at])
            .any(|before| {
                (before.is_empty() || before.ends_with(' '))
                    && before.split_whitespace().count() <= 1
                    && opens_with_author(&line[before.len() + 3..])
            })
}

/// "Home / News / Transport", "Business › Ports › Rotterdam": three or more short parts
/// between the same separator, each starting with a letter ("24/7/365" is no breadcrumb).
fn is_breadcrumb(text: &str) -> bool {
    ['/', '›', '»', '>'].iter().any(|&separator| {
        let parts: Vec<&str> = text.split(separator).collect();
        parts.len() >= 3
            && parts.iter().all(|part| {
                let words = crate::text::words(part).count();
                (1..=3).contains(&words) && part.trim_start().starts_with(char::is_alphabetic)
            })
    })
}

/// Which of the blocks (their normalised `lines`) the extractor's own text has. A block of four
/// words or more is in it when at least half of its four-word runs are. Half, not all: the
/// extractor's text also keeps what Newsdesk drops inside a paragraph (a button's label, a
/// formula). A shorter block (a subheading, a list item, a tag) is in it when it is a line of
/// that text on its own.
fn in_extractor_text(lines: &[String], extractor_text: &str) -> Vec<bool> {
    let text = normalize_for_matching(extractor_text);
    let spans = word_spans(&text);
    let runs_of_text: HashSet<&str> = runs(&text, &spans).collect();
    if runs_of_text.is_empty() {
        return vec![true; lines.len()];
    }
    let short_lines: HashSet<String> = extractor_text
        .lines()
        .filter(|line| crate::text::words(line).nth(RUN_WORDS - 1).is_none())
        .map(normalize_for_matching)
        .collect();
    lines
        .iter()
        .map(|line| {
            let spans = word_spans(line);
            if spans.len() < RUN_WORDS {
                return spans.is_empty() || short_lines.contains(line);
            }
            let half = (spans.len() + 1 - RUN_WORDS).div_ceil(2);
            runs(line, &spans)
                .filter(|run| runs_of_text.contains(run))
                .nth(half - 1)
                .is_some()
        })
        .collect()
}

/// The byte spans of the words of a normalised text (words separated by single spaces).
fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = 0;
    for (at, _) in text.match_indices(' ').chain([(text.len(), "")]) {
        if at > start {
            spans.push((start, at));
        }
        start = at + 1;
    }
    spans
}

/// Every run of `RUN_WORDS` consecutive words of a normalised text.
fn runs<'a>(text: &'a str, spans: &'a [(usize, usize)]) -> impl Iterator<Item = &'a str> + 'a {
    spans
        .windows(RUN_WORDS)
        .map(move |run| &text[run[0].0..run[RUN_WORDS - 1].1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use BlockKind::{Heading, ListItem, Paragraph};

    const TITLE: &str = "Ridge Fire forces evacuation of three foothill towns";
    const STORY: &str = "More than 4,000 residents were ordered to leave their homes on Thursday as \
        the fire jumped the highway.";

    fn cleaned(blocks: &[(BlockKind, &str)], extractor_text: Option<&str>) -> Vec<String> {
        let mut blocks: Vec<Block> = blocks
            .iter()
            .filter_map(|(kind, text)| Block::new(*kind, text))
            .collect();
        let page = Page {
            title: TITLE,
            author: Some("Dana Whitfield"),
            extractor_text,
        };
        remove_chrome(&mut blocks, &page);
        blocks.into_iter().map(|b| b.text).collect()
    }

    #[test]
    fn the_title_byline_breadcrumb_and_furniture_lines_go_and_the_story_stays() {
        let title_and_site = format!("{TITLE} - Sierra Courier");
        let blocks = [
            (Paragraph, "Home / News / Fire"),
            (Heading, TITLE),
            (
                Paragraph,
                "By Dana Whitfield | Updated 6:42 p.m. Aug. 14, 2026",
            ),
            (Paragraph, "Story by Dana Whitfield"),
            (Paragraph, "Dana Whitfield, Fire Reporter · 14 Aug 2026"),
            (Paragraph, "Back to Gallery"),
            (Paragraph, "Share this Post Email"),
            (Paragraph, STORY),
            (Paragraph, "Read more: Where to find evacuation centers"),
            (Paragraph, &title_and_site),
            (
                Paragraph,
                "Follow us on Facebook and Instagram for updates.",
            ),
            (Heading, "Get the Courier newsletter"),
            (
                Paragraph,
                "Sign up for our free daily newsletter to get the top stories in your inbox.",
            ),
            (
                Paragraph,
                "We use cookies to personalise content. Cookie settings",
            ),
            (
                Paragraph,
                "This site uses cookies to improve your experience and to show you personalised advertising. By continuing to browse you agree to our use of cookies.",
            ),
            (Paragraph, "Related: Crews hold the line at Pine Hollow"),
            (Heading, "Related stories"),
            (ListItem, "Ridge Fire grows to 6,000 acres overnight"),
            (ListItem, "Fire near campground forces closures"),
            (Paragraph, "Advertisement"),
        ];
        assert_eq!(cleaned(&blocks, None), [STORY]);
    }

    #[test]
    fn body_text_that_resembles_furniture_stays() {
        let blocks = [
            (
                Paragraph,
                "By noon, Dana Whitfield reported, the wind had turned.",
            ),
            (
                Paragraph,
                "Crews led by Dana Whitfield's brother held the line.",
            ),
            (Paragraph, "Shelters open 24/7/365"),
            (Paragraph, STORY),
            (Paragraph, "Share prices of the utility fell 4 percent."),
            (Paragraph, "Follow-up inspections are planned for Friday."),
            (Heading, "Related risks"),
            (ListItem, "Smoke reaches the valley by Saturday."),
            (
                Paragraph,
                "Related fires burned in Oregon / Idaho / Nevada.",
            ),
            (Paragraph, "More crews arrive on Friday."),
            (
                Paragraph,
                "We use the shelters' cookies and coffee to keep crews going.",
            ),
            (Paragraph, "The gallery on Main Street reopens on Monday."),
            (
                Paragraph,
                "The Ridge Fire forces evacuation of three foothill towns.",
            ),
            (Heading, "What residents need to know"),
            (
                ListItem,
                "Read more about evacuation zones on the county site",
            ),
            (ListItem, "Home / News / Fire"),
            (ListItem, "Pack medicines and documents."),
            (Paragraph, "Dana Whitfield contributed reporting."),
        ];
        // Bylines and breadcrumbs count only above the story's first paragraph; a furniture
        // list item is dropped alone, not with the list items after it.
        let expected: Vec<&str> = blocks
            .iter()
            .map(|(_, text)| *text)
            .filter(|text| !text.starts_with("Read more"))
            .collect();
        assert_eq!(cleaned(&blocks, None), expected);
    }

    #[test]
    fn blocks_missing_from_the_extractors_text_go() {
        let text = "Home / News\n\nMore than 4,000 residents were ordered to leave their homes \
            on Thursday as the fire jumped the highway.\n\nWhat to know\n\nPine Hollow\n";
        let blocks = [
            (Paragraph, "Back to the photos"),
            (Paragraph, STORY),
            (Heading, "What to know"),
            (ListItem, "Pine Hollow"),
            // Short lines must be lines of the extractor's text, not words somewhere in it.
            (ListItem, "Hollow"),
            (ListItem, "Fire"),
            // Half of the runs are enough: the extractor's text had a button's label in it.
            (
                Paragraph,
                "More than 4,000 residents were ordered to leave their homes on Thursday, \
                 a spokesperson said.",
            ),
            (
                Paragraph,
                "Photos: the fire on its second day, from the air",
            ),
        ];
        assert_eq!(
            cleaned(&blocks, Some(text)),
            [
                STORY,
                "What to know",
                "Pine Hollow",
                "More than 4,000 residents were ordered to leave their homes on Thursday, a \
                 spokesperson said."
            ]
        );
        // An empty extractor text is no guide.
        assert_eq!(
            cleaned(&[(Paragraph, "Back to the photos")], Some(" \n")),
            ["Back to the photos"]
        );
    }
}
