//! Character encodings: deciding how a file's bytes are text, and reading it as UTF-8 lines.
//!
//! Order of evidence: a byte-order mark (UTF-8, UTF-16 LE/BE), then "the whole file is valid
//! UTF-8", else chardetng's guess from the bytes. Decoding streams through encoding_rs, so a
//! file of any size is read in constant memory.

use std::io::{BufRead, BufReader, Read};

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};
use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};

/// How many valid multi-byte UTF-8 characters per invalid sequence keep a file UTF-8.
const MOSTLY_UTF8: usize = 3;
/// How much of a file chardetng looks at; its guess is settled long before this.
const DETECTOR_SAMPLE: usize = 256 << 10;

/// The encoding a byte-order mark at the start of `head` announces.
pub(crate) fn bom_encoding(head: &[u8]) -> Option<&'static Encoding> {
    Encoding::for_bom(head).map(|(encoding, _)| encoding)
}

/// Decides a file's encoding from its bytes, fed in chunks of any size.
pub(crate) struct EncodingSniffer {
    bom: Option<&'static Encoding>,
    started: bool,
    /// Valid UTF-8 multi-byte characters seen, and invalid sequences.
    multibyte: usize,
    invalid: usize,
    /// The bytes of a UTF-8 sequence cut by a chunk boundary.
    carry: Vec<u8>,
    /// The start of the file, for chardetng — asked only when the file is not UTF-8, which
    /// most files are.
    sample: Vec<u8>,
}

impl EncodingSniffer {
    pub(crate) fn new() -> Self {
        EncodingSniffer {
            bom: None,
            started: false,
            multibyte: 0,
            invalid: 0,
            carry: Vec::new(),
            sample: Vec::new(),
        }
    }

    /// Feeds the next chunk. The first chunk must hold at least the first 3 bytes of the file
    /// (or all of it) for a byte-order mark to be seen.
    pub(crate) fn feed(&mut self, chunk: &[u8]) {
        if !self.started {
            self.started = true;
            self.bom = bom_encoding(chunk);
        }
        if self.bom.is_some() {
            return;
        }
        self.check_utf8(chunk);
        let take = chunk.len().min(DETECTOR_SAMPLE - self.sample.len());
        self.sample.extend_from_slice(&chunk[..take]);
    }

    fn check_utf8(&mut self, chunk: &[u8]) {
        let joined;
        let mut bytes = if self.carry.is_empty() {
            chunk
        } else {
            joined = [self.carry.as_slice(), chunk].concat();
            &joined
        };
        self.carry.clear();
        loop {
            let error = match std::str::from_utf8(bytes) {
                Ok(_) => {
                    self.multibyte += count_multibyte(bytes);
                    return;
                }
                Err(error) => error,
            };
            let (valid, rest) = bytes.split_at(error.valid_up_to());
            self.multibyte += count_multibyte(valid);
            match error.error_len() {
                // Cut at the end of the chunk: keep the start of the sequence for the next one.
                None => {
                    self.carry = rest.to_vec();
                    return;
                }
                Some(damaged) => {
                    self.invalid += 1;
                    bytes = &rest[damaged..];
                }
            }
        }
    }

    /// The encoding to read the file with.
    pub(crate) fn finish(self) -> &'static Encoding {
        if let Some(bom) = self.bom {
            return bom;
        }
        let damaged = self.invalid + usize::from(!self.carry.is_empty());
        // UTF-8 text with a few damaged bytes stays UTF-8 (each damage becomes one replacement
        // character) rather than being guessed as a legacy encoding and garbled throughout.
        if damaged == 0 || self.multibyte >= MOSTLY_UTF8 * damaged {
            return UTF_8;
        }
        let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
        detector.feed(&self.sample, true);
        detector.guess(None, Utf8Detection::Deny)
    }
}

/// The number of multi-byte characters in valid UTF-8 (their lead bytes).
fn count_multibyte(utf8: &[u8]) -> usize {
    utf8.iter().filter(|&&b| b >= 0xC0).count()
}

/// The input as UTF-8 bytes, decoded on the fly (a byte-order mark wins over `encoding` and is
/// removed).
pub(crate) fn decoded<R: Read>(
    input: R,
    encoding: &'static Encoding,
) -> DecodeReaderBytes<R, Vec<u8>> {
    DecodeReaderBytesBuilder::new()
        .encoding(Some(encoding))
        .bom_override(true)
        .strip_bom(true)
        .build(input)
}

/// Reads decoded text line by line. Lines end at LF, CRLF or a lone CR; the line break is not
/// part of the line. A line longer than the limit is an error, not an unbounded allocation.
pub(crate) struct LineReader<R: Read> {
    input: BufReader<DecodeReaderBytes<R, Vec<u8>>>,
    max_line_bytes: usize,
    /// The previous line ended with CR: a LF right after it belongs to the same break.
    after_cr: bool,
}

impl<R: Read> LineReader<R> {
    pub(crate) fn new(input: R, encoding: &'static Encoding, max_line_bytes: usize) -> Self {
        LineReader {
            input: BufReader::with_capacity(64 << 10, decoded(input, encoding)),
            max_line_bytes,
            after_cr: false,
        }
    }

    /// The next line, or `None` at the end of the input.
    pub(crate) fn next_line(&mut self) -> std::io::Result<Option<String>> {
        let mut line: Vec<u8> = Vec::new();
        loop {
            let buffer = self.input.fill_buf()?;
            if buffer.is_empty() {
                // A final line break ends the last line; it does not start an empty one.
                return Ok((!line.is_empty()).then(|| into_string(line)));
            }
            let mut start = 0;
            if self.after_cr && buffer[0] == b'\n' {
                start = 1;
            }
            self.after_cr = false;
            match buffer[start..]
                .iter()
                .position(|&b| b == b'\n' || b == b'\r')
            {
                Some(offset) => {
                    let end = start + offset;
                    line.extend_from_slice(&buffer[start..end]);
                    self.after_cr = buffer[end] == b'\r';
                    self.input.consume(end + 1);
                    self.check_length(&line)?;
                    return Ok(Some(into_string(line)));
                }
                None => {
                    line.extend_from_slice(&buffer[start..]);
                    let used = buffer.len();
                    self.input.consume(used);
                    self.check_length(&line)?;
                }
            }
        }
    }

    fn check_length(&self, line: &[u8]) -> std::io::Result<()> {
        if line.len() > self.max_line_bytes {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!(
                    "a line is longer than {} MB; this does not look like a news text",
                    self.max_line_bytes >> 20
                ),
            ));
        }
        Ok(())
    }
}

fn into_string(bytes: Vec<u8>) -> String {
    // The decoder only produces UTF-8; the lossy path is never taken in practice.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::UTF_16LE;

    fn sniff_in_chunks(bytes: &[u8], chunk: usize) -> &'static Encoding {
        let mut sniffer = EncodingSniffer::new();
        for part in bytes.chunks(chunk.max(1)) {
            sniffer.feed(part);
        }
        sniffer.finish()
    }

    fn lines(bytes: &[u8], encoding: &'static Encoding) -> Vec<String> {
        let mut reader = LineReader::new(bytes, encoding, 1 << 20);
        let mut out = Vec::new();
        while let Some(line) = reader.next_line().unwrap() {
            out.push(line);
        }
        out
    }

    #[test]
    fn utf8_split_across_chunks_is_still_utf8() {
        let text = "Erdoğan in São Paulo — “quoted”".as_bytes();
        for chunk in 1..8 {
            assert_eq!(sniff_in_chunks(text, chunk), UTF_8, "chunk {chunk}");
        }
    }

    #[test]
    fn windows_1252_curly_quotes_are_detected() {
        let text = b"\x93Ceasefire now,\x94 the minister said. It\x92s the third caf\xe9 strike this week in the capital, officials said.";
        let encoding = sniff_in_chunks(text, 16);
        assert_eq!(encoding, encoding_rs::WINDOWS_1252);
        assert_eq!(
            lines(text, encoding)[0],
            "“Ceasefire now,” the minister said. It’s the third café strike this week in the capital, officials said."
        );
    }

    #[test]
    fn boms_decide_and_are_stripped() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Título\r\nSão".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let encoding = sniff_in_chunks(&utf16, 4096);
        assert_eq!(encoding, UTF_16LE);
        assert_eq!(lines(&utf16, encoding), ["Título", "São"]);
        assert_eq!(lines(b"\xEF\xBB\xBFTT\n", UTF_8), ["TT"]);
    }

    #[test]
    fn lf_crlf_and_lone_cr_all_end_lines() {
        assert_eq!(
            lines(b"a\nb\r\nc\rd\r\n\r\ne", UTF_8),
            ["a", "b", "c", "d", "", "e"]
        );
        assert_eq!(lines(b"a\n", UTF_8), ["a"]);
        assert_eq!(lines(b"a\r\n\n", UTF_8), ["a", ""]);
        assert!(lines(b"", UTF_8).is_empty());
    }

    #[test]
    fn a_crlf_cut_by_the_buffer_is_one_break() {
        // Fill the 64 KiB buffer so that CR is its last byte and LF the first of the next fill.
        let mut text = vec![b'x'; (64 << 10) - 1];
        text.extend_from_slice(b"\r\nnext");
        let got = lines(&text, UTF_8);
        assert_eq!(got.len(), 2);
        assert_eq!(got[1], "next");
    }

    #[test]
    fn overlong_lines_are_refused() {
        let mut reader = LineReader::new(&[b'x'; 5000][..], UTF_8, 1000);
        assert!(reader.next_line().is_err());
    }
}
