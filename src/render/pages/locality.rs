//! `/localities/ID/`: the procedures carried out at the locality's level, each
//! with its status there, and links up and down the tree.
//!
//! Localities with the same level and the same nearest ancestor-with-events see
//! the same statuses, so their procedure list is worked out and rendered once per
//! such group, then reused for every page in it: never procedures × localities.

use super::{Link, Pages};
use crate::model::Date;
use crate::render::listing::Listings;
use crate::render::{Output, RenderError};
use crate::resolve::LocalityIx;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct LocalityView {
    title: String,
    crumbs: Vec<Link>,
    id: String,
    name: String,
    level: String,
    code: Option<String>,
    parent: Option<Link>,
    /// Its first day, where it has one (SPEC §2).
    from: Option<String>,
    /// The first day it no longer exists.
    until: Option<String>,
    /// `ended` or `not_yet` when it does not exist on the as-of date.
    standing: Option<&'static str>,
    /// The localities that took over its territory ("now part of").
    successors: Vec<Link>,
    /// The localities it was formed from.
    predecessors: Vec<Link>,
    children: Vec<ChildLink>,
    agencies: Vec<Link>,
    decisions: Vec<DecisionLink>,
    procedure_level: String,
    /// The heading of the list for an ended locality: what was in force there
    /// on its last day (the list is worked out as of that day).
    last_day: Option<String>,
    list_html: String,
}

#[derive(Serialize)]
struct ChildLink {
    url: String,
    text: String,
    level: String,
}

#[derive(Serialize)]
pub(super) struct DecisionLink {
    pub url: String,
    pub number: String,
    pub title: String,
    pub signed: String,
}

pub(super) fn render_all(pages: &Pages, out: &Output) -> Result<(), RenderError> {
    let cat = pages.ctx.resolved.catalogue;
    let as_of = pages.ctx.resolved.as_of;
    // (level, status key) → localities; BTreeMap so the work is split the same way every time.
    let mut groups: BTreeMap<(crate::model::LocalityLevel, Option<LocalityIx>), Vec<LocalityIx>> =
        BTreeMap::new();
    // Ended localities by their last day: each date is resolved once.
    let mut ended: BTreeMap<Date, Vec<LocalityIx>> = BTreeMap::new();
    for (l, locality) in cat.localities.iter().enumerate() {
        if let Some(last) = last_day(locality, as_of) {
            ended.entry(last).or_default().push(l);
            continue;
        }
        let key = pages.listings.status_key.get(l).copied().flatten();
        groups.entry((locality.level, key)).or_default().push(l);
    }
    let groups: Vec<_> = groups.into_iter().collect();
    let (today, former) = rayon::join(
        || render_groups(pages, &pages.listings, &groups, None, out),
        || {
            ended.iter().try_for_each(|(&last, members)| {
                let resolved = crate::resolve::resolve(cat, last);
                let listings = Listings::build(&resolved);
                let mut groups: BTreeMap<_, Vec<LocalityIx>> = BTreeMap::new();
                for &l in members {
                    let key = listings.status_key.get(l).copied().flatten();
                    groups
                        .entry((cat.localities[l].level, key))
                        .or_default()
                        .push(l);
                }
                let groups: Vec<_> = groups.into_iter().collect();
                render_groups(pages, &listings, &groups, Some(last), out)
            })
        },
    );
    today?;
    former
}

/// The last day of a locality that has ended on or before `as_of`.
fn last_day(locality: &crate::model::Locality, as_of: Date) -> Option<Date> {
    let until = locality.until.as_ref()?.value;
    if until > as_of {
        return None;
    }
    until.pred_opt()
}

/// Renders the pages of `groups`, each sharing one procedure list worked out
/// from `listings` (as of the build date, or of the localities' `last_day`).
fn render_groups(
    pages: &Pages,
    listings: &Listings,
    groups: &[LocalityGroup],
    last_day: Option<Date>,
    out: &Output,
) -> Result<(), RenderError> {
    let cat = pages.ctx.resolved.catalogue;
    groups.par_iter().try_for_each(|((level, key), members)| {
        let list_html = pages
            .writer
            .minify_shared(&shared_list(pages, listings, *level, *key)?);
        members.par_iter().try_for_each(|&l| {
            let id = cat.localities[l].id.as_str();
            pages.writer.write_with_shared(
                out,
                &format!("localities/{id}/index.html"),
                "locality.html",
                |list: &str| view(pages, l, list, last_day),
                &list_html,
            )
        })
    })
}

type LocalityGroup = (
    (crate::model::LocalityLevel, Option<LocalityIx>),
    Vec<LocalityIx>,
);

fn shared_list(
    pages: &Pages,
    listings: &Listings,
    level: crate::model::LocalityLevel,
    key: Option<LocalityIx>,
) -> Result<String, RenderError> {
    let mut items = Vec::new();
    if let (Some(key), Some(procedures)) = (key, listings.by_level.get(&level.procedure_level())) {
        for &p in procedures {
            if let Some(s) = listings.status_at(p, key) {
                items.push((p, pages.item_in(listings, p, Some(s))));
            }
        }
    }
    let groups = pages.group_by_sector(items);
    pages.list_html(&groups)
}

fn view(pages: &Pages, l: LocalityIx, list_html: &str, last_day: Option<Date>) -> LocalityView {
    let resolved = pages.ctx.resolved;
    let cat = resolved.catalogue;
    let locality = &cat.localities[l];
    let mut crumbs = vec![Link {
        url: pages.url(""),
        text: pages.t("home"),
    }];
    crumbs.extend(
        pages
            .listings
            .ancestors(l)
            .into_iter()
            .map(|a| pages.locality_link(a)),
    );
    let parent = resolved
        .tree
        .parent
        .get(l)
        .copied()
        .flatten()
        .map(|p| pages.locality_link(p));
    let children = resolved
        .tree
        .children
        .get(l)
        .map(|c| {
            c.iter()
                .map(|&c| {
                    let link = pages.locality_link(c);
                    ChildLink {
                        url: link.url,
                        text: link.text,
                        level: pages.t(&format!("locality_{}", cat.localities[c].level.as_str())),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let tree = &resolved.tree;
    let links = |list: Option<&Vec<LocalityIx>>| -> Vec<Link> {
        list.map(|ls| ls.iter().map(|&x| pages.locality_link(x)).collect())
            .unwrap_or_default()
    };
    let standing = match tree.life.get(l) {
        Some(life) if !tree.exists(l) => Some(if tree.as_of < life.from {
            "not_yet"
        } else {
            "ended"
        }),
        _ => None,
    };
    let agencies = pages.listings.agencies_by_locality[l]
        .iter()
        .map(|&a| pages.agency_link(cat.agencies[a].id.as_str()))
        .collect();
    let decisions = pages.listings.decisions_by_locality[l]
        .iter()
        .map(|&d| decision_link(pages, d))
        .collect();
    LocalityView {
        title: locality.name.clone(),
        crumbs,
        id: locality.id.value.clone(),
        name: locality.name.clone(),
        level: pages.t(&format!("locality_{}", locality.level.as_str())),
        code: locality.code.clone(),
        parent,
        from: locality.from.as_ref().map(|d| pages.date(d.value)),
        until: locality.until.as_ref().map(|d| pages.date(d.value)),
        standing,
        successors: links(tree.successors.get(l)),
        predecessors: links(tree.predecessors.get(l)),
        children,
        agencies,
        decisions,
        procedure_level: pages.t(&format!(
            "level_{}",
            locality.level.procedure_level().as_str()
        )),
        last_day: last_day.map(|d| {
            pages
                .t("in_force_last_day")
                .replace("{date}", &pages.date(d))
        }),
        list_html: list_html.to_string(),
    }
}

pub(super) fn decision_link(pages: &Pages, d: usize) -> DecisionLink {
    let decision = &pages.ctx.resolved.catalogue.decisions[d];
    let link = pages.decision_link(d);
    DecisionLink {
        url: link.url,
        number: decision.number.clone(),
        title: decision.title.clone(),
        signed: pages.date(decision.signed.value),
    }
}
