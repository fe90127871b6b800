//! A light Bulgarian stemmer. Snowball has none, and Russian's, which Bulgarian stories had,
//! leaves on what Bulgarian adds to a word's end: its definite article ("парламентът", "the
//! parliament"; "бюджета"; "правителството") and its plurals ("депутатите", "the deputies").
//!
//! The rules are Preslav Nakov's light stemmer (BulStem, 2003) as Lucene's `BulgarianStemmer`
//! has them (Apache License 2.0): an article off, then a plural (with the consonant that a
//! plural changes put back: "войници" → "войник"), then a final vowel.

/// Appends the stem of a lower-case word (with its й and ъ: read before folding).
pub fn stem_into(word: &str, out: &mut String) {
    let mut letters: Vec<char> = word.chars().collect();
    stem(&mut letters);
    out.extend(letters);
}

/// Other forms of a lower-case word as typed, whose stems a query asks for too: the light
/// rules cannot tell a masculine noun's short article from the long article -та
/// ("президента" → `президн`, "президент" → `президент`), nor every plural from an adjective's
/// ("учителите" → `учитял`). A word ending in a consonant: its articles, plurals and plurals
/// with their article; in -а, -я, -о, -е: its article, and its plurals; in -и (a plural): its
/// article; in -й: its articles and plurals.
pub fn forms(word: &str) -> Vec<String> {
    let Some(last) = word.chars().last() else {
        return Vec::new();
    };
    let base = &word[..word.len() - last.len_utf8()];
    let (start, endings): (&str, &[&str]) = match last {
        'а' => (base, &["ата", "и", "ите"]),
        'я' => (base, &["ята", "и", "ите"]),
        'о' => (base, &["ото", "а", "ата"]),
        'е' => (base, &["ето"]),
        'и' => (word, &["те"]),
        'й' => (base, &["я", "ят", "и", "ите"]),
        'б'..='я' if !matches!(last, 'у' | 'ъ' | 'ь' | 'ю' | 'ы' | 'э') => {
            (word, &["а", "ът", "и", "ите", "ове", "овете"])
        }
        _ => return Vec::new(),
    };
    endings
        .iter()
        .map(|ending| format!("{start}{ending}"))
        .collect()
}

fn stem(s: &mut Vec<char>) {
    if s.len() < 4 {
        return;
    }
    if s.len() > 5 && ends_with(s, "ища") {
        s.truncate(s.len() - 3);
        return;
    }
    remove_article(s);
    remove_plural(s);
    if s.len() > 3 {
        if ends_with(s, "я") {
            s.pop();
        }
        if ends_with(s, "а") || ends_with(s, "о") || ends_with(s, "е") {
            s.pop();
        }
    }
    // "-ен" → "-н" ("мощен", "мощна"), and "-ъ" before a last consonant drops ("министър",
    // "министри"): the vowels that come and go in a word's last syllable.
    if s.len() > 4 && ends_with(s, "ен") {
        s.remove(s.len() - 2);
    }
    if s.len() > 5 && s[s.len() - 2] == 'ъ' {
        s.remove(s.len() - 2);
    }
}

fn ends_with(s: &[char], ending: &str) -> bool {
    let count = ending.chars().count();
    s.len() >= count && s[s.len() - count..].iter().copied().eq(ending.chars())
}

/// The definite articles, each with the letters a word must have more of to lose it.
const ARTICLES: &[(&str, usize)] = &[
    ("ият", 6),
    ("ът", 5),
    ("то", 5),
    ("те", 5),
    ("та", 5),
    ("ия", 5),
    ("ят", 4),
];

/// Takes off a definite article (`ARTICLES`).
fn remove_article(s: &mut Vec<char>) {
    let article = ARTICLES
        .iter()
        .find(|(article, shorter)| s.len() > *shorter && ends_with(s, article));
    if let Some((article, _)) = article {
        s.truncate(s.len() - article.chars().count());
    }
}

/// Replaces the last `cut` letters by `with`.
fn replace_end(s: &mut Vec<char>, cut: usize, with: &str) {
    s.truncate(s.len() - cut);
    s.extend(with.chars());
}

/// Takes off a plural ending, putting back what it changed: "-овци" → "-о", "-ове", "-еве" →
/// "-й", "-ища", "-та", "-ци" → "-к", "-зи" → "-г", "-е-и" → "-я-", "-си" → "-х", "-и".
fn remove_plural(s: &mut Vec<char>) {
    let len = s.len();
    if len > 6 {
        for (ending, with) in [("овци", "о"), ("ове", ""), ("еве", "й")] {
            if ends_with(s, ending) {
                return replace_end(s, ending.chars().count(), with);
            }
        }
    }
    if len > 5 {
        for (ending, with) in [("ища", ""), ("та", ""), ("ци", "к"), ("зи", "г")] {
            if ends_with(s, ending) {
                return replace_end(s, ending.chars().count(), with);
            }
        }
        if s[len - 3] == 'е' && s[len - 1] == 'и' {
            s[len - 3] = 'я';
            s.pop();
            return;
        }
    }
    if len > 4 {
        for (ending, with) in [("си", "х"), ("и", "")] {
            if ends_with(s, ending) {
                return replace_end(s, ending.chars().count(), with);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stemmed(word: &str) -> String {
        let mut out = String::new();
        stem_into(word, &mut out);
        out
    }

    #[test]
    fn articles_and_plurals_come_off() {
        for (word, stem) in [
            ("парламентът", "парламент"),
            ("парламент", "парламент"),
            ("правителството", "правителств"),
            ("правителство", "правителств"),
            ("депутатите", "депутат"),
            ("депутати", "депутат"),
            ("синдикатите", "синдикат"),
            ("министърът", "министр"),
            ("министър", "министр"),
            ("министри", "министр"),
            ("мощен", "мощн"),
            ("мощна", "мощн"),
            ("войници", "войник"),
            ("войник", "войник"),
            ("градове", "град"),
            ("влакове", "влак"),
        ] {
            assert_eq!(stemmed(word), stem, "{word}");
        }
    }

    proptest::proptest! {
        /// Whatever a Bulgarian story holds (any letters, digits, marks, of any length), its
        /// words stem without a panic to no more letters than they have; words with each
        /// ending the rules change most of all.
        #[test]
        fn any_word_stems_to_no_more_letters(word in proptest::prop_oneof![
            "\\PC{0,12}",
            "[а-яъ]{1,8}(ища|ият|ът|то|те|та|ия|ят|овци|ове|еве|ци|зи|еди|си|ен|и|я|а|о|е)",
        ]) {
            let stem = stemmed(&word);
            proptest::prop_assert!(stem.chars().count() <= word.chars().count(), "{word} → {stem}");
        }
    }

    #[test]
    fn a_typed_word_asks_for_the_stems_of_its_forms() {
        let asked = |word: &str| -> Vec<String> {
            let mut stems = vec![stemmed(word)];
            stems.extend(forms(word).iter().map(|form| stemmed(form)));
            stems
        };
        for (typed, written) in [
            ("президент", "президента"),
            ("учител", "учителите"),
            ("заплата", "заплатите"),
            ("село", "селата"),
            ("музей", "музея"),
            ("депутати", "депутатите"),
        ] {
            assert!(
                asked(typed).contains(&stemmed(written)),
                "{typed}: {written}"
            );
        }
        // The rules alone do not bring them together.
        assert_ne!(stemmed("президент"), stemmed("президента"));
        assert_ne!(stemmed("учител"), stemmed("учителите"));
        assert_eq!(forms(""), Vec::<String>::new());
        assert_eq!(forms("ъ"), Vec::<String>::new());
    }

    #[test]
    fn short_words_stay_whole() {
        for word in ["на", "за", "във", "път", "след"] {
            assert_eq!(stemmed(word), word);
        }
    }
}
