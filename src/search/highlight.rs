//! Finding the words of a text that a query matches, through the same analyzer as the index —
//! case and diacritics folded, stems in the text's language, CJK pairs, phrases in order,
//! prefixes — for the reader (the whole article, matches marked) and for search results
//! (a snippet around the first match). Plain text segments, never markup.

use std::cell::OnceCell;
use std::ops::{ControlFlow, Range};

use super::query::{Query, WordForms, splits_at};
use crate::analysis::language::{field_stemmer, in_language};
use crate::analysis::{MOST_JOINED_PARTS, Stemmer, Token, is_stemmed, parts_joined, tokens};
use crate::model::{Article, Highlights, SnippetSegment};

/// Words shown before the first match in a snippet.
const SNIPPET_LEAD: usize = 6;

/// A text's tokens as the analyzer reads them, and what is needed to compare them with a query:
/// the stemmer of the text's language, found only if a stem has to be compared.
struct Analyzed<'t> {
    text: &'t str,
    /// Each token's place in the text, and that of its folded form in `folded` (one buffer, not
    /// a string per token).
    tokens: Vec<(Range<usize>, Range<usize>)>,
    folded: String,
    /// The compounds read joined (`Token::joined`): the token of their first part or of their
    /// last (each compound is read after both), and as `tokens`. Few, in order.
    joined: Vec<(usize, Range<usize>, Range<usize>)>,
    /// The stemmer of the text's language: given, or detected on the text when first needed.
    stemmer: OnceCell<Option<Stemmer>>,
}

impl<'t> Analyzed<'t> {
    /// No token read yet (`push` adds them).
    fn new(text: &'t str) -> Analyzed<'t> {
        Analyzed {
            text,
            tokens: Vec::new(),
            folded: String::new(),
            joined: Vec::new(),
            stemmer: OnceCell::new(),
        }
    }

    /// A text with all its tokens read.
    fn whole(text: &'t str) -> Analyzed<'t> {
        let mut analyzed = Analyzed::new(text);
        let _ = tokens::<()>(text, None, |token| {
            analyzed.push(&token);
            ControlFlow::Continue(())
        });
        analyzed
    }

    fn push(&mut self, token: &Token) {
        let start = self.folded.len();
        self.folded.push_str(token.text);
        let (range, folded) = (token.range.clone(), start..self.folded.len());
        match token.joined {
            true => self.joined.push((self.tokens.len() - 1, range, folded)),
            false => self.tokens.push((range, folded)),
        }
    }

    fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Where token `at` is in the text.
    fn range(&self, at: usize) -> Range<usize> {
        self.tokens[at].0.clone()
    }

    /// What matches if token `at` is one of a word's forms (its start, for a prefix), as the
    /// index would match it: the token itself, or the compound it starts read joined, or, when
    /// more words of a phrase follow (`followed`), the compound it ends.
    fn match_range(
        &self,
        at: usize,
        word: &WordForms,
        prefix: bool,
        followed: bool,
    ) -> Option<Range<usize>> {
        let (range, folded) = &self.tokens[at];
        if self.is(
            &self.text[range.clone()],
            &self.folded[folded.clone()],
            word,
            prefix,
        ) {
            return Some(range.clone());
        }
        let first = self.joined.partition_point(|(part, ..)| *part < at);
        self.joined[first..]
            .iter()
            .take_while(|(part, ..)| *part == at)
            .filter(|(_, compound, _)| followed || compound.start == range.start)
            .find(|(_, compound, folded)| {
                let written: String = parts_joined(&self.text[compound.clone()]).collect();
                self.is(&written, &self.folded[folded.clone()], word, prefix)
            })
            .map(|(_, compound, _)| compound.clone())
    }

    /// The token where a compound that starts at token `at` and covers `range` ends (its last
    /// part), if `range` is one.
    fn compound_from(&self, at: usize, range: &Range<usize>) -> Option<usize> {
        let token = &self.tokens[at].0;
        if range.start != token.start || range.end <= token.end {
            return None;
        }
        (at + 1..self.len()).find(|&part| self.tokens[part].0.end == range.end)
    }

    /// Whether a word (as written, and folded) is one of a word's forms (its start, for a
    /// prefix), as the index would match it: the folded word, a word spelt as one of its stems,
    /// or a word whose stem in the text's language is one of them.
    fn is(&self, word_text: &str, folded: &str, word: &WordForms, prefix: bool) -> bool {
        if folded == word.folded
            || (prefix && folded.starts_with(&word.folded))
            || word.bare_stems().any(|stem| stem == folded)
        {
            return true;
        }
        // As in the index: short words have no stem.
        if word.stems.is_empty() || !is_stemmed(word_text) {
            return false;
        }
        let stemmer = self.stemmer.get_or_init(|| Stemmer::for_text(self.text));
        let Some(stemmer) = stemmer else {
            return false;
        };
        // Where a stem starts like its word, only the tokens that do are stemmed.
        let first = folded.chars().next();
        if stemmer.keeps_first_letter()
            && !word.stems.iter().any(|stem| stem.chars().next() == first)
        {
            return false;
        }
        word.stems.contains(&stemmer.stem(word_text))
    }
}

/// One term a query looks for, as the highlighter compares it.
struct Wanted {
    words: Vec<WordForms>,
    /// Its last word is a prefix.
    prefix: bool,
    /// A phrase also found with one compound in its middle (`Term::splits_at_compounds`).
    splits: bool,
}

impl Wanted {
    /// The most tokens a match can cover: its words, and a compound's other parts in a phrase
    /// that splits around one.
    fn tokens(&self) -> usize {
        let compound = if self.splits {
            MOST_JOINED_PARTS - 1
        } else {
            0
        };
        self.words.len() + compound
    }
}

/// The words a query looks for (its excluded terms are not marked).
pub struct Matcher {
    terms: Vec<Wanted>,
}

impl Matcher {
    pub fn new(query: &Query) -> Matcher {
        let terms = query
            .highlight_terms()
            .into_iter()
            .flat_map(|term| {
                let joined = term.joined();
                std::iter::once(term).chain(joined)
            })
            .map(|term| {
                let words = term.words();
                Wanted {
                    splits: term.splits_at_compounds(words.len()),
                    prefix: term.prefix,
                    words,
                }
            })
            .filter(|wanted| !wanted.words.is_empty())
            .collect();
        Matcher { terms }
    }

    /// The byte range of the term matching at token `at` of a text, if one does.
    fn match_at(&self, text: &Analyzed, at: usize, end: usize) -> Option<Range<usize>> {
        self.terms.iter().find_map(|wanted| {
            let last = wanted.words.len() - 1;
            if at + last >= end {
                return None;
            }
            // From where its first word's match starts (a compound's first part, when the
            // word is its joined reading) to where its last word's ends.
            let (mut matched, mut next, mut may_split) = (None::<Range<usize>>, at, wanted.splits);
            for (k, word) in wanted.words.iter().enumerate() {
                if next >= end {
                    return None;
                }
                let prefix = wanted.prefix && k == last;
                let range = text.match_range(next, word, prefix, k < last)?;
                next = match text.compound_from(next, &range) {
                    // A middle word read as a compound that starts here: the phrase goes on
                    // after the compound's last part, as the index finds it (once a phrase).
                    Some(last_part)
                        if may_split && 0 < k && k < last && splits_at(&word.folded) =>
                    {
                        may_split = false;
                        last_part + 1
                    }
                    _ => next + 1,
                };
                matched = Some(matched.map_or(range.clone(), |from| from.start..range.end));
            }
            matched
        })
    }

    /// The byte ranges of the matches among tokens `from..to` of a text, in order, not
    /// overlapping.
    fn matches(&self, text: &Analyzed, tokens: Range<usize>) -> Vec<Range<usize>> {
        let mut merged: Vec<Range<usize>> = Vec::new();
        for at in tokens.clone() {
            if let Some(range) = self.match_at(text, at, tokens.end) {
                match merged.last_mut() {
                    Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                    _ => merged.push(range),
                }
            }
        }
        merged
    }

    /// The whole text as segments, the matched words marked; stems compared in the text's
    /// language, detected on it if a stem has to be compared.
    pub fn mark(&self, text: &str) -> Vec<SnippetSegment> {
        self.mark_analyzed(&Analyzed::whole(text))
    }

    /// `mark`, with stems compared by `stemmer` (as the index stemmed the text).
    fn mark_stemmed(&self, text: &str, stemmer: Option<Stemmer>) -> Vec<SnippetSegment> {
        let analyzed = Analyzed::whole(text);
        let _ = analyzed.stemmer.set(stemmer);
        self.mark_analyzed(&analyzed)
    }

    fn mark_analyzed(&self, analyzed: &Analyzed) -> Vec<SnippetSegment> {
        let all = 0..analyzed.len();
        segments(
            analyzed.text,
            0..analyzed.text.len(),
            &self.matches(analyzed, all),
        )
    }

    /// About `length` words around the first match (or the start of the text when nothing
    /// matches), matched words marked, "…" where text is left out. Line breaks become spaces.
    /// The text is tokenized only up to the snippet's last word, and only the words up to the
    /// first match and those in the snippet are compared. `stemmed_as`: how the index stemmed
    /// the text (`Stemmer::recorded`), if known; otherwise its language is detected, if a stem
    /// has to be compared.
    pub fn snippet(
        &self,
        text: &str,
        length: usize,
        stemmed_as: Option<&str>,
    ) -> Vec<SnippetSegment> {
        let mut analyzed = Analyzed::new(text);
        if let Some(stemmer) = stemmed_as.and_then(Stemmer::from_recorded) {
            let _ = analyzed.stemmer.set(stemmer);
        }
        // A match at a token is known once the longest term's words after it are read, and the
        // token after them (a compound's joined reading comes after its first part).
        let longest = self.terms.iter().map(Wanted::tokens).max().unwrap_or(1);
        let mut unmatched = 0; // the tokens before this one start no match
        let mut first_hit = self.terms.is_empty().then_some(0);
        let _ = tokens(text, None, |token| {
            analyzed.push(&token);
            let count = analyzed.len();
            while first_hit.is_none() && unmatched + longest < count {
                if self.match_at(&analyzed, unmatched, count).is_some() {
                    first_hit = Some(unmatched);
                } else {
                    unmatched += 1;
                }
            }
            match first_hit {
                Some(hit) if count >= hit.saturating_sub(SNIPPET_LEAD) + length => {
                    ControlFlow::Break(())
                }
                _ => ControlFlow::Continue(()),
            }
        });
        let count = analyzed.len();
        if count == 0 {
            return Vec::new();
        }
        // The last tokens, too few for the longest term, may still start a shorter one.
        let first_hit = first_hit
            .or_else(|| {
                (unmatched..count).find(|&at| self.match_at(&analyzed, at, count).is_some())
            })
            .unwrap_or(0);
        self.snippet_at(&analyzed, first_hit, length)
    }

    /// `length` words of an analyzed text from `SNIPPET_LEAD` words before token `first_hit`
    /// (its tokens read at least that far), as `snippet` shows them.
    fn snippet_at(
        &self,
        analyzed: &Analyzed,
        first_hit: usize,
        length: usize,
    ) -> Vec<SnippetSegment> {
        let text = analyzed.text;
        let count = analyzed.len();
        let first = first_hit.saturating_sub(SNIPPET_LEAD);
        let shown = first..(first + length).min(count);
        let window = analyzed.range(first).start..analyzed.range(shown.end - 1).end;
        let mut pieces = segments(text, window.clone(), &self.matches(analyzed, shown));
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

/// Marks the matched words in an article's title, caption and every block, stems compared as
/// the index stems them: every block in the whole body's language (detected once), the title
/// and caption as the index reads them (`in_language`, `field_stemmer`).
pub fn highlight_article(article: &Article, query: &Query) -> Highlights {
    let matcher = Matcher::new(query);
    let body = crate::store::stored_body(&article.blocks);
    let body_stemmer = Stemmer::for_text(&body);
    let recorded = Stemmer::recorded(body_stemmer.as_ref());
    let body_language = body_stemmer.map(|stemmer| stemmer.language());
    let mark_field = |text: &str| {
        let (stemmer, _) = field_stemmer(&in_language(recorded, text));
        matcher.mark_stemmed(text, stemmer)
    };
    Highlights {
        title: mark_field(&article.title),
        caption: article.caption.as_deref().map(mark_field),
        blocks: article
            .blocks
            .iter()
            .map(|block| {
                matcher.mark_stemmed(&block.text, body_language.and_then(Stemmer::for_language))
            })
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
        // A phrase goes on from a compound read joined, marked from the compound's start.
        assert_eq!(
            hits("an e-mail scam, an e-mail", "\"email scam\""),
            ["e-mail scam"]
        );
        assert_eq!(
            hits("the Takaichi-led cabinet", "\"takaichiled cabinet\""),
            ["Takaichi-led cabinet"]
        );
        // In a phrase's middle, as the index finds it: up to the compound's first part, then
        // on from its last, over up to two parts between (`Term::split_phrases`).
        assert_eq!(
            hits("the Takaichi-led cabinet", "\"the takaichiled cabinet\""),
            ["the Takaichi-led cabinet"]
        );
        assert_eq!(
            hits(
                "a state-of-the-art plan, a state plan",
                "\"a stateoftheart plan\""
            ),
            ["a state-of-the-art plan"]
        );
        // Once a phrase, as the index splits it once; not in a phrase too long to be split.
        assert_eq!(
            hits("the e-mail co-op scam", "\"the email coop scam\""),
            Vec::<String>::new()
        );
        assert_eq!(
            hits(
                "one two e-mail four five six seven",
                "\"one two email four five six seven\""
            ),
            Vec::<String>::new()
        );
        assert_eq!(
            hits(
                "one two e-mail four five six",
                "\"one two email four five six\""
            ),
            ["one two e-mail four five six"]
        );
    }

    #[test]
    fn snippets_show_the_words_around_the_first_match() {
        let text = format!(
            "{}the North Korean troops\n\nwere seen {}",
            "word ".repeat(30),
            "more ".repeat(30)
        );
        let snippet = Matcher::new(&Query::parse("korean")).snippet(&text, 12, None);
        let flat: Vec<(&str, bool)> = snippet.iter().map(|s| (s.text.as_str(), s.hit)).collect();
        assert_eq!(
            flat,
            [
                ("…word word word word the North ", false),
                ("Korean", true),
                (" troops were seen more more…", false)
            ]
        );
        let start = Matcher::new(&Query::parse("absent")).snippet("one two three", 2, None);
        assert_eq!(
            start,
            [SnippetSegment {
                text: "one two…".into(),
                hit: false
            }]
        );
        assert!(
            Matcher::new(&Query::parse("x"))
                .snippet("", 5, None)
                .is_empty()
        );
    }

    /// The snippet as it was cut from every token of the text, the first match found among all
    /// of them: what the lazy one must equal.
    fn snippet_from_every_token(
        matcher: &Matcher,
        text: &str,
        length: usize,
    ) -> Vec<SnippetSegment> {
        let analyzed = Analyzed::whole(text);
        let count = analyzed.len();
        if count == 0 {
            return Vec::new();
        }
        let first_hit = (0..count)
            .find(|&at| matcher.match_at(&analyzed, at, count).is_some())
            .unwrap_or(0);
        matcher.snippet_at(&analyzed, first_hit, length)
    }

    proptest::proptest! {
        #[test]
        fn the_lazy_snippet_is_the_one_cut_from_every_token(
            words in proptest::collection::vec(proptest::sample::select(vec![
                "troops", "Troop", "north", "Korean", "seen", "takaichi", "Tak", "首相は", "地震",
                "границы", "the", "1",
            ]), 0..60),
            breaks in proptest::collection::vec(proptest::sample::select(vec![" ", "\n", "\n\n", ", "]), 60),
            query in proptest::sample::select(vec![
                "troop", "north korean", "\"north korean\"", "tak*", "首相", "граница", "seen OR 地震",
                "korean -troops", "absent",
            ]),
            length in 1usize..30,
        ) {
            let text: String = words.iter().zip(&breaks).flat_map(|(w, b)| [*w, *b]).collect();
            let matcher = Matcher::new(&Query::parse(query));
            let expected = snippet_from_every_token(&matcher, &text, length);
            proptest::prop_assert_eq!(matcher.snippet(&text, length, None), expected.clone());
            // With the stemming the index recorded, as a search cuts it.
            let recorded = Stemmer::recorded(Stemmer::for_text(&text).as_ref());
            proptest::prop_assert_eq!(matcher.snippet(&text, length, Some(recorded)), expected);
        }
    }

    #[test]
    fn a_snippet_compares_stems_as_the_index_recorded_them() {
        let text = "The troops were seen near the border on Tuesday after the talks.";
        let matcher = Matcher::new(&Query::parse("troop"));
        let marked = |stemmed_as| -> Vec<String> {
            matcher
                .snippet(text, 12, stemmed_as)
                .into_iter()
                .filter(|segment| segment.hit)
                .map(|segment| segment.text)
                .collect()
        };
        assert_eq!(marked(None), ["troops"], "detected: English");
        assert_eq!(marked(Some("eng")), ["troops"]);
        assert_eq!(
            marked(Some("")),
            Vec::<String>::new(),
            "recorded: no stemmer"
        );
        assert_eq!(
            marked(Some("xyz")),
            ["troops"],
            "an unknown record: detected"
        );
    }

    /// Arabic's stemmer takes prefixes off: a word is marked where its stem is found behind
    /// one ("بالكتاب", "with the book", for "كتاب", "book"), in the reader and in a snippet.
    #[test]
    fn stems_behind_a_prefix_are_marked() {
        let text = "قرأ الطلاب الكتاب في المكتبة. وصل بالكتاب الجديد وكتابه إلى المدينة.";
        let marked = ["الكتاب", "بالكتاب", "وكتابه"];
        assert_eq!(hits(text, "كتاب"), marked);
        let snippet = Matcher::new(&Query::parse("كتاب")).snippet(text, 12, Some("ara"));
        let snippet_marks: Vec<&str> = snippet
            .iter()
            .filter(|segment| segment.hit)
            .map(|segment| segment.text.as_str())
            .collect();
        assert_eq!(snippet_marks, marked);
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
