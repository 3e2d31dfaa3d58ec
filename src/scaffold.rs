//! `procat init` and `procat new`: new catalogues and new records from templates.
//!
//! `init` lays out a project folder: the catalogue in `content/` (so `procat
//! check`, `build`, `serve` and `new` work there without flags, and `output/`
//! lands beside the catalogue, not inside it), the JSON Schemas in
//! `.procat/schemas/`, editor settings that wire them, a CI workflow and a
//! `.gitignore`. Neither command ever overwrites a file.

use crate::load::fields::{MAX_NAME_BYTES, is_code, is_id, suggest_id, unusable_on_windows};
use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The catalogue folder inside a project made by `init`.
pub const CONTENT: &str = "content";
/// Where `init` writes the JSON Schemas, inside the project folder.
pub const SCHEMAS: &str = ".procat/schemas";

/// Why a command refused or failed; nothing it could avoid writing was written.
#[derive(Debug)]
pub struct ScaffoldError {
    pub path: PathBuf,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for ScaffoldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  = hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ScaffoldError {}

fn refuse(path: &Path, message: impl Into<String>, hint: impl Into<String>) -> ScaffoldError {
    ScaffoldError {
        path: path.to_path_buf(),
        message: message.into(),
        hint: Some(hint.into()),
    }
}

fn io_error(path: &Path, e: io::Error) -> ScaffoldError {
    ScaffoldError {
        path: path.to_path_buf(),
        message: e.to_string(),
        hint: None,
    }
}

/// The files of a new project, relative to its folder.
const INIT_FILES: &[(&str, &str)] = &[
    (".gitignore", include_str!("scaffold/init/gitignore")),
    (
        ".github/workflows/procat.yml",
        include_str!("scaffold/init/procat.yml"),
    ),
    (
        ".vscode/extensions.json",
        "{\n  \"recommendations\": [\"redhat.vscode-yaml\"]\n}\n",
    ),
    ("README.md", include_str!("scaffold/init/README.md")),
    ("content/site.yaml", include_str!("scaffold/init/site.yaml")),
    (
        "content/localities.yaml",
        include_str!("scaffold/init/localities.yaml"),
    ),
    (
        "content/sectors.yaml",
        include_str!("scaffold/init/sectors.yaml"),
    ),
    (
        "content/agencies/ubnd-tinh-mau.yaml",
        include_str!("scaffold/init/agencies/ubnd-tinh-mau.yaml"),
    ),
    (
        "content/agencies/so-tu-phap-tinh-mau.yaml",
        include_str!("scaffold/init/agencies/so-tu-phap-tinh-mau.yaml"),
    ),
    (
        "content/procedures/1.001233.md",
        include_str!("scaffold/init/procedures/1.001233.md"),
    ),
    (
        "content/decisions/qd-123-ubnd-2025.yaml",
        include_str!("scaffold/init/decisions/qd-123-ubnd-2025.yaml"),
    ),
    // Forms and decision texts go here; git keeps no empty folder.
    ("content/files/.gitkeep", ""),
];

/// `.vscode/settings.json`: each schema for the catalogue files it describes
/// (yaml-language-server, as in VS Code's YAML extension), and YAML indented
/// with spaces.
pub fn vscode_settings() -> String {
    let mut schemas = serde_json::Map::new();
    for file in crate::schema::FILES {
        let globs: Vec<String> = file
            .globs
            .iter()
            .map(|g| format!("{CONTENT}/{g}"))
            .collect();
        schemas.insert(
            format!("./{SCHEMAS}/{}", file.file),
            serde_json::json!(globs),
        );
    }
    let settings = serde_json::json!({
        "yaml.schemas": schemas,
        "[yaml]": {
            "editor.insertSpaces": true,
            "editor.tabSize": 2,
            "editor.detectIndentation": false,
        },
        "files.encoding": "utf8",
    });
    let mut text = serde_json::to_string_pretty(&settings).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes a new project into `dir`, which must be missing or empty; returns the
/// files written, relative to `dir`.
pub fn init(dir: &Path) -> Result<Vec<String>, ScaffoldError> {
    match fs::symlink_metadata(dir) {
        Ok(meta) if !meta.is_dir() => {
            return Err(refuse(
                dir,
                "is not a folder",
                "name a new folder, such as `procat init thu-tuc-tinh`",
            ));
        }
        Ok(_) => {
            let mut entries = fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
            if entries.next().is_some() {
                return Err(refuse(
                    dir,
                    "is not empty; `procat init` writes only into a new or empty folder",
                    "name a new folder, such as `procat init thu-tuc-tinh`",
                ));
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).map_err(|e| io_error(dir, e))?;
        }
        Err(e) => return Err(io_error(dir, e)),
    }
    let settings = vscode_settings();
    let mut files: Vec<(String, &str)> = INIT_FILES
        .iter()
        .map(|(rel, text)| (rel.to_string(), *text))
        .collect();
    files.push((".vscode/settings.json".into(), &settings));
    let schemas: Vec<(String, String)> = crate::schema::FILES
        .iter()
        .map(|f| {
            (
                format!("{SCHEMAS}/{}", f.file),
                crate::schema::schema_text(f),
            )
        })
        .collect();
    files.extend(
        schemas
            .iter()
            .map(|(rel, text)| (rel.clone(), text.as_str())),
    );
    for (rel, text) in &files {
        write_new(&dir.join(rel), text)?;
    }
    Ok(files.into_iter().map(|(rel, _)| rel).collect())
}

/// Writes `text` to `path`, a file that must not exist yet, creating its folders.
fn write_new(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == io::ErrorKind::AlreadyExists {
                refuse(
                    path,
                    "already exists; procat never overwrites a file",
                    "choose another name, or edit the file that is there",
                )
            } else {
                io_error(path, e)
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| io_error(path, e))
}

/// What `procat new` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewKind {
    Procedure,
    Decision,
    Agency,
}

impl NewKind {
    fn folder(self) -> &'static str {
        match self {
            NewKind::Procedure => "procedures",
            NewKind::Decision => "decisions",
            NewKind::Agency => "agencies",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            NewKind::Procedure => "md",
            NewKind::Decision | NewKind::Agency => "yaml",
        }
    }

    /// The extensions under which a record of this kind is read.
    fn read_as(self) -> &'static [&'static str] {
        match self {
            NewKind::Procedure | NewKind::Decision => &["md", "yaml"],
            NewKind::Agency => &["yaml"],
        }
    }

    fn template(self) -> (&'static str, &'static str) {
        match self {
            NewKind::Procedure => ("{CODE}", include_str!("scaffold/new/procedure.md")),
            NewKind::Decision => ("{SLUG}", include_str!("scaffold/new/decision.yaml")),
            NewKind::Agency => ("{ID}", include_str!("scaffold/new/agency.yaml")),
        }
    }

    fn what(self) -> &'static str {
        match self {
            NewKind::Procedure => "procedure",
            NewKind::Decision => "decision",
            NewKind::Agency => "agency",
        }
    }
}

/// Refuses a name that would not load as the record's code, slug or id.
fn check_name(kind: NewKind, name: &str) -> Result<(), ScaffoldError> {
    let here = Path::new(name);
    let well_formed = match kind {
        NewKind::Procedure => is_code(name),
        NewKind::Decision | NewKind::Agency => is_id(name),
    };
    if !well_formed {
        return Err(match kind {
            NewKind::Procedure => refuse(
                here,
                "is not a valid procedure code (letters, digits, `.` and `-`, starting with a letter or digit)",
                "write the national code, such as `1.001193`",
            ),
            _ => {
                let suggestion = suggest_id(name);
                let hint = if suggestion.is_empty() {
                    "use lower-case letters without accents, digits and `-`, such as `qd-123-ubnd-2025`".to_string()
                } else {
                    format!("write it as `{suggestion}`")
                };
                refuse(
                    here,
                    format!(
                        "is not a valid {} (lower-case letters, digits and `-`, starting with a letter or digit)",
                        if kind == NewKind::Decision {
                            "decision slug"
                        } else {
                            "agency id"
                        }
                    ),
                    hint,
                )
            }
        });
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(refuse(
            here,
            format!(
                "is {} bytes long; ids and codes may be at most {MAX_NAME_BYTES} bytes",
                name.len()
            ),
            "shorten it",
        ));
    }
    if let Some(why) = unusable_on_windows(name) {
        return Err(refuse(here, why, "choose another name"));
    }
    Ok(())
}

/// An existing record file of `kind` named `name` anywhere under its folder
/// (outside the drafts the loader ignores), relative to `content`.
fn existing(content: &Path, kind: NewKind, name: &str) -> Option<PathBuf> {
    let folder = content.join(kind.folder());
    walkdir::WalkDir::new(&folder)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0 || !e.file_name().to_string_lossy().starts_with(['.', '_'])
        })
        .filter_map(Result::ok)
        .find(|e| {
            let path = e.path();
            !e.file_type().is_dir()
                && path.file_stem().is_some_and(|s| s == name)
                && path
                    .extension()
                    .and_then(|x| x.to_str())
                    .is_some_and(|x| kind.read_as().contains(&x))
        })
        .map(|e| e.into_path())
}

/// Writes a new record of `kind` named `name` into the catalogue at `content`,
/// from its template; returns the path written.
pub fn new_record(content: &Path, kind: NewKind, name: &str) -> Result<PathBuf, ScaffoldError> {
    check_name(kind, name)?;
    if !content.is_dir() {
        return Err(refuse(
            content,
            "is not a catalogue folder",
            "pass the catalogue with --content DIR, or start one with `procat init DIR`",
        ));
    }
    if let Some(found) = existing(content, kind, name) {
        return Err(refuse(
            &found,
            format!(
                "already holds the {} `{name}`; procat never overwrites a file",
                kind.what()
            ),
            "choose another name, or edit the file that is there",
        ));
    }
    let path = content
        .join(kind.folder())
        .join(format!("{name}.{}", kind.extension()));
    let (blank, template) = kind.template();
    write_new(&path, &template.replace(blank, name))?;
    Ok(path)
}
