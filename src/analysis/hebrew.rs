//! Hebrew's prefix letters. Snowball has no Hebrew stemmer, and Hebrew writes its commonest
//! little words as letters in front of the next word: ו "and", ה "the", ב "in", כ "as",
//! ל "to", מ "from", ש "that", and short chains of them ("ובירושלים", "and in Jerusalem").
//! A search for ירושלים must find בירושלים and לירושלים, as one for "Jerusalem" finds "in
//! Jerusalem".
//!
//! The index holds a word's stem without its longest prefix chain (`stem`). A word may itself
//! start with letters that read as a chain (ממשלה, "government", starts with מ), so a query
//! asks for every reading of the typed word (`query_stems`): the word as it is, and the word
//! without each chain it starts with. The chain the index took off a word is its prefix chain
//! followed by the start of the word, and that start is a chain of its own (the chains are
//! closed under their ends: see the test), so one of those readings is the stem the index holds.

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

/// The stems a folded word may stand for: the word without each chain it starts with that
/// leaves at least `SHORTEST_STEM` letters, shortest chain first.
fn without_chains(word: &str) -> impl Iterator<Item = &str> {
    CHAINS.iter().filter_map(move |chain| {
        let rest = word.strip_prefix(chain)?;
        rest.chars().nth(SHORTEST_STEM - 1).map(|_| rest)
    })
}

/// A folded word's stem in the index: the word without its longest prefix chain, or the word
/// itself when it starts with none.
pub fn stem(word: &str) -> &str {
    without_chains(word)
        .min_by_key(|rest| rest.len())
        .unwrap_or(word)
}

/// The stems the index may hold for a typed (folded) word: the word itself, when it is long
/// enough to be a stem, and the word without each chain it starts with.
pub fn query_stems(word: &str) -> impl Iterator<Item = &str> {
    let whole = word.chars().nth(SHORTEST_STEM - 1).map(|_| word);
    whole.into_iter().chain(without_chains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_longest_chain_comes_off_leaving_three_letters() {
        assert_eq!(stem("בירושלים"), "ירושלים");
        assert_eq!(stem("ובירושלים"), "ירושלים");
        assert_eq!(stem("הממשלה"), "ממשלה");
        assert_eq!(stem("ומהממשלה"), "ממשלה");
        assert_eq!(stem("בבית"), "בית");
        // Three letters are left at least: ובית is "and a house", not "and in" + two letters.
        assert_eq!(stem("ובית"), "בית");
        // No chain: the word itself.
        assert_eq!(stem("ירושלים"), "ירושלים");
        assert_eq!(stem("צבא"), "צבא");
    }

    #[test]
    fn a_query_finds_the_word_behind_any_chain() {
        let words = [
            "ירושלים",
            "ממשלה",
            "משלחת",
            "שלום",
            "בית",
            "מלחמה",
            "הסכם",
            "כנסת",
        ];
        let chains = [
            "", "ו", "ה", "ב", "ל", "מ", "ש", "וב", "שה", "מה", "וכש", "ולכש",
        ];
        for word in words {
            let asked: Vec<&str> = query_stems(word).collect();
            for chain in chains {
                let written = format!("{chain}{word}");
                let indexed = stem(&written);
                assert!(
                    asked.contains(&indexed),
                    "{word} misses {written} ({indexed})"
                );
            }
        }
    }

    #[test]
    fn a_typed_word_with_a_chain_asks_for_the_word_without_it() {
        let asked: Vec<&str> = query_stems("בירושלים").collect();
        assert_eq!(asked, ["בירושלים", "ירושלים"]);
        assert_eq!(query_stems("של").count(), 0);
    }
}
