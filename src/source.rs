//! Where a value came from: a file of the catalogue and a line and column in it.

use std::fmt;
use std::sync::Arc;

/// A position in a catalogue file. `path` is relative to the catalogue folder and
/// uses `/` separators, so diagnostics read the same on every machine.
/// Lines and columns count from 1; 0 means "the file as a whole".
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub path: Arc<str>,
    pub line: u32,
    pub col: u32,
}

impl Loc {
    pub fn new(path: Arc<str>, line: u32, col: u32) -> Self {
        Loc { path, line, col }
    }

    /// The file itself, without a position inside it.
    pub fn file(path: Arc<str>) -> Self {
        Loc {
            path,
            line: 0,
            col: 0,
        }
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.path)
        } else {
            write!(f, "{}:{}:{}", self.path, self.line, self.col)
        }
    }
}

/// A value and the place it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub loc: Loc,
}

impl<T> Spanned<T> {
    pub fn new(value: T, loc: Loc) -> Self {
        Spanned { value, loc }
    }
}

impl Spanned<String> {
    pub fn as_str(&self) -> &str {
        &self.value
    }
}
