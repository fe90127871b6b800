//! Sniffing a file before it is parsed: one streaming pass that hashes it, decides its encoding,
//! refuses binary data with a message naming what it is, and tells which parser reads it.

use std::io::Read;
use std::path::Path;

use encoding_rs::Encoding;

use super::encoding::EncodingSniffer;
use crate::error::{Error, Result};

/// How many leading bytes decide the format.
const HEAD_BYTES: usize = 8 << 10;

/// Which parser reads a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Parser {
    /// Text: the TT dump layout, or one plain-text article.
    Text,
    /// A Newsdesk JSON export.
    NewsdeskJson,
}

/// What sniffing learnt about a file.
#[derive(Debug)]
pub(crate) struct Detected {
    pub file_hash: String,
    pub encoding: &'static Encoding,
    pub parser: Parser,
}

/// Reads the whole input once and decides how to import it; `name` labels read errors.
pub(crate) fn detect(mut input: impl Read, name: &Path) -> Result<Detected> {
    let mut hasher = blake3::Hasher::new();
    let mut sniffer = EncodingSniffer::new();
    let mut head: Vec<u8> = Vec::with_capacity(HEAD_BYTES);
    let mut has_nul = false;
    let mut chunk = vec![0u8; 256 << 10];
    loop {
        let read = read_full(&mut input, &mut chunk).map_err(|e| Error::io(name, e))?;
        if read == 0 {
            break;
        }
        let bytes = &chunk[..read];
        hasher.update(bytes);
        sniffer.feed(bytes);
        has_nul = has_nul || bytes.contains(&0);
        if head.len() < HEAD_BYTES {
            let take = (HEAD_BYTES - head.len()).min(read);
            head.extend_from_slice(&bytes[..take]);
        }
    }
    if head.is_empty() {
        return Err(Error::Unsupported("the file is empty".into()));
    }
    let utf16 = sniffer.is_utf16();
    if !utf16 && (has_nul || looks_binary(&head)) {
        return Err(Error::Unsupported(format!(
            "not a text file: it is {}, which Newsdesk cannot import",
            describe_binary(&head)
        )));
    }
    let encoding = sniffer.finish();
    let (head_text, _) = encoding.decode_with_bom_removal(&head);
    Ok(Detected {
        file_hash: hasher.finalize().to_hex().to_string(),
        encoding,
        parser: parser_for(&head_text),
    })
}

/// Fills `buffer` as far as the input allows (a short read only at the end).
fn read_full(input: &mut impl Read, buffer: &mut [u8]) -> std::io::Result<usize> {
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

fn parser_for(head: &str) -> Parser {
    let start = head.trim_start();
    if start.starts_with('{') && start.contains(&format!("\"{}\"", crate::store::EXPORT_FORMAT)) {
        Parser::NewsdeskJson
    } else {
        Parser::Text
    }
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
        (b"PK\x03\x04", "a zip archive"),
        (b"\x1F\x8B", "a gzip archive"),
        (b"SQLite format 3\0", "an SQLite database"),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map_or("binary data", |(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect_bytes(bytes: &[u8]) -> Result<Detected> {
        detect(bytes, Path::new("test"))
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
        assert_eq!(detected.parser, Parser::Text);
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
        assert_eq!(detected.parser, Parser::NewsdeskJson);
        assert_eq!(detected.file_hash, blake3::hash(bytes).to_hex().to_string());
        assert_eq!(
            detect_bytes(b"{\"other\": 1}").unwrap().parser,
            Parser::Text
        );
    }
}
