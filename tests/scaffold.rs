//! `procat init` and `procat new` from the outside: what they write checks and
//! builds, they never overwrite, and they refuse names that would not load.

use procat::build::{BuildOptions, build};
use procat::check::check_catalogue;
use procat::load::definitions::{self, Record, Shape};
use procat::scaffold::{self, CONTENT, NewKind, SCHEMAS};
use procat::yaml::{Node, NodeKind};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn procat(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_procat"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A new project in a temporary folder: (the temporary folder, the project).
fn new_project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("thu-tuc");
    scaffold::init(&project).unwrap();
    (dir, project)
}

/// Every diagnostic of the catalogue, as `CODE path:line message` lines.
fn diagnostics(content: &Path) -> Vec<String> {
    check_catalogue(content)
        .unwrap()
        .diagnostics
        .iter()
        .map(|d| format!("{} {}:{} {}", d.code, d.loc.path, d.loc.line, d.message))
        .collect()
}

#[test]
fn init_writes_a_catalogue_that_checks_without_a_problem_and_builds() {
    let (dir, project) = new_project();
    let content = project.join(CONTENT);
    assert_eq!(diagnostics(&content), Vec::<String>::new());
    let output = dir.path().join("site");
    let summary = build(&BuildOptions {
        content: content.clone(),
        output: output.clone(),
        as_of: procat::load::fields::parse_date("2026-01-01").unwrap(),
        base_url: None,
        progress: false,
    })
    .unwrap();
    assert!(summary.warnings.is_empty());
    let page = fs::read_to_string(output.join("procedures/1.001233/index.html")).unwrap();
    assert!(page.contains("Cấp Phiếu lý lịch tư pháp"));
}

#[test]
fn init_writes_the_project_files_around_the_catalogue() {
    let (_dir, project) = new_project();
    for file in [
        ".gitignore",
        ".github/workflows/procat.yml",
        ".vscode/settings.json",
        ".vscode/extensions.json",
        "README.md",
        "content/site.yaml",
        "content/localities.yaml",
        "content/sectors.yaml",
    ] {
        assert!(project.join(file).is_file(), "{file} is missing");
    }
    let gitignore = fs::read_to_string(project.join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "output/"));
}

#[test]
fn each_file_of_the_new_catalogue_is_commented_in_vietnamese_and_english() {
    let (_dir, project) = new_project();
    let content = project.join(CONTENT);
    for entry in walkdir::WalkDir::new(&content) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if !entry.file_type().is_file() || name.starts_with('.') {
            continue;
        }
        let text = fs::read_to_string(entry.path()).unwrap();
        let comments: String = text
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        // Vietnamese is recognisable by its letters; English by its words.
        assert!(
            comments.contains(['ư', 'ơ', 'đ', 'ă', 'ạ', 'ị', 'ủ', 'ố']),
            "{name} has no Vietnamese comment"
        );
        assert!(
            comments.contains(" the ") || comments.contains("The "),
            "{name} has no English comment"
        );
    }
}

#[test]
fn the_new_locality_tree_has_communes_right_under_the_province() {
    let (_dir, project) = new_project();
    let checked = check_catalogue(&project.join(CONTENT)).unwrap();
    let localities = &checked.catalogue.localities;
    let root: Vec<_> = localities.iter().filter(|l| l.parents.is_empty()).collect();
    assert_eq!(root.len(), 1);
    assert_eq!(root[0].level, procat::model::LocalityLevel::Province);
    for l in localities.iter().filter(|l| !l.parents.is_empty()) {
        assert_eq!(
            l.level,
            procat::model::LocalityLevel::Commune,
            "{}",
            l.id.value
        );
        assert_eq!(l.parents.len(), 1, "{}", l.id.value);
        assert_eq!(l.parents[0].id.value, root[0].id.value);
    }
}

/// Every key path (`channels.fees.amount`) a record table allows.
fn table_keys(record: &Record, prefix: &str, out: &mut Vec<String>) {
    for f in record.fields {
        let path = format!("{prefix}{}", f.key);
        out.push(path.clone());
        let mut shape = &f.shape;
        while let Shape::List(inner) = shape {
            shape = inner;
        }
        if let Shape::Record(r) | Shape::Records(r) | Shape::CodesOrRecords(r) = shape {
            table_keys(r, &format!("{path}."), out);
        }
    }
}

/// Every key path written in a YAML tree.
fn written_keys(node: &Node, prefix: &str, out: &mut Vec<String>) {
    match &node.kind {
        NodeKind::Map(entries) => {
            for (k, v) in entries {
                let path = format!("{prefix}{}", k.as_scalar().unwrap());
                out.push(path.clone());
                written_keys(v, &format!("{path}."), out);
            }
        }
        NodeKind::Seq(items) => items.iter().for_each(|i| written_keys(i, prefix, out)),
        _ => {}
    }
}

#[test]
fn the_example_procedure_uses_every_key_a_procedure_has() {
    let (_dir, project) = new_project();
    let text = fs::read_to_string(project.join("content/procedures/1.001233.md")).unwrap();
    let front = text
        .split("\n---\n")
        .next()
        .unwrap()
        .trim_start_matches("---\n");
    let node = procat::yaml::parse(front, 2).unwrap();
    let mut written = Vec::new();
    written_keys(&node, "", &mut written);
    let mut all = Vec::new();
    table_keys(&definitions::PROCEDURE, "", &mut all);
    let missing: Vec<&String> = all.iter().filter(|k| !written.contains(k)).collect();
    assert!(missing.is_empty(), "the example leaves out {missing:?}");
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_leaves_it_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("notes.txt"), "mine").unwrap();
    let out = procat(&["init", "."], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not empty"));
    let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
    assert_eq!(
        fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn the_editor_settings_wire_each_schema_init_writes_to_the_files_it_describes() {
    let (_dir, project) = new_project();
    let settings: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(project.join(".vscode/settings.json")).unwrap())
            .unwrap();
    let schemas = settings["yaml.schemas"].as_object().unwrap();
    assert_eq!(schemas.len(), procat::schema::FILES.len());
    for (schema, globs) in schemas {
        let path = project.join(schema.trim_start_matches("./"));
        assert!(path.is_file(), "{schema} is not written");
        assert!(schema.starts_with(&format!("./{SCHEMAS}/")));
        for glob in globs.as_array().unwrap() {
            assert!(glob.as_str().unwrap().starts_with("content/"), "{glob}");
        }
    }
    let procedure = &schemas["./.procat/schemas/procedure.schema.json"];
    assert!(
        procedure
            .as_array()
            .unwrap()
            .contains(&"content/procedures/*.yaml".into())
    );
}

/// The `run: procat …` lines of the CI workflow that init writes.
fn workflow_commands(project: &Path) -> Vec<String> {
    fs::read_to_string(project.join(".github/workflows/procat.yml"))
        .unwrap()
        .lines()
        .filter_map(|l| l.trim().strip_prefix("run: procat "))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_ci_workflow_checks_pull_requests_and_builds_outside_the_catalogue() {
    let (dir, project) = new_project();
    let commands = workflow_commands(&project);
    assert_eq!(commands.len(), 2, "{commands:?}");
    assert!(commands[0].starts_with("check "));
    assert!(commands[1].starts_with("build "));
    // Run them as CI would, from the project folder, with the runner's temp folder.
    let runner_temp = dir.path().join("runner-temp");
    fs::create_dir(&runner_temp).unwrap();
    let bin = Path::new(env!("CARGO_BIN_EXE_procat")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for command in &commands {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("procat {command}"))
            .current_dir(&project)
            .env("PATH", &path)
            .env("RUNNER_TEMP", &runner_temp)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "`procat {command}` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(runner_temp.join("site/index.html").is_file());
}

/// Fills the blanks of a template written by `procat new`: `key:` lines with
/// nothing after them, by key (the first such line of each key).
fn fill(path: &Path, values: &[(&str, &str)]) {
    let text = fs::read_to_string(path).unwrap();
    let mut out = String::new();
    let mut left: Vec<(&str, &str)> = values.to_vec();
    for line in text.lines() {
        let blank = line.trim_end().strip_suffix(':').map(str::trim_start);
        match blank.and_then(|key| left.iter().position(|(k, _)| *k == key)) {
            Some(i) => {
                let (key, value) = left.remove(i);
                let indent = &line[..line.len() - line.trim_start().len()];
                out.push_str(&format!("{indent}{key}: {value}\n"));
            }
            None => out.push_str(&format!("{line}\n")),
        }
    }
    assert!(
        left.is_empty(),
        "no blank for {left:?} in {}",
        path.display()
    );
    fs::write(path, out).unwrap();
}

#[test]
fn new_records_name_each_blank_to_fill_and_check_clean_once_filled() {
    let (_dir, project) = new_project();
    let content = project.join(CONTENT);
    let procedure = scaffold::new_record(&content, NewKind::Procedure, "1.000001").unwrap();
    let decision = scaffold::new_record(&content, NewKind::Decision, "qd-7-ubnd-2026").unwrap();
    let agency = scaffold::new_record(&content, NewKind::Agency, "ubnd-xa-dong-hoa").unwrap();
    assert_eq!(procedure, content.join("procedures/1.000001.md"));
    assert_eq!(decision, content.join("decisions/qd-7-ubnd-2026.yaml"));
    assert_eq!(agency, content.join("agencies/ubnd-xa-dong-hoa.yaml"));

    // Each required blank is an E200 naming its key, and nothing else is reported.
    let mut got: Vec<String> = check_catalogue(&content)
        .unwrap()
        .diagnostics
        .iter()
        .map(|d| format!("{} {} {}", d.code, d.loc.path, d.message))
        .collect();
    got.sort();
    let mut want = vec![
        "E200 agencies/ubnd-xa-dong-hoa.yaml `locality` of this agency is empty",
        "E200 agencies/ubnd-xa-dong-hoa.yaml `name` of this agency is empty",
        "E200 decisions/qd-7-ubnd-2026.yaml `issuer` of this decision is empty",
        "E200 decisions/qd-7-ubnd-2026.yaml `locality` of this decision is empty",
        "E200 decisions/qd-7-ubnd-2026.yaml `number` of this decision is empty",
        "E200 decisions/qd-7-ubnd-2026.yaml `signed` of this decision is empty",
        "E200 decisions/qd-7-ubnd-2026.yaml `title` of this decision is empty",
        "E200 procedures/1.000001.md `implementing` of this `agencies` is empty",
        "E200 procedures/1.000001.md `levels` of this procedure is empty",
        "E200 procedures/1.000001.md `name` of this procedure is empty",
        "E200 procedures/1.000001.md `sector` of this procedure is empty",
    ];
    want.sort_unstable();
    assert_eq!(got, want);

    fill(
        &procedure,
        &[
            ("name", "Thủ tục thử"),
            ("sector", "ho-tich"),
            ("levels", "[commune]"),
            ("implementing", "[ubnd-xa-dong-hoa]"),
        ],
    );
    fill(
        &decision,
        &[
            ("number", "7/QĐ-UBND"),
            ("title", "Quyết định công bố thủ tục thử"),
            ("issuer", "ubnd-tinh-mau"),
            ("locality", "tinh-mau"),
            ("signed", "2026-01-05"),
            ("new", "['1.000001']"),
        ],
    );
    fill(
        &agency,
        &[
            ("name", "Ủy ban nhân dân xã Đông Hòa"),
            ("locality", "xa-dong-hoa"),
        ],
    );
    assert_eq!(diagnostics(&content), Vec::<String>::new());
}

#[test]
fn new_never_overwrites_a_record_even_one_in_a_sub_folder() {
    let (_dir, project) = new_project();
    let example = project.join("content/procedures/1.001233.md");
    let before = fs::read(&example).unwrap();
    let out = procat(&["new", "procedure", "1.001233"], &project);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("never overwrites"));
    assert_eq!(fs::read(&example).unwrap(), before);

    fs::create_dir_all(project.join("content/decisions/2025")).unwrap();
    fs::write(project.join("content/decisions/2025/qd-9.yaml"), "x").unwrap();
    let out = procat(&["new", "decision", "qd-9"], &project);
    assert_eq!(out.status.code(), Some(2));
    assert!(!project.join("content/decisions/qd-9.yaml").exists());
}

#[test]
fn new_refuses_names_that_would_not_load_and_suggests_one_that_would() {
    let (_dir, project) = new_project();
    for (args, says) in [
        (
            &["new", "procedure", "1/2"][..],
            "not a valid procedure code",
        ),
        (&["new", "decision", "QĐ 12"][..], "write it as `qd-12`"),
        (&["new", "agency", "../x"][..], "not a valid agency id"),
        (&["new", "agency", "con"][..], "device name"),
    ] {
        let out = procat(args, &project);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
    let written: Vec<_> = walkdir::WalkDir::new(project.join(CONTENT))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .collect();
    assert_eq!(written.len(), 8, "a refused name left a file behind");
}

#[test]
fn new_writes_into_the_catalogue_named_by_content() {
    let (_dir, project) = new_project();
    let out = procat(
        &["new", "agency", "so-y-te", "--content", "content"],
        &project,
    );
    assert!(out.status.success(), "{out:?}");
    assert!(project.join("content/agencies/so-y-te.yaml").is_file());
    let out = procat(
        &["new", "agency", "so-y-te", "--content", "nowhere"],
        &project,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("procat init"));
}
