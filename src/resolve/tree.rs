//! The locality tree over time (SPEC §2, §3.1), built even from a broken
//! `localities.yaml`, and its view on the as-of date.
//!
//! Each locality keeps its life and its parents as periods; the as-of view
//! (`parent`, `children`, `preorder`, …) is the tree on that one date, used for
//! inheritance and navigation. [`LocalityTree::reach`] answers the §3.1
//! question over the whole timeline: which territories' events apply to a
//! locality, and on which dates.

use super::{LocalityIx, LocalityTree};
use crate::model::{Date, Locality};
use std::collections::{HashMap, HashSet};

/// A run of days: from `from` (included) to `until` (excluded, `None`: for ever).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    pub from: Date,
    pub until: Option<Date>,
}

impl Span {
    pub const ALWAYS: Span = Span {
        from: Date::MIN,
        until: None,
    };

    pub fn new(from: Option<Date>, until: Option<Date>) -> Span {
        Span {
            from: from.unwrap_or(Date::MIN),
            until,
        }
    }

    pub fn contains(self, date: Date) -> bool {
        self.from <= date && self.until.is_none_or(|u| date < u)
    }

    /// The days in both, or `None` when there are none.
    pub fn intersect(self, other: Span) -> Option<Span> {
        let from = self.from.max(other.from);
        let until = match (self.until, other.until) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        (until.is_none_or(|u| from < u)).then_some(Span { from, until })
    }

    pub fn is_always(self) -> bool {
        self == Span::ALWAYS
    }
}

/// Where a territory's events reach a locality: the events of `territory` whose
/// effective date lies in `span` apply to it.
pub type Reach = Vec<(LocalityIx, Span)>;

impl LocalityTree {
    /// The tree over time, viewed after its last change (the far future).
    pub fn build(localities: &[Locality]) -> LocalityTree {
        LocalityTree::build_on(localities, Date::MAX)
    }

    /// The tree over time, viewed on `as_of`. An unknown parent, a locality that
    /// is its own parent, or parents that loop back (in any of their periods) are
    /// treated as no parent (the checker reports those), so such localities
    /// become roots. When two localities share an id, the first one owns it.
    /// Localities that do not exist on `as_of` are roots of their own in the view,
    /// listed after those that do.
    pub fn build_on(localities: &[Locality], as_of: Date) -> LocalityTree {
        let n = localities.len();
        let mut by_id: HashMap<String, LocalityIx> = HashMap::with_capacity(n);
        for (ix, locality) in localities.iter().enumerate() {
            by_id.entry(locality.id.value.clone()).or_insert(ix);
        }
        let life: Vec<Span> = localities
            .iter()
            .map(|l| {
                Span::new(
                    l.from.as_ref().map(|d| d.value),
                    l.until.as_ref().map(|d| d.value),
                )
            })
            .collect();
        let mut periods: Vec<Vec<(LocalityIx, Span)>> = localities
            .iter()
            .enumerate()
            .map(|(ix, locality)| {
                locality
                    .parents
                    .iter()
                    .filter_map(|period| {
                        let p = by_id.get(period.id.as_str()).copied()?;
                        let own = Span::new(
                            period.from.as_ref().map(|d| d.value),
                            period.until.as_ref().map(|d| d.value),
                        );
                        let span = own.intersect(life[ix])?.intersect(life[p])?;
                        (p != ix).then_some((p, span))
                    })
                    .collect()
            })
            .collect();
        break_cycles(&mut periods);
        let mut successors: Vec<Vec<LocalityIx>> = vec![Vec::new(); n];
        let mut predecessors: Vec<Vec<LocalityIx>> = vec![Vec::new(); n];
        for (ix, locality) in localities.iter().enumerate() {
            if by_id.get(locality.id.as_str()) != Some(&ix) {
                continue;
            }
            for s in &locality.successors {
                if let Some(&s) = by_id.get(s.as_str())
                    && s != ix
                    && !successors[ix].contains(&s)
                {
                    successors[ix].push(s);
                    predecessors[s].push(ix);
                }
            }
        }

        let exists: Vec<bool> = life.iter().map(|s| s.contains(as_of)).collect();
        let parent: Vec<Option<LocalityIx>> = (0..n)
            .map(|ix| {
                if !exists[ix] {
                    return None;
                }
                periods[ix]
                    .iter()
                    .find(|(_, span)| span.contains(as_of))
                    .map(|&(p, _)| p)
            })
            .collect();

        let by_name = |&a: &LocalityIx, &b: &LocalityIx| {
            let (la, lb) = (&localities[a], &localities[b]);
            (!exists[a], la.name.as_str(), la.id.as_str(), a).cmp(&(
                !exists[b],
                lb.name.as_str(),
                lb.id.as_str(),
                b,
            ))
        };
        let mut children: Vec<Vec<LocalityIx>> = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for (ix, p) in parent.iter().enumerate() {
            match p {
                Some(p) => children[*p].push(ix),
                None => roots.push(ix),
            }
        }
        for list in &mut children {
            list.sort_by(by_name);
        }
        roots.sort_by(by_name);

        // Iterative pre-order walk: the tree may be deep when the data is odd.
        let mut preorder = Vec::with_capacity(n);
        let mut depth = vec![0u32; n];
        let mut stack: Vec<LocalityIx> = roots.iter().rev().copied().collect();
        while let Some(l) = stack.pop() {
            preorder.push(l);
            for &c in children[l].iter().rev() {
                depth[c] = depth[l] + 1;
                stack.push(c);
            }
        }
        let mut preorder_pos = vec![0usize; n];
        for (pos, &l) in preorder.iter().enumerate() {
            preorder_pos[l] = pos;
        }
        // Children come after their parent in pre-order, so a reverse sweep
        // sees every subtree complete before its root.
        let mut subtree_size = vec![1usize; n];
        for &l in preorder.iter().rev() {
            if let Some(p) = parent[l] {
                subtree_size[p] += subtree_size[l];
            }
        }

        LocalityTree {
            by_id,
            parent,
            children,
            depth,
            preorder,
            preorder_pos,
            subtree_size,
            roots,
            as_of,
            exists,
            life,
            periods,
            successors,
            predecessors,
        }
    }

    /// Number of localities.
    pub fn len(&self) -> usize {
        self.parent.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// The locality with this id.
    pub fn get(&self, id: &str) -> Option<LocalityIx> {
        self.by_id.get(id).copied()
    }

    /// `l`'s parent, its parent, and so on up to the root (`l` itself excluded).
    pub fn ancestors(&self, l: LocalityIx) -> impl Iterator<Item = LocalityIx> + '_ {
        std::iter::successors(self.parent.get(l).copied().flatten(), move |&a| {
            self.parent[a]
        })
    }

    /// `l`, then its ancestors up to the root.
    pub fn self_and_ancestors(&self, l: LocalityIx) -> impl Iterator<Item = LocalityIx> + '_ {
        std::iter::once(l)
            .filter(|&l| l < self.len())
            .chain(self.ancestors(l))
    }

    /// True when `a` is `l` or one of its ancestors.
    pub fn is_ancestor_or_self(&self, a: LocalityIx, l: LocalityIx) -> bool {
        self.is_in_subtree(a, l)
    }

    /// True when `l` is `root` or below it. Constant time.
    pub fn is_in_subtree(&self, root: LocalityIx, l: LocalityIx) -> bool {
        match (self.preorder_pos.get(root), self.preorder_pos.get(l)) {
            (Some(&r), Some(&p)) => r <= p && p < r + self.subtree_size[root],
            _ => false,
        }
    }

    /// `root` and every locality below it, in pre-order.
    pub fn subtree(&self, root: LocalityIx) -> &[LocalityIx] {
        match self.preorder_pos.get(root) {
            Some(&start) => &self.preorder[start..start + self.subtree_size[root]],
            None => &[],
        }
    }

    /// The path from the root down to `l`, both included (for breadcrumbs).
    pub fn path_from_root(&self, l: LocalityIx) -> Vec<LocalityIx> {
        let mut path: Vec<LocalityIx> = self.self_and_ancestors(l).collect();
        path.reverse();
        path
    }

    /// True when `l` exists on the as-of date.
    pub fn exists(&self, l: LocalityIx) -> bool {
        self.exists.get(l).copied().unwrap_or(false)
    }

    /// True when `l` exists on `date`.
    pub fn exists_on(&self, l: LocalityIx, date: Date) -> bool {
        self.life.get(l).is_some_and(|s| s.contains(date))
    }

    /// `l`'s parent on `date` (none when either does not exist then).
    pub fn parent_on(&self, l: LocalityIx, date: Date) -> Option<LocalityIx> {
        self.periods
            .get(l)?
            .iter()
            .find(|(_, span)| span.contains(date))
            .map(|&(p, _)| p)
    }

    /// True when nothing about `l`'s place changes over time: it always exists,
    /// and so does its one parent, over all time. Such a locality takes exactly
    /// what its parent takes, plus its own events (the v1 rule).
    pub fn is_timeless(&self, l: LocalityIx) -> bool {
        self.life.get(l).is_some_and(|s| s.is_always())
            && match self.periods[l].as_slice() {
                [] => true,
                [(_, span)] => span.is_always(),
                _ => false,
            }
    }

    /// SPEC §3.1: the territories whose events apply to `x`, each with the dates
    /// on which they do. On a day `x` exists, that is its ancestry on that day;
    /// before it began, what applied to its predecessors (recursively), or, with
    /// none, its ancestry on its first day; after it ended, nothing. Spans lie
    /// within each territory's own life, so an event at a territory that did not
    /// exist on its date applies nowhere. Sorted by territory, then span;
    /// overlapping spans are merged.
    pub fn reach(&self, x: LocalityIx) -> Reach {
        let mut out: Reach = Vec::new();
        if x >= self.len() {
            return out;
        }
        // Work: (locality, window): add what reaches `locality` within `window`.
        let mut work = vec![(x, Span::ALWAYS)];
        let mut seen: HashSet<(LocalityIx, Span)> = HashSet::new();
        while let Some((l, window)) = work.pop() {
            if !seen.insert((l, window)) {
                continue;
            }
            if let Some(alive) = window.intersect(self.life[l]) {
                self.ancestry_within(l, alive, &mut out);
            }
            let before = Span {
                from: Date::MIN,
                until: Some(self.life[l].from),
            };
            let Some(before) = window.intersect(before) else {
                continue;
            };
            if self.predecessors[l].is_empty() {
                // Its ancestry on its first day stands in for the days before it.
                let first_day = Span {
                    from: self.life[l].from,
                    until: self.life[l].from.succ_opt(),
                };
                let mut first = Vec::new();
                self.ancestry_within(l, first_day, &mut first);
                for (t, _) in first {
                    if let Some(span) = before.intersect(self.life[t]) {
                        out.push((t, span));
                    }
                }
            } else {
                work.extend(self.predecessors[l].iter().map(|&p| (p, before)));
            }
        }
        merge(&mut out);
        out
    }

    /// `l` and its ancestors over `window` (within `l`'s life), each with the
    /// days it is one. Walks every parent period, so a re-parented locality
    /// gets each parent for its own days.
    fn ancestry_within(&self, l: LocalityIx, window: Span, out: &mut Reach) {
        let mut stack = vec![(l, window)];
        // Cycles are broken, so the walk ends; the bound keeps odd data cheap.
        let mut budget = 4 * self.len() + 16;
        while let Some((a, span)) = stack.pop() {
            out.push((a, span));
            budget = budget.saturating_sub(1);
            if budget == 0 {
                break;
            }
            for &(p, link) in &self.periods[a] {
                if let Some(s) = span.intersect(link) {
                    stack.push((p, s));
                }
            }
        }
    }
}

/// Sorts `reach` and merges the spans of each territory that overlap or touch.
fn merge(reach: &mut Reach) {
    reach.sort_unstable();
    let mut merged: Reach = Vec::with_capacity(reach.len());
    for &(t, span) in reach.iter() {
        if let Some((lt, last)) = merged.last_mut()
            && *lt == t
            && last.until.is_none_or(|u| span.from <= u)
        {
            last.until = match (last.until, span.until) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            };
            continue;
        }
        merged.push((t, span));
    }
    *reach = merged;
}

/// Removes every parent link between two localities that lie on a common parent
/// cycle (over all periods): their strongly connected component. Localities
/// that merely lead into a cycle keep their parents.
fn break_cycles(periods: &mut [Vec<(LocalityIx, Span)>]) {
    let graph: Vec<Vec<usize>> = periods
        .iter()
        .map(|list| list.iter().map(|&(p, _)| p).collect())
        .collect();
    let component = strong_components(&graph);
    for (l, list) in periods.iter_mut().enumerate() {
        list.retain(|&(p, _)| component[p] != component[l]);
    }
}

/// The strongly connected component of each node of a directed graph (given as
/// each node's successors), named by one of its nodes. Two nodes lie on a
/// common cycle exactly when they share a component. Linear time, no recursion.
pub fn strong_components(graph: &[Vec<usize>]) -> Vec<usize> {
    let n = graph.len();
    // Kosaraju: finish order on the graph, then components on the reverse graph.
    let mut order = Vec::with_capacity(n);
    let mut visited = vec![false; n];
    for start in 0..n {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((l, next)) = stack.last_mut() {
            if let Some(&p) = graph[*l].get(*next) {
                *next += 1;
                if p < n && !visited[p] {
                    visited[p] = true;
                    stack.push((p, 0));
                }
            } else {
                order.push(*l);
                stack.pop();
            }
        }
    }
    let mut reverse: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (l, list) in graph.iter().enumerate() {
        for &p in list.iter().filter(|&&p| p < n) {
            reverse[p].push(l);
        }
    }
    let mut component = vec![usize::MAX; n];
    for &root in order.iter().rev() {
        if component[root] != usize::MAX {
            continue;
        }
        component[root] = root;
        let mut stack = vec![root];
        while let Some(l) = stack.pop() {
            for &c in &reverse[l] {
                if component[c] == usize::MAX {
                    component[c] = root;
                    stack.push(c);
                }
            }
        }
    }
    component
}
