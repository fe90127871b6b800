//! Files in other encodings come out as the right text; binary files are refused clearly.

mod common;

use common::*;
use newsdesk::model::{FileStatus, Format};
use newsdesk::{ListFilter, SearchRequest};

#[test]
fn a_windows_1252_file_imports_without_mojibake() {
    let (_dir, library) = new_library();
    let report = import(&library, &[fixture("cp1252.txt")]);
    assert_eq!(report.files[0].status, FileStatus::Imported, "{report:?}");
    assert_eq!(report.files[0].format, Some(Format::Text));
    let id = library.list(&ListFilter::All, 1, 0).unwrap()[0].id;
    let article = library.article(id).unwrap();
    assert_eq!(
        article.title,
        "Café owners in Liège protest “unfair” energy prices"
    );
    let texts: Vec<&str> = article.blocks.iter().map(|b| b.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "“We can’t go on like this,” said Renée Dupré, who runs a café near the station – her bill rose to €2,400 a month.",
            "The city’s mayor promised naïve-sounding relief ‘within weeks’.",
        ]
    );
}

#[test]
fn utf16_files_with_a_bom_import_in_both_byte_orders() {
    for name in ["utf16le-bom.txt", "utf16be-bom.txt"] {
        let (_dir, library) = new_library();
        let report = import(&library, &[fixture(name)]);
        assert_eq!(report.added, 1, "{name}: {report:?}");
        assert_eq!(report.files[0].format, Some(Format::Tt));
        let id = library.list(&ListFilter::All, 1, 0).unwrap()[0].id;
        let article = library.article(id).unwrap();
        assert_eq!(article.title, "Erdoğan Meets Lula in São Paulo");
        assert_eq!(
            article.blocks[0].text,
            "Turkish President Recep Tayyip Erdoğan met Brazil’s Luiz Inácio Lula da Silva in São Paulo on Monday."
        );
    }
}

#[test]
fn the_same_story_in_utf8_and_utf16_is_one_article() {
    let (_dir, library) = new_library();
    let report = import(
        &library,
        &[
            fixture("diacritics.txt"),
            fixture("utf16le-bom.txt"),
            fixture("utf16be-bom.txt"),
        ],
    );
    assert_eq!((report.added, report.duplicates), (1, 2));
}

#[test]
fn binary_and_empty_files_are_refused_with_a_reason() {
    let (dir, library) = new_library();
    let png = write(dir.path(), "photo.txt", PNG_BYTES);
    let elf = write(
        dir.path(),
        "tool",
        b"\x7FELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0>\0",
    );
    let empty = write(dir.path(), "empty.txt", b"");
    let blank = write(dir.path(), "blank.txt", " \n\u{a0}\n\t".as_bytes());
    let report = import(&library, &[png, elf, empty, blank]);
    let errors: Vec<&str> = report
        .files
        .iter()
        .map(|f| f.error.as_deref().unwrap())
        .collect();
    assert_eq!(
        errors,
        [
            "not a text file: it is a PNG image, which Newsdesk cannot import",
            "not a text file: it is a program (ELF executable), which Newsdesk cannot import",
            "the file is empty",
            "no articles found in the file",
        ]
    );
    assert_eq!(report.failed, 4);
    assert_eq!(library.stats().unwrap().articles, 0);
}

#[test]
fn diacritics_fold_in_search() {
    let (_dir, library) = new_library();
    import(&library, &[fixture("diacritics.txt")]);
    for query in [
        "erdogan",
        "sao paulo",
        "ERDOĞAN",
        "\"sao paulo\"",
        "brasilia",
        "naive",
    ] {
        let results = library.search(&SearchRequest::new(query)).unwrap();
        assert_eq!(results.total, 1, "{query}");
    }
}
