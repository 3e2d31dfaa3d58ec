//! Where things are when the command line does not say: the catalogue folder
//! (SPEC §6) and the repository around it, from which CI annotations name files.

use std::fmt;
use std::path::{Path, PathBuf};

/// How the catalogue folder was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// Named with `--content`.
    Given,
    /// The current folder, which holds `site.yaml`.
    CurrentFolder,
    /// `content/` under the current folder.
    ContentFolder,
}

/// Neither the current folder nor `content/` under it is a catalogue (exit 2).
#[derive(Debug)]
pub struct NoCatalogue {
    pub cwd: PathBuf,
}

impl fmt::Display for NoCatalogue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no catalogue here: {} holds no `site.yaml` and no `content/` folder; \
             run procat in the catalogue folder (or the one above `content/`), \
             or pass --content DIR",
            self.cwd.display()
        )
    }
}

impl std::error::Error for NoCatalogue {}

/// The catalogue folder: `given` when there is one; otherwise the current folder
/// `cwd` when it holds `site.yaml`, else `content/` when it exists.
pub fn catalogue(given: Option<&Path>, cwd: &Path) -> Result<(PathBuf, Found), NoCatalogue> {
    if let Some(dir) = given {
        return Ok((dir.to_path_buf(), Found::Given));
    }
    if cwd.join("site.yaml").is_file() {
        return Ok((PathBuf::from("."), Found::CurrentFolder));
    }
    if cwd.join("content").is_dir() {
        return Ok((PathBuf::from("content"), Found::ContentFolder));
    }
    Err(NoCatalogue {
        cwd: cwd.to_path_buf(),
    })
}

/// The top folder of the git repository holding `path` (the nearest folder above
/// it, itself included, with a `.git` folder or file), if any. `path` is made
/// absolute and free of links first.
pub fn repository_root(path: &Path) -> Option<PathBuf> {
    let real = std::fs::canonicalize(path).ok()?;
    real.ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_folder_wins_over_content_and_a_given_folder_over_both() {
        let dir = tempfile::tempdir().unwrap();
        let cwd = dir.path();
        assert!(catalogue(None, cwd).is_err());
        std::fs::create_dir(cwd.join("content")).unwrap();
        assert_eq!(
            catalogue(None, cwd).unwrap(),
            (PathBuf::from("content"), Found::ContentFolder)
        );
        std::fs::write(cwd.join("site.yaml"), "title: x\n").unwrap();
        assert_eq!(
            catalogue(None, cwd).unwrap(),
            (PathBuf::from("."), Found::CurrentFolder)
        );
        let given = Path::new("elsewhere");
        assert_eq!(
            catalogue(Some(given), cwd).unwrap(),
            (given.to_path_buf(), Found::Given)
        );
    }

    #[test]
    fn the_repository_root_is_the_nearest_folder_with_git() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("repo/content/procedures");
        std::fs::create_dir_all(&inner).unwrap();
        std::fs::create_dir(dir.path().join("repo/.git")).unwrap();
        let root = repository_root(&inner).unwrap();
        assert_eq!(
            root,
            std::fs::canonicalize(dir.path().join("repo")).unwrap()
        );
    }
}
