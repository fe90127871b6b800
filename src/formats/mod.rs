//! Formats: bytes → articles. One module per format — `tt` and `plain` (text dumps, plain
//! text), `html` (web pages, with `chrome` taking the site's navigation away and `blocks` turning
//! HTML into typed blocks), `markdown`, `feed` (RSS, Atom, JSON Feed), `zip` (archives of any of
//! these) and, through `export::reader`, Newsdesk's own export; `detect` sniffs which one a file
//! is and `encoding` decodes it.
//!
//! Nothing here touches SQLite, the network, or the file system beyond the input it was given.
//! The importer runs these parsers in a worker process (`importer::worker`).

mod blocks;
mod chrome;
pub(crate) mod detect;
mod encoding;
mod feed;
mod html;
mod markdown;
mod plain;
mod tt;
mod zip;

use std::borrow::Cow;
use std::fs::File;
use std::io::{Cursor, Read, Seek};
use std::path::{Path, PathBuf};

use self::detect::{Detected, MAX_DOCUMENT_BYTES};
use self::encoding::LineReader;
use crate::error::{Error, Result};
use crate::export::{self, ExportedArticle};
use crate::model::{Format, NewArticle};

/// The longest line accepted in a text file.
const MAX_LINE_BYTES: usize = 16 << 20;

/// One thing to import: a file on disk, or bytes in memory (such as the bundled sample news).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Input {
    Path(PathBuf),
    Bytes {
        name: String,
        bytes: Cow<'static, [u8]>,
    },
}

impl Input {
    /// How the input is named in reports.
    pub fn display_name(&self) -> String {
        match self {
            Input::Path(path) => path.display().to_string(),
            Input::Bytes { name, .. } => name.clone(),
        }
    }

    /// The article source: the file's name.
    pub(crate) fn source_name(&self) -> String {
        match self {
            Input::Path(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |name| name.to_string_lossy().into_owned(),
            ),
            Input::Bytes { name, .. } => name.clone(),
        }
    }

    /// Size in bytes, for progress (0 when unknown).
    pub(crate) fn size(&self) -> u64 {
        match self {
            Input::Path(path) => std::fs::metadata(path).map_or(0, |meta| meta.len()),
            Input::Bytes { bytes, .. } => bytes.len() as u64,
        }
    }

    pub(crate) fn open(&self) -> Result<Box<dyn Read + '_>> {
        match self {
            Input::Path(path) => {
                let file = File::open(path).map_err(|e| Error::io(path, e))?;
                Ok(Box::new(ReadWithPath { file, path }))
            }
            Input::Bytes { bytes, .. } => Ok(Box::new(Cursor::new(bytes.as_ref()))),
        }
    }

    /// Opened for random access (zip archives are read from their end).
    fn open_seekable(&self) -> Result<Box<dyn ReadSeek + '_>> {
        match self {
            Input::Path(path) => Ok(Box::new(File::open(path).map_err(|e| Error::io(path, e))?)),
            Input::Bytes { bytes, .. } => Ok(Box::new(Cursor::new(bytes.as_ref()))),
        }
    }
}

pub(crate) trait ReadSeek: Read + Seek {}
impl<T: Read + Seek> ReadSeek for T {}

/// A file whose read errors say which file they came from.
struct ReadWithPath<'p> {
    file: File,
    path: &'p Path,
}

impl Read for ReadWithPath<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        self.file
            .read(buf)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", self.path.display())))
    }
}

/// A reader that tells how many bytes were read through it (for progress within a file).
struct Counted<'c, R> {
    inner: R,
    read: u64,
    on_read: &'c dyn Fn(u64),
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let read = self.inner.read(buf)?;
        self.read += read as u64;
        (self.on_read)(self.read);
        Ok(read)
    }
}

/// Where parsers put what they find.
pub(crate) trait ArticleSink {
    fn add(&mut self, article: NewArticle) -> Result<()>;
    /// An article of a Newsdesk export, with its original import time and reading state.
    fn add_exported(&mut self, exported: ExportedArticle) -> Result<()>;
}

/// Runs the parser the sniffing chose, feeding articles to the sink.
pub(crate) fn parse(
    input: &Input,
    detected: &Detected,
    source: &str,
    on_read: &dyn Fn(u64),
    sink: &mut dyn ArticleSink,
) -> Result<Format> {
    // Every format but zip reads the input as a stream, counting the bytes for progress.
    let stream = || -> Result<_> {
        Ok(Counted {
            inner: input.open()?,
            read: 0,
            on_read,
        })
    };
    match detected.format {
        Format::Tt | Format::Text => {
            let mut lines = LineReader::new(stream()?, detected.encoding, MAX_LINE_BYTES);
            let mut emit = |article: NewArticle| sink.add(article);
            let mut parser = tt::TtParser::new(source, &mut emit);
            while let Some(line) = lines
                .next_line()
                .map_err(|e| Error::io(input.display_name(), e))?
            {
                parser.push_line(line)?;
            }
            parser.finish()
        }
        Format::NewsdeskJson => {
            let decoded = encoding::decoded(stream()?, detected.encoding);
            export::reader::parse(decoded, &mut |exported| sink.add_exported(exported))?;
            Ok(Format::NewsdeskJson)
        }
        Format::Html => {
            let page = read_document(stream()?, detected, input)?;
            html::parse(&page, source, sink)?;
            Ok(Format::Html)
        }
        Format::Markdown => {
            let note = read_document(stream()?, detected, input)?;
            markdown::parse(&note, source, sink)?;
            Ok(Format::Markdown)
        }
        Format::Feed => {
            let bytes = read_bytes(stream()?, input)?;
            feed::parse(&bytes, detected.encoding, source, sink)?;
            Ok(Format::Feed)
        }
        Format::Zip => {
            // Read from its end, by random access.
            zip::parse(input.open_seekable()?, sink)?;
            Ok(Format::Zip)
        }
    }
}

/// The whole input as bytes, for the parsers that need a whole document; never more than
/// `MAX_DOCUMENT_BYTES` (sniffing refuses larger files; this holds if the file grew since).
fn read_bytes(reader: impl Read, input: &Input) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_DOCUMENT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(input.display_name(), e))?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(Error::Unsupported(format!(
            "the file grew beyond {} while it was being imported",
            detect::human_size(MAX_DOCUMENT_BYTES)
        )));
    }
    Ok(bytes)
}

/// The whole input as text, decoded.
fn read_document(reader: impl Read, detected: &Detected, input: &Input) -> Result<String> {
    let bytes = read_bytes(reader, input)?;
    Ok(detected
        .encoding
        .decode_with_bom_removal(&bytes)
        .0
        .into_owned())
}

/// Parses a file's bytes without storing anything: what an import would add, in file order.
pub fn parse_bytes(bytes: &[u8], source: &str) -> Result<(Format, Vec<NewArticle>)> {
    struct Collect(Vec<NewArticle>);
    impl ArticleSink for Collect {
        fn add(&mut self, article: NewArticle) -> Result<()> {
            self.0.push(article);
            Ok(())
        }
        fn add_exported(&mut self, exported: ExportedArticle) -> Result<()> {
            self.0.push(exported.article);
            Ok(())
        }
    }
    let input = Input::Bytes {
        name: source.to_string(),
        bytes: Cow::Owned(bytes.to_vec()),
    };
    let detected = detect::detect(
        bytes,
        Path::new(source),
        Some(bytes.len() as u64),
        &mut |_| {},
    )?;
    let mut collect = Collect(Vec::new());
    let format = parse(&input, &detected, source, &|_| {}, &mut collect)?;
    Ok((format, collect.0))
}
