//! Reading typed values out of a YAML mapping, reporting every problem with its line.
//!
//! A [`Fields`] wraps one mapping. Each getter takes a key, records that the key is
//! known, and converts the value, pushing a diagnostic when it can't. Unknown keys
//! and keys given twice are reported when the reader is created, missing required
//! keys one diagnostic per key.

use crate::diagnostic::Diagnostic;
use crate::model::Date;
use crate::source::{Loc, Spanned};
use crate::yaml::{Node, NodeKind};
use std::sync::Arc;

pub mod codes {
    pub const IO: &str = "E001";
    pub const INVALID_UTF8: &str = "E002";
    pub const TOO_LARGE: &str = "E003";
    pub const SYNTAX: &str = "E100";
    pub const FRONT_MATTER: &str = "E101";
    pub const MISSING_KEY: &str = "E200";
    pub const UNKNOWN_KEY: &str = "E201";
    pub const WRONG_TYPE: &str = "E202";
    pub const INVALID_VALUE: &str = "E203";
    pub const INVALID_DATE: &str = "E204";
    pub const INVALID_ID: &str = "E205";
    pub const INVALID_CODE: &str = "E206";
    pub const DUPLICATE_KEY: &str = "E207";
    pub const MISSING_FILE: &str = "E210";
    pub const DUPLICATE: &str = "E300";
    pub const UNKNOWN_LOCALITY: &str = "E301";
    pub const UNKNOWN_SECTOR: &str = "E302";
    pub const UNKNOWN_AGENCY: &str = "E303";
    pub const UNKNOWN_PROCEDURE: &str = "E304";
    pub const UNKNOWN_FILE: &str = "E305";
    pub const CYCLE: &str = "E306";
    pub const ROOTS: &str = "E307";
    pub const LISTED_TWICE: &str = "E308";
    pub const REPLACED_BY_ITSELF: &str = "E309";
    pub const UNANNOUNCED: &str = "W401";
    pub const NOT_IN_FORCE: &str = "W402";
    pub const EFFECTIVE_BEFORE_SIGNED: &str = "W403";
    pub const SYMLINK_OUTSIDE: &str = "W404";
    pub const IGNORED_FILE: &str = "W405";
    // v2: localities over time
    pub const UNTIL_NOT_AFTER_FROM: &str = "E320";
    pub const SUCCESSORS_WITHOUT_UNTIL: &str = "E321";
    pub const SUCCESSOR_OF_ANOTHER_LEVEL: &str = "E322";
    pub const SUCCESSOR_NOT_THERE: &str = "E323";
    pub const PARENT_PERIODS: &str = "E324";
    pub const PARENT_NOT_THERE: &str = "E325";
    pub const TERRITORY_NOT_THERE: &str = "W410";
    pub const ISSUER_NOT_THERE: &str = "W411";
    pub const CHILDREN_LEFT_WITHOUT_PARENT: &str = "W412";
}

/// Where diagnostics of one file go.
pub struct FileCtx {
    pub path: Arc<str>,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileCtx {
    pub fn new(path: Arc<str>) -> Self {
        FileCtx {
            path,
            diagnostics: Vec::new(),
        }
    }

    pub fn loc(&self, node: &Node) -> Loc {
        Loc::new(self.path.clone(), node.line, node.col)
    }

    pub fn error(&mut self, code: &'static str, node: &Node, message: String) -> &mut Diagnostic {
        let loc = self.loc(node);
        self.diagnostics.push(Diagnostic::error(code, loc, message));
        self.diagnostics.last_mut().expect("just pushed")
    }

    pub fn wrong_type(&mut self, node: &Node, what: &str, expected: &str) {
        self.error(
            codes::WRONG_TYPE,
            node,
            format!("{what} must be {expected}, found {}", node.type_name()),
        );
    }

    /// A scalar's text, or a diagnostic.
    pub fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        match &node.kind {
            NodeKind::Scalar { text, .. } => Some(text.trim().to_string()),
            _ => {
                self.wrong_type(node, what, "text");
                None
            }
        }
    }

    pub fn spanned_text(&mut self, node: &Node, what: &str) -> Option<Spanned<String>> {
        let loc = self.loc(node);
        self.text(node, what).map(|t| Spanned::new(t, loc))
    }

    /// An identifier (`[a-z0-9][a-z0-9-]*`).
    pub fn id(&mut self, node: &Node, what: &str) -> Option<Spanned<String>> {
        let value = self.spanned_text(node, what)?;
        if is_id(&value.value) {
            Some(value)
        } else {
            let suggestion = suggest_id(&value.value);
            let d = self.error(
                codes::INVALID_ID,
                node,
                format!(
                    "{what} `{}` is not a valid identifier (lower-case letters, digits and `-`, starting with a letter or digit)",
                    value.value
                ),
            );
            if !suggestion.is_empty() {
                d.hint = Some(format!("write it as `{suggestion}`"));
            }
            None
        }
    }

    /// A procedure code (`[0-9A-Za-z][0-9A-Za-z.-]*`).
    pub fn code(&mut self, node: &Node, what: &str) -> Option<Spanned<String>> {
        let value = self.spanned_text(node, what)?;
        if is_code(&value.value) {
            Some(value)
        } else {
            self.error(
                codes::INVALID_CODE,
                node,
                format!(
                    "{what} `{}` is not a valid procedure code (letters, digits, `.` and `-`, such as `1.001193`)",
                    value.value
                ),
            );
            None
        }
    }

    pub fn date(&mut self, node: &Node, what: &str) -> Option<Spanned<Date>> {
        let text = self.text(node, what)?;
        match parse_date(&text) {
            Some(date) => Some(Spanned::new(date, self.loc(node))),
            None => {
                self.error(
                    codes::INVALID_DATE,
                    node,
                    format!("{what} `{text}` is not a valid date"),
                )
                .hint = Some("write dates as YYYY-MM-DD, such as 2024-03-15".into());
                None
            }
        }
    }

    pub fn number(&mut self, node: &Node, what: &str) -> Option<f64> {
        let text = self.text(node, what)?;
        let cleaned: String = text.chars().filter(|c| *c != '_').collect();
        match cleaned.parse::<f64>() {
            Ok(n) if n.is_finite() && n >= 0.0 => Some(n),
            _ => {
                self.error(
                    codes::WRONG_TYPE,
                    node,
                    format!("{what} must be a number of zero or more, found `{text}`"),
                )
                .hint = Some(
                    "write digits only, such as 50000 (no currency, no dots between thousands)"
                        .into(),
                );
                None
            }
        }
    }

    pub fn count(&mut self, node: &Node, what: &str) -> Option<u32> {
        let text = self.text(node, what)?;
        match text.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                self.error(
                    codes::WRONG_TYPE,
                    node,
                    format!("{what} must be a whole number, found `{text}`"),
                );
                None
            }
        }
    }

    /// One of `choices` (written as in YAML), or a diagnostic listing them.
    pub fn choice<T: Copy>(&mut self, node: &Node, what: &str, choices: &[(&str, T)]) -> Option<T> {
        let text = self.text(node, what)?;
        if let Some((_, v)) = choices.iter().find(|(name, _)| *name == text) {
            return Some(*v);
        }
        let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
        let hint = did_you_mean(&text, names.iter().copied())
            .map(|s| format!("did you mean `{s}`?"))
            .unwrap_or_else(|| format!("use one of: {}", names.join(", ")));
        self.error(
            codes::INVALID_VALUE,
            node,
            format!("{what} `{text}` is not one of {}", names.join(", ")),
        )
        .hint = Some(hint);
        None
    }

    /// The items of a list. A single value where a list is expected is a type error.
    pub fn list<'n>(&mut self, node: &'n Node, what: &str) -> &'n [Node] {
        match &node.kind {
            NodeKind::Seq(items) => items,
            NodeKind::Null => &[],
            _ => {
                self.wrong_type(node, what, "a list");
                &[]
            }
        }
    }

    pub fn text_list(&mut self, node: &Node, what: &str) -> Vec<String> {
        let items = self.list(node, what);
        items.iter().filter_map(|n| self.text(n, what)).collect()
    }
}

/// A mapping being read.
pub struct Fields<'n> {
    pub node: &'n Node,
    entries: &'n [(Node, Node)],
}

impl<'n> Fields<'n> {
    /// Reads `node` as a mapping with the given keys; reports unknown and repeated keys.
    /// `what` names the record for messages ("procedure", "decision item").
    pub fn new(ctx: &mut FileCtx, node: &'n Node, what: &str, known: &[&str]) -> Option<Self> {
        let NodeKind::Map(entries) = &node.kind else {
            ctx.wrong_type(node, what, "a mapping of `key: value` lines");
            return None;
        };
        let mut seen: Vec<&str> = Vec::with_capacity(entries.len());
        for (key, _) in entries {
            let Some(name) = key.as_scalar() else {
                ctx.wrong_type(key, "a key", "plain text");
                continue;
            };
            if seen.contains(&name) {
                ctx.error(
                    codes::DUPLICATE_KEY,
                    key,
                    format!("`{name}` is given twice in this {what}"),
                )
                .hint = Some("keep one of them".into());
                continue;
            }
            seen.push(name);
            if !known.contains(&name) {
                let hint = did_you_mean(name, known.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| format!("known keys: {}", known.join(", ")));
                ctx.error(
                    codes::UNKNOWN_KEY,
                    key,
                    format!("unknown key `{name}` in {what}"),
                )
                .hint = Some(hint);
            }
        }
        Some(Fields { node, entries })
    }

    /// The value of `key`, if given and not null.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.as_scalar() == Some(key))
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    }

    /// The value of a required key; reports it missing at the start of the mapping.
    pub fn require(&self, ctx: &mut FileCtx, key: &str, what: &str) -> Option<&'n Node> {
        let value = self.get(key);
        if value.is_none() {
            let given = self.entries.iter().any(|(k, _)| k.as_scalar() == Some(key));
            let message = if given {
                format!("`{key}` of this {what} is empty")
            } else {
                format!("{what} is missing the required key `{key}`")
            };
            ctx.error(codes::MISSING_KEY, self.node, message).hint =
                Some(format!("add `{key}: …`"));
        }
        value
    }

    pub fn text(&self, ctx: &mut FileCtx, key: &str) -> Option<String> {
        self.get(key).and_then(|n| ctx.text(n, &format!("`{key}`")))
    }

    pub fn required_text(&self, ctx: &mut FileCtx, key: &str, what: &str) -> Option<String> {
        self.require(ctx, key, what)
            .and_then(|n| ctx.text(n, &format!("`{key}`")))
    }

    pub fn spanned(&self, ctx: &mut FileCtx, key: &str) -> Option<Spanned<String>> {
        self.get(key)
            .and_then(|n| ctx.spanned_text(n, &format!("`{key}`")))
    }

    pub fn id(&self, ctx: &mut FileCtx, key: &str) -> Option<Spanned<String>> {
        self.get(key).and_then(|n| ctx.id(n, &format!("`{key}`")))
    }

    pub fn required_id(&self, ctx: &mut FileCtx, key: &str, what: &str) -> Option<Spanned<String>> {
        self.require(ctx, key, what)
            .and_then(|n| ctx.id(n, &format!("`{key}`")))
    }

    /// The list under `key`, each item read by `read` (items it can't read are
    /// left out, their problems reported); empty when the key is absent.
    pub fn records<T>(
        &self,
        ctx: &mut FileCtx,
        key: &str,
        mut read: impl FnMut(&mut FileCtx, &Node) -> Option<T>,
    ) -> Vec<T> {
        let Some(node) = self.get(key) else {
            return Vec::new();
        };
        let items = ctx.list(node, &format!("`{key}`"));
        items.iter().filter_map(|item| read(ctx, item)).collect()
    }

    pub fn text_list(&self, ctx: &mut FileCtx, key: &str) -> Vec<String> {
        match self.get(key) {
            Some(n) => ctx.text_list(n, &format!("`{key}`")),
            None => Vec::new(),
        }
    }

    /// A list of identifiers; a single identifier is accepted as a list of one.
    pub fn id_list(&self, ctx: &mut FileCtx, key: &str) -> Vec<Spanned<String>> {
        let what = format!("an item of `{key}`");
        match self.get(key) {
            None => Vec::new(),
            Some(n) if n.as_scalar().is_some() => ctx.id(n, &what).into_iter().collect(),
            Some(n) => {
                let items = ctx.list(n, &format!("`{key}`"));
                items.iter().filter_map(|i| ctx.id(i, &what)).collect()
            }
        }
    }
}

pub fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

pub fn is_code(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

/// A valid identifier close to `s`: folded, lower case, spaces and `_` as `-`.
fn suggest_id(s: &str) -> String {
    let folded = crate::text::fold(s);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if (c == '-' || c == '_' || c.is_whitespace())
            && !out.is_empty()
            && !out.ends_with('-')
        {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// `YYYY-MM-DD`, exactly.
pub fn parse_date(s: &str) -> Option<Date> {
    let bytes = s.as_bytes();
    let shape = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shape {
        return None;
    }
    Date::parse_from_str(s, "%Y-%m-%d").ok()
}

/// The candidate closest to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .filter(|c| c.len().abs_diff(word.len()) <= limit)
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_and_codes_have_their_forms() {
        assert!(is_id("hai-duong"));
        assert!(!is_id("../../etc"));
        assert!(!is_id("Hai-Duong"));
        assert!(is_code("1.001193"));
        assert!(!is_code(".1"));
        assert!(!is_code("1/2"));
    }

    #[test]
    fn dates_must_be_year_month_day() {
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2023-02-29").is_none());
        assert!(parse_date("2024-3-1").is_none());
        assert!(parse_date("15/03/2024").is_none());
    }

    #[test]
    fn typos_get_a_suggestion() {
        assert_eq!(did_you_mean("secotr", ["sector", "name"]), Some("sector"));
        assert_eq!(did_you_mean("xyz", ["sector", "name"]), None);
    }

    #[test]
    fn an_invalid_id_gets_a_valid_suggestion() {
        assert_eq!(suggest_id("Hải Dương"), "hai-duong");
    }
}
