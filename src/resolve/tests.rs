//! What the decisions mean (SPEC §3), told with small catalogues.

use super::*;
use crate::diagnostic::Diagnostic;
use crate::model::{
    Decision, DecisionItem, Locality, LocalityLevel, ParentPeriod, Procedure, ProcedureAgencies,
    Replacement,
};
use crate::source::{Loc, Spanned};

mod over_time;

fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn spanned(value: &str, path: &str, line: u32) -> Spanned<String> {
    Spanned::new(value.to_string(), Loc::new(path.into(), line, 1))
}

/// A small catalogue: a country, one province with two districts, a commune in each.
///
/// ```text
/// vn  Việt Nam
/// └── hd  Hải Dương
///     ├── km  Kinh Môn            (district)
///     │   └── an-sinh  An Sinh    (commune)
///     └── tp  Thành phố Hải Dương (district)
///         └── an-binh  An Bình    (commune)
/// ```
struct Builder {
    catalogue: Catalogue,
}

/// One decision under construction; items get consecutive lines of its file.
struct DecisionBuilder<'b> {
    builder: &'b mut Builder,
    decision: Decision,
    line: u32,
}

fn catalogue() -> Builder {
    let mut b = Builder {
        catalogue: Catalogue::default(),
    };
    b.locality("vn", "Việt Nam", LocalityLevel::Country, None)
        .locality("hd", "Hải Dương", LocalityLevel::Province, Some("vn"))
        .locality(
            "tp",
            "Thành phố Hải Dương",
            LocalityLevel::District,
            Some("hd"),
        )
        .locality("km", "Kinh Môn", LocalityLevel::District, Some("hd"))
        .locality("an-binh", "An Bình", LocalityLevel::Commune, Some("tp"))
        .locality("an-sinh", "An Sinh", LocalityLevel::Commune, Some("km"));
    b.procedures(&["1.000001", "1.000002", "1.000003"]);
    b
}

impl Builder {
    fn bare() -> Builder {
        Builder {
            catalogue: Catalogue::default(),
        }
    }

    fn locality(
        &mut self,
        id: &str,
        name: &str,
        level: LocalityLevel,
        parent: Option<&str>,
    ) -> &mut Self {
        let line = self.catalogue.localities.len() as u32 + 1;
        self.catalogue.localities.push(Locality {
            id: spanned(id, "localities.yaml", line),
            name: name.to_string(),
            level,
            parents: parent
                .map(|p| ParentPeriod {
                    id: spanned(p, "localities.yaml", line),
                    from: None,
                    until: None,
                })
                .into_iter()
                .collect(),
            code: None,
            from: None,
            until: None,
            successors: Vec::new(),
            loc: Loc::new("localities.yaml".into(), line, 1),
        });
        self
    }

    fn procedures(&mut self, codes: &[&str]) -> &mut Self {
        for code in codes {
            let path = format!("procedures/{code}.md");
            self.catalogue.procedures.push(Procedure {
                code: spanned(code, &path, 2),
                name: format!("Thủ tục {code}"),
                sector: spanned("ho-tich", &path, 4),
                levels: Vec::new(),
                agencies: ProcedureAgencies::default(),
                applicants: Vec::new(),
                channels: Vec::new(),
                online_level: None,
                dossier: Vec::new(),
                result: None,
                conditions: None,
                legal_basis: Vec::new(),
                keywords: Vec::new(),
                body: String::new(),
                loc: Loc::file(path.into()),
            });
        }
        self.catalogue
            .procedures
            .sort_by(|a, b| a.code.value.cmp(&b.code.value));
        self
    }

    /// A decision signed and effective on `effective`, numbered after its slug.
    fn decision(&mut self, slug: &str, locality: &str, effective: &str) -> DecisionBuilder<'_> {
        let path = format!("decisions/{slug}.yaml");
        let effective = date(effective);
        DecisionBuilder {
            decision: Decision {
                slug: spanned(slug, &path, 0),
                number: format!("{slug}/QĐ-UBND"),
                title: format!("Quyết định {slug}"),
                issuer: spanned("ubnd", &path, 3),
                locality: spanned(locality, &path, 4),
                signed: Spanned::new(effective, Loc::new(path.as_str().into(), 5, 1)),
                effective: Spanned::new(effective, Loc::new(path.as_str().into(), 6, 1)),
                document: None,
                new: Vec::new(),
                amended: Vec::new(),
                replaced: Vec::new(),
                abolished: Vec::new(),
                body: String::new(),
                loc: Loc::file(path.into()),
            },
            builder: self,
            line: 10,
        }
    }

    fn resolve(&self, as_of: &str) -> Resolved<'_> {
        resolve(&self.catalogue, date(as_of))
    }

    /// Every warning; the catalogues here leave some procedures unannounced on purpose.
    fn warnings(&self) -> Vec<Diagnostic> {
        // The as-of date must not matter for warnings.
        let early = diagnostics(&self.resolve("1900-01-01"));
        let late = diagnostics(&self.resolve("2100-01-01"));
        assert_eq!(early, late);
        late
    }

    /// The W402 warnings only.
    fn not_in_force_warnings(&self) -> Vec<Diagnostic> {
        let mut warnings = self.warnings();
        warnings.retain(|w| w.code == "W402");
        warnings
    }
}

impl DecisionBuilder<'_> {
    fn next(&mut self, code: &str) -> Spanned<String> {
        self.line += 1;
        spanned(code, &self.decision.loc.path, self.line)
    }

    fn item(&mut self, code: &str, note: Option<&str>) -> DecisionItem {
        DecisionItem {
            procedure: self.next(code),
            note: note.map(str::to_string),
        }
    }

    fn signed(mut self, signed: &str) -> Self {
        self.decision.signed.value = date(signed);
        self
    }

    fn number(mut self, number: &str) -> Self {
        self.decision.number = number.to_string();
        self
    }

    fn issued(mut self, codes: &[&str]) -> Self {
        for code in codes {
            let item = self.item(code, None);
            self.decision.new.push(item);
        }
        self
    }

    fn amended(mut self, code: &str, changes: &str) -> Self {
        let item = self.item(code, Some(changes));
        self.decision.amended.push(item);
        self
    }

    fn replaced(mut self, code: &str, by: &str) -> Self {
        let procedure = self.next(code);
        let by = self.next(by);
        self.decision.replaced.push(Replacement {
            procedure,
            by,
            note: None,
        });
        self
    }

    fn abolished(mut self, code: &str) -> Self {
        let item = self.item(code, None);
        self.decision.abolished.push(item);
        self
    }

    fn add(self) {
        // Left in the order added: resolving must not depend on it.
        self.builder.catalogue.decisions.push(self.decision);
    }
}

impl Resolved<'_> {
    fn p(&self, code: &str) -> ProcedureIx {
        self.procedure(code).unwrap()
    }

    fn l(&self, id: &str) -> LocalityIx {
        self.tree.get(id).unwrap()
    }

    /// The status of `code` at locality `id`, or `None` where nothing applies.
    fn status(&self, code: &str, id: &str) -> Option<Status> {
        self.status_at(self.p(code), self.l(id)).map(|s| s.status)
    }

    fn decision_of(&self, e: EventIx) -> &str {
        &self.catalogue.decisions[self.events[e].decision].slug.value
    }

    /// The slugs of the decisions in a procedure's history, in order.
    fn history_of(&self, code: &str) -> Vec<&str> {
        self.procedures[self.p(code)]
            .history
            .iter()
            .map(|&e| self.decision_of(e))
            .collect()
    }
}

fn codes(warnings: &[Diagnostic]) -> Vec<&'static str> {
    warnings.iter().map(|w| w.code).collect()
}

// --- SPEC §3, one test per row of the table ---------------------------------

#[test]
fn a_new_procedure_is_current() {
    let mut b = catalogue();
    b.decision("qd-1", "hd", "2024-04-01")
        .issued(&["1.000001"])
        .add();
    let r = b.resolve("2024-06-01");
    let p = r.p("1.000001");
    let status = r.status_at(p, r.l("hd")).unwrap();
    assert_eq!(status.status, Status::Current);
    assert_eq!(status.replaced_by, None);
    assert_eq!(r.events[status.event].action, Action::New);
    assert_eq!(r.procedures[p].statuses.len(), 1);
    assert!(r.procedures[p].upcoming.is_empty());
}

#[test]
fn an_amended_procedure_is_amended_and_keeps_its_changes() {
    let mut b = catalogue();
    b.decision("qd-1", "hd", "2024-04-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-2", "hd", "2024-05-01")
        .amended("1.000001", "Thời hạn giảm từ 5 xuống 3 ngày làm việc")
        .add();
    let r = b.resolve("2024-06-01");
    let status = r.status_at(r.p("1.000001"), r.l("hd")).unwrap();
    assert_eq!(status.status, Status::Amended);
    assert!(status.status.in_force());
    assert_eq!(status.status.open_data_str(), "current");
    let event = &r.events[status.event];
    assert_eq!(event.action, Action::Amended);
    assert_eq!(
        event.changes.as_deref(),
        Some("Thời hạn giảm từ 5 xuống 3 ngày làm việc")
    );
}

#[test]
fn a_replaced_procedure_points_to_its_replacement_which_is_current() {
    let mut b = catalogue();
    b.decision("qd-1", "hd", "2024-04-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-2", "hd", "2024-05-01")
        .replaced("1.000001", "1.000002")
        .add();
    let r = b.resolve("2024-06-01");
    let (old, new) = (r.p("1.000001"), r.p("1.000002"));
    let status = r.status_at(old, r.l("hd")).unwrap();
    assert_eq!(status.status, Status::Replaced);
    assert_eq!(status.replaced_by, Some(new));
    assert_eq!(r.events[status.event].action, Action::Replaced { by: new });

    let by = r.status_at(new, r.l("hd")).unwrap();
    assert_eq!(by.status, Status::Current);
    assert_eq!(r.events[by.event].action, Action::Replaces { old });
    assert_eq!(r.history_of("1.000002"), ["qd-2"]);
    assert_eq!(r.replacements_of(old), [new]);
    assert_eq!(r.replaced_by_this(new), [old]);
}

#[test]
fn an_abolished_procedure_is_abolished_and_keeps_its_history() {
    let mut b = catalogue();
    b.decision("qd-1", "hd", "2024-04-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-2", "hd", "2024-05-01")
        .abolished("1.000001")
        .add();
    let r = b.resolve("2024-06-01");
    assert_eq!(r.status("1.000001", "hd"), Some(Status::Abolished));
    assert_eq!(r.history_of("1.000001"), ["qd-1", "qd-2"]);
}

#[test]
fn a_procedure_with_only_future_events_is_upcoming_from_the_first_of_them() {
    let mut b = catalogue();
    b.decision("qd-2", "hd", "2024-09-01")
        .amended("1.000001", "x")
        .add();
    b.decision("qd-1", "hd", "2024-08-01")
        .issued(&["1.000001"])
        .add();
    let r = b.resolve("2024-06-01");
    let p = r.p("1.000001");
    let status = r.status_at(p, r.l("hd")).unwrap();
    assert_eq!(status.status, Status::Upcoming);
    assert_eq!(r.decision_of(status.event), "qd-1");
    assert_eq!(r.procedures[p].upcoming.len(), 2);
    assert!(!r.is_unannounced(p));
}

#[test]
fn new_after_abolished_reissues_the_procedure() {
    let mut b = catalogue();
    b.decision("qd-1", "hd", "2023-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-2", "hd", "2023-06-01")
        .abolished("1.000001")
        .add();
    b.decision("qd-3", "hd", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    assert_eq!(
        b.resolve("2023-12-31").status("1.000001", "hd"),
        Some(Status::Abolished)
    );
    assert_eq!(
        b.resolve("2024-01-01").status("1.000001", "hd"),
        Some(Status::Current)
    );
    assert!(b.not_in_force_warnings().is_empty());
}

// --- Event order ----------------------------------------------------------------

#[test]
fn events_are_ordered_by_effective_date_before_signed_date() {
    let mut b = catalogue();
    // Signed first but in force later: the abolition comes after the re-issue.
    b.decision("qd-a", "hd", "2024-05-01")
        .signed("2024-01-01")
        .abolished("1.000001")
        .add();
    b.decision("qd-b", "hd", "2024-04-01")
        .signed("2024-03-01")
        .issued(&["1.000001"])
        .add();
    let r = b.resolve("2024-06-01");
    assert_eq!(r.history_of("1.000001"), ["qd-b", "qd-a"]);
    assert_eq!(r.status("1.000001", "hd"), Some(Status::Abolished));
}

#[test]
fn events_in_force_the_same_day_are_ordered_by_signed_date() {
    let mut b = catalogue();
    b.decision("qd-a", "hd", "2024-04-01")
        .signed("2024-03-20")
        .abolished("1.000001")
        .add();
    b.decision("qd-b", "hd", "2024-04-01")
        .signed("2024-03-10")
        .issued(&["1.000001"])
        .add();
    let r = b.resolve("2024-06-01");
    assert_eq!(r.history_of("1.000001"), ["qd-b", "qd-a"]);
    assert_eq!(r.status("1.000001", "hd"), Some(Status::Abolished));
}

#[test]
fn events_signed_and_in_force_the_same_day_are_ordered_by_decision_number() {
    let mut b = catalogue();
    // By text "1234" < "987"; by number 987 comes first.
    b.decision("qd-a", "hd", "2024-04-01")
        .number("1234/QĐ-UBND")
        .abolished("1.000001")
        .add();
    b.decision("qd-b", "hd", "2024-04-01")
        .number("987/QĐ-UBND")
        .issued(&["1.000001"])
        .add();
    let r = b.resolve("2024-06-01");
    assert_eq!(r.history_of("1.000001"), ["qd-b", "qd-a"]);
    assert_eq!(r.status("1.000001", "hd"), Some(Status::Abolished));
    assert_eq!(r.decision_order, [1, 0]);
}

#[test]
fn decision_numbers_compare_by_the_value_of_their_digits() {
    use std::cmp::Ordering::*;
    assert_eq!(
        compare_decision_numbers("987/QĐ-UBND", "1234/QĐ-UBND"),
        Less
    );
    assert_eq!(compare_decision_numbers("12/QĐ-BTP", "12/QĐ-UBND"), Less);
    assert_eq!(compare_decision_numbers("12/QĐ", "12/QĐ-UBND"), Less);
    assert_eq!(compare_decision_numbers("12/QĐ", "12/QĐ"), Equal);
    // Same value, different spelling: still a strict, stable order.
    assert_ne!(compare_decision_numbers("07/QĐ", "7/QĐ"), Equal);
    assert_eq!(
        compare_decision_numbers("07/QĐ", "7/QĐ"),
        compare_decision_numbers("7/QĐ", "07/QĐ").reverse()
    );
}

#[test]
fn identical_dates_and_numbers_fall_back_to_slug_then_position_in_the_decision() {
    let mut b = catalogue();
    b.decision("qd-b", "hd", "2024-04-01")
        .number("1/QĐ")
        .abolished("1.000001")
        .add();
    b.decision("qd-a", "hd", "2024-04-01")
        .number("1/QĐ")
        .issued(&["1.000002", "1.000001"])
        .amended("1.000003", "x")
        .add();
    let r = b.resolve("2024-06-01");
    let order: Vec<(&str, &str)> = r
        .events
        .iter()
        .map(|e| {
            let code = r.catalogue.procedures[e.procedure].code.as_str();
            (r.catalogue.decisions[e.decision].slug.as_str(), code)
        })
        .collect();
    assert_eq!(
        order,
        [
            ("qd-a", "1.000002"),
            ("qd-a", "1.000001"),
            ("qd-a", "1.000003"),
            ("qd-b", "1.000001"),
        ]
    );
    let qd_a = r
        .catalogue
        .decisions
        .iter()
        .position(|d| d.slug.value == "qd-a")
        .unwrap();
    assert_eq!(r.events_of_decision(qd_a), [0, 1, 2]);
}

// --- Inheritance down the locality tree ---------------------------------------

#[test]
fn a_national_decision_applies_in_every_commune() {
    let mut b = catalogue();
    b.decision("qd-btp", "vn", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    let r = b.resolve("2024-06-01");
    for id in ["vn", "hd", "tp", "km", "an-binh", "an-sinh"] {
        assert_eq!(r.status("1.000001", id), Some(Status::Current), "at {id}");
    }
    // Only the national territory is stored; the rest inherit.
    assert_eq!(r.procedures[r.p("1.000001")].statuses.len(), 1);
}

#[test]
fn abolished_in_a_district_stays_current_in_the_province_and_the_other_district() {
    let mut b = catalogue();
    b.decision("qd-1", "hd", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-2", "tp", "2024-03-01")
        .abolished("1.000001")
        .add();
    let r = b.resolve("2024-06-01");
    assert_eq!(r.status("1.000001", "hd"), Some(Status::Current));
    assert_eq!(r.status("1.000001", "km"), Some(Status::Current));
    assert_eq!(r.status("1.000001", "an-sinh"), Some(Status::Current));
    assert_eq!(r.status("1.000001", "tp"), Some(Status::Abolished));
    assert_eq!(r.status("1.000001", "an-binh"), Some(Status::Abolished));
    assert_eq!(r.status("1.000001", "vn"), None);
}

#[test]
fn a_district_decision_does_not_reach_the_province_or_another_district() {
    let mut b = catalogue();
    b.decision("qd-1", "km", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    let r = b.resolve("2024-06-01");
    assert_eq!(r.status("1.000001", "km"), Some(Status::Current));
    assert_eq!(r.status("1.000001", "an-sinh"), Some(Status::Current));
    for id in ["vn", "hd", "tp", "an-binh"] {
        assert_eq!(r.status("1.000001", id), None, "at {id}");
    }
}

#[test]
fn a_later_provincial_event_reaches_a_district_with_its_own_events() {
    let mut b = catalogue();
    b.decision("qd-1", "tp", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-2", "hd", "2024-03-01")
        .abolished("1.000001")
        .add();
    let r = b.resolve("2024-06-01");
    assert_eq!(r.status("1.000001", "tp"), Some(Status::Abolished));
    assert_eq!(r.status("1.000001", "an-binh"), Some(Status::Abolished));
    // The province never announced it, so abolishing it there is suspicious.
    assert_eq!(codes(&b.not_in_force_warnings()), ["W402"]);
}

#[test]
fn a_locality_without_events_takes_the_status_of_its_nearest_ancestor_with_events() {
    let mut b = catalogue();
    b.decision("qd-1", "vn", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-2", "tp", "2024-02-01")
        .amended("1.000001", "x")
        .add();
    let r = b.resolve("2024-06-01");
    let p = r.p("1.000001");
    let at_commune = r.status_at(p, r.l("an-binh")).unwrap();
    assert_eq!(at_commune.locality, r.l("tp"));
    assert_eq!(at_commune.status, Status::Amended);
    let at_other = r.status_at(p, r.l("an-sinh")).unwrap();
    assert_eq!(at_other.locality, r.l("vn"));
    assert_eq!(at_other.status, Status::Current);
}

#[test]
fn statuses_are_listed_in_locality_preorder() {
    let mut b = catalogue();
    b.decision("qd-1", "an-binh", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-2", "tp", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-3", "km", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-4", "vn", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    let r = b.resolve("2024-06-01");
    let listed: Vec<&str> = r.procedures[r.p("1.000001")]
        .statuses
        .iter()
        .map(|s| r.catalogue.localities[s.locality].id.as_str())
        .collect();
    // Siblings by name: "Kinh Môn" before "Thành phố Hải Dương".
    assert_eq!(listed, ["vn", "km", "tp", "an-binh"]);
}

#[test]
fn locality_pages_see_own_and_inherited_statuses_and_search_sees_those_below() {
    let mut b = catalogue();
    b.decision("qd-1", "vn", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-2", "tp", "2024-02-01")
        .abolished("1.000001")
        .issued(&["1.000002"])
        .add();
    let r = b.resolve("2024-06-01");
    let (p1, p2) = (r.p("1.000001"), r.p("1.000002"));
    let in_commune: Vec<(ProcedureIx, Status)> = r
        .statuses_in(r.l("an-binh"))
        .into_iter()
        .map(|(p, s)| (p, s.status))
        .collect();
    assert_eq!(in_commune, [(p1, Status::Abolished), (p2, Status::Current)]);
    let in_province: Vec<ProcedureIx> = r
        .statuses_in(r.l("hd"))
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(in_province, [p1]);
    assert!(r.concerns(p2, r.l("hd")));
    assert!(!r.concerns(p2, r.l("km")));
    assert_eq!(r.statuses_within(p1, r.l("hd")).len(), 1);
    assert!(r.has_status(p1, Status::Abolished) && r.has_status(p1, Status::Current));
}

// --- The as-of date -------------------------------------------------------------

#[test]
fn an_event_is_in_force_on_its_effective_date() {
    let mut b = catalogue();
    b.decision("qd-1", "hd", "2024-04-01")
        .issued(&["1.000001"])
        .add();
    assert_eq!(
        b.resolve("2024-03-31").status("1.000001", "hd"),
        Some(Status::Upcoming)
    );
    let r = b.resolve("2024-04-01");
    assert_eq!(r.status("1.000001", "hd"), Some(Status::Current));
    assert!(r.procedures[r.p("1.000001")].upcoming.is_empty());
}

#[test]
fn a_current_procedure_with_a_future_abolition_stays_current_and_lists_it_as_upcoming() {
    let mut b = catalogue();
    b.decision("qd-1", "hd", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-2", "hd", "2025-01-01")
        .abolished("1.000001")
        .add();
    let r = b.resolve("2024-06-01");
    let p = r.p("1.000001");
    assert_eq!(r.status("1.000001", "hd"), Some(Status::Current));
    let upcoming: Vec<&str> = r.procedures[p]
        .upcoming
        .iter()
        .map(|&e| r.decision_of(e))
        .collect();
    assert_eq!(upcoming, ["qd-2"]);
    assert_eq!(r.history_of("1.000001"), ["qd-1", "qd-2"]);
}

#[test]
fn a_future_district_event_makes_the_district_upcoming_only_where_nothing_applies_yet() {
    let mut b = catalogue();
    b.decision("qd-1", "hd", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-2", "tp", "2025-01-01")
        .abolished("1.000001")
        .add();
    b.decision("qd-3", "km", "2025-01-01")
        .issued(&["1.000002"])
        .add();
    let r = b.resolve("2024-06-01");
    // The province's event is in force at the district, so it is not upcoming there.
    assert_eq!(r.status("1.000001", "tp"), Some(Status::Current));
    assert_eq!(r.status("1.000002", "an-sinh"), Some(Status::Upcoming));
}

// --- Unannounced and skipped items ----------------------------------------------

#[test]
fn a_procedure_no_decision_names_is_unannounced_with_a_warning() {
    let mut b = catalogue();
    b.decision("qd-1", "hd", "2024-01-01")
        .issued(&["1.000001", "1.000003"])
        .add();
    let r = b.resolve("2024-06-01");
    let p = r.p("1.000002");
    assert!(r.is_unannounced(p));
    assert!(r.procedures[p].statuses.is_empty() && r.procedures[p].history.is_empty());
    assert_eq!(r.status_at(p, r.l("an-binh")), None);
    let warnings = b.warnings();
    assert_eq!(codes(&warnings), ["W401"]);
    assert!(b.not_in_force_warnings().is_empty());
    assert_eq!(
        warnings[0].loc,
        Loc::new("procedures/1.000002.md".into(), 2, 1)
    );
    assert!(warnings[0].message.contains("`1.000002`"));
    assert!(warnings[0].hint.is_some());
}

#[test]
fn items_naming_an_unknown_procedure_or_locality_or_replacing_a_code_by_itself_are_skipped() {
    let mut b = catalogue();
    b.decision("qd-1", "hd", "2024-01-01")
        .issued(&["9.999999", "1.000001"])
        .replaced("1.000002", "9.999998")
        .replaced("1.000003", "1.000003")
        .add();
    b.decision("qd-2", "atlantis", "2024-01-01")
        .issued(&["1.000003"])
        .add();
    let r = b.resolve("2024-06-01");
    assert_eq!(r.events.len(), 1);
    assert_eq!(r.status("1.000001", "hd"), Some(Status::Current));
    assert!(r.is_unannounced(r.p("1.000002")));
    assert!(r.is_unannounced(r.p("1.000003")));
    assert_eq!(r.procedure("9.999999"), None);
}

// --- W402: an event that finds the procedure not in force -----------------------

#[test]
fn abolishing_what_was_never_announced_there_warns_at_the_item() {
    let mut b = catalogue();
    b.decision("qd-1", "km", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-2", "tp", "2024-02-01")
        .abolished("1.000001")
        .add();
    let warnings = b.not_in_force_warnings();
    assert_eq!(codes(&warnings), ["W402"]);
    let w = &warnings[0];
    assert_eq!(w.loc, Loc::new("decisions/qd-2.yaml".into(), 11, 1));
    assert!(w.message.contains("`1.000001`"), "{}", w.message);
    assert!(w.message.contains("abolished"), "{}", w.message);
    assert!(w.message.contains("`tp`"), "{}", w.message);
    assert!(w.message.contains("never announced"), "{}", w.message);
    assert!(w.hint.is_some());
}

#[test]
fn amending_an_abolished_procedure_warns() {
    let mut b = catalogue();
    b.decision("qd-1", "hd", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-2", "hd", "2024-02-01")
        .abolished("1.000001")
        .add();
    b.decision("qd-3", "hd", "2024-03-01")
        .amended("1.000001", "x")
        .add();
    let warnings = b.not_in_force_warnings();
    assert_eq!(codes(&warnings), ["W402"]);
    assert!(warnings[0].message.contains("already abolished"));
    assert_eq!(warnings[0].loc.path.as_ref(), "decisions/qd-3.yaml");
}

#[test]
fn replacing_an_already_replaced_procedure_warns_but_the_replacing_code_never_does() {
    let mut b = catalogue();
    b.decision("qd-1", "hd", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-2", "hd", "2024-02-01")
        .replaced("1.000001", "1.000002")
        .add();
    b.decision("qd-3", "hd", "2024-03-01")
        .replaced("1.000001", "1.000003")
        .add();
    let warnings = b.not_in_force_warnings();
    assert_eq!(codes(&warnings), ["W402"]);
    assert!(
        warnings[0]
            .message
            .contains("already replaced there by `1.000002`")
    );
    // The old code's item of qd-3 (line 11), not the `by` code's (line 12).
    assert_eq!(
        warnings[0].loc,
        Loc::new("decisions/qd-3.yaml".into(), 11, 1)
    );
}

#[test]
fn abolishing_in_a_district_what_the_nation_announced_does_not_warn() {
    let mut b = catalogue();
    b.decision("qd-1", "vn", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    b.decision("qd-2", "an-binh", "2024-02-01")
        .abolished("1.000001")
        .add();
    b.decision("qd-3", "km", "2024-03-01")
        .amended("1.000001", "x")
        .add();
    assert!(b.not_in_force_warnings().is_empty());
}

#[test]
fn a_future_event_that_finds_the_procedure_not_in_force_still_warns() {
    let mut b = catalogue();
    b.decision("qd-1", "hd", "2099-01-01")
        .abolished("1.000001")
        .issued(&["1.000002"])
        .add();
    b.decision("qd-0", "hd", "2098-01-01")
        .issued(&["1.000003"])
        .add();
    // `warnings()` also checks that the as-of date does not change them.
    assert_eq!(codes(&b.warnings()), ["W402"]);
}

// --- The locality tree ----------------------------------------------------------

#[test]
fn the_tree_orders_children_by_name_and_knows_its_subtrees() {
    let b = catalogue();
    let tree = LocalityTree::build(&b.catalogue.localities);
    let id = |l: LocalityIx| b.catalogue.localities[l].id.as_str();
    let preorder: Vec<&str> = tree.preorder.iter().map(|&l| id(l)).collect();
    assert_eq!(preorder, ["vn", "hd", "km", "an-sinh", "tp", "an-binh"]);
    let (vn, hd, tp, an_binh, an_sinh) = (
        tree.get("vn").unwrap(),
        tree.get("hd").unwrap(),
        tree.get("tp").unwrap(),
        tree.get("an-binh").unwrap(),
        tree.get("an-sinh").unwrap(),
    );
    assert_eq!(tree.roots, [vn]);
    assert_eq!(tree.depth[an_binh], 3);
    assert_eq!(tree.subtree_size[hd], 5);
    assert_eq!(tree.ancestors(an_binh).collect::<Vec<_>>(), [tp, hd, vn]);
    assert_eq!(tree.ancestors(vn).count(), 0);
    assert!(tree.is_ancestor_or_self(hd, an_binh));
    assert!(tree.is_ancestor_or_self(an_binh, an_binh));
    assert!(!tree.is_ancestor_or_self(an_binh, hd));
    assert!(!tree.is_in_subtree(tp, an_sinh));
    assert!(!tree.is_in_subtree(tp, 999));
    assert_eq!(tree.subtree(tp), [tp, an_binh]);
    assert_eq!(tree.path_from_root(an_binh), [vn, hd, tp, an_binh]);
}

#[test]
fn a_parent_cycle_in_localities_does_not_hang_and_breaks_into_roots() {
    let mut b = Builder::bare();
    b.locality("vn", "Việt Nam", LocalityLevel::Country, None)
        .locality("a", "A", LocalityLevel::Province, Some("b"))
        .locality("b", "B", LocalityLevel::District, Some("c"))
        .locality("c", "C", LocalityLevel::Commune, Some("a"))
        .locality("d", "D", LocalityLevel::Commune, Some("a"))
        .locality("self", "Self", LocalityLevel::Commune, Some("self"))
        .locality("lost", "Lost", LocalityLevel::Commune, Some("nowhere"));
    b.procedures(&["1.000001"]);
    b.decision("qd-1", "a", "2024-01-01")
        .issued(&["1.000001"])
        .add();
    let r = b.resolve("2024-06-01");
    let ids = |ls: &[LocalityIx]| -> Vec<String> {
        ls.iter()
            .map(|&l| r.catalogue.localities[l].id.value.clone())
            .collect()
    };
    assert_eq!(ids(&r.tree.roots), ["a", "b", "c", "lost", "self", "vn"]);
    assert_eq!(r.tree.preorder.len(), 7);
    // `d` leads into the cycle without being on it, so it keeps its parent.
    assert_eq!(r.tree.parent[r.l("d")], Some(r.l("a")));
    assert_eq!(r.status("1.000001", "d"), Some(Status::Current));
    assert_eq!(r.status("1.000001", "b"), None);
}

#[test]
fn the_first_locality_with_an_id_owns_it() {
    let mut b = Builder::bare();
    b.locality("vn", "Việt Nam", LocalityLevel::Country, None)
        .locality("vn", "Again", LocalityLevel::Country, None);
    let tree = LocalityTree::build(&b.catalogue.localities);
    assert_eq!(tree.get("vn"), Some(0));
    assert_eq!(tree.roots, [1, 0]);
}

// --- Scale ----------------------------------------------------------------------

/// Not a benchmark: a guard against per-(procedure × locality) work. About the
/// size of the `national` preset: 6,000 procedures, ~3,300 communes, ~100,000 events.
#[test]
fn a_national_sized_catalogue_resolves_without_visiting_every_locality() {
    let mut b = Builder::bare();
    b.locality("vn", "Việt Nam", LocalityLevel::Country, None);
    let mut communes = Vec::new();
    for p in 0..34 {
        let province = format!("p{p}");
        b.locality(&province, &province, LocalityLevel::Province, Some("vn"));
        for c in 0..97 {
            let commune = format!("p{p}-c{c}");
            b.locality(&commune, &commune, LocalityLevel::Commune, Some(&province));
            communes.push(commune);
        }
    }
    let codes: Vec<String> = (0..6000).map(|i| format!("1.{i:06}")).collect();
    let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    b.procedures(&refs);
    b.decision("qd-btp", "vn", "2020-01-01").issued(&refs).add();
    for p in 0..34 {
        let province = format!("p{p}");
        let chunk: Vec<&str> = refs.iter().copied().skip(p * 100).take(2000).collect();
        let mut d = b.decision(&format!("qd-{province}"), &province, "2021-01-01");
        for code in &chunk {
            d = d.amended(code, "x");
        }
        d.add();
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
    let r = b.resolve("2024-06-01");
    let warnings = diagnostics(&r);
    eprintln!(
        "resolved {} events in {:?}",
        r.events.len(),
        started.elapsed()
    );
    assert!(r.events.len() > 100_000);
    assert!(warnings.is_empty());
    let p = r.p("1.000000");
    let commune = r.l("p0-c0");
    assert_eq!(
        r.status_at(p, commune).map(|s| s.status),
        Some(Status::Amended)
    );
}
