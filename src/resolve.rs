//! Folding decisions into statuses and histories (SPEC §3).
//!
//! Pure: the same catalogue and as-of date give the same answer. Statuses are
//! computed only for localities that are the territory of at least one event of a
//! procedure; every other locality inherits from its nearest such ancestor.

use crate::diagnostic::Diagnostic;
use crate::model::{Catalogue, Date};
use crate::source::Loc;
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
    pub roots: Vec<LocalityIx>,
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
    /// One entry per territory that has at least one event of this procedure,
    /// in locality pre-order. Empty for an unannounced procedure.
    pub statuses: Vec<TerritoryStatus>,
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
    pub events: Vec<Event>,
    /// Parallel to `catalogue.procedures`.
    pub procedures: Vec<ProcedureState>,
    pub procedure_by_code: HashMap<String, ProcedureIx>,
}

// Placeholder until the resolver lands from its branch: no statuses, no warnings.
pub fn resolve(catalogue: &Catalogue, as_of: Date) -> Resolved<'_> {
    Resolved {
        catalogue,
        as_of,
        tree: LocalityTree::default(),
        events: Vec::new(),
        procedures: vec![ProcedureState::default(); catalogue.procedures.len()],
        procedure_by_code: HashMap::new(),
    }
}

pub fn diagnostics(_resolved: &Resolved) -> Vec<Diagnostic> {
    Vec::new()
}
