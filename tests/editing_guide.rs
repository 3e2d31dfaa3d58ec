//! The editors' guide (`docs/editing.md`, issue 9 item 7): the example files it
//! walks through are one catalogue, and that catalogue checks without a problem.

use std::fs;
use std::path::Path;
use std::process::Command;

/// Every example file of the guide: a line "File `content/PATH`:", a blank line,
/// then a fenced block holding the file exactly.
fn example_files() -> Vec<(String, String)> {
    let guide = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/editing.md");
    let text = fs::read_to_string(guide).unwrap();
    let mut lines = text.lines();
    let mut files = Vec::new();
    while let Some(line) = lines.next() {
        let Some(path) = line
            .strip_prefix("File `content/")
            .and_then(|rest| rest.strip_suffix("`:"))
        else {
            continue;
        };
        assert_eq!(
            lines.next(),
            Some(""),
            "{path}: a blank line after its name"
        );
        let fence = lines.next().unwrap_or_default();
        assert!(
            fence.starts_with("```"),
            "{path}: a fenced block after its name"
        );
        let mut body = String::new();
        for line in lines.by_ref() {
            if line == "```" {
                break;
            }
            body.push_str(line);
            body.push('\n');
        }
        files.push((path.to_string(), body));
    }
    files
}

#[test]
fn the_guides_example_files_make_a_catalogue_that_checks_without_a_problem() {
    let files = example_files();
    let kinds = [
        "site.yaml",
        "localities.yaml",
        "sectors.yaml",
        "agencies/",
        "procedures/",
        "decisions/",
    ];
    for kind in kinds {
        assert!(
            files.iter().any(|(path, _)| path.starts_with(kind)),
            "the guide has an example of {kind}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    for (path, body) in &files {
        let target = dir.path().join(path);
        fs::create_dir_all(target.parent().unwrap()).unwrap();
        fs::write(&target, body).unwrap();
        // The forms and documents the examples name, as empty files.
        for word in body.split(|c: char| c.is_whitespace() || c == '"') {
            if let Some(rest) = word.strip_prefix("files/") {
                let file = dir.path().join("files").join(rest);
                fs::create_dir_all(file.parent().unwrap()).unwrap();
                fs::write(file, b"").unwrap();
            }
        }
    }
    let output = Command::new(env!("CARGO_BIN_EXE_procat"))
        .args(["check", "--content"])
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(stderr.contains("0 errors, 0 warnings"), "{stderr}");
}
