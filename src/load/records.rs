//! One function per record type of SPEC §2: a YAML tree in, a typed record out,
//! with a diagnostic for every problem on the way.

use super::definitions as defs;
use super::fields::{Fields, FileCtx, MAX_DECISION_ITEMS, Quantity, TextLimit, codes};
use crate::model::*;
use crate::source::Spanned;
use crate::yaml::{Node, NodeKind};

pub fn site(ctx: &mut FileCtx, node: &Node) -> Option<Site> {
    let f = Fields::named(ctx, node, ("site settings", "site.yaml"), &defs::SITE)?;
    let title = f.name(ctx, "title");
    let base_url = f.get("base_url").and_then(|n| base_url(ctx, n));
    let language = f
        .get("language")
        .map(|n| {
            ctx.choice(
                n,
                "`language`",
                defs::LANGUAGES,
                &[Language::Vi, Language::En],
            )
        })
        .unwrap_or(Some(Language::Vi));
    let theme = match f.get("theme") {
        Some(n) => ctx.id(n, "`theme`").map(|s| s.value),
        None => Some("default".to_string()),
    };
    let description = f.text_up_to(ctx, "description", TextLimit::Name);
    // Shown on every page: the size of any value, the nesting of any Markdown.
    let footer = f.get("footer").and_then(|n| {
        let text = ctx.text(n, "`footer`")?;
        ctx.markdown_depth(n, "`footer`", &text, None);
        Some(text)
    });
    Some(Site {
        title: title?,
        base_url: base_url?,
        language: language?,
        theme: theme?,
        description,
        footer,
        loc: ctx.loc(node),
    })
}

/// The site's address ([`crate::model::base_url`], shared with `--base-url`).
fn base_url(ctx: &mut FileCtx, node: &Node) -> Option<String> {
    let text = ctx.text(node, "`base_url`")?;
    let url = crate::model::base_url(&text);
    if url.is_none() {
        ctx.error(
            codes::INVALID_URL,
            node,
            format!("`base_url` `{text}` is not an absolute http(s) URL without `?` or `#`"),
        )
        .hint = Some(
            "write the address the site will be served at, such as https://thutuc.example.gov.vn/"
                .into(),
        );
    }
    url
}

/// In the order of [`defs::LOCALITY_LEVELS`].
const LOCALITY_LEVELS: [LocalityLevel; 4] = [
    LocalityLevel::Country,
    LocalityLevel::Province,
    LocalityLevel::District,
    LocalityLevel::Commune,
];

/// The records of a list file (`localities.yaml`, `sectors.yaml`). Items that
/// can't be used are left out; the ids of those that had one go to `dropped`, and
/// a file that is not a list at all counts as wholly dropped (an empty id).
fn list_file<T>(
    ctx: &mut FileCtx,
    node: &Node,
    dropped: &mut Vec<String>,
    (file, what, table): (&str, &str, &'static defs::Record),
    mut record: impl FnMut(&mut FileCtx, &Fields, &Node) -> (Option<Spanned<String>>, Option<T>),
) -> Vec<T> {
    if !matches!(node.kind, NodeKind::Seq(_)) {
        dropped.push(String::new());
    }
    // The list files hold the whole territory: only the file size bounds them.
    let items = ctx.list_up_to(node, file, usize::MAX);
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Some(f) = Fields::new(ctx, item, what, table) else {
            continue;
        };
        match record(ctx, &f, item) {
            (_, Some(r)) => out.push(r),
            (id, None) => dropped.extend(id.map(|i| i.value)),
        }
    }
    out
}

pub fn localities(ctx: &mut FileCtx, node: &Node, dropped: &mut Vec<String>) -> Vec<Locality> {
    let spec = ("localities.yaml", "locality", &defs::LOCALITY);
    list_file(ctx, node, dropped, spec, |ctx, f, item| {
        let id = f.id(ctx, "id");
        let name = f.name(ctx, "name");
        let level = f
            .get("level")
            .and_then(|n| ctx.choice(n, "`level`", defs::LOCALITY_LEVELS, &LOCALITY_LEVELS));
        let parents = f
            .get("parent")
            .map_or_else(Vec::new, |n| parent_periods(ctx, n));
        let code = f.text(ctx, "code");
        let from = f.get("from").and_then(|n| ctx.date(n, "`from`"));
        let until = f.get("until").and_then(|n| ctx.date(n, "`until`"));
        let successors = f.id_list(ctx, "successors");
        let record = match (id.clone(), name, level) {
            (Some(id), Some(name), Some(level)) => Some(Locality {
                id,
                name,
                level,
                parents,
                code,
                from,
                until,
                successors,
                loc: ctx.loc(item),
            }),
            _ => None,
        };
        (id, record)
    })
}

/// A locality's `parent`: one id (a single period over its whole life), or a
/// list of periods `{id, from, until}` (SPEC §2). Their order and bounds are
/// checked later, against the localities they name.
fn parent_periods(ctx: &mut FileCtx, node: &Node) -> Vec<ParentPeriod> {
    if node.as_scalar().is_some() {
        let id = ctx.id(node, "`parent`");
        return id
            .into_iter()
            .map(|id| ParentPeriod {
                id,
                from: None,
                until: None,
            })
            .collect();
    }
    let items = ctx.list(node, "`parent`");
    items
        .iter()
        .filter_map(|item| {
            let f = Fields::new(ctx, item, "parent period", &defs::PARENT_PERIOD)?;
            let id = f.id(ctx, "id");
            let from = f.get("from").and_then(|n| ctx.date(n, "`from`"));
            let until = f.get("until").and_then(|n| ctx.date(n, "`until`"));
            Some(ParentPeriod {
                id: id?,
                from,
                until,
            })
        })
        .collect()
}

pub fn sectors(ctx: &mut FileCtx, node: &Node, dropped: &mut Vec<String>) -> Vec<Sector> {
    let spec = ("sectors.yaml", "sector", &defs::SECTOR);
    list_file(ctx, node, dropped, spec, |ctx, f, item| {
        let id = f.id(ctx, "id");
        let name = f.name(ctx, "name");
        let description = f.text(ctx, "description");
        let record = match (id.clone(), name) {
            (Some(id), Some(name)) => Some(Sector {
                id,
                name,
                description,
                loc: ctx.loc(item),
            }),
            _ => None,
        };
        (id, record)
    })
}

/// In the order of [`defs::AGENCY_KINDS`].
const AGENCY_KINDS: [AgencyKind; 5] = [
    AgencyKind::Ministry,
    AgencyKind::PeoplesCommittee,
    AgencyKind::Department,
    AgencyKind::OneStopCenter,
    AgencyKind::Other,
];

/// An agency; when it can't be used, its id (if readable) goes to `dropped`, so
/// that references to it are not reported as unknown as well.
pub fn agency(
    ctx: &mut FileCtx,
    node: &Node,
    stem: &str,
    dropped: &mut Vec<String>,
) -> Option<Agency> {
    let f = Fields::new(ctx, node, "agency", &defs::AGENCY)?;
    let id = id_or_stem(ctx, &f, "id", stem, "agency");
    let record = agency_record(ctx, &f, node, id.clone());
    if record.is_none() {
        dropped.extend(id.map(|id| id.value));
    }
    record
}

fn agency_record(
    ctx: &mut FileCtx,
    f: &Fields,
    node: &Node,
    id: Option<Spanned<String>>,
) -> Option<Agency> {
    let name = f.name(ctx, "name");
    let kind = match f.get("kind") {
        Some(n) => ctx.choice(n, "`kind`", defs::AGENCY_KINDS, &AGENCY_KINDS),
        None => Some(AgencyKind::Other),
    };
    let locality = f.id(ctx, "locality");
    let parent = f.id(ctx, "parent");
    let address = f.text(ctx, "address");
    let phone = f.text(ctx, "phone");
    let email = f.text(ctx, "email");
    let website = f.get("website").and_then(|n| ctx.url(n, "`website`"));
    let hours = f.text(ctx, "hours");
    Some(Agency {
        id: id?,
        name: name?,
        kind: kind?,
        locality: locality?,
        parent,
        address,
        phone,
        email,
        website,
        hours,
        loc: ctx.loc(node),
    })
}

/// The `key` identifier if given, else the file stem (which must then be an identifier).
fn id_or_stem(
    ctx: &mut FileCtx,
    f: &Fields,
    key: &str,
    stem: &str,
    what: &str,
) -> Option<Spanned<String>> {
    if f.get(key).is_some() {
        return f.id(ctx, key);
    }
    let stem_node = stem_as_value(stem, f.node);
    ctx.id(&stem_node, &format!("the {what}'s file name"))
}

/// In the order of [`defs::PROCEDURE_LEVELS`].
const PROCEDURE_LEVELS: [ProcedureLevel; 4] = [
    ProcedureLevel::Central,
    ProcedureLevel::Province,
    ProcedureLevel::District,
    ProcedureLevel::Commune,
];

/// A procedure; when it can't be used, its code (if readable) goes to `dropped`,
/// so that the decisions naming it do not report it as unknown as well.
pub fn procedure(
    ctx: &mut FileCtx,
    node: &Node,
    stem: &str,
    body: String,
    dropped: &mut Vec<String>,
) -> Option<Procedure> {
    let f = Fields::new(ctx, node, "procedure", &defs::PROCEDURE)?;
    let code = match f.get("code") {
        Some(n) => ctx.code(n, "`code`"),
        None => {
            let stem_node = stem_as_value(stem, node);
            ctx.code(&stem_node, "the procedure's file name (its default code)")
        }
    };
    let record = procedure_record(ctx, &f, node, code.clone(), body);
    if record.is_none() {
        dropped.extend(code.map(|code| code.value));
    }
    record
}

fn procedure_record(
    ctx: &mut FileCtx,
    f: &Fields,
    node: &Node,
    code: Option<Spanned<String>>,
    body: String,
) -> Option<Procedure> {
    let name = f.name(ctx, "name");
    let sector = f.id(ctx, "sector");
    let levels = f.get("levels").map(|n| {
        let mut levels: Vec<ProcedureLevel> = ctx
            .list(n, "`levels`")
            .iter()
            .filter_map(|l| ctx.choice(l, "a level", defs::PROCEDURE_LEVELS, &PROCEDURE_LEVELS))
            .collect();
        levels.sort();
        levels.dedup();
        levels
    });
    let agencies = f.get("agencies").and_then(|n| procedure_agencies(ctx, n));
    let channels = f.records(ctx, "channels", channel);
    let online_level = f.get("online_level").and_then(|n| {
        ctx.choice(
            n,
            "`online_level`",
            defs::ONLINE_LEVELS,
            &[OnlineLevel::Full, OnlineLevel::Partial, OnlineLevel::None],
        )
    });
    let dossier = f.records(ctx, "dossier", dossier_case);
    let legal_basis = f.records(ctx, "legal_basis", legal_basis);
    let applicants = f.text_list(ctx, "applicants");
    let result = f.text(ctx, "result");
    let conditions = f.text_up_to(ctx, "conditions", TextLimit::Markdown);
    let keywords = f.text_list(ctx, "keywords");
    Some(Procedure {
        code: code?,
        name: name?,
        sector: sector?,
        levels: levels?,
        agencies: agencies?,
        applicants,
        channels,
        online_level,
        dossier,
        result,
        conditions,
        legal_basis,
        keywords,
        body,
        loc: ctx.loc(node),
    })
}

fn procedure_agencies(ctx: &mut FileCtx, node: &Node) -> Option<ProcedureAgencies> {
    let f = Fields::new(ctx, node, "`agencies`", &defs::PROCEDURE_AGENCIES)?;
    let given = f.get("implementing")?;
    let implementing = f.id_list(ctx, "implementing");
    if implementing.is_empty() {
        // An empty list would drop the procedure without a word.
        if matches!(&given.kind, NodeKind::Seq(items) if items.is_empty()) {
            ctx.error(
                codes::MISSING_KEY,
                given,
                "`implementing` of this `agencies` lists no agency".into(),
            )
            .hint = Some("list the id of each agency that carries it out".into());
        }
        return None;
    }
    Some(ProcedureAgencies {
        implementing,
        competent: f.id_list(ctx, "competent"),
        coordinating: f.id_list(ctx, "coordinating"),
    })
}

fn channel(ctx: &mut FileCtx, node: &Node) -> Option<Channel> {
    let f = Fields::new(ctx, node, "channel", &defs::CHANNEL)?;
    let method = f.get("method").and_then(|n| {
        ctx.choice(
            n,
            "`method`",
            defs::METHODS,
            &[Method::InPerson, Method::Online, Method::Postal],
        )
    });
    let processing_days = f
        .get("processing_days")
        .and_then(|n| ctx.quantity(n, "`processing_days`", Quantity::Days));
    let fees = f.records(ctx, "fees", fee);
    let processing_time = f.text(ctx, "processing_time");
    Some(Channel {
        method: method?,
        processing_time,
        processing_days,
        fees,
    })
}

fn fee(ctx: &mut FileCtx, node: &Node) -> Option<Fee> {
    let f = Fields::new(ctx, node, "fee", &defs::FEE)?;
    let name = f.text(ctx, "name");
    let amount = f
        .get("amount")
        .map(|n| ctx.quantity(n, "`amount`", Quantity::Money));
    let currency = match f.get("currency") {
        Some(n) => {
            let text = ctx.text(n, "`currency`")?;
            if text.len() == 3 && text.chars().all(|c| c.is_ascii_uppercase()) {
                text
            } else {
                ctx.error(
                    codes::INVALID_VALUE,
                    n,
                    format!("`currency` `{text}` is not a three-letter currency code"),
                )
                .hint = Some("write VND, USD, …".into());
                String::new()
            }
        }
        None => "VND".to_string(),
    };
    let note = f.text(ctx, "note");
    if currency.is_empty() {
        return None;
    }
    Some(Fee {
        name: name?,
        amount: optional(amount)?,
        currency,
        note,
    })
}

fn dossier_case(ctx: &mut FileCtx, node: &Node) -> Option<DossierCase> {
    let f = Fields::new(ctx, node, "dossier case", &defs::DOSSIER_CASE)?;
    let items = f.get("items").map(|n| {
        let items = ctx.list(n, "`items`");
        items
            .iter()
            .filter_map(|i| dossier_item(ctx, i))
            .collect::<Vec<_>>()
    });
    let case = f.text(ctx, "case");
    Some(DossierCase {
        case,
        items: items?,
    })
}

fn dossier_item(ctx: &mut FileCtx, node: &Node) -> Option<DossierItem> {
    let f = Fields::new(ctx, node, "dossier item", &defs::DOSSIER_ITEM)?;
    let name = f.text(ctx, "name");
    let originals = f.get("originals").map(|n| ctx.count(n, "`originals`"));
    let copies = f.get("copies").map(|n| ctx.count(n, "`copies`"));
    let form = f.spanned(ctx, "form");
    Some(DossierItem {
        name: name?,
        form,
        originals: optional(originals)?,
        copies: optional(copies)?,
    })
}

fn legal_basis(ctx: &mut FileCtx, node: &Node) -> Option<LegalBasis> {
    let f = Fields::new(ctx, node, "legal basis", &defs::LEGAL_BASIS)?;
    let number = f.text(ctx, "number");
    let date = f
        .get("date")
        .map(|n| ctx.date(n, "`date`").map(|d| d.value));
    let title = f.text(ctx, "title");
    let issuer = f.text(ctx, "issuer");
    let url = f.get("url").and_then(|n| ctx.url(n, "`url`"));
    Some(LegalBasis {
        number: number?,
        title,
        date: optional(date)?,
        issuer,
        url,
    })
}

pub fn decision(ctx: &mut FileCtx, node: &Node, stem: &str, body: String) -> Option<Decision> {
    let f = Fields::new(ctx, node, "decision", &defs::DECISION)?;
    let slug = id_or_stem_only(ctx, node, stem);
    let number = f.name(ctx, "number");
    let title = f.name(ctx, "title");
    let issuer = f.id(ctx, "issuer");
    let locality = f.id(ctx, "locality");
    let signed = f.get("signed").and_then(|n| ctx.date(n, "`signed`"));
    let effective = f.get("effective").map(|n| ctx.date(n, "`effective`"));
    let new = items(ctx, &f, "new", (&defs::NEW_ITEM, "note"));
    let amended = items(ctx, &f, "amended", (&defs::AMENDED_ITEM, "changes"));
    let abolished = items(ctx, &f, "abolished", (&defs::ABOLISHED_ITEM, "reason"));
    let replaced = f.records_up_to(ctx, "replaced", MAX_DECISION_ITEMS, replacement);
    let document = f.spanned(ctx, "document");
    let signed = signed?;
    let effective = optional(effective)?;
    Some(Decision {
        slug: slug?,
        number: number?,
        title: title?,
        issuer: issuer?,
        locality: locality?,
        effective: effective.unwrap_or_else(|| signed.clone()),
        signed,
        document,
        new,
        amended,
        replaced,
        abolished,
        body,
        loc: ctx.loc(node),
    })
}

/// Checks the Markdown body of a procedure or decision file (its size and how
/// deep it nests) where `procat check` sees it, even when the body itself is not
/// kept. `first_line` is the body's first line in the file.
pub fn body(ctx: &mut FileCtx, text: &str, first_line: u32) {
    let at = Node {
        kind: NodeKind::Null,
        line: first_line,
        col: 1,
    };
    if ctx.within_limit(&at, "the Markdown text", text, TextLimit::Markdown) {
        ctx.markdown_depth(&at, "the Markdown text", text, Some(first_line));
    }
}

/// A decision's slug is always its file stem.
fn id_or_stem_only(ctx: &mut FileCtx, node: &Node, stem: &str) -> Option<Spanned<String>> {
    let stem_node = stem_as_value(stem, node);
    ctx.id(&stem_node, "the decision's file name (its URL slug)")
}

/// Items of `new`, `amended` or `abolished`: a code, or `{procedure, NOTE_KEY}`.
fn items(
    ctx: &mut FileCtx,
    f: &Fields,
    key: &str,
    (record, note_key): (&'static defs::Record, &str),
) -> Vec<DecisionItem> {
    let Some(node) = f.get(key) else {
        return Vec::new();
    };
    let list = ctx.list_up_to(node, &format!("`{key}`"), MAX_DECISION_ITEMS);
    let what = format!("an item of `{key}`");
    let mut out = Vec::with_capacity(list.len());
    for item in list {
        if item.as_scalar().is_some() {
            if let Some(procedure) = ctx.code(item, &what) {
                out.push(DecisionItem {
                    procedure,
                    note: None,
                });
            }
            continue;
        }
        let Some(fields) = Fields::new(ctx, item, &what, record) else {
            continue;
        };
        let procedure = fields
            .get("procedure")
            .and_then(|n| ctx.code(n, "`procedure`"));
        if let Some(procedure) = procedure {
            out.push(DecisionItem {
                procedure,
                note: fields.text(ctx, note_key),
            });
        }
    }
    out
}

fn replacement(ctx: &mut FileCtx, node: &Node) -> Option<Replacement> {
    let what = "an item of `replaced`";
    let f = Fields::new(ctx, node, what, &defs::REPLACEMENT)?;
    let procedure = f.get("procedure").and_then(|n| ctx.code(n, "`procedure`"));
    let by = f.get("by").and_then(|n| ctx.code(n, "`by`"));
    let note = f.text(ctx, "note");
    Some(Replacement {
        procedure: procedure?,
        by: by?,
        note,
    })
}

/// An optional value that, when given, must be valid: `None` (not given) is fine,
/// `Some(None)` (given but invalid, already reported) makes the record unusable.
fn optional<T>(value: Option<Option<T>>) -> Option<Option<T>> {
    match value {
        None => Some(None),
        Some(None) => None,
        Some(Some(v)) => Some(Some(v)),
    }
}

/// The file stem as if it had been written as a value at `at` (the record's
/// first line), for records whose id or code defaults to their file name.
fn stem_as_value(stem: &str, at: &Node) -> Node {
    Node {
        kind: NodeKind::Scalar {
            text: stem.to_string(),
            plain: false,
        },
        line: at.line,
        col: at.col,
    }
}
