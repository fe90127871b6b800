//! Turning what a person types into a safe FTS5 expression.
//!
//! Supported: words (all must match), `"exact phrase"`, `prefix*`, `-excluded` (or `NOT word`),
//! and `OR` between two terms. Every term is emitted as a quoted FTS5 string (inner quotes
//! doubled), so no input — `C++`, `foo:bar`, `NEAR(`, a stray quote — can be read as FTS5
//! syntax. Operators in places where they make no sense are dropped; a query made only of
//! operator words searches for those words.

/// One search term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The text as typed (without quotes and `*`).
    pub text: String,
    /// Typed in double quotes: the words must appear together, in order.
    pub phrase: bool,
    /// Typed with a trailing `*`: the last word is a prefix.
    pub prefix: bool,
}

impl Term {
    fn to_fts(&self) -> String {
        let star = if self.prefix { "*" } else { "" };
        format!("\"{}\"{star}", self.text.replace('"', "\"\""))
    }
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
                    }]);
                }
                Token::Or => join_next = next_is_term && !query.groups.is_empty() && !negate_next,
                Token::Not => negate_next = next_is_term,
                Token::And => {}
            }
        }
        query
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty() && self.excluded.is_empty()
    }

    /// The FTS5 expression for what must match, if anything must.
    pub fn match_expression(&self) -> Option<String> {
        let groups: Vec<String> = self.groups.iter().map(|group| any_of(group)).collect();
        (!groups.is_empty()).then(|| groups.join(" AND "))
    }

    /// The FTS5 expression for what must not match, if anything is excluded.
    pub fn exclusion_expression(&self) -> Option<String> {
        (!self.excluded.is_empty()).then(|| any_of(&self.excluded))
    }

    /// The complete FTS5 expression, when the query has something that must match.
    pub fn fts_expression(&self) -> Option<String> {
        let positive = self.match_expression()?;
        Some(match self.exclusion_expression() {
            Some(negative) => format!("({positive}) NOT {negative}"),
            None => positive,
        })
    }

    /// The words to highlight in a result (excluded terms are not highlighted).
    pub fn highlight_terms(&self) -> Vec<Term> {
        self.groups.iter().flatten().cloned().collect()
    }
}

fn any_of(terms: &[Term]) -> String {
    match terms {
        [one] => one.to_fts(),
        many => format!(
            "({})",
            many.iter()
                .map(Term::to_fts)
                .collect::<Vec<_>>()
                .join(" OR ")
        ),
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
        let (text, phrase) = if chars.peek() == Some(&'"') {
            chars.next();
            let text: String = chars.by_ref().take_while(|&c| c != '"').collect();
            (text, true)
        } else {
            let mut text = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                text.push(c);
                chars.next();
            }
            (text, false)
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
            tokens.push(Token::Term {
                term: Term {
                    text,
                    phrase,
                    prefix,
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

    #[test]
    fn words_phrases_prefixes_exclusions_and_or() {
        assert_eq!(
            fts("north korean").as_deref(),
            Some(r#""north" AND "korean""#)
        );
        assert_eq!(
            fts(r#""defense pact""#).as_deref(),
            Some(r#""defense pact""#)
        );
        assert_eq!(fts("takai*").as_deref(), Some(r#""takai"*"#));
        assert_eq!(
            fts("korea -russia").as_deref(),
            Some(r#"("korea") NOT "russia""#)
        );
        assert_eq!(
            fts("korea NOT russia").as_deref(),
            Some(r#"("korea") NOT "russia""#)
        );
        assert_eq!(
            fts("japan OR china talks").as_deref(),
            Some(r#"("japan" OR "china") AND "talks""#)
        );
        assert_eq!(
            fts(r#"a -b -"c d""#).as_deref(),
            Some(r#"("a") NOT ("b" OR "c d")"#)
        );
    }

    #[test]
    fn hostile_input_is_quoted_or_dropped() {
        assert_eq!(fts("don't stop").as_deref(), Some(r#""don't" AND "stop""#));
        assert_eq!(fts("C++ tips").as_deref(), Some(r#""C++" AND "tips""#));
        assert_eq!(fts("\"unbalanced").as_deref(), Some(r#""unbalanced""#));
        assert_eq!(fts("AND").as_deref(), Some(r#""AND""#));
        assert_eq!(fts("foo:bar").as_deref(), Some(r#""foo:bar""#));
        assert_eq!(fts("NEAR(").as_deref(), Some(r#""NEAR(""#));
        assert_eq!(fts("(a").as_deref(), Some(r#""(a""#));
        assert_eq!(fts("a OR").as_deref(), Some(r#""a""#));
        assert_eq!(fts("OR a").as_deref(), Some(r#""a""#));
        assert_eq!(fts("*"), None);
        assert_eq!(fts(""), None);
        assert_eq!(
            fts("say \"hi\"\"there"),
            Some(r#""say" AND "hi" AND "there""#.into())
        );
        assert_eq!(fts(r#"a"b"#).as_deref(), Some(r#""a" AND "b""#));
    }

    #[test]
    fn only_exclusions_have_no_positive_expression() {
        let query = Query::parse("-russia");
        assert_eq!(query.fts_expression(), None);
        assert_eq!(query.exclusion_expression().as_deref(), Some(r#""russia""#));
        assert!(!query.is_empty());
    }
}
