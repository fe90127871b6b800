//! HTML to typed blocks, shared by web pages (after main-article extraction) and feed entries,
//! and the limits every HTML document is held to.
//!
//! Block elements start a new block: headings become headings, `blockquote` quotes, `li` list
//! items, `pre` pre-formatted text, everything else paragraphs; inline markup is flattened to
//! its text. Scripts, styles, forms, embedded frames, media and images are dropped (nothing is
//! ever fetched). The walk uses an explicit stack, so no nesting depth can overflow it.
//!
//! Limits: [`parse_html`] builds the tree with html5ever — the parser the extractor uses too —
//! through a sink that counts the elements the tree builder creates and measures the depth of
//! every node it inserts, and stops the parser at the node that crosses a limit. The limits are
//! those of the tree actually built, whatever the markup looks like (`<div/>`, stray end tags,
//! custom elements, misplaced `<rb>` all count as html5ever counts them), and the work done
//! before a refusal stays small.

use std::borrow::Cow;
use std::cell::Cell;

use dom_query::{Document, NodeId, NodeRef};
use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, ParseOpts, QualName, local_name, ns, tree_builder};

use crate::error::{Error, Result};
use crate::model::{Block, BlockKind};

/// The deepest element nesting accepted. Real pages stay under a hundred or so; html5ever's
/// tree building costs grow with depth × elements (2,000 nested elements took 2 s, 10,000 43 s),
/// and the extractor walks the tree recursively.
pub(crate) const MAX_NESTING: usize = 512;

/// The most elements a document may have. Long real pages have tens of thousands.
pub(crate) const MAX_ELEMENTS: usize = 100_000;

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

/// The blocks of an HTML document or fragment.
pub(crate) fn html_to_blocks(html: &str) -> Result<Vec<Block>> {
    Ok(document_blocks(&parse_html(html, Parse::Fragment)?))
}

/// What a document is parsed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Parse {
    /// A whole page.
    Document,
    /// A part of a page (a feed entry's content, an extracted article), as inside `<body>`.
    Fragment,
}

/// Parses HTML into a tree, refusing documents beyond `MAX_NESTING` or `MAX_ELEMENTS`.
pub(crate) fn parse_html(html: &str, parse: Parse) -> Result<Document> {
    let opts = ParseOpts {
        tree_builder: tree_builder::TreeBuilderOpts {
            scripting_enabled: false,
            drop_doctype: parse == Parse::Fragment,
            ..Default::default()
        },
        ..Default::default()
    };
    let build = || match parse {
        Parse::Document => {
            html5ever::parse_document(LimitedSink::new(Document::default()), opts).one(html)
        }
        Parse::Fragment => html5ever::parse_fragment(
            LimitedSink::new(Document::fragment_sink()),
            opts,
            QualName::new(None, ns!(html), local_name!("body")),
            Vec::new(),
            false,
        )
        .one(html),
    };
    // The sink stops the parser at the node that crosses a limit by unwinding out of it.
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(build)) {
        Ok(sink) => Ok(sink.document),
        Err(payload) => match payload.downcast::<Error>() {
            Ok(refusal) => Err(*refusal),
            Err(payload) => std::panic::resume_unwind(payload),
        },
    }
}

/// dom_query's tree builder sink, measuring what html5ever builds into it.
struct LimitedSink {
    document: Document,
    elements: Cell<usize>,
}

impl LimitedSink {
    fn new(document: Document) -> Self {
        LimitedSink {
            document,
            elements: Cell::new(0),
        }
    }

    /// Stops the parse at once: unwinds out of html5ever with the refusal, which `parse_html`
    /// catches (`resume_unwind` runs no panic hook: nothing is printed).
    fn refuse(message: String) -> ! {
        std::panic::resume_unwind(Box::new(Error::Malformed(message)))
    }

    fn created_element(&self) {
        let elements = self.elements.get() + 1;
        self.elements.set(elements);
        if elements > MAX_ELEMENTS {
            Self::refuse(format!(
                "the HTML has more than {} elements; this is not a news page Newsdesk can \
                 read",
                group_thousands(MAX_ELEMENTS)
            ));
        }
    }

    /// Measures the depth of a node inserted under `parent` (walking up at most past the
    /// limit, so the walk stays short).
    fn inserted_under(&self, parent: &NodeId) {
        let mut depth = 1;
        let mut node = *parent;
        while let Some(up) = self.document.tree.parent_of(&node) {
            depth += 1;
            if depth > MAX_NESTING {
                Self::refuse(format!(
                    "the HTML is nested more than {MAX_NESTING} elements deep; this is not \
                     a news page Newsdesk can read"
                ));
            }
            node = up.id;
        }
    }

    /// Measures the depth of a node inserted beside `sibling`.
    fn inserted_beside(&self, sibling: &NodeId) {
        if let Some(parent) = self.document.tree.parent_of(sibling) {
            self.inserted_under(&parent.id);
        }
    }
}

/// `100000` as `100,000`.
fn group_thousands(value: usize) -> String {
    let digits = value.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    grouped
}

impl TreeSink for LimitedSink {
    type Handle = NodeId;
    type Output = Self;
    type ElemName<'a> = <Document as TreeSink>::ElemName<'a>;

    fn finish(self) -> Self {
        self
    }

    fn parse_error(&self, _message: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        self.document.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.document.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        self.created_element();
        self.document.create_element(name, attrs, flags)
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.document.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.document.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.inserted_under(parent);
        self.document.append(parent, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.inserted_under(prev_element);
        self.inserted_beside(element);
        self.document
            .append_based_on_parent_node(element, prev_element, child);
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.document
            .append_doctype_to_document(name, public_id, system_id);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.document.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.document.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.document.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.inserted_beside(sibling);
        self.document.append_before_sibling(sibling, new_node);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.document.add_attrs_if_missing(target, attrs);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.document.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        // The children move one level deeper at most; their own children's later insertions
        // are measured by walking up from them.
        self.inserted_under(new_parent);
        self.document.reparent_children(node, new_parent);
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.document
            .is_mathml_annotation_xml_integration_point(handle)
    }
}

/// One step of the walk: enter a node, or leave a block element (restoring the kind of
/// block its parent was building).
enum Walk<'a> {
    Enter(NodeRef<'a>),
    Leave(BlockKind),
}

fn document_blocks(document: &Document) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut text = String::new();
    let mut kind = BlockKind::Paragraph;
    let mut stack = vec![Walk::Enter(document.root())];
    while let Some(visit) = stack.pop() {
        let node = match visit {
            Walk::Leave(outer) => {
                flush(&mut blocks, &mut text, kind);
                kind = outer;
                continue;
            }
            Walk::Enter(node) => node,
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
            stack.push(Walk::Leave(kind));
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
            stack.push(Walk::Enter(current));
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
        assert_eq!(blocks(&script), [(BlockKind::Paragraph, "x".into())]);
    }

    /// Markup that a scan of tags reads as flat, but html5ever nests.
    #[test]
    fn every_shape_that_nests_counts_as_html5ever_builds_it() {
        let shapes = [
            "<div/>".repeat(2_000),
            "<p-x>".repeat(2_000),
            format!("{}{}", "<span>".repeat(1_000), "</x>".repeat(1_000)),
            "<rb>".repeat(1_000) + &"<rt>".repeat(1_000),
            "<b><i>".repeat(1_000),
        ];
        for shape in shapes {
            let refused = html_to_blocks(&format!("{shape}text"))
                .unwrap_err()
                .to_string();
            assert!(refused.contains("nested more than 512"), "{refused}");
        }
    }

    #[test]
    fn element_floods_are_refused() {
        let flood = "<br>".repeat(15_000_000 / 4);
        let refused = html_to_blocks(&flood).unwrap_err().to_string();
        assert_eq!(
            refused,
            "the HTML has more than 100,000 elements; this is not a news page Newsdesk \
             can read"
        );
        let page = format!("<html><body>{}</body></html>", "<p>a</p>".repeat(110_000));
        assert!(parse_html(&page, Parse::Document).is_err());
        let long_page = format!("<html><body>{}</body></html>", "<p>a</p>".repeat(90_000));
        assert!(parse_html(&long_page, Parse::Document).is_ok());
    }
}
