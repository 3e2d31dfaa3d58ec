//! Ranking data: how much a match counts, by where it is and how it matched.
//!
//! The numbers live here and are written into the root file, so the client and
//! these tests rank with the same table. A document's score for a query is the sum,
//! over the query's words, of the best `field weight × match quality` it has for
//! that word, plus [`PHRASE`] for each pair of adjacent query words found side by
//! side in its name, code, keywords or other short field.

use serde::Serialize;

/// Where a word was found. Each class has its own posting list per word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Field {
    /// Code, name, keywords.
    Title,
    /// Sector, agencies, applicants, result.
    Facts,
    /// Steps, conditions, dossier, fees, legal basis.
    Body,
}

impl Field {
    pub const ALL: [Field; 3] = [Field::Title, Field::Facts, Field::Body];

    pub fn weight(self) -> f64 {
        match self {
            Field::Title => 10.0,
            Field::Facts => 4.0,
            Field::Body => 1.0,
        }
    }
}

/// How a query word matched an indexed word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Match {
    /// Same spelling, diacritics included.
    Exact,
    /// Same letters once diacritics are folded.
    Folded,
    /// The query word (the last one, being typed) begins the indexed word.
    Prefix,
    /// One letter added, removed, changed or two swapped (words of 4+ letters).
    Typo,
}

impl Match {
    pub const ALL: [Match; 4] = [Match::Exact, Match::Folded, Match::Prefix, Match::Typo];

    pub fn quality(self) -> f64 {
        match self {
            Match::Exact => 1.0,
            Match::Folded => 0.8,
            Match::Prefix => 0.5,
            Match::Typo => 0.3,
        }
    }
}

/// Bonus for each pair of adjacent query words found together in a short field.
pub const PHRASE: f64 = 6.0;

/// Shortest word (in letters) in which one typo is tolerated. Words with a digit
/// (codes, numbers) never match with a typo: `1.0005` must not find `1.000`.
pub const TYPO_MIN_LEN: usize = 4;

/// The score of one word's best match.
pub fn word_score(field: Field, how: Match) -> f64 {
    field.weight() * how.quality()
}

/// The table as the client reads it from the root file.
#[derive(Serialize)]
pub struct Table {
    pub fields: [f64; 3],
    pub exact: f64,
    pub folded: f64,
    pub prefix: f64,
    pub typo: f64,
    pub phrase: f64,
    pub typo_min_len: usize,
}

pub fn table() -> Table {
    Table {
        fields: Field::ALL.map(Field::weight),
        exact: Match::Exact.quality(),
        folded: Match::Folded.quality(),
        prefix: Match::Prefix.quality(),
        typo: Match::Typo.quality(),
        phrase: PHRASE,
        typo_min_len: TYPO_MIN_LEN,
    }
}

/// Damerau–Levenshtein distance of at most one: one letter inserted, deleted,
/// replaced, or two neighbours swapped. Mirrors `withinOneEdit` in `search.js`.
pub fn within_one_edit(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(x, y)| x == y)
        .count();
    if prefix == short.len() {
        return true; // equal, or one letter appended
    }
    if short.len() == long.len() {
        let replaced = short[prefix + 1..] == long[prefix + 1..];
        let swapped = prefix + 1 < short.len()
            && short[prefix] == long[prefix + 1]
            && short[prefix + 1] == long[prefix]
            && short[prefix + 2..] == long[prefix + 2..];
        replaced || swapped
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_spelling_ranks_above_folded_above_prefix_above_typo() {
        for field in Field::ALL {
            let scores: Vec<f64> = Match::ALL.iter().map(|&m| word_score(field, m)).collect();
            assert!(
                scores.windows(2).all(|w| w[0] > w[1]),
                "{field:?}: {scores:?}"
            );
        }
    }

    #[test]
    fn a_typo_in_the_name_outranks_an_exact_word_in_the_body() {
        assert!(word_score(Field::Title, Match::Typo) > word_score(Field::Body, Match::Exact));
    }

    #[test]
    fn a_name_match_outranks_a_facts_match_outranks_a_body_match() {
        assert!(word_score(Field::Title, Match::Folded) > word_score(Field::Facts, Match::Exact));
        assert!(word_score(Field::Facts, Match::Folded) > word_score(Field::Body, Match::Exact));
    }

    #[test]
    fn a_phrase_in_the_name_outranks_the_same_words_scattered_in_the_body() {
        let phrase = 2.0 * word_score(Field::Title, Match::Folded) + PHRASE;
        let scattered = 2.0 * word_score(Field::Body, Match::Exact);
        assert!(phrase > scattered);
        // and two words scattered over the short fields rank below the phrase
        assert!(phrase > 2.0 * word_score(Field::Title, Match::Exact));
    }

    #[test]
    fn one_edit_is_tolerated() {
        assert!(within_one_edit("khai", "khia")); // swap
        assert!(within_one_edit("sinh", "sing")); // replace
        assert!(within_one_edit("hoach", "hoch")); // delete
        assert!(within_one_edit("dang", "daang")); // insert
        assert!(!within_one_edit("dang", "dong ky"));
        assert!(!within_one_edit("sinh", "snhi"));
    }
}
