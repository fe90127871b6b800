//! The benchmark corpus is what the benchmarks say it is: TT stories the importer parses, with
//! Zipf-distributed words.

use newsdesk_corpus::Corpus;

#[test]
fn a_dump_parses_to_its_stories_with_zipf_words() {
    let mut corpus = Corpus::new(1);
    let mut out = Vec::new();
    corpus.write_dump(&mut out, 50).unwrap();
    let (format, articles) = newsdesk::parse_bytes(&out, "corpus.txt").unwrap();
    assert_eq!(format, newsdesk::model::Format::Tt);
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
