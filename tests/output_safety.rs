//! The output folder belongs to the operator: what `procat build` may replace,
//! what it carries over, what it never deletes (issue 7, classes 1 to 3).

use procat::build::{BuildError, BuildOptions, build};
use procat::write::{OUTPUT_MARK, STAGING_MARK, Staging};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const SMALL: &str = "tests/fixtures/site-small";

fn scratch(name: &str) -> PathBuf {
    tempfile::Builder::new()
        .prefix(&format!("procat-output-{name}-"))
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
        .unwrap_or_else(|e| panic!("scratch dir: {e}"))
        .keep()
}

fn options(content: &Path, output: &Path) -> BuildOptions {
    BuildOptions {
        content: content.to_path_buf(),
        output: output.to_path_buf(),
        as_of: "2025-01-01".parse().unwrap_or_else(|e| panic!("{e}")),
        base_url: None,
        progress: false,
    }
}

fn built(content: &Path, output: &Path) {
    if let Err(e) = build(&options(content, output)) {
        panic!("build into {} failed:\n{e}", output.display());
    }
}

/// The message of a build that must be refused before it writes anything.
fn refused(content: &Path, output: &Path) -> String {
    match build(&options(content, output)) {
        Err(BuildError::Fatal(message)) => message,
        Err(other) => panic!("expected a refusal, got {other}"),
        Ok(_) => panic!("the build into {} was not refused", output.display()),
    }
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every file under `root` (links listed as `-> target`, not followed).
fn snapshot(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap_or_else(|e| panic!("{e}"));
        let rel = entry
            .path()
            .strip_prefix(root)
            .map(|r| r.to_string_lossy().into_owned())
            .unwrap_or_default();
        let value = if entry.path_is_symlink() {
            format!("-> {:?}", fs::read_link(entry.path()).ok())
        } else if entry.file_type().is_file() {
            read(entry.path())
        } else {
            "/".to_string()
        };
        out.insert(rel, value);
    }
    out
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

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("{e}"));
    for entry in fs::read_dir(from)
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
    {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            fs::copy(&path, &target).unwrap_or_else(|e| panic!("{e}"));
        }
    }
}

/// A victim folder outside everything procat is given.
fn victim(dir: &Path) -> PathBuf {
    let victim = dir.join("victim");
    write(&victim.join("precious.txt"), "do not delete");
    write(&victim.join("inner/also.txt"), "nor this");
    victim
}

fn assert_victim_intact(victim: &Path) {
    assert_eq!(read(&victim.join("precious.txt")), "do not delete");
    assert_eq!(read(&victim.join("inner/also.txt")), "nor this");
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap_or_else(|e| panic!("{e}"));
}

// ------------------------------------------------- 1. what may be replaced

#[test]
fn a_users_folder_with_an_index_html_is_refused_and_left_as_it_was() {
    let dir = scratch("users-site");
    let output = dir.join("site");
    write(&output.join("index.html"), "<h1>My own site</h1>");
    write(&output.join(".git/HEAD"), "ref: refs/heads/main\n");
    write(&output.join("photos/family.jpg"), "jpeg");
    let before = snapshot(&output);

    let message = refused(Path::new(SMALL), &output);
    assert!(message.contains(OUTPUT_MARK), "{message}");
    assert!(message.contains("Choose a new --output"), "{message}");
    assert!(message.contains("older procat"), "{message}");
    assert_eq!(snapshot(&output), before);
    assert_eq!(names(&dir), ["site"], "no staging folder left behind");
}

#[test]
fn the_command_line_refuses_a_users_folder_with_exit_2() {
    let dir = scratch("cli");
    let output = dir.join("site");
    write(&output.join("index.html"), "mine");
    let out = Command::new(env!("CARGO_BIN_EXE_procat"))
        .args(["build", "--content", SMALL, "--output"])
        .arg(&output)
        .args(["--as-of", "2025-01-01"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("was not built by procat"), "{stderr}");
    assert_eq!(read(&output.join("index.html")), "mine");
}

#[test]
fn a_new_or_empty_folder_is_built_without_a_flag_and_marked() {
    let dir = scratch("empty");
    let empty = dir.join("empty");
    fs::create_dir(&empty).unwrap_or_else(|e| panic!("{e}"));
    built(Path::new(SMALL), &empty);
    built(Path::new(SMALL), &dir.join("new/deeper/site"));
    for site in [empty, dir.join("new/deeper/site")] {
        assert!(site.join("index.html").is_file());
        let mark = read(&site.join(OUTPUT_MARK));
        assert!(mark.contains("\"procat_output\": 1"), "{mark}");
        assert!(mark.contains("\"index.html\""), "{mark}");
        assert!(
            !site.join(STAGING_MARK).exists(),
            "the staging mark is not published"
        );
    }
}

#[test]
fn the_mark_has_the_same_bytes_for_the_same_catalogue_and_is_not_in_the_sitemap() {
    let dir = scratch("mark");
    built(Path::new(SMALL), &dir.join("one"));
    built(Path::new(SMALL), &dir.join("two"));
    let one = read(&dir.join("one").join(OUTPUT_MARK));
    assert_eq!(one, read(&dir.join("two").join(OUTPUT_MARK)));
    let listed: Vec<String> = names(&dir.join("one"))
        .into_iter()
        .filter(|n| n != OUTPUT_MARK)
        .map(|n| format!("\"{n}\""))
        .collect();
    assert!(listed.iter().all(|n| one.contains(n)), "{one}");
    assert!(!read(&dir.join("one/sitemap.xml")).contains(".procat"));
}

#[test]
fn the_catalogue_itself_is_never_the_output() {
    let dir = scratch("is-catalogue");
    let content = dir.join("content");
    copy_dir(Path::new(SMALL), &content);
    // Even looking like a site built before, with an index.html and a mark.
    write(&content.join("index.html"), "<p>notes</p>");
    write(
        &content.join(OUTPUT_MARK),
        "{\"procat_output\": 1, \"entries\": []}",
    );
    let before = snapshot(&content);
    let message = refused(&content, &content);
    assert!(message.contains("is the catalogue"), "{message}");
    assert_eq!(snapshot(&content), before);
    assert_eq!(names(&dir), ["content"]);
}

#[test]
fn an_output_that_holds_the_catalogue_is_refused() {
    let dir = scratch("holds-catalogue");
    let project = dir.join("project");
    copy_dir(Path::new(SMALL), &project.join("content"));
    write(&project.join("index.html"), "<p>project page</p>");
    write(
        &project.join(OUTPUT_MARK),
        "{\"procat_output\": 1, \"entries\": [\"index.html\"]}",
    );
    let before = snapshot(&project);
    let message = refused(&project.join("content"), &project);
    assert!(message.contains("contains the catalogue"), "{message}");
    assert_eq!(snapshot(&project), before);
}

#[cfg(unix)]
#[test]
fn an_output_inside_the_catalogue_is_refused_even_through_a_link() {
    let dir = scratch("inside-catalogue");
    let content = dir.join("content");
    copy_dir(Path::new(SMALL), &content);
    let before = snapshot(&content);
    let message = refused(&content, &content.join("site"));
    assert!(message.contains("inside the catalogue"), "{message}");
    symlink(&content, &dir.join("link"));
    let message = refused(&content, &dir.join("link/public/site"));
    assert!(message.contains("inside the catalogue"), "{message}");
    assert_eq!(snapshot(&content), before);
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_link_is_refused_and_its_target_kept() {
    let dir = scratch("output-link");
    let victim = victim(&dir);
    symlink(&victim, &dir.join("output"));
    let message = refused(Path::new(SMALL), &dir.join("output"));
    assert!(message.contains("symbolic link"), "{message}");
    assert_victim_intact(&victim);
}

// -------------------------------------------- 2. dot entries carried over

#[test]
fn dot_entries_a_user_added_to_the_output_survive_a_rebuild() {
    let dir = scratch("dot-entries");
    let output = dir.join("output");
    built(Path::new(SMALL), &output);
    write(&output.join(".git/HEAD"), "ref: refs/heads/gh-pages\n");
    write(
        &output.join(".well-known/security.txt"),
        "Contact: x@example.org\n",
    );
    write(&output.join(".nojekyll"), "");
    write(&output.join("added-by-hand.html"), "stale");

    built(Path::new(SMALL), &output);
    assert_eq!(
        read(&output.join(".git/HEAD")),
        "ref: refs/heads/gh-pages\n"
    );
    assert_eq!(
        read(&output.join(".well-known/security.txt")),
        "Contact: x@example.org\n"
    );
    assert!(output.join(".nojekyll").is_file());
    assert!(!output.join("added-by-hand.html").exists());
    assert!(!read(&output.join(OUTPUT_MARK)).contains(".git"));
    assert_eq!(names(&dir), ["output"], "no old output left behind");
}

// ------------------------------------------- 3. removal never follows links

#[cfg(unix)]
#[test]
fn links_in_the_old_output_are_removed_not_followed() {
    let dir = scratch("links-in-output");
    let victim = victim(&dir);
    let output = dir.join("output");
    built(Path::new(SMALL), &output);
    symlink(&victim, &output.join("top-link"));
    symlink(&victim, &output.join("procedures/second-link"));
    let procedure = fs::read_dir(output.join("procedures"))
        .unwrap_or_else(|e| panic!("{e}"))
        .flatten()
        .find(|e| e.path().is_dir())
        .map(|e| e.path())
        .unwrap_or_else(|| panic!("no procedure folder"));
    symlink(&victim, &procedure.join("third-link"));

    built(Path::new(SMALL), &output);
    assert_victim_intact(&victim);
    assert!(fs::symlink_metadata(output.join("top-link")).is_err());
    assert!(output.join("index.html").is_file());
}

#[cfg(unix)]
#[test]
fn a_planted_link_named_like_a_staging_folder_is_left_alone() {
    let dir = scratch("planted-link");
    let victim = victim(&dir);
    let planted = [
        "output.tmp-4000000000",
        "output.old-4000000000",
        "output.procat-staging-4000000000-0",
    ];
    for name in planted {
        symlink(&victim, &dir.join(name));
    }
    // A link to a folder that carries procat's staging mark of a dead build.
    write(
        &victim.join(STAGING_MARK),
        "{\"procat_staging\":1,\"output\":\"output\",\"pid\":4000000000}",
    );
    built(Path::new(SMALL), &dir.join("output"));
    assert_victim_intact(&victim);
    for name in planted {
        assert!(fs::symlink_metadata(dir.join(name)).is_ok(), "{name} kept");
    }
}

#[test]
fn folders_beside_the_output_without_procats_mark_stay() {
    let dir = scratch("user-folders");
    for name in ["site.old-20240315", "site.tmp-4000000000"] {
        write(&dir.join(name).join("notes.txt"), "mine");
    }
    built(Path::new(SMALL), &dir.join("site"));
    built(Path::new(SMALL), &dir.join("site"));
    for name in ["site.old-20240315", "site.tmp-4000000000"] {
        assert_eq!(read(&dir.join(name).join("notes.txt")), "mine", "{name}");
    }
}

#[cfg(unix)]
#[test]
fn a_killed_builds_staging_folder_is_removed_without_following_its_links() {
    let dir = scratch("killed");
    let victim = victim(&dir);
    let leftover = dir.join("output.procat-staging-4000000000-3");
    write(
        &leftover.join(STAGING_MARK),
        "{\"procat_staging\":1,\"output\":\"output\",\"pid\":4000000000}",
    );
    write(&leftover.join("index.html"), "half written");
    fs::create_dir_all(leftover.join("procedures")).unwrap_or_else(|e| panic!("{e}"));
    symlink(&victim, &leftover.join("procedures/link"));
    symlink(&victim, &leftover.join("link"));
    built(Path::new(SMALL), &dir.join("output"));
    if Path::new("/proc/self").exists() {
        assert!(!leftover.exists(), "the leftover is removed");
    }
    assert_victim_intact(&victim);
}

#[cfg(target_os = "linux")]
#[test]
fn the_staging_folder_of_a_running_build_is_kept() {
    let dir = scratch("running");
    let other = dir.join("output.procat-staging-1-0");
    // Process 1 always runs.
    write(
        &other.join(STAGING_MARK),
        "{\"procat_staging\":1,\"output\":\"output\",\"pid\":1}",
    );
    built(Path::new(SMALL), &dir.join("output"));
    assert!(other.join(STAGING_MARK).is_file());
}

// ------------------------------------------------ 5. the swap is one step

#[cfg(target_os = "linux")]
#[test]
fn a_reader_never_finds_the_output_missing_during_rebuilds() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
    let dir = scratch("swap");
    let content = dir.join("content");
    fs::create_dir(&content).unwrap_or_else(|e| panic!("{e}"));
    let output = dir.join("output");
    let rebuild = |n: usize| {
        let staging = Staging::create(&output, &content).unwrap_or_else(|e| panic!("{e}"));
        write(&staging.dir().join("index.html"), &format!("build {n}"));
        for page in 0..20 {
            write(
                &staging.dir().join(format!("procedures/{page}/index.html")),
                "page",
            );
        }
        staging.commit().unwrap_or_else(|e| panic!("{e}"));
    };
    rebuild(0);

    let done = Arc::new(AtomicBool::new(false));
    let missing = Arc::new(AtomicU64::new(0));
    let reader = {
        let (done, missing, index) = (
            Arc::clone(&done),
            Arc::clone(&missing),
            output.join("index.html"),
        );
        std::thread::spawn(move || {
            let mut reads = 0u64;
            while !done.load(Ordering::Relaxed) {
                if fs::metadata(&index).is_err() {
                    missing.fetch_add(1, Ordering::Relaxed);
                }
                reads += 1;
            }
            reads
        })
    };
    for n in 1..=50 {
        rebuild(n);
    }
    done.store(true, Ordering::Relaxed);
    let reads = reader
        .join()
        .unwrap_or_else(|_| panic!("the reader panicked"));
    assert!(reads > 0);
    assert_eq!(
        missing.load(Ordering::Relaxed),
        0,
        "output/index.html was missing in some of {reads} reads"
    );
    assert_eq!(read(&output.join("index.html")), "build 50");
    assert_eq!(names(&dir), ["content", "output"]);
}
