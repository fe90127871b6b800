//! Plain text: paragraphs separated by blank lines, the first line as the title. Also the
//! paragraph rules the TT dump shares (subheadings written as `- Heading -`).

use crate::model::{Block, BlockKind, MAX_TITLE_CHARS, NewArticle, SHORT_TITLE_CHARS};
use crate::text::{clean_inline, is_blank, shorten};

/// Groups lines into paragraphs: runs of non-blank lines, joined with spaces.
pub(crate) fn paragraphs<S: AsRef<str>>(lines: &[S]) -> Vec<String> {
    lines
        .split(|line| is_blank(line.as_ref()))
        .filter(|group| !group.is_empty())
        .map(|group| match group {
            [line] => clean_inline(line.as_ref()),
            lines => clean_inline(
                &lines
                    .iter()
                    .map(AsRef::as_ref)
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        })
        .filter(|paragraph| !paragraph.is_empty())
        .collect()
}

/// A paragraph (already cleaned, as `paragraphs` returns them) as a block: `- Heading -`
/// (dashes around, optionally quoted text) is a subheading with the inner text, anything else a
/// paragraph.
pub(crate) fn paragraph_block(paragraph: &str) -> Option<Block> {
    match dashed_heading(paragraph) {
        Some(heading) => Block::from_clean(BlockKind::Heading, heading),
        None => Block::from_clean(BlockKind::Paragraph, paragraph),
    }
}

fn dashed_heading(paragraph: &str) -> Option<&str> {
    const DASHES: [char; 3] = ['-', '–', '—'];
    const MAX_HEADING_CHARS: usize = 120;
    let inner = paragraph.strip_prefix(DASHES)?.strip_suffix(DASHES)?;
    // The dashes stand apart from the words: "- Frontline -", not "-5-".
    if !(inner.starts_with(char::is_whitespace) && inner.ends_with(char::is_whitespace)) {
        return None;
    }
    let inner = unquote(inner.trim());
    let fits = !inner.is_empty() && inner.chars().count() <= MAX_HEADING_CHARS;
    fits.then_some(inner)
}

/// Removes one pair of matching quotes around a text.
fn unquote(text: &str) -> &str {
    const PAIRS: [(char, char); 5] = [('\'', '\''), ('"', '"'), ('‘', '’'), ('“', '”'), ('«', '»')];
    PAIRS
        .iter()
        .find_map(|&(open, close)| {
            text.strip_prefix(open)
                .and_then(|rest| rest.strip_suffix(close))
                .map(str::trim)
        })
        .unwrap_or(text)
}

/// One article from a plain text: the first non-blank line is the title, the rest paragraphs.
/// `None` when the text has nothing but white space.
pub(crate) fn plain_article<S: AsRef<str>>(lines: &[S], source: &str) -> Option<NewArticle> {
    let first = lines.iter().position(|line| !is_blank(line.as_ref()))?;
    let blocks = paragraphs(&lines[first + 1..])
        .iter()
        .filter_map(|p| paragraph_block(p))
        .collect();
    // A first line too long for a title is running text: see `with_title_in_bounds`.
    let article = NewArticle {
        title: clean_inline(lines[first].as_ref()),
        source: source.to_string(),
        blocks,
        ..NewArticle::default()
    };
    Some(article.with_title_in_bounds())
}

/// The paragraph blocks of a text whose paragraphs are separated by blank lines.
pub(crate) fn text_blocks(text: &str) -> Vec<Block> {
    paragraphs(&text.lines().collect::<Vec<_>>())
        .iter()
        .filter_map(|p| paragraph_block(p))
        .collect()
}

/// A title for a text that has none: its first block when that is short enough (taken out of
/// the body), else the start of it (the block kept whole). `None` when there are no blocks.
pub(crate) fn title_from_blocks(blocks: &mut Vec<Block>) -> Option<String> {
    let first = blocks.first()?;
    Some(if first.text.chars().count() <= MAX_TITLE_CHARS {
        blocks.remove(0).text
    } else {
        shorten(&first.text, SHORT_TITLE_CHARS)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BlockKind;

    #[test]
    fn dashed_paragraphs_are_headings() {
        for (text, heading) in [
            ("- 'Mutual assistance' -", "Mutual assistance"),
            ("- ‘Balanced approach’ -", "Balanced approach"),
            ("- Missile tests -", "Missile tests"),
            ("– “Quoted” –", "Quoted"),
        ] {
            let block = paragraph_block(&clean_inline(text)).unwrap();
            assert_eq!(
                (block.kind, block.text.as_str()),
                (BlockKind::Heading, heading)
            );
        }
        for text in ["-5 degrees -", "- ", "Budget - a summary -", "- -"] {
            assert_eq!(
                paragraph_block(&clean_inline(text)).map(|b| b.kind),
                Some(BlockKind::Paragraph),
                "{text}"
            );
        }
    }

    #[test]
    fn plain_text_titles_with_its_first_line() {
        let lines = [
            "",
            "  My notes\u{00A0}",
            "",
            "First line",
            "continued.",
            "",
            "",
            "Second.",
        ];
        let article = plain_article(&lines, "notes.txt").unwrap();
        assert_eq!(article.title, "My notes");
        assert_eq!(article.source, "notes.txt");
        let texts: Vec<&str> = article.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["First line continued.", "Second."]);
        assert!(plain_article(&["", " \u{00A0} "], "x").is_none());
    }

    #[test]
    fn running_text_gets_a_short_title_and_keeps_every_word() {
        let long = "word ".repeat(80);
        let article = plain_article(&[long.as_str()], "x").unwrap();
        assert!(article.title.ends_with('…'));
        assert!(article.title.chars().count() <= SHORT_TITLE_CHARS + 1);
        assert_eq!(article.blocks[0].text, long.trim());
    }
}
