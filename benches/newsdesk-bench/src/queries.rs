//! The benchmark's query set, chosen from a library's own index.

use newsdesk::{Library, ListFilter, Result};
use newsdesk_corpus::{Corpus, SEED};

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
pub fn query_set(library: &Library) -> Result<Vec<BenchQuery>> {
    // A connection of its own, with the library's settings: the index's vocabulary is read
    // through an fts5vocab table, which the library's API has no need for.
    let conn = newsdesk::open_with_library_settings(library.path())?;
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
                        .all(|c| c.is_alphabetic() && !newsdesk::analysis::is_cjk(c))
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
        .map(|word| newsdesk::analysis::fold(word))
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

/// Two adjacent words of a stored article that both appear in 1–30% of the articles.
fn frequent_pair(
    library: &Library,
    documents: &dyn Fn(&str) -> u64,
    articles: u64,
) -> Result<(String, u64)> {
    let middle = library
        .list(&ListFilter::All, 1, (articles / 2) as u32)?
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
            newsdesk::analysis::token_list(&block.text)
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
