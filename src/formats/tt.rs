//! The "TT" text dump: stories saved from a news site, each introduced by a line `TT`.
//!
//! ```text
//! Title
//!
//! Caption line (Credit)        ← each caption line appears twice; a story may have none
//! Caption line (Credit)
//! TT
//!
//! Title                        ← repeated
//!
//! Caption line (Credit)        ← repeated
//! Caption line (Credit)
//!
//! Body paragraph …             ← paragraphs separated by blank lines
//! ```
//! Stories are found by their `TT` line, never by counting blank lines. The parser streams: it
//! holds one story at a time, so a dump of any size is read in bounded memory. A text without
//! any `TT` line is one plain-text article.

use std::collections::HashSet;

use super::plain::{paragraph_block, paragraphs, plain_article};
use crate::error::{Error, Result};
use crate::model::{Format, NewArticle};
use crate::text::{clean_inline, is_blank, trim};

/// The line that marks a story header.
const HEADER_MARK: &str = "TT";
/// Largest story (or plain text) held in memory at once.
pub(crate) const MAX_STORY_BYTES: usize = 32 << 20;
/// How many non-blank lines above a `TT` line its title may be (title + caption lines).
const MAX_HEADER_LINES: usize = 12;

/// Title and caption lines of a story, cleaned, repeated caption lines kept once.
#[derive(Debug, Clone, PartialEq)]
struct Header {
    title: String,
    captions: Vec<String>,
}

/// Streaming parser: feed lines, get stories through the callback as soon as each is complete.
pub(crate) struct TtParser<'a> {
    source: String,
    /// Lines since the last `TT` line (or since the start of the text).
    lines: Vec<String>,
    bytes: usize,
    /// The header of the story whose body is in `lines`.
    current: Option<Header>,
    /// Index in `lines` where a `TT` line was just seen; its header is located once the title
    /// repeated after it is known.
    pending_mark: Option<usize>,
    emit: &'a mut dyn FnMut(NewArticle) -> Result<()>,
}

impl<'a> TtParser<'a> {
    pub(crate) fn new(source: &str, emit: &'a mut dyn FnMut(NewArticle) -> Result<()>) -> Self {
        TtParser {
            source: source.to_string(),
            lines: Vec::new(),
            bytes: 0,
            current: None,
            pending_mark: None,
            emit,
        }
    }

    pub(crate) fn push_line(&mut self, line: String) -> Result<()> {
        if trim(&line) == HEADER_MARK {
            self.resolve_mark(None)?;
            self.pending_mark = Some(self.lines.len());
            return Ok(());
        }
        if self.pending_mark.is_some() && !is_blank(&line) {
            self.resolve_mark(Some(&line))?;
        }
        self.bytes += line.len();
        if self.bytes > MAX_STORY_BYTES {
            return Err(Error::Malformed(format!(
                "a story (or the text before the first TT header) is larger than {} MB",
                MAX_STORY_BYTES >> 20
            )));
        }
        self.lines.push(line);
        Ok(())
    }

    /// Ends the text: emits the last story, or the whole text as one article if it had no
    /// `TT` header. Returns which of the two layouts the text was.
    pub(crate) fn finish(mut self) -> Result<Format> {
        self.resolve_mark(None)?;
        match self.current.take() {
            Some(header) => {
                let story = build_story(&header, &self.lines, &self.source);
                (self.emit)(story)?;
                Ok(Format::Tt)
            }
            None => {
                let marks_only = self.lines.iter().any(|line| trim(line) == HEADER_MARK)
                    && self.lines.iter().all(|line| is_gap(line));
                if marks_only {
                    return Err(Error::Malformed(
                        "no stories found: the file has TT marks but no story titles above them"
                            .into(),
                    ));
                }
                if let Some(article) = plain_article(&self.lines, &self.source) {
                    (self.emit)(article)?;
                }
                Ok(Format::Text)
            }
        }
    }

    /// Splits the buffered lines at the header of the story whose `TT` line is pending: what is
    /// above its title ends the previous story.
    fn resolve_mark(&mut self, repeated_title: Option<&str>) -> Result<()> {
        let Some(mark) = self.pending_mark.take() else {
            return Ok(());
        };
        let Some((title_at, header)) = locate_header(&self.lines[..mark], repeated_title) else {
            // A lone `TT` with nothing above it is not a header; keep it as text.
            self.lines.insert(mark, HEADER_MARK.to_string());
            return Ok(());
        };
        let after_mark = self.lines.split_off(mark);
        self.lines.truncate(title_at);
        if let Some(previous) = self.current.replace(header) {
            let story = build_story(&previous, &self.lines, &self.source);
            (self.emit)(story)?;
        }
        // Text before the first header is not part of any story.
        self.lines = after_mark;
        self.bytes = self.lines.iter().map(String::len).sum();
        Ok(())
    }
}

/// Finds the title line and caption lines above a `TT` line. With the title repeated after
/// the mark, the title is the nearest line above equal to it; otherwise the layout decides:
/// the caption block is the run of lines right above the mark, the title the line above that.
fn locate_header(above: &[String], repeated_title: Option<&str>) -> Option<(usize, Header)> {
    let non_blank: Vec<usize> = (0..above.len())
        .rev()
        .filter(|&i| !is_gap(&above[i]))
        .take(MAX_HEADER_LINES)
        .collect();
    let by_repeat = repeated_title.map(clean_inline).and_then(|repeated| {
        non_blank
            .iter()
            .copied()
            .find(|&i| clean_inline(&above[i]) == repeated)
    });
    let title_at = by_repeat.or_else(|| {
        let block_start = (0..above.len())
            .rev()
            .take_while(|&i| !is_gap(&above[i]))
            .last()
            .unwrap_or(above.len());
        (0..block_start)
            .rev()
            .find(|&i| !is_gap(&above[i]))
            .or_else(|| (block_start < above.len()).then_some(block_start))
    })?;
    let mut seen = HashSet::new();
    let captions = above[title_at + 1..]
        .iter()
        .map(|line| clean_inline(line))
        .filter(|line| !line.is_empty() && seen.insert(line.clone()))
        .collect();
    let header = Header {
        title: clean_inline(&above[title_at]),
        captions,
    };
    Some((title_at, header))
}

/// A line that cannot be a title: blank, or a `TT` mark kept as text (a lone mark above is no
/// story's title; a dump of marks alone has no stories).
fn is_gap(line: &str) -> bool {
    is_blank(line) || trim(line) == HEADER_MARK
}

/// A story from its header and the lines after its `TT` line: the repeated title and captions
/// are skipped, the rest are body paragraphs.
fn build_story(header: &Header, lines: &[String], source: &str) -> NewArticle {
    let mut rest = lines;
    let skip_blank = |rest: &mut &[String]| {
        while rest.first().is_some_and(|line| is_blank(line)) {
            *rest = &rest[1..];
        }
    };
    skip_blank(&mut rest);
    if rest
        .first()
        .is_some_and(|line| clean_inline(line) == header.title)
    {
        rest = &rest[1..];
    }
    skip_blank(&mut rest);
    if !header.captions.is_empty() {
        while rest
            .first()
            .is_some_and(|line| !is_blank(line) && header.captions.contains(&clean_inline(line)))
        {
            rest = &rest[1..];
        }
    }
    let (caption, credit) = if header.captions.is_empty() {
        (None, None)
    } else {
        let (caption, credit) = split_credit(&header.captions.join(" "));
        ((!caption.is_empty()).then_some(caption), credit)
    };
    NewArticle {
        title: header.title.clone(),
        caption,
        credit,
        source: source.to_string(),
        blocks: paragraphs(rest)
            .iter()
            .filter_map(|p| paragraph_block(p))
            .collect(),
        ..NewArticle::default()
    }
}

/// Separates a photo credit from the end of a caption: `… 2024. (AFP)`,
/// `… (AP Photo/Jane Doe)`, `… 18 February 2026. EPA/FRANCK ROBICHON`, `… Photo: Reuters`.
pub(crate) fn split_credit(caption: &str) -> (String, Option<String>) {
    let caption = caption.trim();
    parenthesised_credit(caption)
        .or_else(|| agency_credit(caption))
        .map(|(rest, credit)| (rest.trim().to_string(), Some(credit.trim().to_string())))
        .unwrap_or_else(|| (caption.to_string(), None))
}

const MAX_CREDIT_CHARS: usize = 80;

/// `Sentence. (AFP)` → ("Sentence.", "AFP").
fn parenthesised_credit(caption: &str) -> Option<(&str, &str)> {
    let open = caption.strip_suffix(')')?.rfind('(')?;
    let inner = caption[open + 1..caption.len() - 1].trim();
    let before = caption[..open].trim_end();
    let looks_like_credit = before.ends_with(['.', '!', '?', '"', '”', '’', ')'])
        || inner.contains('/')
        || inner.to_lowercase().contains("photo");
    let fits =
        !inner.is_empty() && inner.chars().count() <= MAX_CREDIT_CHARS && !inner.contains('(');
    (fits && looks_like_credit).then_some((before, inner))
}

/// `Sentence. EPA/NAME SURNAME` or `Sentence. Photo: Agency` → ("Sentence.", credit).
fn agency_credit(caption: &str) -> Option<(&str, &str)> {
    let split = caption.rfind(". ")?;
    let (before, tail) = (&caption[..=split], caption[split + 1..].trim());
    if tail.chars().count() > MAX_CREDIT_CHARS {
        return None;
    }
    for label in ["Photo:", "Photograph:", "Picture:", "Image:"] {
        if let Some(credit) = tail.strip_prefix(label) {
            return (!credit.trim().is_empty()).then_some((before, credit));
        }
    }
    // An agency in capitals, a slash, then the photographer: `EPA/FRANCK ROBICHON`.
    let (agency, photographer) = tail.split_once('/')?;
    let agency_ok = agency.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && agency
            .chars()
            .all(|c| c.is_uppercase() || matches!(c, ' ' | '&' | '-' | '.'));
    let photographer_ok = photographer.chars().any(char::is_alphabetic);
    (agency_ok && photographer_ok).then_some((before, tail))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::BlockKind;

    fn parse(text: &str) -> (Vec<NewArticle>, Format) {
        let mut stories = Vec::new();
        let mut emit = |article| {
            stories.push(article);
            Ok(())
        };
        let mut parser = TtParser::new("test.txt", &mut emit);
        for line in text.split('\n') {
            parser.push_line(line.to_string()).unwrap();
        }
        let format = parser.finish().unwrap();
        (stories, format)
    }

    #[test]
    fn credits_are_split_from_captions() {
        let cases = [
            (
                "A flag in Moscow on October 31, 2024. (AFP)",
                "A flag in Moscow on October 31, 2024.",
                Some("AFP"),
            ),
            (
                "Soldiers at the border. (Reuters)",
                "Soldiers at the border.",
                Some("Reuters"),
            ),
            (
                "A rally in Ohio (AP Photo/Jane Doe)",
                "A rally in Ohio",
                Some("AP Photo/Jane Doe"),
            ),
            (
                "Sanae Takaichi in Tokyo, Japan, 18 February 2026. EPA/FRANCK ROBICHON",
                "Sanae Takaichi in Tokyo, Japan, 18 February 2026.",
                Some("EPA/FRANCK ROBICHON"),
            ),
            (
                "Rescuers at work. REUTERS/Kim Kyung-Hoon",
                "Rescuers at work.",
                Some("REUTERS/Kim Kyung-Hoon"),
            ),
            (
                "The harbour at dawn. Photo: Jane Doe",
                "The harbour at dawn.",
                Some("Jane Doe"),
            ),
            ("The Kremlin (Moscow)", "The Kremlin (Moscow)", None),
            (
                "Prices rose 5% in Q1. Analysts/brokers disagree on why",
                "Prices rose 5% in Q1. Analysts/brokers disagree on why",
                None,
            ),
            ("No credit here.", "No credit here.", None),
        ];
        for (caption, rest, credit) in cases {
            let (got_rest, got_credit) = split_credit(caption);
            assert_eq!(
                (got_rest.as_str(), got_credit.as_deref()),
                (rest, credit),
                "{caption}"
            );
        }
    }

    #[test]
    fn a_story_without_caption() {
        let (stories, format) =
            parse("Title one\n\nTT\n\nTitle one\n\nFirst para.\n\nSecond para.");
        assert_eq!(format, Format::Tt);
        assert_eq!(stories.len(), 1);
        assert_eq!(stories[0].title, "Title one");
        assert_eq!(stories[0].caption, None);
        assert_eq!(stories[0].credit, None);
        let texts: Vec<&str> = stories[0].blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["First para.", "Second para."]);
    }

    #[test]
    fn stories_are_split_at_their_headers_not_at_blank_lines() {
        let text = "A\n\ncap A. (AFP)\ncap A. (AFP)\nTT\n\nA\n\ncap A. (AFP)\ncap A. (AFP)\n\nBody A1.\n\nBody A2.\nB\n\nTT\n\nB\n\nBody B.";
        let (stories, _) = parse(text);
        let titles: Vec<&str> = stories.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["A", "B"]);
        assert_eq!(stories[0].caption.as_deref(), Some("cap A."));
        assert_eq!(stories[0].credit.as_deref(), Some("AFP"));
        assert_eq!(stories[0].blocks.len(), 2);
        assert_eq!(stories[1].blocks[0].text, "Body B.");
    }

    #[test]
    fn the_repeated_title_finds_a_caption_with_a_gap() {
        // Caption repeats separated by a blank line: the layout rule alone would take the
        // first caption line as the title; the repeated title after TT corrects it.
        let text =
            "Title\n\nCaption. (AFP)\n\nCaption. (AFP)\nTT\n\nTitle\n\nCaption. (AFP)\n\nBody.";
        let (stories, _) = parse(text);
        assert_eq!(stories[0].title, "Title");
        assert_eq!(stories[0].caption.as_deref(), Some("Caption."));
        assert_eq!(stories[0].blocks.len(), 1);
    }

    #[test]
    fn text_without_headers_is_one_article() {
        let (stories, format) = parse("Just a note\n\nWith a body.\n");
        assert_eq!(format, Format::Text);
        assert_eq!(stories.len(), 1);
        assert_eq!(stories[0].blocks[0].kind, BlockKind::Paragraph);
    }

    #[test]
    fn a_lone_mark_is_text() {
        let (stories, format) = parse("TT\nSomething else");
        assert_eq!(format, Format::Text);
        assert_eq!(stories[0].title, "TT");
    }
}
