//! All YAML parsing lives here, so the parser can be swapped.
//!
//! We build our own small tree with a line and column on every node instead of
//! deserialising with serde: serde stops at the first problem and forgets where
//! values were written, while editors need every problem reported at once, each
//! pointing at its line. The tree is built from yaml-rust2's marked events.
//!
//! Limits keep hostile input bounded: nesting deeper than [`MAX_DEPTH`] and
//! documents that expand (through aliases) past [`MAX_NODES`] values are refused.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Deeper nesting than any catalogue record needs; refuses "200 levels" bombs early.
pub const MAX_DEPTH: usize = 64;
/// Values in one document after alias expansion; refuses "billion laughs".
pub const MAX_NODES: usize = 1_000_000;

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    /// 1-based line and column where the value starts.
    pub line: u32,
    pub col: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// `~`, `null` or nothing at all.
    Null,
    /// Any scalar, with its text exactly as written (so `1.10` stays `1.10`).
    /// `plain` is false for quoted and block scalars.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Null => "nothing",
            NodeKind::Scalar { .. } => "a single value",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }

    /// The scalar's text, for scalars.
    pub fn as_scalar(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Null)
    }
}

/// A syntax error, or input past the limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: u32,
    pub col: u32,
    pub message: String,
    pub hint: Option<String>,
}

/// Parses one YAML document. `first_line` is the line of `text` within its file
/// (greater than 1 for front matter), so positions point into the file.
/// An empty document is [`NodeKind::Null`].
pub fn parse(text: &str, first_line: u32) -> Result<Node, SyntaxError> {
    let mut builder = TreeBuilder {
        first_line,
        stack: Vec::new(),
        anchors: Vec::new(),
        documents: Vec::new(),
        nodes: 0,
        error: None,
    };
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut builder, true) {
        return Err(scan_error(&e, first_line, text));
    }
    if let Some(error) = builder.error {
        return Err(error);
    }
    let mut documents = builder.documents.into_iter();
    let first = documents.next().unwrap_or(Node {
        kind: NodeKind::Null,
        line: first_line,
        col: 1,
    });
    if let Some(second) = documents.next() {
        return Err(SyntaxError {
            line: second.line,
            col: second.col,
            message: "a second YAML document in one file".into(),
            hint: Some("a file holds one record (or one list); remove the extra `---`".into()),
        });
    }
    Ok(first)
}

fn scan_error(e: &yaml_rust2::ScanError, first_line: u32, text: &str) -> SyntaxError {
    let mark = e.marker();
    let (line, col) = position(mark, first_line);
    let info = e.info();
    let hint = if info.contains("quoted scalar") {
        Some("this quote is never closed: add the closing quote".to_string())
    } else if info.contains("mapping values are not allowed") {
        Some("a value containing `: ` must be quoted".to_string())
    } else if info.contains("tab") || line_has_tab(text, mark.line()) {
        Some("indent with spaces, not tabs".to_string())
    } else if info.contains("did not find expected key") || info.contains("block") {
        Some("check the indentation of this line against the lines above".to_string())
    } else {
        None
    };
    SyntaxError {
        line,
        col,
        message: format!("YAML syntax error: {info}"),
        hint,
    }
}

fn line_has_tab(text: &str, line: usize) -> bool {
    text.lines()
        .nth(line.saturating_sub(1))
        .is_some_and(|l| l.trim_start_matches(' ').starts_with('\t'))
}

/// yaml-rust2 counts lines from 1 and columns from 0.
fn position(mark: &Marker, first_line: u32) -> (u32, u32) {
    let line = (mark.line() as u32).max(1) + first_line - 1;
    (line, mark.col() as u32 + 1)
}

enum Open {
    Seq(Node, usize, Vec<Node>),
    Map(Node, usize, Vec<(Node, Node)>, Option<Node>),
}

struct TreeBuilder {
    first_line: u32,
    stack: Vec<Open>,
    /// Anchored nodes by anchor id (ids count from 1).
    anchors: Vec<Option<Node>>,
    documents: Vec<Node>,
    /// Nodes made so far, alias copies included.
    nodes: usize,
    error: Option<SyntaxError>,
}

impl TreeBuilder {
    fn fail(&mut self, line: u32, col: u32, message: &str, hint: &str) {
        if self.error.is_none() {
            self.error = Some(SyntaxError {
                line,
                col,
                message: message.into(),
                hint: Some(hint.into()),
            });
        }
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor == 0 {
            return;
        }
        if self.anchors.len() <= anchor {
            self.anchors.resize(anchor + 1, None);
        }
        self.anchors[anchor] = Some(node.clone());
    }

    /// Adds a finished node to whatever is open, or makes it a document.
    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.documents.push(node),
            Some(Open::Seq(_, _, items)) => items.push(node),
            Some(Open::Map(_, _, entries, key)) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
}

fn count(node: &Node) -> usize {
    match &node.kind {
        NodeKind::Null | NodeKind::Scalar { .. } => 1,
        NodeKind::Seq(items) => 1 + items.iter().map(count).sum::<usize>(),
        NodeKind::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| count(k) + count(v))
                .sum::<usize>()
        }
    }
}

impl MarkedEventReceiver for TreeBuilder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let (line, col) = position(&mark, self.first_line);
        let at = |kind| Node { kind, line, col };
        match ev {
            Event::Scalar(text, style, anchor, _tag) => {
                let plain = style == TScalarStyle::Plain;
                let kind = if plain && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL")
                {
                    NodeKind::Null
                } else {
                    NodeKind::Scalar { text, plain }
                };
                let node = at(kind);
                self.nodes += 1;
                self.remember(anchor, &node);
                self.push(node);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    self.fail(
                        line,
                        col,
                        &format!("values nested more than {MAX_DEPTH} levels deep"),
                        "catalogue records need only a few levels; check the indentation",
                    );
                    return;
                }
                self.nodes += 1;
                let open = if matches!(ev, Event::SequenceStart(..)) {
                    Open::Seq(at(NodeKind::Null), anchor, Vec::new())
                } else {
                    Open::Map(at(NodeKind::Null), anchor, Vec::new(), None)
                };
                self.stack.push(open);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Open::Seq(mut node, anchor, items)) => {
                        node.kind = NodeKind::Seq(items);
                        (node, anchor)
                    }
                    Some(Open::Map(mut node, anchor, entries, _)) => {
                        // A block mapping's start event comes after its first key;
                        // the first key is where a reader sees the mapping begin.
                        if let Some((first, _)) = entries.first() {
                            node.line = first.line;
                            node.col = first.col;
                        }
                        node.kind = NodeKind::Map(entries);
                        (node, anchor)
                    }
                    None => return,
                };
                self.remember(anchor, &node);
                self.push(node);
            }
            Event::Alias(id) => {
                let Some(Some(target)) = self.anchors.get(id) else {
                    self.fail(
                        line,
                        col,
                        "alias to an unknown anchor",
                        "define the anchor (`&name`) before using it (`*name`)",
                    );
                    return;
                };
                let size = count(target);
                if self.nodes + size > MAX_NODES {
                    self.fail(
                        line,
                        col,
                        &format!("aliases expand this document past {MAX_NODES} values"),
                        "write the values out instead of repeating aliases",
                    );
                    return;
                }
                self.nodes += size;
                let mut copy = target.clone();
                copy.line = line;
                copy.col = col;
                self.push(copy);
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
        if self.nodes > MAX_NODES {
            self.fail(
                line,
                col,
                &format!("more than {MAX_NODES} values in one file"),
                "split the file",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_keys(node: &Node) -> Vec<&str> {
        match &node.kind {
            NodeKind::Map(entries) => entries.iter().filter_map(|(k, _)| k.as_scalar()).collect(),
            _ => vec![],
        }
    }

    #[test]
    fn values_keep_their_line_and_column() {
        let node = parse("a: 1\nb:\n  - x\n  - y\n", 1).unwrap();
        assert_eq!(map_keys(&node), ["a", "b"]);
        let NodeKind::Map(entries) = &node.kind else {
            panic!()
        };
        let NodeKind::Seq(items) = &entries[1].1.kind else {
            panic!()
        };
        assert_eq!((items[1].line, items[1].col), (4, 5));
    }

    #[test]
    fn numbers_keep_the_text_as_written() {
        let node = parse("code: 1.10\n", 1).unwrap();
        let NodeKind::Map(entries) = &node.kind else {
            panic!()
        };
        assert_eq!(entries[0].1.as_scalar(), Some("1.10"));
    }

    #[test]
    fn an_unclosed_quote_is_reported_at_the_opening_quote() {
        let err = parse("a: 1\nb: \"open\nc: 2\nd: 3\n", 1).unwrap_err();
        assert_eq!((err.line, err.col), (2, 4));
    }

    #[test]
    fn front_matter_lines_are_offset() {
        let err = parse("a: 1\nb: [\n", 5).unwrap_err();
        assert!(err.line >= 5, "{err:?}");
    }

    #[test]
    fn an_alias_bomb_is_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let prev = format!("*a{}", i - 1);
            text.push_str(&format!(
                "a{i}: &a{i} [{}]\n",
                [prev.as_str(); 10].join(", ")
            ));
        }
        let err = parse(&text, 1).unwrap_err();
        assert!(err.message.contains("aliases"), "{err:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let err = parse(&text, 1).unwrap_err();
        assert!(err.message.contains("nested"), "{err:?}");
    }

    #[test]
    fn two_documents_are_refused() {
        assert!(parse("a: 1\n---\nb: 2\n", 1).is_err());
    }

    #[test]
    fn mangled_input_never_panics() {
        let sample = "code: \"1.001193\"\nname: Đăng ký\nlevels: [commune, province]\nagencies:\n  implementing:\n    - ubnd-xa\n# note\nx: &a {k: v}\ny: *a\nz: |\n  text\n";
        let inserts = [
            "\"", "'", "[", "]", "{", "}", ":", "- ", "&a ", "*a", "*b", "\t", "\n", "---\n", "!!",
            "%", "|", ">", "#", "?",
        ];
        let chars: Vec<(usize, char)> = sample.char_indices().collect();
        for (at, _) in &chars {
            for ins in inserts {
                let mangled = format!("{}{}{}", &sample[..*at], ins, &sample[*at..]);
                let _ = parse(&mangled, 1);
            }
            let mut cut = sample.to_string();
            cut.remove(*at);
            let _ = parse(&cut, 1);
        }
    }
}
