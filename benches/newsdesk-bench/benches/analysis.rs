//! Micro-benchmarks of the core's hot paths, on the benchmark corpus: parsing a TT dump, the
//! search analysis of an article (language detection, folding, stems, CJK pairs) and the
//! translation of typed queries into FTS5 expressions.
//!
//! `cargo bench -p newsdesk-bench` (criterion; reports in `target/criterion/`).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsdesk::analysis::fts5::analyse_article_ahead;
use newsdesk::parse_bytes;
use newsdesk::search::Query;
use newsdesk_corpus::{Corpus, SEED};

/// A TT dump of `stories` stories of the benchmark corpus.
fn dump(stories: u64) -> Vec<u8> {
    let mut out = Vec::new();
    Corpus::new(SEED)
        .write_dump(&mut out, stories)
        .expect("writing to memory");
    out
}

fn tt_parsing(c: &mut Criterion) {
    let bytes = dump(100);
    let mut group = c.benchmark_group("import");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("parse a TT dump of 100 stories", |b| {
        b.iter(|| parse_bytes(black_box(&bytes), "dump").expect("the corpus parses"))
    });
    group.finish();
}

fn article_analysis(c: &mut Criterion) {
    let (_, articles) = parse_bytes(&dump(100), "dump").expect("the corpus parses");
    // Every eighth story has a Japanese paragraph: one of each kind.
    let title_and_body = |index: usize| -> (String, String) {
        let article = &articles[index];
        let body = article
            .blocks
            .iter()
            .map(|b| b.text.as_str())
            .collect::<Vec<_>>();
        (article.title.clone(), body.join("\n\n"))
    };
    let mut group = c.benchmark_group("analysis");
    for (name, index) in [("latin article", 0), ("article with Japanese", 7)] {
        let (title, body) = title_and_body(index);
        group.throughput(Throughput::Bytes((title.len() + body.len()) as u64));
        // As the importer analyses an article: its body, then its title in the body's language.
        group.bench_function(name, |b| {
            b.iter(|| analyse_article_ahead(black_box(&title), None, black_box(&body)))
        });
    }
    group.finish();
}

fn query_translation(c: &mut Criterion) {
    let mut group = c.benchmark_group("query");
    for typed in [
        "elections",
        "troops deploy* -training",
        "\"prime minister\" OR 首相",
        "tak",
    ] {
        group.bench_function(typed, |b| {
            b.iter(|| Query::parse(black_box(typed)).typing().match_expression())
        });
    }
    group.finish();
}

criterion_group!(benches, tt_parsing, article_analysis, query_translation);
criterion_main!(benches);
