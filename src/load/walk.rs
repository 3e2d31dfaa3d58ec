//! Finding the files under a folder (a catalogue, a theme) by the catalogue's
//! rules, whoever edited it:
//!
//! - names starting with `.` or `_` are left out;
//! - a symbolic link is followed only while it stays inside the folder (W404),
//!   and a link to a folder already read is not read again (W408), so a chain of
//!   links can't multiply the output or never end;
//! - FIFOs, sockets and devices are never opened (reading a FIFO blocks forever):
//!   E001 where a record was expected, W407 elsewhere;
//! - a dangling link is E001, a name that is not UTF-8 is E004.
//!
//! Real folders are read first and links afterwards, so a folder is always found
//! under its own name rather than under a link to it. Only links are resolved with
//! `canonicalize`; plain files and folders cost no more than listing their folder.

use super::fields::codes;
use crate::diagnostic::Diagnostic;
use crate::source::Loc;
use std::collections::{HashMap, VecDeque};
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What an entry is for, which decides how bad it is when it can't be used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// It would be read as a record: anything unreadable is E001.
    Record,
    /// It would be read or published: a special file is skipped with W407.
    Input,
    /// Nothing reads it: problems with it are not worth a word.
    Ignored,
    /// Not walked at all (read by someone else, such as the catalogue's themes).
    Skip,
}

/// A regular file found by [`walk`].
#[derive(Clone, Debug)]
pub struct WalkedFile {
    /// Relative to the folder walked, `/`-separated; under a link, the link's path.
    pub rel: String,
    /// Where to read it (through no link: the real file).
    pub abs: PathBuf,
}

pub struct Walked {
    /// Sorted by `rel`.
    pub files: Vec<WalkedFile>,
    pub diagnostics: Vec<Diagnostic>,
}

struct Walker<'a> {
    canonical_root: PathBuf,
    /// Diagnostics name `{shown_as}{rel}`.
    shown_as: &'a str,
    role: &'a dyn Fn(&str, bool) -> Role,
    /// Real folder → where it was read (`""` for the root).
    visited: HashMap<PathBuf, String>,
    /// Links met, followed once every real folder has been read.
    links: VecDeque<(String, PathBuf)>,
    files: Vec<WalkedFile>,
    diagnostics: Vec<Diagnostic>,
}

/// Walks `root`. `role(rel, is_dir)` says what an entry is for; `shown_as` is put
/// before relative paths in diagnostics (`""` for the catalogue, `themes/x/` for
/// its theme). Fails only when `root` itself can't be resolved.
pub fn walk(
    root: &Path,
    shown_as: &str,
    role: &dyn Fn(&str, bool) -> Role,
) -> std::io::Result<Walked> {
    let canonical_root = fs::canonicalize(root)?;
    let mut walker = Walker {
        canonical_root: canonical_root.clone(),
        shown_as,
        role,
        visited: HashMap::from([(canonical_root.clone(), String::new())]),
        links: VecDeque::new(),
        files: Vec::new(),
        diagnostics: Vec::new(),
    };
    walker.read_dir(&canonical_root, "");
    while let Some((rel, abs)) = walker.links.pop_front() {
        walker.follow(&rel, &abs);
    }
    let Walker {
        mut files,
        diagnostics,
        ..
    } = walker;
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(Walked { files, diagnostics })
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_')
}

fn join(rel: &str, name: &str) -> String {
    if rel.is_empty() {
        name.to_string()
    } else {
        format!("{rel}/{name}")
    }
}

/// "a FIFO", "a socket", … for a file type that is neither file, folder nor link.
fn special_kind(ft: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ft.is_socket() {
            return "a socket";
        }
        if ft.is_block_device() || ft.is_char_device() {
            return "a device";
        }
    }
    let _ = ft;
    "not a regular file"
}

impl Walker<'_> {
    fn loc(&self, rel: &str) -> Loc {
        let path = format!("{}{rel}", self.shown_as);
        Loc::file(Arc::from(if path.is_empty() { "." } else { &path }))
    }

    /// Reads the real folder `dir` (already resolved), found at `rel`.
    fn read_dir(&mut self, dir: &Path, rel: &str) {
        let entries = match fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => {
                self.unreadable(rel, true, &format!("this folder cannot be read: {e}"));
                return;
            }
        };
        let mut list: Vec<(OsString, Option<fs::FileType>)> = entries
            .map(|entry| match entry {
                Ok(entry) => (entry.file_name(), entry.file_type().ok()),
                Err(_) => (OsString::new(), None),
            })
            .collect();
        list.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, ft) in list {
            if name.is_empty() {
                self.unreadable(rel, true, "an entry of this folder cannot be read");
                continue;
            }
            let lossy = name.to_string_lossy();
            if is_hidden(&lossy) {
                continue;
            }
            let is_dir = ft.is_some_and(|t| t.is_dir());
            if (self.role)(&join(rel, &lossy), is_dir) == Role::Skip {
                continue;
            }
            let Some(name_str) = name.to_str() else {
                let child = join(rel, &lossy);
                if matches!((self.role)(&child, is_dir), Role::Record | Role::Input) {
                    self.diagnostics.push(
                        Diagnostic::error(
                            codes::NAME_NOT_UTF8,
                            self.loc(&child),
                            "this name is not valid UTF-8 (shown with � in its place); it cannot be published",
                        )
                        .with_hint("rename it using UTF-8 (any name your editor shows correctly)"),
                    );
                }
                continue;
            };
            let child = join(rel, name_str);
            let abs = dir.join(&name);
            let Some(ft) = ft.or_else(|| fs::symlink_metadata(&abs).ok().map(|m| m.file_type()))
            else {
                self.unreadable(&child, false, "this entry cannot be read");
                continue;
            };
            if ft.is_symlink() {
                self.links.push_back((child, abs));
            } else if ft.is_dir() {
                // Not a link, so the parent's real path and the name are its real path.
                if self.visited.insert(abs.clone(), child.clone()).is_none() {
                    self.read_dir(&abs, &child);
                }
            } else if ft.is_file() {
                self.files.push(WalkedFile { rel: child, abs });
            } else {
                self.special(&child, special_kind(&ft));
            }
        }
    }

    /// Follows the link at `rel` once every real folder is read.
    fn follow(&mut self, rel: &str, abs: &Path) {
        let (meta, target) = match fs::metadata(abs).and_then(|m| Ok((m, fs::canonicalize(abs)?))) {
            Ok(found) => found,
            Err(e) => {
                if matches!((self.role)(rel, false), Role::Record | Role::Input) {
                    self.diagnostics.push(
                        Diagnostic::error(
                            codes::IO,
                            self.loc(rel),
                            format!("this symbolic link leads nowhere: {e}"),
                        )
                        .with_hint("remove the link, or point it at a file that exists"),
                    );
                }
                return;
            }
        };
        if !target.starts_with(&self.canonical_root) {
            let what = if self.shown_as.is_empty() {
                "the catalogue"
            } else {
                "the theme folder"
            };
            self.diagnostics.push(
                Diagnostic::warning(
                    codes::SYMLINK_OUTSIDE,
                    self.loc(rel),
                    format!("this symbolic link leads outside {what} and is not followed"),
                )
                .with_hint(format!("copy the file into {what} instead")),
            );
            return;
        }
        if meta.is_dir() {
            if let Some(seen) = self.visited.get(&target) {
                let seen = if seen.is_empty() && self.shown_as.is_empty() {
                    "the catalogue's top folder".to_string()
                } else if seen.is_empty() {
                    format!("`{}`", self.shown_as.trim_end_matches('/'))
                } else {
                    format!("`{}{seen}`", self.shown_as)
                };
                self.diagnostics.push(
                    Diagnostic::warning(
                        codes::LINK_TO_FOLDER_READ,
                        self.loc(rel),
                        format!(
                            "this symbolic link leads to a folder already read as {seen}; it is not followed again"
                        ),
                    )
                    .with_hint("a folder is read and published once, under the first name found for it; link to the files in it instead, or use that name"),
                );
                return;
            }
            self.visited.insert(target.clone(), rel.to_string());
            self.read_dir(&target, rel);
        } else if meta.is_file() {
            self.files.push(WalkedFile {
                rel: rel.to_string(),
                abs: target,
            });
        } else {
            self.special(rel, special_kind(&meta.file_type()));
        }
    }

    fn special(&mut self, rel: &str, kind: &str) {
        match (self.role)(rel, false) {
            Role::Record => self.diagnostics.push(
                Diagnostic::error(
                    codes::IO,
                    self.loc(rel),
                    format!("this is {kind}, not a regular file; it is not read"),
                )
                .with_hint("replace it with an ordinary file"),
            ),
            Role::Input => self.diagnostics.push(
                Diagnostic::warning(
                    codes::NOT_A_FILE,
                    self.loc(rel),
                    format!("this is {kind}, not a regular file or folder; it is skipped"),
                )
                .with_hint("remove it, or replace it with an ordinary file"),
            ),
            Role::Ignored | Role::Skip => {}
        }
    }

    fn unreadable(&mut self, rel: &str, is_dir: bool, message: &str) {
        if matches!((self.role)(rel, is_dir), Role::Record | Role::Input) || rel.is_empty() {
            self.diagnostics.push(
                Diagnostic::error(codes::IO, self.loc(rel), message)
                    .with_hint("check the permissions of this path"),
            );
        }
    }
}
