//! The JSON Schemas from `procat schema`, checked with an independent validator
//! (the `jsonschema` crate): the sample catalogue and a new one pass, and the
//! mistakes `procat check` refuses are refused by the schemas too.
//!
//! Each YAML file is read with procat's own parser and turned into the JSON an
//! editor's YAML 1.2 reader makes of it (`3` a number, `'3'` a string).

use procat::check::check_catalogue;
use procat::schema::{FILES, SchemaFile};
use procat::yaml::{Node, NodeKind};
use serde_json::{Map, Number, Value};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

mod support;
use support::catalogue::copy_tree;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A plain scalar as a YAML 1.2 (core schema) reader types it.
fn plain_scalar(text: &str) -> Value {
    match text {
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && let Ok(n) = text.parse::<i64>()
    {
        return Value::Number(n.into());
    }
    let float_shaped = !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
        && digits.chars().any(|c| c.is_ascii_digit());
    if float_shaped && let Some(n) = text.parse::<f64>().ok().and_then(Number::from_f64) {
        return Value::Number(n);
    }
    Value::String(text.to_string())
}

fn to_json(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Null => Value::Null,
        NodeKind::Scalar { text, plain: true } => plain_scalar(text),
        NodeKind::Scalar { text, .. } => Value::String(text.clone()),
        NodeKind::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Map(entries) => {
            let mut map = Map::new();
            for (k, v) in entries {
                let key = k.as_scalar().unwrap_or_default().to_string();
                map.entry(key).or_insert_with(|| to_json(v));
            }
            Value::Object(map)
        }
    }
}

/// The YAML of a record file: all of a `.yaml`, the front matter of a `.md`.
fn record_json(path: &Path) -> Value {
    let text = fs::read_to_string(path).unwrap();
    let (yaml, first_line) = if path.extension().is_some_and(|e| e == "md") {
        let mut lines = text.lines();
        assert_eq!(lines.next(), Some("---"), "{}", path.display());
        let front: Vec<&str> = lines.take_while(|l| *l != "---").collect();
        (front.join("\n"), 2)
    } else {
        (text, 1)
    };
    let node = procat::yaml::parse(&yaml, first_line)
        .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
    to_json(&node)
}

/// The schema that applies to `rel`, a path inside a catalogue.
fn schema_for(rel: &str) -> Option<&'static SchemaFile> {
    let file = match rel.split('/').next()? {
        "site.yaml" => "site.schema.json",
        "localities.yaml" => "localities.schema.json",
        "sectors.yaml" => "sectors.schema.json",
        "agencies" if rel.ends_with(".yaml") => "agency.schema.json",
        "procedures" if rel.ends_with(".yaml") || rel.ends_with(".md") => "procedure.schema.json",
        "decisions" if rel.ends_with(".yaml") || rel.ends_with(".md") => "decision.schema.json",
        _ => return None,
    };
    FILES.iter().find(|f| f.file == file)
}

fn validator(file: &SchemaFile) -> jsonschema::Validator {
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&procat::schema::schema(file))
        .unwrap()
}

/// Every schema problem of every record file of the catalogue at `dir`, as
/// `path: message` lines.
fn schema_errors(dir: &Path) -> Vec<String> {
    let mut errors = Vec::new();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rel.split('/').any(|p| p.starts_with(['.', '_'])) {
            continue;
        }
        let Some(file) = schema_for(&rel) else {
            continue;
        };
        checked += 1;
        let value = record_json(entry.path());
        let validator = validator(file);
        for e in validator.iter_errors(&value) {
            errors.push(format!("{rel}: {} at {}", e, e.instance_path()));
        }
    }
    assert!(checked > 0, "no record files under {}", dir.display());
    errors
}

#[test]
fn every_schema_is_a_valid_draft_07_schema() {
    for file in FILES {
        let schema = procat::schema::schema(file);
        assert!(
            jsonschema::draft7::meta::is_valid(&schema),
            "{} is not a valid draft-07 schema",
            file.file
        );
    }
}

#[test]
fn the_sample_catalogue_validates_against_the_schemas() {
    let errors = schema_errors(&root().join("content"));
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_base_fixture_and_a_new_catalogue_validate_against_the_schemas() {
    let errors = schema_errors(&root().join("tests/fixtures/base"));
    assert!(errors.is_empty(), "{errors:#?}");
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("new");
    procat::scaffold::init(&project).unwrap();
    let errors = schema_errors(&project.join("content"));
    assert!(errors.is_empty(), "{errors:#?}");
}

/// The base fixture with `file` edited by `edit`: the codes `procat check`
/// reports, and the schema's complaints about that file.
fn mistake(file: &str, edit: impl Fn(&str) -> String) -> (Vec<String>, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&root().join("tests/fixtures/base"), dir.path());
    let path = dir.path().join(file);
    let before = fs::read_to_string(&path).unwrap();
    let after = edit(&before);
    assert_ne!(before, after, "the edit of {file} changed nothing");
    fs::write(&path, after).unwrap();
    let checked = check_catalogue(dir.path()).unwrap();
    let mut codes: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.code.to_string())
        .collect();
    codes.dedup();
    let value = record_json(&path);
    let validator = validator(schema_for(file).unwrap());
    let schema: Vec<String> = validator
        .iter_errors(&value)
        .map(|e| e.to_string())
        .collect();
    (codes, schema)
}

#[test]
fn a_misspelt_key_is_refused_by_the_schema_as_by_check() {
    let (codes, schema) = mistake("procedures/1.000894.yaml", |t| {
        t.replace("\nsector:", "\nsecotr:")
    });
    assert!(codes.contains(&"E201".to_string()), "{codes:?}");
    assert!(
        schema.iter().any(|e| e.contains("secotr")),
        "the schema let `secotr` pass: {schema:?}"
    );
}

#[test]
fn a_wrong_choice_is_refused_by_the_schema_as_by_check() {
    let (codes, schema) = mistake("procedures/1.000894.yaml", |t| {
        t.replace("levels: [commune]", "levels: [comune]")
    });
    // `procat check` also says the procedure is left with no level (E200).
    assert!(codes.contains(&"E203".to_string()), "{codes:?}");
    assert!(
        schema.iter().any(|e| e.contains("comune")),
        "the schema let `comune` pass: {schema:?}"
    );
}

#[test]
fn a_missing_required_key_is_refused_by_the_schema_as_by_check() {
    let (codes, schema) = mistake("agencies/ubnd-xa.yaml", |t| {
        t.lines()
            .filter(|l| !l.starts_with("name:"))
            .map(|l| format!("{l}\n"))
            .collect()
    });
    assert!(codes.contains(&"E200".to_string()), "{codes:?}");
    assert!(
        schema
            .iter()
            .any(|e| e.contains("\"name\" is a required property")),
        "the schema let a missing `name` pass: {schema:?}"
    );
}

#[test]
fn a_date_of_the_wrong_shape_is_refused_by_the_schema_as_by_check() {
    let (codes, schema) = mistake("decisions/qd-1-2024.yaml", |t| {
        let mut out = String::new();
        for line in t.lines() {
            match line.strip_prefix("signed: ") {
                Some(_) => out.push_str("signed: 15/03/2024\n"),
                None => out.push_str(&format!("{line}\n")),
            }
        }
        out
    });
    assert!(codes.contains(&"E204".to_string()), "{codes:?}");
    assert!(!schema.is_empty(), "the schema let `15/03/2024` pass");
}

#[test]
fn a_key_written_with_no_value_passes_when_optional_and_not_when_required() {
    // procat reads `key:` with nothing after it as not given.
    let (codes, schema) = mistake("agencies/ubnd-xa.yaml", |t| format!("{t}address:\n"));
    assert!(codes.is_empty(), "{codes:?}");
    assert!(schema.is_empty(), "{schema:?}");
    let (codes, schema) = mistake("agencies/ubnd-xa.yaml", |t| {
        t.lines()
            .map(|l| {
                if l.starts_with("name:") {
                    "name:\n".to_string()
                } else {
                    format!("{l}\n")
                }
            })
            .collect()
    });
    assert_eq!(codes, ["E200"]);
    assert!(!schema.is_empty());
}

#[test]
fn procat_schema_writes_one_file_per_record_kind_and_init_writes_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("schemas");
    let status = Command::new(env!("CARGO_BIN_EXE_procat"))
        .arg("schema")
        .arg(&out)
        .output()
        .unwrap();
    assert!(status.status.success(), "{status:?}");
    let project = dir.path().join("project");
    procat::scaffold::init(&project).unwrap();
    let mut names: Vec<String> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "agency.schema.json",
            "decision.schema.json",
            "localities.schema.json",
            "procedure.schema.json",
            "sectors.schema.json",
            "site.schema.json"
        ]
    );
    for name in names {
        let written = fs::read(out.join(&name)).unwrap();
        let by_init = fs::read(project.join(procat::scaffold::SCHEMAS).join(&name)).unwrap();
        assert_eq!(written, by_init, "{name}");
    }
}
