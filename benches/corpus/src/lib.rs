//! A deterministic synthetic news corpus, for benchmarks and load tests.
//!
//! Words are drawn from a vocabulary of about 30,000 made-up words by a Zipf distribution, as in
//! real text: a few words are in almost every story, most are rare. Some words carry
//! diacritics. Titles, captions and paragraphs have news-like lengths (about 3 KB a story, so
//! 100,000 stories are about 300 MB). One story in eight also has a paragraph in Japanese made
//! of common words and particles (written without spaces, as Japanese is), so that search is
//! measured on CJK words inside sentences. The same seed always gives the same corpus (for the
//! locked dependency versions).

use std::io::{self, Write};

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Zipf};

/// The seed the benchmark corpus is generated with.
pub const SEED: u64 = 2026;

/// Vocabulary size.
pub const VOCABULARY: usize = 30_000;
/// Zipf exponent of word frequencies (close to natural language).
const ZIPF_EXPONENT: f64 = 1.07;

const ONSETS: &[&str] = &[
    "b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kr", "l", "m", "n", "p", "pl",
    "pr", "r", "s", "sh", "st", "t", "tr", "v", "w", "z",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"];
const DIACRITIC_VOWELS: &[&str] = &["é", "ü", "ö", "ã", "ø", "å", "í", "ğa", "ş", "ç"];
const CODAS: &[&str] = &["", "", "", "n", "r", "s", "t", "l", "m", "nd", "st", "rk"];
const CREDITS: &[&str] = &["AFP", "Reuters", "AP Photo/Jane Doe", "EPA/JOHN SMITH"];

/// Common Japanese news words, and the particles that join them into sentences.
const CJK_WORDS: &[&str] = &[
    "首相",
    "政府",
    "自民党",
    "経済",
    "地震",
    "選挙",
    "市場",
    "東京",
    "会議",
    "外務省",
    "関税",
    "北京",
    "円安",
    "株価",
    "大統領",
    "国会",
    "予算",
    "防衛",
    "気象庁",
    "台風",
];
const CJK_PARTICLES: &[&str] = &["は", "が", "の", "を", "に", "で", "と", "も"];
/// The share of stories with a Japanese paragraph.
const CJK_STORY_EVERY: u64 = 8;

/// Generates stories; see the module documentation.
pub struct Corpus {
    rng: StdRng,
    vocabulary: Vec<String>,
    zipf: Zipf<f64>,
    stories: u64,
}

impl Corpus {
    pub fn new(seed: u64) -> Corpus {
        let mut rng = StdRng::seed_from_u64(seed);
        let mut vocabulary = Vec::with_capacity(VOCABULARY);
        let mut seen = std::collections::HashSet::new();
        while vocabulary.len() < VOCABULARY {
            let word = invent_word(&mut rng);
            if seen.insert(word.clone()) {
                vocabulary.push(word);
            }
        }
        // Short words first: the most frequent words of a language are its shortest.
        vocabulary.sort_by_key(|word| word.chars().count());
        let zipf = Zipf::new(VOCABULARY as f64, ZIPF_EXPONENT).expect("valid Zipf parameters");
        Corpus {
            rng,
            vocabulary,
            zipf,
            stories: 0,
        }
    }

    /// The vocabulary, most frequent word first.
    pub fn vocabulary(&self) -> &[String] {
        &self.vocabulary
    }

    fn word(&mut self) -> &str {
        let rank = self.zipf.sample(&mut self.rng) as usize;
        &self.vocabulary[rank.clamp(1, VOCABULARY) - 1]
    }

    fn words(&mut self, count: usize) -> String {
        let mut out = String::new();
        for i in 0..count {
            if i > 0 {
                out.push(' ');
            }
            let word = self.word().to_string();
            out.push_str(&word);
        }
        out
    }

    fn sentence(&mut self) -> String {
        let count = self.rng.random_range(8..28);
        capitalise(&format!("{}.", self.words(count)))
    }

    /// A Japanese sentence: common words joined by particles, no spaces.
    fn cjk_sentence(&mut self) -> String {
        let mut out = String::new();
        for _ in 0..self.rng.random_range(4..12) {
            out.push_str(CJK_WORDS[self.rng.random_range(0..CJK_WORDS.len())]);
            out.push_str(CJK_PARTICLES[self.rng.random_range(0..CJK_PARTICLES.len())]);
        }
        out.push('。');
        out
    }

    fn title(&mut self) -> String {
        let count = self.rng.random_range(6..14);
        let words = self.words(count);
        let title: Vec<String> = words.split(' ').map(capitalise).collect();
        // A serial number keeps titles unique, so no two stories are duplicates.
        format!("{} {}", title.join(" "), self.stories)
    }

    /// Writes one story in the TT layout; returns its byte length.
    fn write_story(&mut self, out: &mut impl Write) -> io::Result<u64> {
        self.stories += 1;
        let title = self.title();
        let caption = if self.rng.random_bool(0.7) {
            let credit = CREDITS[self.rng.random_range(0..CREDITS.len())];
            Some(format!("{} ({credit})", self.sentence()))
        } else {
            None
        };
        let mut paragraphs = Vec::new();
        for index in 0..self.rng.random_range(4..20) {
            if index > 2 && self.rng.random_bool(0.06) {
                let count = self.rng.random_range(1..4);
                paragraphs.push(format!("- {} -", capitalise(&self.words(count))));
            }
            let sentences: Vec<String> = (0..self.rng.random_range(1..5))
                .map(|_| self.sentence())
                .collect();
            paragraphs.push(sentences.join(" "));
        }
        if self.stories.is_multiple_of(CJK_STORY_EVERY) {
            let sentences: Vec<String> = (0..self.rng.random_range(1..4))
                .map(|_| self.cjk_sentence())
                .collect();
            paragraphs.push(sentences.concat());
        }
        let mut story = String::new();
        let caption_lines = caption.map(|c| format!("{c}\n{c}\n")).unwrap_or_default();
        story.push_str(&format!("{title}\n\n{caption_lines}TT\n\n{title}\n\n"));
        if !caption_lines.is_empty() {
            story.push_str(&caption_lines);
            story.push('\n');
        }
        story.push_str(&paragraphs.join("\n\n"));
        story.push_str("\n\n\n");
        out.write_all(story.as_bytes())?;
        Ok(story.len() as u64)
    }

    /// Writes `stories` stories as a TT dump; returns the number of bytes written.
    pub fn write_dump(&mut self, out: &mut impl Write, stories: u64) -> io::Result<u64> {
        let mut bytes = 0;
        for _ in 0..stories {
            bytes += self.write_story(out)?;
        }
        Ok(bytes)
    }

    /// Writes stories until at least `target` bytes are written; returns (stories, bytes).
    pub fn write_dump_of_size(
        &mut self,
        out: &mut impl Write,
        target: u64,
    ) -> io::Result<(u64, u64)> {
        let (mut stories, mut bytes) = (0, 0);
        while bytes < target {
            bytes += self.write_story(out)?;
            stories += 1;
        }
        Ok((stories, bytes))
    }
}

fn invent_word(rng: &mut StdRng) -> String {
    let syllables = match rng.random_range(0..100) {
        0..20 => 1,
        20..65 => 2,
        65..90 => 3,
        _ => 4,
    };
    let mut word = String::new();
    for _ in 0..syllables {
        word.push_str(ONSETS[rng.random_range(0..ONSETS.len())]);
        let vowels = if rng.random_bool(0.03) {
            DIACRITIC_VOWELS
        } else {
            VOWELS
        };
        word.push_str(vowels[rng.random_range(0..vowels.len())]);
    }
    word.push_str(CODAS[rng.random_range(0..CODAS.len())]);
    word
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_corpus() {
        let dump = |seed| {
            let mut out = Vec::new();
            Corpus::new(seed).write_dump(&mut out, 20).unwrap();
            out
        };
        assert_eq!(dump(7), dump(7));
        assert_ne!(dump(7), dump(8));
    }
}
