//! Catalogues for tests: copies of the fixtures to change in a temporary folder.
#![allow(dead_code)]

use std::fs;
use std::path::Path;

/// Copies the folder `from` (a fixture catalogue) into `to`, which may exist.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}
