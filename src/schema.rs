//! JSON Schemas (draft-07, which yaml-language-server reads) of every record
//! kind, written from the tables the loader checks against
//! ([`crate::load::definitions`]), so they say what `procat check` says.
//!
//! What a schema can't see is left to `procat check`: references between
//! records (an unknown sector or agency), files under `files/`, duplicates, and
//! dates that have the right shape but don't exist (`2023-02-29`, which a
//! validator that checks `format` also refuses).
//!
//! A YAML value is what a YAML 1.2 reader makes of it (`3` is a number, `1.10`
//! too), while procat reads each value as the text written. So where procat
//! takes any single value as text, the schema takes a string, a number or a
//! true/false; where it wants a number, the schema also takes digits in quotes.

use crate::load::definitions::{self as defs, Record, Shape};
use crate::load::fields::MAX_NAME_BYTES;
use serde_json::{Map, Value, json};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One schema file and the catalogue files it describes.
pub struct SchemaFile {
    /// `procedure.schema.json`.
    pub file: &'static str,
    /// The catalogue files it applies to, relative to the catalogue folder, as
    /// yaml-language-server globs (`*` matches across folders there).
    pub globs: &'static [&'static str],
    /// A list of records (`localities.yaml`) or one record per file.
    pub list: bool,
    pub record: &'static Record,
}

/// Every record kind. Procedures and decisions written as `.md` carry their
/// record as front matter, which editors do not check against a schema.
pub const FILES: &[SchemaFile] = &[
    SchemaFile {
        file: "site.schema.json",
        globs: &["site.yaml"],
        list: false,
        record: &defs::SITE,
    },
    SchemaFile {
        file: "localities.schema.json",
        globs: &["localities.yaml"],
        list: true,
        record: &defs::LOCALITY,
    },
    SchemaFile {
        file: "sectors.schema.json",
        globs: &["sectors.yaml"],
        list: true,
        record: &defs::SECTOR,
    },
    SchemaFile {
        file: "agency.schema.json",
        globs: &["agencies/*.yaml", "agencies/**/*.yaml"],
        list: false,
        record: &defs::AGENCY,
    },
    SchemaFile {
        file: "procedure.schema.json",
        globs: &["procedures/*.yaml", "procedures/**/*.yaml"],
        list: false,
        record: &defs::PROCEDURE,
    },
    SchemaFile {
        file: "decision.schema.json",
        globs: &["decisions/*.yaml", "decisions/**/*.yaml"],
        list: false,
        record: &defs::DECISION,
    },
];

/// The schema of one file kind.
pub fn schema(file: &SchemaFile) -> Value {
    let mut top = Map::new();
    top.insert(
        "$schema".into(),
        json!("http://json-schema.org/draft-07/schema#"),
    );
    top.insert("title".into(), json!(format!("procat: {}", file.globs[0])));
    if file.list {
        top.insert(
            "description".into(),
            json!(describe(
                &format!("Danh sách. {}", file.record.vi),
                &format!("A list. {}", file.record.en)
            )),
        );
        top.insert("type".into(), json!("array"));
        top.insert("items".into(), Value::Object(record(file.record)));
    } else {
        top.extend(record(file.record));
    }
    Value::Object(top)
}

/// The schema as written to its file: indented, ending in a new line.
pub fn schema_text(file: &SchemaFile) -> String {
    let mut text = serde_json::to_string_pretty(&schema(file)).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes every schema into `dir` (created if needed), replacing the schema
/// files written there before; returns the paths written, in [`FILES`] order.
pub fn write(dir: &Path) -> io::Result<Vec<PathBuf>> {
    fs::create_dir_all(dir)?;
    let mut written = Vec::with_capacity(FILES.len());
    for file in FILES {
        let path = dir.join(file.file);
        fs::write(&path, schema_text(file))?;
        written.push(path);
    }
    Ok(written)
}

fn describe(vi: &str, en: &str) -> String {
    format!("{vi}\n\n{en}")
}

/// A mapping of the record's keys: no other key, the required ones present.
fn record(record: &Record) -> Map<String, Value> {
    let mut properties = Map::new();
    for field in record.fields {
        let mut value = shape(&field.shape);
        if field.non_empty {
            non_empty(&mut value);
        }
        // procat reads a key written with no value as not given: fine for an
        // optional key, error E200 for a required one.
        if !field.required {
            value = nullable(value);
        }
        value.insert("description".into(), json!(describe(field.vi, field.en)));
        properties.insert(field.key.into(), Value::Object(value));
    }
    let required: Vec<&str> = record
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.key)
        .collect();
    let mut out = Map::new();
    out.insert("type".into(), json!("object"));
    out.insert("description".into(), json!(describe(record.vi, record.en)));
    out.insert("properties".into(), Value::Object(properties));
    if !required.is_empty() {
        out.insert("required".into(), json!(required));
    }
    out.insert("additionalProperties".into(), json!(false));
    out
}

const ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]*$";
const CODE_PATTERN: &str = "^[0-9A-Za-z][0-9A-Za-z.-]*$";
const DATE_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
const URL_PATTERN: &str = "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s\"<>\\\\]+$";
const BASE_URL_PATTERN: &str = "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s\"<>\\\\?#]+$";
const FILE_OR_URL_PATTERN: &str = "^(files/|[Hh][Tt][Tt][Pp][Ss]?://)";

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn shape(shape: &Shape) -> Map<String, Value> {
    object(match shape {
        Shape::Text | Shape::Markdown => json!({"type": ["string", "number", "boolean"]}),
        // A JSON number can't be matched against a pattern; the minimum keeps
        // out the negative ones, which procat refuses too.
        Shape::Id => json!({
            "type": ["string", "integer"],
            "pattern": ID_PATTERN,
            "maxLength": MAX_NAME_BYTES,
            "minimum": 0,
        }),
        Shape::Code => json!({
            "type": ["string", "number"],
            "pattern": CODE_PATTERN,
            "maxLength": MAX_NAME_BYTES,
            "minimum": 0,
        }),
        Shape::Date => json!({"type": "string", "pattern": DATE_PATTERN, "format": "date"}),
        Shape::Url => json!({"type": "string", "pattern": URL_PATTERN}),
        Shape::BaseUrl => json!({"type": "string", "pattern": BASE_URL_PATTERN}),
        Shape::FileOrUrl => json!({"type": "string", "pattern": FILE_OR_URL_PATTERN}),
        Shape::Number => json!({
            "type": ["number", "string"],
            "minimum": 0,
            "pattern": "^[0-9][0-9_]*(\\.[0-9]+)?$",
        }),
        Shape::Count => json!({
            "type": ["integer", "string"],
            "minimum": 0,
            "maximum": u32::MAX,
            "pattern": "^[0-9]+$",
        }),
        Shape::Currency => json!({"type": "string", "pattern": "^[A-Z]{3}$"}),
        Shape::Choice(words) => json!({"type": "string", "enum": words}),
        Shape::List(item) => json!({"type": "array", "items": Value::Object(self::shape(item))}),
        Shape::Ids => {
            let id = Value::Object(self::shape(&Shape::Id));
            json!({"anyOf": [id, {"type": "array", "items": id}]})
        }
        Shape::Record(r) => Value::Object(record(r)),
        Shape::Records(r) => json!({"type": "array", "items": Value::Object(record(r))}),
        Shape::IdOrRecords(r) => {
            let id = Value::Object(self::shape(&Shape::Id));
            json!({"anyOf": [id, {"type": "array", "items": Value::Object(record(r))}]})
        }
        Shape::CodesOrRecords(r) => json!({
            "type": "array",
            "items": {"anyOf": [Value::Object(self::shape(&Shape::Code)), Value::Object(record(r))]},
        }),
    })
}

/// Requires at least one item of a list (in either branch of `Ids`).
fn non_empty(schema: &mut Map<String, Value>) {
    if schema.get("type") == Some(&json!("array")) {
        schema.insert("minItems".into(), json!(1));
    }
    if let Some(Value::Array(branches)) = schema.get_mut("anyOf") {
        for branch in branches {
            if let Value::Object(branch) = branch {
                non_empty(branch);
            }
        }
    }
}

/// `schema`, also allowing nothing (a key written with no value).
fn nullable(mut schema: Map<String, Value>) -> Map<String, Value> {
    if let Some(Value::Array(words)) = schema.get_mut("enum") {
        words.push(Value::Null);
    }
    match schema.get_mut("type") {
        Some(Value::Array(types)) => types.push(json!("null")),
        Some(one) => *one = json!([one.take(), "null"]),
        None => return object(json!({"anyOf": [Value::Object(schema), {"type": "null"}]})),
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_schema_is_valid_json_with_the_draft_07_marker() {
        for file in FILES {
            let text = schema_text(file);
            let value: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(
                value["$schema"],
                json!("http://json-schema.org/draft-07/schema#")
            );
        }
    }

    #[test]
    fn a_required_key_is_required_and_may_not_be_empty_while_an_optional_one_may() {
        let procedure = schema(&FILES[4]);
        assert!(
            procedure["required"]
                .as_array()
                .unwrap()
                .contains(&json!("name"))
        );
        let name_types = &procedure["properties"]["name"]["type"];
        assert!(!name_types.as_array().unwrap().contains(&json!("null")));
        let online = &procedure["properties"]["online_level"]["enum"];
        assert!(online.as_array().unwrap().contains(&Value::Null));
    }
}
