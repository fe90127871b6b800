//! HTML to typed blocks, shared by web pages (after main-article extraction) and feed entries.
//!
//! Block elements start a new block: headings become headings, `blockquote` quotes, `li` list
//! items, `pre` pre-formatted text, everything else paragraphs; inline markup is flattened to
//! its text. Scripts, styles, forms, embedded frames, media and images are dropped (nothing is
//! ever fetched). The walk uses an explicit stack, so no nesting depth can overflow it, and
//! `check_nesting` refuses pages nested so deep that parsing them would take minutes.

use dom_query::{Document, NodeRef};

use crate::error::{Error, Result};
use crate::model::{Block, BlockKind};

/// The deepest element nesting accepted. Real pages stay under a hundred or so; html5ever's
/// tree building costs grow with depth × elements (2,000 nested elements took 2 s, 10,000 43 s).
pub(crate) const MAX_NESTING: usize = 512;

/// Elements whose content is never article text.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object", "embed",
    "applet", "form", "button", "input", "select", "option", "textarea", "label", "svg", "math",
    "canvas", "video", "audio", "picture", "source", "track", "img", "map", "head", "title",
    "meta", "link", "base", "nav", "dialog",
];

/// Elements that end the text before them and start a new block.
const BLOCK_LEVEL: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "figure",
    "figcaption",
    "address",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "pre",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "td",
    "th",
    "caption",
    "hr",
    "center",
    "details",
    "summary",
    "body",
    "html",
];

/// Void elements and elements whose end tag may be left out: they do not deepen the nesting
/// the way `check_nesting` counts it.
const NOT_NESTING: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead",
    "tbody", "tfoot", "colgroup", "caption", "rb", "rp", "rt", "rtc", "html", "head", "body",
];

/// Text elements whose content is not markup (a `<` inside them opens no element).
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "noscript"];

/// The blocks of an HTML document or fragment.
pub(crate) fn html_to_blocks(html: &str) -> Result<Vec<Block>> {
    check_nesting(html)?;
    Ok(document_blocks(&Document::fragment(html)))
}

/// Refuses markup nested deeper than `MAX_NESTING`, from a quick scan of its tags (before the
/// costly tree building). Over-counts a little where end tags are missing, never under-counts
/// what the parser would build.
pub(crate) fn check_nesting(html: &str) -> Result<()> {
    let mut depth = 0usize;
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if let Some(comment) = rest.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let closing = rest.starts_with('/');
        let name_start = usize::from(closing);
        let name_len = rest[name_start..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len() - name_start);
        if name_len == 0 {
            continue;
        }
        let name = rest[name_start..name_start + name_len].to_ascii_lowercase();
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let self_closing = rest[..tag_end].ends_with('/');
        rest = &rest[tag_end.min(rest.len())..];
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing {
            depth += 1;
            if depth > MAX_NESTING {
                return Err(Error::Malformed(format!(
                    "the HTML is nested more than {MAX_NESTING} elements deep; this is not a \
                     news page Newsdesk can read"
                )));
            }
            if RAW_TEXT.contains(&name.as_str()) {
                rest = find_end_tag(rest, &name).map_or("", |end| &rest[end..]);
            }
        }
    }
    Ok(())
}

/// Where `</name` starts in `text`, in any letter case.
fn find_end_tag(text: &str, name: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = text[from..].find("</") {
        let at = from + offset;
        let candidate = &bytes[at + 2..];
        if candidate.len() >= name.len()
            && candidate[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// One step of the walk: enter a node, or leave a block element (restoring the kind of
/// block its parent was building).
enum Visit<'a> {
    Enter(NodeRef<'a>),
    Leave(BlockKind),
}

fn document_blocks(document: &Document) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut text = String::new();
    let mut kind = BlockKind::Paragraph;
    let mut stack = vec![Visit::Enter(document.root())];
    while let Some(visit) = stack.pop() {
        let node = match visit {
            Visit::Leave(outer) => {
                flush(&mut blocks, &mut text, kind);
                kind = outer;
                continue;
            }
            Visit::Enter(node) => node,
        };
        if node.is_text() {
            text.push_str(&node.text());
            continue;
        }
        let name = node.node_name().map(|n| n.to_ascii_lowercase());
        let name = name.as_deref().unwrap_or("");
        if DROPPED.contains(&name) || node.is_comment() {
            continue;
        }
        if name == "br" {
            text.push('\n');
            continue;
        }
        if BLOCK_LEVEL.contains(&name) {
            flush(&mut blocks, &mut text, kind);
            stack.push(Visit::Leave(kind));
            kind = match name {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
                "blockquote" => BlockKind::Quote,
                "li" | "dt" | "dd" if kind != BlockKind::Quote => BlockKind::ListItem,
                "pre" => BlockKind::Preformatted,
                _ => kind,
            };
        }
        let first_child = stack.len();
        let mut child = node.first_child();
        while let Some(current) = child {
            child = current.next_sibling();
            stack.push(Visit::Enter(current));
        }
        stack[first_child..].reverse();
    }
    flush(&mut blocks, &mut text, kind);
    blocks
}

fn flush(blocks: &mut Vec<Block>, text: &mut String, kind: BlockKind) {
    blocks.extend(Block::new(kind, text));
    text.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(html: &str) -> Vec<(BlockKind, String)> {
        html_to_blocks(html)
            .unwrap()
            .into_iter()
            .map(|b| (b.kind, b.text))
            .collect()
    }

    #[test]
    fn block_elements_become_typed_blocks() {
        let html = "<h2>Sub <em>head</em></h2><p>One <a href='x'>link</a>\n text.</p>\
            <blockquote><p>Quoted.</p><p>Twice.</p></blockquote>\
            <ul><li>First</li><li><p>Second</p></li></ul>\
            <pre>  fn main() {\n      run();\n  }</pre><div>Loose <br>text</div>";
        use BlockKind::*;
        assert_eq!(
            blocks(html),
            [
                (Heading, "Sub head".into()),
                (Paragraph, "One link text.".into()),
                (Quote, "Quoted.".into()),
                (Quote, "Twice.".into()),
                (ListItem, "First".into()),
                (ListItem, "Second".into()),
                (Preformatted, "  fn main() {\n      run();\n  }".into()),
                (Paragraph, "Loose text".into()),
            ]
        );
    }

    #[test]
    fn scripts_styles_forms_and_images_are_dropped() {
        let html = "<p>Kept.<script>alert(1)</script><style>p{}</style></p>\
            <form><input value='x'><button>Go</button></form><img src='https://t.example/p.gif'>\
            <iframe src='https://ads.example'></iframe><noscript>Enable JS</noscript><p>Also kept.</p>";
        assert_eq!(
            blocks(html),
            [
                (BlockKind::Paragraph, "Kept.".into()),
                (BlockKind::Paragraph, "Also kept.".into())
            ]
        );
    }

    #[test]
    fn deep_nesting_is_refused_quickly_and_moderate_nesting_walks_without_recursion() {
        let deep = format!("{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
        let started = std::time::Instant::now();
        assert!(matches!(html_to_blocks(&deep), Err(Error::Malformed(_))));
        assert!(started.elapsed().as_secs() < 2);
        let fine = format!("{}x{}", "<span>".repeat(400), "</span>".repeat(400));
        assert_eq!(blocks(&fine), [(BlockKind::Paragraph, "x".into())]);
        // Unclosed paragraphs and list items do not count as nesting.
        let sloppy = "<p>a".repeat(5_000);
        assert_eq!(html_to_blocks(&sloppy).unwrap().len(), 5_000);
    }

    #[test]
    fn raw_text_elements_do_not_open_tags() {
        let script = format!("<script>{}</script><p>x</p>", "<div>".repeat(5_000));
        assert!(check_nesting(&script).is_ok());
    }
}
