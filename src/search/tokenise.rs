//! Cutting text into search words, the same way the client cuts a query.
//!
//! A word is a run of letters and digits; `.`, `-` and `/` between two letters or
//! digits stay inside it, so a procedure code (`1.001193`) or a decision number
//! (`1234/QĐ-UBND`) is one word. Such a compound with `-` or `/` is also indexed by
//! its parts, so `ubnd` finds `QĐ-UBND`. Each word has an exact form (NFC, lower
//! case, diacritics kept) and a folded form (diacritics removed, `đ`→`d`).

use crate::text::{fold, lower};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// NFC, lower case, diacritics kept: `đăng`.
    pub exact: String,
    /// Lower case, diacritics removed: `dang`.
    pub folded: String,
}

impl Word {
    fn new(raw: &str) -> Word {
        Word {
            exact: lower(raw),
            folded: fold(raw),
        }
    }
}

fn is_joiner(c: char) -> bool {
    matches!(c, '.' | '-' | '/')
}

/// The words of `text` as a query reads them: compounds whole, in order.
pub fn query_words(text: &str) -> Vec<Word> {
    raw_words(text).into_iter().map(Word::new).collect()
}

/// The words of `text` as the index stores them: every compound, then its parts.
/// The order of compounds is kept, so adjacent entries of [`phrase_words`] are
/// adjacent in the text.
pub fn index_words(text: &str) -> Vec<Word> {
    let mut out = Vec::new();
    for raw in raw_words(text) {
        out.push(Word::new(raw));
        if raw.contains(['-', '/']) {
            for part in raw.split(is_joiner).filter(|p| !p.is_empty()) {
                out.push(Word::new(part));
            }
        }
    }
    out
}

/// Words in text order (compounds whole), for phrases.
pub fn phrase_words(text: &str) -> Vec<Word> {
    query_words(text)
}

fn raw_words(text: &str) -> Vec<&str> {
    let text_chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &(pos, c)) in text_chars.iter().enumerate() {
        let word_char = c.is_alphanumeric() || is_combining(c);
        let inner_joiner = is_joiner(c)
            && start.is_some()
            && text_chars
                .get(i + 1)
                .is_some_and(|&(_, next)| next.is_alphanumeric());
        if word_char || inner_joiner {
            if start.is_none() {
                start = Some(pos);
            }
        } else if let Some(s) = start.take() {
            words.push(&text[s..pos]);
        }
    }
    if let Some(s) = start {
        words.push(&text[s..]);
    }
    words
}

/// Combining marks belong to the word they follow (text that is not yet NFC).
fn is_combining(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// The shard a folded word lives in: its first `len` characters, each one that is
/// not `a`–`z` or `0`–`9` written as `_`, padded with `_`. The client computes the
/// same key, so the root file needs no list of words.
pub fn shard_key(folded: &str, len: usize) -> String {
    let mut key: String = folded
        .chars()
        .take(len)
        .map(|c| {
            if c.is_ascii_lowercase() || c.is_ascii_digit() {
                c
            } else {
                '_'
            }
        })
        .collect();
    while key.chars().count() < len {
        key.push('_');
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(words: &[Word]) -> Vec<&str> {
        words.iter().map(|w| w.folded.as_str()).collect()
    }

    #[test]
    fn a_name_becomes_folded_and_exact_words() {
        let words = query_words("Đăng ký đất đai lần đầu");
        assert_eq!(folded(&words), ["dang", "ky", "dat", "dai", "lan", "dau"]);
        assert_eq!(words[0].exact, "đăng");
    }

    #[test]
    fn decomposed_input_gives_the_same_words_as_precomposed() {
        let decomposed = "Hoa\u{300} gia\u{309}i";
        assert_eq!(query_words(decomposed), query_words("Hoà giải"));
    }

    #[test]
    fn a_tone_mark_on_another_vowel_folds_to_the_same_word() {
        // NFC keeps hoà and hòa apart; folding brings them together.
        assert_eq!(query_words("hòa")[0].folded, query_words("hoà")[0].folded);
    }

    #[test]
    fn a_procedure_code_is_one_word() {
        assert_eq!(folded(&query_words("mã 1.001193.")), ["ma", "1.001193"]);
    }

    #[test]
    fn a_decision_number_is_indexed_whole_and_by_parts() {
        let words = index_words("Quyết định 1234/QĐ-UBND");
        assert_eq!(
            folded(&words),
            ["quyet", "dinh", "1234/qd-ubnd", "1234", "qd", "ubnd"]
        );
    }

    #[test]
    fn punctuation_around_words_is_dropped() {
        assert_eq!(folded(&query_words("(a) - b, c.")), ["a", "b", "c"]);
    }

    #[test]
    fn shard_keys_are_safe_file_names() {
        assert_eq!(shard_key("dang", 2), "da");
        assert_eq!(shard_key("a", 2), "a_");
        assert_eq!(shard_key("1.001193", 2), "1_");
        assert_eq!(shard_key("1.001193", 3), "1_0");
        assert_eq!(shard_key("ñu", 2), "_u");
    }
}
