//! Plain values cut short by a comment: in `name: Cấp bản sao # trích lục`, YAML
//! ends the value before ` #` and drops the rest of the line. The loader finds
//! such values here, from the source text; the readers of texts meant for people
//! warn about them (W409, [`super::fields::FileCtx::prose`]).

use crate::yaml::{Node, NodeKind};
use std::collections::HashMap;

/// Where each plain single-line scalar of `root` that a comment follows on its
/// line starts (line, column), with the comment. `text` is the YAML that was
/// parsed, and `first_line` its first line in the file.
pub fn cut_by_comment(text: &str, first_line: u32, root: &Node) -> Vec<(u32, u32, String)> {
    // Lines with a `#` after a blank and after something else: the only ones where
    // a value can be followed by a comment. Most files have none.
    let candidates: HashMap<u32, &str> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| {
            let content = line.trim_start();
            !content.starts_with('#') && (content.contains(" #") || content.contains("\t#"))
        })
        .map(|(i, line)| (first_line + i as u32, line))
        .collect();
    let mut found = Vec::new();
    if !candidates.is_empty() {
        visit(root, &candidates, &mut found);
    }
    found
}

fn visit(node: &Node, candidates: &HashMap<u32, &str>, found: &mut Vec<(u32, u32, String)>) {
    match &node.kind {
        NodeKind::Scalar { text, plain: true } => {
            if let Some(comment) = candidates
                .get(&node.line)
                .and_then(|line| comment_after(line, node.col, text))
            {
                found.push((node.line, node.col, comment));
            }
        }
        NodeKind::Seq(items) => items.iter().for_each(|n| visit(n, candidates, found)),
        NodeKind::Map(entries) => entries
            .iter()
            .for_each(|(_, v)| visit(v, candidates, found)),
        NodeKind::Scalar { .. } | NodeKind::Null => {}
    }
}

/// The comment following `value`, written on `line` from column `col` (1-based,
/// in characters), if the value is followed by blanks and a `#`.
fn comment_after(line: &str, col: u32, value: &str) -> Option<String> {
    let start = line
        .char_indices()
        .nth(col.checked_sub(1)? as usize)
        .map(|(i, _)| i)?;
    let rest = line[start..].strip_prefix(value)?;
    let after = rest.trim_start_matches([' ', '\t']);
    (after.len() < rest.len() && after.starts_with('#')).then(|| after.trim_end().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(yaml: &str) -> Vec<(u32, u32, String)> {
        let root = crate::yaml::parse(yaml, 1).unwrap();
        cut_by_comment(yaml, 1, &root)
    }

    #[test]
    fn a_comment_after_a_plain_value_is_found_where_the_value_starts() {
        assert_eq!(
            cut("# heading\nname: Cấp bản sao # trích lục\nnote: 'a # b'\nx: C#\n"),
            [(2, 7, "# trích lục".to_string())]
        );
    }

    #[test]
    fn list_items_and_nested_values_are_found_too() {
        let found = cut("keywords:\n  - khai sinh  # con\nfees:\n  - name: Lệ phí\t# x\n");
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!((found[0].0, found[0].1), (2, 5));
        assert_eq!((found[1].0, found[1].1), (4, 11));
    }
}
