//! One function per record type of SPEC §2: a YAML tree in, a typed record out,
//! with a diagnostic for every problem on the way.

use super::fields::{Fields, FileCtx, codes};
use crate::model::*;
use crate::source::Spanned;
use crate::yaml::{Node, NodeKind};

const SITE_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "theme",
    "description",
    "footer",
];

pub fn site(ctx: &mut FileCtx, node: &Node) -> Option<Site> {
    let f = Fields::new(ctx, node, "site settings", SITE_KEYS)?;
    let title = f.required_text(ctx, "title", "site.yaml");
    let base_url = f
        .require(ctx, "base_url", "site.yaml")
        .and_then(|n| base_url(ctx, n));
    let language = f
        .get("language")
        .map(|n| {
            ctx.choice(
                n,
                "`language`",
                &[("vi", Language::Vi), ("en", Language::En)],
            )
        })
        .unwrap_or(Some(Language::Vi));
    let theme = match f.get("theme") {
        Some(n) => ctx.id(n, "`theme`").map(|s| s.value),
        None => Some("default".to_string()),
    };
    let description = f.text(ctx, "description");
    let footer = f.text(ctx, "footer");
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

/// An absolute `http(s)` URL with a host, returned without its trailing `/`.
fn base_url(ctx: &mut FileCtx, node: &Node) -> Option<String> {
    let text = ctx.text(node, "`base_url`")?;
    let rest = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"));
    let valid = rest.is_some_and(|r| {
        let host = r.split('/').next().unwrap_or("");
        !host.is_empty() && !r.contains(['?', '#', ' ', '"', '<', '>', '\\'])
    });
    if !valid {
        ctx.error(
            codes::INVALID_VALUE,
            node,
            format!("`base_url` `{text}` is not an absolute http(s) URL"),
        )
        .hint = Some(
            "write the address the site will be served at, such as https://thutuc.example.gov.vn/"
                .into(),
        );
        return None;
    }
    Some(text.trim_end_matches('/').to_string())
}

const LOCALITY_KEYS: &[&str] = &[
    "id",
    "name",
    "level",
    "parent",
    "code",
    "from",
    "until",
    "successors",
];
const PARENT_PERIOD_KEYS: &[&str] = &["id", "from", "until"];
const LOCALITY_LEVELS: &[(&str, LocalityLevel)] = &[
    ("country", LocalityLevel::Country),
    ("province", LocalityLevel::Province),
    ("district", LocalityLevel::District),
    ("commune", LocalityLevel::Commune),
];

/// The records of a list file (`localities.yaml`, `sectors.yaml`). Items that
/// can't be used are left out; the ids of those that had one go to `dropped`, and
/// a file that is not a list at all counts as wholly dropped (an empty id).
fn list_file<T>(
    ctx: &mut FileCtx,
    node: &Node,
    dropped: &mut Vec<String>,
    (file, what, keys): (&str, &str, &[&str]),
    mut record: impl FnMut(&mut FileCtx, &Fields, &Node) -> (Option<Spanned<String>>, Option<T>),
) -> Vec<T> {
    if !matches!(node.kind, NodeKind::Seq(_)) {
        dropped.push(String::new());
    }
    let items = ctx.list(node, file);
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Some(f) = Fields::new(ctx, item, what, keys) else {
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
    let spec = ("localities.yaml", "locality", LOCALITY_KEYS);
    list_file(ctx, node, dropped, spec, |ctx, f, item| {
        let id = f.required_id(ctx, "id", "locality");
        let name = f.required_text(ctx, "name", "locality");
        let level = f
            .require(ctx, "level", "locality")
            .and_then(|n| ctx.choice(n, "`level`", LOCALITY_LEVELS));
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
            let f = Fields::new(ctx, item, "parent period", PARENT_PERIOD_KEYS)?;
            let id = f.required_id(ctx, "id", "parent period");
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

const SECTOR_KEYS: &[&str] = &["id", "name", "description"];

pub fn sectors(ctx: &mut FileCtx, node: &Node, dropped: &mut Vec<String>) -> Vec<Sector> {
    let spec = ("sectors.yaml", "sector", SECTOR_KEYS);
    list_file(ctx, node, dropped, spec, |ctx, f, item| {
        let id = f.required_id(ctx, "id", "sector");
        let name = f.required_text(ctx, "name", "sector");
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

const AGENCY_KEYS: &[&str] = &[
    "id", "name", "kind", "locality", "parent", "address", "phone", "email", "website", "hours",
];
const AGENCY_KINDS: &[(&str, AgencyKind)] = &[
    ("ministry", AgencyKind::Ministry),
    ("peoples-committee", AgencyKind::PeoplesCommittee),
    ("department", AgencyKind::Department),
    ("one-stop-center", AgencyKind::OneStopCenter),
    ("other", AgencyKind::Other),
];

pub fn agency(ctx: &mut FileCtx, node: &Node, stem: &str) -> Option<Agency> {
    let f = Fields::new(ctx, node, "agency", AGENCY_KEYS)?;
    let id = id_or_stem(ctx, &f, "id", stem, "agency");
    let name = f.required_text(ctx, "name", "agency");
    let kind = match f.get("kind") {
        Some(n) => ctx.choice(n, "`kind`", AGENCY_KINDS),
        None => Some(AgencyKind::Other),
    };
    let locality = f.required_id(ctx, "locality", "agency");
    let parent = f.id(ctx, "parent");
    let address = f.text(ctx, "address");
    let phone = f.text(ctx, "phone");
    let email = f.text(ctx, "email");
    let website = f.text(ctx, "website");
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

const PROCEDURE_KEYS: &[&str] = &[
    "code",
    "name",
    "sector",
    "levels",
    "agencies",
    "applicants",
    "channels",
    "online_level",
    "dossier",
    "result",
    "conditions",
    "legal_basis",
    "keywords",
];
const PROCEDURE_LEVELS: &[(&str, ProcedureLevel)] = &[
    ("central", ProcedureLevel::Central),
    ("province", ProcedureLevel::Province),
    ("district", ProcedureLevel::District),
    ("commune", ProcedureLevel::Commune),
];

pub fn procedure(ctx: &mut FileCtx, node: &Node, stem: &str, body: String) -> Option<Procedure> {
    let f = Fields::new(ctx, node, "procedure", PROCEDURE_KEYS)?;
    let code = match f.get("code") {
        Some(n) => ctx.code(n, "`code`"),
        None => {
            let stem_node = stem_as_value(stem, node);
            ctx.code(&stem_node, "the procedure's file name (its default code)")
        }
    };
    let name = f.required_text(ctx, "name", "procedure");
    let sector = f.required_id(ctx, "sector", "procedure");
    let levels = f.require(ctx, "levels", "procedure").map(|n| {
        let mut levels: Vec<ProcedureLevel> = ctx
            .list(n, "`levels`")
            .iter()
            .filter_map(|l| ctx.choice(l, "a level", PROCEDURE_LEVELS))
            .collect();
        levels.sort();
        levels.dedup();
        levels
    });
    let agencies = f
        .require(ctx, "agencies", "procedure")
        .and_then(|n| procedure_agencies(ctx, n));
    let channels = f.records(ctx, "channels", channel);
    let online_level = f.get("online_level").and_then(|n| {
        ctx.choice(
            n,
            "`online_level`",
            &[
                ("full", OnlineLevel::Full),
                ("partial", OnlineLevel::Partial),
                ("none", OnlineLevel::None),
            ],
        )
    });
    let dossier = f.records(ctx, "dossier", dossier_case);
    let legal_basis = f.records(ctx, "legal_basis", legal_basis);
    let applicants = f.text_list(ctx, "applicants");
    let result = f.text(ctx, "result");
    let conditions = f.text(ctx, "conditions");
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
    let f = Fields::new(
        ctx,
        node,
        "`agencies`",
        &["implementing", "competent", "coordinating"],
    )?;
    f.require(ctx, "implementing", "`agencies`")?;
    let implementing = f.id_list(ctx, "implementing");
    if implementing.is_empty() {
        return None;
    }
    Some(ProcedureAgencies {
        implementing,
        competent: f.id_list(ctx, "competent"),
        coordinating: f.id_list(ctx, "coordinating"),
    })
}

fn channel(ctx: &mut FileCtx, node: &Node) -> Option<Channel> {
    let f = Fields::new(
        ctx,
        node,
        "channel",
        &["method", "processing_time", "processing_days", "fees"],
    )?;
    let method = f.require(ctx, "method", "channel").and_then(|n| {
        ctx.choice(
            n,
            "`method`",
            &[
                ("in-person", Method::InPerson),
                ("online", Method::Online),
                ("postal", Method::Postal),
            ],
        )
    });
    let processing_days = f
        .get("processing_days")
        .and_then(|n| ctx.number(n, "`processing_days`"));
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
    let f = Fields::new(ctx, node, "fee", &["name", "amount", "currency", "note"])?;
    let name = f.required_text(ctx, "name", "fee");
    let amount = f.get("amount").map(|n| ctx.number(n, "`amount`"));
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
    let f = Fields::new(ctx, node, "dossier case", &["case", "items"])?;
    let items = f.require(ctx, "items", "dossier case").map(|n| {
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
    let f = Fields::new(
        ctx,
        node,
        "dossier item",
        &["name", "form", "originals", "copies"],
    )?;
    let name = f.required_text(ctx, "name", "dossier item");
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
    let f = Fields::new(
        ctx,
        node,
        "legal basis",
        &["number", "title", "date", "issuer", "url"],
    )?;
    let number = f.required_text(ctx, "number", "legal basis");
    let date = f
        .get("date")
        .map(|n| ctx.date(n, "`date`").map(|d| d.value));
    let title = f.text(ctx, "title");
    let issuer = f.text(ctx, "issuer");
    let url = f.text(ctx, "url");
    Some(LegalBasis {
        number: number?,
        title,
        date: optional(date)?,
        issuer,
        url,
    })
}

const DECISION_KEYS: &[&str] = &[
    "number",
    "title",
    "issuer",
    "locality",
    "signed",
    "effective",
    "document",
    "new",
    "amended",
    "replaced",
    "abolished",
];

pub fn decision(ctx: &mut FileCtx, node: &Node, stem: &str, body: String) -> Option<Decision> {
    let f = Fields::new(ctx, node, "decision", DECISION_KEYS)?;
    let slug = id_or_stem_only(ctx, node, stem);
    let number = f.required_text(ctx, "number", "decision");
    let title = f.required_text(ctx, "title", "decision");
    let issuer = f.required_id(ctx, "issuer", "decision");
    let locality = f.required_id(ctx, "locality", "decision");
    let signed = f
        .require(ctx, "signed", "decision")
        .and_then(|n| ctx.date(n, "`signed`"));
    let effective = f.get("effective").map(|n| ctx.date(n, "`effective`"));
    let new = items(ctx, &f, "new", "note");
    let amended = items(ctx, &f, "amended", "changes");
    let abolished = items(ctx, &f, "abolished", "reason");
    let replaced = f.records(ctx, "replaced", replacement);
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

/// A decision's slug is always its file stem.
fn id_or_stem_only(ctx: &mut FileCtx, node: &Node, stem: &str) -> Option<Spanned<String>> {
    let stem_node = stem_as_value(stem, node);
    ctx.id(&stem_node, "the decision's file name (its URL slug)")
}

/// Items of `new`, `amended` or `abolished`: a code, or `{procedure, NOTE_KEY}`.
fn items(ctx: &mut FileCtx, f: &Fields, key: &str, note_key: &str) -> Vec<DecisionItem> {
    let Some(node) = f.get(key) else {
        return Vec::new();
    };
    let list = ctx.list(node, &format!("`{key}`"));
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
        let Some(fields) = Fields::new(ctx, item, &what, &["procedure", note_key]) else {
            continue;
        };
        let procedure = fields
            .require(ctx, "procedure", &what)
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
    let f = Fields::new(ctx, node, what, &["procedure", "by", "note"])?;
    let procedure = f
        .require(ctx, "procedure", what)
        .and_then(|n| ctx.code(n, "`procedure`"));
    let by = f.require(ctx, "by", what).and_then(|n| ctx.code(n, "`by`"));
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
