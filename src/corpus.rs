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

    #[test]
    fn a_dump_parses_to_its_stories_with_zipf_words() {
        let mut corpus = Corpus::new(1);
        let mut out = Vec::new();
        corpus.write_dump(&mut out, 50).unwrap();
        let (format, articles) = crate::parse_bytes(&out, "corpus.txt").unwrap();
        assert_eq!(format, crate::model::Format::Tt);
        assert_eq!(articles.len(), 50);
        // The most frequent word is in nearly every story; a word of rank 20,000 in almost none.
        let common = &corpus.vocabulary()[0];
        let rare = &corpus.vocabulary()[20_000];
        let containing = |word: &str| {
            articles
                .iter()
                .filter(|a| {
                    a.blocks
                        .iter()
                        .any(|b| b.text.split(' ').any(|w| w.trim_end_matches('.') == word))
                })
                .count()
        };
        assert!(containing(common) > 40, "{common}: {}", containing(common));
        assert!(containing(rare) < 5);
        assert!(corpus.vocabulary().iter().any(|w| !w.is_ascii()));
    }
}

/// One query of the benchmark set.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchQuery {
    /// What kind of query it is ("rare word", "common word" …).
    pub kind: &'static str,
    /// The text as a person would type it.
    pub text: String,
    /// In how many articles its main word appears.
    pub documents: u64,
}

/// The benchmark's mixed query set, chosen from the library's own index by how many articles
/// contain each word: a rare word, common words (in about 35% and 90% of the articles), two
/// words, a phrase, prefixes of 2 and 3 letters (as typed in the search box), OR, an exclusion,
/// a word typed without its diacritics, a word typed in another form (stemmed) and Japanese
/// words inside sentences.
pub fn query_set(library: &crate::Library) -> crate::Result<Vec<BenchQuery>> {
    // The index's own vocabulary, read on a connection of the benchmark's.
    let conn = rusqlite::Connection::open(library.path())?;
    crate::analysis::fts5::register(&conn)?;
    conn.execute_batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab USING fts5vocab(main, articles_fts, row)",
    )?;
    let articles: i64 = conn.query_row("SELECT count(*) FROM articles", [], |row| row.get(0))?;
    let vocabulary: Vec<(String, i64)> = conn
        .prepare("SELECT term, doc FROM temp.bench_vocab")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let documents = |term: &str| {
        vocabulary
            .iter()
            .find(|(t, _)| t == term)
            .map_or(0, |(_, doc)| *doc as u64)
    };
    // The word (of letters only) whose share of articles is closest to `share`.
    let near = |share: f64, skip: &[&str]| -> String {
        let target = share * articles as f64;
        vocabulary
            .iter()
            .filter(|(term, _)| {
                term.chars().count() >= 2
                    && term
                        .chars()
                        .all(|c| c.is_alphabetic() && !crate::analysis::is_cjk(c))
            })
            .filter(|(term, _)| !skip.contains(&term.as_str()))
            .min_by(|(_, a), (_, b)| {
                (*a as f64 - target)
                    .abs()
                    .total_cmp(&(*b as f64 - target).abs())
            })
            .map(|(term, _)| term.clone())
            .unwrap_or_default()
    };
    let rare = near(0.0005, &[]);
    let common = near(0.35, &[]);
    let very_common = near(0.90, &[]);
    let first = near(0.05, &[]);
    let second = near(0.05, &[&first]);
    let either = near(0.02, &[]);
    let or = near(0.02, &[&either]);
    let prefix: String = near(0.01, &[]).chars().take(3).collect();
    let short_prefix: String = near(0.01, &[&prefix]).chars().take(2).collect();
    let stemmed = near(0.05, &[&first, &second]);
    let phrase = frequent_pair(library, &documents, articles as u64)?;
    let share = |term: &str| documents(term) as f64 / articles.max(1) as f64;
    let accented = Corpus::new(SEED)
        .vocabulary()
        .iter()
        .filter(|word| !word.is_ascii())
        .map(|word| crate::analysis::fold(word))
        .find(|folded| (0.001..0.05).contains(&share(folded)))
        .unwrap_or_default();
    let query = |kind, text: String, documents| BenchQuery {
        kind,
        text,
        documents,
    };
    Ok(vec![
        query("rare word", rare.clone(), documents(&rare)),
        query("common word (~35%)", common.clone(), documents(&common)),
        query(
            "very common word (~90%)",
            very_common.clone(),
            documents(&very_common),
        ),
        query(
            "two words (AND)",
            format!("{first} {second}"),
            documents(&first),
        ),
        query("phrase", format!("\"{}\"", phrase.0), phrase.1),
        query("prefix (3 letters)", format!("{prefix}*"), 0),
        query("prefix (2 letters)", format!("{short_prefix}*"), 0),
        query(
            "stemmed word (typed with -s)",
            format!("{stemmed}s"),
            documents(&stemmed),
        ),
        query("CJK word (2 characters)", "首相".into(), documents("首相")),
        query("CJK word (3 characters)", "自民党".into(), 0),
        query(
            "OR",
            format!("{either} OR {or}"),
            documents(&either) + documents(&or),
        ),
        query("exclusion", format!("{first} -{common}"), documents(&first)),
        query("diacritics folded", accented.clone(), documents(&accented)),
    ])
}

/// The seed the benchmark corpus is generated with.
pub const SEED: u64 = 2026;

/// Two adjacent words of a stored article that both appear in 1–30% of the articles.
fn frequent_pair(
    library: &crate::Library,
    documents: &dyn Fn(&str) -> u64,
    articles: u64,
) -> crate::Result<(String, u64)> {
    let middle = library
        .list(&crate::ListFilter::All, 1, (articles / 2) as u32)?
        .into_iter()
        .next();
    let Some(summary) = middle else {
        return Ok((String::new(), 0));
    };
    let article = library.article(summary.id)?;
    let words: Vec<String> = article
        .blocks
        .iter()
        .flat_map(|block| {
            crate::analysis::token_list(&block.text)
                .into_iter()
                .map(|(_, token)| token)
        })
        .collect();
    let common_enough = |word: &str| {
        let share = documents(word) as f64 / articles.max(1) as f64;
        (0.01..0.30).contains(&share)
    };
    Ok(words
        .windows(2)
        .find(|pair| common_enough(&pair[0]) && common_enough(&pair[1]))
        .map(|pair| {
            (
                format!("{} {}", pair[0], pair[1]),
                documents(&pair[0]).min(documents(&pair[1])),
            )
        })
        .unwrap_or_default())
}
