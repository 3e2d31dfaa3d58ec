//! Checks of localities over time (SPEC §2, §4 v2): lives, successors, parent
//! periods, and decisions and issuers whose locality does not exist on their date.

use super::Refs;
use crate::diagnostic::Diagnostic;
use crate::load::fields::codes;
use crate::model::*;
use crate::resolve::{Span, strong_components};
use crate::source::Spanned;
use std::collections::{BTreeMap, HashMap};

/// Every v2 problem of localities over time, and of decisions and agencies
/// whose locality does not exist on their date.
pub(super) fn check(
    cat: &Catalogue,
    index: &HashMap<&str, usize>,
    refs: &Refs,
    out: &mut Vec<Diagnostic>,
) {
    let known = |id: &Spanned<String>| index.get(id.as_str()).map(|&i| &cat.localities[i]);
    for (i, l) in cat.localities.iter().enumerate() {
        if index.get(l.id.as_str()) != Some(&i) {
            continue; // a duplicate, already reported
        }
        life(l, out);
        successors(l, refs, &known, out);
        parent_periods(l, &known, out);
    }
    children_left_without_parent(cat, index, out);
    for d in &cat.decisions {
        if let Some(territory) = known(&d.locality) {
            territory_on_its_date(d, territory, out);
        }
        let issuer = cat.agencies.iter().find(|a| a.id.value == d.issuer.value);
        if let Some(place) = issuer.and_then(|a| known(&a.locality)) {
            issuer_on_its_date(d, place, out);
        }
    }
}

fn span(l: &Locality) -> Span {
    Span::new(
        l.from.as_ref().map(|d| d.value),
        l.until.as_ref().map(|d| d.value),
    )
}

/// "since 2025-07-01", "until 2025-07-01", "from 2020-01-01 until 2025-07-01".
fn life_text(l: &Locality) -> String {
    match (&l.from, &l.until) {
        (None, None) => "always".to_string(),
        (Some(f), None) => format!("from {}", f.value),
        (None, Some(u)) => format!("until {}", u.value),
        (Some(f), Some(u)) => format!("from {} until {}", f.value, u.value),
    }
}

fn life(l: &Locality, out: &mut Vec<Diagnostic>) {
    if let (Some(from), Some(until)) = (&l.from, &l.until)
        && until.value <= from.value
    {
        out.push(
            Diagnostic::error(
                codes::UNTIL_NOT_AFTER_FROM,
                until.loc.clone(),
                format!(
                    "locality `{}` ends ({}) before it begins ({})",
                    l.id.value, until.value, from.value
                ),
            )
            .with_hint(
                "`from` is its first day and `until` the first day it no longer exists: \
                 `until` comes after `from`",
            ),
        );
    }
}

fn successors<'c>(
    l: &Locality,
    refs: &Refs,
    known: &impl Fn(&Spanned<String>) -> Option<&'c Locality>,
    out: &mut Vec<Diagnostic>,
) {
    let Some(first) = l.successors.first() else {
        return;
    };
    let Some(until) = &l.until else {
        out.push(
            Diagnostic::error(
                codes::SUCCESSORS_WITHOUT_UNTIL,
                first.loc.clone(),
                format!("locality `{}` has `successors` but no `until`", l.id.value),
            )
            .with_hint(
                "add `until: YYYY-MM-DD`, the day its successors take over, or remove `successors`",
            ),
        );
        return;
    };
    for s in &l.successors {
        if refs.locality(out, s).is_none() {
            continue;
        }
        let Some(next) = known(s) else { continue };
        if next.level != l.level {
            out.push(
                Diagnostic::error(
                    codes::SUCCESSOR_OF_ANOTHER_LEVEL,
                    s.loc.clone(),
                    format!(
                        "the {} `{}` cannot be succeeded by the {} `{}`",
                        l.level.as_str(),
                        l.id.value,
                        next.level.as_str(),
                        next.id.value
                    ),
                )
                .with_hint(
                    "successors are of the same level; a locality that moves under \
                     another gets a parent period instead",
                ),
            );
        } else if !next.exists_on(until.value) {
            out.push(
                Diagnostic::error(
                    codes::SUCCESSOR_NOT_THERE,
                    s.loc.clone(),
                    format!(
                        "successor `{}` does not exist on {}, when `{}` ends (it exists {})",
                        next.id.value,
                        until.value,
                        l.id.value,
                        life_text(next)
                    ),
                )
                .with_hint(format!(
                    "a successor exists on its predecessor's `until`: give `{}` \
                     `from: {}`, or correct the dates",
                    next.id.value, until.value
                )),
            );
        }
    }
}

fn period_error(at: &Spanned<impl std::fmt::Debug>, message: String, hint: &str) -> Diagnostic {
    Diagnostic::error(codes::PARENT_PERIODS, at.loc.clone(), message).with_hint(hint)
}

const PERIODS_HINT: &str = "write the periods in order, each but the first with `from` and \
     each but the last with `until`, each `until` equal to the next `from`, all within \
     the locality's own `from` and `until`";

fn parent_periods<'c>(
    l: &Locality,
    known: &impl Fn(&Spanned<String>) -> Option<&'c Locality>,
    out: &mut Vec<Diagnostic>,
) {
    let own = span(l);
    let n = l.parents.len();
    if let [plain] = l.parents.as_slice()
        && plain.from.is_none()
        && plain.until.is_none()
    {
        // A plain `parent`: it must exist when the locality begins.
        if let Some(up) = known(&plain.id)
            && !up.exists_on(own.from)
        {
            let begins = l.from.as_ref().map_or("always existed".to_string(), |f| {
                format!("begins on {}", f.value)
            });
            out.push(
                Diagnostic::error(
                    codes::PARENT_NOT_THERE,
                    plain.id.loc.clone(),
                    format!(
                        "parent `{}` does not exist when `{}` begins (`{}` {}; `{}` exists {})",
                        up.id.value,
                        l.id.value,
                        l.id.value,
                        begins,
                        up.id.value,
                        life_text(up)
                    ),
                )
                .with_hint(
                    "name the parent it has on its first day, or give `parent` as periods: \
                     [{id: …, until: …}, {id: …, from: …}]",
                ),
            );
        }
        return;
    }
    let mut previous_until: Option<&Spanned<Date>> = None;
    for (k, period) in l.parents.iter().enumerate() {
        let is_first = k == 0;
        let is_last = k + 1 == n;
        let mut sound = true;
        match (&period.from, is_first) {
            (None, false) => {
                out.push(period_error(
                    &period.id,
                    format!("this parent period of `{}` has no `from`", l.id.value),
                    PERIODS_HINT,
                ));
                sound = false;
            }
            (Some(from), _) => {
                if let Some(before) = previous_until
                    && before.value != from.value
                {
                    let what = if before.value < from.value {
                        "a gap"
                    } else {
                        "an overlap"
                    };
                    out.push(period_error(
                        from,
                        format!(
                            "{what} in the parents of `{}`: a period ends on {} and the next begins on {}",
                            l.id.value, before.value, from.value
                        ),
                        PERIODS_HINT,
                    ));
                    sound = false;
                }
                if !own.contains(from.value) || (is_first && from.value != own.from) {
                    out.push(period_error(
                        from,
                        format!(
                            "parent period `from: {}` lies outside the life of `{}` ({})",
                            from.value,
                            l.id.value,
                            life_text(l)
                        ),
                        "the first period starts with the locality itself: omit its `from`",
                    ));
                    sound = false;
                }
            }
            (None, true) => {}
        }
        match (&period.until, is_last) {
            (None, false) => {
                out.push(period_error(
                    &period.id,
                    format!("this parent period of `{}` has no `until`", l.id.value),
                    PERIODS_HINT,
                ));
                sound = false;
            }
            (Some(until), _) => {
                if let Some(from) = &period.from
                    && until.value <= from.value
                {
                    out.push(period_error(
                        until,
                        format!(
                            "parent period of `{}` ends ({}) before it begins ({})",
                            l.id.value, until.value, from.value
                        ),
                        PERIODS_HINT,
                    ));
                    sound = false;
                }
                let within = until.value > own.from && own.until.is_none_or(|u| until.value <= u);
                if !within || (is_last && Some(until.value) != own.until) {
                    out.push(period_error(
                        until,
                        format!(
                            "parent period `until: {}` lies outside the life of `{}` ({})",
                            until.value,
                            l.id.value,
                            life_text(l)
                        ),
                        "the last period ends with the locality itself: omit its `until`",
                    ));
                    sound = false;
                }
            }
            (None, true) => {}
        }
        previous_until = period.until.as_ref();
        if !sound {
            continue;
        }
        let days = Span::new(
            period.from.as_ref().map(|d| d.value).or(Some(own.from)),
            period.until.as_ref().map(|d| d.value).or(own.until),
        );
        if let Some(up) = known(&period.id)
            && !covers(span(up), days)
        {
            out.push(
                Diagnostic::error(
                    codes::PARENT_NOT_THERE,
                    period.id.loc.clone(),
                    format!(
                        "parent `{}` does not exist throughout this period of `{}` (it exists {})",
                        up.id.value,
                        l.id.value,
                        life_text(up)
                    ),
                )
                .with_hint(
                    "end the period when the parent ends, and add a period with the next parent",
                ),
            );
        }
    }
}

/// True when every day of `inner` lies in `outer`.
fn covers(outer: Span, inner: Span) -> bool {
    outer.from <= inner.from
        && match (outer.until, inner.until) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(o), Some(i)) => i <= o,
        }
}

/// W412: a locality that ends while others still name it as their plain
/// `parent` after that day leaves them without a parent.
fn children_left_without_parent(
    cat: &Catalogue,
    index: &HashMap<&str, usize>,
    out: &mut Vec<Diagnostic>,
) {
    let mut left: BTreeMap<usize, Vec<&Locality>> = BTreeMap::new();
    for (i, l) in cat.localities.iter().enumerate() {
        if index.get(l.id.as_str()) != Some(&i) {
            continue;
        }
        let [plain] = l.parents.as_slice() else {
            continue;
        };
        if plain.from.is_some() || plain.until.is_some() {
            continue;
        }
        let Some(&pi) = index.get(plain.id.as_str()) else {
            continue;
        };
        let up = &cat.localities[pi];
        if let Some(end) = &up.until
            && span(l).contains(end.value)
            && up.exists_on(span(l).from)
        {
            left.entry(pi).or_default().push(l);
        }
    }
    for (pi, children) in left {
        let up = &cat.localities[pi];
        let Some(end) = &up.until else { continue };
        let names: Vec<String> = children
            .iter()
            .map(|c| format!("`{}`", c.id.value))
            .collect();
        // The new parent to suggest: the successor, else the ended locality's own parent.
        let next = up
            .successors
            .first()
            .map(|s| s.value.clone())
            .or_else(|| {
                let last_day = end.value.pred_opt()?;
                up.parents
                    .iter()
                    .find(|p| {
                        Span::new(
                            p.from.as_ref().map(|d| d.value),
                            p.until.as_ref().map(|d| d.value),
                        )
                        .contains(last_day)
                    })
                    .map(|p| p.id.value.clone())
            })
            .unwrap_or_else(|| "NEW-PARENT".to_string());
        out.push(
            Diagnostic::warning(
                codes::CHILDREN_LEFT_WITHOUT_PARENT,
                end.loc.clone(),
                format!(
                    "`{}` ends on {}, leaving {} without a parent from then on",
                    up.id.value,
                    end.value,
                    names.join(", ")
                ),
            )
            .with_hint(format!(
                "give each a parent period from that day: `parent: [{{id: {}, until: {}}}, \
                 {{id: {next}, from: {}}}]`, or end them too (`until`, `successors`)",
                up.id.value, end.value, end.value
            )),
        );
    }
}

fn territory_on_its_date(d: &Decision, territory: &Locality, out: &mut Vec<Diagnostic>) {
    let date = d.effective.value;
    if territory.exists_on(date) {
        return;
    }
    let successors: Vec<String> = territory
        .successors
        .iter()
        .map(|s| format!("`{}`", s.value))
        .collect();
    let hint = match (&territory.until, successors.is_empty()) {
        (Some(u), false) if u.value <= date => format!(
            "it applies nowhere; name its successor {} as `locality`, or correct the date",
            successors.join(" or ")
        ),
        _ => "it applies nowhere; name a locality that exists on that date, or correct the date"
            .to_string(),
    };
    out.push(
        Diagnostic::warning(
            codes::TERRITORY_NOT_THERE,
            d.locality.loc.clone(),
            format!(
                "decision {} takes effect on {} for `{}`, which does not exist then (it exists {})",
                d.number,
                date,
                territory.id.value,
                life_text(territory)
            ),
        )
        .with_hint(hint),
    );
}

fn issuer_on_its_date(d: &Decision, place: &Locality, out: &mut Vec<Diagnostic>) {
    let date = d.signed.value;
    if place.exists_on(date) {
        return;
    }
    out.push(
        Diagnostic::warning(
            codes::ISSUER_NOT_THERE,
            d.issuer.loc.clone(),
            format!(
                "decision {} is signed on {} by `{}`, whose locality `{}` does not exist then (it exists {})",
                d.number,
                date,
                d.issuer.value,
                place.id.value,
                life_text(place)
            ),
        )
        .with_hint("check the issuer and the signing date against the decision's text"),
    );
}

/// One error per parent cycle over all periods, at the `parent` of its first
/// member (the smallest index on it) that leads around the cycle.
pub(super) fn report_cycles(
    cat: &Catalogue,
    parents: &[Vec<(usize, &Spanned<String>)>],
    out: &mut Vec<Diagnostic>,
) {
    let graph: Vec<Vec<usize>> = parents
        .iter()
        .map(|list| list.iter().map(|&(p, _)| p).collect())
        .collect();
    let component = strong_components(&graph);
    let mut done = vec![false; parents.len()];
    for start in 0..parents.len() {
        let c = component[start];
        let on_cycle = graph[start].iter().any(|&p| component[p] == c);
        if done[c] || !on_cycle {
            continue;
        }
        done[c] = true;
        // Follow links inside the component until one comes round again.
        let mut path: Vec<(usize, &Spanned<String>)> = Vec::new();
        let mut at = start;
        let cycle = loop {
            if let Some(pos) = path.iter().position(|&(x, _)| x == at) {
                break path.split_off(pos);
            }
            let Some(&(next, via)) = parents[at].iter().find(|&&(p, _)| component[p] == c) else {
                break Vec::new();
            };
            path.push((at, via));
            at = next;
        };
        let Some(first) = cycle.iter().min_by_key(|&&(x, _)| x).copied() else {
            continue;
        };
        let mut names: Vec<&str> = cycle
            .iter()
            .map(|&(x, _)| cat.localities[x].id.as_str())
            .collect();
        let shift = cycle.iter().position(|&(x, _)| x == first.0).unwrap_or(0);
        names.rotate_left(shift);
        out.push(
            Diagnostic::error(
                codes::CYCLE,
                first.1.loc.clone(),
                format!(
                    "localities are each other's parents: {} › {}",
                    names.join(" › "),
                    names[0]
                ),
            )
            .with_hint("one of them must have a parent outside this loop"),
        );
    }
}
