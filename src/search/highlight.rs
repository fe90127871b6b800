//! Marking the words of a text that a query matches, for the reader: the words the search index
//! matched — case and diacritics folded, phrases in order, prefixes — as text segments.

use super::query::{Query, Term};
use crate::model::{Article, Highlights, SnippetSegment};
use crate::text::fold;

/// A word of a text: its byte range and its folded form.
struct Word {
    start: usize,
    end: usize,
    folded: String,
}

fn words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start = None;
    for (index, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(index),
            (false, Some(from)) => {
                words.push(Word {
                    start: from,
                    end: index,
                    folded: fold(&text[from..index]),
                });
                start = None;
            }
            _ => {}
        }
    }
    words
}

/// The folded words of each term, with whether its last word is a prefix.
fn term_words(terms: &[Term]) -> Vec<(Vec<String>, bool)> {
    terms
        .iter()
        .map(|term| {
            let folded = words(&term.text).into_iter().map(|w| w.folded).collect();
            (folded, term.prefix)
        })
        .filter(|(words, _)| !Vec::is_empty(words))
        .collect()
}

/// Splits a text into segments, marking what the terms match.
fn mark(text: &str, terms: &[(Vec<String>, bool)]) -> Vec<SnippetSegment> {
    let words = words(text);
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for (term, prefix) in terms {
        for first in 0..words.len() {
            let Some(candidate) = words.get(first..first + term.len()) else {
                break;
            };
            let last = term.len() - 1;
            let matches = candidate
                .iter()
                .zip(term)
                .enumerate()
                .all(|(k, (word, wanted))| {
                    if *prefix && k == last {
                        word.folded.starts_with(wanted.as_str())
                    } else {
                        word.folded == *wanted
                    }
                });
            if matches {
                ranges.push((candidate[0].start, candidate[last].end));
            }
        }
    }
    ranges.sort_unstable();
    let mut segments = Vec::new();
    let mut at = 0;
    for (start, end) in ranges {
        if end <= at {
            continue;
        }
        let start = start.max(at);
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
    if at < text.len() {
        segments.push(SnippetSegment {
            text: text[at..].to_string(),
            hit: false,
        });
    }
    segments
}

/// Marks the matched words of a text.
pub fn highlight(text: &str, query: &Query) -> Vec<SnippetSegment> {
    mark(text, &term_words(&query.highlight_terms()))
}

/// Marks the matched words in an article's title, caption and every block.
pub fn highlight_article(article: &Article, query: &Query) -> Highlights {
    let terms = term_words(&query.highlight_terms());
    Highlights {
        title: mark(&article.title, &terms),
        caption: article
            .caption
            .as_deref()
            .map(|caption| mark(caption, &terms)),
        blocks: article
            .blocks
            .iter()
            .map(|block| mark(&block.text, &terms))
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
    fn excluded_terms_are_not_marked_and_text_is_kept_whole() {
        let segments = highlight("Russia and Korea", &Query::parse("korea -russia"));
        let whole: String = segments.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(whole, "Russia and Korea");
        assert_eq!(hits("Russia and Korea", "korea -russia"), ["Korea"]);
        assert_eq!(highlight("", &Query::parse("x")), vec![]);
    }
}
