//! Problems found in a catalogue, and how they are printed.

use crate::source::Loc;
use serde::Serialize;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem: what, where, and (where it helps) what to do.
/// `code` is stable (see the README's table), e.g. `E101`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: &'static str,
    pub loc: Loc,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            loc,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(code: &'static str, loc: Loc, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code,
            loc,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// One JSON object on one line, for CI annotation tools.
    pub fn to_json_line(&self) -> String {
        #[derive(Serialize)]
        struct Line<'a> {
            path: &'a str,
            line: u32,
            column: u32,
            severity: Severity,
            code: &'a str,
            message: &'a str,
            hint: Option<&'a str>,
        }
        let line = Line {
            path: &self.loc.path,
            line: self.loc.line,
            column: self.loc.col,
            severity: self.severity,
            code: self.code,
            message: &self.message,
            hint: self.hint.as_deref(),
        };
        serde_json::to_string(&line).unwrap_or_default()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // `path:line:column:` even for whole-file problems, so tools can parse every line.
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.loc.path,
            self.loc.line.max(1),
            self.loc.col.max(1),
            kind,
            self.code,
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Sorts diagnostics by file, line and column, errors before warnings at the same place,
/// and drops exact repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.loc, a.severity, a.code, &a.message).cmp(&(&b.loc, b.severity, b.code, &b.message))
    });
    diagnostics.dedup();
}
