//! Load: a catalogue folder in, typed records and the problems met on the way out.
//!
//! Files are found with walkdir, then read and parsed in parallel; the results are
//! merged in path order so the same folder always gives the same catalogue.

pub mod fields;
mod records;

use crate::diagnostic::Diagnostic;
use crate::model::*;
use crate::source::Loc;
use crate::yaml;
use fields::{FileCtx, codes};
use rayon::prelude::*;
use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Record files larger than this are refused (a procedure is a few kilobytes).
pub const MAX_RECORD_BYTES: u64 = 8 * 1024 * 1024;

/// A problem that stops loading altogether (exit code 2).
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for LoadError {}

pub struct Loaded {
    pub catalogue: Catalogue,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Site,
    Localities,
    Sectors,
    Agency,
    Procedure { markdown: bool },
    Decision { markdown: bool },
}

struct Found {
    /// Relative, `/`-separated.
    rel: Arc<str>,
    abs: PathBuf,
    kind: Kind,
}

#[derive(Default)]
struct Parsed {
    site: Option<Site>,
    localities: Vec<Locality>,
    sectors: Vec<Sector>,
    agency: Option<Agency>,
    procedure: Option<Procedure>,
    decision: Option<Decision>,
    diagnostics: Vec<Diagnostic>,
    /// The file had errors and its record (or its whole list) was dropped.
    dropped: bool,
    /// Ids of list items that were dropped.
    dropped_ids: Vec<String>,
}

/// What to load.
#[derive(Clone, Copy, Debug)]
pub struct LoadOptions {
    /// Keep the Markdown bodies of procedures and decisions (`procat check`
    /// doesn't need them; a build does).
    pub bodies: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { bodies: true }
    }
}

/// Loads the catalogue at `root`. Problems in files become diagnostics; only a
/// missing folder or an unreadable file is a [`LoadError`].
pub fn load(root: &Path) -> Result<Loaded, LoadError> {
    load_with(root, LoadOptions::default())
}

/// [`load`], choosing what to keep.
pub fn load_with(root: &Path, options: LoadOptions) -> Result<Loaded, LoadError> {
    let meta = std::fs::metadata(root).map_err(|e| LoadError {
        path: root.to_path_buf(),
        message: format!("cannot open the catalogue folder: {e}"),
    })?;
    if !meta.is_dir() {
        return Err(LoadError {
            path: root.to_path_buf(),
            message: "is not a folder (give the catalogue folder, such as `content`)".into(),
        });
    }
    let mut diagnostics = Vec::new();
    let mut files = std::collections::BTreeSet::new();
    let found = walk(root, &mut files, &mut diagnostics)?;

    let parsed: Vec<Result<Parsed, LoadError>> = found
        .par_iter()
        .map(|f| parse_file(f, options.bodies))
        .collect();

    let mut catalogue = Catalogue {
        root: root.to_path_buf(),
        files,
        ..Catalogue::default()
    };
    for (result, file) in parsed.into_iter().zip(&found) {
        let p = result?;
        if p.dropped {
            let stem = Path::new(&*file.rel)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let unloaded = &mut catalogue.unloaded;
            match file.kind {
                Kind::Localities => unloaded.all_localities = true,
                Kind::Sectors => unloaded.all_sectors = true,
                Kind::Agency | Kind::Procedure { .. } => {
                    unloaded.ids.insert(stem);
                }
                Kind::Decision { .. } => unloaded.decisions = true,
                Kind::Site => {}
            }
        }
        catalogue.unloaded.ids.extend(p.dropped_ids);
        diagnostics.extend(p.diagnostics);
        if p.site.is_some() {
            catalogue.site = p.site;
        }
        catalogue.localities.extend(p.localities);
        catalogue.sectors.extend(p.sectors);
        catalogue.agencies.extend(p.agency);
        catalogue.procedures.extend(p.procedure);
        catalogue.decisions.extend(p.decision);
    }
    for (name, kind) in [
        ("site.yaml", Kind::Site),
        ("localities.yaml", Kind::Localities),
        ("sectors.yaml", Kind::Sectors),
    ] {
        if !found.iter().any(|f| f.kind == kind) {
            diagnostics.push(
                Diagnostic::error(
                    codes::MISSING_FILE,
                    Loc::file(Arc::from(name)),
                    format!("the catalogue has no `{name}`"),
                )
                .with_hint(format!(
                    "create `{name}` at the top of the catalogue folder"
                )),
            );
        }
    }
    // Stable order whatever the walk order: codes and slugs, ties by file.
    catalogue
        .procedures
        .sort_by(|a, b| (&a.code.value, &a.loc).cmp(&(&b.code.value, &b.loc)));
    catalogue
        .decisions
        .sort_by(|a, b| (&a.slug.value, &a.loc).cmp(&(&b.slug.value, &b.loc)));
    catalogue
        .agencies
        .sort_by(|a, b| (&a.id.value, &a.loc).cmp(&(&b.id.value, &b.loc)));
    Ok(Loaded {
        catalogue,
        diagnostics,
    })
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.') || name.starts_with('_')
}

fn rel_string(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Finds the catalogue's files. Symbolic links are followed only while they stay
/// inside the catalogue; one that leads outside gets a warning and is skipped.
fn walk(
    root: &Path,
    files: &mut std::collections::BTreeSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<Found>, LoadError> {
    let canonical_root = std::fs::canonicalize(root).map_err(|e| LoadError {
        path: root.to_path_buf(),
        message: format!("cannot open the catalogue folder: {e}"),
    })?;
    let mut found = Vec::new();
    let mut outside = Vec::new();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() > 0 && is_hidden(e.file_name()) {
                return false;
            }
            if e.path_is_symlink() {
                let inside = std::fs::canonicalize(e.path())
                    .map(|target| target.starts_with(&canonical_root))
                    .unwrap_or(false);
                if !inside {
                    outside.push(rel_string(root, e.path()));
                    return false;
                }
            }
            true
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| root.to_path_buf());
                if e.loop_ancestor().is_some() {
                    diagnostics.push(Diagnostic::warning(
                        codes::SYMLINK_OUTSIDE,
                        Loc::file(Arc::from(rel_string(root, &path))),
                        "this symbolic link leads back into a folder above it; it is not followed",
                    ));
                    continue;
                }
                return Err(LoadError {
                    path,
                    message: format!("cannot read: {e}"),
                });
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = rel_string(root, entry.path());
        let mut parts = rel.split('/');
        let top = parts.next().unwrap_or("");
        let nested = rel.contains('/');
        let ext = entry
            .path()
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        let kind = match (top, nested, ext.as_str()) {
            ("site.yaml", false, _) => Some(Kind::Site),
            ("localities.yaml", false, _) => Some(Kind::Localities),
            ("sectors.yaml", false, _) => Some(Kind::Sectors),
            ("agencies", true, "yaml") => Some(Kind::Agency),
            ("procedures", true, "md") => Some(Kind::Procedure { markdown: true }),
            ("procedures", true, "yaml") => Some(Kind::Procedure { markdown: false }),
            ("decisions", true, "md") => Some(Kind::Decision { markdown: true }),
            ("decisions", true, "yaml") => Some(Kind::Decision { markdown: false }),
            ("files", true, _) => {
                files.insert(rel.clone());
                None
            }
            ("agencies" | "procedures" | "decisions", true, _) => {
                let expected = if top == "agencies" {
                    ".yaml"
                } else {
                    ".md or .yaml"
                };
                diagnostics.push(
                    Diagnostic::warning(
                        codes::IGNORED_FILE,
                        Loc::file(Arc::from(rel.as_str())),
                        format!("this file is ignored: files under `{top}/` end in {expected}"),
                    )
                    .with_hint("rename it, or start its name with `_` to keep it out on purpose"),
                );
                None
            }
            _ => None,
        };
        if let Some(kind) = kind {
            found.push(Found {
                rel: Arc::from(rel),
                abs: entry.into_path(),
                kind,
            });
        }
    }
    for rel in outside {
        diagnostics.push(
            Diagnostic::warning(
                codes::SYMLINK_OUTSIDE,
                Loc::file(Arc::from(rel.as_str())),
                "this symbolic link leads outside the catalogue and is not followed",
            )
            .with_hint("copy the file into the catalogue instead"),
        );
    }
    Ok(found)
}

thread_local! {
    /// Each loading thread reads every file into the same buffer.
    static READ_BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn parse_file(found: &Found, bodies: bool) -> Result<Parsed, LoadError> {
    READ_BUFFER.with(|buf| parse_file_with(found, bodies, &mut buf.borrow_mut()))
}

fn parse_file_with(found: &Found, bodies: bool, buf: &mut Vec<u8>) -> Result<Parsed, LoadError> {
    let mut ctx = FileCtx::new(found.rel.clone());
    let mut parsed = Parsed::default();
    // Until the file is parsed, all of it counts as dropped.
    parsed.dropped_ids.push(String::new());
    if let Some(text) = read_text(found, &mut ctx, buf)? {
        let stem = Path::new(&*found.rel)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (yaml_text, first_line, body) = match found.kind {
            Kind::Procedure { markdown: true } | Kind::Decision { markdown: true } => {
                match split_front_matter(&text) {
                    Ok(parts) => parts,
                    Err((line, message, hint)) => {
                        ctx.diagnostics.push(
                            Diagnostic::error(
                                codes::FRONT_MATTER,
                                Loc::new(found.rel.clone(), line, 1),
                                message,
                            )
                            .with_hint(hint),
                        );
                        parsed.diagnostics = ctx.diagnostics;
                        parsed.dropped = true;
                        return Ok(parsed);
                    }
                }
            }
            _ => (&*text, 1, &text[text.len()..]),
        };
        let body_start = body.as_ptr() as usize - text.as_ptr() as usize;
        match yaml::parse(yaml_text, first_line) {
            Err(e) => {
                let mut d = Diagnostic::error(
                    codes::SYNTAX,
                    Loc::new(found.rel.clone(), e.line, e.col),
                    e.message,
                );
                d.hint = e.hint;
                ctx.diagnostics.push(d);
            }
            Ok(node) => {
                parsed.dropped_ids.clear();
                if body_start < text.len() {
                    // Checked even when not kept: `check` must see what `build` would.
                    let body_line = text[..body_start].matches('\n').count() as u32 + 1;
                    records::body(&mut ctx, &text[body_start..], body_line);
                }
                let body = if bodies {
                    text[body_start..].to_string()
                } else {
                    String::new()
                };
                match found.kind {
                    Kind::Site => parsed.site = records::site(&mut ctx, &node),
                    Kind::Localities => {
                        parsed.localities =
                            records::localities(&mut ctx, &node, &mut parsed.dropped_ids)
                    }
                    Kind::Sectors => {
                        parsed.sectors = records::sectors(&mut ctx, &node, &mut parsed.dropped_ids)
                    }
                    Kind::Agency => parsed.agency = records::agency(&mut ctx, &node, &stem),
                    Kind::Procedure { .. } => {
                        parsed.procedure = records::procedure(&mut ctx, &node, &stem, body)
                    }
                    Kind::Decision { .. } => {
                        parsed.decision = records::decision(&mut ctx, &node, &stem, body)
                    }
                }
            }
        }
    }
    parsed.dropped = match found.kind {
        Kind::Agency => parsed.agency.is_none(),
        Kind::Procedure { .. } => parsed.procedure.is_none(),
        // An empty id stands for the whole list.
        Kind::Localities | Kind::Sectors => parsed.dropped_ids.iter().any(String::is_empty),
        Kind::Decision { .. } => parsed.decision.is_none(),
        Kind::Site => false,
    };
    parsed.dropped_ids.retain(|id| !id.is_empty());
    parsed.diagnostics = ctx.diagnostics;
    Ok(parsed)
}

/// The file as NFC text with `\n` line ends and no byte-order mark, or `None`
/// (with a diagnostic) when it is too large or not UTF-8. The bytes are read into
/// `buf`, reused from file to file, and borrowed when nothing needs changing:
/// fresh buffers for tens of thousands of files cost more than parsing them.
fn read_text<'b>(
    found: &Found,
    ctx: &mut FileCtx,
    buf: &'b mut Vec<u8>,
) -> Result<Option<Cow<'b, str>>, LoadError> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| LoadError {
        path: found.abs.clone(),
        message: format!("cannot read: {e}"),
    };
    let mut file = std::fs::File::open(&found.abs).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if size > MAX_RECORD_BYTES {
        ctx.diagnostics.push(
            Diagnostic::error(
                codes::TOO_LARGE,
                Loc::file(found.rel.clone()),
                format!(
                    "this file is {} MiB; record files may be at most {} MiB",
                    size / (1024 * 1024),
                    MAX_RECORD_BYTES / (1024 * 1024)
                ),
            )
            .with_hint(
                "a record is a few kilobytes: split the file, or move documents to `files/`",
            ),
        );
        return Ok(None);
    }
    buf.clear();
    file.read_to_end(buf).map_err(unreadable)?;
    let text = match std::str::from_utf8(buf) {
        Ok(text) => text,
        Err(e) => {
            let valid = &buf[..e.valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() as u32 + 1;
            let line_start = valid
                .iter()
                .rposition(|b| *b == b'\n')
                .map(|p| p + 1)
                .unwrap_or(0);
            let col = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count() as u32
                + 1;
            ctx.diagnostics.push(
                Diagnostic::error(
                    codes::INVALID_UTF8,
                    Loc::new(found.rel.clone(), line, col),
                    "this file is not valid UTF-8 text",
                )
                .with_hint("save the file as UTF-8 in your editor"),
            );
            return Ok(None);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        let unix = text.replace("\r\n", "\n").replace('\r', "\n");
        return Ok(Some(Cow::Owned(crate::text::into_nfc(unix))));
    }
    Ok(Some(crate::text::nfc_cow(text)))
}

type FrontMatter<'a> = (&'a str, u32, &'a str);

/// Splits `---\nYAML\n---\nBODY` into the YAML, the line it starts on, and the body.
fn split_front_matter(text: &str) -> Result<FrontMatter<'_>, (u32, String, String)> {
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| (text.trim_end() == "---").then_some(""))
    else {
        return Err((
            1,
            "this file must start with front matter: a line `---`, the YAML fields, and another `---`".into(),
            "put `---` on the first line, the fields below it, then `---` before the Markdown".into(),
        ));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let body = &rest[offset + line.len()..];
            return Ok((&rest[..offset], 2, body));
        }
        offset += line.len();
    }
    Err((
        1,
        "the front matter that starts here is never closed".into(),
        "add a line `---` after the last field, before the Markdown".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split_from_the_body() {
        let (yaml, line, body) = split_front_matter("---\na: 1\n---\n# Steps\n").unwrap();
        assert_eq!((yaml, line, body), ("a: 1\n", 2, "# Steps\n"));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        assert!(split_front_matter("---\na: 1\n# Steps\n").is_err());
        assert!(split_front_matter("a: 1\n").is_err());
    }
}
