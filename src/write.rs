//! The only stage that touches the output folder.
//!
//! A build writes into a fresh staging folder beside the output
//! (`OUTPUT.tmp-PID`) and, once everything is written, swaps it in whole: the
//! old output is renamed aside, the new one renamed into place, the old one
//! removed. Until the swap the previous output is untouched, so a failed or
//! interrupted build never leaves a half-written or emptied site, and files of
//! earlier builds that no longer exist are gone afterwards.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

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

/// A staging folder for one build. Dropped without [`Staging::commit`], it is
/// removed and the output stays as it was.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder beside `target`, after checking that
    /// `target` is something a build may replace.
    pub fn create(target: &Path) -> Result<Staging, WriteError> {
        check_replaceable(target)?;
        let name = target
            .file_name()
            .ok_or_else(|| error(target, "the output folder needs a name (not `/` or `..`)"))?
            .to_string_lossy()
            .into_owned();
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).map_err(|e| error(&parent, e))?;
        remove_leftovers(&parent, &name);
        let dir = parent.join(format!("{name}.tmp-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| error(&dir, e))?;
        }
        fs::create_dir(&dir).map_err(|e| error(&dir, e))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Swaps the staging folder in as the output.
    pub fn commit(mut self) -> Result<(), WriteError> {
        let target = self.target.clone();
        if target.exists() {
            let name = target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let backup = self
                .dir
                .with_file_name(format!("{name}.old-{}", std::process::id()));
            if backup.exists() {
                fs::remove_dir_all(&backup).map_err(|e| error(&backup, e))?;
            }
            fs::rename(&target, &backup)
                .map_err(|e| error(&target, format!("cannot move the old output aside: {e}")))?;
            if let Err(e) = fs::rename(&self.dir, &target) {
                // Put the old output back; the staging folder is removed on drop.
                let _ = fs::rename(&backup, &target);
                return Err(error(
                    &target,
                    format!("cannot move the new output into place: {e}"),
                ));
            }
            self.committed = true;
            // The new site is in place; a leftover backup is untidy but harmless.
            remove_in_parallel(&backup);
        } else {
            fs::rename(&self.dir, &target).map_err(|e| {
                error(
                    &target,
                    format!("cannot move the new output into place: {e}"),
                )
            })?;
            self.committed = true;
        }
        Ok(())
    }
}

/// Removes `NAME.tmp-PID` and `NAME.old-PID` folders left by builds that were
/// killed: those whose process is no longer running (where that can be told).
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let pid = [".tmp-", ".old-"].iter().find_map(|sep| {
            file_name
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix(sep))
                .and_then(|pid| pid.parse::<u32>().ok())
        });
        let Some(pid) = pid else {
            continue;
        };
        let running = pid == std::process::id()
            || !Path::new("/proc/self").exists()
            || Path::new(&format!("/proc/{pid}")).exists();
        if !running && entry.path().is_dir() {
            remove_in_parallel(&entry.path());
        }
    }
}

/// Removes a folder, its top-level entries in parallel: an old national site is
/// thousands of folders, and unlinking them one thread at a time is slow.
fn remove_in_parallel(dir: &Path) {
    use rayon::prelude::*;
    let entries: Vec<_> = fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.par_iter().for_each(|path| {
        let entries: Vec<_> = fs::read_dir(path)
            .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.par_iter().for_each(|p| {
            let _ = fs::remove_dir_all(p).or_else(|_| fs::remove_file(p));
        });
        let _ = fs::remove_dir_all(path).or_else(|_| fs::remove_file(path));
    });
    let _ = fs::remove_dir_all(dir);
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Refuses to replace something that is not a site built before: a file, or a
/// folder with files but no `index.html` (someone's documents, the catalogue).
fn check_replaceable(target: &Path) -> Result<(), WriteError> {
    let meta = match fs::symlink_metadata(target) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(error(target, e)),
    };
    if !meta.is_dir() {
        return Err(error(
            target,
            "the output exists and is not a folder; choose another --output",
        ));
    }
    let mut entries = fs::read_dir(target).map_err(|e| error(target, e))?;
    let empty = entries.next().is_none();
    if !empty && !target.join("index.html").is_file() {
        return Err(error(
            target,
            "the output folder is not empty and does not look like a built site (no index.html); \
             remove it or choose another --output",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_left_by_a_killed_build_are_removed_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("output");
        // No process has this id (Linux caps pids far below it).
        let leftover = dir.path().join("output.tmp-4000000000");
        fs::create_dir_all(leftover.join("procedures")).unwrap();
        let staging = Staging::create(&target).unwrap();
        assert!(!leftover.exists());
        staging.commit().unwrap();
        assert!(target.is_dir());
    }

    #[test]
    fn a_dropped_staging_folder_leaves_the_old_output_alone() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let target = tmp.path().join("output");
        fs::create_dir(&target).unwrap_or_else(|e| panic!("{e}"));
        fs::write(target.join("index.html"), "old").unwrap_or_else(|e| panic!("{e}"));
        {
            let staging = Staging::create(&target).unwrap_or_else(|e| panic!("{e}"));
            fs::write(staging.dir().join("index.html"), "new").unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap_or_default(),
            "old"
        );
        assert_eq!(fs::read_dir(tmp.path()).map(|d| d.count()).unwrap_or(0), 1);
    }

    #[test]
    fn commit_replaces_the_whole_output() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let target = tmp.path().join("output");
        fs::create_dir(&target).unwrap_or_else(|e| panic!("{e}"));
        fs::write(target.join("index.html"), "old").unwrap_or_else(|e| panic!("{e}"));
        fs::write(target.join("stale.html"), "old").unwrap_or_else(|e| panic!("{e}"));
        let staging = Staging::create(&target).unwrap_or_else(|e| panic!("{e}"));
        fs::write(staging.dir().join("index.html"), "new").unwrap_or_else(|e| panic!("{e}"));
        staging.commit().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            fs::read_to_string(target.join("index.html")).unwrap_or_default(),
            "new"
        );
        assert!(!target.join("stale.html").exists());
        assert_eq!(fs::read_dir(tmp.path()).map(|d| d.count()).unwrap_or(0), 1);
    }

    #[test]
    fn a_folder_that_is_not_a_site_is_never_replaced() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        fs::write(tmp.path().join("notes.txt"), "mine").unwrap_or_else(|e| panic!("{e}"));
        assert!(Staging::create(tmp.path()).is_err());
    }
}
