//! Finding the words of a text that a query matches — case and diacritics folded, phrases in
//! order, prefixes — for the reader (the whole article, matches marked) and for search results
//! (a snippet around the first match). Plain text segments, never markup.

use std::ops::Range;

use super::query::Query;
use crate::model::{Article, Highlights, SnippetSegment};
use crate::text::fold;

/// Words shown before the first match in a snippet.
const SNIPPET_LEAD: usize = 6;

/// The byte ranges of a text's words (runs of letters and digits, as the index sees them).
fn word_ranges(text: &str) -> Vec<Range<usize>> {
    let mut words = Vec::new();
    let mut start = None;
    for (index, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(index),
            (false, Some(from)) => {
                words.push(from..index);
                start = None;
            }
            _ => {}
        }
    }
    words
}

/// Whether a word of a text is the wanted (folded) word, or starts with it for a prefix. ASCII
/// words are compared in place; others are folded first.
fn word_matches(word: &str, wanted: &str, prefix: bool) -> bool {
    if word.is_ascii() {
        let candidate = if prefix {
            word.get(..wanted.len())
        } else {
            Some(word)
        };
        candidate.is_some_and(|c| c.eq_ignore_ascii_case(wanted))
    } else {
        let folded = fold(word);
        if prefix {
            folded.starts_with(wanted)
        } else {
            folded == wanted
        }
    }
}

/// The words a query looks for (its excluded terms are not marked).
pub struct Matcher {
    /// Each term's folded words, and whether its last word is a prefix.
    terms: Vec<(Vec<String>, bool)>,
}

impl Matcher {
    pub fn new(query: &Query) -> Matcher {
        let terms = query
            .highlight_terms()
            .iter()
            .map(|term| {
                let folded: Vec<String> = word_ranges(&term.text)
                    .into_iter()
                    .map(|w| fold(&term.text[w]))
                    .collect();
                (folded, term.prefix)
            })
            .filter(|(words, _)| !words.is_empty())
            .collect();
        Matcher { terms }
    }

    /// The byte range of the term matching at word `at` of a text, if one does.
    fn match_at(&self, text: &str, words: &[Range<usize>], at: usize) -> Option<Range<usize>> {
        self.terms.iter().find_map(|(term, prefix)| {
            let candidate = words.get(at..at + term.len())?;
            let last = term.len() - 1;
            candidate
                .iter()
                .zip(term)
                .enumerate()
                .all(|(k, (word, wanted))| {
                    word_matches(&text[word.clone()], wanted, *prefix && k == last)
                })
                .then(|| candidate[0].start..candidate[last].end)
        })
    }

    /// The byte ranges of the matches among some of a text's words, in order, not overlapping.
    fn matches(&self, text: &str, words: &[Range<usize>]) -> Vec<Range<usize>> {
        let mut merged: Vec<Range<usize>> = Vec::new();
        for at in 0..words.len() {
            if let Some(range) = self.match_at(text, words, at) {
                match merged.last_mut() {
                    Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                    _ => merged.push(range),
                }
            }
        }
        merged
    }

    /// The whole text as segments, the matched words marked.
    pub fn mark(&self, text: &str) -> Vec<SnippetSegment> {
        segments(text, 0..text.len(), &self.matches(text, &word_ranges(text)))
    }

    /// About `length` words around the first match (or the start of the text when nothing
    /// matches), matched words marked, "…" where text is left out. Line breaks become spaces.
    /// Only the words up to the first match and those in the snippet are compared.
    pub fn snippet(&self, text: &str, length: usize) -> Vec<SnippetSegment> {
        let words = word_ranges(text);
        if words.is_empty() {
            return Vec::new();
        }
        let first_hit = (0..words.len())
            .find(|&at| self.match_at(text, &words, at).is_some())
            .unwrap_or(0);
        let first = first_hit.saturating_sub(SNIPPET_LEAD);
        let shown = &words[first..(first + length).min(words.len())];
        let window = shown[0].start..shown[shown.len() - 1].end;
        let mut pieces = segments(text, window.clone(), &self.matches(text, shown));
        for piece in &mut pieces {
            piece.text = piece.text.replace("\n\n", " ").replace('\n', " ");
        }
        if window.start > 0 {
            pieces.insert(
                0,
                SnippetSegment {
                    text: "…".into(),
                    hit: false,
                },
            );
        }
        if window.end < text.len() {
            pieces.push(SnippetSegment {
                text: "…".into(),
                hit: false,
            });
        }
        merge_neighbours(pieces)
    }
}

/// The part `window` of a text as segments, the `matches` in it marked.
fn segments(text: &str, window: Range<usize>, matches: &[Range<usize>]) -> Vec<SnippetSegment> {
    let mut segments = Vec::new();
    let mut at = window.start;
    for hit in matches {
        let (start, end) = (hit.start.max(at), hit.end.min(window.end));
        if start >= end {
            continue;
        }
        if start > at {
            segments.push(SnippetSegment {
                text: text[at..start].to_string(),
                hit: false,
            });
        }
        segments.push(SnippetSegment {
            text: text[start..end].to_string(),
            hit: true,
        });
        at = end;
    }
    if at < window.end {
        segments.push(SnippetSegment {
            text: text[at..window.end].to_string(),
            hit: false,
        });
    }
    segments
}

/// Joins neighbouring segments of the same kind.
fn merge_neighbours(pieces: Vec<SnippetSegment>) -> Vec<SnippetSegment> {
    let mut merged: Vec<SnippetSegment> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match merged.last_mut() {
            Some(last) if last.hit == piece.hit => last.text.push_str(&piece.text),
            _ => merged.push(piece),
        }
    }
    merged
}

/// Marks the matched words of a text.
pub fn highlight(text: &str, query: &Query) -> Vec<SnippetSegment> {
    Matcher::new(query).mark(text)
}

/// Marks the matched words in an article's title, caption and every block.
pub fn highlight_article(article: &Article, query: &Query) -> Highlights {
    let matcher = Matcher::new(query);
    Highlights {
        title: matcher.mark(&article.title),
        caption: article
            .caption
            .as_deref()
            .map(|caption| matcher.mark(caption)),
        blocks: article
            .blocks
            .iter()
            .map(|block| matcher.mark(&block.text))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(text: &str, query: &str) -> Vec<String> {
        highlight(text, &Query::parse(query))
            .into_iter()
            .filter(|s| s.hit)
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn words_fold_case_and_diacritics() {
        assert_eq!(
            hits("Erdoğan met Lula in São Paulo.", "erdogan sao"),
            ["Erdoğan", "São"]
        );
        assert_eq!(
            hits("NORTH Korean troops", "north korean"),
            ["NORTH", "Korean"]
        );
    }

    #[test]
    fn phrases_match_in_order_and_prefixes_match_starts() {
        assert_eq!(
            hits("a defense pact, not a pact defense", "\"defense pact\""),
            ["defense pact"]
        );
        assert_eq!(
            hits("Takaichi's Takaichi-led cabinet", "takai*"),
            ["Takaichi", "Takaichi"]
        );
        assert_eq!(hits("stakaichi", "takai*"), Vec::<String>::new());
    }

    #[test]
    fn snippets_show_the_words_around_the_first_match() {
        let text = format!(
            "{}the North Korean troops\n\nwere seen {}",
            "word ".repeat(30),
            "more ".repeat(30)
        );
        let snippet = Matcher::new(&Query::parse("korean")).snippet(&text, 12);
        let flat: Vec<(&str, bool)> = snippet.iter().map(|s| (s.text.as_str(), s.hit)).collect();
        assert_eq!(
            flat,
            [
                ("…word word word word the North ", false),
                ("Korean", true),
                (" troops were seen more more…", false)
            ]
        );
        let start = Matcher::new(&Query::parse("absent")).snippet("one two three", 2);
        assert_eq!(
            start,
            [SnippetSegment {
                text: "one two…".into(),
                hit: false
            }]
        );
        assert!(Matcher::new(&Query::parse("x")).snippet("", 5).is_empty());
    }

    #[test]
    fn excluded_terms_are_not_marked_and_text_is_kept_whole() {
        let segments = highlight("Russia and Korea", &Query::parse("korea -russia"));
        let whole: String = segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(whole, "Russia and Korea");
        assert_eq!(hits("Russia and Korea", "korea -russia"), ["Korea"]);
        assert_eq!(highlight("", &Query::parse("x")), vec![]);
    }
}
