//! `/procedures/CODE/`: every field, the steps, forms, status where it applies,
//! history and any coming change; with schema.org JSON-LD.

use super::{Link, Pages, Tag, format_number};
use crate::render::{Output, RenderError};
use crate::resolve::{Action, EventIx, ProcedureIx, Status, TerritoryStatus};
use rayon::prelude::*;
use serde::Serialize;
use serde_json::json;

#[derive(Serialize)]
struct ProcedureView {
    title: String,
    crumbs: Vec<Link>,
    code: String,
    name: String,
    sector: Link,
    levels: Vec<String>,
    implementing: Vec<Link>,
    competent: Vec<Link>,
    coordinating: Vec<Link>,
    applicants: Vec<String>,
    channels: Vec<ChannelView>,
    online_level: Option<String>,
    dossier: Vec<CaseView>,
    result: Option<String>,
    conditions_html: String,
    body_html: String,
    legal_basis: Vec<LegalView>,
    /// The status at the top territory.
    headline: Option<StatusRow>,
    /// A notice for a procedure that is abolished or replaced at the top territory.
    notice: Option<Notice>,
    /// The top territory and every territory where the status differs from above.
    statuses: Vec<StatusRow>,
    history: Vec<HistoryRow>,
    upcoming: Vec<HistoryRow>,
    unannounced: bool,
    json_ld: String,
}

#[derive(Serialize)]
struct ChannelView {
    method: String,
    processing_time: Option<String>,
    fees: Vec<FeeView>,
}

#[derive(Serialize)]
struct FeeView {
    name: String,
    amount: Option<String>,
    note: Option<String>,
}

#[derive(Serialize)]
struct CaseView {
    case: Option<String>,
    items: Vec<DossierItemView>,
}

#[derive(Serialize)]
struct DossierItemView {
    name: String,
    form: Option<Link>,
    originals: Option<u32>,
    copies: Option<u32>,
}

#[derive(Serialize)]
struct LegalView {
    number: String,
    title: Option<String>,
    date: Option<String>,
    issuer: Option<String>,
    url: Option<String>,
}

#[derive(Serialize)]
struct StatusRow {
    locality: Link,
    depth: u32,
    tag: Tag,
    note: Option<String>,
    replaced_by: Option<Link>,
    decision: Link,
    date: Option<String>,
}

#[derive(Serialize)]
struct Notice {
    status: &'static str,
    heading: String,
    decision: Link,
    decision_title: String,
    date: String,
    reason: Option<String>,
    replaced_by: Option<Link>,
}

#[derive(Serialize)]
struct HistoryRow {
    effective: String,
    effective_iso: String,
    action: &'static str,
    action_label: String,
    territory: Link,
    decision: Link,
    other: Option<Link>,
    changes: Option<String>,
    upcoming: bool,
}

pub(super) fn render_all(pages: &Pages, out: &Output) -> Result<(), RenderError> {
    let n = pages.ctx.resolved.catalogue.procedures.len();
    (0..n).into_par_iter().try_for_each(|p| {
        let view = view(pages, p);
        let code = &pages.ctx.resolved.catalogue.procedures[p].code.value;
        pages.writer.write(
            out,
            &format!("procedures/{code}/index.html"),
            "procedure.html",
            &view,
        )
    })
}

fn view(pages: &Pages, p: ProcedureIx) -> ProcedureView {
    let resolved = pages.ctx.resolved;
    let cat = resolved.catalogue;
    let procedure = &cat.procedures[p];
    let state = &resolved.procedures[p];
    let t = |k: &str| pages.t(k);

    let channels = procedure
        .channels
        .iter()
        .map(|c| {
            let days = c
                .processing_days
                .map(|d| t("working_days").replace("{n}", &format_number(pages.lang, d)));
            let processing_time = match (&c.processing_time, days) {
                (Some(text), Some(days)) if !text.contains(&days) => {
                    Some(format!("{text} ({days})"))
                }
                (Some(text), _) => Some(text.clone()),
                (None, days) => days,
            };
            ChannelView {
                method: t(&format!("method_{}", c.method.as_str())),
                processing_time,
                fees: c
                    .fees
                    .iter()
                    .map(|f| FeeView {
                        name: f.name.clone(),
                        // Only a fee written as 0 says the channel is free.
                        amount: f.amount.map(|a| {
                            if a == 0.0 {
                                t("free")
                            } else {
                                format!("{} {}", format_number(pages.lang, a), f.currency)
                            }
                        }),
                        note: f.note.clone(),
                    })
                    .collect(),
            }
        })
        .collect();

    let dossier = procedure
        .dossier
        .iter()
        .map(|case| CaseView {
            case: case.case.clone(),
            items: case
                .items
                .iter()
                .map(|item| DossierItemView {
                    name: item.name.clone(),
                    form: item.form.as_ref().map(|f| {
                        let file = f
                            .as_str()
                            .rsplit('/')
                            .next()
                            .unwrap_or(f.as_str())
                            .to_string();
                        pages.document_link(f.as_str(), file)
                    }),
                    originals: item.originals,
                    copies: item.copies,
                })
                .collect(),
        })
        .collect();

    let legal_basis = procedure
        .legal_basis
        .iter()
        .map(|l| LegalView {
            number: l.number.clone(),
            title: l.title.clone(),
            date: l.date.map(|d| pages.date(d)),
            issuer: l.issuer.clone(),
            url: l.url.clone().filter(|u| crate::model::is_url(u)),
        })
        .collect();

    let row = |s: &TerritoryStatus| StatusRow {
        locality: pages.locality_link(s.locality),
        depth: resolved.tree.depth.get(s.locality).copied().unwrap_or(0),
        tag: pages.tag(s.status),
        note: pages.status_note(s),
        replaced_by: s.replaced_by.map(|b| pages.procedure_link(b)),
        decision: resolved
            .events
            .get(s.event)
            .map(|e| pages.decision_link(e.decision))
            .unwrap_or(Link {
                url: String::new(),
                text: String::new(),
            }),
        date: pages.listings.event_date(s).map(|d| pages.date(d)),
    };

    let headline_status = pages.listings.headline_status(p);
    let mut statuses = Vec::new();
    for s in &state.statuses {
        let inherited = resolved
            .tree
            .parent
            .get(s.locality)
            .copied()
            .flatten()
            .and_then(|parent| pages.listings.status_at(p, parent));
        let differs = match inherited {
            None => true,
            Some(i) => i.status != s.status || i.replaced_by != s.replaced_by,
        };
        if differs {
            statuses.push(row(s));
        }
    }

    let notice = headline_status.and_then(|s| {
        let heading = match s.status {
            Status::Abolished => t("abolished_notice"),
            Status::Replaced => t("replaced_notice"),
            _ => return None,
        };
        let event = resolved.events.get(s.event)?;
        let decision = cat.decisions.get(event.decision)?;
        Some(Notice {
            status: s.status.as_str(),
            heading,
            decision: pages.decision_link(event.decision),
            decision_title: decision.title.clone(),
            date: pages.date(event.effective),
            reason: event.changes.clone(),
            replaced_by: s.replaced_by.map(|b| pages.procedure_link(b)),
        })
    });

    let history_row = |e: EventIx| {
        let event = &resolved.events[e];
        let other = match event.action {
            Action::Replaced { by } => Some(pages.procedure_link(by)),
            Action::Replaces { old } => Some(pages.procedure_link(old)),
            _ => None,
        };
        HistoryRow {
            effective: pages.date(event.effective),
            effective_iso: event.effective.to_string(),
            action: event.action.as_str(),
            action_label: t(&format!("action_{}", event.action.as_str())),
            territory: pages.locality_link(event.territory),
            decision: pages.decision_link(event.decision),
            other,
            changes: event.changes.clone(),
            upcoming: event.effective > resolved.as_of,
        }
    };
    let history = state
        .history
        .iter()
        .filter(|&&e| e < resolved.events.len())
        .map(|&e| history_row(e))
        .collect();
    let upcoming = state
        .upcoming
        .iter()
        .filter(|&&e| e < resolved.events.len())
        .map(|&e| history_row(e))
        .collect();

    let sector = pages.sector_link(procedure.sector.as_str());
    let implementing: Vec<Link> = procedure
        .agencies
        .implementing
        .iter()
        .map(|a| pages.agency_link(a.as_str()))
        .collect();
    let json_ld = json_ld(pages, p, &sector.text, &implementing, headline_status);
    let levels = procedure
        .levels
        .iter()
        .map(|l| t(&format!("level_{}", l.as_str())))
        .collect();

    ProcedureView {
        title: procedure.name.clone(),
        crumbs: vec![
            Link {
                url: pages.url(""),
                text: t("home"),
            },
            sector.clone(),
        ],
        code: procedure.code.value.clone(),
        name: procedure.name.clone(),
        sector,
        levels,
        implementing,
        competent: procedure
            .agencies
            .competent
            .iter()
            .map(|a| pages.agency_link(a.as_str()))
            .collect(),
        coordinating: procedure
            .agencies
            .coordinating
            .iter()
            .map(|a| pages.agency_link(a.as_str()))
            .collect(),
        applicants: procedure.applicants.clone(),
        channels,
        online_level: procedure
            .online_level
            .map(|o| t(&format!("online_{}", o.as_str()))),
        dossier,
        result: procedure.result.clone(),
        conditions_html: pages
            .markdown
            .to_html(procedure.conditions.as_deref().unwrap_or("")),
        body_html: pages.markdown.to_html(&procedure.body),
        legal_basis,
        headline: headline_status.map(row),
        notice,
        statuses,
        history,
        upcoming,
        unannounced: state.history.is_empty(),
        json_ld,
    }
}

/// schema.org `GovernmentService`, escaped so it cannot end its `<script>` element.
fn json_ld(
    pages: &Pages,
    p: ProcedureIx,
    sector: &str,
    implementing: &[Link],
    headline: Option<&TerritoryStatus>,
) -> String {
    let cat = pages.ctx.resolved.catalogue;
    let procedure = &cat.procedures[p];
    let url = format!(
        "{}/procedures/{}/",
        pages.ctx.site.base_url.trim_end_matches('/'),
        procedure.code.as_str()
    );
    let providers: Vec<_> = implementing
        .iter()
        .map(|a| json!({"@type": "GovernmentOrganization", "name": a.text}))
        .collect();
    let channels: Vec<_> = procedure
        .channels
        .iter()
        .map(|c| {
            let mut channel = json!({
                "@type": "ServiceChannel",
                "name": pages.t(&format!("method_{}", c.method.as_str())),
            });
            if let Some(days) = c.processing_days {
                channel["processingTime"] = json!(format!("P{}D", days.ceil() as u64));
            }
            channel
        })
        .collect();
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "identifier": procedure.code.as_str(),
        "name": procedure.name,
        "url": url,
        "serviceType": sector,
        "provider": providers,
        "availableChannel": channels,
    });
    if let Some(area) = headline.and_then(|s| cat.localities.get(s.locality)) {
        data["areaServed"] = json!({"@type": "AdministrativeArea", "name": area.name});
    }
    if !procedure.applicants.is_empty() {
        data["audience"] =
            json!({"@type": "Audience", "audienceType": procedure.applicants.join("; ")});
    }
    if let Some(result) = &procedure.result {
        data["description"] = json!(result);
    }
    script_safe_json(&data.to_string())
}

/// JSON that can sit inside `<script>`: no `<`, `>` or `&`, no line separators.
pub(crate) fn script_safe_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::script_safe_json;

    #[test]
    fn json_ld_cannot_close_its_script_element() {
        let json = serde_json::json!({"name": "</script><script>alert(1)</script>"}).to_string();
        let safe = script_safe_json(&json);
        assert!(!safe.contains('<'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back["name"], "</script><script>alert(1)</script>");
    }
}
