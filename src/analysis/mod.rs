//! The one analyzer: how text becomes searchable tokens. The full-text index (through the FTS5
//! tokenizer in `fts5`), the query translator and the snippet/highlight code all use it, so a
//! word is found and marked exactly when the index holds it.
//!
//! - **Words** are runs of letters, digits and combining marks (as SQLite's `unicode61`
//!   tokenizer and Newsdesk before it split text), folded to lower case without diacritics
//!   ("Erdoğan" → "erdogan").
//! - **Chinese, Japanese and Korean** runs become overlapping pairs of characters (Lucene's CJK
//!   bigrams: "自民党" → "自民" "民党"), so that any word inside a sentence is found as the
//!   phrase of its pairs. A run of one character stays one token. See docs/search-analysis.md.
//! - **Stems**: each word of a text whose Snowball stem in the text's language (`language`)
//!   differs from it is also indexed, at the same position, as that stem marked with
//!   `STEM_MARK` ("troops" → "troops" and "troop\u{1}"; "troop" → "troop" alone). The query
//!   asks for the typed word, its marked stems and its stems bare (a word that is its own
//!   stem), so a story with the exact form matches twice and ranks above a stemmed-only match.
//!   Words of fewer than four letters get no stem (`MIN_STEMMED_CHARS`).
//! - **Compounds written with hyphens** ("e-mail", "COVID-19", "news\u{AD}paper" with a soft
//!   hyphen) are their parts, and also the parts joined ("email", "covid19") at the first
//!   part's position and at the last's (`Token::joined`), so that a word typed without its
//!   hyphen finds it, in a phrase too ("email scam" finds "e-mail scam").

mod bulgarian;
pub mod fts5;
mod hebrew;
pub mod language;

use std::ops::{ControlFlow, Range};

pub use language::Stemmer;

/// Words shorter than this are indexed without a stem.
pub const MIN_STEMMED_CHARS: usize = 4;

/// Whether the index holds a stem beside `word` (in a text that has a stemmer). Words of one to
/// three letters (the, of, и, на) are the commonest and Snowball leaves them as they are: their
/// stems would only double the index's work. Words with digits are names and numbers.
pub fn is_stemmed(word: &str) -> bool {
    word.chars().nth(MIN_STEMMED_CHARS - 1).is_some() && !word.bytes().any(|b| b.is_ascii_digit())
}

/// Ends every stem token, so a stem never equals a word (the query asks for either).
pub const STEM_MARK: char = '\u{1}';

/// One token of a text, at one position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// Where the token is in the text, in bytes.
    pub range: Range<usize>,
    /// The folded word, or the pair (or single character) of a CJK run.
    pub text: &'a str,
    /// The word's folded stem, when the text has a stemmer (without `STEM_MARK`).
    pub stem: Option<&'a str>,
    /// Part of a run of paired characters (`is_paired`: Chinese, Japanese, Korean, Thai …).
    pub paired: bool,
    /// A compound read as one word ("e-mail" as "email"), after its first part and again after
    /// its last (a phrase may go on from either end): another reading at the same position as
    /// the token before it, not a word of its own. Its range covers the whole compound.
    pub joined: bool,
}

/// The characters between the parts of a compound: the hyphen-minus, Unicode's hyphen and
/// non-breaking hyphen, and the soft hyphen (invisible: where a word may break across lines).
fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{AD}')
}

/// A compound as written ("E-Mail"), its parts joined ("EMail"): what is folded and stemmed
/// as its joined reading.
pub(crate) fn parts_joined(compound: &str) -> impl Iterator<Item = char> + '_ {
    compound.chars().filter(|&c| !is_joiner(c))
}

/// A compound of more parts than this ("a-b-c-d-e") is read only as its parts.
pub const MOST_JOINED_PARTS: usize = 4;

/// A compound longer than this, in bytes as written, is read only as its parts.
const LONGEST_JOINED_BYTES: usize = 64;

/// True for the characters of scripts written without spaces between words (Han, Kana) and for
/// Hangul, whose particles attach to the word ("평택에").
pub fn is_cjk(c: char) -> bool {
    is_han(c)
        || is_hangul(c)
        || matches!(c,
            '\u{3005}'                // 々 (ideographic iteration mark)
            | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
            | '\u{31F0}'..='\u{31FF}' // Katakana phonetic extensions
            | '\u{FF66}'..='\u{FF9F}' // half-width Katakana
        )
}

/// Korean's letters: Hangul jamo, compatibility jamo and syllables. Korean spaces its words.
pub(crate) fn is_hangul(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7AF}')
}

/// The other scripts written without spaces between words, by their Unicode blocks, with the
/// language each names (BCP 47).
const UNSPACED_SCRIPTS: &[(char, char, &str)] = &[
    ('\u{0E00}', '\u{0E7F}', "th"), // Thai
    ('\u{0E80}', '\u{0EFF}', "lo"), // Lao
    ('\u{1000}', '\u{109F}', "my"), // Myanmar
    ('\u{1780}', '\u{17FF}', "km"), // Khmer
    ('\u{19E0}', '\u{19FF}', "km"), // Khmer symbols
    ('\u{A9E0}', '\u{A9FF}', "my"), // Myanmar extended-B
    ('\u{AA60}', '\u{AA7F}', "my"), // Myanmar extended-A
];

/// The language of a character of Thai, Lao, Khmer or Myanmar script.
pub(crate) fn unspaced_script_language(c: char) -> Option<&'static str> {
    UNSPACED_SCRIPTS
        .iter()
        .find(|&&(first, last, _)| (first..=last).contains(&c))
        .map(|&(.., language)| language)
}

/// True for the characters of scripts whose words are found as overlapping pairs of characters:
/// CJK (`is_cjk`), and Thai, Lao, Khmer and Myanmar, also written without spaces between words.
pub fn is_paired(c: char) -> bool {
    is_cjk(c) || unspaced_script_language(c).is_some()
}

/// True for the CJK characters the index reads in their compatibility composition (NFKC):
/// half-width katakana and their voicing marks, a kana's separate voicing mark, compatibility
/// ideographs.
fn has_compatibility_form(c: char) -> bool {
    matches!(c, '\u{3099}'..='\u{309A}' | '\u{F900}'..='\u{FAFF}' | '\u{FF66}'..='\u{FF9F}')
}

/// True for Han characters (Chinese characters, Japanese kanji).
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'     // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}'   // CJK compatibility ideographs
        | '\u{20000}'..='\u{3134F}' // CJK extensions B–G
    )
}

/// Puts in `out` how the index reads a pair of a paired run: in its compatibility composition
/// (NFKC) when the run has `compatibility` forms, and with traditional Chinese characters as
/// their simplified forms when it has `han` characters (`臺灣` as `台湾`; `simplet2s`, which
/// keeps every character one character). Each pair is read alone, so a pair reads the same in
/// a query as in a story.
fn fold_paired_into(pair: &str, compatibility: bool, han: bool, out: &mut String) {
    use unicode_normalization::UnicodeNormalization;
    out.clear();
    if compatibility {
        out.extend(pair.nfkc());
    } else {
        out.push_str(pair);
    }
    if han && out.chars().any(is_han) {
        *out = simplet2s::convert(out);
    }
}

/// A mark that belongs to the character before it in a paired run: a kana's voicing mark
/// ("ｶﾞ" and "か\u{3099}" are one character each, "ガ" and "が"), a Thai vowel sign or tone mark
/// ("ที่" is one character), any combining mark.
fn belongs_to_previous(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c) || matches!(c, '\u{FF9E}' | '\u{FF9F}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Appends `word` in lower case without diacritics, in its compatibility form (full-width
/// "ＷＨＯ" and "２０２６" as "who" and "2026", the ligature "ﬁ" as "fi"), with Greek's final
/// sigma as its sigma (a word typed in capitals, "ΕΚΛΟΓΕΣ", lowers to a final "σ").
pub fn fold_into(word: &str, out: &mut String) {
    use unicode_normalization::UnicodeNormalization;
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.extend(
            word.nfkd()
                .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .map(|c| if c == 'ς' { 'σ' } else { c }),
        );
    }
}

/// A word in lower case without diacritics ("Erdoğan" → "erdogan").
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    fold_into(word, &mut out);
    out
}

/// A run of text of one kind.
enum Run {
    Word(Range<usize>),
    Paired(Range<usize>),
}

/// The word and paired runs of a text, in order: a run starts at a letter, a digit or a paired
/// character (`is_paired`); a paired run goes on while paired characters follow, a word while
/// letters, digits and combining marks (not paired) do. ASCII, most of most texts, is read a
/// byte at a time; other characters are decoded and classified.
fn runs(text: &str) -> impl Iterator<Item = Run> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    // The character at `at` (a char boundary) and its length.
    let char_at = move |at: usize| -> Option<char> { text.get(at..)?.chars().next() };
    std::iter::from_fn(move || {
        let (start, paired) = loop {
            let byte = *bytes.get(at)?;
            let start = at;
            if byte.is_ascii() {
                at += 1;
                if byte.is_ascii_alphanumeric() {
                    break (start, false);
                }
                continue;
            }
            let c = char_at(at)?;
            at += c.len_utf8();
            if is_paired(c) {
                break (start, true);
            }
            if c.is_alphanumeric() {
                break (start, false);
            }
        };
        if paired {
            while let Some(c) = char_at(at).filter(|&c| is_paired(c)) {
                at += c.len_utf8();
            }
            Some(Run::Paired(start..at))
        } else {
            at = word_end(text, at);
            Some(Run::Word(start..at))
        }
    })
}

/// Where the word that goes on at `at` ends: letters, digits and combining marks that are not
/// paired. ASCII is read a byte at a time.
fn word_end(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while let Some(&byte) = bytes.get(at) {
        if byte.is_ascii() {
            if !byte.is_ascii_alphanumeric() {
                break;
            }
            at += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        if !is_word_char(c) || is_paired(c) {
            break;
        }
        at += c.len_utf8();
    }
    at
}

/// The word that starts at `at`, if one does: a letter or digit (not paired), then `word_end`.
fn word_at(text: &str, at: usize) -> Option<Range<usize>> {
    let c = text.get(at..)?.chars().next()?;
    (c.is_alphanumeric() && !is_paired(c)).then(|| at..word_end(text, at + c.len_utf8()))
}

/// The compound that starts with the word `first`: the words that follow it, each after one
/// joiner (`is_joiner`). Returns where the chain of parts ends, and whether it is read joined
/// too: two to `MOST_JOINED_PARTS` parts, not longer than `LONGEST_JOINED_BYTES`, one of them
/// with a letter (a date such as "2026-12-07" is not a word).
fn compound(text: &str, first: Range<usize>) -> (usize, bool) {
    let is_number = |part: &str| part.chars().all(char::is_numeric);
    let (mut end, mut parts, mut letters) = (first.end, 1, !is_number(&text[first.clone()]));
    while let Some(joiner) = text[end..].chars().next().filter(|&c| is_joiner(c))
        && let Some(part) = word_at(text, end + joiner.len_utf8())
    {
        letters |= !is_number(&text[part.clone()]);
        (end, parts) = (part.end, parts + 1);
    }
    let joined = (2..=MOST_JOINED_PARTS).contains(&parts)
        && end - first.start <= LONGEST_JOINED_BYTES
        && letters;
    (end, joined)
}

/// The buffers a word is read into, reused from word to word.
#[derive(Default)]
struct WordBuffers {
    folded: String,
    lower: String,
    stem: String,
}

impl WordBuffers {
    /// `word` folded, and its stem when there is a stemmer and the word has one.
    fn read(&mut self, word: &str, stemmer: Option<&Stemmer>) -> (&str, Option<&str>) {
        self.folded.clear();
        fold_into(word, &mut self.folded);
        let stem = match stemmer {
            Some(stemmer) if is_stemmed(word) => {
                self.stem.clear();
                stemmer.stem_into(word, &mut self.lower, &mut self.stem);
                Some(self.stem.as_str())
            }
            _ => None,
        };
        (&self.folded, stem)
    }
}

/// Calls `emit` with every token of `text`, in order, until it breaks. Words are stemmed with
/// `stemmer` when there is one (paired runs never are). A compound's joined reading
/// (`Token::joined`) follows its first part and its last.
///
/// The folded forms live in buffers reused from token to token: nothing is allocated per token
/// but a stem that changes the word.
pub fn tokens<B>(
    text: &str,
    stemmer: Option<&Stemmer>,
    mut emit: impl FnMut(Token<'_>) -> ControlFlow<B>,
) -> ControlFlow<B> {
    let mut words = WordBuffers::default();
    let mut folded = String::new();
    let mut joined = String::new();
    // The last compound: where it ends (the words before are its parts), and where it starts
    // if it is read joined.
    let mut compound_end = 0;
    let mut joined_from = None;
    for run in runs(text) {
        match run {
            Run::Word(range) => {
                let (folded, stem) = words.read(&text[range.clone()], stemmer);
                emit(Token {
                    range: range.clone(),
                    text: folded,
                    stem,
                    paired: false,
                    joined: false,
                })?;
                let start = if range.start < compound_end {
                    // A later part of the compound: after its last, the joined reading again,
                    // for what follows the compound.
                    if range.end < compound_end {
                        continue;
                    }
                    joined_from.take()
                } else {
                    let (end, read_joined) = compound(text, range.clone());
                    compound_end = end;
                    joined_from = read_joined.then_some(range.start);
                    if read_joined {
                        joined.clear();
                        joined.extend(parts_joined(&text[range.start..end]));
                    }
                    joined_from
                };
                if let Some(start) = start {
                    let (folded, stem) = words.read(&joined, stemmer);
                    emit(Token {
                        range: start..compound_end,
                        text: folded,
                        stem,
                        paired: false,
                        joined: true,
                    })?;
                }
            }
            Run::Paired(range) => {
                let run = &text[range.clone()];
                let (compatibility, han) = (
                    run.chars().any(has_compatibility_form),
                    run.chars().any(is_han),
                );
                // Where each character starts (with its marks), then the run's end.
                let mut bounds = run
                    .char_indices()
                    .filter(|&(at, c)| at == 0 || !belongs_to_previous(c))
                    .map(|(at, _)| at)
                    .chain([run.len()]);
                let (Some(mut from), Some(mut next)) = (bounds.next(), bounds.next()) else {
                    continue;
                };
                // A lone character is its own token; otherwise each pair of neighbours is one.
                let mut to = bounds.next().unwrap_or(next);
                loop {
                    let pair = &run[from..to];
                    let text = if compatibility || han {
                        fold_paired_into(pair, compatibility, han, &mut folded);
                        folded.as_str()
                    } else {
                        pair
                    };
                    emit(Token {
                        range: range.start + from..range.start + to,
                        text,
                        stem: None,
                        paired: true,
                        joined: false,
                    })?;
                    let Some(after) = bounds.next() else { break };
                    (from, next, to) = (next, to, after);
                }
            }
        }
    }
    ControlFlow::Continue(())
}

/// How many words a text has, for its length and reading time: its words as the index reads
/// them (runs of letters, digits and their marks: a Hindi vowel sign does not split a word),
/// and in Chinese, Japanese, Thai, Lao, Khmer and Burmese, which do not space their words, a
/// word for every two characters of a run (their words are mostly of one to three). A run of
/// Hangul is one word: Korean spaces its words.
pub fn word_count(text: &str) -> usize {
    runs(text)
        .map(|run| match run {
            Run::Word(_) => 1,
            Run::Paired(range) if text[range.clone()].chars().any(is_hangul) => 1,
            Run::Paired(range) => text[range]
                .chars()
                .filter(|&c| !belongs_to_previous(c))
                .count()
                .div_ceil(2),
        })
        .sum()
}

/// The tokens of a text (without stems and joined readings), owned: (where, folded text). For
/// short texts such as query terms.
pub fn token_list(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let _ = tokens::<()>(text, None, |token| {
        if !token.joined {
            out.push((token.range, token.text.to_string()));
        }
        ControlFlow::Continue(())
    });
    out
}

/// A text that is one compound written with hyphens ("e-mail", "COVID-19"), read joined
/// ("email", "covid19"), as the index also holds it.
pub fn joined_reading(text: &str) -> Option<String> {
    let (mut words, mut readings) = (Vec::new(), Vec::new());
    let _ = tokens::<()>(text, None, |token| {
        if token.joined {
            readings.push((token.range, token.text.to_string()));
        } else {
            words.push(token.range);
        }
        ControlFlow::Continue(())
    });
    // Read after its first part and after its last: one compound, one reading.
    readings.dedup();
    let [(compound, reading)] = <[_; 1]>::try_from(readings).ok()?;
    words
        .iter()
        .all(|word| compound.start <= word.start && word.end <= compound.end)
        .then_some(reading)
}

/// The lengths, in characters, of the word starts the prefix table holds (`articles_prefixes`):
/// a typed prefix of these lengths is looked up there; a longer one is found in the index's
/// words themselves (FTS5 reads the few words that start with it).
pub const INDEXED_PREFIX_CHARS: [usize; 2] = [2, 3];
pub const LONGEST_INDEXED_PREFIX: usize = 3;

/// The prefix-table term of a typed prefix (folded, one word, not CJK), if the table holds
/// prefixes of its length.
pub fn indexed_prefix(folded: &str) -> Option<&str> {
    let chars = folded.chars().count();
    (INDEXED_PREFIX_CHARS.contains(&chars) && !folded.chars().any(is_paired)).then_some(folded)
}

/// Marks a word start that is in the title (`article_prefix_terms`). Not a letter or a digit,
/// so never part of a word; not ASCII, so the table's `ascii` tokenizer keeps it in the term.
pub const TITLE_START_MARK: char = '§';

/// What the prefix table holds for an article: every distinct start (`INDEXED_PREFIX_CHARS`
/// long) of the words of its texts, sorted, one space apart (the table's `ascii` tokenizer
/// splits there and keeps every other character), then again those of its title, marked with
/// `TITLE_START_MARK` (so that a word being typed can rank title matches first). Once per article, without positions: a
/// fraction of what FTS5's own prefix indexes cost an import (docs/search-analysis.md).
pub fn article_prefix_terms<'a>(title: &'a str, rest: impl IntoIterator<Item = &'a str>) -> String {
    let mut starts = WordStarts::default();
    starts.add_text(title, true);
    for text in rest {
        starts.add_text(text, false);
    }
    starts.terms()
}

/// The word starts of an article, collected. Each start is packed in a number (its UTF-8 bytes,
/// left-aligned: at most 3 × 4 of 16), so that sorting and removing repeats compare numbers.
#[derive(Default)]
pub(crate) struct WordStarts {
    all: Vec<u128>,
    in_title: Vec<u128>,
}

impl WordStarts {
    /// The starts of a folded word.
    fn add(&mut self, word: &str, in_title: bool) {
        let mut bytes = [0_u8; 16];
        let mut len = 0;
        for (chars, c) in (1..).zip(word.chars()) {
            c.encode_utf8(&mut bytes[len..]);
            len += c.len_utf8();
            if INDEXED_PREFIX_CHARS.contains(&chars) {
                let key = u128::from_be_bytes(bytes);
                self.all.push(key);
                if in_title {
                    self.in_title.push(key);
                }
            }
            if chars == LONGEST_INDEXED_PREFIX {
                break;
            }
        }
    }

    /// The starts of a text's token, if it is a word or a compound's joined reading (not a
    /// stem, not paired characters).
    pub(crate) fn add_token(&mut self, token: &str, in_title: bool) {
        if !token.ends_with(STEM_MARK) && !token.starts_with(is_paired) {
            self.add(token, in_title);
        }
    }

    /// The starts of the words of a text (and of its compounds read joined).
    pub(crate) fn add_text(&mut self, text: &str, in_title: bool) {
        let _ = tokens::<()>(text, None, |token| {
            self.add_token(token.text, in_title);
            ControlFlow::Continue(())
        });
    }

    /// The prefix table's terms: every start, then the title's marked (`TITLE_START_MARK`).
    pub(crate) fn terms(mut self) -> String {
        let mut terms = String::with_capacity(self.all.len() * 4);
        for (keys, mark) in [
            (&mut self.all, None),
            (&mut self.in_title, Some(TITLE_START_MARK)),
        ] {
            keys.sort_unstable();
            keys.dedup();
            for key in keys.iter() {
                let bytes = key.to_be_bytes();
                let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
                let Ok(start) = std::str::from_utf8(&bytes[..len]) else {
                    continue;
                };
                if !terms.is_empty() {
                    terms.push(' ');
                }
                terms.push_str(start);
                terms.extend(mark);
            }
        }
        terms
    }
}

/// The stems a typed word may have in the index: its folded stem under every stemmer of its
/// script, without repeats (the word itself among them when a stemmer leaves it as it is:
/// "miting" is the stem of "mitingde"; see `Stemmer::query_stems_into`).
pub fn query_stems(word: &str) -> Vec<String> {
    let mut stems: Vec<String> = Vec::new();
    for stemmer in Stemmer::for_query_word(word) {
        stemmer.query_stems_into(word, &mut stems);
    }
    stems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(text: &str, stemmer: Option<&Stemmer>) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        let _ = tokens::<()>(text, stemmer, |token| {
            assert_eq!(
                token.paired,
                text[token.range.clone()].chars().all(is_paired),
                "{token:?}"
            );
            out.push((token.text.to_string(), token.stem.map(str::to_string)));
            ControlFlow::Continue(())
        });
        out
    }

    fn texts(text: &str) -> Vec<String> {
        all(text, None).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn words_are_folded_runs_of_letters_and_digits() {
        assert_eq!(
            texts("Erdoğan met Lula in São Paulo, don't 3.5%"),
            [
                "erdogan", "met", "lula", "in", "sao", "paulo", "don", "t", "3", "5"
            ]
        );
        assert_eq!(texts("  ,;!  "), Vec::<String>::new());
        // Devanagari vowel signs are combining marks inside the word.
        assert_eq!(texts("हिन्दी भाषा").len(), 2);
    }

    #[test]
    fn words_fold_to_their_compatibility_forms_and_greek_sigma() {
        // Full-width letters and digits, as Japanese news writes them, and a ligature.
        assert_eq!(
            texts("ＷＨＯは２０２６年 ﬁnancial Ｇ７"),
            ["who", "は", "2026", "年", "financial", "g7"]
        );
        // Greek in capitals (as a query is often typed) and in running text: one word.
        assert_eq!(texts("ΕΚΛΟΓΕΣ ΕΚΛΟΓΈΣ εκλογές"), ["εκλογεσ"; 3]);
    }

    #[test]
    fn cjk_runs_become_overlapping_pairs() {
        assert_eq!(
            texts("高市首相が自民党の総裁に"),
            [
                "高市", "市首", "首相", "相が", "が自", "自民", "民党", "党の", "の総", "総裁",
                "裁に"
            ]
        );
        assert_eq!(texts("米 平택"), ["米", "平택"]);
        // Half-width katakana, a separate voicing mark and a compatibility ideograph are read as
        // their usual forms; a voicing mark counts with its kana, in the text's ranges too.
        assert_eq!(texts("ｺﾛﾅ"), texts("コロナ"));
        assert_eq!(texts("ｶﾞｽ"), ["ガス"]);
        // Traditional Chinese characters are read as simplified ones.
        assert_eq!(texts("臺灣總統"), ["台湾", "湾总", "总统"]);
        assert_eq!(texts("臺灣總統"), texts("台湾总统"));
        assert_eq!(texts("か\u{3099}す 金\u{F90A}"), ["がす", "金金"]);
        let mut pairs = Vec::new();
        let _ = tokens::<()>("ｶﾞｽﾞｲ", None, |t| {
            pairs.push((t.text.to_string(), t.range));
            ControlFlow::Continue(())
        });
        assert_eq!(pairs, [("ガズ".into(), 0..12), ("ズイ".into(), 6..15)]);
    }

    #[test]
    fn thai_lao_khmer_and_burmese_runs_become_pairs_of_characters_with_their_marks() {
        // "นายกฯ ที่เชียงใหม่": a vowel sign or tone mark goes with its consonant ("ที่" is one).
        assert_eq!(texts("ที่เชียง"), ["ที่เ", "เชี", "ชีย", "ยง"]);
        // A word inside a sentence is found as the phrase of its pairs.
        let sentence = texts("นายกรัฐมนตรีเดินทางไปเชียงใหม่");
        let word = texts("เชียงใหม่");
        assert!(
            sentence.windows(word.len()).any(|w| w == word),
            "{sentence:?}"
        );
        assert_eq!(texts("ລາວ ខ្មែរ မြန်"), ["ລາ", "າວ", "ខ្មែ", "មែរ", "မြန်"]);
        assert_eq!(texts("평택에 Seoul"), ["평택", "택에", "seoul"]);
        let mut ranges = Vec::new();
        let _ = tokens::<()>("a 北京市", None, |t| {
            ranges.push(t.range);
            ControlFlow::Continue(())
        });
        assert_eq!(ranges, [0..1, 2..8, 5..11]);
    }

    #[test]
    fn compounds_written_with_hyphens_are_also_read_joined() {
        let text = "E-Mail: COVID\u{2011}19 news\u{AD}paper, 2026-12-07 a-b-c-d-e well- -ish";
        let mut read = Vec::new();
        let _ = tokens::<()>(text, None, |t| {
            read.push((t.text.to_string(), &text[t.range], t.joined));
            ControlFlow::Continue(())
        });
        let joined: Vec<_> = read.iter().filter(|(.., joined)| *joined).collect();
        let email = ("email".to_string(), "E-Mail", true);
        let covid = ("covid19".to_string(), "COVID\u{2011}19", true);
        let newspaper = ("newspaper".to_string(), "news\u{AD}paper", true);
        assert_eq!(
            joined,
            [&email, &email, &covid, &covid, &newspaper, &newspaper]
        );
        // The parts are read as before, the joined reading after the first and the last.
        assert_eq!(
            &read[..4],
            [
                ("e".to_string(), "E", false),
                email.clone(),
                ("mail".to_string(), "Mail", false),
                email,
            ]
        );
        assert_eq!(read.len(), 4 + 4 + 4 + 3 + 5 + 2);
        // A joined reading is stemmed as a word.
        let english = Stemmer::for_language(whatlang::Lang::Eng).unwrap();
        assert_eq!(
            all("e-mails", Some(&english))[1],
            ("emails".into(), Some("email".into()))
        );
        assert_eq!(joined_reading("E-Mail"), Some("email".into()));
        assert_eq!(joined_reading("COVID-19,"), Some("covid19".into()));
        for text in [
            "e-mail address",
            "email",
            "2026-12-07",
            "a-b-c-d-e",
            "-mail",
            "首相-会見",
        ] {
            assert_eq!(joined_reading(text), None, "{text}");
        }
        // A chain of parts, however long, is read once (no reading again from each part).
        let chain = "a-".repeat(200_000);
        let mut count = 0;
        let _ = tokens::<()>(&chain, None, |_| {
            count += 1;
            ControlFlow::Continue(())
        });
        assert_eq!(count, 200_000);
    }

    #[test]
    fn words_have_stems_when_the_text_has_a_stemmer() {
        let english = Stemmer::for_language(whatlang::Lang::Eng).unwrap();
        assert_eq!(
            all("Troops troop 2024s the", Some(&english)),
            [
                ("troops".into(), Some("troop".into())),
                ("troop".into(), Some("troop".into())),
                ("2024s".into(), None),
                ("the".into(), None)
            ]
        );
        let german = Stemmer::for_language(whatlang::Lang::Deu).unwrap();
        let stems = all("Haushaltspläne Haushaltsplan", Some(&german));
        assert_eq!(stems[0].1, Some("haushaltsplan".into()));
        assert_eq!(stems[1].1, Some("haushaltsplan".into()));
        assert_eq!(all("Troops", None), [("troops".into(), None)]);
    }

    #[test]
    fn prefix_terms_are_the_distinct_starts_of_words() {
        assert_eq!(
            article_prefix_terms("", ["Takaichi takes", "a Tak-tak; Ürün 2024 高市"]),
            "20 202 ta tak ur uru"
        );
        assert_eq!(article_prefix_terms("", ["Граница", ""]), "гр гра");
        assert_eq!(article_prefix_terms("a б 首相", []), "");
        assert_eq!(
            article_prefix_terms("Tak", ["", "de tak"]),
            "de ta tak ta§ tak§"
        );
        // A compound's joined reading has its starts too ("e-mail": em, ema).
        assert_eq!(article_prefix_terms("", ["e-mail"]), "em ema ma mai");
        assert_eq!(indexed_prefix("ta"), Some("ta"));
        assert_eq!(indexed_prefix("tak"), Some("tak"));
        assert_eq!(indexed_prefix("t"), None);
        assert_eq!(indexed_prefix("taka"), None);
        assert_eq!(indexed_prefix("首相"), None);
    }

    proptest::proptest! {
        /// The runs are those of the definition read a character at a time (what every index
        /// was built with: a change here would leave their words unfindable and undeletable).
        #[test]
        fn runs_are_the_definitions_runs(
            text in "([a-zA-Z0-9 .,'-]|[\\u{300}-\\u{36F}]|[À-ɏ]|[Α-ω]|[а-я]|[ء-ي]|[\\u{900}-\\u{97F}]|[ぁ-ヿ]|[一-龥]|[가-힣]|[\\u{1100}-\\u{11FF}]|[\\u{E00}-\\u{E7F}]|[\\u{20000}-\\u{20010}]|\\PC){0,40}"
        ) {
            let oracle: Vec<(Range<usize>, bool)> = {
                let mut out = Vec::new();
                let mut chars = text.char_indices().peekable();
                while let Some((start, c)) = chars.next() {
                    let paired = is_paired(c);
                    if !paired && !c.is_alphanumeric() {
                        continue;
                    }
                    let mut end = start + c.len_utf8();
                    while let Some(&(at, next)) = chars.peek() {
                        let same = if paired { is_paired(next) } else { is_word_char(next) && !is_paired(next) };
                        if !same {
                            break;
                        }
                        end = at + next.len_utf8();
                        chars.next();
                    }
                    out.push((start..end, paired));
                }
                out
            };
            let found: Vec<(Range<usize>, bool)> = runs(&text)
                .map(|run| match run {
                    Run::Word(range) => (range, false),
                    Run::Paired(range) => (range, true),
                })
                .collect();
            proptest::prop_assert_eq!(found, oracle);
        }
    }

    #[test]
    fn words_are_counted_as_read() {
        assert_eq!(word_count("Troops deployed to the border, on Tuesday."), 7);
        // Vowel signs belong to their words.
        assert_eq!(word_count("चुनाव आयोग ने मतदाताओं से अपील की"), 7);
        // Unspaced scripts: a word for every two characters (eleven of Japanese, then two
        // words; seven Thai characters with their two marks).
        assert_eq!(word_count("高市首相は自民党の役員 and more"), 6 + 2);
        assert_eq!(word_count("เชียงใหม่"), 4);
        // Korean spaces its words.
        assert_eq!(word_count("서울 집값 다시 올라갔습니다"), 4);
        assert_eq!(word_count(""), 0);
    }

    #[test]
    fn tokens_stop_when_asked() {
        let mut seen = 0;
        let flow = tokens("one two three", None, |_| {
            seen += 1;
            if seen == 2 {
                ControlFlow::Break("stop")
            } else {
                ControlFlow::Continue(())
            }
        });
        assert_eq!((flow, seen), (ControlFlow::Break("stop"), 2));
    }
}
