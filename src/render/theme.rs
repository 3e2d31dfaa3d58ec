//! Themes: Tera templates under `templates/` and assets under `static/`.
//!
//! A theme is assembled from layers, each overriding files of the same path in
//! the layers before it:
//!
//! 1. the default theme embedded in the binary;
//! 2. `themes/default/` in the working directory, if present;
//! 3. `themes/NAME/` in the working directory, for a theme `NAME` other than `default`;
//! 4. `CATALOGUE/themes/NAME/`, the catalogue's own theme or overrides.
//!
//! So a catalogue can override a single template (`CATALOGUE/themes/default/templates/procedure.html`)
//! or bring a whole theme; anything it leaves out comes from the default theme.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

#[derive(Clone, Debug)]
enum Source {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

/// One theme file, from whichever layer won.
#[derive(Clone, Debug)]
pub struct ThemeFile {
    source: Source,
}

impl ThemeFile {
    pub fn bytes(&self) -> Result<Cow<'static, [u8]>, String> {
        match &self.source {
            Source::Embedded(b) => Ok(Cow::Borrowed(b)),
            Source::Disk(p) => fs::read(p)
                .map(Cow::Owned)
                .map_err(|e| format!("cannot read theme file {}: {e}", p.display())),
        }
    }

    /// The file on disk, if it came from disk.
    pub fn path(&self) -> Option<&Path> {
        match &self.source {
            Source::Disk(p) => Some(p),
            Source::Embedded(_) => None,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Theme {
    pub name: String,
    /// The most specific folder of the theme found on disk (the catalogue's own
    /// if it has one), or `themes/default` when only the embedded theme is used.
    pub dir: PathBuf,
    files: BTreeMap<String, ThemeFile>,
}

impl Theme {
    /// Assembles theme `name` for the catalogue at `catalogue_root`.
    pub fn locate(catalogue_root: &Path, name: &str) -> Result<Theme, String> {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!(
                "theme `{name}`: a theme name is letters, digits, `-` and `_`"
            ));
        }
        let mut files = BTreeMap::new();
        for (rel, bytes) in embedded::DEFAULT_THEME {
            files.insert(
                (*rel).to_string(),
                ThemeFile {
                    source: Source::Embedded(bytes),
                },
            );
        }
        let mut dir = PathBuf::from("themes/default");
        let mut layers = vec![PathBuf::from("themes/default")];
        if name != "default" {
            layers.push(Path::new("themes").join(name));
        }
        layers.push(catalogue_root.join("themes").join(name));
        let mut found_named = name == "default";
        for (i, layer) in layers.iter().enumerate() {
            if !layer.is_dir() {
                continue;
            }
            if i > 0 || name == "default" {
                found_named = true;
                dir = layer.clone();
            }
            collect(layer, layer, &mut files)?;
        }
        if !found_named {
            return Err(format!(
                "theme `{name}` not found: looked in {} and {}",
                Path::new("themes").join(name).display(),
                catalogue_root.join("themes").join(name).display()
            ));
        }
        Ok(Theme {
            name: name.to_string(),
            dir,
            files,
        })
    }

    /// Every template, as `(name under templates/, source)`.
    pub fn templates(&self) -> Result<Vec<(String, String)>, String> {
        let mut out = Vec::new();
        for (rel, file) in self.files.range("templates/".to_string()..) {
            let Some(name) = rel.strip_prefix("templates/") else {
                break;
            };
            let bytes = file.bytes()?;
            let text = String::from_utf8(bytes.into_owned())
                .map_err(|_| format!("theme template {rel} is not UTF-8"))?;
            out.push((name.to_string(), text));
        }
        Ok(out)
    }

    /// Every asset, as `(path under static/, file)`.
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .range("static/".to_string()..)
            .map_while(|(rel, file)| rel.strip_prefix("static/").map(|r| (r, file)))
    }
}

fn collect(root: &Path, dir: &Path, files: &mut BTreeMap<String, ThemeFile>) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let hidden = path
            .file_name()
            .map(|n| n.to_string_lossy().starts_with(['.', '_']))
            .unwrap_or(true);
        if hidden {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, files)?;
        } else if let Ok(rel) = path.strip_prefix(root) {
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.insert(
                rel,
                ThemeFile {
                    source: Source::Disk(path),
                },
            );
        }
    }
    Ok(())
}
