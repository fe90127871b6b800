//! Sniffing a file before it is parsed: one streaming pass that hashes it, decides its encoding,
//! refuses binary data with a message naming what it is, and tells which parser reads it.
//!
//! The format is decided from the content first (the start of the text: a doctype, a feed's root
//! element, a JSON Feed version, a zip signature), with the file name's extension as a hint
//! where content alone cannot tell (Markdown is just text; an HTML fragment has no doctype).

use std::io::Read;
use std::path::Path;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::encoding::{EncodingSniffer, bom_encoding};
use crate::error::{Error, Result};
use crate::model::Format;

/// How many leading bytes decide the format.
const HEAD_BYTES: usize = 8 << 10;
/// Size of the chunks the file is read in (the first one holds the head).
const CHUNK_BYTES: usize = 256 << 10;
/// Largest file a parser that needs the whole document in memory accepts (HTML, feeds,
/// Markdown). Text dumps and exports stream and have no limit.
pub(crate) const MAX_DOCUMENT_BYTES: u64 = 64 << 20;

/// The largest file of a format read whole into memory (web pages, feeds, Markdown); text dumps,
/// exports and archives stream and have no such limit.
fn max_bytes(format: Format) -> Option<u64> {
    match format {
        Format::Html | Format::Markdown | Format::Feed => Some(MAX_DOCUMENT_BYTES),
        Format::Tt | Format::Text | Format::NewsdeskJson | Format::Zip => None,
    }
}

/// What sniffing learnt about a file.
#[derive(Debug)]
pub(crate) struct Detected {
    pub file_hash: String,
    pub encoding: &'static Encoding,
    /// The format to read it as. Any text is `Text` here: the text parser tells a TT dump from
    /// one plain article.
    pub format: Format,
}

/// Reads the whole input once and decides how to import it. `name` labels errors and gives the
/// extension hint; `size`, when known, lets a file too large for its parser be refused before
/// it is read; `on_read` hears how many bytes were read so far.
pub(crate) fn detect(
    mut input: impl Read,
    name: &Path,
    size: Option<u64>,
    on_read: &mut dyn FnMut(u64),
) -> Result<Detected> {
    let mut hasher = blake3::Hasher::new();
    let mut sniffer = EncodingSniffer::new();
    let mut chunk = vec![0u8; CHUNK_BYTES];
    let read = read_full(&mut input, &mut chunk).map_err(|e| Error::io(name, e))?;
    if read == 0 {
        return Err(Error::Unsupported("the file is empty".into()));
    }
    let head = &chunk[..read.min(HEAD_BYTES)];
    let zip = head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06");
    // Text must have no NUL bytes, except UTF-16, whose text is full of them.
    let utf16 = bom_encoding(head).is_some_and(|bom| bom == UTF_16LE || bom == UTF_16BE);
    let nul_free = !zip && !utf16;
    if nul_free && (looks_binary(head) || head.contains(&0)) {
        return Err(not_text(head));
    }
    let format = if zip {
        Format::Zip
    } else {
        let encoding = bom_encoding(head).unwrap_or(UTF_8);
        format_for(&encoding.decode_with_bom_removal(head).0, name)
    };
    let limit = max_bytes(format);
    if let (Some(limit), Some(size)) = (limit, size) {
        check_size(size, limit)?;
    }
    let mut total = 0u64;
    let mut read = read;
    while read > 0 {
        let bytes = &chunk[..read];
        total += read as u64;
        if let Some(limit) = limit {
            check_size(total, limit)?;
        }
        // Found past the head, a NUL byte still means binary data; stop reading at once.
        if nul_free && bytes.contains(&0) {
            return Err(Error::Unsupported(
                "not a text file: it has binary data after a text start, which Newsdesk \
                 cannot import"
                    .into(),
            ));
        }
        hasher.update(bytes);
        sniffer.feed(bytes);
        on_read(total);
        read = read_full(&mut input, &mut chunk).map_err(|e| Error::io(name, e))?;
    }
    Ok(Detected {
        file_hash: hasher.finalize().to_hex().to_string(),
        encoding: if zip { UTF_8 } else { sniffer.finish() },
        format,
    })
}

fn check_size(size: u64, limit: u64) -> Result<()> {
    if size <= limit {
        return Ok(());
    }
    Err(Error::Unsupported(format!(
        "the file is {}; Newsdesk imports web pages, feeds and Markdown notes up to {}",
        human_size(size),
        human_size(limit)
    )))
}

/// A byte count for people: "2.1 GB", "64 MB", "512 KB".
pub(crate) fn human_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GB"), (1 << 20, "MB"), (1 << 10, "KB")];
    for (unit, name) in UNITS {
        if bytes >= unit {
            let value = bytes as f64 / unit as f64;
            return if value.fract() == 0.0 || value >= 100.0 {
                format!("{value:.0} {name}")
            } else {
                format!("{value:.1} {name}")
            };
        }
    }
    format!("{bytes} bytes")
}

/// Fills `buffer` as far as the input allows (a short read only at the end).
pub(crate) fn read_full(input: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match input.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// The format of a text from its start, with the file name's extension as a hint.
fn format_for(head: &str, name: &Path) -> Format {
    let extension = name
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let start = head.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    if start.starts_with('{') {
        if start.contains(&format!("\"{}\"", crate::export::EXPORT_FORMAT)) {
            return Format::NewsdeskJson;
        }
        if start.contains("jsonfeed.org/version/") {
            return Format::Feed;
        }
    }
    if start.starts_with('<') {
        match first_element(start).as_deref() {
            Some("rss" | "feed" | "rdf:rdf") => return Format::Feed,
            Some("html" | "head" | "body") => return Format::Html,
            _ => {}
        }
        let doctype = b"<!doctype html";
        if start
            .as_bytes()
            .get(..doctype.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(doctype))
        {
            return Format::Html;
        }
        match extension.as_str() {
            "html" | "htm" | "xhtml" | "shtml" => return Format::Html,
            "xml" | "rss" | "atom" | "rdf" => return Format::Feed,
            _ => {}
        }
    }
    match extension.as_str() {
        "md" | "markdown" | "mdown" | "mkd" => Format::Markdown,
        _ => Format::Text,
    }
}

/// The lower-cased name of the first element of a markup text, after any XML declaration,
/// processing instructions, comments and doctype.
pub(crate) fn first_element(mut text: &str) -> Option<String> {
    loop {
        text = text.trim_start();
        let rest = text.strip_prefix('<')?;
        let skip_to = if rest.starts_with("!--") {
            "-->"
        } else if rest.starts_with('?') || rest.starts_with('!') {
            ">"
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_'))
                .collect();
            return (!name.is_empty()).then(|| name.to_ascii_lowercase());
        };
        let end = text.find(skip_to)?;
        text = &text[end + skip_to.len()..];
    }
}

/// How far from its end a complete document has its root's end tag (trailing comments or
/// scripts a browser added on saving …).
const TAIL_BYTES: usize = 4 << 10;

/// Whether a markup document ends with the end tag of its root `element` (any letter case):
/// one that does not was cut off while it was saved or copied.
pub(crate) fn closes(document: &[u8], element: &str) -> bool {
    let tail = &document[document.len().saturating_sub(TAIL_BYTES)..];
    let end_tag = format!("</{element}");
    tail.windows(end_tag.len())
        .any(|window| window.eq_ignore_ascii_case(end_tag.as_bytes()))
}

/// The line a document ends on, for messages.
pub(crate) fn last_line(document: &[u8]) -> usize {
    document.split(|&b| b == b'\n').count()
}

/// Text has few control characters; a file where more than 1 in 20 bytes of the head are
/// control characters (other than tab, line breaks, form feed, escape) is binary data.
fn looks_binary(head: &[u8]) -> bool {
    if head.starts_with(b"%PDF-") {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    controls * 20 > head.len()
}

fn not_text(head: &[u8]) -> Error {
    Error::Unsupported(format!(
        "not a text file: it is {}, which Newsdesk cannot import",
        describe_binary(head)
    ))
}

/// Names common binary formats from their magic numbers, for a helpful message.
fn describe_binary(head: &[u8]) -> &'static str {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"RIFF", "a media file (RIFF)"),
        (b"%PDF-", "a PDF document"),
        (b"\x7FELF", "a program (ELF executable)"),
        (b"MZ", "a Windows program"),
        (b"\xCF\xFA\xED\xFE", "a macOS program"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"SQLite format 3\0", "an SQLite database"),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map_or("binary data", |(_, name)| name)
}

/// File extensions that say a file is not news, with what it is. Such files found in a folder
/// or an archive are skipped instead of failing (a saved web page's folder of images, scripts
/// and style sheets; photos beside notes).
const NOT_NEWS: &[(&[&str], &str)] = &[
    (&["png"], "a PNG image"),
    (&["jpg", "jpeg", "jfif"], "a JPEG image"),
    (&["gif"], "a GIF image"),
    (
        &["webp", "avif", "heic", "bmp", "tif", "tiff", "ico", "svg"],
        "an image",
    ),
    (&["exe", "msi", "dll", "com", "bat"], "a Windows program"),
    (
        &["so", "dylib", "o", "a", "bin", "elf"],
        "a program or library",
    ),
    (&["dmg", "iso", "img"], "a disk image"),
    (&["deb", "rpm", "apk", "pkg"], "a software package"),
    (&["pdf"], "a PDF document"),
    (
        &["doc", "docx", "odt", "rtf", "pages"],
        "a word-processor document",
    ),
    (&["xls", "xlsx", "ods", "csv", "numbers"], "a spreadsheet"),
    (&["ppt", "pptx", "odp", "key"], "a presentation"),
    (&["epub", "mobi", "azw3"], "an e-book"),
    (
        &["mp3", "wav", "flac", "ogg", "m4a", "aac", "opus"],
        "an audio file",
    ),
    (&["mp4", "mov", "avi", "mkv", "webm", "m4v"], "a video"),
    (
        &["tar", "gz", "tgz", "bz2", "xz", "7z", "rar", "zst"],
        "an archive of a kind other than zip",
    ),
    (&["css"], "a style sheet"),
    (&["js", "mjs", "map", "wasm"], "a script"),
    (&["woff", "woff2", "ttf", "otf", "eot"], "a font"),
    (&["sqlite", "sqlite3", "db"], "a database"),
    (
        &[
            "sqlite-wal",
            "sqlite-shm",
            "sqlite-journal",
            "sqlite3-wal",
            "sqlite3-shm",
            "sqlite3-journal",
            "db-wal",
            "db-shm",
            "db-journal",
        ],
        "a database's journal",
    ),
];

/// What a file is, when its extension says it is not news (see `NOT_NEWS`).
pub(crate) fn not_news(path: &Path) -> Option<&'static str> {
    let extension = path.extension()?.to_string_lossy().to_ascii_lowercase();
    NOT_NEWS
        .iter()
        .find(|(extensions, _)| extensions.contains(&extension.as_str()))
        .map(|(_, what)| *what)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_bytes(bytes: &[u8]) -> Result<Detected> {
        detect(
            bytes,
            Path::new("test"),
            Some(bytes.len() as u64),
            &mut |_| {},
        )
    }

    fn format(bytes: &[u8], name: &str) -> Format {
        detect(bytes, Path::new(name), None, &mut |_| {})
            .unwrap()
            .format
    }

    fn message(bytes: &[u8]) -> String {
        detect_bytes(bytes).unwrap_err().to_string()
    }

    #[test]
    fn binary_files_are_named() {
        assert_eq!(
            message(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            "not a text file: it is a PNG image, which Newsdesk cannot import"
        );
        assert!(message(b"\x7FELF\x02\x01\x01\0\0\0").contains("a program (ELF executable)"));
        assert!(message(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n").contains("a PDF document"));
        assert!(message(&[1, 2, 3, 4, 5, 6, 7, 8]).contains("binary data"));
        assert_eq!(message(b""), "the file is empty");
    }

    #[test]
    fn text_that_starts_like_a_magic_number_is_still_text() {
        let detected = detect_bytes(b"MZ Holdings reports record profits\n\nBody.").unwrap();
        assert_eq!(detected.format, Format::Text);
    }

    #[test]
    fn utf16_text_is_not_mistaken_for_binary() {
        let bytes: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Title\n\nBody".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(
            detect_bytes(&bytes).unwrap().encoding,
            encoding_rs::UTF_16BE
        );
    }

    #[test]
    fn exports_are_recognised_and_hash_is_of_the_bytes() {
        let bytes = b"{\"format\":\"newsdesk-export\",\"version\":1,\"articles\":[]}";
        let detected = detect_bytes(bytes).unwrap();
        assert_eq!(detected.format, Format::NewsdeskJson);
        assert_eq!(detected.file_hash, blake3::hash(bytes).to_hex().to_string());
        assert_eq!(
            detect_bytes(b"{\"other\": 1}").unwrap().format,
            Format::Text
        );
    }

    #[test]
    fn formats_are_told_from_content_with_the_extension_as_a_hint() {
        let cases: [(&[u8], &str, Format); 14] = [
            (
                b"<!DOCTYPE html><html><body><p>x</p>",
                "page.txt",
                Format::Html,
            ),
            (
                b"<!-- saved from url=(0020)https://a.example/ -->\n<html>",
                "p",
                Format::Html,
            ),
            (
                b"<div><p>A fragment</p></div>",
                "fragment.htm",
                Format::Html,
            ),
            (
                b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>",
                "feed",
                Format::Feed,
            ),
            (
                b"\xEF\xBB\xBF<feed xmlns=\"http://www.w3.org/2005/Atom\">",
                "a.txt",
                Format::Feed,
            ),
            (
                b"<?xml version=\"1.0\"?><!-- c --><rdf:RDF xmlns:rdf=\"x\">",
                "r",
                Format::Feed,
            ),
            (
                b"<?xml version=\"1.0\"?><unknown/>",
                "data.xml",
                Format::Feed,
            ),
            (
                b"<?xml version=\"1.0\"?><unknown/>",
                "data.txt",
                Format::Text,
            ),
            (
                b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}",
                "f.json",
                Format::Feed,
            ),
            (b"# Title\n\nText", "note.md", Format::Markdown),
            (b"# Title\n\nText", "note.txt", Format::Text),
            (b"<html><body>x", "note.md", Format::Html),
            (b"PK\x03\x04\x14\0\0\0\x08\0", "archive.bin", Format::Zip),
            (b"Title\n\nTT\n\nTitle\n\nBody", "dump.html", Format::Text),
        ];
        for (bytes, name, expected) in cases {
            assert_eq!(
                format(bytes, name),
                expected,
                "{name}: {:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }

    #[test]
    fn documents_too_large_to_hold_are_refused_before_reading() {
        let error = detect(
            &b"<!doctype html><p>x"[..],
            Path::new("big.html"),
            Some(2_250_000_000),
            &mut |_| {},
        )
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "the file is 2.1 GB; Newsdesk imports web pages, feeds and Markdown notes up to 64 MB"
        );
        assert!(
            detect(
                &b"Title\n\nBody"[..],
                Path::new("big.txt"),
                Some(3 << 30),
                &mut |_| {}
            )
            .is_ok()
        );
    }

    #[test]
    fn not_news_extensions_are_named() {
        assert_eq!(not_news(Path::new("a/photo.PNG")), Some("a PNG image"));
        assert_eq!(not_news(Path::new("page_files/app.js")), Some("a script"));
        assert_eq!(not_news(Path::new("notes.txt")), None);
        assert_eq!(not_news(Path::new("README")), None);
    }
}
