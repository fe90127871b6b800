//! Turning what a person types into a safe FTS5 expression, through the analyzer.
//!
//! Supported: words (all must match), `"exact phrase"`, `prefix*`, `-excluded` (or `NOT word`),
//! and `OR` between two terms. Every term is emitted as a quoted FTS5 string (inner quotes
//! doubled), so no input — `C++`, `foo:bar`, `NEAR(`, a stray quote — can be read as FTS5
//! syntax. Operators in places where they make no sense are dropped; a query made only of
//! operator words searches for those words.
//!
//! A single word also matches its stems (see `crate::analysis`): `troop` is
//! `("troop" OR "troop\u{1}" …)`, so "Troops" is found and the exact form ranks first. A
//! phrase matches its words as written (folded); a CJK word is the phrase of its pairs.

use crate::analysis::{self, STEM_MARK, is_paired};

/// One search term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The text as typed (without quotes and `*`).
    pub text: String,
    /// Typed in double quotes: the words must appear together, in order.
    pub phrase: bool,
    /// Typed with a trailing `*` (or being typed, or a lone CJK character): the last word is a
    /// prefix.
    pub prefix: bool,
    /// A phrase typed without its closing quote: its last word may still be being typed.
    pub open: bool,
}

/// The forms one word of a term matches in the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordForms {
    /// The folded word (or CJK pair).
    pub folded: String,
    /// Its stems in the languages of its script (a single word outside a phrase only).
    pub stems: Vec<String>,
}

/// The longest phrase, in words, also looked for with a compound in its middle
/// (`Term::split_phrases`): each middle word adds a search for two phrases.
const LONGEST_SPLIT_PHRASE: usize = 6;

/// The shortest middle word, in characters, a phrase is split at (`splits_at`).
const SHORTEST_SPLIT_WORD: usize = 4;

/// Whether a phrase is also looked for split at this middle word (folded): a compound read
/// joined is letters (not CJK pairs), most of them four or more ("coop", "email"). The shorter
/// words are mostly the commonest ("the", "of"), whose phrases cost a search most: split at
/// them, a phrase of three took three times as long over 100,000 stories.
pub fn splits_at(word: &str) -> bool {
    !word.chars().any(is_paired) && word.chars().nth(SHORTEST_SPLIT_WORD - 1).is_some()
}

/// A stem is also asked for as a word (a word that is its own stem is indexed without a marked
/// stem beside it) only from this many characters: a shorter one is some other language's
/// common word ("em", Portuguese for "in", is Catalan's stem of "email").
const MIN_BARE_STEM_CHARS: usize = 3;

impl WordForms {
    /// Whether one of the word's stems is also asked for as a word: one other than the word,
    /// long enough.
    fn asks_bare(&self, stem: &str) -> bool {
        stem != self.folded && stem.chars().nth(MIN_BARE_STEM_CHARS - 1).is_some()
    }

    /// The stems asked for as words.
    pub fn bare_stems(&self) -> impl Iterator<Item = &str> {
        self.stems
            .iter()
            .map(String::as_str)
            .filter(|stem| self.asks_bare(stem))
    }
}

impl Term {
    /// The term's words, in order, as the analyzer reads them, with their stems when the term
    /// is a single word.
    pub fn words(&self) -> Vec<WordForms> {
        let tokens = analysis::token_list(&self.text);
        let stemmed = !self.phrase && tokens.len() == 1;
        tokens
            .into_iter()
            .map(|(range, folded)| WordForms {
                stems: if stemmed && !folded.chars().any(is_paired) {
                    analysis::query_stems(&self.text[range])
                } else {
                    Vec::new()
                },
                folded,
            })
            .collect()
    }

    /// The word start this term is looked up as in the prefix table: a single word being typed,
    /// 2 or 3 characters long (see `analysis::INDEXED_PREFIX_CHARS`), folded.
    pub fn table_prefix(&self) -> Option<String> {
        if !self.prefix || self.phrase {
            return None;
        }
        match self.words().as_slice() {
            [word] => analysis::indexed_prefix(&word.folded).map(str::to_string),
            _ => None,
        }
    }

    /// The term read as one word when it is one compound written with hyphens (`e-mail` as
    /// `email`, which the index holds beside the parts), as a term of its own. Not for a phrase,
    /// nor for a prefix too short for the index to read fast (the parts find it).
    pub fn joined(&self) -> Option<Term> {
        let text = analysis::joined_reading(&self.text).filter(|_| !self.phrase)?;
        let short = text.chars().count() <= analysis::LONGEST_INDEXED_PREFIX;
        (!(self.prefix && short)).then_some(Term {
            text,
            phrase: false,
            prefix: self.prefix,
            open: false,
        })
    }

    fn expression(&self) -> Expression {
        if let Some(joined) = self.joined() {
            // As written (the parts in a row), or as one word with its stems.
            return Expression::any_of([self.as_written(), joined.expression()]);
        }
        Expression::any_of(std::iter::once(self.as_written()).chain(self.split_phrases()))
    }

    /// Whether the term's last word is longer than the prefix table's word starts.
    fn ends_with_long_word(&self) -> bool {
        analysis::token_list(&self.text)
            .last()
            .is_some_and(|(_, word)| word.chars().count() > analysis::LONGEST_INDEXED_PREFIX)
    }

    /// Whether a phrase of `words` words is also looked for with a compound in its middle
    /// (`split_phrases`).
    pub fn splits_at_compounds(&self, words: usize) -> bool {
        self.phrase && (3..=LONGEST_SPLIT_PHRASE).contains(&words)
    }

    /// A phrase whose middle word a story writes as a compound with hyphens ("the email scam"
    /// for "the e-mail scam"). The index holds a compound read joined after its first part and
    /// after its last (`analysis::Token::joined`), so such a phrase is there as two phrases
    /// that share the word, the compound's middle parts between them:
    /// `NEAR("the email" "email scam", 2)`, one for each middle word that may be a compound
    /// (`splits_at`).
    fn split_phrases(&self) -> Vec<Expression> {
        let tokens = analysis::token_list(&self.text);
        if !self.splits_at_compounds(tokens.len()) {
            return Vec::new();
        }
        let (start, end) = (tokens[0].0.start, tokens[tokens.len() - 1].0.end);
        let star = if self.prefix { "*" } else { "" };
        tokens[1..tokens.len() - 1]
            .iter()
            .filter(|(_, folded)| splits_at(folded))
            .map(|(middle, _)| {
                Expression::near(
                    [
                        quoted(&self.text[start..middle.end]),
                        format!("{}{star}", quoted(&self.text[middle.start..end])),
                    ],
                    analysis::MOST_JOINED_PARTS - 2,
                )
            })
            .collect()
    }

    /// The term's expression without its joined reading.
    fn as_written(&self) -> Expression {
        let star = if self.prefix { "*" } else { "" };
        let typed = || Expression::phrase(format!("{}{star}", quoted(&self.text)));
        // Stems are folded letters: no quote to double. The index holds a word's stem beside it
        // only where the two differ: a word that is its own stem is asked for bare.
        let stems: Vec<Expression> = match self.words().as_slice() {
            [word] => word
                .stems
                .iter()
                .flat_map(|stem| {
                    std::iter::once(format!("\"{stem}{STEM_MARK}\""))
                        .chain(word.asks_bare(stem).then(|| format!("\"{stem}\"")))
                        .map(Expression::phrase)
                })
                .collect(),
            _ => Vec::new(),
        };
        if stems.is_empty() {
            typed()
        } else {
            // The typed form twice: bm25 adds a score for each phrase of the query, so a story
            // with the typed form ranks above one whose word only shares its stem, even when
            // that word is spelt like the bare stem of another language (`observers`, whose
            // Dutch stem is "observer").
            Expression::any_of([typed(), typed()].into_iter().chain(stems))
        }
    }
}

/// An FTS5 string: in double quotes, inner quotes doubled, control characters (which no token
/// holds, and which the tokenizer reads as a stem mark) left out.
fn quoted(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .replace('"', "\"\"");
    format!("\"{clean}\"")
}

/// A parsed query: every group must match (a group matches when any of its terms does), and no
/// excluded term may match.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub groups: Vec<Vec<Term>>,
    pub excluded: Vec<Term>,
}

/// A piece of the typed text, before operators are resolved.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Term { term: Term, negated: bool },
    Or,
    And,
    Not,
}

impl Query {
    pub fn parse(input: &str) -> Query {
        let tokens = tokenize(input);
        let only_operators = tokens.iter().all(|t| !matches!(t, Token::Term { .. }));
        let mut query = Query::default();
        let mut join_next = false;
        let mut negate_next = false;
        for (index, token) in tokens.iter().enumerate() {
            let next_is_term = matches!(tokens.get(index + 1), Some(Token::Term { .. }));
            match token {
                Token::Term { term, negated } => {
                    if *negated || negate_next {
                        query.excluded.push(term.clone());
                    } else if let Some(group) = query.groups.last_mut().filter(|_| join_next) {
                        group.push(term.clone());
                    } else {
                        query.groups.push(vec![term.clone()]);
                    }
                    join_next = false;
                    negate_next = false;
                }
                operator if only_operators => {
                    let word = match operator {
                        Token::Or => "OR",
                        Token::And => "AND",
                        _ => "NOT",
                    };
                    query.groups.push(vec![Term {
                        text: word.into(),
                        phrase: false,
                        prefix: false,
                        open: false,
                    }]);
                }
                Token::Or => join_next = next_is_term && !query.groups.is_empty() && !negate_next,
                Token::Not => negate_next = next_is_term,
                Token::And => {}
            }
        }
        query
    }

    /// The query as it is being typed: its last word, unless excluded, also matches as the
    /// start of a word (`tak` → Takaichi); the last word of a phrase still open (no closing
    /// quote yet) from four letters on (`"prime minis` → "Prime Minister"): to place a shorter
    /// start in the phrase, FTS5 would read every word that starts so.
    pub fn typing(mut self) -> Query {
        if let Some(term) = self.groups.last_mut().and_then(|group| group.last_mut())
            && (!term.phrase || term.open && term.ends_with_long_word())
        {
            term.prefix = true;
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.excluded.is_empty()
    }

    /// The FTS5 expression for what must match, if anything must.
    pub fn match_expression(&self) -> Option<String> {
        all_of(&self.groups).map(|expression| expression.text)
    }

    /// The FTS5 expression for what must not match, if anything is excluded.
    pub fn exclusion_expression(&self) -> Option<String> {
        any_of(&self.excluded).map(|expression| expression.text)
    }

    /// The complete FTS5 expression, when the query has something that must match.
    pub fn fts_expression(&self) -> Option<String> {
        let positive = all_of(&self.groups)?;
        Some(positive.but_not(any_of(&self.excluded)).text)
    }

    /// The words to highlight in a result (excluded terms are not highlighted).
    pub fn highlight_terms(&self) -> Vec<Term> {
        self.groups.iter().flatten().cloned().collect()
    }
}

/// A query as the store runs it: the full-text index answers every term but the short prefixes
/// of words being typed, which the prefix table answers (`articles_prefixes`). Every expression
/// is written here; the store only runs them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// What the index must match: the groups without a short prefix, and then (as `NOT`) the
    /// exclusions without one.
    pub index: Option<Expression>,
    /// Groups with a short prefix: each matches where any of its terms does.
    pub prefix_groups: Vec<PrefixGroup>,
    /// The exclusions without a short prefix, when there is no `index` to carry them.
    pub excluded_from_index: Option<String>,
    /// Short prefixes that must not match.
    pub excluded_prefixes: Vec<WordStart>,
}

/// A group of terms of which some are short prefixes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PrefixGroup {
    pub prefixes: Vec<WordStart>,
    /// The group's other terms, as one index expression.
    pub others: Option<String>,
}

impl Plan {
    /// Whether the prefix table takes part (without it, `index` and `excluded_from_index` are
    /// the query's whole expressions).
    pub fn uses_prefix_table(&self) -> bool {
        !self.prefix_groups.is_empty() || !self.excluded_prefixes.is_empty()
    }

    /// The word starts that must match somewhere (one of each group's).
    pub fn required_starts(&self) -> impl Iterator<Item = &WordStart> {
        self.prefix_groups.iter().flat_map(|group| &group.prefixes)
    }
}

/// A short prefix (a folded word start) as the prefix table's expressions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordStart {
    /// Matches the articles with a word that starts so.
    pub anywhere: String,
    /// Matches the articles with such a word in their title.
    pub in_title: String,
}

impl WordStart {
    fn new(start: &str) -> WordStart {
        WordStart {
            anywhere: quoted(start),
            in_title: quoted(&format!("{start}{}", analysis::TITLE_START_MARK)),
        }
    }
}

impl Query {
    /// The query split between the index and the prefix table.
    pub fn plan(&self) -> Plan {
        let split = |terms: &[Term]| -> (Vec<WordStart>, Vec<Term>) {
            let mut prefixes = Vec::new();
            let mut others = Vec::new();
            for term in terms {
                match term.table_prefix() {
                    Some(prefix) => prefixes.push(WordStart::new(&prefix)),
                    None => others.push(term.clone()),
                }
            }
            (prefixes, others)
        };
        let mut index_groups = Vec::new();
        let mut prefix_groups = Vec::new();
        for group in &self.groups {
            match split(group) {
                (prefixes, others) if prefixes.is_empty() => index_groups.push(others),
                (prefixes, others) => prefix_groups.push(PrefixGroup {
                    prefixes,
                    others: any_of(&others).map(|expression| expression.text),
                }),
            }
        }
        let (excluded_prefixes, excluded) = split(&self.excluded);
        let excluded = any_of(&excluded);
        let (index, excluded_from_index) = match all_of(&index_groups) {
            Some(positive) => (Some(positive.but_not(excluded)), None),
            None => (None, excluded.map(|expression| expression.text)),
        };
        Plan {
            index,
            prefix_groups,
            excluded_from_index,
            excluded_prefixes,
        }
    }
}

/// The expression that matches where any of `terms` does; None for no term.
fn any_of(terms: &[Term]) -> Option<Expression> {
    (!terms.is_empty()).then(|| Expression::any_of(terms.iter().map(Term::expression)))
}

/// The expression that matches where every group matches (a group: where any of its terms
/// does); None for no group.
fn all_of(groups: &[Vec<Term>]) -> Option<Expression> {
    let groups: Vec<Expression> = groups.iter().filter_map(|group| any_of(group)).collect();
    (!groups.is_empty()).then(|| Expression::all_of(groups))
}

/// An FTS5 expression as the translator writes it, with its phrases (quoted strings) in the
/// order FTS5 numbers them: the order they are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expression {
    pub text: String,
    phrases: Vec<Phrase>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Phrase {
    /// As written (with its `*` if it is a prefix).
    written: String,
    /// The operand of a NOT: no row the expression matches holds it.
    excluded: bool,
}

impl Expression {
    /// One quoted string (its `*` after it, if any).
    fn phrase(written: String) -> Expression {
        Expression {
            phrases: vec![Phrase {
                written: written.clone(),
                excluded: false,
            }],
            text: written,
        }
    }

    /// `NEAR(a b, distance)`: two phrases at most `distance` tokens apart.
    fn near(phrases: [String; 2], distance: usize) -> Expression {
        Expression {
            text: format!("NEAR({} {}, {distance})", phrases[0], phrases[1]),
            phrases: phrases
                .into_iter()
                .map(|written| Phrase {
                    written,
                    excluded: false,
                })
                .collect(),
        }
    }

    /// `a`, or `(a OR b …)`.
    fn any_of(parts: impl IntoIterator<Item = Expression>) -> Expression {
        let mut parts: Vec<Expression> = parts.into_iter().collect();
        if parts.len() == 1 {
            return parts.remove(0);
        }
        let mut joined = Expression::joined(parts, " OR ");
        joined.text = format!("({})", joined.text);
        joined
    }

    /// `a AND b …`.
    fn all_of(parts: Vec<Expression>) -> Expression {
        Expression::joined(parts, " AND ")
    }

    fn joined(parts: Vec<Expression>, operator: &str) -> Expression {
        let text = parts
            .iter()
            .map(|part| part.text.as_str())
            .collect::<Vec<_>>()
            .join(operator);
        let phrases = parts.into_iter().flat_map(|part| part.phrases).collect();
        Expression { text, phrases }
    }

    /// `(self) NOT excluded`, or `self` when nothing is excluded.
    fn but_not(self, excluded: Option<Expression>) -> Expression {
        let Some(excluded) = excluded else {
            return self;
        };
        let text = format!("({}) NOT {}", self.text, excluded.text);
        let phrases = self
            .phrases
            .into_iter()
            .chain(excluded.phrases.into_iter().map(|phrase| Phrase {
                excluded: true,
                ..phrase
            }))
            .collect();
        Expression { text, phrases }
    }

    /// What `newsdesk_bm25` need not count (see `store::rank`): one entry per phrase, `c`
    /// (count it), `=N` (written as phrase N was: the same rows) or `x` (excluded: its weight
    /// multiplies zero in every matched row).
    pub fn phrase_plan(&self) -> String {
        let entries: Vec<String> = self
            .phrases
            .iter()
            .enumerate()
            .map(|(index, phrase)| {
                let earlier = self.phrases[..index]
                    .iter()
                    .position(|other| other.written == phrase.written);
                match (phrase.excluded, earlier) {
                    (true, _) => "x".to_string(),
                    (false, Some(first)) => format!("={first}"),
                    (false, None) => "c".to_string(),
                }
            })
            .collect();
        entries.join(" ")
    }
}

/// A term is kept only if the index could find it: it has a letter or a digit.
fn searchable(text: &str) -> bool {
    text.chars().any(char::is_alphanumeric)
}

fn tokenize(input: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = input.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let negated = c == '-';
        if negated {
            chars.next();
        }
        let (text, phrase, open) = if chars.peek() == Some(&'"') {
            chars.next();
            let mut text = String::new();
            let mut open = true;
            for c in chars.by_ref() {
                if c == '"' {
                    open = false;
                    break;
                }
                text.push(c);
            }
            (text, true, open)
        } else {
            let mut text = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                text.push(c);
                chars.next();
            }
            (text, false, false)
        };
        let mut prefix = false;
        let text = if phrase {
            while chars.peek() == Some(&'*') {
                chars.next();
                prefix = true;
            }
            text
        } else {
            prefix = text.ends_with('*');
            text.trim_matches('*').to_string()
        };
        if !negated && !phrase {
            let operator = match text.as_str() {
                "OR" | "|" => Some(Token::Or),
                "AND" | "&&" => Some(Token::And),
                "NOT" => Some(Token::Not),
                _ => None,
            };
            if let Some(operator) = operator {
                tokens.push(operator);
                continue;
            }
        }
        if searchable(&text) {
            // Inside a paired run (CJK, Thai …) a character is indexed only as part of pairs: a
            // lone one finds the pairs it starts (and itself where it stands alone).
            let lone_paired = !phrase && {
                let mut chars = text.chars().filter(|c| c.is_alphanumeric());
                chars.next().is_some_and(is_paired) && chars.next().is_none()
            };
            let prefix = prefix || lone_paired;
            tokens.push(Token::Term {
                term: Term {
                    text,
                    phrase,
                    prefix,
                    open,
                },
                negated,
            });
        }
    }
    tokens
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fts(input: &str) -> Option<String> {
        Query::parse(input).fts_expression()
    }

    /// A query's groups and exclusions as typed: phrases in quotes, prefixes with `*`.
    fn shape(query: &Query) -> (Vec<Vec<String>>, Vec<String>) {
        let show = |term: &Term| {
            let text = if term.phrase {
                format!("\"{}\"", term.text)
            } else {
                term.text.clone()
            };
            format!("{text}{}", if term.prefix { "*" } else { "" })
        };
        (
            query
                .groups
                .iter()
                .map(|group| group.iter().map(show).collect())
                .collect(),
            query.excluded.iter().map(show).collect(),
        )
    }

    fn parsed(input: &str) -> (Vec<Vec<String>>, Vec<String>) {
        shape(&Query::parse(input))
    }

    fn groups(groups: &[&[&str]], excluded: &[&str]) -> (Vec<Vec<String>>, Vec<String>) {
        (
            groups
                .iter()
                .map(|g| g.iter().map(|t| t.to_string()).collect())
                .collect(),
            excluded.iter().map(|t| t.to_string()).collect(),
        )
    }

    #[test]
    fn words_phrases_prefixes_exclusions_and_or() {
        assert_eq!(
            parsed("north korean"),
            groups(&[&["north"], &["korean"]], &[])
        );
        assert_eq!(
            parsed(r#""defense pact""#),
            groups(&[&["\"defense pact\""]], &[])
        );
        assert_eq!(parsed("takai*"), groups(&[&["takai*"]], &[]));
        assert_eq!(parsed("korea -russia"), groups(&[&["korea"]], &["russia"]));
        assert_eq!(parsed("korea NOT russia"), parsed("korea -russia"));
        assert_eq!(
            parsed("japan OR china talks"),
            groups(&[&["japan", "china"], &["talks"]], &[])
        );
        assert_eq!(
            parsed(r#"a -b -"c d""#),
            groups(&[&["a"]], &["b", "\"c d\""])
        );
        // Phrases are matched as written (folded), without stems.
        assert_eq!(
            fts(r#""defense pact" -"c d""#).as_deref(),
            Some(r#"("defense pact") NOT "c d""#)
        );
        assert_eq!(
            fts(r#""Japan" OR "China""#).as_deref(),
            Some(r#"("Japan" OR "China")"#)
        );
        assert_eq!(fts(r#""takai"*"#).as_deref(), Some(r#""takai"*"#));
    }

    #[test]
    fn a_word_also_matches_its_stems_in_the_languages_of_its_script() {
        assert_eq!(
            fts("troops").as_deref(),
            Some("(\"troops\" OR \"troops\" OR \"troop\u{1}\" OR \"troop\" OR \"troops\u{1}\")")
        );
        // Serbian's stem is in Latin letters; Bulgarian's of the plural "граници" is `граник`.
        assert_eq!(
            fts("граница").as_deref(),
            Some(
                "(\"граница\" OR \"граница\" OR \"границ\u{1}\" OR \"границ\" OR \"granic\u{1}\" \
                 OR \"granic\" OR \"граник\u{1}\" OR \"граник\")"
            )
        );
        // A Hebrew word as a stem (what the index holds for it behind prefix letters), and
        // without the letters it starts with that may be a prefix.
        assert_eq!(
            fts("בכנסת").as_deref(),
            Some("(\"בכנסת\" OR \"בכנסת\" OR \"בכנסת\u{1}\" OR \"כנסת\u{1}\" OR \"כנסת\")")
        );
        // Several words typed together are a phrase of their tokens; so is a CJK word.
        assert_eq!(fts("don't").as_deref(), Some(r#""don't""#));
        assert_eq!(fts("自民党").as_deref(), Some(r#""自民党""#));
        // A lone CJK character finds the pairs it starts.
        assert_eq!(fts("米").as_deref(), Some(r#""米"*"#));
    }

    #[test]
    fn a_compound_also_matches_its_parts_joined() {
        assert_eq!(
            fts("COVID-19").as_deref(),
            Some(r#"("COVID-19" OR "covid19")"#)
        );
        // The joined reading is a word: its stems too.
        let emails = fts("e-mails").unwrap();
        assert!(
            emails.starts_with("(\"e-mails\" OR (\"emails\" OR \"emails\" OR \"email\u{1}\""),
            "{emails}"
        );
        // Being typed, from four letters on (as any word typed); not in a phrase, nor a date.
        let typed = fts("e-mai*").unwrap();
        assert!(
            typed.starts_with(r#"("e-mai"* OR ("emai"* OR "emai"*"#),
            "{typed}"
        );
        assert_eq!(fts("e-ma*").as_deref(), Some(r#""e-ma"*"#));
        assert_eq!(fts("\"e-mail\"").as_deref(), Some(r#""e-mail""#));
        assert_eq!(fts("2026-12-07").as_deref(), Some(r#""2026-12-07""#));
    }

    #[test]
    fn a_phrase_is_also_found_around_a_compound_in_its_middle() {
        assert_eq!(
            fts("\"the email scam\"").as_deref(),
            Some(r#"("the email scam" OR NEAR("the email" "email scam", 2))"#)
        );
        assert_eq!(
            fts("\"new e-mail rules\"*").as_deref(),
            Some(r#"("new e-mail rules"* OR NEAR("new e-mail" "mail rules"*, 2))"#)
        );
        // Not at a word shorter than a compound read joined is long (`splits_at`).
        assert_eq!(
            fts("\"war of words\"").as_deref(),
            Some(r#""war of words""#)
        );
        // Two words have no middle; from seven words on, a phrase is looked for as written.
        assert_eq!(fts("\"email scam\"").as_deref(), Some(r#""email scam""#));
        let long = "\"one two three four five six seven\"";
        assert_eq!(fts(long).as_deref(), Some(long));
        // CJK pairs are no compounds.
        assert_eq!(
            fts("\"東京 首相 会見\"").as_deref(),
            Some(r#""東京 首相 会見""#)
        );
        let plan = Query::parse("\"the email scam\" -\"the email\"").plan();
        assert_eq!(plan.index.unwrap().phrase_plan(), "c c c x");
    }

    /// What `newsdesk_bm25` is told of the index expression's phrases: each in the order
    /// written, counted (`c`), written as an earlier one (`=N`), or excluded (`x`).
    #[test]
    fn the_phrase_plan_follows_the_expression() {
        let index = |input: &str| Query::parse(input).plan().index.unwrap();
        // Words with digits have no stems: a phrase each.
        let plain = index("k9x OR \"k9x\" b520* -b52 -k9x");
        assert_eq!(
            plain.text,
            r#"(("k9x" OR "k9x") AND "b520"*) NOT ("b52" OR "k9x")"#
        );
        assert_eq!(plain.phrase_plan(), "c =0 c x x");
        // A stemmed word: its typed form twice, then its stems, each once.
        let troops = index("troops -k9x");
        let plan = troops.phrase_plan();
        let entries: Vec<&str> = plan.split(' ').collect();
        assert_eq!(entries.len(), troops.text.matches('"').count() / 2);
        assert_eq!(entries[..2], ["c", "=0"]);
        assert!(entries.len() > 4, "{plan}: stems in several languages");
        assert!(
            entries[2..entries.len() - 1]
                .iter()
                .all(|entry| *entry == "c")
        );
        assert_eq!(entries.last(), Some(&"x"));
    }

    #[test]
    fn short_prefixes_go_to_the_prefix_table() {
        let plan = |input: &str| Query::parse(input).plan();
        let index = |plan: &Plan| plan.index.as_ref().map(|index| index.text.clone());
        let start = |anywhere: &str, in_title: &str| WordStart {
            anywhere: anywhere.into(),
            in_title: in_title.into(),
        };
        let troops = plan("troops de*");
        assert_eq!(index(&troops), fts("troops"));
        assert_eq!(
            (
                troops.prefix_groups,
                troops.excluded_from_index,
                troops.excluded_prefixes
            ),
            (
                vec![PrefixGroup {
                    prefixes: vec![start("\"de\"", "\"de§\"")],
                    others: None
                }],
                None,
                Vec::new()
            )
        );
        let krand = plan("krand OR tak* -bar* -cu");
        assert_eq!(index(&krand), None);
        assert_eq!(
            (
                krand.prefix_groups,
                krand.excluded_from_index,
                krand.excluded_prefixes
            ),
            (
                vec![PrefixGroup {
                    prefixes: vec![start("\"tak\"", "\"tak§\"")],
                    others: fts("krand"),
                }],
                fts("cu"),
                vec![start("\"bar\"", "\"bar§\"")]
            )
        );
        // A long prefix, a phrase's prefix, a lone letter and a CJK character stay with the
        // index; so does everything when nothing is a short prefix.
        for input in ["taka* -cu", "\"troops de\"*", "t*", "首", "troops -cu"] {
            let plan = plan(input);
            assert!(!plan.uses_prefix_table(), "{input}: {plan:?}");
            assert_eq!(index(&plan), fts(input), "{input}");
        }
        assert!(
            Query::parse("troops ta")
                .typing()
                .plan()
                .uses_prefix_table()
        );
        let plan_of = plan("tak* OR ma* de* -po*");
        assert_eq!(
            plan_of
                .required_starts()
                .map(|start| start.anywhere.as_str())
                .collect::<Vec<_>>(),
            ["\"tak\"", "\"ma\"", "\"de\""]
        );
    }

    #[test]
    fn the_word_being_typed_is_a_prefix() {
        let typed = Query::parse("japan tak").typing();
        assert_eq!(shape(&typed), groups(&[&["japan"], &["tak*"]], &[]));
        let phrase = Query::parse("\"prime minister\"").typing();
        assert_eq!(shape(&phrase), groups(&[&["\"prime minister\""]], &[]));
        // A phrase still open: its last word from four letters on.
        let open = Query::parse("japan \"prime minis").typing();
        assert_eq!(
            shape(&open),
            groups(&[&["japan"], &["\"prime minis\"*"]], &[])
        );
        let open = Query::parse("\"prime min").typing();
        assert_eq!(shape(&open), groups(&[&["\"prime min\""]], &[]));
        let earlier = Query::parse("\"prime minis tak").typing();
        assert_eq!(shape(&earlier), groups(&[&["\"prime minis tak\""]], &[]));
        let closed_then_open = Query::parse("\"prime\" \"minis").typing();
        assert_eq!(
            shape(&closed_then_open),
            groups(&[&["\"prime\""], &["\"minis\"*"]], &[])
        );
        assert_eq!(shape(&Query::parse("-tak").typing()), groups(&[], &["tak"]));
    }

    #[test]
    fn hostile_input_is_quoted_or_dropped() {
        assert_eq!(parsed("don't stop"), groups(&[&["don't"], &["stop"]], &[]));
        assert_eq!(parsed("C++ tips"), groups(&[&["C++"], &["tips"]], &[]));
        assert_eq!(parsed("\"unbalanced"), groups(&[&["\"unbalanced\""]], &[]));
        assert_eq!(fts("\"AND\"").as_deref(), Some(r#""AND""#));
        assert_eq!(parsed("AND"), groups(&[&["AND"]], &[]));
        assert_eq!(fts("\"foo:bar\"").as_deref(), Some(r#""foo:bar""#));
        assert_eq!(fts("\"NEAR(\"").as_deref(), Some(r#""NEAR(""#));
        assert_eq!(
            fts("\"C++\" \"a\"\"b\"").as_deref(),
            Some(r#""C++" AND "a" AND "b""#)
        );
        assert_eq!(parsed("(a"), groups(&[&["(a"]], &[]));
        assert_eq!(parsed("a OR"), groups(&[&["a"]], &[]));
        assert_eq!(parsed("OR a"), groups(&[&["a"]], &[]));
        assert_eq!(fts("*"), None);
        assert_eq!(fts(""), None);
        assert_eq!(
            parsed("say \"hi\"\"there"),
            groups(&[&["say"], &["\"hi\""], &["\"there\""]], &[])
        );
        assert_eq!(parsed(r#"a"b"#), groups(&[&["a"], &["\"b\""]], &[]));
        // A typed control character (the tokenizer's stem mark) never reaches the index.
        assert_eq!(fts("\"x\u{1}\"").as_deref(), Some(r#""x""#));
    }

    #[test]
    fn only_exclusions_have_no_positive_expression() {
        let query = Query::parse("-\"russia\"");
        assert_eq!(query.fts_expression(), None);
        assert_eq!(query.exclusion_expression().as_deref(), Some(r#""russia""#));
        assert!(!query.is_empty());
    }
}
