//! Load: a catalogue folder in, typed records and the problems met on the way out.
//!
//! Files are found by the `walk` module (links, odd files and names by the catalogue's
//! rules), then read and parsed in parallel; the results are
//! merged in path order so the same folder always gives the same catalogue.

mod characters;
mod comments;
pub mod definitions;
pub mod fields;
mod records;
pub mod walk;

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
use walk::Role;

/// Record files larger than this are refused (a procedure is a few kilobytes).
pub const MAX_RECORD_BYTES: u64 = 8 * 1024 * 1024;

/// The catalogue folder itself can't be opened (exit code 2).
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

/// Loads the catalogue at `root`. Problems in files become diagnostics (a file
/// that can't be read is E001, with its path in the catalogue); only a catalogue
/// folder that can't be opened is a [`LoadError`].
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

    let parsed: Vec<Parsed> = found
        .par_iter()
        .map(|f| parse_file(f, options.bodies))
        .collect();

    let mut catalogue = Catalogue {
        root: root.to_path_buf(),
        files,
        ..Catalogue::default()
    };
    for (p, file) in parsed.into_iter().zip(&found) {
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

/// The kind of record a file at `rel` holds, if any.
fn kind_of(rel: &str) -> Option<Kind> {
    let (top, rest) = rel.split_once('/').unwrap_or((rel, ""));
    let nested = !rest.is_empty();
    let ext = Path::new(rest)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    match (top, nested, ext) {
        ("site.yaml", false, _) => Some(Kind::Site),
        ("localities.yaml", false, _) => Some(Kind::Localities),
        ("sectors.yaml", false, _) => Some(Kind::Sectors),
        ("agencies", true, "yaml") => Some(Kind::Agency),
        ("procedures", true, "md") => Some(Kind::Procedure { markdown: true }),
        ("procedures", true, "yaml") => Some(Kind::Procedure { markdown: false }),
        ("decisions", true, "md") => Some(Kind::Decision { markdown: true }),
        ("decisions", true, "yaml") => Some(Kind::Decision { markdown: false }),
        _ => None,
    }
}

/// What each path of the catalogue is for (see [`walk::Role`]). The catalogue's
/// `themes/` are read by the theme, which checks them by the same rules.
fn catalogue_role(rel: &str, is_dir: bool) -> Role {
    let top = rel.split('/').next().unwrap_or("");
    match top {
        "themes" => Role::Skip,
        _ if !is_dir && kind_of(rel).is_some() => Role::Record,
        "agencies" | "procedures" | "decisions" | "files" => Role::Input,
        _ => Role::Ignored,
    }
}

/// Extensions of files a browser runs scripts from when they are opened on the
/// site's own address: HTML and XHTML, SVG, XML (which can hold XHTML or load an
/// XSLT stylesheet), XSLT itself, saved web archives, and JavaScript (which a
/// page elsewhere could load from the site's address).
const ACTIVE_EXTENSIONS: &[&str] = &[
    "html", "htm", "shtml", "xhtml", "xht", "svg", "svgz", "xml", "xsl", "xslt", "mht", "mhtml",
    "js", "mjs",
];

fn is_active_content(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.rsplit_once('.').is_some_and(|(_, ext)| {
        ACTIVE_EXTENSIONS
            .iter()
            .any(|active| active.eq_ignore_ascii_case(ext))
    })
}

/// Whether a file under `agencies/`, `procedures/` or `decisions/` that is not read
/// looks like a record saved under the wrong name: YAML or Markdown spelt another
/// way (`.yml`, `.YAML`, `.markdown`), text, or no extension at all (`1.001193`).
fn looks_like_a_record(rel: &str) -> bool {
    const RECORD_LIKE: &[&str] = &[
        "yaml", "yml", "md", "markdown", "mdown", "mkd", "txt", "text", "json",
    ];
    let name = rel.rsplit('/').next().unwrap_or(rel);
    match name.rsplit_once('.') {
        None => true,
        Some((_, ext)) => {
            ext.bytes().all(|b| b.is_ascii_digit())
                || RECORD_LIKE.iter().any(|e| e.eq_ignore_ascii_case(ext))
        }
    }
}

/// Finds the catalogue's files by the rules of [`walk::walk`].
fn walk(
    root: &Path,
    files: &mut std::collections::BTreeSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Vec<Found>, LoadError> {
    let walked = walk::walk(root, "", &catalogue_role).map_err(|e| LoadError {
        path: root.to_path_buf(),
        message: format!("cannot open the catalogue folder: {e}"),
    })?;
    diagnostics.extend(walked.diagnostics);
    let mut found = Vec::new();
    for file in walked.files {
        let rel = file.rel;
        let (top, rest) = rel.split_once('/').unwrap_or((&rel, ""));
        let nested = !rest.is_empty();
        if let Some(kind) = kind_of(&rel) {
            found.push(Found {
                rel: Arc::from(rel),
                abs: file.abs,
                kind,
            });
            continue;
        }
        match (top, nested) {
            ("files", true) => {
                if is_active_content(&rel) {
                    diagnostics.push(
                        Diagnostic::warning(
                            codes::ACTIVE_CONTENT,
                            Loc::file(Arc::from(rel.as_str())),
                            "this file is published as it is, and a browser runs the scripts it may hold as if they were the site's own",
                        )
                        .with_hint("publish forms and documents as PDF or office files; keep this one only if you trust every line of it"),
                    );
                }
                files.insert(rel);
            }
            ("agencies" | "procedures" | "decisions", true) => {
                let expected = if top == "agencies" {
                    ".yaml"
                } else {
                    ".md or .yaml"
                };
                let loc = Loc::file(Arc::from(rel.as_str()));
                // A record saved under another name would silently be left out of
                // the site: an error. Anything else is only worth a warning.
                diagnostics.push(if looks_like_a_record(&rel) {
                    Diagnostic::error(
                        codes::MISNAMED_RECORD,
                        loc,
                        format!(
                            "this file is not read: records under `{top}/` end in {expected}, so whatever it holds is left out of the site"
                        ),
                    )
                    .with_hint(format!(
                        "rename it to end in {expected}, or start its name with `_` to keep it out on purpose"
                    ))
                } else {
                    Diagnostic::warning(
                        codes::IGNORED_FILE,
                        loc,
                        format!("this file is ignored: files under `{top}/` end in {expected}"),
                    )
                    .with_hint("documents belong under `files/`; otherwise start its name with `_` to keep it out on purpose")
                });
            }
            _ => {}
        }
    }
    Ok(found)
}

thread_local! {
    /// Each loading thread reads every file into the same buffer.
    static READ_BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn parse_file(found: &Found, bodies: bool) -> Parsed {
    READ_BUFFER.with(|buf| parse_file_with(found, bodies, &mut buf.borrow_mut()))
}

fn parse_file_with(found: &Found, bodies: bool, buf: &mut Vec<u8>) -> Parsed {
    let mut ctx = FileCtx::new(found.rel.clone());
    let mut parsed = Parsed::default();
    // Until the file is parsed, all of it counts as dropped.
    parsed.dropped_ids.push(String::new());
    if let Some(text) = read_text(found, &mut ctx, buf) {
        let text = characters::refuse_controls(&found.rel, text, &mut ctx.diagnostics);
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
                        return parsed;
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
                ctx.cut_by_comment = comments::cut_by_comment(yaml_text, first_line, &node);
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
                    Kind::Agency => {
                        parsed.agency =
                            records::agency(&mut ctx, &node, &stem, &mut parsed.dropped_ids)
                    }
                    Kind::Procedure { .. } => {
                        parsed.procedure = records::procedure(
                            &mut ctx,
                            &node,
                            &stem,
                            body,
                            &mut parsed.dropped_ids,
                        )
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
    parsed
}

/// The file as NFC text with `\n` line ends and no byte-order mark, or `None`
/// (with a diagnostic) when it can't be read, is too large or is not UTF-8. The bytes are read into
/// `buf`, reused from file to file, and borrowed when nothing needs changing:
/// fresh buffers for tens of thousands of files cost more than parsing them.
fn read_text<'b>(found: &Found, ctx: &mut FileCtx, buf: &'b mut Vec<u8>) -> Option<Cow<'b, str>> {
    use std::io::Read;
    let unreadable = |ctx: &mut FileCtx, e: std::io::Error| {
        ctx.diagnostics.push(
            Diagnostic::error(
                codes::IO,
                Loc::file(found.rel.clone()),
                format!("this file cannot be read: {e}"),
            )
            .with_hint("check that it is an ordinary file you may read"),
        );
    };
    // The walk saw a regular file; open it without blocking in case it has been
    // swapped for a FIFO since, and refuse anything else.
    let mut file = match open_regular(&found.abs) {
        Ok(file) => file,
        Err(e) => {
            unreadable(ctx, e);
            return None;
        }
    };
    let size = match file.metadata() {
        Ok(meta) => meta.len(),
        Err(e) => {
            unreadable(ctx, e);
            return None;
        }
    };
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
        return None;
    }
    buf.clear();
    if let Err(e) = file.read_to_end(buf) {
        unreadable(ctx, e);
        return None;
    }
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
            return None;
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        let unix = text.replace("\r\n", "\n").replace('\r', "\n");
        return Some(Cow::Owned(crate::text::into_nfc(unix)));
    }
    Some(crate::text::nfc_cow(text))
}

/// Opens a file for reading, never blocking on a FIFO, and refuses anything
/// that is not a regular file.
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(file)
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
    fn files_a_browser_runs_scripts_from_are_active_content() {
        for name in [
            "files/a.html",
            "files/b/LOGO.SVG",
            "files/c.xhtml",
            "files/d.xml",
        ] {
            assert!(is_active_content(name), "{name}");
        }
        for name in [
            "files/a.pdf",
            "files/html",
            "files/a.html.pdf",
            "files/b.docx",
        ] {
            assert!(!is_active_content(name), "{name}");
        }
    }

    #[test]
    fn record_kinds_follow_the_folder_and_the_extension() {
        assert_eq!(kind_of("site.yaml"), Some(Kind::Site));
        assert_eq!(kind_of("sub/site.yaml"), None);
        assert_eq!(
            kind_of("procedures/a.b/1.000894.md"),
            Some(Kind::Procedure { markdown: true })
        );
        assert_eq!(kind_of("procedures/a.b/1"), None);
        assert_eq!(kind_of("files/x.yaml"), None);
    }

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
