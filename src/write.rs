//! The only stage that touches the output folder.
//!
//! The output folder belongs to the operator before it belongs to us:
//!
//! - A build writes into a fresh staging folder beside the output, marked as
//!   procat's own ([`STAGING_MARK`], naming the build's process), and swaps it
//!   in only once everything is written. A failed build leaves the old output
//!   untouched and removes its staging folder.
//! - Each output carries a mark ([`OUTPUT_MARK`]: a format version and the
//!   top-level entries procat wrote). An existing output is replaced only when
//!   it is empty or carries that mark, and never when it is, holds or lies
//!   inside the catalogue.
//! - Top-level dot entries of the old output that procat did not write (a
//!   `.git` of a Pages worktree, a `.well-known/`) are moved into the new one.
//! - The swap is one step on Linux (`renameat2` with `RENAME_EXCHANGE`); the
//!   two renames it replaces are the fallback elsewhere.
//! - Removal never follows a symbolic link, and removes only folders that
//!   carry procat's staging mark, never folders recognised by name alone.

use serde::{Deserialize, Serialize};
use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

/// The mark of an output written by procat, in the output's root.
pub const OUTPUT_MARK: &str = ".procat-output.json";
/// The mark of a folder procat may remove: a staging folder, or an old output
/// being removed after a swap. Never published.
pub const STAGING_MARK: &str = ".procat-staging";
/// The format of both marks; a later procat that changes them raises it.
const MARK_FORMAT: u32 = 1;

#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub message: String,
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for WriteError {}

fn error(path: &Path, message: impl fmt::Display) -> WriteError {
    WriteError {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// What [`OUTPUT_MARK`] holds. No time, no process id: the same catalogue
/// gives the same bytes.
#[derive(Debug, Serialize, Deserialize)]
struct OutputMark {
    /// The mark's format ([`MARK_FORMAT`]).
    procat_output: u32,
    /// The top-level entries procat wrote, sorted.
    entries: Vec<String>,
}

/// What [`STAGING_MARK`] holds.
#[derive(Debug, Serialize, Deserialize)]
struct StagingMark {
    procat_staging: u32,
    /// The name of the output folder this staging folder was for.
    output: String,
    /// The process that created it; its folder is left alone while it runs.
    pid: u32,
}

/// A staging folder for one build. Dropped without [`Staging::commit`], it is
/// removed and the output stays as it was.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    name: String,
    committed: bool,
}

impl Staging {
    /// Creates an empty, marked staging folder beside `target`, after checking
    /// that `target` is something a build may replace and lies apart from the
    /// `catalogue` folder. Removes staging folders left by killed builds.
    pub fn create(target: &Path, catalogue: &Path) -> Result<Staging, WriteError> {
        let name = target
            .file_name()
            .ok_or_else(|| error(target, "the output folder needs a name (not `/` or `..`)"))?
            .to_str()
            .ok_or_else(|| error(target, "the output folder's name is not valid UTF-8"))?
            .to_string();
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let target = parent.join(&name);
        check_output(&target, catalogue)?;
        fs::create_dir_all(&parent).map_err(|e| error(&parent, e))?;
        remove_leftovers(&parent, &name);
        let dir = create_marked_dir(&parent, &name, "staging")?;
        Ok(Staging {
            dir,
            target,
            name,
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Marks the staging folder as a procat output and swaps it in, carrying
    /// over the old output's dot entries that procat did not write. The old
    /// output is removed afterwards.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let mut entries = Vec::new();
        for entry in fs::read_dir(&self.dir).map_err(|e| error(&self.dir, e))? {
            let entry = entry.map_err(|e| error(&self.dir, e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name != STAGING_MARK && name != OUTPUT_MARK {
                entries.push(name);
            }
        }
        entries.sort();
        let mark = OutputMark {
            procat_output: MARK_FORMAT,
            entries,
        };
        let mut bytes = serde_json::to_vec_pretty(&mark).map_err(|e| error(&self.dir, e))?;
        bytes.push(b'\n');
        let mark_path = self.dir.join(OUTPUT_MARK);
        fs::write(&mark_path, bytes).map_err(|e| error(&mark_path, e))?;

        // Checked again: the output may have changed while the site was rendered.
        let carried = match existing_output(&self.target)? {
            Existing::Nothing => {
                self.unmark()?;
                fs::rename(&self.dir, &self.target).map_err(|e| {
                    error(
                        &self.target,
                        format!("cannot move the new output into place: {e}"),
                    )
                })?;
                self.committed = true;
                return Ok(());
            }
            Existing::Empty => Vec::new(),
            Existing::Marked(old) => carry_dot_entries(&self.target, &self.dir, &old)?,
        };
        let swapped = self
            .unmark()
            .and_then(|()| swap(&self.dir, &self.target, &self.name, true));
        let old_output = match swapped {
            Ok(old_output) => old_output,
            Err(e) => {
                put_back(&carried, &self.dir, &self.target);
                return Err(e);
            }
        };
        self.committed = true;
        // The new site is in place. Marked first, the old one is recognised
        // and removed by the next build if this removal is cut short.
        if write_staging_mark(&old_output, &self.name).is_ok() {
            let _ = remove_tree(&old_output);
        }
        Ok(())
    }

    /// Takes the staging mark out of the folder about to be published.
    fn unmark(&self) -> Result<(), WriteError> {
        let path = self.dir.join(STAGING_MARK);
        fs::remove_file(&path).map_err(|e| error(&path, e))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.dir);
        }
    }
}

/// Refuses an output a build may not replace (see [`Staging::create`]);
/// cheap, so that a build can refuse before it loads the catalogue.
pub fn check_output(target: &Path, catalogue: &Path) -> Result<(), WriteError> {
    check_apart(target, catalogue)?;
    existing_output(target).map(|_| ())
}

/// What is at the output path.
#[derive(Debug)]
enum Existing {
    Nothing,
    Empty,
    Marked(OutputMark),
}

/// Looks at the output path and refuses anything a build may not replace: a
/// link, a file, a non-empty folder that lacks procat's mark.
fn existing_output(target: &Path) -> Result<Existing, WriteError> {
    let meta = match fs::symlink_metadata(target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Existing::Nothing),
        Err(e) => return Err(error(target, e)),
    };
    if meta.file_type().is_symlink() {
        return Err(error(
            target,
            "the output is a symbolic link, and procat never replaces links; \
             give the folder itself as --output, or choose another --output",
        ));
    }
    if !meta.is_dir() {
        return Err(error(
            target,
            "the output exists and is not a folder; choose another --output",
        ));
    }
    let mut entries = fs::read_dir(target).map_err(|e| error(target, e))?;
    if entries.next().is_none() {
        return Ok(Existing::Empty);
    }
    let mark_path = target.join(OUTPUT_MARK);
    let not_ours = || {
        error(
            target,
            format!(
                "the output folder is not empty and was not built by procat (it has no \
                 {OUTPUT_MARK}), so procat will not replace it. Choose a new --output, or \
                 empty this folder. If it is a site built by an older procat, which did not \
                 mark its output, delete it by hand once"
            ),
        )
    };
    match fs::symlink_metadata(&mark_path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return Err(not_ours()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(not_ours()),
        Err(e) => return Err(error(&mark_path, e)),
    }
    let bytes = fs::read(&mark_path).map_err(|e| error(&mark_path, e))?;
    let mark: OutputMark = serde_json::from_slice(&bytes).map_err(|e| {
        error(
            &mark_path,
            format!(
                "not a mark procat wrote ({e}), so procat will not replace this folder; \
                 choose a new --output, or empty the folder"
            ),
        )
    })?;
    if mark.procat_output > MARK_FORMAT {
        return Err(error(
            &mark_path,
            format!(
                "written by a newer procat (mark format {}, this one knows {MARK_FORMAT}); \
                 build with that version, or choose another --output",
                mark.procat_output
            ),
        ));
    }
    Ok(Existing::Marked(mark))
}

/// Refuses an output that is the catalogue, holds it or lies inside it
/// (compared as real paths, through links and `..`).
fn check_apart(target: &Path, catalogue: &Path) -> Result<(), WriteError> {
    let catalogue = match fs::canonicalize(catalogue) {
        Ok(path) => path,
        // No catalogue, nothing to protect; loading it says what is wrong.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(error(catalogue, e)),
    };
    let output = canonical_lenient(target).map_err(|e| error(target, e))?;
    let problem = if output == catalogue {
        "is the catalogue folder"
    } else if output.starts_with(&catalogue) {
        "is inside the catalogue folder"
    } else if catalogue.starts_with(&output) {
        "contains the catalogue folder"
    } else {
        return Ok(());
    };
    Err(error(
        target,
        format!(
            "the output folder {problem} ({}), and a build replaces its output whole; \
             choose an --output outside the catalogue",
            catalogue.display()
        ),
    ))
}

/// The real path of `path`, which may not exist yet: its nearest existing
/// ancestor made canonical, the rest appended.
fn canonical_lenient(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        match fs::canonicalize(existing) {
            Ok(mut real) => {
                for component in rest.iter().rev() {
                    match component {
                        Component::ParentDir => {
                            real.pop();
                        }
                        Component::Normal(name) => real.push(name),
                        _ => {}
                    }
                }
                return Ok(real);
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let (Some(parent), Some(last)) =
                    (existing.parent(), existing.components().next_back())
                else {
                    return Err(e);
                };
                rest.push(last);
                existing = parent;
            }
            Err(e) => return Err(e),
        }
    }
}

/// Creates a new folder `NAME.procat-KIND-PID-N` beside the output, with a
/// staging mark in it.
fn create_marked_dir(parent: &Path, name: &str, kind: &str) -> Result<PathBuf, WriteError> {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let pid = std::process::id();
    loop {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = parent.join(format!("{name}.procat-{kind}-{pid}-{n}"));
        match fs::create_dir(&dir) {
            Ok(()) => {
                if let Err(e) = write_staging_mark(&dir, name) {
                    let _ = fs::remove_dir(&dir);
                    return Err(error(&dir, e));
                }
                return Ok(dir);
            }
            // A folder of a build that had this process id before; try the next.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => {}
            Err(e) => return Err(error(&dir, e)),
        }
    }
}

fn write_staging_mark(dir: &Path, output: &str) -> io::Result<()> {
    let mark = StagingMark {
        procat_staging: MARK_FORMAT,
        output: output.to_string(),
        pid: std::process::id(),
    };
    let bytes = serde_json::to_vec(&mark).map_err(io::Error::other)?;
    fs::write(dir.join(STAGING_MARK), bytes)
}

/// The staging mark of `dir`, if it is a regular file procat wrote.
fn read_staging_mark(dir: &Path) -> Option<StagingMark> {
    let path = dir.join(STAGING_MARK);
    if !fs::symlink_metadata(&path).ok()?.is_file() {
        return None;
    }
    serde_json::from_slice(&fs::read(&path).ok()?).ok()
}

/// Moves the old output's top-level dot entries that procat did not write
/// into the new output. Returns their names, to put them back if the swap fails.
fn carry_dot_entries(
    target: &Path,
    staging: &Path,
    old: &OutputMark,
) -> Result<Vec<OsString>, WriteError> {
    let mut carried = Vec::new();
    let entries = fs::read_dir(target).map_err(|e| error(target, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| error(target, e))?;
        let name = entry.file_name();
        let text = name.to_string_lossy();
        let ours =
            text == OUTPUT_MARK || text == STAGING_MARK || old.entries.iter().any(|e| *e == text);
        // What this build wrote itself wins.
        if !text.starts_with('.') || ours || fs::symlink_metadata(staging.join(&name)).is_ok() {
            continue;
        }
        if let Err(e) = fs::rename(entry.path(), staging.join(&name)) {
            put_back(&carried, staging, target);
            return Err(error(
                &entry.path(),
                format!("cannot carry this entry over into the new output: {e}"),
            ));
        }
        carried.push(name);
    }
    Ok(carried)
}

fn put_back(carried: &[OsString], staging: &Path, target: &Path) {
    for name in carried {
        let _ = fs::rename(staging.join(name), target.join(name));
    }
}

/// Puts `staging` in place of `target` and returns where the old output is
/// now. On Linux the two folders are exchanged in one step, so `target`
/// never goes missing; elsewhere (or where the filesystem can't exchange)
/// the old output is renamed aside first.
fn swap(staging: &Path, target: &Path, name: &str, exchange: bool) -> Result<PathBuf, WriteError> {
    #[cfg(target_os = "linux")]
    if exchange {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        use rustix::io::Errno;
        match renameat_with(CWD, staging, CWD, target, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(staging.to_path_buf()),
            Err(e) if e == Errno::INVAL || e == Errno::NOSYS || e == Errno::OPNOTSUPP => {}
            Err(e) => {
                return Err(error(
                    target,
                    format!("cannot swap the new output into place: {e}"),
                ));
            }
        }
    }
    let _ = exchange;
    let parent = staging.parent().unwrap_or(Path::new("."));
    let backup = create_marked_dir(parent, name, "old")?;
    // A rename replaces only an empty folder.
    remove_tree(&backup).map_err(|e| error(&backup, e))?;
    fs::rename(target, &backup)
        .map_err(|e| error(target, format!("cannot move the old output aside: {e}")))?;
    if let Err(e) = fs::rename(staging, target) {
        if let Err(back) = fs::rename(&backup, target) {
            return Err(error(
                target,
                format!(
                    "cannot move the new output into place ({e}), nor the old one back ({back}); \
                     the old output is in {}",
                    backup.display()
                ),
            ));
        }
        return Err(error(
            target,
            format!("cannot move the new output into place: {e}"),
        ));
    }
    Ok(backup)
}

/// Removes staging folders (and old outputs) left by builds that were
/// killed: real folders beside the output, never links, that carry a staging
/// mark for this output whose process is no longer running.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefix = format!("{name}.");
    for entry in entries.filter_map(Result::ok) {
        let is_sibling = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(&prefix));
        let is_real_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_sibling || !is_real_dir {
            continue;
        }
        let path = entry.path();
        let Some(mark) = read_staging_mark(&path) else {
            continue;
        };
        if mark.output == name && !may_be_running(mark.pid) {
            let _ = remove_tree(&path);
        }
    }
}

/// Whether process `pid` may still be running (yes, where that can't be told).
fn may_be_running(pid: u32) -> bool {
    pid == std::process::id()
        || !Path::new("/proc/self").exists()
        || Path::new(&format!("/proc/{pid}")).exists()
}

/// Removes `path` and everything under it without ever following a symbolic
/// link: a link is removed itself, never what it points to. The top two
/// levels go in parallel (an old national site is thousands of folders).
/// A staging mark at the top goes last, so a removal cut short still leaves
/// a folder the next build recognises as its own.
pub fn remove_tree(path: &Path) -> io::Result<()> {
    let meta = fs::symlink_metadata(path)?;
    if !meta.is_dir() {
        return remove_non_dir(path);
    }
    remove_children(path, 1, STAGING_MARK)?;
    match fs::remove_file(path.join(STAGING_MARK)) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    fs::remove_dir(path)
}

/// Removes everything in the real folder `dir` but `keep`, in parallel down
/// to `depth` more levels.
fn remove_children(dir: &Path, depth: u32, keep: &str) -> io::Result<()> {
    use rayon::prelude::*;
    let entries = fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries
        .par_iter()
        .filter(|entry| entry.file_name() != keep)
        .map(|entry| {
            let path = entry.path();
            // The entry's own type: a link to a folder is not a folder here.
            if !entry.file_type()?.is_dir() {
                remove_non_dir(&path)
            } else if depth == 0 {
                // Does not follow links either (std's fix for CVE-2022-21658).
                fs::remove_dir_all(&path)
            } else {
                remove_children(&path, depth - 1, "")?;
                fs::remove_dir(&path)
            }
        })
        .reduce(|| Ok(()), Result::and)
}

/// Removes a file or a link (on Windows a link to a folder needs `remove_dir`,
/// which removes the link, not the folder).
fn remove_non_dir(path: &Path) -> io::Result<()> {
    fs::remove_file(path).or_else(|e| fs::remove_dir(path).map_err(|_| e))
}

#[cfg(test)]
mod tests;
