//! Warnings found by folding decisions: unannounced procedures (W401) and events
//! that find their procedure not in force (W402). They ignore the as-of date:
//! the whole timeline, future events included, is folded.

use super::{Action, Event, EventIx, LocalityIx, ProcedureIx, Resolved, Timeline, status_after};
use crate::diagnostic::{self, Diagnostic};
use crate::model::Catalogue;
use rayon::prelude::*;
use std::collections::HashSet;

/// Every W401 and W402 warning of the catalogue, sorted by file and line.
pub fn diagnostics(resolved: &Resolved) -> Vec<Diagnostic> {
    let named = named_by_decisions(resolved.catalogue);
    let per_procedure: Vec<Vec<Diagnostic>> = resolved
        .procedures
        .par_iter()
        .enumerate()
        .map(|(p, state)| {
            if state.history.is_empty() {
                unannounced(resolved, p, &named).into_iter().collect()
            } else {
                not_in_force(resolved, &state.history)
            }
        })
        .collect();
    let mut all: Vec<Diagnostic> = per_procedure.into_iter().flatten().collect();
    diagnostic::sort(&mut all);
    all
}

/// Every code some decision names, whether or not its territory could be found.
fn named_by_decisions(catalogue: &Catalogue) -> HashSet<&str> {
    let mut named = HashSet::new();
    for d in &catalogue.decisions {
        for item in d.new.iter().chain(&d.amended).chain(&d.abolished) {
            named.insert(item.procedure.as_str());
        }
        for r in &d.replaced {
            named.insert(r.procedure.as_str());
            named.insert(r.by.as_str());
        }
    }
    named
}

fn unannounced(resolved: &Resolved, p: ProcedureIx, named: &HashSet<&str>) -> Option<Diagnostic> {
    let catalogue = resolved.catalogue;
    let procedure = catalogue.procedures.get(p)?;
    // A decision that failed to load may be the one naming it, and a second record
    // with the same code is already an error: neither is worth a warning. Nor is a
    // procedure whose decisions name a territory that failed to load (a broken
    // `localities.yaml` would otherwise bury its own error under one per procedure).
    let owner = resolved.procedure_by_code.get(procedure.code.as_str());
    if catalogue.unloaded.decisions || owner != Some(&p) || named.contains(procedure.code.as_str())
    {
        return None;
    }
    Some(
        Diagnostic::warning(
            "W401",
            procedure.code.loc.clone(),
            format!(
                "procedure `{}` is not announced by any decision",
                procedure.code.value
            ),
        )
        .with_hint("add it to a decision's `new` list"),
    )
}

/// Where a procedure stands at one territory while its events are folded.
#[derive(Clone, Copy)]
enum Standing {
    NeverAnnounced,
    InForce,
    /// Abolished or replaced by this event.
    Ended(EventIx),
}

/// W402 for each amendment, replacement or abolition that finds the procedure not
/// in force at its own territory. Each event is judged once, at its territory.
fn not_in_force(resolved: &Resolved, history: &[EventIx]) -> Vec<Diagnostic> {
    let events = &resolved.events;
    let timeline = Timeline::new(history, events);
    let mut applying = Vec::new();
    let mut found = Vec::new();
    for t in timeline.territories() {
        let reach = resolved.lineage.reach(&resolved.tree, t);
        timeline.applying(&reach, events, &mut applying);
        let mut standing = Standing::NeverAnnounced;
        for &e in &applying {
            let event = &events[e];
            let judged = matches!(
                event.action,
                Action::Amended | Action::Replaced { .. } | Action::Abolished
            );
            if event.territory == t && judged && !matches!(standing, Standing::InForce) {
                found.push(warning(resolved, event, t, standing));
            }
            // Follow what the site shows (SPEC §3): the last event decides.
            standing = match status_after(event.action).0 {
                status if status.in_force() => Standing::InForce,
                _ => Standing::Ended(e),
            };
        }
    }
    found
}

fn warning(resolved: &Resolved, event: &Event, t: LocalityIx, standing: Standing) -> Diagnostic {
    let code = |p: ProcedureIx| {
        resolved
            .catalogue
            .procedures
            .get(p)
            .map_or("?", |procedure| procedure.code.as_str())
    };
    let locality = resolved
        .catalogue
        .localities
        .get(t)
        .map_or("?", |l| l.id.as_str());
    let decision_number = |e: EventIx| {
        resolved
            .catalogue
            .decisions
            .get(resolved.events[e].decision)
            .map_or("?", |d| d.number.as_str())
    };
    let what = match event.action {
        Action::Replaced { by } => format!("replaced by `{}`", code(by)),
        other => other.as_str().to_string(),
    };
    let head = format!(
        "procedure `{}` is {what} at `{locality}`",
        code(event.procedure)
    );
    let (message, hint) = match standing {
        Standing::NeverAnnounced | Standing::InForce => (
            format!("{head}, but it was never announced there"),
            format!(
                "announce it first in the `new` list of a decision for `{locality}` \
                 or a locality above it, or remove this item"
            ),
        ),
        Standing::Ended(ended) => match resolved.events[ended].action {
            Action::Replaced { by } => (
                format!(
                    "{head}, but it was already replaced there by `{}` (decision {})",
                    code(by),
                    decision_number(ended)
                ),
                format!(
                    "change the replacing procedure `{}` instead, or remove this item",
                    code(by)
                ),
            ),
            _ => (
                format!(
                    "{head}, but it was already abolished there (decision {})",
                    decision_number(ended)
                ),
                "to re-issue it, list it under `new` in a decision that takes effect \
                 before this one; otherwise remove this item"
                    .to_string(),
            ),
        },
    };
    Diagnostic::warning("W402", event.loc.clone(), message).with_hint(hint)
}
