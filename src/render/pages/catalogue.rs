//! The home page, agency, sector, decision and status pages, and `404.html`.

use super::locality::{DecisionLink, decision_link};
use super::{Group, Link, Pages, Tag};
use crate::render::{Output, RenderError};
use crate::resolve::{ProcedureIx, Status};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

pub(super) fn render_all(pages: &Pages, out: &Output) -> Result<(), RenderError> {
    let cat = pages.ctx.resolved.catalogue;
    let status_lists = status_lists(pages);
    home(pages, out, &status_lists)?;
    not_found(pages, out)?;
    agencies_index(pages, out)?;
    decisions_index(pages, out)?;
    Status::ALL
        .par_iter()
        .zip(status_lists.par_iter())
        .try_for_each(|(&s, list)| status_page(pages, out, s, list))?;
    (0..cat.agencies.len())
        .into_par_iter()
        .try_for_each(|a| agency(pages, out, a))?;
    (0..cat.sectors.len())
        .into_par_iter()
        .try_for_each(|s| sector(pages, out, s))?;
    (0..cat.decisions.len())
        .into_par_iter()
        .try_for_each(|d| decision(pages, out, d))?;
    Ok(())
}

fn home_crumb(pages: &Pages) -> Link {
    Link {
        url: pages.url(""),
        text: pages.t("home"),
    }
}

// ---------------------------------------------------------------- home and 404

#[derive(Serialize)]
struct HomeView {
    title: String,
    crumbs: Vec<Link>,
    statuses: Vec<StatusCount>,
    localities: Vec<Link>,
    /// Localities that do not exist on the as-of date.
    former_localities: Vec<Link>,
    sectors: Vec<SectorCount>,
    agencies: Vec<Link>,
    decisions: Vec<DecisionLink>,
}

#[derive(Serialize)]
struct StatusCount {
    url: String,
    tag: Tag,
    title: String,
    count: usize,
}

#[derive(Serialize)]
struct SectorCount {
    url: String,
    text: String,
    count: usize,
}

fn home(pages: &Pages, out: &Output, status_lists: &[Vec<ProcedureIx>]) -> Result<(), RenderError> {
    let resolved = pages.ctx.resolved;
    let cat = resolved.catalogue;
    let statuses = Status::ALL
        .iter()
        .zip(status_lists)
        .map(|(&s, list)| StatusCount {
            url: pages.url(&format!("status/{}/", s.as_str())),
            tag: pages.tag(s),
            title: pages.t(&format!("status_page_{}", s.as_str())),
            count: list.len(),
        })
        .collect();
    // The roots and their children: provinces, not thousands of communes.
    // Localities that do not exist on the as-of date are roots of their own,
    // listed apart.
    let tree = &resolved.tree;
    let (roots, former): (Vec<usize>, Vec<usize>) =
        tree.roots.iter().partition(|&&r| tree.exists(r));
    let former_localities = former.iter().map(|&l| pages.locality_link(l)).collect();
    let mut localities = Vec::new();
    for &root in &roots {
        localities.push(pages.locality_link(root));
        if let Some(children) = resolved.tree.children.get(root) {
            localities.extend(children.iter().map(|&c| pages.locality_link(c)));
        }
    }
    let sectors = cat
        .sectors
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let link = pages.sector_link(s.id.as_str());
            SectorCount {
                url: link.url,
                text: link.text,
                count: pages.listings.by_sector[i].len(),
            }
        })
        .collect();
    let agencies = roots
        .iter()
        .flat_map(|&r| pages.listings.agencies_by_locality[r].iter())
        .map(|&a| pages.agency_link(cat.agencies[a].id.as_str()))
        .collect();
    let decisions = pages
        .listings
        .decisions_newest
        .iter()
        .take(5)
        .map(|&d| decision_link(pages, d))
        .collect();
    let view = HomeView {
        title: pages.ctx.site.title.clone(),
        crumbs: Vec::new(),
        statuses,
        localities,
        former_localities,
        sectors,
        agencies,
        decisions,
    };
    pages.writer.write(out, "index.html", "home.html", &view)
}

#[derive(Serialize)]
struct SimpleView {
    title: String,
    crumbs: Vec<Link>,
}

fn not_found(pages: &Pages, out: &Output) -> Result<(), RenderError> {
    let view = SimpleView {
        title: pages.t("not_found_title"),
        crumbs: Vec::new(),
    };
    let bytes = pages.writer.render("404.html", "404.html", &view)?;
    out.write("404.html", &bytes)
}

// ---------------------------------------------------------------- agencies

#[derive(Serialize)]
struct AgenciesView {
    title: String,
    crumbs: Vec<Link>,
    groups: Vec<AgencyGroup>,
}

#[derive(Serialize)]
struct AgencyGroup {
    locality: Link,
    agencies: Vec<Link>,
}

fn agencies_index(pages: &Pages, out: &Output) -> Result<(), RenderError> {
    let resolved = pages.ctx.resolved;
    let cat = resolved.catalogue;
    let mut groups = Vec::new();
    for &l in &resolved.tree.preorder {
        if resolved.tree.depth.get(l).copied().unwrap_or(u32::MAX) > 1 {
            continue;
        }
        let agencies: Vec<Link> = pages.listings.agencies_by_locality[l]
            .iter()
            .map(|&a| pages.agency_link(cat.agencies[a].id.as_str()))
            .collect();
        if !agencies.is_empty() {
            groups.push(AgencyGroup {
                locality: pages.locality_link(l),
                agencies,
            });
        }
    }
    let view = AgenciesView {
        title: pages.t("agencies"),
        crumbs: vec![home_crumb(pages)],
        groups,
    };
    pages
        .writer
        .write(out, "agencies/index.html", "agencies.html", &view)
}

#[derive(Serialize)]
struct AgencyView {
    title: String,
    crumbs: Vec<Link>,
    name: String,
    kind: String,
    locality: Link,
    parent: Option<Link>,
    address: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    website: Option<String>,
    hours: Option<String>,
    list_html: String,
}

fn agency(pages: &Pages, out: &Output, a: usize) -> Result<(), RenderError> {
    let resolved = pages.ctx.resolved;
    let agency = &resolved.catalogue.agencies[a];
    let here = resolved.tree.by_id.get(agency.locality.as_str()).copied();
    let items = pages.listings.by_agency[a]
        .iter()
        .map(|&p| {
            let s = here
                .and_then(|l| pages.listings.status_at(p, l))
                .or_else(|| pages.listings.headline_status(p));
            (p, pages.item(p, s))
        })
        .collect();
    let groups = pages.group_by_sector(items);
    let view = AgencyView {
        title: agency.name.clone(),
        crumbs: vec![
            home_crumb(pages),
            Link {
                url: pages.url("agencies/"),
                text: pages.t("agencies"),
            },
        ],
        name: agency.name.clone(),
        kind: pages.t(&format!("kind_{}", agency.kind.as_str())),
        locality: pages.locality_link_by_id(agency.locality.as_str()),
        parent: agency
            .parent
            .as_ref()
            .map(|p| pages.agency_link(p.as_str())),
        address: agency.address.clone(),
        phone: agency.phone.clone(),
        email: agency.email.clone(),
        website: agency.website.clone().filter(|w| crate::model::is_url(w)),
        hours: agency.hours.clone(),
        list_html: pages.list_html(&groups)?,
    };
    let id = agency.id.as_str();
    pages.writer.write(
        out,
        &format!("agencies/{id}/index.html"),
        "agency.html",
        &view,
    )
}

// ---------------------------------------------------------------- sectors

#[derive(Serialize)]
struct SectorView {
    title: String,
    crumbs: Vec<Link>,
    name: String,
    description: Option<String>,
    list_html: String,
}

fn sector(pages: &Pages, out: &Output, s: usize) -> Result<(), RenderError> {
    let cat = pages.ctx.resolved.catalogue;
    let sector = &cat.sectors[s];
    // Within one sector, group by the (highest) level the procedure is carried out at.
    let mut by_level: BTreeMap<crate::model::ProcedureLevel, Vec<_>> = BTreeMap::new();
    for &p in &pages.listings.by_sector[s] {
        let level = cat.procedures[p]
            .levels
            .iter()
            .min()
            .copied()
            .unwrap_or(crate::model::ProcedureLevel::Commune);
        let s = pages.listings.headline_status(p);
        let mut item = pages.item(p, s);
        if pages.listings.varies.get(p).copied().unwrap_or(false) {
            let varies = pages.t("varies");
            item.note = Some(match item.note {
                Some(n) => format!("{n}; {varies}"),
                None => varies,
            });
        }
        by_level.entry(level).or_default().push(item);
    }
    let groups: Vec<Group> = by_level
        .into_iter()
        .map(|(level, items)| Group {
            anchor: format!("level-{}", level.as_str()),
            title: pages.t(&format!("level_{}", level.as_str())),
            items,
        })
        .collect();
    let view = SectorView {
        title: sector.name.clone(),
        crumbs: vec![home_crumb(pages)],
        name: sector.name.clone(),
        description: sector.description.clone(),
        list_html: pages.list_html(&groups)?,
    };
    let id = sector.id.as_str();
    pages.writer.write(
        out,
        &format!("sectors/{id}/index.html"),
        "sector.html",
        &view,
    )
}

// ---------------------------------------------------------------- decisions

#[derive(Serialize)]
struct DecisionsView {
    title: String,
    crumbs: Vec<Link>,
    years: Vec<YearGroup>,
}

#[derive(Serialize)]
struct YearGroup {
    year: i32,
    anchor: String,
    decisions: Vec<DecisionRow>,
}

#[derive(Serialize)]
struct DecisionRow {
    url: String,
    number: String,
    title: String,
    signed: String,
    effective: String,
    locality: Link,
    upcoming: bool,
}

fn decisions_index(pages: &Pages, out: &Output) -> Result<(), RenderError> {
    use chrono::Datelike;
    let resolved = pages.ctx.resolved;
    let cat = resolved.catalogue;
    let mut years: Vec<YearGroup> = Vec::new();
    for &d in &pages.listings.decisions_newest {
        let decision = &cat.decisions[d];
        let year = decision.signed.value.year();
        if years.last().map(|y| y.year) != Some(year) {
            years.push(YearGroup {
                year,
                anchor: format!("year-{year}"),
                decisions: Vec::new(),
            });
        }
        let row = DecisionRow {
            url: pages.decision_link(d).url,
            number: decision.number.clone(),
            title: decision.title.clone(),
            signed: pages.date(decision.signed.value),
            effective: pages.date(decision.effective.value),
            locality: pages.locality_link_by_id(decision.locality.as_str()),
            upcoming: decision.effective.value > resolved.as_of,
        };
        if let Some(y) = years.last_mut() {
            y.decisions.push(row);
        }
    }
    let view = DecisionsView {
        title: pages.t("decisions"),
        crumbs: vec![home_crumb(pages)],
        years,
    };
    pages
        .writer
        .write(out, "decisions/index.html", "decisions.html", &view)
}

#[derive(Serialize)]
struct DecisionView {
    title: String,
    crumbs: Vec<Link>,
    number: String,
    decision_title: String,
    issuer: Link,
    locality: Link,
    signed: String,
    effective: String,
    upcoming: bool,
    upcoming_tag: Tag,
    document: Option<Link>,
    body_html: String,
    sections: Vec<DecisionSection>,
}

#[derive(Serialize)]
struct DecisionSection {
    action: &'static str,
    title: String,
    items: Vec<DecisionItemView>,
}

#[derive(Serialize)]
struct DecisionItemView {
    procedure: Link,
    by: Option<Link>,
    note: Option<String>,
}

fn decision(pages: &Pages, out: &Output, d: usize) -> Result<(), RenderError> {
    let resolved = pages.ctx.resolved;
    let decision = &resolved.catalogue.decisions[d];
    let item = |code: &str, by: Option<&str>, note: &Option<String>| DecisionItemView {
        procedure: pages.code_link(code),
        by: by.map(|b| pages.code_link(b)),
        note: note.clone(),
    };
    let mut sections = Vec::new();
    let mut section = |action: &'static str, items: Vec<DecisionItemView>| {
        if !items.is_empty() {
            sections.push(DecisionSection {
                action,
                title: pages.t(&format!("items_{action}")),
                items,
            });
        }
    };
    section(
        "new",
        decision
            .new
            .iter()
            .map(|i| item(i.procedure.as_str(), None, &i.note))
            .collect(),
    );
    section(
        "amended",
        decision
            .amended
            .iter()
            .map(|i| item(i.procedure.as_str(), None, &i.note))
            .collect(),
    );
    section(
        "replaced",
        decision
            .replaced
            .iter()
            .map(|r| item(r.procedure.as_str(), Some(r.by.as_str()), &r.note))
            .collect(),
    );
    section(
        "abolished",
        decision
            .abolished
            .iter()
            .map(|i| item(i.procedure.as_str(), None, &i.note))
            .collect(),
    );
    let document = decision
        .document
        .as_ref()
        .map(|doc| pages.document_link(doc.as_str(), pages.t("view_document")));
    let view = DecisionView {
        title: decision.number.clone(),
        crumbs: vec![
            home_crumb(pages),
            Link {
                url: pages.url("decisions/"),
                text: pages.t("decisions"),
            },
        ],
        number: decision.number.clone(),
        decision_title: decision.title.clone(),
        issuer: pages.agency_link(decision.issuer.as_str()),
        locality: pages.locality_link_by_id(decision.locality.as_str()),
        signed: pages.date(decision.signed.value),
        effective: pages.date(decision.effective.value),
        upcoming: decision.effective.value > resolved.as_of,
        upcoming_tag: pages.tag(Status::Upcoming),
        document,
        body_html: pages.markdown.to_html(&decision.body),
        sections,
    };
    let slug = decision.slug.as_str();
    pages.writer.write(
        out,
        &format!("decisions/{slug}/index.html"),
        "decision.html",
        &view,
    )
}

// ---------------------------------------------------------------- statuses

/// For each status (in `Status::ALL` order), the procedures that have it
/// somewhere; `upcoming` also takes procedures with a coming change.
fn status_lists(pages: &Pages) -> Vec<Vec<ProcedureIx>> {
    let resolved = pages.ctx.resolved;
    Status::ALL
        .iter()
        .map(|&status| {
            (0..resolved.procedures.len())
                .filter(|&p| {
                    let state = &resolved.procedures[p];
                    state.statuses.iter().any(|s| s.status == status)
                        || (status == Status::Upcoming && !state.upcoming.is_empty())
                })
                .collect()
        })
        .collect()
}

#[derive(Serialize)]
struct StatusView {
    title: String,
    crumbs: Vec<Link>,
    tag: Tag,
    list_html: String,
}

fn status_page(
    pages: &Pages,
    out: &Output,
    status: Status,
    list: &[ProcedureIx],
) -> Result<(), RenderError> {
    let resolved = pages.ctx.resolved;
    let cat = resolved.catalogue;
    let items = list
        .iter()
        .map(|&p| {
            let mut item = pages.item(p, None);
            item.tag = Some(pages.tag(status));
            let places = pages.listings.localities_with(p, status);
            let mut note = if places.is_empty() {
                // Only a coming change: say what and when.
                resolved.procedures[p]
                    .upcoming
                    .first()
                    .and_then(|&e| resolved.events.get(e))
                    .map(|e| {
                        format!(
                            "{}: {}",
                            pages
                                .t("upcoming_from")
                                .replace("{date}", &pages.date(e.effective)),
                            pages.t(&format!("action_{}", e.action.as_str()))
                        )
                    })
            } else {
                let names: Vec<&str> = places
                    .iter()
                    .take(3)
                    .filter_map(|&l| cat.localities.get(l))
                    .map(|l| l.name.as_str())
                    .collect();
                let mut text = format!("{} {}", pages.t("in_localities"), names.join(", "));
                if places.len() > 3 {
                    text.push(' ');
                    text.push_str(
                        &pages
                            .t("more_localities")
                            .replace("{n}", &(places.len() - 3).to_string()),
                    );
                }
                Some(text)
            };
            // Replaced and upcoming entries also say by what, or from when.
            if matches!(status, Status::Upcoming | Status::Replaced)
                && let Some(extra) = places
                    .first()
                    .and_then(|&l| pages.listings.status_at(p, l))
                    .and_then(|s| pages.status_note(s))
            {
                note = note.map(|n| format!("{extra}; {n}"));
            }
            item.note = note;
            (p, item)
        })
        .collect();
    let groups = pages.group_by_sector(items);
    let view = StatusView {
        title: pages.t(&format!("status_page_{}", status.as_str())),
        crumbs: vec![home_crumb(pages)],
        tag: pages.tag(status),
        list_html: pages.list_html(&groups)?,
    };
    pages.writer.write(
        out,
        &format!("status/{}/index.html", status.as_str()),
        "status.html",
        &view,
    )
}
