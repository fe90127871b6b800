//! Reading a Newsdesk JSON export back, one article at a time (the document is never held in
//! memory whole).

use std::cell::RefCell;
use std::fmt;
use std::io::Read;

use serde::Deserializer;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{EXPORT_FORMAT, EXPORT_VERSION, ExportedArticle};
use crate::error::{Error, Result};

/// Parses an export and hands each article to `on_article`. An error from `on_article` stops the
/// parse and is returned as it is.
pub(crate) fn parse(
    input: impl Read,
    on_article: &mut dyn FnMut(ExportedArticle) -> Result<()>,
) -> Result<()> {
    let failure = RefCell::new(None);
    let document = DocumentVisitor {
        on_article: RefCell::new(on_article),
        failure: &failure,
    };
    let mut deserializer = serde_json::Deserializer::from_reader(std::io::BufReader::new(input));
    let parsed = deserializer
        .deserialize_map(document)
        .and_then(|()| deserializer.end());
    if let Some(error) = failure.into_inner() {
        return Err(error);
    }
    parsed.map_err(|e| Error::Malformed(format!("not a valid Newsdesk export: {e}")))
}

struct DocumentVisitor<'a, 'f> {
    on_article: RefCell<&'a mut dyn FnMut(ExportedArticle) -> Result<()>>,
    failure: &'f RefCell<Option<Error>>,
}

impl<'de> Visitor<'de> for DocumentVisitor<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Newsdesk export object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut format_ok = false;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    let format: String = map.next_value()?;
                    if format != EXPORT_FORMAT {
                        return Err(de::Error::custom(format!("unknown format \"{format}\"")));
                    }
                    format_ok = true;
                }
                "version" => {
                    let version: u32 = map.next_value()?;
                    if version > EXPORT_VERSION {
                        return Err(de::Error::custom(format!(
                            "export version {version} was written by a newer Newsdesk \
                             (this one reads up to {EXPORT_VERSION})"
                        )));
                    }
                }
                "articles" if format_ok => map.next_value_seed(ArticlesSeed {
                    on_article: &self.on_article,
                    failure: self.failure,
                })?,
                "articles" => {
                    return Err(de::Error::custom(
                        "\"format\" must come before \"articles\"",
                    ));
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if format_ok {
            Ok(())
        } else {
            Err(de::Error::custom("missing \"format\""))
        }
    }
}

struct ArticlesSeed<'s, 'a, 'f> {
    on_article: &'s RefCell<&'a mut dyn FnMut(ExportedArticle) -> Result<()>>,
    failure: &'f RefCell<Option<Error>>,
}

impl<'de> DeserializeSeed<'de> for ArticlesSeed<'_, '_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for ArticlesSeed<'_, '_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of articles")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(article) = seq.next_element::<ExportedArticle>()? {
            if let Err(error) = (self.on_article.borrow_mut())(article) {
                *self.failure.borrow_mut() = Some(error);
                return Err(de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn titles(json: &str) -> Result<Vec<String>> {
        let mut titles = Vec::new();
        parse(json.as_bytes(), &mut |article| {
            titles.push(article.article.title);
            Ok(())
        })?;
        Ok(titles)
    }

    const ARTICLE: &str = r#"{"title":"T","caption":null,"credit":null,"source":"s","url":null,
        "author":null,"published_at":null,"imported_at":"2026-01-02T03:04:05.000006Z",
        "blocks":[{"kind":"paragraph","text":"Body"}],"bookmark":null,"visit":null,"read_at":null}"#;

    #[test]
    fn reads_articles_in_order() {
        let json = format!(
            r#"{{"format":"newsdesk-export","version":1,"exported_at":"x","articles":[{ARTICLE},{}]}}"#,
            ARTICLE.replace("\"T\"", "\"U\"")
        );
        assert_eq!(titles(&json).unwrap(), ["T", "U"]);
    }

    #[test]
    fn refuses_other_documents_clearly() {
        let newer = r#"{"format":"newsdesk-export","version":99,"articles":[]}"#;
        assert!(
            titles(newer)
                .unwrap_err()
                .to_string()
                .contains("newer Newsdesk")
        );
        let other = r#"{"format":"something","articles":[]}"#;
        assert!(
            titles(other)
                .unwrap_err()
                .to_string()
                .contains("unknown format")
        );
        let truncated =
            format!(r#"{{"format":"newsdesk-export","version":1,"articles":[{ARTICLE}"#);
        assert!(matches!(titles(&truncated), Err(Error::Malformed(_))));
    }

    #[test]
    fn a_callback_error_comes_back_unchanged() {
        let json = format!(r#"{{"format":"newsdesk-export","version":1,"articles":[{ARTICLE}]}}"#);
        let result = parse(json.as_bytes(), &mut |_| Err(Error::Cancelled));
        assert!(matches!(result, Err(Error::Cancelled)));
    }
}
