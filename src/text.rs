//! Text normalisation shared by loading and search.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Unicode NFC, so that `hoà` typed with a combining grave and `hoà` typed precomposed
/// are the same string. Borrowed text that is already NFC is copied once.
pub fn nfc(s: &str) -> String {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s.to_owned()
    } else {
        s.nfc().collect()
    }
}

/// [`nfc`] of an owned string, returning it unchanged (no copy) when it is already NFC.
pub fn into_nfc(s: String) -> String {
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        s
    } else {
        s.nfc().collect()
    }
}

/// Lower case with Vietnamese diacritics removed: `Đăng ký` → `dang ky`.
///
/// Unicode decomposition strips tone and vowel marks but leaves `đ` alone (it has
/// no decomposition), so `đ`/`Đ` are mapped to `d` explicitly.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// Lower case, NFC, diacritics kept: the "exact spelling" form.
pub fn lower(s: &str) -> String {
    nfc(&s.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_vietnamese_becomes_precomposed() {
        let decomposed = "Đa\u{306}ng ky\u{301}";
        assert_eq!(nfc(decomposed), "Đăng ký");
    }

    #[test]
    fn folding_removes_tones_and_maps_d_with_stroke() {
        assert_eq!(fold("Đăng ký khai sinh"), "dang ky khai sinh");
        assert_eq!(fold("đất đai"), "dat dai");
        assert_eq!(fold("HOÀ"), fold("hòa"));
    }

    #[test]
    fn lower_keeps_diacritics() {
        assert_eq!(lower("Đăng Ký"), "đăng ký");
    }
}
