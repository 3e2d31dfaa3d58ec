//! `/data/procedures.json` (SPEC §5, keys sorted), `/data/procedures.csv` and
//! `/data/localities.json` (the tree over time).

use super::listing::Listings;
use super::{Output, RenderContext, RenderError, Renderer};
use crate::resolve::{
    Action, LocalityIx, ProcedureIx, ProcedureState, Resolved, Status, TerritoryStatus,
};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

pub struct OpenDataJson;
pub struct OpenDataCsv;
pub struct LocalitiesJson;

// Field order is alphabetical so the JSON keys come out sorted.
#[derive(Serialize)]
struct Document<'a> {
    as_of: String,
    procedures: Vec<ProcedureRecord<'a>>,
}

#[derive(Serialize)]
struct ProcedureRecord<'a> {
    code: &'a str,
    history: Vec<HistoryRecord<'a>>,
    levels: Vec<&'static str>,
    name: &'a str,
    replaced_by: BTreeMap<&'a str, &'a str>,
    sector: &'a str,
    /// `None` (JSON `null`): no status there, while an ancestor has one.
    status: BTreeMap<&'a str, Option<&'static str>>,
    url: String,
}

#[derive(Serialize)]
struct HistoryRecord<'a> {
    action: &'static str,
    by: Option<&'a str>,
    changes: Option<&'a str>,
    decision: &'a str,
    effective: String,
    locality: &'a str,
    number: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    replaces: Option<&'a str>,
}

impl Renderer for OpenDataJson {
    fn name(&self) -> &'static str {
        "open data (JSON)"
    }

    fn render(&self, ctx: &RenderContext, out: &Output) -> Result<(), RenderError> {
        let document = document(ctx.resolved);
        let bytes = serde_json::to_vec(&document).map_err(|e| RenderError {
            renderer: self.name(),
            message: e.to_string(),
        })?;
        out.write("data/procedures.json", &bytes)
    }
}

fn document<'a>(resolved: &'a Resolved<'a>) -> Document<'a> {
    let cat = resolved.catalogue;
    let locality_id = |l: usize| cat.localities.get(l).map(|l| l.id.as_str()).unwrap_or("");
    let code_of = |p: usize| cat.procedures.get(p).map(|p| p.code.as_str()).unwrap_or("");
    let mut procedures: Vec<ProcedureRecord> = cat
        .procedures
        .iter()
        .zip(&resolved.procedures)
        .map(|(procedure, state)| {
            let mut status = BTreeMap::new();
            let mut replaced_by = BTreeMap::new();
            for (l, value) in status_entries(resolved, state) {
                status.insert(locality_id(l), value.map(|(s, _)| s));
                if let Some(("replaced", Some(by))) = value {
                    replaced_by.insert(locality_id(l), code_of(by));
                }
            }
            let history = state
                .history
                .iter()
                .filter_map(|&e| resolved.events.get(e))
                .map(|e| {
                    let decision = cat.decisions.get(e.decision);
                    let (by, replaces) = match e.action {
                        Action::Replaced { by } => (Some(code_of(by)), None),
                        Action::Replaces { old } => (None, Some(code_of(old))),
                        _ => (None, None),
                    };
                    HistoryRecord {
                        action: e.action.as_str(),
                        by,
                        changes: e.changes.as_deref(),
                        decision: decision.map(|d| d.slug.as_str()).unwrap_or(""),
                        effective: e.effective.to_string(),
                        locality: locality_id(e.territory),
                        number: decision.map(|d| d.number.as_str()).unwrap_or(""),
                        replaces,
                    }
                })
                .collect();
            ProcedureRecord {
                code: procedure.code.as_str(),
                history,
                levels: procedure.levels.iter().map(|l| l.as_str()).collect(),
                name: &procedure.name,
                replaced_by,
                sector: procedure.sector.as_str(),
                status,
                url: format!("procedures/{}/", procedure.code.as_str()),
            }
        })
        .collect();
    procedures.sort_by(|a, b| a.code.cmp(b.code));
    Document {
        as_of: resolved.as_of.to_string(),
        procedures,
    }
}

/// A status as `procedures.json` writes it, with the replacing code.
type OpenStatus = Option<(&'static str, Option<ProcedureIx>)>;

/// The `status` entries of one procedure (SPEC §5, v2): every territory of its
/// events that exists on the as-of date, and every other locality whose status
/// differs from what it would inherit from the nearest listed locality above it
/// on the as-of tree; `None` where it has no status. In a catalogue without
/// localities over time, exactly the territories.
fn status_entries(resolved: &Resolved, state: &ProcedureState) -> Vec<(LocalityIx, OpenStatus)> {
    let tree = &resolved.tree;
    let territories: HashSet<LocalityIx> = state
        .history
        .iter()
        .filter_map(|&e| resolved.events.get(e))
        .map(|e| e.territory)
        .collect();
    let value = |s: &TerritoryStatus| -> OpenStatus {
        let by = (s.status == Status::Replaced)
            .then_some(s.replaced_by)
            .flatten();
        Some((s.status.open_data_str(), by))
    };
    let mut candidates: Vec<(LocalityIx, OpenStatus)> = state
        .statuses
        .iter()
        .map(|s| (s.locality, value(s)))
        .chain(state.no_status.iter().map(|&l| (l, None)))
        .collect();
    candidates.sort_by_key(|&(l, _)| tree.preorder_pos[l]);
    let mut listed: HashMap<LocalityIx, OpenStatus> = HashMap::new();
    let mut entries = Vec::new();
    for (l, v) in candidates {
        if !territories.contains(&l) {
            let inherited = tree
                .ancestors(l)
                .find_map(|a| listed.get(&a).copied())
                .flatten();
            if inherited == v {
                continue;
            }
        }
        listed.insert(l, v);
        entries.push((l, v));
    }
    entries
}

// Field order is alphabetical so the JSON keys come out sorted.
#[derive(Serialize)]
struct LocalityRecord<'a> {
    code: Option<&'a str>,
    from: Option<String>,
    id: &'a str,
    level: &'static str,
    name: &'a str,
    parents: Vec<ParentRecord<'a>>,
    successors: Vec<&'a str>,
    until: Option<String>,
}

#[derive(Serialize)]
struct ParentRecord<'a> {
    from: Option<String>,
    id: &'a str,
    until: Option<String>,
}

impl Renderer for LocalitiesJson {
    fn name(&self) -> &'static str {
        "open data (localities)"
    }

    /// `/data/localities.json`: every locality as written, its parent periods
    /// with their bounds filled in from its own life, sorted by id (SPEC §5).
    fn render(&self, ctx: &RenderContext, out: &Output) -> Result<(), RenderError> {
        let date =
            |d: Option<&crate::source::Spanned<crate::model::Date>>| d.map(|d| d.value.to_string());
        let mut records: Vec<LocalityRecord> = ctx
            .resolved
            .catalogue
            .localities
            .iter()
            .map(|l| {
                let last = l.parents.len().saturating_sub(1);
                LocalityRecord {
                    code: l.code.as_deref(),
                    from: date(l.from.as_ref()),
                    id: l.id.as_str(),
                    level: l.level.as_str(),
                    name: &l.name,
                    parents: l
                        .parents
                        .iter()
                        .enumerate()
                        .map(|(k, p)| ParentRecord {
                            from: date(p.from.as_ref().or(l.from.as_ref().filter(|_| k == 0))),
                            id: p.id.as_str(),
                            until: date(
                                p.until.as_ref().or(l.until.as_ref().filter(|_| k == last)),
                            ),
                        })
                        .collect(),
                    successors: l.successors.iter().map(|s| s.as_str()).collect(),
                    until: date(l.until.as_ref()),
                }
            })
            .collect();
        records.sort_by(|a, b| a.id.cmp(b.id));
        records.dedup_by(|a, b| a.id == b.id);
        let bytes = serde_json::to_vec(&records).map_err(|e| RenderError {
            renderer: self.name(),
            message: e.to_string(),
        })?;
        out.write("data/localities.json", &bytes)
    }
}

impl Renderer for OpenDataCsv {
    fn name(&self) -> &'static str {
        "open data (CSV)"
    }

    fn render(&self, ctx: &RenderContext, out: &Output) -> Result<(), RenderError> {
        let resolved = ctx.resolved;
        let cat = resolved.catalogue;
        let listings = Listings::build(resolved);
        let base_url = ctx.site.base_url.trim_end_matches('/');
        let mut csv = String::new();
        push_row(
            &mut csv,
            &[
                "code",
                "name",
                "sector",
                "levels",
                "implementing_agencies",
                "online_level",
                "status",
                "status_locality",
                "replaced_by",
                "url",
            ],
        );
        let mut order: Vec<usize> = (0..cat.procedures.len()).collect();
        order.sort_by(|&a, &b| {
            cat.procedures[a]
                .code
                .as_str()
                .cmp(cat.procedures[b].code.as_str())
        });
        for p in order {
            let procedure = &cat.procedures[p];
            let headline: Option<&TerritoryStatus> = listings.headline_status(p);
            let levels: Vec<&str> = procedure.levels.iter().map(|l| l.as_str()).collect();
            let agencies: Vec<&str> = procedure
                .agencies
                .implementing
                .iter()
                .map(|a| a.as_str())
                .collect();
            let url = format!("{base_url}/procedures/{}/", procedure.code.as_str());
            let row = [
                procedure.code.as_str(),
                procedure.name.as_str(),
                procedure.sector.as_str(),
                &levels.join(";"),
                &agencies.join(";"),
                procedure.online_level.map(|o| o.as_str()).unwrap_or(""),
                headline.map(|s| s.status.open_data_str()).unwrap_or(""),
                headline
                    .and_then(|s| cat.localities.get(s.locality))
                    .map(|l| l.id.as_str())
                    .unwrap_or(""),
                headline
                    .and_then(|s| s.replaced_by)
                    .and_then(|b| cat.procedures.get(b))
                    .map(|b| b.code.as_str())
                    .unwrap_or(""),
                &url,
            ];
            push_row(&mut csv, &row);
        }
        out.write("data/procedures.csv", csv.as_bytes())
    }
}

/// One RFC 4180 row, CRLF-terminated; fields quoted where they need it.
///
/// A field that a spreadsheet would take for a formula (starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return, as OWASP lists) gets a `'` in front, so
/// opening the file runs nothing: a name `=HYPERLINK(…)` reads `'=HYPERLINK(…)`.
fn push_row(csv: &mut String, fields: &[&str]) {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            csv.push(',');
        }
        let neutralised;
        let field = if field.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            neutralised = format!("'{field}");
            neutralised.as_str()
        } else {
            field
        };
        if field.contains([',', '"', '\n', '\r']) {
            csv.push('"');
            csv.push_str(&field.replace('"', "\"\""));
            csv.push('"');
        } else {
            csv.push_str(field);
        }
    }
    csv.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::push_row;

    #[test]
    fn csv_fields_with_commas_and_quotes_are_quoted() {
        let mut csv = String::new();
        push_row(&mut csv, &["a", "b, c", "say \"hi\""]);
        assert_eq!(csv, "a,\"b, c\",\"say \"\"hi\"\"\"\r\n");
    }

    #[test]
    fn csv_fields_a_spreadsheet_would_run_as_formulas_are_neutralised() {
        let mut csv = String::new();
        push_row(
            &mut csv,
            &[
                "=1+1",
                "+1",
                "-1",
                "@SUM(A1)",
                "\tx",
                "a=b",
                "=HYPERLINK(\"x\", \"y\")",
            ],
        );
        assert_eq!(
            csv,
            "'=1+1,'+1,'-1,'@SUM(A1),'\tx,a=b,\"'=HYPERLINK(\"\"x\"\", \"\"y\"\")\"\r\n"
        );
    }
}
