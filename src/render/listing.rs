//! What the list pages share, worked out once per build: procedures by sector,
//! agency and name, decisions newest first, each procedure's headline status,
//! and which localities share the same inherited statuses.

use crate::model::{Date, ProcedureLevel};
use crate::resolve::{DecisionIx, LocalityIx, ProcedureIx, Resolved, Status, TerritoryStatus};
use crate::text::fold;
use std::collections::HashMap;

pub struct Listings<'r> {
    pub resolved: &'r Resolved<'r>,
    pub sector_ix: HashMap<&'r str, usize>,
    pub agency_ix: HashMap<&'r str, usize>,
    /// Position of each procedure when sorted by name (folded), then code.
    pub name_rank: Vec<usize>,
    /// Procedures of each sector (parallel to `catalogue.sectors`), by name.
    pub by_sector: Vec<Vec<ProcedureIx>>,
    /// Procedures each agency implements (parallel to `catalogue.agencies`), by name.
    pub by_agency: Vec<Vec<ProcedureIx>>,
    /// Index into the procedure's `statuses` of its top-most territory.
    pub headline: Vec<Option<usize>>,
    /// True when some territory has a status other than the headline one.
    pub varies: Vec<bool>,
    /// Decisions, newest first (signed, then effective, later first; then number and slug).
    pub decisions_newest: Vec<DecisionIx>,
    /// Decisions whose territory is each locality, newest first.
    pub decisions_by_locality: Vec<Vec<DecisionIx>>,
    /// Agencies located in each locality, by name.
    pub agencies_by_locality: Vec<Vec<usize>>,
    /// For each locality, its nearest ancestor (or itself) that is the territory
    /// of some event. Localities with the same key see the same statuses.
    pub status_key: Vec<Option<LocalityIx>>,
    /// Procedures carried out at each level, by name.
    pub by_level: HashMap<ProcedureLevel, Vec<ProcedureIx>>,
}

impl<'r> Listings<'r> {
    pub fn build(resolved: &'r Resolved<'r>) -> Self {
        let cat = resolved.catalogue;
        let tree = &resolved.tree;
        let sector_ix = cat
            .sectors
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let agency_ix: HashMap<&str, usize> = cat
            .agencies
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();

        let mut order: Vec<ProcedureIx> = (0..cat.procedures.len()).collect();
        let folded: Vec<String> = cat.procedures.iter().map(|p| fold(&p.name)).collect();
        order.sort_by(|&a, &b| {
            (
                &folded[a],
                &cat.procedures[a].name,
                cat.procedures[a].code.as_str(),
            )
                .cmp(&(
                    &folded[b],
                    &cat.procedures[b].name,
                    cat.procedures[b].code.as_str(),
                ))
        });
        let mut name_rank = vec![0; order.len()];
        for (rank, &p) in order.iter().enumerate() {
            name_rank[p] = rank;
        }

        let mut listings = Listings {
            resolved,
            sector_ix,
            agency_ix,
            name_rank,
            by_sector: vec![Vec::new(); cat.sectors.len()],
            by_agency: vec![Vec::new(); cat.agencies.len()],
            headline: Vec::with_capacity(cat.procedures.len()),
            varies: Vec::with_capacity(cat.procedures.len()),
            decisions_newest: (0..cat.decisions.len()).collect(),
            decisions_by_locality: vec![Vec::new(); cat.localities.len()],
            agencies_by_locality: vec![Vec::new(); cat.localities.len()],
            status_key: vec![None; cat.localities.len()],
            by_level: HashMap::new(),
        };

        for &p in &order {
            let procedure = &cat.procedures[p];
            if let Some(&s) = listings.sector_ix.get(procedure.sector.as_str()) {
                listings.by_sector[s].push(p);
            }
            let mut seen = Vec::new();
            for a in &procedure.agencies.implementing {
                if let Some(&ai) = listings.agency_ix.get(a.as_str())
                    && !seen.contains(&ai)
                {
                    seen.push(ai);
                    listings.by_agency[ai].push(p);
                }
            }
            let mut levels = procedure.levels.clone();
            levels.sort();
            levels.dedup();
            for level in levels {
                listings.by_level.entry(level).or_default().push(p);
            }
        }

        for state in &resolved.procedures {
            let mut best: Option<usize> = None;
            for (i, s) in state.statuses.iter().enumerate() {
                let depth = tree.depth.get(s.locality).copied().unwrap_or(u32::MAX);
                let better = match best {
                    None => true,
                    Some(b) => {
                        depth
                            < tree
                                .depth
                                .get(state.statuses[b].locality)
                                .copied()
                                .unwrap_or(u32::MAX)
                    }
                };
                if better {
                    best = Some(i);
                }
            }
            let varies = best.is_some_and(|b| {
                let head = &state.statuses[b];
                state.statuses.iter().any(|s| s.status != head.status)
            });
            listings.headline.push(best);
            listings.varies.push(varies);
        }

        let decisions = &cat.decisions;
        listings.decisions_newest.sort_by(|&a, &b| {
            let (da, db) = (&decisions[a], &decisions[b]);
            (
                db.signed.value,
                db.effective.value,
                &da.number,
                da.slug.as_str(),
            )
                .cmp(&(
                    da.signed.value,
                    da.effective.value,
                    &db.number,
                    db.slug.as_str(),
                ))
        });
        for &d in &listings.decisions_newest {
            if let Some(&l) = tree.by_id.get(decisions[d].locality.as_str()) {
                listings.decisions_by_locality[l].push(d);
            }
        }

        let mut agencies: Vec<usize> = (0..cat.agencies.len()).collect();
        agencies.sort_by(|&a, &b| {
            (fold(&cat.agencies[a].name), cat.agencies[a].id.as_str())
                .cmp(&(fold(&cat.agencies[b].name), cat.agencies[b].id.as_str()))
        });
        for a in agencies {
            if let Some(&l) = tree.by_id.get(cat.agencies[a].locality.as_str()) {
                listings.agencies_by_locality[l].push(a);
            }
        }

        // A locality with an entry of its own (a territory, or one whose
        // status over time differs from what it inherits) starts a new group.
        let is_territory: Vec<bool> = (0..cat.localities.len())
            .map(|l| {
                !resolved.territory_statuses[l].is_empty()
                    || !resolved.territory_no_status[l].is_empty()
            })
            .collect();
        // Pre-order visits parents first, so each key is known before its children's.
        for &l in &tree.preorder {
            listings.status_key[l] = if is_territory[l] {
                Some(l)
            } else {
                tree.parent
                    .get(l)
                    .copied()
                    .flatten()
                    .and_then(|p| listings.status_key[p])
            };
        }
        listings
    }

    /// The procedure's status in locality `l`: from `l` itself or its nearest
    /// ancestor that has an entry ([`Resolved::status_at`]).
    pub fn status_at(&self, p: ProcedureIx, l: LocalityIx) -> Option<&'r TerritoryStatus> {
        self.resolved.status_at(p, l)
    }

    pub fn headline_status(&self, p: ProcedureIx) -> Option<&'r TerritoryStatus> {
        let i = self.headline.get(p).copied().flatten()?;
        self.resolved.procedures.get(p)?.statuses.get(i)
    }

    /// Ancestors of `l`, root first, `l` excluded.
    pub fn ancestors(&self, l: LocalityIx) -> Vec<LocalityIx> {
        let mut out = Vec::new();
        let mut at = self.resolved.tree.parent.get(l).copied().flatten();
        while let Some(a) = at {
            if out.contains(&a) {
                break;
            }
            out.push(a);
            at = self.resolved.tree.parent.get(a).copied().flatten();
        }
        out.reverse();
        out
    }

    /// The effective date of a status's event.
    pub fn event_date(&self, s: &TerritoryStatus) -> Option<Date> {
        self.resolved.events.get(s.event).map(|e| e.effective)
    }

    /// Sorts procedures the way lists show them within a sector: by name.
    pub fn sort_by_name(&self, list: &mut [ProcedureIx]) {
        list.sort_by_key(|&p| self.name_rank.get(p).copied().unwrap_or(usize::MAX));
    }

    /// Where `status` is a status of this procedure somewhere (for status pages).
    pub fn localities_with(&self, p: ProcedureIx, status: Status) -> Vec<LocalityIx> {
        self.resolved
            .procedures
            .get(p)
            .map(|st| {
                st.statuses
                    .iter()
                    .filter(|s| s.status == status)
                    .map(|s| s.locality)
                    .collect()
            })
            .unwrap_or_default()
    }
}
