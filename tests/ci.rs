//! CI integration (issue 9, item 4): the recipes under `docs/ci/` are run as
//! written, `--format github` prints well-formed workflow annotations naming files
//! from the repository root, and the catalogue is found from the current folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod support;
use support::catalogue::copy_tree;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A repository laid out as the recipes expect: `.git/` and the sample catalogue
/// in `content/`.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    copy_tree(&manifest().join("content"), &dir.path().join("content"));
    dir
}

/// The `procat …` command lines of a recipe, as its shell would run them.
fn procat_commands(recipe: &str) -> Vec<String> {
    let text = fs::read_to_string(manifest().join("docs/ci").join(recipe)).unwrap();
    text.lines()
        .map(str::trim)
        .filter(|line| !line.starts_with('#'))
        .map(|line| line.strip_prefix("- ").unwrap_or(line))
        .map(|line| line.strip_prefix("run:").map_or(line, str::trim))
        .filter(|line| line.starts_with("procat check") || line.starts_with("procat build"))
        .map(str::to_string)
        .collect()
}

/// Runs a command line in `dir` with this build of procat first on the PATH and
/// the variables the recipes read from their CI.
fn run(command: &str, dir: &Path) -> Output {
    let procat = PathBuf::from(env!("CARGO_BIN_EXE_procat"));
    let path = format!(
        "{}:{}",
        procat.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("sh")
        .arg("-c")
        .arg(command)
        .current_dir(dir)
        .env("PATH", path)
        .env("BASE_URL", "https://example.github.io/catalogue")
        .env("CI_PAGES_URL", "https://example.gitlab.io/catalogue")
        .output()
        .unwrap()
}

fn procat(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_procat"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn assert_recipe_runs(recipe: &str, site: &str, base_path: &str) {
    let commands = procat_commands(recipe);
    assert!(
        commands.iter().any(|c| c.starts_with("procat check"))
            && commands.iter().any(|c| c.starts_with("procat build")),
        "{recipe}: {commands:?}"
    );
    let repo = repository();
    for command in &commands {
        let out = run(command, repo.path());
        assert!(
            out.status.success(),
            "{recipe}: `{command}` failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let home = fs::read_to_string(repo.path().join(site).join("index.html")).unwrap();
    assert!(home.contains(&format!("href={base_path}")), "{recipe}");
}

#[test]
fn the_github_actions_recipe_checks_and_builds_the_sample_as_written() {
    assert_recipe_runs("github-actions.yml", "site", "/catalogue/");
}

#[test]
fn the_gitlab_ci_recipe_checks_and_builds_the_sample_into_public() {
    assert_recipe_runs("gitlab-ci.yml", "public", "/catalogue/");
}

/// `::error file=…,line=…,col=…,title=…::message` by GitHub's rules: known
/// properties, no unescaped `:` or `,` in their values, one line each.
fn assert_annotation(line: &str, repo: &Path) {
    let rest = line
        .strip_prefix("::error ")
        .or_else(|| line.strip_prefix("::warning "))
        .unwrap_or_else(|| panic!("not an annotation: {line}"));
    let (properties, message) = rest
        .split_once("::")
        .unwrap_or_else(|| panic!("no message: {line}"));
    assert!(
        !message.is_empty() && !message.contains(['\n', '\r']),
        "{line}"
    );
    for property in properties.split(',') {
        let (key, value) = property
            .split_once('=')
            .unwrap_or_else(|| panic!("bad property `{property}` in {line}"));
        assert!(!value.is_empty() && !value.contains(':'), "{line}");
        match key {
            "file" => assert!(
                repo.join(value).is_file(),
                "no file {value} in the repository: {line}"
            ),
            "line" | "col" => assert!(value.parse::<u32>().is_ok_and(|n| n > 0), "{line}"),
            "title" => assert!(value.len() == 4, "{line}"),
            _ => panic!("unknown property {key}: {line}"),
        }
    }
}

#[test]
fn the_github_recipe_check_annotates_an_error_at_its_line_from_the_repository_root() {
    let repo = repository();
    let procedure = repo.path().join("content/procedures/ho-tich/1.001193.md");
    let text = fs::read_to_string(&procedure).unwrap();
    fs::write(&procedure, text.replacen("sector:", "secotr:", 1)).unwrap();
    let broken_line = text.lines().position(|l| l.starts_with("sector:")).unwrap() + 1;
    fs::write(
        repo.path().join("content/decisions/qd-9-2025.yml"),
        "number: 9\n",
    )
    .unwrap();
    let check = procat_commands("github-actions.yml")
        .into_iter()
        .find(|c| c.starts_with("procat check"))
        .unwrap();
    assert!(check.contains("--format github"), "{check}");
    let out = run(&check, repo.path());
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.trim().is_empty());
    for line in stdout.lines() {
        assert_annotation(line, repo.path());
    }
    let expected = format!(
        "::error file=content/procedures/ho-tich/1.001193.md,line={broken_line},col=1,title=E201::unknown key `secotr` in procedure%0Ahint: did you mean `sector`?"
    );
    assert!(stdout.lines().any(|l| l == expected), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("::error file=content/decisions/qd-9-2025.yml,title=E209::")),
        "{stdout}"
    );
    // From inside the catalogue, the paths are still from the repository root.
    let inside = procat(
        &["check", "--format", "github"],
        &repo.path().join("content"),
    );
    assert_eq!(String::from_utf8_lossy(&inside.stdout), stdout);
}

#[test]
fn check_and_build_find_the_catalogue_from_the_current_folder() {
    let repo = repository();
    let content = repo.path().join("content");
    // The folder above `content/`.
    let out = procat(&["check"], repo.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = procat(&["build", "--as-of", "2026-11-26"], repo.path());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(repo.path().join("output/index.html").is_file());
    // The catalogue itself.
    let out = procat(&["check", "--as-of", "2030-01-01"], &content);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // There, the default `output` would be inside the catalogue: refused, with a way out.
    let out = procat(&["build"], &content);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--output ../site"), "{stderr}");
    assert!(!content.join("output").exists());
    let out = procat(&["build", "--output", "../site"], &content);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(repo.path().join("site/index.html").is_file());
}

#[test]
fn without_a_catalogue_in_sight_the_message_says_to_pass_content() {
    let empty = tempfile::tempdir().unwrap();
    for command in ["check", "build"] {
        let out = procat(&[command], empty.path());
        assert_eq!(out.status.code(), Some(2), "{command}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("--content"), "{command}: {stderr}");
        assert!(stderr.contains("site.yaml"), "{command}: {stderr}");
    }
    let out = procat(&["check", "--format", "github"], empty.path());
    assert!(
        String::from_utf8_lossy(&out.stdout).starts_with("::error title=procat::no catalogue here"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn check_refuses_an_as_of_that_is_not_a_date() {
    let repo = repository();
    let out = procat(&["check", "--as-of", "01/03/2026"], repo.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2024-06-01"));
}
