//! All YAML parsing lives here, so the parser can be swapped.
//!
//! We build our own small tree with a line and column on every node instead of
//! deserialising with serde: serde stops at the first problem and forgets where
//! values were written, while editors need every problem reported at once, each
//! pointing at its line. The tree is built from yaml-rust2's marked events.
//!
//! Limits keep hostile input bounded: nesting deeper than [`MAX_DEPTH`], and
//! documents that expand (through aliases) past [`MAX_NODES`] values or
//! [`MAX_TEXT_BYTES`] of text, are refused. The parser is driven one event at a
//! time (never through yaml-rust2's recursive `load`), so no nesting can
//! overflow the stack and parsing stops at the first value past a limit.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Deeper nesting than any catalogue record needs; refuses "200 levels" bombs early.
pub const MAX_DEPTH: usize = 64;
/// Values in one document after alias expansion; refuses "billion laughs".
pub const MAX_NODES: usize = 1_000_000;
/// Bytes of text in one document after alias expansion (twice the largest
/// record file, so only aliases can reach it): a 100 kB value repeated
/// through aliases ten thousand times is refused, not built.
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;

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
        size: Size::default(),
        error: None,
    };
    let mut parser = Parser::new_from_str(text);
    // One event at a time: stop at the first error, ours or the parser's, and at a
    // second document (reported below).
    while builder.error.is_none() && builder.documents.len() < 2 {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break,
            Ok((event, mark)) => builder.on_event(event, mark),
            Err(e) => return Err(scan_error(&e, first_line, text)),
        }
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
    // yaml-rust2 refuses flow collections (`[`, `{`) nested 256 deep itself.
    if info.contains("recursion limit") {
        return SyntaxError {
            line,
            col,
            message: too_deep_message(),
            hint: Some(TOO_DEEP_HINT.into()),
        };
    }
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

fn too_deep_message() -> String {
    format!("values nested more than {MAX_DEPTH} levels deep")
}

const TOO_DEEP_HINT: &str = "catalogue records need only a few levels; check the indentation";

/// What a value costs: itself and everything in it, alias copies included.
#[derive(Clone, Copy, Debug, Default)]
struct Size {
    nodes: usize,
    text_bytes: usize,
}

impl Size {
    fn add(&mut self, other: Size) {
        self.nodes = self.nodes.saturating_add(other.nodes);
        self.text_bytes = self.text_bytes.saturating_add(other.text_bytes);
    }

    fn since(self, start: Size) -> Size {
        Size {
            nodes: self.nodes - start.nodes,
            text_bytes: self.text_bytes - start.text_bytes,
        }
    }
}

/// A collection being built: its node, anchor, what the document had cost when
/// it started, and its items so far.
enum Open {
    Seq(Node, usize, Size, Vec<Node>),
    Map(Node, usize, Size, Vec<(Node, Node)>, Option<Node>),
}

struct TreeBuilder {
    first_line: u32,
    stack: Vec<Open>,
    /// Anchored nodes by anchor id (ids count from 1), with their size.
    anchors: Vec<Option<(Node, Size)>>,
    documents: Vec<Node>,
    /// What the document has cost so far: every value made, alias copies and the
    /// copies kept for anchors included.
    size: Size,
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

    /// Keeps a copy of an anchored node for its aliases; the copy counts against
    /// the limits like any other value (anchors nested in anchors would otherwise
    /// copy the same values over and over).
    fn remember(&mut self, anchor: usize, node: &Node, size: Size) {
        if anchor == 0 {
            return;
        }
        if self.anchors.len() <= anchor {
            self.anchors.resize(anchor + 1, None);
        }
        self.size.add(size);
        if self.within_limits() {
            self.anchors[anchor] = Some((node.clone(), size));
        }
    }

    fn within_limits(&self) -> bool {
        self.size.nodes <= MAX_NODES && self.size.text_bytes <= MAX_TEXT_BYTES
    }

    /// Adds a finished node to whatever is open, or makes it a document.
    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.documents.push(node),
            Some(Open::Seq(_, _, _, items)) => items.push(node),
            Some(Open::Map(_, _, _, entries, key)) => match key.take() {
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }

    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.error.is_some() {
            return;
        }
        let (line, col) = position(&mark, self.first_line);
        let at = |kind| Node { kind, line, col };
        match ev {
            Event::Scalar(text, style, anchor, _tag) => {
                let plain = style == TScalarStyle::Plain;
                let size = Size {
                    nodes: 1,
                    text_bytes: text.len(),
                };
                let kind = if plain && matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL")
                {
                    NodeKind::Null
                } else {
                    NodeKind::Scalar { text, plain }
                };
                let node = at(kind);
                self.size.add(size);
                self.remember(anchor, &node, size);
                self.push(node);
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if self.stack.len() >= MAX_DEPTH {
                    self.fail(line, col, &too_deep_message(), TOO_DEEP_HINT);
                    return;
                }
                self.size.nodes += 1;
                let start = self.size;
                let open = if matches!(ev, Event::SequenceStart(..)) {
                    Open::Seq(at(NodeKind::Null), anchor, start, Vec::new())
                } else {
                    Open::Map(at(NodeKind::Null), anchor, start, Vec::new(), None)
                };
                self.stack.push(open);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor, start) = match self.stack.pop() {
                    Some(Open::Seq(mut node, anchor, start, items)) => {
                        node.kind = NodeKind::Seq(items);
                        (node, anchor, start)
                    }
                    Some(Open::Map(mut node, anchor, start, entries, _)) => {
                        // A block mapping's start event comes after its first key;
                        // the first key is where a reader sees the mapping begin.
                        if let Some((first, _)) = entries.first() {
                            node.line = first.line;
                            node.col = first.col;
                        }
                        node.kind = NodeKind::Map(entries);
                        (node, anchor, start)
                    }
                    None => return,
                };
                let mut size = self.size.since(start);
                size.nodes += 1;
                self.remember(anchor, &node, size);
                self.push(node);
            }
            Event::Alias(id) => {
                let Some(Some((target, size))) = self.anchors.get(id) else {
                    self.fail(
                        line,
                        col,
                        "alias to an unknown anchor",
                        "define the anchor (`&name`) before using it (`*name`)",
                    );
                    return;
                };
                let size = *size;
                let mut after = self.size;
                after.add(size);
                if after.nodes > MAX_NODES || after.text_bytes > MAX_TEXT_BYTES {
                    self.fail(
                        line,
                        col,
                        &format!(
                            "aliases expand this document past {MAX_NODES} values or {} MiB of text",
                            MAX_TEXT_BYTES / (1024 * 1024)
                        ),
                        "write the values out instead of repeating aliases",
                    );
                    return;
                }
                let mut copy = target.clone();
                copy.line = line;
                copy.col = col;
                self.size = after;
                self.push(copy);
            }
            Event::Nothing
            | Event::StreamStart
            | Event::StreamEnd
            | Event::DocumentStart
            | Event::DocumentEnd => {}
        }
        if !self.within_limits() {
            self.fail(
                line,
                col,
                &format!(
                    "more than {MAX_NODES} values or {} MiB of text in one file",
                    MAX_TEXT_BYTES / (1024 * 1024)
                ),
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

    /// Runs `f` on a thread with the stack `cargo test` and rayon give their
    /// threads (2 MiB), so a recursion that would overflow shows here.
    fn on_a_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
        std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(f)
            .unwrap()
            .join()
            .unwrap()
    }

    #[test]
    fn block_sequences_nested_a_hundred_thousand_deep_are_refused_without_overflow() {
        let err = on_a_small_stack(|| {
            let text = format!("items:\n  {}x\n", "- ".repeat(100_000));
            let started = std::time::Instant::now();
            let result = parse(&text, 1);
            (result, started.elapsed())
        });
        let (result, took) = err;
        let err = result.unwrap_err();
        assert!(err.message.contains("nested more than 64"), "{err:?}");
        assert_eq!(err.line, 2, "{err:?}");
        assert!(took < std::time::Duration::from_secs(2), "took {took:?}");
    }

    #[test]
    fn block_mappings_nested_deeply_are_refused_without_overflow() {
        // Explicit keys (`? `) open a block mapping each, all on one line.
        let err =
            on_a_small_stack(|| parse(&format!("{}x\n", "? ".repeat(100_000)), 1)).unwrap_err();
        assert!(err.message.contains("nested more than 64"), "{err:?}");
        // And by indentation, one level per line.
        let text: String = (0..100).map(|i| format!("{}a:\n", " ".repeat(i))).collect();
        let err = on_a_small_stack(move || parse(&text, 1)).unwrap_err();
        assert!(err.message.contains("nested more than 64"), "{err:?}");
        assert_eq!(err.line, 65, "{err:?}");
    }

    #[test]
    fn flow_collections_nested_past_the_parser_limit_get_the_same_message() {
        let err = parse(&"[".repeat(100_000), 1).unwrap_err();
        assert!(err.message.contains("nested more than 64"), "{err:?}");
    }

    #[test]
    fn aliases_repeating_a_long_value_are_refused_by_the_bytes_they_expand_to() {
        // 100 kB repeated 1,000 times: few values, but 100 MB of text.
        let mut text = format!("a: &big \"{}\"\nb: [", "x".repeat(100_000));
        text.push_str(&["*big"; 1000].join(", "));
        text.push_str("]\n");
        let err = parse(&text, 1).unwrap_err();
        assert!(err.message.contains("MiB of text"), "{err:?}");
        assert_eq!(err.line, 2, "{err:?}");
    }

    #[test]
    fn anchors_nested_in_anchors_count_each_copy() {
        // No alias at all, but every anchor keeps its own copy of the 1 MB inside.
        let depth = 40;
        let text = format!(
            "{}\"{}\"{}",
            (0..depth).map(|i| format!("&a{i} [")).collect::<String>(),
            "x".repeat(1_000_000),
            "]".repeat(depth)
        );
        let err = parse(&text, 1).unwrap_err();
        assert!(err.message.contains("MiB of text"), "{err:?}");
    }

    #[test]
    fn a_few_aliases_of_small_values_still_work() {
        let node = parse("fees: &f [{name: a, amount: 1}]\nagain: *f\n", 1).unwrap();
        let NodeKind::Map(entries) = &node.kind else {
            panic!()
        };
        assert_eq!(entries[0].1.kind, entries[1].1.kind);
        assert_eq!(entries[1].1.line, 2);
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
