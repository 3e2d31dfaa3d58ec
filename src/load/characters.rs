//! Characters no catalogue file may hold: control characters.
//!
//! A NUL ends the text for the YAML reader (everything after it vanished without
//! a word), control characters are invisible in editors, XML forbids most of them
//! (`feed.xml`, `sitemap.xml`) and HTML calls them parse errors. They come from
//! copying out of PDFs and word processors, or from a file saved as UTF-16, never
//! from an editor meaning them. So each one is an error at its line and column,
//! and is read as U+FFFD so the rest of the file is still checked as written.

use super::fields::codes;
use crate::diagnostic::Diagnostic;
use crate::source::Loc;
use std::borrow::Cow;
use std::sync::Arc;

/// Lines with a control character reported per file; past that, one more note.
const MAX_REPORTED_LINES: usize = 10;

/// A character refused in catalogue text: C0 controls but tab and line ends,
/// DEL, C1 controls (U+0080–U+009F), and the non-characters U+FFFE and U+FFFF.
pub fn is_refused(c: char) -> bool {
    matches!(
        c,
        '\u{0}'..='\u{8}'
            | '\u{b}'
            | '\u{c}'
            | '\u{e}'..='\u{1f}'
            | '\u{7f}'..='\u{9f}'
            | '\u{fffe}'
            | '\u{ffff}'
    )
}

/// Whether `text` may hold a refused character, looking at bytes only (the
/// common case, no such character, costs one pass without decoding).
fn may_hold_refused(text: &str) -> bool {
    text.bytes().any(|b| {
        (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') || b == 0x7f || b == 0xc2 || b == 0xef
    })
}

/// Reports every line of `text` (the file `path`, line 1 first) that holds a
/// refused character, at its first such character, and returns the text with
/// each of them replaced by U+FFFD.
pub fn refuse_controls<'t>(
    path: &Arc<str>,
    text: Cow<'t, str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Cow<'t, str> {
    if !may_hold_refused(&text) {
        return text;
    }
    let mut cleaned = String::with_capacity(text.len());
    let (mut line, mut col) = (1u32, 0u32);
    let mut reported_line = 0u32;
    let mut reported = 0usize;
    let mut more = 0usize;
    let mut nuls = 0usize;
    let mut chars = 0usize;
    for c in text.chars() {
        chars += 1;
        if c == '\n' {
            line += 1;
            col = 0;
            cleaned.push(c);
            continue;
        }
        col += 1;
        if !is_refused(c) {
            cleaned.push(c);
            continue;
        }
        cleaned.push('\u{fffd}');
        nuls += usize::from(c == '\0');
        if reported_line == line {
            continue;
        }
        reported_line = line;
        if reported == MAX_REPORTED_LINES {
            more += 1;
            continue;
        }
        reported += 1;
        diagnostics.push(
            Diagnostic::error(
                codes::CONTROL_CHARACTER,
                Loc::new(path.clone(), line, col),
                format!(
                    "this line holds the control character U+{:04X}{}, which no page, feed or file can show",
                    c as u32,
                    name(c).map(|n| format!(" ({n})")).unwrap_or_default()
                ),
            )
            .with_hint(hint(c)),
        );
    }
    if more > 0
        && let Some(last) = diagnostics.last_mut()
    {
        last.hint = Some(format!(
            "{} more line(s) of this file hold control characters too",
            more
        ));
    }
    // A file saved as UTF-16 reads as text with a NUL after every letter.
    if nuls * 4 > chars
        && let Some(last) = diagnostics.last_mut()
    {
        last.hint = Some(
            "this file seems to be saved as UTF-16 (a NUL between letters): save it as UTF-8"
                .into(),
        );
    }
    Cow::Owned(cleaned)
}

fn name(c: char) -> Option<&'static str> {
    Some(match c {
        '\0' => "NUL",
        '\u{8}' => "backspace",
        '\u{b}' => "vertical tab",
        '\u{c}' => "form feed",
        '\u{1b}' => "escape",
        '\u{7f}' => "delete",
        '\u{fffe}' | '\u{ffff}' => "not a character",
        _ => return None,
    })
}

fn hint(c: char) -> String {
    if ('\u{80}'..='\u{9f}').contains(&c) {
        "characters U+0080–U+009F usually come from text decoded with the wrong encoding: retype the character (often a quote or a dash)".into()
    } else {
        "delete it (it is invisible in most editors; it often comes with text copied from a PDF or a word processor)".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> (String, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let out = refuse_controls(&Arc::from("x.yaml"), Cow::Borrowed(text), &mut d);
        (out.into_owned(), d)
    }

    #[test]
    fn tabs_line_ends_and_vietnamese_text_pass_untouched() {
        let text = "name: Đăng ký\tkhai sinh\n© 2024 ＝\n";
        let (out, d) = run(text);
        assert_eq!(out, text);
        assert!(d.is_empty());
    }

    #[test]
    fn each_line_with_a_control_character_is_reported_at_its_column() {
        let (out, d) = run("a: b\u{0}c\nd: \u{1b}\u{85}\n");
        assert_eq!(out, "a: b\u{fffd}c\nd: \u{fffd}\u{fffd}\n");
        let places: Vec<(u32, u32)> = d.iter().map(|d| (d.loc.line, d.loc.col)).collect();
        assert_eq!(places, [(1, 5), (2, 4)]);
        assert!(d[0].message.contains("U+0000 (NUL)"), "{}", d[0].message);
    }

    #[test]
    fn a_file_full_of_control_characters_gets_a_bounded_report() {
        let (_, d) = run(&"x\u{1}\n".repeat(1000));
        assert_eq!(d.len(), MAX_REPORTED_LINES);
        let utf16: String = "name: x\n".chars().flat_map(|c| [c, '\0']).collect();
        let (_, d) = run(&utf16);
        assert!(
            d.last()
                .and_then(|d| d.hint.as_deref())
                .is_some_and(|h| h.contains("UTF-16"))
        );
    }
}
