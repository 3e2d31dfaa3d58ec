//! Building the locality tree from `localities.yaml`, even a broken one.

use super::{LocalityIx, LocalityTree};
use crate::model::Locality;
use std::collections::HashMap;

impl LocalityTree {
    /// Builds the tree. An unknown parent, a locality that is its own parent, or a
    /// parent chain that loops back is treated as no parent (the checker reports
    /// those), so such localities become roots. When two localities share an id,
    /// the first one owns it.
    pub fn build(localities: &[Locality]) -> LocalityTree {
        let n = localities.len();
        let mut by_id: HashMap<String, LocalityIx> = HashMap::with_capacity(n);
        for (ix, locality) in localities.iter().enumerate() {
            by_id.entry(locality.id.value.clone()).or_insert(ix);
        }
        let mut parent: Vec<Option<LocalityIx>> = localities
            .iter()
            .enumerate()
            .map(|(ix, locality)| {
                let p = by_id.get(locality.parent.as_ref()?.as_str()).copied()?;
                (p != ix).then_some(p)
            })
            .collect();
        break_cycles(&mut parent);

        let by_name = |&a: &LocalityIx, &b: &LocalityIx| {
            let (la, lb) = (&localities[a], &localities[b]);
            (la.name.as_str(), la.id.as_str(), a).cmp(&(lb.name.as_str(), lb.id.as_str(), b))
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
}

/// Clears the parent of every locality that sits on a parent cycle. Localities
/// that merely lead into a cycle keep their parent. Linear time.
fn break_cycles(parent: &mut [Option<LocalityIx>]) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Unseen,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::Unseen; parent.len()];
    let mut path = Vec::new();
    for start in 0..parent.len() {
        let mut l = start;
        while mark[l] == Mark::Unseen {
            mark[l] = Mark::OnPath;
            path.push(l);
            match parent[l] {
                Some(p) => l = p,
                None => break,
            }
        }
        if mark[l] == Mark::OnPath && parent[l].is_some() {
            // `l` was reached again along this path: everything from it on loops.
            if let Some(from) = path.iter().position(|&x| x == l) {
                for &x in &path[from..] {
                    parent[x] = None;
                }
            }
        }
        for &x in &path {
            mark[x] = Mark::Done;
        }
        path.clear();
    }
}
