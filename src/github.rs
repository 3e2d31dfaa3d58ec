//! `--format github`: each diagnostic as a GitHub Actions workflow command
//! (`::error file=…,line=…,col=…,title=CODE::message`), which GitHub shows as an
//! annotation on that line of a pull request. File paths are relative to the
//! repository root, as GitHub expects, whatever folder procat ran in.

use crate::diagnostic::{Diagnostic, Severity};
use std::path::{Path, PathBuf};

/// How the paths of diagnostics (relative to the catalogue, or `./…` relative to
/// the current folder for the theme) become paths from the repository root.
#[derive(Clone, Debug)]
pub struct Paths {
    /// The catalogue from the root, with a trailing `/` unless empty.
    catalogue: String,
    /// The current folder from the root, likewise.
    current: String,
}

impl Paths {
    /// For the catalogue at `catalogue` and the current folder `cwd`. The root is
    /// the git repository holding the catalogue; outside any repository, paths
    /// are given from the current folder.
    pub fn new(catalogue: &Path, cwd: &Path) -> Paths {
        let cwd_real = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
        let catalogue_real =
            std::fs::canonicalize(cwd.join(catalogue)).unwrap_or_else(|_| cwd_real.join(catalogue));
        let root = crate::locate::repository_root(&catalogue_real).unwrap_or(cwd_real.clone());
        Paths {
            catalogue: from(&root, &catalogue_real),
            current: from(&root, &cwd_real),
        }
    }

    /// Where the file a diagnostic names is, from the root; `None` for files with
    /// no place in the repository (the built-in theme).
    pub fn file(&self, path: &str) -> Option<String> {
        if path.starts_with('(') {
            return None;
        }
        let (prefix, rest) = match path.strip_prefix("./") {
            Some(rest) => (&self.current, rest),
            None if path == "." => (&self.catalogue, ""),
            None => (&self.catalogue, path),
        };
        let joined = format!("{prefix}{rest}");
        let joined = joined.trim_end_matches('/');
        (!joined.is_empty()).then(|| joined.to_string())
    }
}

/// `path` from `root`, `/`-separated, ending in `/` unless empty; the whole
/// path when it is not under `root`.
fn from(root: &Path, path: &Path) -> String {
    let relative: PathBuf = match path.strip_prefix(root) {
        Ok(rel) => rel.to_path_buf(),
        Err(_) => path.to_path_buf(),
    };
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let mut joined = parts.join("/").replace("//", "/");
    if !joined.is_empty() && !joined.ends_with('/') {
        joined.push('/');
    }
    joined
}

/// One workflow command for `d`, with the hint after the message.
pub fn annotation(d: &Diagnostic, paths: &Paths) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let file = paths.file(&d.loc.path);
    let mut properties = Vec::new();
    if let Some(file) = &file {
        properties.push(format!("file={}", escape_property(file)));
        if d.loc.line > 0 {
            properties.push(format!("line={}", d.loc.line));
            if d.loc.col > 0 {
                properties.push(format!("col={}", d.loc.col));
            }
        }
    }
    properties.push(format!("title={}", escape_property(d.code)));
    let mut message = match file {
        Some(_) => d.message.clone(),
        None => format!("{}: {}", d.loc, d.message),
    };
    if let Some(hint) = &d.hint {
        message.push_str("\nhint: ");
        message.push_str(hint);
    }
    format!(
        "::{command} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// A command for a problem that stopped procat before any diagnostic (exit 2).
pub fn fatal(message: &str) -> String {
    format!("::error title=procat::{}", escape_data(message))
}

/// GitHub's escaping of a command's message.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// GitHub's escaping of a property value: the message's, and `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Loc;
    use std::sync::Arc;

    fn paths() -> Paths {
        Paths {
            catalogue: "content/".into(),
            current: String::new(),
        }
    }

    #[test]
    fn an_error_names_its_file_from_the_root_its_line_and_column_and_its_hint() {
        let d = Diagnostic::error(
            "E201",
            Loc::new(Arc::from("procedures/a,b:c.md"), 4, 1),
            "unknown key `secotr` in procedure: 100% sure\r\nnext",
        )
        .with_hint("did you mean `sector`?");
        assert_eq!(
            annotation(&d, &paths()),
            "::error file=content/procedures/a%2Cb%3Ac.md,line=4,col=1,title=E201::\
             unknown key `secotr` in procedure: 100%25 sure%0D%0Anext%0Ahint: did you mean `sector`?"
        );
    }

    #[test]
    fn a_whole_file_warning_has_no_line_and_the_built_in_theme_no_file() {
        let d = Diagnostic::warning("W405", Loc::file(Arc::from("agencies/x.pdf")), "ignored");
        assert_eq!(
            annotation(&d, &paths()),
            "::warning file=content/agencies/x.pdf,title=W405::ignored"
        );
        let d = Diagnostic::error(
            "E100",
            Loc::new(Arc::from("(built-in theme)/templates/base.html"), 3, 2),
            "broken",
        );
        assert_eq!(
            annotation(&d, &paths()),
            "::error title=E100::(built-in theme)/templates/base.html:3:2: broken"
        );
        assert_eq!(
            paths().file("./themes/x/a.html").as_deref(),
            Some("themes/x/a.html")
        );
        assert_eq!(paths().file(".").as_deref(), Some("content"));
    }
}
