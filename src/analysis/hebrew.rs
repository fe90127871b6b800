//! A light Hebrew stemmer. Snowball has none, and Hebrew writes its commonest little words as
//! letters in front of the next word: ו "and", ה "the", ב "in", כ "as", ל "to", מ "from",
//! ש "that", and short chains of them ("ובירושלים", "and in Jerusalem"). A search for ירושלים
//! must find בירושלים and לירושלים, as one for "Jerusalem" finds "in Jerusalem"; one for
//! מפגין ("protester") must find מפגינים ("protesters").
//!
//! A word's stem is the word without its longest prefix chain, without a plural or feminine
//! ending, with its last letter in its ordinary form (`stem_into`). A word may itself start with
//! letters that read as a chain (ממשלה, "government", starts with מ), so a query asks for every
//! reading of the typed word (`query_stems`): the word as it is, and the word without each chain
//! it starts with. The chain the index took off a word is its prefix chain followed by the
//! start of the word, and that start is a chain of its own (the chains are closed under their
//! ends: see the test), so one of those readings is the stem the index holds.

/// The prefix chains, in the order the letters combine: "and", then "that"/"when", then a
/// preposition, then "the" (which a preposition swallows: בבית, not בהבית).
const CHAINS: &[&str] = &[
    "ו", "ה", "ב", "כ", "ל", "מ", "ש", //
    "וה", "וב", "וכ", "ול", "ומ", "וש", "שה", "שב", "שכ", "של", "שמ", "מה", "כש", //
    "ומה", "ושה", "ושב", "ושכ", "ושל", "ושמ", "וכש", "שמה", "כשה", "כשב", "כשל", "כשמ",
    "לכש", //
    "ולכש", "וכשה",
];

/// The fewest letters left once a chain is taken off: most Hebrew words are roots of three.
const SHORTEST_STEM: usize = 3;

/// The endings taken off once the chain is: the plurals ים and ות, and ה (a feminine noun or
/// adjective: בחירה, בחירות).
const ENDINGS: &[&str] = &["ים", "ות", "ה"];

/// The fewest letters left once an ending is taken off (שנה, שנים: `שנ`).
const SHORTEST_ROOT: usize = 2;

/// The five letters written differently at a word's end (ך ם ן ף ץ), in their ordinary form:
/// an ending taken off leaves the letter before it ordinary (מפגינים → `מפגינ`), and the
/// word without an ending has it final (מפגין).
fn ordinary(c: char) -> char {
    match c {
        'ך' => 'כ',
        'ם' => 'מ',
        'ן' => 'נ',
        'ף' => 'פ',
        'ץ' => 'צ',
        c => c,
    }
}

fn has_letters(text: &str, count: usize) -> bool {
    text.chars().nth(count - 1).is_some()
}

/// The readings of a folded word without each chain it starts with that leaves at least
/// `SHORTEST_STEM` letters, shortest chain first.
fn without_chains(word: &str) -> impl Iterator<Item = &str> {
    CHAINS.iter().filter_map(move |chain| {
        let rest = word.strip_prefix(chain)?;
        has_letters(rest, SHORTEST_STEM).then_some(rest)
    })
}

/// Appends a reading's stem: without its ending, its letters in their ordinary forms.
fn push_stem(reading: &str, out: &mut String) {
    let root = ENDINGS
        .iter()
        .find_map(|ending| {
            let root = reading.strip_suffix(ending)?;
            has_letters(root, SHORTEST_ROOT).then_some(root)
        })
        .unwrap_or(reading);
    out.extend(root.chars().map(ordinary));
}

/// Appends a folded word's stem in the index: the word without its longest chain, then
/// without its ending (`push_stem`).
pub fn stem_into(word: &str, out: &mut String) {
    let reading = without_chains(word).min_by_key(|rest| rest.len());
    push_stem(reading.unwrap_or(word), out);
}

/// The stems the index may hold for a typed (folded) word: that of the word itself, when it is
/// long enough to be a reading, and that of the word without each chain it starts with.
pub fn query_stems(word: &str) -> impl Iterator<Item = String> + '_ {
    let whole = has_letters(word, SHORTEST_STEM).then_some(word);
    whole
        .into_iter()
        .chain(without_chains(word))
        .map(|reading| {
            let mut stem = String::new();
            push_stem(reading, &mut stem);
            stem
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(word: &str) -> String {
        let mut out = String::new();
        stem_into(word, &mut out);
        out
    }

    #[test]
    fn chains_are_closed_under_their_ends() {
        // The index takes the longest chain off a word; a query for the word without a shorter
        // chain finds it only if the rest of the longer chain is a chain too.
        for chain in CHAINS {
            for (at, _) in chain.char_indices().skip(1) {
                assert!(CHAINS.contains(&&chain[at..]), "{chain}: {}", &chain[at..]);
            }
        }
    }

    #[test]
    fn the_longest_chain_and_an_ending_come_off() {
        assert_eq!(stem("בירושלים"), "ירושל");
        assert_eq!(stem("ובירושלים"), "ירושל");
        assert_eq!(stem("הממשלה"), "ממשל");
        assert_eq!(stem("ומהממשלות"), "ממשל");
        assert_eq!(stem("בבית"), "בית");
        // Three letters are left at least: ובית is "and a house", not "and in" + two letters.
        assert_eq!(stem("ובית"), "בית");
        // A final letter in its ordinary form, whether an ending followed it or not; and a
        // word's own first letter taken for a chain (a query asks for both readings).
        assert_eq!(stem("המפגינים"), "מפגינ");
        assert_eq!(stem("מפגין"), "פגינ");
        assert_eq!(stem("ברק"), "ברק");
        assert_eq!(stem("בשנים"), "שנ");
        // Two letters are left at least: מים ("water") keeps its ending.
        assert_eq!(stem("מים"), "מימ");
        assert_eq!(stem("צבא"), "צבא");
    }

    #[test]
    fn a_query_finds_the_word_behind_any_chain_and_with_any_ending() {
        let words = [
            "ירושלים",
            "ממשלה",
            "משלחת",
            "שלום",
            "בית",
            "מלחמה",
            "הסכם",
            "כנסת",
            "מפגין",
        ];
        let chains = [
            "", "ו", "ה", "ב", "ל", "מ", "ש", "וב", "שה", "מה", "וכש", "ולכש",
        ];
        for word in words {
            let asked: Vec<String> = query_stems(word).collect();
            for chain in chains {
                let written = format!("{chain}{word}");
                let indexed = stem(&written);
                assert!(
                    asked.contains(&indexed),
                    "{word} misses {written} ({indexed})"
                );
            }
        }
        let asked: Vec<String> = query_stems("מפגין").collect();
        assert!(asked.contains(&stem("והמפגינים")), "{asked:?}");
        let asked: Vec<String> = query_stems("בחירה").collect();
        assert!(asked.contains(&stem("בבחירות")), "{asked:?}");
    }

    proptest::proptest! {
        /// Whatever its letters, a word of three letters or more is found behind any chain,
        /// with or without an ending; words that start with the chains' letters most of all.
        #[test]
        fn any_word_is_found_behind_any_chain(
            word in "[והבכלמש]{0,3}[אבגדהוזחטיכלמנסעפצקרשתךםןףץ]{3,6}",
            chain in proptest::sample::select(CHAINS.iter().copied().chain([""]).collect::<Vec<_>>()),
            ending in proptest::sample::select(vec!["", "ים", "ות", "ה"]),
        ) {
            let written = format!("{chain}{word}{ending}");
            let asked: Vec<String> = query_stems(&format!("{word}{ending}")).collect();
            proptest::prop_assert!(asked.contains(&stem(&written)), "{written}: {asked:?}");
        }
    }

    #[test]
    fn a_typed_word_with_a_chain_asks_for_the_word_without_it() {
        let asked: Vec<String> = query_stems("בירושלים").collect();
        assert_eq!(asked, ["בירושל", "ירושל"]);
        assert_eq!(query_stems("של").count(), 0);
    }
}
