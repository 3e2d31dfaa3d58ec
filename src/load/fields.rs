//! Reading typed values out of a YAML mapping, reporting every problem with its line.
//!
//! A [`Fields`] wraps one mapping. Each getter takes a key, records that the key is
//! known, and converts the value, pushing a diagnostic when it can't. Unknown keys
//! and keys given twice are reported when the reader is created, missing required
//! keys one diagnostic per key.

use super::definitions::Record;
use crate::diagnostic::Diagnostic;
use crate::model::Date;
use crate::source::{Loc, Spanned};
use crate::yaml::{Node, NodeKind};
use std::sync::Arc;

pub mod codes {
    pub const IO: &str = "E001";
    pub const INVALID_UTF8: &str = "E002";
    pub const TOO_LARGE: &str = "E003";
    pub const NAME_NOT_UTF8: &str = "E004";
    pub const SYNTAX: &str = "E100";
    pub const FRONT_MATTER: &str = "E101";
    pub const MARKDOWN_TOO_DEEP: &str = "E102";
    pub const MISSING_KEY: &str = "E200";
    pub const UNKNOWN_KEY: &str = "E201";
    pub const WRONG_TYPE: &str = "E202";
    pub const INVALID_VALUE: &str = "E203";
    pub const INVALID_DATE: &str = "E204";
    pub const INVALID_ID: &str = "E205";
    pub const INVALID_CODE: &str = "E206";
    pub const DUPLICATE_KEY: &str = "E207";
    pub const CONTROL_CHARACTER: &str = "E208";
    pub const MISNAMED_RECORD: &str = "E209";
    pub const MISSING_FILE: &str = "E210";
    pub const NAME_TOO_LONG: &str = "E213";
    pub const INVALID_URL: &str = "E214";
    pub const VALUE_TOO_LONG: &str = "E216";
    pub const TOO_MANY_ITEMS: &str = "E217";
    pub const THOUSANDS_SEPARATOR: &str = "E218";
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
    pub const SAME_BUT_FOR_CASE: &str = "E310";
    pub const RESERVED_NAME: &str = "E311";
    pub const UNANNOUNCED: &str = "W401";
    pub const NOT_IN_FORCE: &str = "W402";
    pub const EFFECTIVE_BEFORE_SIGNED: &str = "W403";
    pub const SYMLINK_OUTSIDE: &str = "W404";
    pub const IGNORED_FILE: &str = "W405";
    pub const ACTIVE_CONTENT: &str = "W406";
    pub const NOT_A_FILE: &str = "W407";
    pub const LINK_TO_FOLDER_READ: &str = "W408";
    pub const CUT_BY_COMMENT: &str = "W409";
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

/// Names and titles (of procedures, localities, sectors, agencies, decisions and
/// the site) and the site description, in characters: they are repeated on many
/// pages (every commune page lists procedure names; every page shows the site's).
pub const MAX_NAME_CHARS: usize = 500;
/// Any other single value, in bytes (about 5,000 Vietnamese words).
pub const MAX_TEXT_BYTES: usize = 16 * 1024;
/// Markdown text (a procedure's or decision's body, `conditions`), in bytes.
pub const MAX_MARKDOWN_BYTES: usize = 1024 * 1024;
/// Items of a list inside one record (channels, fees, dossier items, legal
/// basis, applicants, keywords, agencies, ...).
pub const MAX_LIST_ITEMS: usize = 1_000;
/// Items of each list of a decision (`new`, `amended`, `replaced`,
/// `abolished`): one decision may announce a whole province's catalogue.
pub const MAX_DECISION_ITEMS: usize = 10_000;

/// How long a text value may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextLimit {
    /// At most [`MAX_NAME_CHARS`] characters.
    Name,
    /// At most [`MAX_TEXT_BYTES`].
    Text,
    /// At most [`MAX_MARKDOWN_BYTES`], and nested at most
    /// [`crate::render::markdown::MAX_NESTING`] levels deep.
    Markdown,
}

fn human_size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    }
}

/// Where diagnostics of one file go.
pub struct FileCtx {
    pub path: Arc<str>,
    pub diagnostics: Vec<Diagnostic>,
    /// Plain values followed by a comment on their line (see
    /// [`crate::load::comments`]): where each starts, and the comment.
    pub cut_by_comment: Vec<(u32, u32, String)>,
}

/// What a number counts, which decides how it is read and what a hint says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// A fee's `amount`, in its currency.
    Money,
    /// `processing_days`, in working days.
    Days,
}

impl FileCtx {
    pub fn new(path: Arc<str>) -> Self {
        FileCtx {
            path,
            diagnostics: Vec::new(),
            cut_by_comment: Vec::new(),
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

    /// A scalar's text (at most [`MAX_TEXT_BYTES`]), or a diagnostic.
    pub fn text(&mut self, node: &Node, what: &str) -> Option<String> {
        self.text_up_to(node, what, TextLimit::Text)
    }

    /// A scalar's text within `limit`, or a diagnostic. Markdown nested too deep
    /// is reported (E102) but kept, so the record still loads.
    pub fn text_up_to(&mut self, node: &Node, what: &str, limit: TextLimit) -> Option<String> {
        let NodeKind::Scalar { text, .. } = &node.kind else {
            self.wrong_type(node, what, "text");
            return None;
        };
        let text = text.trim();
        if !self.within_limit(node, what, text, limit) {
            return None;
        }
        if limit == TextLimit::Markdown {
            self.markdown_depth(node, what, text, None);
        }
        Some(text.to_string())
    }

    /// Whether `text` (the value of `node`) is within `limit`; if not, an E216.
    pub fn within_limit(&mut self, node: &Node, what: &str, text: &str, limit: TextLimit) -> bool {
        let (too_long, size, max, hint) = match limit {
            TextLimit::Name => {
                // Counting characters only matters past the byte count.
                let too_long = text.len() > MAX_NAME_CHARS && text.chars().count() > MAX_NAME_CHARS;
                (
                    too_long,
                    format!("{} characters", text.chars().count()),
                    format!("{MAX_NAME_CHARS} characters"),
                    "a name is shown in lists on many pages: keep it to a line or two, and put details in the text",
                )
            }
            TextLimit::Text => (
                text.len() > MAX_TEXT_BYTES,
                human_size(text.len()),
                human_size(MAX_TEXT_BYTES),
                "shorten it; long explanations belong in the Markdown text (the body or `conditions`), documents in `files/`",
            ),
            TextLimit::Markdown => (
                text.len() > MAX_MARKDOWN_BYTES,
                human_size(text.len()),
                human_size(MAX_MARKDOWN_BYTES),
                "shorten it; put long documents in `files/` and link to them",
            ),
        };
        if too_long {
            self.error(
                codes::VALUE_TOO_LONG,
                node,
                format!("{what} is {size} long; it may be at most {max}"),
            )
            .hint = Some(hint.into());
        }
        !too_long
    }

    /// Reports Markdown nested past the limit (E102) at its line: `first_line`
    /// is the line `text` starts on when it is a whole file's body; inside a
    /// YAML value the value's own line is given.
    pub fn markdown_depth(&mut self, node: &Node, what: &str, text: &str, first_line: Option<u32>) {
        use crate::render::markdown::{MAX_NESTING, first_too_deep};
        let Some(offset) = first_too_deep(text) else {
            return;
        };
        let mut at = node.clone();
        if let Some(first_line) = first_line {
            let before = &text[..offset];
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            at.line = first_line + before.bytes().filter(|b| *b == b'\n').count() as u32;
            at.col = before[line_start..].chars().count() as u32 + 1;
        }
        self.error(
            codes::MARKDOWN_TOO_DEEP,
            &at,
            format!(
                "{what} nests block quotes, lists or emphasis more than {MAX_NESTING} levels deep"
            ),
        )
        .hint = Some(
            "editors' text needs a few levels at most; check the `>`, `-` and `*` at the starts of these lines".into(),
        );
    }

    /// A name or title (at most [`MAX_NAME_CHARS`] characters), or a diagnostic.
    pub fn name(&mut self, node: &Node, what: &str) -> Option<String> {
        self.text_up_to(node, what, TextLimit::Name)
    }

    /// A text meant for readers (a name, a note, a description): [`FileCtx::text`],
    /// with a warning when an unquoted value is cut short by ` #` (a YAML comment),
    /// since the rest of the line would silently go unpublished.
    pub fn prose(&mut self, node: &Node, what: &str) -> Option<String> {
        self.prose_up_to(node, what, TextLimit::Text)
    }

    /// [`FileCtx::prose`] within `limit`.
    pub fn prose_up_to(&mut self, node: &Node, what: &str, limit: TextLimit) -> Option<String> {
        let text = self.text_up_to(node, what, limit)?;
        let cut = self
            .cut_by_comment
            .iter()
            .find(|(line, col, _)| *line == node.line && *col == node.col);
        if let Some((_, _, comment)) = cut {
            let loc = self.loc(node);
            // As YAML writes it between double quotes.
            let whole = format!("{text} {comment}")
                .replace('\\', "\\\\")
                .replace('"', "\\\"");
            self.diagnostics.push(
                Diagnostic::warning(
                    codes::CUT_BY_COMMENT,
                    loc,
                    format!(
                        "{what} ends before ` #`: YAML reads `{comment}` as a comment, so it is not part of the value and is not published"
                    ),
                )
                .with_hint(format!(
                    "if it belongs to the text, put the whole value in double quotes: \"{whole}\"; if it is a note for editors, move it to a line of its own"
                )),
            );
        }
        Some(text)
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

    /// An absolute `http(s)` URL ([`crate::model::is_url`]), or a diagnostic.
    pub fn url(&mut self, node: &Node, what: &str) -> Option<String> {
        let text = self.text(node, what)?;
        if crate::model::is_url(&text) {
            return Some(text);
        }
        self.error(
            codes::INVALID_URL,
            node,
            format!("{what} `{text}` is not an absolute http(s) URL"),
        )
        .hint = Some(crate::model::url_hint(&text));
        None
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

    /// A number of zero or more (`_` may group digits), any quantity.
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
                .hint = Some("write digits only, such as 12".into());
                None
            }
        }
    }

    /// A fee's amount or a number of days: [`FileCtx::number`], refusing digits grouped
    /// by thousands (`15.000`, which YAML would read as 15; `1.500.000`; `15,000`),
    /// with hints that speak of what the field counts.
    pub fn quantity(&mut self, node: &Node, what: &str, quantity: Quantity) -> Option<f64> {
        let text = self.text(node, what)?;
        if let Some(digits) = grouped_thousands(&text) {
            // `15.000` is a valid decimal number: say what it would silently become.
            let reading = match text.parse::<f64>() {
                Ok(n) => format!(", which would be read as {n}, not {digits}"),
                Err(_) => String::new(),
            };
            let hint = match quantity {
                Quantity::Money => format!("write the amount without separators: `{digits}`"),
                Quantity::Days => format!(
                    "write the number of working days without separators: `{digits}` (a dot may only start a fraction, as in 1.5)"
                ),
            };
            self.error(
                codes::THOUSANDS_SEPARATOR,
                node,
                format!("{what} `{text}` groups its digits by thousands{reading}"),
            )
            .hint = Some(hint);
            return None;
        }
        let cleaned: String = text.chars().filter(|c| *c != '_').collect();
        match cleaned.parse::<f64>() {
            Ok(n) if n.is_finite() && n >= 0.0 => Some(n),
            _ => {
                let (expected, hint) = match quantity {
                    Quantity::Money => (
                        "an amount of zero or more",
                        "write the amount in digits only, such as 50000: no currency (it goes in `currency`), no dots between thousands".to_string(),
                    ),
                    Quantity::Days => (
                        "a number of working days",
                        "write the number of working days in digits only, such as 3; wording such as `03 ngày làm việc` belongs in `processing_time`".to_string(),
                    ),
                };
                self.error(
                    codes::WRONG_TYPE,
                    node,
                    format!("{what} must be {expected}, found `{text}`"),
                )
                .hint = Some(hint);
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
                )
                .hint = Some("write a whole number in digits, such as 1".into());
                None
            }
        }
    }

    /// One of `names` (written as in YAML, from a table of [`super::definitions`]),
    /// as the value at the same place in `values`, or a diagnostic listing them.
    pub fn choice<T: Copy>(
        &mut self,
        node: &Node,
        what: &str,
        names: &[&str],
        values: &[T],
    ) -> Option<T> {
        let text = self.text(node, what)?;
        if let Some(i) = names.iter().position(|name| *name == text) {
            return values.get(i).copied();
        }
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

    /// The items of a list (at most [`MAX_LIST_ITEMS`]). A single value where a
    /// list is expected is a type error.
    pub fn list<'n>(&mut self, node: &'n Node, what: &str) -> &'n [Node] {
        self.list_up_to(node, what, MAX_LIST_ITEMS)
    }

    /// The items of a list of at most `max` items; a longer list is reported
    /// (E217) and read as empty, so its items are not checked one by one.
    pub fn list_up_to<'n>(&mut self, node: &'n Node, what: &str, max: usize) -> &'n [Node] {
        match &node.kind {
            NodeKind::Seq(items) if items.len() > max => {
                self.error(
                    codes::TOO_MANY_ITEMS,
                    node,
                    format!(
                        "{what} has {} items; it may have at most {max}",
                        items.len()
                    ),
                )
                .hint = Some("split it, or check that it holds what you meant".into());
                &[]
            }
            NodeKind::Seq(items) => items,
            NodeKind::Null => &[],
            _ => {
                self.wrong_type(node, what, "a list");
                &[]
            }
        }
    }

    /// A list of texts for readers ([`FileCtx::prose`]).
    pub fn text_list(&mut self, node: &Node, what: &str) -> Vec<String> {
        let items = self.list(node, what);
        items.iter().filter_map(|n| self.prose(n, what)).collect()
    }
}

/// A mapping being read, with the keys its [`Record`] table allows.
pub struct Fields<'n> {
    pub node: &'n Node,
    entries: &'n [(Node, Node)],
    record: &'static Record,
}

impl<'n> Fields<'n> {
    /// Reads `node` as a mapping of the keys of `record`; reports unknown and
    /// repeated keys, and each required key that is missing or empty.
    /// `what` names the record in messages ("procedure", "an item of `new`").
    pub fn new(
        ctx: &mut FileCtx,
        node: &'n Node,
        what: &str,
        record: &'static Record,
    ) -> Option<Self> {
        Self::named(ctx, node, (what, what), record)
    }

    /// [`Fields::new`], naming the record one way in messages about the keys it
    /// holds and another in messages about the keys it lacks (`site.yaml`).
    pub fn named(
        ctx: &mut FileCtx,
        node: &'n Node,
        (what, lacking): (&str, &str),
        record: &'static Record,
    ) -> Option<Self> {
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
            if record.field(name).is_none() {
                let hint = did_you_mean(name, record.keys())
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| {
                        format!(
                            "known keys: {}",
                            record.keys().collect::<Vec<_>>().join(", ")
                        )
                    });
                ctx.error(
                    codes::UNKNOWN_KEY,
                    key,
                    format!("unknown key `{name}` in {what}"),
                )
                .hint = Some(hint);
            }
        }
        let fields = Fields {
            node,
            entries,
            record,
        };
        for key in record.fields.iter().filter(|f| f.required).map(|f| f.key) {
            if fields.get(key).is_some() {
                continue;
            }
            let given = entries.iter().any(|(k, _)| k.as_scalar() == Some(key));
            let message = if given {
                format!("`{key}` of this {lacking} is empty")
            } else {
                format!("{lacking} is missing the required key `{key}`")
            };
            ctx.error(codes::MISSING_KEY, node, message).hint = Some(format!("add `{key}: …`"));
        }
        Some(fields)
    }

    /// The value of `key`, if given and not null. A required key that is not
    /// given was reported when the mapping was read.
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        debug_assert!(
            self.record.field(key).is_some(),
            "`{key}` is read but not in the table of {}",
            self.record.title
        );
        self.entries
            .iter()
            .find(|(k, _)| k.as_scalar() == Some(key))
            .map(|(_, v)| v)
            .filter(|v| !v.is_null())
    }

    pub fn text(&self, ctx: &mut FileCtx, key: &str) -> Option<String> {
        self.get(key)
            .and_then(|n| ctx.prose(n, &format!("`{key}`")))
    }

    /// A text value of at most `limit`, if given.
    pub fn text_up_to(&self, ctx: &mut FileCtx, key: &str, limit: TextLimit) -> Option<String> {
        self.get(key)
            .and_then(|n| ctx.text_up_to(n, &format!("`{key}`"), limit))
    }

    /// A name or title for readers ([`MAX_NAME_CHARS`]), if given.
    pub fn name(&self, ctx: &mut FileCtx, key: &str) -> Option<String> {
        self.get(key)
            .and_then(|n| ctx.prose_up_to(n, &format!("`{key}`"), TextLimit::Name))
    }

    pub fn spanned(&self, ctx: &mut FileCtx, key: &str) -> Option<Spanned<String>> {
        self.get(key)
            .and_then(|n| ctx.spanned_text(n, &format!("`{key}`")))
    }

    pub fn id(&self, ctx: &mut FileCtx, key: &str) -> Option<Spanned<String>> {
        self.get(key).and_then(|n| ctx.id(n, &format!("`{key}`")))
    }

    /// The list under `key`, each item read by `read` (items it can't read are
    /// left out, their problems reported); empty when the key is absent.
    pub fn records<T>(
        &self,
        ctx: &mut FileCtx,
        key: &str,
        read: impl FnMut(&mut FileCtx, &Node) -> Option<T>,
    ) -> Vec<T> {
        self.records_up_to(ctx, key, MAX_LIST_ITEMS, read)
    }

    /// [`Fields::records`] of a list of at most `max` items.
    pub fn records_up_to<T>(
        &self,
        ctx: &mut FileCtx,
        key: &str,
        max: usize,
        mut read: impl FnMut(&mut FileCtx, &Node) -> Option<T>,
    ) -> Vec<T> {
        let Some(node) = self.get(key) else {
            return Vec::new();
        };
        let items = ctx.list_up_to(node, &format!("`{key}`"), max);
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

/// The longest identifier or procedure code, in bytes. Each names a folder of the
/// site (`procedures/CODE/`), and file systems refuse names past 255 bytes; 100
/// leaves room for what hosts and archives add, and no real code comes close.
pub const MAX_NAME_BYTES: usize = 100;

/// Why `name` can't be a file or folder name on Windows, if it can't: a device
/// name (`CON`, `PRN`, `AUX`, `NUL`, `COM0`–`COM9`, `LPT0`–`LPT9`, in any case,
/// also followed by an extension such as `con.pdf`), or a name ending in `.` or
/// a space (Windows drops those, so `1.` and `1` would be one folder).
pub fn unusable_on_windows(name: &str) -> Option<&'static str> {
    if name.ends_with('.') || name.ends_with(' ') {
        return Some("ends in a dot or a space, which Windows drops from names");
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let upper = stem.to_ascii_uppercase();
    let device = matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((upper.starts_with("COM") || upper.starts_with("LPT"))
            && upper.chars().count() == 4
            && upper
                .chars()
                .nth(3)
                .is_some_and(|c| c.is_ascii_digit() || matches!(c, '¹' | '²' | '³')));
    device.then_some("is a device name on Windows (like CON, PRN, AUX, NUL, COM1, LPT1)")
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
pub fn suggest_id(s: &str) -> String {
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

/// The digits of `text` when it groups them by thousands with one separator
/// (`.`, `,` or a space) throughout: `15.000`, `1.500.000`, `15,000`, `15 000`.
pub fn grouped_thousands(text: &str) -> Option<String> {
    let separator = text.chars().find(|c| matches!(c, '.' | ',' | ' '))?;
    let mut groups = text.split(separator);
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    let grouped = (1..=3).contains(&first.len())
        && digits(first)
        && !rest.is_empty()
        && rest.iter().all(|g| g.len() == 3 && digits(g));
    grouped.then(|| text.chars().filter(char::is_ascii_digit).collect())
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
    fn device_names_and_trailing_dots_are_unusable_on_windows() {
        for name in [
            "con",
            "CON",
            "Aux",
            "nul.pdf",
            "com1",
            "LPT9.tar.gz",
            "1.",
            "a ",
        ] {
            assert!(unusable_on_windows(name).is_some(), "{name}");
        }
        for name in ["cong", "console", "com10", "lpt", "1.001193", "a.con", "x"] {
            assert!(unusable_on_windows(name).is_none(), "{name}");
        }
    }

    #[test]
    fn dates_must_be_year_month_day() {
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2023-02-29").is_none());
        assert!(parse_date("2024-3-1").is_none());
        assert!(parse_date("15/03/2024").is_none());
    }

    #[test]
    fn digits_grouped_by_thousands_are_recognised() {
        assert_eq!(grouped_thousands("15.000").as_deref(), Some("15000"));
        assert_eq!(grouped_thousands("1.500.000").as_deref(), Some("1500000"));
        assert_eq!(grouped_thousands("15,000").as_deref(), Some("15000"));
        assert_eq!(grouped_thousands("15 000").as_deref(), Some("15000"));
        for plain in [
            "15000",
            "1.5",
            "0.25",
            "12.50",
            "1.5000",
            "1234.000",
            "1.500,000",
            "a.000",
        ] {
            assert_eq!(grouped_thousands(plain), None, "{plain}");
        }
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
