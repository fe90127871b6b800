//! Zip archives of any of the other formats. The archive is one file of the import: all the
//! articles of all its entries are stored, or none. Entries that are clearly not news (images,
//! scripts, style sheets of a saved page …) and hidden entries are passed over.
//!
//! Archives are untrusted: the entry count and the total unpacked size are limited, and every
//! entry is read through a reader capped at what is left of the limits, whatever size its
//! header claims, so a zip bomb stops at the limit instead of filling memory.

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use super::detect::{MAX_DOCUMENT_BYTES, detect, human_size, not_news};
use super::{ArticleSink, Input, ReadSeek, parse as parse_input};
use crate::error::{Error, Result};
use crate::model::Format;

/// The most entries an archive may have.
pub(crate) const MAX_ENTRIES: usize = 10_000;
/// The most bytes all entries of an archive may unpack to.
pub(crate) const MAX_UNPACKED_BYTES: u64 = 512 << 20;
/// The most bytes one entry may unpack to (each is parsed in memory).
const MAX_ENTRY_BYTES: u64 = MAX_DOCUMENT_BYTES;

pub(crate) fn parse(archive: Box<dyn ReadSeek + '_>, sink: &mut dyn ArticleSink) -> Result<()> {
    let mut archive = ::zip::ZipArchive::new(archive)
        .map_err(|e| Error::Malformed(format!("not a readable zip archive: {e}")))?;
    if archive.len() > MAX_ENTRIES {
        return Err(Error::Unsupported(format!(
            "the zip archive has {} entries; Newsdesk imports archives of up to {MAX_ENTRIES}",
            archive.len()
        )));
    }
    // What the headers claim is checked first, so an honest bomb is refused before anything
    // is unpacked; `read_entry` then holds the same limits against the real bytes.
    let mut news = Vec::new();
    let mut declared = 0u64;
    for index in 0..archive.len() {
        let entry = archive.by_index_raw(index).map_err(unreadable)?;
        let name = entry
            .name()
            .map_err(|e| {
                Error::Malformed(format!("a zip archive entry has an unreadable name: {e}"))
            })?
            .into_owned();
        if entry.is_dir() || is_hidden(&name) || not_news(Path::new(&name)).is_some() {
            continue;
        }
        if entry.size() > MAX_ENTRY_BYTES {
            return Err(entry_too_large(&name));
        }
        declared = declared.saturating_add(entry.size());
        if declared > MAX_UNPACKED_BYTES {
            return Err(archive_too_large());
        }
        news.push((index, name));
    }
    let mut unpacked = 0u64;
    for (index, name) in news {
        let entry = archive.by_index(index).map_err(unreadable)?;
        let bytes = read_entry(entry, &name, &mut unpacked)?;
        if !bytes.is_empty() {
            import_entry(name, bytes, sink)?;
        }
    }
    Ok(())
}

fn unreadable(error: ::zip::result::ZipError) -> Error {
    Error::Malformed(format!("a zip archive entry cannot be read: {error}"))
}

fn entry_too_large(name: &str) -> Error {
    Error::Unsupported(format!(
        "{name} in the zip archive expands beyond {}; refused",
        human_size(MAX_ENTRY_BYTES)
    ))
}

fn archive_too_large() -> Error {
    Error::Unsupported(format!(
        "the zip archive expands beyond {}; refused",
        human_size(MAX_UNPACKED_BYTES)
    ))
}

/// Hidden files and the resource forks macOS adds to archives it makes.
fn is_hidden(name: &str) -> bool {
    name.split('/')
        .any(|part| part.starts_with('.') || part == "__MACOSX")
}

/// An entry's bytes, read through a cap: the smaller of the per-entry limit and what is left of
/// the archive's budget. Exceeding either refuses the whole archive.
fn read_entry(entry: impl Read, name: &str, unpacked: &mut u64) -> Result<Vec<u8>> {
    let budget = MAX_ENTRY_BYTES.min(MAX_UNPACKED_BYTES - *unpacked);
    let mut bytes = Vec::new();
    entry
        .take(budget + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| {
            Error::Malformed(format!("{name} in the zip archive cannot be unpacked: {e}"))
        })?;
    let read = bytes.len() as u64;
    if read > budget {
        return Err(if budget < MAX_ENTRY_BYTES {
            archive_too_large()
        } else {
            entry_too_large(name)
        });
    }
    *unpacked += read;
    Ok(bytes)
}

/// Sniffs and parses one entry like a file of its own, filed under its file name.
fn import_entry(name: String, bytes: Vec<u8>, sink: &mut dyn ArticleSink) -> Result<()> {
    let in_entry = |error: Error| match error {
        Error::Cancelled | Error::Database(_) => error,
        error => Error::Malformed(format!("{name} in the zip archive: {error}")),
    };
    let detected = detect(
        &bytes[..],
        Path::new(&name),
        Some(bytes.len() as u64),
        &mut |_| {},
    )
    .map_err(in_entry)?;
    if detected.format == Format::Zip {
        return Err(in_entry(Error::Unsupported(
            "archives inside archives are not imported".into(),
        )));
    }
    let source = name.rsplit('/').next().unwrap_or(&name).to_string();
    let input = Input::Bytes {
        name: name.clone(),
        bytes: Cow::Owned(bytes),
    };
    parse_input(&input, &detected, &source, &|_| {}, sink)
        .map(drop)
        .map_err(in_entry)
}
