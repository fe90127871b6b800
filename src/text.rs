//! Small text helpers shared by the parsers and the store: cleaning imported text so it is
//! safe, tidy data, and the normalisation used for duplicate detection.

/// Characters that pad text in news dumps but are not `char::is_whitespace`. Not the zero-width
/// non-joiner and joiner (U+200C, U+200D): they are part of words (Persian "می‌شوند", Indic
/// conjuncts, emoji sequences).
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// The bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069):
/// in a title they can make text read backwards ("U+202E gnp.exe"). The marks LRM and RLM
/// (U+200E, U+200F) are not among them: Arabic and Hebrew text needs them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A character no stored text keeps: C0 and C1 controls (ESC, BEL, NUL, CSI …) but newline and
/// tab, and the bidirectional controls.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// `s` without the characters of `is_unsafe_char` (borrowed when it has none).
pub fn strip_unsafe(s: &str) -> std::borrow::Cow<'_, str> {
    // Fast path (imports pass every text here): each unsafe character is a byte below 0x20,
    // 0x7F, or starts with 0xC2 (C1) or 0xE2 (bidirectional controls) in UTF-8.
    let suspect =
        |b: &u8| (*b < 0x20 && *b != b'\n' && *b != b'\t') || matches!(b, 0x7F | 0xC2 | 0xE2);
    if s.as_bytes().iter().any(suspect) && s.chars().any(is_unsafe_char) {
        s.chars()
            .filter(|&c| !is_unsafe_char(c))
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

/// True for white space and invisible padding (NBSP, zero-width space, BOM …).
pub fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || is_invisible(c)
}

/// Trims white space and invisible padding at both ends.
pub fn trim(s: &str) -> &str {
    s.trim_matches(is_blank_char)
}

/// True when a line has nothing but white space or invisible padding.
pub fn is_blank(s: &str) -> bool {
    s.chars().all(is_blank_char)
}

/// One line of running text: control characters (bidirectional ones too) removed, every run of white space (including
/// NBSP and line breaks) folded into one space, trimmed at both ends.
pub fn clean_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    // Runs of kept characters are copied whole (this is on the import's hot path).
    let mut run: Option<usize> = None;
    for (index, c) in s.char_indices() {
        let blank = is_blank_char(c);
        if !blank && !c.is_control() && !is_bidi_control(c) {
            if run.is_none() {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                run = Some(index);
            }
            continue;
        }
        if let Some(start) = run.take() {
            out.push_str(&s[start..index]);
        }
        if blank {
            pending_space = !out.is_empty();
        }
    }
    if let Some(start) = run {
        out.push_str(&s[start..]);
    }
    out
}

/// Pre-formatted text: line breaks and indentation kept, control characters (bidirectional ones
/// too) removed, trailing
/// space cut from each line, blank lines at both ends dropped, and inner blank lines turned into a
/// single space so that a block never contains an empty line (see `store::articles`).
pub fn clean_preformatted(s: &str) -> String {
    let lines: Vec<String> = s
        .lines()
        .map(|line| {
            let kept: String = line
                .chars()
                .filter(|&c| !is_unsafe_char(c) && !is_invisible(c))
                .collect();
            kept.trim_end().to_string()
        })
        .collect();
    let first = lines.iter().position(|l| !l.is_empty());
    let last = lines.iter().rposition(|l| !l.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => lines[first..=last]
            .iter()
            .map(|l| if l.is_empty() { " " } else { l.as_str() })
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

/// The start of a text, cut at a word boundary, with an ellipsis.
pub fn shorten(text: &str, max_chars: usize) -> String {
    let cut: String = text.chars().take(max_chars).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > max_chars / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', ' ']))
}

/// The words of a text, runs of letters and digits, for duplicate detection
/// (`normalize_for_matching`) and for telling a page's chrome from its text. Search and an
/// article's word count read text through the analyzer (`crate::analysis`); this stays as it
/// was because stored content hashes depend on it.
pub fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Lower-cased words joined by single spaces: two texts that differ only in case, spacing or
/// punctuation normalise to the same string.
pub fn normalize_for_matching(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in words(s) {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_inline_folds_nbsp_and_strips_controls() {
        assert_eq!(
            clean_inline("\u{FEFF} Fears\u{00A0}\u{0002} now\t\n"),
            "Fears now"
        );
        assert_eq!(clean_inline("\u{00A0}\u{200B}"), "");
        // Joiners inside words stay: Persian writes them between a word's parts.
        assert_eq!(clean_inline("آماده می‌شوند"), "آماده می\u{200C}شوند");
    }

    #[test]
    fn unsafe_characters_are_stripped_but_lines_tabs_and_bidi_marks_kept() {
        assert_eq!(
            strip_unsafe("\u{1b}[2J\u{7}Tit\u{0}le\u{9b}31m\u{202E}gnp\u{2066}.exe\u{2069}\u{85}"),
            "[2JTitle31mgnp.exe"
        );
        // Arabic with its right-to-left mark, a tab and a line break stay as they are.
        let kept = "\u{200F}\u{627}\u{644}\u{62E}\u{628}\u{631}\u{200E} 1\t2\n3";
        assert!(matches!(strip_unsafe(kept), std::borrow::Cow::Borrowed(s) if s == kept));
        assert_eq!(clean_inline("a\u{202D}b\u{2067}c"), "abc");
        assert_eq!(clean_preformatted("x\u{1b}\ty\u{202E}"), "x\ty");
    }

    #[test]
    fn preformatted_keeps_layout_but_no_empty_lines() {
        assert_eq!(
            clean_preformatted("\n  fn main() {\n\n    x();  \n  }\n\n"),
            "  fn main() {\n \n    x();\n  }"
        );
    }

    #[test]
    fn matching_normalisation_ignores_case_space_and_punctuation() {
        assert_eq!(
            normalize_for_matching("Japan PM  Takaichi,\u{00A0}Reappointed!"),
            normalize_for_matching("japan pm takaichi reappointed")
        );
    }

    #[test]
    fn trim_removes_nbsp_padding() {
        assert_eq!(trim("Title\u{00A0} "), "Title");
        assert!(is_blank("\u{00A0} \u{200B}"));
    }
}
