//! SPEC §3.1, localities over time: one test per rule, then the fast path
//! against a deliberately simple reference on random reforms.

use super::*;
use crate::model::Catalogue;
use proptest::prelude::*;
use std::collections::HashMap;

type PeriodSpec<'a> = (&'a str, Option<&'a str>, Option<&'a str>);

impl Builder {
    /// A locality over time: its life, its parent periods `(id, from, until)`,
    /// its successors.
    fn place(
        &mut self,
        id: &str,
        level: LocalityLevel,
        (from, until): (Option<&str>, Option<&str>),
        parents: &[PeriodSpec],
        successors: &[&str],
    ) -> &mut Self {
        let line = self.catalogue.localities.len() as u32 + 1;
        let at = |s: &str| spanned(s, "localities.yaml", line);
        let day = |s: &str| Spanned::new(date(s), Loc::new("localities.yaml".into(), line, 1));
        self.catalogue.localities.push(Locality {
            id: at(id),
            name: id.to_string(),
            level,
            parents: parents
                .iter()
                .map(|&(p, f, u)| ParentPeriod {
                    id: at(p),
                    from: f.map(day),
                    until: u.map(day),
                })
                .collect(),
            code: None,
            from: from.map(day),
            until: until.map(day),
            successors: successors.iter().map(|s| at(s)).collect(),
            loc: Loc::new("localities.yaml".into(), line, 1),
        });
        self
    }
}

const REFORM: &str = "2025-07-01";

/// Hải Dương merges into Hải Phòng on 2025-07-01; its districts end; An Sinh
/// and An Bình merge into the new commune Mới of Hải Phòng; An Phú survives and
/// moves under Hải Phòng; Mới merges again into Mới Hai on 2027-01-01.
///
/// ```text
/// vn
/// ├── hd (until 2025-07-01 → hp)
/// │   ├── km (until 2025-07-01): an-sinh (→ moi), an-phu (→ hp from 2025-07-01)
/// │   └── tp (until 2025-07-01): an-binh (→ moi)
/// └── hp: hp-xa; moi (2025-07-01 → 2027-01-01, → moi-hai); moi-hai (from 2027-01-01);
///         hp-moi (from 2025-07-01, no predecessors)
/// ```
fn reform() -> Builder {
    use LocalityLevel::*;
    let mut b = Builder::bare();
    let end = (None, Some(REFORM));
    let always = (None, None);
    b.place("vn", Country, always, &[], &[])
        .place("hd", Province, end, &[("vn", None, None)], &["hp"])
        .place("hp", Province, always, &[("vn", None, None)], &[])
        .place("km", District, end, &[("hd", None, None)], &[])
        .place("tp", District, end, &[("hd", None, None)], &[])
        .place("an-sinh", Commune, end, &[("km", None, None)], &["moi"])
        .place("an-binh", Commune, end, &[("tp", None, None)], &["moi"])
        .place(
            "an-phu",
            Commune,
            always,
            &[("km", None, Some(REFORM)), ("hp", Some(REFORM), None)],
            &[],
        )
        .place("hp-xa", Commune, always, &[("hp", None, None)], &[])
        .place(
            "moi",
            Commune,
            (Some(REFORM), Some("2027-01-01")),
            &[("hp", None, None)],
            &["moi-hai"],
        )
        .place(
            "moi-hai",
            Commune,
            (Some("2027-01-01"), None),
            &[("hp", None, None)],
            &[],
        )
        .place(
            "hp-moi",
            Commune,
            (Some(REFORM), None),
            &[("hp", None, None)],
            &[],
        );
    b.procedures(&["1.000001", "1.000002", "1.000003"]);
    b
}

#[test]
fn a_merged_commune_keeps_what_its_old_province_announced() {
    let mut b = reform();
    b.decision("qd-hd", "hd", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    let r = b.resolve("2026-01-01");
    assert_eq!(r.status("1.000001", "moi"), Some(Status::Current));
    assert_eq!(r.status("1.000001", "an-phu"), Some(Status::Current));
    // The province that absorbed Hải Dương takes none of its decisions.
    assert_eq!(r.status("1.000001", "hp"), None);
    assert_eq!(r.status("1.000001", "hp-xa"), None);
}

#[test]
fn a_merged_commune_takes_nothing_its_new_province_announced_before_the_merger() {
    let mut b = reform();
    b.decision("qd-hp", "hp", "2024-01-01")
        .issued(&["1.000002"])
        .add();
    let r = b.resolve("2026-01-01");
    assert_eq!(r.status("1.000002", "hp"), Some(Status::Current));
    assert_eq!(r.status("1.000002", "hp-xa"), Some(Status::Current));
    assert_eq!(r.status("1.000002", "moi"), None);
    assert_eq!(r.status("1.000002", "an-phu"), None);
    let p = r.p("1.000002");
    assert_eq!(r.procedures[p].no_status, [r.l("an-phu"), r.l("moi")]);
    let listed: Vec<LocalityIx> = r.statuses_in(r.l("moi")).iter().map(|&(p, _)| p).collect();
    assert!(!listed.contains(&p));
}

#[test]
fn a_new_commune_without_predecessors_takes_its_first_days_ancestry_for_the_past() {
    let mut b = reform();
    b.decision("qd-btp", "vn", "2020-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-hp", "hp", "2024-01-01")
        .issued(&["1.000002"])
        .add();
    let r = b.resolve("2026-01-01");
    assert_eq!(r.status("1.000001", "hp-moi"), Some(Status::Current));
    assert_eq!(r.status("1.000002", "hp-moi"), Some(Status::Current));
    // National decisions reach the merged commune through its predecessors.
    assert_eq!(r.status("1.000001", "moi"), Some(Status::Current));
}

#[test]
fn a_decision_of_the_new_province_after_the_merger_reaches_the_merged_commune() {
    let mut b = reform();
    b.decision("qd-hd", "hd", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-hp", "hp", "2026-01-01")
        .abolished("1.000001")
        .add();
    let r = b.resolve("2026-06-01");
    assert_eq!(r.status("1.000001", "moi"), Some(Status::Abolished));
    assert_eq!(r.status("1.000001", "an-phu"), Some(Status::Abolished));
    // Before it takes effect, the abolition is only announced.
    let r = b.resolve("2025-12-01");
    assert_eq!(r.status("1.000001", "moi"), Some(Status::Current));
}

#[test]
fn a_re_parented_commune_takes_each_parents_events_for_their_own_days() {
    let mut b = reform();
    b.decision("qd-km", "km", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-hp", "hp", "2026-01-01")
        .issued(&["1.000002"])
        .add();
    let r = b.resolve("2026-06-01");
    assert_eq!(r.status("1.000001", "an-phu"), Some(Status::Current));
    assert_eq!(r.status("1.000002", "an-phu"), Some(Status::Current));
    assert_eq!(r.tree.parent[r.l("an-phu")], Some(r.l("hp")));
    let r = b.resolve("2025-01-01");
    assert_eq!(r.tree.parent[r.l("an-phu")], Some(r.l("km")));
    assert_eq!(r.status("1.000002", "an-phu"), Some(Status::Upcoming));
}

#[test]
fn a_commune_merged_twice_keeps_what_reached_its_first_predecessors() {
    let mut b = reform();
    b.decision("qd-hd", "hd", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-moi", "moi", "2026-01-01")
        .amended("1.000001", "shorter")
        .add();
    let r = b.resolve("2027-06-01");
    assert_eq!(r.status("1.000001", "moi-hai"), Some(Status::Amended));
    assert_eq!(r.status("1.000001", "moi"), None, "moi no longer exists");
}

#[test]
fn an_event_after_its_territory_ended_applies_nowhere_and_is_left_out_of_the_history() {
    let mut b = reform();
    b.decision("qd-hd-late", "hd", "2026-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-moi-early", "moi", "2024-01-01")
        .issued(&["1.000002"])
        .add();
    let r = b.resolve("2026-06-01");
    assert!(r.history_of("1.000001").is_empty());
    assert!(r.history_of("1.000002").is_empty());
    assert_eq!(r.status("1.000001", "an-phu"), None);
    assert_eq!(r.status("1.000002", "moi"), None);
}

#[test]
fn a_locality_that_does_not_exist_on_the_as_of_date_has_no_status() {
    let mut b = reform();
    b.decision("qd-btp", "vn", "2020-01-01")
        .issued(&["1.000001"])
        .add();
    let r = b.resolve("2026-01-01");
    assert_eq!(r.status("1.000001", "an-sinh"), None);
    assert_eq!(r.status("1.000001", "hd"), None);
    assert!(!r.tree.exists(r.l("an-sinh")));
    // Former localities are roots of their own, after today's tree.
    assert_eq!(r.tree.roots[0], r.l("vn"));
    let r = b.resolve("2025-01-01");
    assert_eq!(r.status("1.000001", "moi"), None, "moi does not exist yet");
    assert_eq!(r.status("1.000001", "an-sinh"), Some(Status::Current));
}

#[test]
fn an_upcoming_decision_of_a_commune_that_begins_in_the_future_is_announced_at_its_parent_only_later()
 {
    let mut b = reform();
    b.decision("qd-moi", "moi", "2026-01-01")
        .issued(&["1.000003"])
        .add();
    let r = b.resolve("2025-01-01");
    let p = r.p("1.000003");
    assert_eq!(r.history_of("1.000003"), ["qd-moi"]);
    assert_eq!(r.procedures[p].upcoming.len(), 1);
    assert!(
        r.procedures[p].statuses.is_empty(),
        "moi does not exist yet"
    );
    let r = b.resolve("2026-06-01");
    assert_eq!(r.status("1.000003", "moi"), Some(Status::Current));
    assert_eq!(r.status("1.000003", "hp"), None);
}

#[test]
fn the_events_applying_to_a_locality_are_answered_in_one_place() {
    let mut b = reform();
    b.decision("qd-btp", "vn", "2020-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-hd", "hd", "2024-01-01")
        .amended("1.000001", "x")
        .add();
    b.decision("qd-hp", "hp", "2024-02-01")
        .amended("1.000001", "y")
        .add();
    let r = b.resolve("2026-01-01");
    let p = r.p("1.000001");
    let slugs = |l: &str| -> Vec<&str> {
        r.events_applying(p, r.l(l))
            .into_iter()
            .map(|e| r.decision_of(e))
            .collect()
    };
    assert_eq!(slugs("moi"), ["qd-btp", "qd-hd"]);
    assert_eq!(slugs("hp-xa"), ["qd-btp", "qd-hp"]);
    assert_eq!(slugs("hp-moi"), ["qd-btp", "qd-hp"]);
}

// --- The fast path against a reference --------------------------------------------

/// SPEC §3.1 read literally, on the catalogue as written: no tree, no cache.
struct Reference<'c> {
    cat: &'c Catalogue,
    by_id: HashMap<&'c str, usize>,
}

impl<'c> Reference<'c> {
    fn new(cat: &'c Catalogue) -> Self {
        let by_id = cat
            .localities
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.as_str(), i))
            .collect();
        Reference { cat, by_id }
    }

    fn exists(&self, x: usize, d: Date) -> bool {
        self.cat.localities[x].exists_on(d)
    }

    /// The parent on `d`: the period holding `d` (missing bounds are the
    /// locality's own), if that parent exists then.
    fn parent_on(&self, x: usize, d: Date) -> Option<usize> {
        let l = &self.cat.localities[x];
        if !l.exists_on(d) {
            return None;
        }
        let last = l.parents.len().checked_sub(1)?;
        for (k, period) in l.parents.iter().enumerate() {
            let from = period.from.as_ref().or(l.from.as_ref().filter(|_| k == 0));
            let until = period
                .until
                .as_ref()
                .or(l.until.as_ref().filter(|_| k == last));
            if from.is_none_or(|f| f.value <= d) && until.is_none_or(|u| d < u.value) {
                let p = self.by_id[period.id.as_str()];
                return self.exists(p, d).then_some(p);
            }
        }
        None
    }

    /// "X or an ancestor of X" on `d`.
    fn is_self_or_ancestor_on(&self, t: usize, x: usize, d: Date) -> bool {
        let mut at = Some(x);
        while let Some(a) = at {
            if a == t {
                return true;
            }
            at = self.parent_on(a, d);
        }
        false
    }

    fn applies(&self, t: usize, d: Date, x: usize) -> bool {
        if !self.exists(t, d) {
            return false; // the event is ignored everywhere
        }
        if self.exists(x, d) {
            return self.is_self_or_ancestor_on(t, x, d);
        }
        let l = &self.cat.localities[x];
        let Some(from) = l.from.as_ref().map(|f| f.value).filter(|&f| d < f) else {
            return false; // after it ended
        };
        let predecessors: Vec<usize> = (0..self.cat.localities.len())
            .filter(|&p| {
                self.cat.localities[p]
                    .successors
                    .iter()
                    .any(|s| s.value == l.id.value)
            })
            .collect();
        if predecessors.is_empty() {
            self.is_self_or_ancestor_on(t, x, from)
        } else {
            predecessors.into_iter().any(|p| self.applies(t, d, p))
        }
    }
}

/// A tiny deterministic generator (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        (!items.is_empty()).then(|| items[self.below(items.len())])
    }
}

/// A locality while a random reform is written.
struct Draft {
    level: LocalityLevel,
    from: Option<Date>,
    until: Option<Date>,
    /// `(parent, first day)`; the first period's day is `None`.
    periods: Vec<(usize, Option<Date>)>,
    successors: Vec<usize>,
}

/// A random but well-formed catalogue: provinces, districts and communes, then
/// reforms on two dates (districts ended, communes merged, split and moved,
/// provinces merged, new localities), then decisions on random territories
/// (some not existing on their date) and dates on both sides of the reforms.
fn random_catalogue(seed: u64) -> Builder {
    use LocalityLevel::*;
    let mut rng = Rng(seed);
    let mut d: Vec<Draft> = Vec::new();
    let add = |d: &mut Vec<Draft>, level, from, parent: Option<usize>| {
        d.push(Draft {
            level,
            from,
            until: None,
            periods: parent.map(|p| (p, None)).into_iter().collect(),
            successors: Vec::new(),
        });
        d.len() - 1
    };
    add(&mut d, Country, None, None);
    for _ in 0..2 + rng.below(2) {
        let p = add(&mut d, Province, None, Some(0));
        for _ in 0..rng.below(3) {
            let district = add(&mut d, District, None, Some(p));
            for _ in 0..1 + rng.below(3) {
                add(&mut d, Commune, None, Some(district));
            }
        }
        for _ in 0..rng.below(3) {
            add(&mut d, Commune, None, Some(p));
        }
    }
    let reforms = [date("2025-07-01"), date("2027-01-01")];
    for day in reforms {
        let alive = |d: &Vec<Draft>, level: LocalityLevel| -> Vec<usize> {
            (0..d.len())
                // Those begun today take part from the next reform on.
                .filter(|&i| d[i].level == level && d[i].until.is_none() && d[i].from != Some(day))
                .collect()
        };
        let parent_now = |d: &Vec<Draft>, i: usize| d[i].periods.last().map(|&(p, _)| p);
        for _ in 0..2 + rng.below(4) {
            let provinces = alive(&d, Province);
            let districts = alive(&d, District);
            let communes = alive(&d, Commune);
            let mut above: Vec<usize> = provinces.clone();
            above.extend(&districts);
            let children_of = |d: &Vec<Draft>, x: usize| -> Vec<usize> {
                (0..d.len())
                    .filter(|&c| d[c].until.is_none() && parent_now(d, c) == Some(x))
                    .collect()
            };
            match rng.below(7) {
                0 => {
                    // A district ends; its communes move under its province (mostly).
                    let Some(x) = rng.pick(&districts) else {
                        continue;
                    };
                    d[x].until = Some(day);
                    let up = parent_now(&d, x);
                    for c in children_of(&d, x) {
                        if let Some(up) = up
                            && rng.chance(80)
                            && d[c].periods.last().is_none_or(|&(_, f)| f != Some(day))
                        {
                            d[c].periods.push((up, Some(day)));
                        }
                    }
                }
                1 => {
                    // Communes merge into a new one.
                    let Some(under) = rng.pick(&above) else {
                        continue;
                    };
                    let n = add(&mut d, Commune, Some(day), Some(under));
                    for _ in 0..2 + rng.below(2) {
                        if let Some(c) = rng.pick(&communes)
                            && d[c].until.is_none()
                        {
                            d[c].until = Some(day);
                            d[c].successors = vec![n];
                        }
                    }
                }
                2 => {
                    // A commune splits in two.
                    let Some(c) = rng.pick(&communes) else {
                        continue;
                    };
                    if d[c].until.is_some() {
                        continue;
                    }
                    let under = parent_now(&d, c)
                        .filter(|&p| d[p].until.is_none())
                        .or_else(|| rng.pick(&provinces));
                    let Some(under) = under else { continue };
                    let a = add(&mut d, Commune, Some(day), Some(under));
                    let b = add(&mut d, Commune, Some(day), Some(under));
                    d[c].until = Some(day);
                    d[c].successors = vec![a, b];
                }
                3 => {
                    // A commune moves under another locality.
                    let (Some(c), Some(to)) = (rng.pick(&communes), rng.pick(&above)) else {
                        continue;
                    };
                    if d[c].until.is_none()
                        && parent_now(&d, c) != Some(to)
                        && d[to].until.is_none()
                        && d[c].periods.last().is_none_or(|&(_, f)| f != Some(day))
                    {
                        d[c].periods.push((to, Some(day)));
                    }
                }
                4 => {
                    // A province merges into another; its children follow (mostly).
                    let (Some(a), Some(b)) = (rng.pick(&provinces), rng.pick(&provinces)) else {
                        continue;
                    };
                    if a == b || d[a].until.is_some() || d[b].until.is_some() {
                        continue;
                    }
                    d[a].until = Some(day);
                    d[a].successors = vec![b];
                    for c in children_of(&d, a) {
                        if rng.chance(90)
                            && d[c].periods.last().is_none_or(|&(_, f)| f != Some(day))
                        {
                            d[c].periods.push((b, Some(day)));
                        }
                    }
                }
                5 => {
                    // A new commune with no predecessors.
                    if let Some(under) = rng.pick(&above) {
                        add(&mut d, Commune, Some(day), Some(under));
                    }
                }
                _ => {
                    // A new province with one commune.
                    let p = add(&mut d, Province, Some(day), Some(0));
                    add(&mut d, Commune, Some(day), Some(p));
                }
            }
        }
    }

    let mut b = Builder::bare();
    let ids: Vec<String> = (0..d.len()).map(|i| format!("l{i}")).collect();
    for (i, x) in d.iter().enumerate() {
        let text = |day: Option<Date>| day.map(|v| v.to_string());
        let from = text(x.from);
        let until = text(x.until);
        let bounds: Vec<(String, Option<String>, Option<String>)> = x
            .periods
            .iter()
            .enumerate()
            .map(|(k, &(p, start))| {
                let end = x.periods.get(k + 1).and_then(|&(_, f)| f);
                (ids[p].clone(), text(start), text(end))
            })
            .collect();
        let periods: Vec<PeriodSpec> = bounds
            .iter()
            .map(|(p, f, u)| (p.as_str(), f.as_deref(), u.as_deref()))
            .collect();
        let successors: Vec<&str> = x.successors.iter().map(|&s| ids[s].as_str()).collect();
        b.place(
            &ids[i],
            x.level,
            (from.as_deref(), until.as_deref()),
            &periods,
            &successors,
        );
    }
    let codes = ["1.000001", "1.000002", "1.000003"];
    b.procedures(&codes);
    let days = [
        "2019-05-01",
        "2024-01-01",
        "2025-07-01",
        "2026-03-01",
        "2027-01-01",
        "2028-01-01",
    ];
    for n in 0..4 + rng.below(8) {
        let territory = ids[rng.below(ids.len())].clone();
        let effective = days[rng.below(days.len())];
        let mut decision = b.decision(&format!("qd-{n:02}"), &territory, effective);
        let mut order = codes.to_vec();
        order.rotate_left(rng.below(3));
        for code in order.iter().take(1 + rng.below(2)) {
            decision = match rng.below(5) {
                0 | 1 => decision.issued(&[code]),
                2 => decision.amended(code, "x"),
                3 => decision.abolished(code),
                _ => {
                    let by = codes
                        .iter()
                        .find(|c| !order[..2].contains(c))
                        .unwrap_or(&codes[2]);
                    if by == code {
                        decision.issued(&[code])
                    } else {
                        decision.replaced(code, by)
                    }
                }
            };
        }
        decision.add();
    }
    b
}

/// The reference fold: every event of the catalogue, in event order, kept where
/// it applies to `x`; as of `as_of`. `(status, replaced by, decision, action)`.
fn reference_status(
    reference: &Reference,
    r: &Resolved,
    p: ProcedureIx,
    x: usize,
) -> Option<(Status, Option<ProcedureIx>, DecisionIx, &'static str)> {
    if !reference.exists(x, r.as_of) {
        return None;
    }
    // Events straight from the decisions, ordered as SPEC §3 says.
    let cat = reference.cat;
    let mut order: Vec<usize> = (0..cat.decisions.len()).collect();
    order.sort_by(|&a, &b| {
        let (da, db) = (&cat.decisions[a], &cat.decisions[b]);
        (da.effective.value, da.signed.value)
            .cmp(&(db.effective.value, db.signed.value))
            .then_with(|| compare_decision_numbers(&da.number, &db.number))
            .then_with(|| da.slug.value.cmp(&db.slug.value))
    });
    let code = cat.procedures[p].code.as_str();
    let by_code = |c: &str| cat.procedures.iter().position(|q| q.code.as_str() == c);
    let mut applying: Vec<(Date, DecisionIx, Action)> = Vec::new();
    for d in order {
        let decision = &cat.decisions[d];
        let t = reference.by_id[decision.locality.as_str()];
        if !reference.applies(t, decision.effective.value, x) {
            continue;
        }
        let mut actions = Vec::new();
        actions.extend(
            decision
                .new
                .iter()
                .filter(|i| i.procedure.value == code)
                .map(|_| Action::New),
        );
        actions.extend(
            decision
                .amended
                .iter()
                .filter(|i| i.procedure.value == code)
                .map(|_| Action::Amended),
        );
        for item in &decision.replaced {
            if let (Some(old), Some(by)) = (by_code(&item.procedure.value), by_code(&item.by.value))
            {
                if old == p {
                    actions.push(Action::Replaced { by });
                }
                if by == p {
                    actions.push(Action::Replaces { old });
                }
            }
        }
        actions.extend(
            decision
                .abolished
                .iter()
                .filter(|i| i.procedure.value == code)
                .map(|_| Action::Abolished),
        );
        applying.extend(
            actions
                .into_iter()
                .map(|a| (decision.effective.value, d, a)),
        );
    }
    let in_force: Vec<&(Date, DecisionIx, Action)> = applying
        .iter()
        .filter(|(day, _, _)| *day <= r.as_of)
        .collect();
    match in_force.last() {
        Some(&&(_, d, action)) => {
            let (status, by) = status_after(action);
            Some((status, by, d, action.as_str()))
        }
        None => applying
            .first()
            .map(|&(_, d, action)| (Status::Upcoming, None, d, action.as_str())),
    }
}

fn assert_matches_reference(seed: u64) {
    let b = random_catalogue(seed);
    let reference = Reference::new(&b.catalogue);
    for as_of in [
        "2020-01-01",
        "2025-06-30",
        "2025-07-01",
        "2026-06-01",
        "2027-01-01",
        "2030-01-01",
    ] {
        let r = b.resolve(as_of);
        for p in 0..b.catalogue.procedures.len() {
            for x in 0..b.catalogue.localities.len() {
                let fast = r.status_at(p, x).map(|s| {
                    let e = &r.events[s.event];
                    (s.status, s.replaced_by, e.decision, e.action.as_str())
                });
                let slow = reference_status(&reference, &r, p, x);
                assert_eq!(
                    fast, slow,
                    "seed {seed}, as of {as_of}, procedure {}, locality {}",
                    b.catalogue.procedures[p].code.value, b.catalogue.localities[x].id.value
                );
            }
        }
    }
}

#[test]
fn twenty_fixed_random_reforms_match_the_reference() {
    for seed in 0..20 {
        assert_matches_reference(seed);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// The tree over time and its inheritance give, for every locality, what
    /// folding every applying event there gives (SPEC §3.1).
    #[test]
    fn statuses_over_time_match_a_fold_of_every_applying_event(seed in any::<u64>()) {
        assert_matches_reference(seed);
    }
}

/// Not a benchmark: a guard against per-(procedure × locality) work over time.
/// The `national` shape with the 2025 reform, at a third of the procedures: half
/// the provinces merge into the other half, their communes three into one.
#[test]
fn a_national_sized_reform_resolves_without_visiting_every_locality() {
    use LocalityLevel::*;
    let mut b = Builder::bare();
    b.place("vn", Country, (None, None), &[], &[]);
    let mut communes = Vec::new();
    for p in 0..34 {
        let province = format!("p{p}");
        let merged = p < 17;
        let successor = format!("p{}", p + 17);
        let (life, successors): (_, Vec<&str>) = if merged {
            ((None, Some(REFORM)), vec![successor.as_str()])
        } else {
            ((None, None), Vec::new())
        };
        b.place(
            &province,
            Province,
            life,
            &[("vn", None, None)],
            &successors,
        );
        for c in 0..96 {
            let commune = format!("{province}-c{c}");
            if merged {
                let new_one = format!("{successor}-n{}", c / 3);
                if c % 3 == 0 {
                    b.place(
                        &new_one,
                        Commune,
                        (Some(REFORM), None),
                        &[(&successor, None, None)],
                        &[],
                    );
                }
                b.place(
                    &commune,
                    Commune,
                    (None, Some(REFORM)),
                    &[(&province, None, None)],
                    &[&new_one],
                );
            } else {
                b.place(
                    &commune,
                    Commune,
                    (None, None),
                    &[(&province, None, None)],
                    &[],
                );
                communes.push(commune);
            }
        }
    }
    let codes: Vec<String> = (0..2000).map(|i| format!("1.{i:06}")).collect();
    let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    b.procedures(&refs);
    b.decision("qd-btp", "vn", "2020-01-01").issued(&refs).add();
    for p in 0..34 {
        let province = format!("p{p}");
        let chunk: Vec<&str> = refs.iter().copied().skip(p * 40).take(700).collect();
        let mut d = b.decision(&format!("qd-{province}"), &province, "2021-01-01");
        for code in &chunk {
            d = d.amended(code, "x");
        }
        d.add();
        if p >= 17 {
            let chunk: Vec<&str> = refs.iter().copied().skip(p * 50).take(100).collect();
            let mut d = b.decision(&format!("qd-{province}-2026"), &province, "2026-01-01");
            for code in &chunk {
                d = d.amended(code, "y");
            }
            d.add();
        }
    }
    for (i, commune) in communes.iter().enumerate() {
        let chunk: Vec<&str> = refs.iter().copied().skip(i).step_by(500).take(10).collect();
        let mut d = b.decision(&format!("qd-{commune}"), commune, "2030-01-01");
        for code in &chunk {
            d = d.abolished(code);
        }
        d.add();
    }
    let started = std::time::Instant::now();
    let r = b.resolve("2026-06-01");
    let warnings = diagnostics(&r);
    eprintln!(
        "resolved {} events over time in {:?}",
        r.events.len(),
        started.elapsed()
    );
    assert!(r.events.len() > 30_000);
    assert!(warnings.is_empty(), "{warnings:?}");
    // Amended by its old province in 2021, which its new province never did.
    assert_eq!(r.status("1.000000", "p17-n0"), Some(Status::Amended));
    assert_eq!(
        r.status_at(r.p("1.000000"), r.l("p17")).map(|s| s.status),
        Some(Status::Current)
    );
    assert_eq!(r.status("1.000000", "p0-c0"), None, "ended");
}
