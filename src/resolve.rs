//! Folding decisions into statuses and histories (SPEC §3).
//!
//! Pure: the same catalogue and as-of date give the same answer. Statuses are
//! computed only for localities that are the territory of at least one event of a
//! procedure; every other locality inherits from its nearest such ancestor.

mod tree;
mod warnings;

pub use tree::{Reach, Span, strong_components};

#[cfg(test)]
mod tests;

pub use warnings::diagnostics;

use crate::model::{Catalogue, Date, Decision};
use crate::source::{Loc, Spanned};
use rayon::prelude::*;
use std::cmp::Ordering;
use std::collections::HashMap;

/// Index into `Catalogue::localities`.
pub type LocalityIx = usize;
/// Index into `Catalogue::procedures`.
pub type ProcedureIx = usize;
/// Index into `Catalogue::decisions`.
pub type DecisionIx = usize;
/// Index into `Resolved::events`.
pub type EventIx = usize;

/// The locality tree, by index. Built even from a broken `localities.yaml`
/// (a parent that is unknown or part of a cycle is treated as absent).
#[derive(Clone, Debug, Default)]
pub struct LocalityTree {
    pub by_id: HashMap<String, LocalityIx>,
    pub parent: Vec<Option<LocalityIx>>,
    /// Children sorted by name, then id.
    pub children: Vec<Vec<LocalityIx>>,
    /// Depth from the root (the root is 0).
    pub depth: Vec<u32>,
    /// Every locality in pre-order (parents before children, siblings by name).
    pub preorder: Vec<LocalityIx>,
    /// Position of each locality in `preorder`.
    pub preorder_pos: Vec<usize>,
    /// Number of localities in each subtree (self included): the subtree of `l`
    /// is `preorder[preorder_pos[l] .. preorder_pos[l] + subtree_size[l]]`.
    pub subtree_size: Vec<usize>,
    /// Roots sorted by name: those that exist on the as-of date first, then
    /// those that do not (each a root of its own).
    pub roots: Vec<LocalityIx>,
    /// The date of this view.
    pub as_of: Date,
    /// Parallel to the localities: true when it exists on the as-of date.
    pub exists: Vec<bool>,
    /// Over time (SPEC §2): each locality's life, from its `from` to its `until`.
    pub life: Vec<Span>,
    /// Each locality's parents over time, as `(parent, days)`, in order: only
    /// the days on which both exist, and no link that is part of a cycle.
    pub periods: Vec<Vec<(LocalityIx, Span)>>,
    /// The localities named in its `successors` (known, itself excluded).
    pub successors: Vec<Vec<LocalityIx>>,
    /// The localities naming it in their `successors`, by index.
    pub predecessors: Vec<Vec<LocalityIx>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    New,
    Amended,
    /// This procedure was replaced by `by`.
    Replaced {
        by: ProcedureIx,
    },
    Abolished,
    /// This procedure (the `by` of a replacement) replaces `old`.
    Replaces {
        old: ProcedureIx,
    },
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::New => "new",
            Action::Amended => "amended",
            Action::Replaced { .. } => "replaced",
            Action::Abolished => "abolished",
            Action::Replaces { .. } => "replaces",
        }
    }
}

/// One item of one decision, seen from one procedure.
#[derive(Clone, Debug)]
pub struct Event {
    pub procedure: ProcedureIx,
    pub action: Action,
    /// The decision's locality.
    pub territory: LocalityIx,
    pub decision: DecisionIx,
    pub effective: Date,
    pub signed: Date,
    /// An amendment's changes or an abolition's reason (or a replacement's note).
    pub changes: Option<String>,
    /// The decision item that announced it.
    pub loc: Loc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Current,
    Amended,
    Replaced,
    Abolished,
    Upcoming,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Current,
        Status::Amended,
        Status::Replaced,
        Status::Abolished,
        Status::Upcoming,
    ];

    /// The id used in URLs (`/status/amended/`) and search filters.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Current => "current",
            Status::Amended => "amended",
            Status::Replaced => "replaced",
            Status::Abolished => "abolished",
            Status::Upcoming => "upcoming",
        }
    }

    /// The value in `/data/procedures.json`, where an amended procedure is `current`.
    pub fn open_data_str(self) -> &'static str {
        match self {
            Status::Amended => "current",
            other => other.as_str(),
        }
    }

    /// True for statuses under which the procedure can be carried out today.
    pub fn in_force(self) -> bool {
        matches!(self, Status::Current | Status::Amended)
    }
}

/// A procedure's status at one territory that has events of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TerritoryStatus {
    pub locality: LocalityIx,
    pub status: Status,
    /// The replacing procedure where `status` is `Replaced`.
    pub replaced_by: Option<ProcedureIx>,
    /// The last event in force there, or for `Upcoming` the first event to come.
    pub event: EventIx,
}

#[derive(Clone, Debug, Default)]
pub struct ProcedureState {
    /// Every event of this procedure, upcoming ones included, in event order.
    pub history: Vec<EventIx>,
    /// One entry per territory that has at least one event of this procedure
    /// and exists on the as-of date, and one for each other locality whose
    /// status there differs from what it would inherit on the as-of tree
    /// (SPEC §3.1: a commune that keeps a merged province's decisions), in
    /// locality pre-order. Empty for an unannounced procedure.
    pub statuses: Vec<TerritoryStatus>,
    /// Localities where the procedure has no status although a locality above
    /// them has one (nothing announced reaches them), in locality pre-order.
    /// Always empty in a catalogue without localities over time.
    pub no_status: Vec<LocalityIx>,
    /// Events with an effective date after the as-of date, in event order.
    pub upcoming: Vec<EventIx>,
}

/// The catalogue with every decision folded in, as of one date.
#[derive(Debug)]
pub struct Resolved<'c> {
    pub catalogue: &'c Catalogue,
    pub as_of: Date,
    pub tree: LocalityTree,
    /// Every event, in event order (effective, signed, decision number, then
    /// decision slug and position in the decision, so the order is total).
    /// Numbers compare digit runs by value ([`compare_decision_numbers`]); the
    /// position follows the lists `new`, `amended`, `replaced`, `abolished`,
    /// each top to bottom.
    pub events: Vec<Event>,
    /// Parallel to `catalogue.procedures`.
    pub procedures: Vec<ProcedureState>,
    pub procedure_by_code: HashMap<String, ProcedureIx>,
    /// Every decision in event order (oldest first); reverse it for "newest first".
    pub decision_order: Vec<DecisionIx>,
    /// Parallel to `catalogue.decisions`: the events each decision made, in order.
    /// A replacement gives two: `Replaced` for the old code, then `Replaces` for
    /// the `by` code.
    pub decision_events: Vec<Vec<EventIx>>,
    /// Parallel to `catalogue.localities`: the procedures that have an entry in
    /// `statuses` for that very locality, as `(procedure, index into its
    /// statuses)`, sorted by procedure.
    pub territory_statuses: Vec<Vec<(ProcedureIx, usize)>>,
    /// Parallel to `catalogue.localities`: the procedures that have no status
    /// there although they have one above ([`ProcedureState::no_status`]).
    pub territory_no_status: Vec<Vec<ProcedureIx>>,
    /// Which territories' events reach which localities, and when (SPEC §3.1).
    pub lineage: Lineage,
}

/// Folds every decision of `catalogue` into statuses and histories as of `as_of`.
///
/// Decision items naming an unknown procedure, decisions for an unknown locality,
/// and replacements of a code by itself are skipped: the checker reports them.
pub fn resolve(catalogue: &Catalogue, as_of: Date) -> Resolved<'_> {
    resolve_with(catalogue, as_of, true)
}

/// What [`diagnostics`] needs and no more: every event and history, without
/// the statuses (each procedure's `statuses` is left empty). `procat check`.
pub fn resolve_for_warnings(catalogue: &Catalogue) -> Resolved<'_> {
    resolve_with(catalogue, Date::MAX, false)
}

fn resolve_with(catalogue: &Catalogue, as_of: Date, statuses: bool) -> Resolved<'_> {
    let tree = LocalityTree::build_on(&catalogue.localities, as_of);
    let mut procedure_by_code = HashMap::with_capacity(catalogue.procedures.len());
    for (ix, procedure) in catalogue.procedures.iter().enumerate() {
        procedure_by_code
            .entry(procedure.code.value.clone())
            .or_insert(ix);
    }

    let decision_order = decisions_in_event_order(&catalogue.decisions);
    let mut events = Vec::new();
    let mut decision_events = vec![Vec::new(); catalogue.decisions.len()];
    for &d in &decision_order {
        let first = events.len();
        push_events(
            &catalogue.decisions[d],
            d,
            &tree,
            &procedure_by_code,
            &mut events,
        );
        decision_events[d] = (first..events.len()).collect();
    }

    let mut histories: Vec<Vec<EventIx>> = vec![Vec::new(); catalogue.procedures.len()];
    for (ix, event) in events.iter().enumerate() {
        histories[event.procedure].push(ix);
    }
    let lineage = Lineage::new(&tree, &events, statuses);
    let procedures: Vec<ProcedureState> = histories
        .into_par_iter()
        .map(|history| {
            if statuses {
                procedure_state(history, &events, &tree, &lineage, as_of)
            } else {
                ProcedureState {
                    history,
                    ..ProcedureState::default()
                }
            }
        })
        .collect();

    let mut territory_statuses = vec![Vec::new(); tree.len()];
    let mut territory_no_status = vec![Vec::new(); tree.len()];
    for (p, state) in procedures.iter().enumerate() {
        for (i, status) in state.statuses.iter().enumerate() {
            territory_statuses[status.locality].push((p, i));
        }
        for &l in &state.no_status {
            territory_no_status[l].push(p);
        }
    }

    Resolved {
        catalogue,
        as_of,
        tree,
        events,
        procedures,
        procedure_by_code,
        decision_order,
        decision_events,
        territory_statuses,
        territory_no_status,
        lineage,
    }
}

/// Decisions sorted by effective date, signed date, number, slug (and index, so
/// that even duplicate slugs order deterministically).
fn decisions_in_event_order(decisions: &[Decision]) -> Vec<DecisionIx> {
    let mut order: Vec<DecisionIx> = (0..decisions.len()).collect();
    order.sort_by(|&a, &b| {
        let (da, db) = (&decisions[a], &decisions[b]);
        (da.effective.value, da.signed.value)
            .cmp(&(db.effective.value, db.signed.value))
            .then_with(|| compare_decision_numbers(&da.number, &db.number))
            .then_with(|| da.slug.value.cmp(&db.slug.value))
            .then(a.cmp(&b))
    });
    order
}

/// Compares decision numbers as a reader would: runs of digits by their value, so
/// `987/QĐ-UBND` comes before `1234/QĐ-UBND`. Equal values with different
/// spellings (`07` and `7`) fall back to plain text order, keeping the order total.
pub fn compare_decision_numbers(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a, b);
    while let (Some(cx), Some(cy)) = (x.chars().next(), y.chars().next()) {
        if cx.is_ascii_digit() && cy.is_ascii_digit() {
            let (nx, rx) = split_digits(x);
            let (ny, ry) = split_digits(y);
            let (vx, vy) = (nx.trim_start_matches('0'), ny.trim_start_matches('0'));
            let by_value = vx.len().cmp(&vy.len()).then_with(|| vx.cmp(vy));
            if by_value != Ordering::Equal {
                return by_value;
            }
            (x, y) = (rx, ry);
        } else {
            if cx != cy {
                return cx.cmp(&cy);
            }
            (x, y) = (&x[cx.len_utf8()..], &y[cy.len_utf8()..]);
        }
    }
    x.len().cmp(&y.len()).then_with(|| a.cmp(b))
}

fn split_digits(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.split_at(end)
}

/// Appends the events of one decision, in the order its lists are read: `new`,
/// `amended`, `replaced`, `abolished`, each top to bottom.
fn push_events(
    decision: &Decision,
    d: DecisionIx,
    tree: &LocalityTree,
    procedure_by_code: &HashMap<String, ProcedureIx>,
    events: &mut Vec<Event>,
) {
    let Some(territory) = tree.get(decision.locality.as_str()) else {
        return;
    };
    // SPEC §3.1: a decision for a territory that does not exist on its
    // effective date applies nowhere (`check` warns, W410).
    if !tree.exists_on(territory, decision.effective.value) {
        return;
    }
    let lookup = |code: &Spanned<String>| procedure_by_code.get(code.as_str()).copied();
    let mut push = |procedure, action, changes: Option<&String>, loc: &Loc| {
        events.push(Event {
            procedure,
            action,
            territory,
            decision: d,
            effective: decision.effective.value,
            signed: decision.signed.value,
            changes: changes.cloned(),
            loc: loc.clone(),
        });
    };
    let simple_lists = [
        (Action::New, &decision.new),
        (Action::Amended, &decision.amended),
    ];
    for (action, items) in simple_lists {
        for item in items {
            if let Some(p) = lookup(&item.procedure) {
                // A `new` item's note is not a change; it stays on the decision.
                let changes = item.note.as_ref().filter(|_| action != Action::New);
                push(p, action, changes, &item.procedure.loc);
            }
        }
    }
    for item in &decision.replaced {
        if let (Some(old), Some(by)) = (lookup(&item.procedure), lookup(&item.by))
            && old != by
        {
            let note = item.note.as_ref();
            push(old, Action::Replaced { by }, note, &item.procedure.loc);
            push(by, Action::Replaces { old }, note, &item.by.loc);
        }
    }
    for item in &decision.abolished {
        if let Some(p) = lookup(&item.procedure) {
            push(
                p,
                Action::Abolished,
                item.note.as_ref(),
                &item.procedure.loc,
            );
        }
    }
}

/// The status an event leaves behind where it applies.
fn status_after(action: Action) -> (Status, Option<ProcedureIx>) {
    match action {
        Action::New | Action::Replaces { .. } => (Status::Current, None),
        Action::Amended => (Status::Amended, None),
        Action::Replaced { by } => (Status::Replaced, Some(by)),
        Action::Abolished => (Status::Abolished, None),
    }
}

/// One procedure's events grouped by territory, to gather the events that apply
/// at a territory by walking its (short) ancestor chain.
struct Timeline {
    /// `(territory, event)`, sorted; events are indices, so in event order.
    by_territory: Vec<(LocalityIx, EventIx)>,
}

impl Timeline {
    fn new(history: &[EventIx], events: &[Event]) -> Timeline {
        let mut by_territory: Vec<(LocalityIx, EventIx)> =
            history.iter().map(|&e| (events[e].territory, e)).collect();
        by_territory.sort_unstable();
        Timeline { by_territory }
    }

    /// Each territory that has events, once.
    fn territories(&self) -> Vec<LocalityIx> {
        let mut territories: Vec<LocalityIx> = self.by_territory.iter().map(|&(t, _)| t).collect();
        territories.dedup();
        territories
    }

    fn at(&self, t: LocalityIx) -> &[(LocalityIx, EventIx)] {
        let start = self.by_territory.partition_point(|&(x, _)| x < t);
        let end = self.by_territory.partition_point(|&(x, _)| x <= t);
        &self.by_territory[start..end]
    }

    /// Fills `out` with the events that apply where `reach` says (SPEC §3.1),
    /// in event order.
    fn applying(&self, reach: &[(LocalityIx, Span)], events: &[Event], out: &mut Vec<EventIx>) {
        out.clear();
        for &(t, span) in reach {
            let at = self.at(t).iter().map(|&(_, e)| e);
            if span.is_always() {
                out.extend(at);
            } else {
                out.extend(at.filter(|&e| span.contains(events[e].effective)));
            }
        }
        out.sort_unstable();
    }
}

/// The tree over time, asked once per locality that needs it: where each
/// territory's events reach (SPEC §3.1), and which localities take something
/// other than their parent on the as-of tree does.
#[derive(Clone, Debug, Default)]
pub struct Lineage {
    /// [`LocalityTree::reach`] of every territory of an event and of every
    /// locality in `differs_by`; `None` for the others (asked on demand).
    reach: Vec<Option<Reach>>,
    /// For each territory `t`: the localities existing on the as-of date whose
    /// reach differs from their parent's there in `t`'s spans. Only they (and
    /// the territories themselves) can differ from what they inherit.
    differs_by: Vec<Vec<LocalityIx>>,
}

impl Lineage {
    /// `for_statuses`: also find the localities that may differ from what they
    /// inherit (not needed for the warnings).
    fn new(tree: &LocalityTree, events: &[Event], for_statuses: bool) -> Lineage {
        let n = tree.len();
        let mut reach: Vec<Option<Reach>> = vec![None; n];
        let mut differs_by: Vec<Vec<LocalityIx>> = vec![Vec::new(); n];
        let ensure = |reach: &mut Vec<Option<Reach>>, l: LocalityIx| {
            if reach[l].is_none() {
                reach[l] = Some(tree.reach(l));
            }
        };
        for event in events {
            ensure(&mut reach, event.territory);
        }
        for x in (0..n).filter(|_| for_statuses) {
            if !tree.exists(x) || tree.is_timeless(x) {
                continue; // a timeless locality takes what its parent takes, plus its own
            }
            ensure(&mut reach, x);
            let parent = tree.parent[x];
            if let Some(q) = parent {
                ensure(&mut reach, q);
            }
            let own = reach[x].as_deref().unwrap_or_default();
            let above = parent.and_then(|q| reach[q].as_deref()).unwrap_or_default();
            for t in differing_territories(own, above) {
                if t != x {
                    differs_by[t].push(x);
                }
            }
        }
        Lineage { reach, differs_by }
    }

    /// Where events reach `l`, from the cache or worked out now.
    pub fn reach<'a>(
        &'a self,
        tree: &LocalityTree,
        l: LocalityIx,
    ) -> std::borrow::Cow<'a, [(LocalityIx, Span)]> {
        match self.reach.get(l) {
            Some(Some(r)) => std::borrow::Cow::Borrowed(r.as_slice()),
            _ => std::borrow::Cow::Owned(tree.reach(l)),
        }
    }
}

/// The territories whose spans differ between two sorted, merged reaches.
fn differing_territories(a: &[(LocalityIx, Span)], b: &[(LocalityIx, Span)]) -> Vec<LocalityIx> {
    let spans = |r: &[(LocalityIx, Span)], t: LocalityIx| -> Vec<Span> {
        r.iter().filter(|(x, _)| *x == t).map(|&(_, s)| s).collect()
    };
    let mut all: Vec<LocalityIx> = a.iter().chain(b).map(|&(t, _)| t).collect();
    all.sort_unstable();
    all.dedup();
    all.into_iter()
        .filter(|&t| spans(a, t) != spans(b, t))
        .collect()
}

/// A status as the inheritance rule passes it down: what, replaced by what, why.
type Standing = Option<(Status, Option<ProcedureIx>, EventIx)>;

/// The fold of SPEC §3 over the events in `applying` (in event order) as of `as_of`.
fn fold(applying: &[EventIx], events: &[Event], as_of: Date) -> Standing {
    // Events are ordered by effective date first, so those in force are a prefix.
    let in_force = applying.partition_point(|&e| events[e].effective <= as_of);
    match in_force.checked_sub(1) {
        Some(last) => {
            let event = applying[last];
            let (status, replaced_by) = status_after(events[event].action);
            Some((status, replaced_by, event))
        }
        None => applying.first().map(|&e| (Status::Upcoming, None, e)),
    }
}

fn procedure_state(
    history: Vec<EventIx>,
    events: &[Event],
    tree: &LocalityTree,
    lineage: &Lineage,
    as_of: Date,
) -> ProcedureState {
    let timeline = Timeline::new(&history, events);
    let territories = timeline.territories();
    // Statuses are worked out where they can differ from what is inherited on
    // the as-of tree: at the territories, and where the tree over time says so.
    let mut explicit: Vec<LocalityIx> = territories
        .iter()
        .copied()
        .filter(|&t| tree.exists(t))
        .collect();
    for &t in &territories {
        explicit.extend(&lineage.differs_by[t]);
    }
    explicit.sort_unstable_by_key(|&t| tree.preorder_pos[t]);
    explicit.dedup();
    let mut applying = Vec::new();
    // `(pre-order position, standing)` of each entry so far, in pre-order.
    let mut kept: Vec<(usize, Standing)> = Vec::new();
    let kept_at = |kept: &[(usize, Standing)], a: LocalityIx| {
        let pos = tree.preorder_pos[a];
        kept.binary_search_by_key(&pos, |&(p, _)| p)
            .ok()
            .map(|i| kept[i].1)
    };
    let mut statuses = Vec::new();
    let mut no_status = Vec::new();
    for x in explicit {
        timeline.applying(&lineage.reach(tree, x), events, &mut applying);
        let standing = fold(&applying, events, as_of);
        if territories.binary_search(&x).is_err() {
            // Kept in pre-order, so every ancestor has been decided already.
            let inherited = tree.ancestors(x).find_map(|a| kept_at(&kept, a)).flatten();
            if inherited == standing {
                continue;
            }
        }
        kept.push((tree.preorder_pos[x], standing));
        match standing {
            Some((status, replaced_by, event)) => statuses.push(TerritoryStatus {
                locality: x,
                status,
                replaced_by,
                event,
            }),
            None => no_status.push(x),
        }
    }
    let upcoming = history
        .iter()
        .copied()
        .filter(|&e| events[e].effective > as_of)
        .collect();
    ProcedureState {
        history,
        statuses,
        no_status,
        upcoming,
    }
}

impl<'c> Resolved<'c> {
    /// The procedure with this code.
    pub fn procedure(&self, code: &str) -> Option<ProcedureIx> {
        self.procedure_by_code.get(code).copied()
    }

    pub fn event(&self, e: EventIx) -> &Event {
        &self.events[e]
    }

    /// True when no decision names the procedure (SPEC §3: unannounced).
    pub fn is_unannounced(&self, p: ProcedureIx) -> bool {
        self.procedures
            .get(p)
            .is_none_or(|state| state.history.is_empty())
    }

    /// The procedure's status at `l`: the entry for `l` or its nearest ancestor
    /// that has one (on the as-of tree). `None` when no event of the procedure
    /// applies at `l`, or `l` does not exist on the as-of date.
    pub fn status_at(&self, p: ProcedureIx, l: LocalityIx) -> Option<&TerritoryStatus> {
        let state = self.procedures.get(p)?;
        let statuses = &state.statuses;
        if statuses.is_empty() {
            return None;
        }
        let pos = &self.tree.preorder_pos;
        for a in self.tree.self_and_ancestors(l) {
            if let Ok(i) = statuses.binary_search_by_key(&pos[a], |s| pos[s.locality]) {
                return Some(&statuses[i]);
            }
            if state
                .no_status
                .binary_search_by_key(&pos[a], |&n| pos[n])
                .is_ok()
            {
                return None;
            }
        }
        None
    }

    /// SPEC §3.1, the one place that answers it: the events of procedure `p`
    /// that apply to locality `l` (its own ancestry on each event's date, or its
    /// predecessors' before it began), upcoming ones included, in event order.
    pub fn events_applying(&self, p: ProcedureIx, l: LocalityIx) -> Vec<EventIx> {
        let Some(state) = self.procedures.get(p) else {
            return Vec::new();
        };
        let timeline = Timeline::new(&state.history, &self.events);
        let mut out = Vec::new();
        timeline.applying(&self.lineage.reach(&self.tree, l), &self.events, &mut out);
        out
    }

    /// The procedure's entries at `l` and the localities below it, in pre-order.
    pub fn statuses_within(&self, p: ProcedureIx, l: LocalityIx) -> &[TerritoryStatus] {
        let (Some(state), Some(&start)) = (self.procedures.get(p), self.tree.preorder_pos.get(l))
        else {
            return &[];
        };
        let end = start + self.tree.subtree_size[l];
        let pos = &self.tree.preorder_pos;
        let from = state.statuses.partition_point(|s| pos[s.locality] < start);
        let to = state.statuses.partition_point(|s| pos[s.locality] < end);
        &state.statuses[from..to]
    }

    /// True when the procedure concerns `l`: it applies there (perhaps inherited
    /// from above) or was announced for a locality below it. This is what a
    /// search filter on `l` keeps (SPEC §5).
    pub fn concerns(&self, p: ProcedureIx, l: LocalityIx) -> bool {
        self.status_at(p, l).is_some() || !self.statuses_within(p, l).is_empty()
    }

    /// Every procedure with a status at `l`, own or inherited, sorted by procedure.
    pub fn statuses_in(&self, l: LocalityIx) -> Vec<(ProcedureIx, &TerritoryStatus)> {
        // Nearest entry first: `(procedure, distance, entry)`, then keep the
        // nearest; an entry of `usize::MAX` says "no status here".
        let mut found: Vec<(ProcedureIx, usize, usize)> = Vec::new();
        for (distance, a) in self.tree.self_and_ancestors(l).enumerate() {
            found.extend(
                self.territory_statuses[a]
                    .iter()
                    .map(|&(p, i)| (p, distance, i)),
            );
            found.extend(
                self.territory_no_status[a]
                    .iter()
                    .map(|&p| (p, distance, usize::MAX)),
            );
        }
        found.sort_unstable();
        found.dedup_by_key(|&mut (p, _, _)| p);
        found
            .into_iter()
            .filter(|&(_, _, i)| i != usize::MAX)
            .map(|(p, _, i)| (p, &self.procedures[p].statuses[i]))
            .collect()
    }

    /// True when the procedure has `status` at some territory.
    pub fn has_status(&self, p: ProcedureIx, status: Status) -> bool {
        self.procedures
            .get(p)
            .is_some_and(|state| state.statuses.iter().any(|s| s.status == status))
    }

    /// The events a decision made, in order (both sides of each replacement).
    pub fn events_of_decision(&self, d: DecisionIx) -> &[EventIx] {
        self.decision_events.get(d).map_or(&[], Vec::as_slice)
    }

    /// The procedures that replace `p` somewhere, in event order, each once.
    pub fn replacements_of(&self, p: ProcedureIx) -> Vec<ProcedureIx> {
        self.linked(p, |action| match action {
            Action::Replaced { by } => Some(by),
            _ => None,
        })
    }

    /// The procedures that `p` replaces somewhere, in event order, each once.
    pub fn replaced_by_this(&self, p: ProcedureIx) -> Vec<ProcedureIx> {
        self.linked(p, |action| match action {
            Action::Replaces { old } => Some(old),
            _ => None,
        })
    }

    fn linked(
        &self,
        p: ProcedureIx,
        pick: impl Fn(Action) -> Option<ProcedureIx>,
    ) -> Vec<ProcedureIx> {
        let mut linked: Vec<ProcedureIx> = Vec::new();
        if let Some(state) = self.procedures.get(p) {
            for &e in &state.history {
                if let Some(q) = pick(self.events[e].action)
                    && !linked.contains(&q)
                {
                    linked.push(q);
                }
            }
        }
        linked
    }
}
