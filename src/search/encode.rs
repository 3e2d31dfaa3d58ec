//! Posting lists as short ASCII strings that sit inside JSON without escaping.
//!
//! A sorted list of document numbers is written either as gaps or as a bitmap,
//! whichever is shorter. Characters come from the URL-safe base64 alphabet.
//! - gaps: each gap minus one as a little-endian varint of 5-bit groups; a
//!   character's value is the group plus 32 when more groups follow;
//! - bitmap: `~`, then one character per 6 documents (bit `i` of character `j` is
//!   document `6j + i`), trailing empty characters dropped.
//!
//! `search.js` decodes both forms.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes strictly increasing document numbers.
pub fn encode(docs: &[u32]) -> String {
    let gaps = encode_gaps(docs);
    let bitmap_len = docs.last().map_or(0, |&d| d as usize / 6 + 2);
    if bitmap_len < gaps.len() {
        encode_bitmap(docs)
    } else {
        gaps
    }
}

fn encode_gaps(docs: &[u32]) -> String {
    let mut out = String::new();
    let mut prev: i64 = -1;
    for &d in docs {
        let mut gap = (d as i64 - prev - 1) as u64;
        prev = d as i64;
        loop {
            let group = (gap & 31) as usize;
            gap >>= 5;
            if gap == 0 {
                out.push(ALPHABET[group] as char);
                break;
            }
            out.push(ALPHABET[group | 32] as char);
        }
    }
    out
}

fn encode_bitmap(docs: &[u32]) -> String {
    let len = docs.last().map_or(0, |&d| d as usize / 6 + 1);
    let mut cells = vec![0usize; len];
    for &d in docs {
        cells[d as usize / 6] |= 1 << (d % 6);
    }
    let mut out = String::with_capacity(len + 1);
    out.push('~');
    out.extend(cells.iter().map(|&c| ALPHABET[c] as char));
    out
}

/// The inverse of [`encode`]; `None` for a string `encode` never writes.
pub fn decode(s: &str) -> Option<Vec<u32>> {
    let value = |b: u8| ALPHABET.iter().position(|&a| a == b);
    let mut docs = Vec::new();
    if let Some(bits) = s.strip_prefix('~') {
        for (j, b) in bits.bytes().enumerate() {
            let v = value(b)?;
            for i in 0..6 {
                if v & (1 << i) != 0 {
                    docs.push((j * 6 + i) as u32);
                }
            }
        }
        return Some(docs);
    }
    let mut prev: i64 = -1;
    let (mut gap, mut shift) = (0u64, 0u32);
    for b in s.bytes() {
        let v = value(b)? as u64;
        gap |= (v & 31) << shift;
        if v & 32 != 0 {
            shift += 5;
            continue;
        }
        prev += gap as i64 + 1;
        docs.push(u32::try_from(prev).ok()?);
        gap = 0;
        shift = 0;
    }
    (shift == 0).then_some(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparse_lists_are_written_as_gaps() {
        let docs = [0, 5, 1000, 5000];
        let s = encode(&docs);
        assert!(!s.starts_with('~'));
        assert_eq!(decode(&s).unwrap(), docs);
    }

    #[test]
    fn dense_lists_are_written_as_bitmaps() {
        let docs: Vec<u32> = (0..600).filter(|d| d % 3 != 0).collect();
        let s = encode(&docs);
        assert!(s.starts_with('~'));
        assert!(s.len() <= 102);
        assert_eq!(decode(&s).unwrap(), docs);
    }

    #[test]
    fn consecutive_documents_cost_one_character_each() {
        let s = encode(&[100, 101, 102]);
        assert_eq!(s.len(), 4);
        assert!(s.ends_with("AA"));
        assert_eq!(encode(&[]), "");
    }

    #[test]
    fn large_gaps_round_trip() {
        let docs = [31, 32, 1_000_000, 1_000_031];
        assert_eq!(decode(&encode(&docs)).unwrap(), docs);
    }
}
