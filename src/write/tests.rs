use super::*;

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// A catalogue folder apart from the output.
fn catalogue(tmp: &Path) -> PathBuf {
    let dir = tmp.join("content");
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    dir
}

/// An output folder as a build leaves it: `index.html` and the mark.
fn built_output(target: &Path, index: &str, catalogue: &Path) {
    let staging = Staging::create(target, catalogue).unwrap_or_else(|e| panic!("{e}"));
    fs::write(staging.dir().join("index.html"), index).unwrap_or_else(|e| panic!("{e}"));
    staging.commit().unwrap_or_else(|e| panic!("{e}"));
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_staging_folder_left_by_a_killed_build_is_removed_by_the_next() {
    let tmp = tmp();
    let content = catalogue(tmp.path());
    let target = tmp.path().join("output");
    // No process has this id (Linux caps pids far below it).
    let leftover = tmp.path().join("output.procat-staging-4000000000-0");
    fs::create_dir_all(leftover.join("procedures")).unwrap_or_else(|e| panic!("{e}"));
    fs::write(
        leftover.join(STAGING_MARK),
        r#"{"procat_staging":1,"output":"output","pid":4000000000}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let staging = Staging::create(&target, &content).unwrap_or_else(|e| panic!("{e}"));
    if Path::new("/proc/self").exists() {
        assert!(!leftover.exists());
    }
    staging.commit().unwrap_or_else(|e| panic!("{e}"));
    assert!(target.is_dir());
}

#[test]
fn a_dropped_staging_folder_leaves_the_old_output_alone() {
    let tmp = tmp();
    let content = catalogue(tmp.path());
    let target = tmp.path().join("output");
    built_output(&target, "old", &content);
    {
        let staging = Staging::create(&target, &content).unwrap_or_else(|e| panic!("{e}"));
        fs::write(staging.dir().join("index.html"), "new").unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(
        fs::read_to_string(target.join("index.html")).unwrap_or_default(),
        "old"
    );
    assert_eq!(names(tmp.path()), ["content", "output"]);
}

#[test]
fn commit_replaces_the_whole_output() {
    let tmp = tmp();
    let content = catalogue(tmp.path());
    let target = tmp.path().join("output");
    built_output(&target, "old", &content);
    fs::write(target.join("stale.html"), "old").unwrap_or_else(|e| panic!("{e}"));
    built_output(&target, "new", &content);
    assert_eq!(
        fs::read_to_string(target.join("index.html")).unwrap_or_default(),
        "new"
    );
    assert_eq!(names(&target), [OUTPUT_MARK, "index.html"]);
    assert_eq!(names(tmp.path()), ["content", "output"]);
}

#[test]
fn the_mark_lists_the_entries_procat_wrote() {
    let tmp = tmp();
    let content = catalogue(tmp.path());
    let target = tmp.path().join("output");
    let staging = Staging::create(&target, &content).unwrap_or_else(|e| panic!("{e}"));
    fs::create_dir(staging.dir().join("procedures")).unwrap_or_else(|e| panic!("{e}"));
    fs::write(staging.dir().join("index.html"), "").unwrap_or_else(|e| panic!("{e}"));
    staging.commit().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        fs::read_to_string(target.join(OUTPUT_MARK)).unwrap_or_default(),
        "{\n  \"procat_output\": 1,\n  \"entries\": [\n    \"index.html\",\n    \"procedures\"\n  ]\n}\n"
    );
}

#[test]
fn a_folder_that_is_not_a_site_is_never_replaced() {
    let tmp = tmp();
    let content = catalogue(tmp.path());
    let target = tmp.path().join("output");
    fs::create_dir(&target).unwrap_or_else(|e| panic!("{e}"));
    fs::write(target.join("notes.txt"), "mine").unwrap_or_else(|e| panic!("{e}"));
    assert!(Staging::create(&target, &content).is_err());
}

#[test]
fn the_two_renames_carry_dot_entries_over_when_the_folders_cannot_be_exchanged() {
    let tmp = tmp();
    let content = catalogue(tmp.path());
    let target = tmp.path().join("output");
    built_output(&target, "old", &content);
    fs::create_dir(target.join(".git")).unwrap_or_else(|e| panic!("{e}"));
    let staging = Staging::create(&target, &content).unwrap_or_else(|e| panic!("{e}"));
    fs::write(staging.dir().join("index.html"), "new").unwrap_or_else(|e| panic!("{e}"));
    let Existing::Marked(old) = existing_output(&target).unwrap_or_else(|e| panic!("{e}")) else {
        panic!("the old output is marked");
    };
    let carried = carry_dot_entries(&target, staging.dir(), &old).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(carried, [OsString::from(".git")]);
    let old_output =
        swap(staging.dir(), &target, "output", false).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(names(&target), [".git", STAGING_MARK, "index.html"]);
    assert_eq!(names(&old_output), [OUTPUT_MARK, "index.html"]);
    remove_tree(&old_output).unwrap_or_else(|e| panic!("{e}"));
}

#[cfg(unix)]
#[test]
fn removing_a_tree_removes_links_not_their_targets() {
    let tmp = tmp();
    let victim = tmp.path().join("victim");
    fs::create_dir_all(victim.join("inner")).unwrap_or_else(|e| panic!("{e}"));
    fs::write(victim.join("inner/keep.txt"), "keep").unwrap_or_else(|e| panic!("{e}"));
    let tree = tmp.path().join("tree");
    fs::create_dir_all(tree.join("a/b/c")).unwrap_or_else(|e| panic!("{e}"));
    for link in ["top", "a/second", "a/b/third", "a/b/c/fourth"] {
        std::os::unix::fs::symlink(&victim, tree.join(link)).unwrap_or_else(|e| panic!("{e}"));
    }
    remove_tree(&tree).unwrap_or_else(|e| panic!("{e}"));
    assert!(!tree.exists());
    assert_eq!(
        fs::read_to_string(victim.join("inner/keep.txt")).unwrap_or_default(),
        "keep"
    );
}
