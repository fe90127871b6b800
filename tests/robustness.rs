//! Property tests of every parser ("fuzzing" on stable Rust): arbitrary bytes and
//! structure-aware generated documents (HTML pages, Markdown, RSS/Atom, JSON Feed, zip archives),
//! including broken, truncated and mutated ones. No input may panic, hang, or produce an article
//! without a title or with an empty block; the HTML extractor must never need its panic guard.
//!
//! CI runs about a minute in all. A long run: `PROPTEST_CASES=20000 cargo test --release
//! --test robustness` (see the README).

use std::io::Write;
use std::time::{Duration, Instant};

use newsdesk::parse_bytes;
use proptest::prelude::*;

/// Longest any one input may take to parse (debug build, shared 2-core machine).
const TIME_LIMIT: Duration = Duration::from_secs(5);

fn config(default_cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(default_cases);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

/// Parses an input the way an import would and checks what came out.
fn check(bytes: &[u8], name: &str) -> Result<(), TestCaseError> {
    let started = Instant::now();
    let parsed = parse_bytes(bytes, name);
    let elapsed = started.elapsed();
    prop_assert!(elapsed < TIME_LIMIT, "{name}: {elapsed:?}");
    match parsed {
        Ok((_, articles)) => {
            for article in articles {
                prop_assert!(!article.title.is_empty());
                prop_assert!(article.blocks.iter().all(|b| !b.text.is_empty()));
            }
        }
        Err(error) => {
            let message = error.to_string();
            prop_assert!(!message.contains("extractor failed"), "{message}");
            prop_assert!(!message.is_empty());
        }
    }
    Ok(())
}

fn words() -> impl Strategy<Value = String> {
    prop::collection::vec(
        "[a-zA-Z]{1,9}|[0-9]{1,4}|São|Erdoğan|“q”|&amp;|&lt;|&#x41;|&bogus;|\u{a0}|\u{200b}",
        0..20,
    )
    .prop_map(|w| w.join(" "))
}

/// An HTML element tree written out with sloppy markup now and then: unclosed and stray end
/// tags, attributes without quotes, comments cut short.
fn html_node() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        words(),
        Just("<br>".to_string()),
        Just("<img src=https://t.example/p.gif>".to_string()),
        Just("<!-- comment -->".to_string()),
        Just("</p>".to_string()),
        Just("<p>".to_string()),
        Just("<!--".to_string()),
        Just("&".to_string()),
    ];
    leaf.prop_recursive(8, 96, 6, |inner| {
        (
            prop::sample::select(vec![
                "div",
                "p",
                "span",
                "article",
                "section",
                "h1",
                "h2",
                "h3",
                "blockquote",
                "ul",
                "ol",
                "li",
                "pre",
                "code",
                "script",
                "style",
                "a",
                "table",
                "tr",
                "td",
                "form",
                "noscript",
                "nav",
                "aside",
                "footer",
                "header",
                "figure",
                "figcaption",
                "em",
                "b",
                "iframe",
                "textarea",
                "svg",
                "math",
                "template",
                "select",
            ]),
            prop::collection::vec(inner, 0..6),
            any::<bool>(),
            "( class=\"[a-z -]{0,12}\"| id=[a-z]{1,6}| itemprop=articleBody|)",
        )
            .prop_map(|(tag, children, close, attributes)| {
                let end = if close {
                    format!("</{tag}>")
                } else {
                    String::new()
                };
                format!("<{tag}{attributes}>{}{end}", children.concat())
            })
    })
}

fn html_page() -> impl Strategy<Value = String> {
    (
        prop::option::of(words()),
        prop::option::of(words()),
        prop::option::of("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z|yesterday|"),
        prop::collection::vec(html_node(), 0..8),
        any::<bool>(),
    )
        .prop_map(|(title, author, date, body, closed)| {
            let mut page = String::from("<!DOCTYPE html><html><head>");
            if let Some(title) = title {
                page.push_str(&format!(
                    "<title>{title}</title><meta property=\"og:title\" content=\"{title}\">"
                ));
            }
            if let Some(author) = author {
                page.push_str(&format!(
                    "<script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\",\
                     \"author\":{{\"name\":\"{author}\"}},\"datePublished\":\"{}\"}}</script>",
                    date.unwrap_or_default()
                ));
            }
            page.push_str("</head><body>");
            page.push_str(&body.concat());
            if closed {
                page.push_str("</body></html>");
            }
            page
        })
}

fn markdown_note() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            words(),
            words().prop_map(|w| format!("# {w}")),
            words().prop_map(|w| format!("### {w}")),
            words().prop_map(|w| format!("> {w}")),
            words().prop_map(|w| format!(">>>> {w}")),
            words().prop_map(|w| format!("- {w}")),
            words().prop_map(|w| format!("  1. {w}")),
            Just("```".to_string()),
            Just("---".to_string()),
            Just("title: x".to_string()),
            Just("| a | b |\n|---|---|".to_string()),
            Just("<div><script>x</script>".to_string()),
            Just("![img](http://x/y.png)".to_string()),
            Just("[^1]: note".to_string()),
            Just("".to_string()),
        ],
        0..40,
    )
    .prop_map(|lines| lines.join("\n"))
}

fn feed_text() -> impl Strategy<Value = String> {
    prop_oneof![
        words(),
        html_node().prop_map(|html| format!("<![CDATA[{html}]]>")),
        html_node().prop_map(|html| html.replace('&', "&amp;").replace('<', "&lt;")),
    ]
}

fn rss_feed() -> impl Strategy<Value = String> {
    (
        words(),
        prop::collection::vec(
            (
                prop::option::of(feed_text()),
                prop::option::of("https?://[a-zA-Z.]{1,12}/[a-z/?=&_]{0,20}|not a link"),
                prop::option::of(feed_text()),
                prop::option::of("(Mon|Tue), 0[1-9] (Jan|Apr) 20[0-9]{2} [0-9]{2}:00:00 GMT|junk"),
            ),
            0..6,
        ),
    )
        .prop_map(|(title, items)| {
            let items: String = items
                .into_iter()
                .map(|(title, link, body, date)| {
                    let field = |tag: &str, value: Option<String>| {
                        value.map_or(String::new(), |v| format!("<{tag}>{v}</{tag}>"))
                    };
                    format!(
                        "<item>{}{}{}{}</item>",
                        field("title", title),
                        field("link", link),
                        field("description", body),
                        field("pubDate", date)
                    )
                })
                .collect();
            format!(
                "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{title}</title>\
                 {items}</channel></rss>"
            )
        })
}

fn atom_feed() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (prop::option::of(words()), feed_text(), any::<bool>()),
        0..6,
    )
    .prop_map(|entries| {
        let entries: String = entries
            .into_iter()
            .map(|(title, content, html)| {
                let kind = if html { "html" } else { "text" };
                format!(
                    "<entry>{}<id>x</id><updated>2026-01-01T00:00:00Z</updated>\
                         <content type=\"{kind}\">{content}</content></entry>",
                    title.map_or(String::new(), |t| format!("<title>{t}</title>"))
                )
            })
            .collect();
        format!("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title>{entries}</feed>")
    })
}

fn json_feed() -> impl Strategy<Value = String> {
    let item = (
        prop::option::of(words()),
        prop::option::of(html_node()),
        prop::option::of(words()),
        prop::option::of("20[0-9]{2}-0[1-9]-1[0-9]T00:00:00Z|bad date"),
    )
        .prop_map(|(title, html, text, date)| {
            let mut item = serde_json::json!({ "id": "1" });
            if let Some(title) = title {
                item["title"] = title.into();
            }
            if let Some(html) = html {
                item["content_html"] = html.into();
            }
            if let Some(text) = text {
                item["content_text"] = text.into();
            }
            if let Some(date) = date {
                item["date_published"] = date.into();
            }
            item
        });
    (words(), prop::collection::vec(item, 0..6)).prop_map(|(title, items)| {
        serde_json::json!({
            "version": "https://jsonfeed.org/version/1.1",
            "title": title,
            "items": items,
        })
        .to_string()
    })
}

fn zip_archive() -> impl Strategy<Value = Vec<u8>> {
    let entry = (
        prop::sample::select(vec![
            "a.html", "b.md", "c.xml", "d.txt", "e.json", "f.png", "g/h.txt",
        ]),
        prop_oneof![
            html_page().prop_map(String::into_bytes),
            markdown_note().prop_map(String::into_bytes),
            rss_feed().prop_map(String::into_bytes),
            prop::collection::vec(any::<u8>(), 0..200),
        ],
        any::<bool>(),
    );
    prop::collection::vec(entry, 0..5).prop_map(|entries| {
        let mut out = std::io::Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut out);
        for (name, bytes, deflate) in entries {
            let method = if deflate {
                zip::CompressionMethod::Deflated
            } else {
                zip::CompressionMethod::Stored
            };
            let options = zip::write::SimpleFileOptions::default().compression_method(method);
            // A name used twice is refused by the writer; the archive is then shorter.
            if writer.start_file(name, options).is_ok() {
                writer.write_all(&bytes).unwrap();
            }
        }
        writer.finish().unwrap();
        out.into_inner()
    })
}

/// Damage to apply to a valid document: cut it short, or overwrite some bytes.
fn damaged(document: impl Strategy<Value = Vec<u8>>) -> impl Strategy<Value = Vec<u8>> {
    (
        document,
        any::<prop::sample::Index>(),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..8),
        any::<bool>(),
    )
        .prop_map(|(mut bytes, cut, flips, truncate)| {
            if bytes.is_empty() {
                return bytes;
            }
            for (at, byte) in flips {
                let at = at.index(bytes.len());
                bytes[at] = byte;
            }
            if truncate {
                bytes.truncate(cut.index(bytes.len()));
            }
            bytes
        })
}

/// One piece of markup that nests in the parser's tree though a scan of tags may not see it:
/// self-closed divs, stray end tags, custom elements, ruby parts outside `<ruby>`, unclosed
/// formatting, plain nesting.
fn nesting_piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "<div/>",
        "<div></x>",
        "<p-x>",
        "<x-y/>",
        "<rb>a",
        "<rt>b",
        "<rp>",
        "<b>",
        "<i>",
        "<font>",
        "<span>",
        "<section>",
        "<li>",
        "</p>",
        "<p>",
        "<table><td>",
    ])
}

/// A page made of the shapes that slipped past the old nesting scan, repeated around the limit
/// (512 deep) and beyond, sometimes inside a feed entry or a zip.
fn nesting_attack() -> impl Strategy<Value = (Vec<u8>, &'static str)> {
    (
        prop::collection::vec((nesting_piece(), 1usize..400), 1..6),
        0u8..3,
    )
        .prop_map(|(runs, wrapper)| {
            let body: String = runs
                .iter()
                .map(|(piece, times)| piece.repeat(*times))
                .collect();
            let page = format!(
                "<!doctype html><html><head><title>Deep</title></head><body><p>{body}</p>\
                 <p>Some text that is long enough to be an article.</p></body></html>"
            );
            match wrapper {
                0 => (page.into_bytes(), "page.html"),
                1 => {
                    let escaped = body.replace('&', "&amp;").replace('<', "&lt;");
                    let feed = format!(
                        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title>\
                         <item><title>Deep</title><description>{escaped} text</description>\
                         </item></channel></rss>"
                    );
                    (feed.into_bytes(), "feed.xml")
                }
                _ => {
                    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
                    zip.start_file("page.html", zip::write::SimpleFileOptions::default())
                        .unwrap();
                    zip.write_all(page.as_bytes()).unwrap();
                    (zip.finish().unwrap().into_inner(), "pages.zip")
                }
            }
        })
}

proptest! {
    #![proptest_config(config(384))]

    /// Whatever the shapes, the limit holds as the parser builds the tree: the document is
    /// read, or refused as nested too deeply, in time (never a crash or a hang).
    #[test]
    fn nesting_shapes_are_limited_by_the_parser((bytes, name) in nesting_attack()) {
        check(&bytes, name)?;
        if let Err(error) = parse_bytes(&bytes, name) {
            let message = error.to_string();
            prop_assert!(
                message.contains("nested more than 512 elements deep")
                    || message.contains("no article"),
                "{name}: {message}"
            );
        }
    }

    #[test]
    fn generated_html_pages(page in html_page()) {
        check(page.as_bytes(), "page.html")?;
    }

    #[test]
    fn damaged_html_pages(bytes in damaged(html_page().prop_map(String::into_bytes))) {
        check(&bytes, "page.html")?;
    }

    #[test]
    fn arbitrary_markup(text in "(<[a-z/!?]{0,4}|>|[a-z ]{0,6}|&[a-z#0-9]{0,4};?|\"|'|=){0,200}") {
        check(format!("<!doctype html>{text}").as_bytes(), "markup.html")?;
        check(text.as_bytes(), "markup.htm")?;
    }

    #[test]
    fn generated_markdown(note in markdown_note()) {
        check(note.as_bytes(), "note.md")?;
    }

    #[test]
    fn generated_and_damaged_rss(bytes in damaged(rss_feed().prop_map(String::into_bytes))) {
        check(&bytes, "feed.xml")?;
    }

    #[test]
    fn generated_and_damaged_atom(bytes in damaged(atom_feed().prop_map(String::into_bytes))) {
        check(&bytes, "feed.atom")?;
    }

    #[test]
    fn generated_and_damaged_json_feeds(bytes in damaged(json_feed().prop_map(String::into_bytes))) {
        check(&bytes, "feed.json")?;
    }

    #[test]
    fn generated_and_damaged_zips(bytes in damaged(zip_archive())) {
        check(&bytes, "archive.zip")?;
    }

    #[test]
    fn arbitrary_bytes_behind_every_signature(
        prefix in prop::sample::select(vec![
            &b"PK\x03\x04"[..], b"<!doctype html>", b"<rss version=\"2.0\">", b"<feed>",
            b"{\"version\":\"https://jsonfeed.org/version/1\"", b"---\n", b"",
        ]),
        name in prop::sample::select(vec!["x.zip", "x.html", "x.xml", "x.json", "x.md", "x.txt"]),
        bytes in prop::collection::vec(any::<u8>(), 0..1500),
    ) {
        check(&[prefix, &bytes[..]].concat(), name)?;
    }
}
