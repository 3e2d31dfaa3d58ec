//! Check: every problem of SPEC §4 that needs more than one record to see
//! (duplicates, references, cycles, roots, decision lists). Changes nothing.

use crate::diagnostic::{self, Diagnostic};
use crate::load::fields::{MAX_NAME_BYTES, codes, did_you_mean, unusable_on_windows};
use crate::load::{LoadError, LoadOptions, Loaded, load_with};
use crate::model::*;
use crate::resolve;
use crate::source::{Loc, Spanned};
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

mod over_time;

/// A loaded catalogue and every problem found in it, sorted by file and line.
pub struct Checked {
    pub catalogue: Catalogue,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }

    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Something could not be read (E001): the check could not fully run.
    pub fn could_not_read(&self) -> bool {
        could_not_read(&self.diagnostics)
    }
}

/// Whether any of `diagnostics` says that something could not be read (E001),
/// which makes `check` and `build` exit 2 rather than 1.
pub fn could_not_read(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.code == codes::IO)
}

/// Load + check + the warnings that only folding the decisions can find:
/// what `procat check` runs, and what `procat build` runs first.
pub fn check_catalogue(root: &Path) -> Result<Checked, LoadError> {
    check_catalogue_with(root, LoadOptions::default())
}

/// [`check_catalogue`], choosing what to load (`procat check` skips the bodies).
pub fn check_catalogue_with(root: &Path, options: LoadOptions) -> Result<Checked, LoadError> {
    let Loaded {
        catalogue,
        mut diagnostics,
    } = load_with(root, options)?;
    diagnostics.extend(check(&catalogue));
    if let Some(site) = &catalogue.site {
        diagnostics.extend(crate::render::theme::inspect(&catalogue.root, site));
    }
    // The resolver's warnings look at the whole timeline, so the date does not matter.
    let resolved = resolve::resolve_for_warnings(&catalogue);
    diagnostics.extend(resolve::diagnostics(&resolved));
    diagnostic::sort(&mut diagnostics);
    Ok(Checked {
        catalogue,
        diagnostics,
    })
}

/// Cross-record checks of a loaded catalogue.
pub fn check(cat: &Catalogue) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let localities = index(&mut out, cat.localities.iter().map(|l| &l.id), "locality");
    let sectors = index(&mut out, cat.sectors.iter().map(|s| &s.id), "sector");
    let agencies = index(&mut out, cat.agencies.iter().map(|a| &a.id), "agency");
    let procedures = index(
        &mut out,
        cat.procedures.iter().map(|p| &p.code),
        "procedure code",
    );
    index(&mut out, cat.decisions.iter().map(|d| &d.slug), "decision");
    folder_names(&mut out, cat.localities.iter().map(|l| &l.id), "locality");
    folder_names(&mut out, cat.sectors.iter().map(|s| &s.id), "sector");
    folder_names(&mut out, cat.agencies.iter().map(|a| &a.id), "agency");
    folder_names(
        &mut out,
        cat.procedures.iter().map(|p| &p.code),
        "procedure code",
    );
    folder_names(
        &mut out,
        cat.decisions.iter().map(|d| &d.slug),
        "decision (file name)",
    );
    file_names(cat, &mut out);

    let refs = Refs {
        localities: &localities,
        sectors: &sectors,
        agencies: &agencies,
        procedures: &procedures,
        files: cat,
    };
    check_localities(cat, &localities, &refs, &mut out);
    over_time::check(cat, &localities, &refs, &mut out);
    check_agencies(cat, &agencies, &refs, &mut out);
    for p in &cat.procedures {
        check_procedure(p, &refs, &mut out);
    }
    for d in &cat.decisions {
        check_decision(d, &refs, &mut out);
    }
    out
}

/// Maps ids to their first record, reporting the later ones as duplicates.
fn index<'c>(
    out: &mut Vec<Diagnostic>,
    ids: impl Iterator<Item = &'c Spanned<String>>,
    what: &str,
) -> HashMap<&'c str, usize> {
    let mut all: Vec<(usize, &Spanned<String>)> = ids.enumerate().collect();
    all.sort_by(|a, b| a.1.loc.cmp(&b.1.loc));
    let mut map: HashMap<&str, usize> = HashMap::with_capacity(all.len());
    let mut first_loc: HashMap<&str, &Loc> = HashMap::new();
    for (i, id) in all {
        if let Some(first) = first_loc.get(id.as_str()) {
            out.push(
                Diagnostic::error(
                    codes::DUPLICATE,
                    id.loc.clone(),
                    format!("{what} `{}` is defined twice", id.value),
                )
                .with_hint(format!(
                    "it is first defined at {first}; give one of them another id"
                )),
            );
        } else {
            first_loc.insert(id.as_str(), &id.loc);
            map.insert(id.as_str(), i);
        }
    }
    map
}

/// Ids, codes and slugs name folders of the site (`procedures/CODE/`): each must
/// be short enough, usable as a name on Windows, and differ from every other in
/// more than case (Windows and macOS take `ABC` and `abc` for one folder).
fn folder_names<'c>(
    out: &mut Vec<Diagnostic>,
    ids: impl Iterator<Item = &'c Spanned<String>>,
    what: &str,
) {
    let mut all: Vec<&Spanned<String>> = ids.collect();
    all.sort_by(|a, b| a.loc.cmp(&b.loc));
    let mut by_case: HashMap<String, &Spanned<String>> = HashMap::with_capacity(all.len());
    for id in all {
        let name = id.as_str();
        if name.len() > MAX_NAME_BYTES {
            let start: String = name.chars().take(30).collect();
            out.push(
                Diagnostic::error(
                    codes::NAME_TOO_LONG,
                    id.loc.clone(),
                    format!(
                        "{what} `{start}…` is {} bytes long; ids and codes may be at most {MAX_NAME_BYTES} bytes, since each names a folder of the site",
                        name.len()
                    ),
                )
                .with_hint("shorten it"),
            );
        }
        if let Some(why) = unusable_on_windows(name) {
            out.push(
                Diagnostic::error(
                    codes::RESERVED_NAME,
                    id.loc.clone(),
                    format!(
                        "{what} `{name}` {why}: its page's folder could not be copied to or served from Windows"
                    ),
                )
                .with_hint("choose another name for it"),
            );
        }
        match by_case.entry(name.to_lowercase()) {
            Entry::Occupied(first) if first.get().value != id.value => {
                let first = first.get();
                out.push(
                    Diagnostic::error(
                        codes::SAME_BUT_FOR_CASE,
                        id.loc.clone(),
                        format!(
                            "{what} `{name}` differs from `{}` only in case: on Windows and macOS their pages would be one folder",
                            first.value
                        ),
                    )
                    .with_hint(format!(
                        "`{}` is at {}; write both alike if they are one, or rename one",
                        first.value, first.loc
                    )),
                );
            }
            Entry::Occupied(_) => {} // the very same id: reported as defined twice
            Entry::Vacant(slot) => {
                slot.insert(id);
            }
        }
    }
}

/// Files under `files/` are published under their own names, so the same rules
/// hold for each part of their paths.
fn file_names(cat: &Catalogue, out: &mut Vec<Diagnostic>) {
    let mut by_case: HashMap<String, &str> = HashMap::with_capacity(cat.files.len());
    for path in &cat.files {
        let loc = Loc::file(Arc::from(path.as_str()));
        if let Some((part, why)) = path
            .split('/')
            .find_map(|part| unusable_on_windows(part).map(|why| (part, why)))
        {
            out.push(
                Diagnostic::error(
                    codes::RESERVED_NAME,
                    loc.clone(),
                    format!(
                        "`{part}` {why}: this file could not be copied to or served from Windows"
                    ),
                )
                .with_hint("rename it, and the forms and documents that name it"),
            );
        }
        match by_case.entry(path.to_lowercase()) {
            Entry::Occupied(first) => out.push(
                Diagnostic::error(
                    codes::SAME_BUT_FOR_CASE,
                    loc,
                    format!(
                        "`{path}` differs from `{}` only in case: on Windows and macOS they would be one file",
                        first.get()
                    ),
                )
                .with_hint("rename one of them"),
            ),
            Entry::Vacant(slot) => {
                slot.insert(path);
            }
        }
    }
}

struct Refs<'a> {
    localities: &'a HashMap<&'a str, usize>,
    sectors: &'a HashMap<&'a str, usize>,
    agencies: &'a HashMap<&'a str, usize>,
    procedures: &'a HashMap<&'a str, usize>,
    /// The catalogue, for its files and what failed to load.
    files: &'a Catalogue,
}

impl Refs<'_> {
    fn need(
        &self,
        out: &mut Vec<Diagnostic>,
        value: &Spanned<String>,
        map: &HashMap<&str, usize>,
        code: &'static str,
        what: &str,
        home: &str,
    ) -> Option<usize> {
        if let Some(i) = map.get(value.as_str()) {
            return Some(*i);
        }
        let u = &self.files.unloaded;
        let unloaded = u.ids.contains(value.as_str())
            || (code == codes::UNKNOWN_LOCALITY && u.all_localities)
            || (code == codes::UNKNOWN_SECTOR && u.all_sectors);
        if unloaded {
            return None; // its own file's errors are already reported
        }
        let hint = match did_you_mean(value.as_str(), map.keys().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("define it in {home}, or correct the reference"),
        };
        out.push(
            Diagnostic::error(
                code,
                value.loc.clone(),
                format!("unknown {what} `{}`", value.value),
            )
            .with_hint(hint),
        );
        None
    }

    fn locality(&self, out: &mut Vec<Diagnostic>, v: &Spanned<String>) -> Option<usize> {
        self.need(
            out,
            v,
            self.localities,
            codes::UNKNOWN_LOCALITY,
            "locality",
            "localities.yaml",
        )
    }

    fn agency(&self, out: &mut Vec<Diagnostic>, v: &Spanned<String>) -> Option<usize> {
        self.need(
            out,
            v,
            self.agencies,
            codes::UNKNOWN_AGENCY,
            "agency",
            "agencies/",
        )
    }

    fn procedure(&self, out: &mut Vec<Diagnostic>, v: &Spanned<String>) -> Option<usize> {
        self.need(
            out,
            v,
            self.procedures,
            codes::UNKNOWN_PROCEDURE,
            "procedure",
            "procedures/",
        )
    }

    /// A form or document: an `http(s)` URL, or a path under `files/` that exists.
    fn file(&self, out: &mut Vec<Diagnostic>, v: &Spanned<String>) {
        let path = v.as_str();
        if is_url(path) {
            return;
        }
        if looks_like_url(path) {
            out.push(
                Diagnostic::error(
                    codes::INVALID_URL,
                    v.loc.clone(),
                    format!(
                        "`{path}` is neither an absolute http(s) URL nor a path under `files/`"
                    ),
                )
                .with_hint(url_hint(path)),
            );
            return;
        }
        let escapes = path.starts_with('/')
            || path.contains('\\')
            || path
                .split('/')
                .any(|part| part == ".." || part == "." || part.is_empty());
        if escapes {
            out.push(
                Diagnostic::error(
                    codes::UNKNOWN_FILE,
                    v.loc.clone(),
                    format!("`{path}` is not a path inside the catalogue's `files/` folder"),
                )
                .with_hint(
                    "write a path such as `files/mau-to-khai.pdf`, or a full https:// address",
                ),
            );
            return;
        }
        if !self.files.files.contains(path) {
            let hint = if !path.starts_with("files/") {
                "paths start with `files/`, such as `files/mau-to-khai.pdf`".to_string()
            } else {
                match did_you_mean(path, self.files.files.iter().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "add the file under `files/`, or correct the path".to_string(),
                }
            };
            out.push(
                Diagnostic::error(
                    codes::UNKNOWN_FILE,
                    v.loc.clone(),
                    format!("no file `{path}` in the catalogue"),
                )
                .with_hint(hint),
            );
        }
    }
}

fn check_localities(
    cat: &Catalogue,
    index: &HashMap<&str, usize>,
    refs: &Refs,
    out: &mut Vec<Diagnostic>,
) {
    // Parents over all periods (SPEC §2): each must be a level above.
    let mut parents: Vec<Vec<(usize, &Spanned<String>)>> = vec![Vec::new(); cat.localities.len()];
    let mut roots = Vec::new();
    for (i, l) in cat.localities.iter().enumerate() {
        if index.get(l.id.as_str()) != Some(&i) {
            continue; // a duplicate, already reported
        }
        if l.parents.is_empty() {
            roots.push(i);
        }
        for period in &l.parents {
            let p = &period.id;
            if let Some(pi) = refs.locality(out, p) {
                parents[i].push((pi, p));
                let up = &cat.localities[pi];
                if up.level >= l.level {
                    out.push(
                        Diagnostic::error(
                            codes::INVALID_VALUE,
                            p.loc.clone(),
                            format!(
                                "the {} `{}` cannot be under the {} `{}`",
                                l.level.as_str(),
                                l.id.value,
                                up.level.as_str(),
                                up.id.value
                            ),
                        )
                        .with_hint(
                            "a parent is a level above: country › province › district › commune",
                        ),
                    );
                }
            }
        }
    }
    let localities_file = Loc::new(Arc::from("localities.yaml"), 1, 1);
    if !cat.localities.is_empty() && roots.is_empty() {
        out.push(
            Diagnostic::error(
                codes::ROOTS,
                localities_file,
                "the locality tree has no root",
            )
            .with_hint("exactly one locality (usually the country) has no `parent`"),
        );
    }
    if let [first, rest @ ..] = roots.as_slice() {
        for r in rest {
            let l = &cat.localities[*r];
            out.push(
                Diagnostic::error(
                    codes::ROOTS,
                    l.loc.clone(),
                    format!(
                        "`{}` has no `parent`, but `{}` is already the root",
                        l.id.value, cat.localities[*first].id.value
                    ),
                )
                .with_hint("give it a `parent`: the tree has exactly one root"),
            );
        }
    }
    over_time::report_cycles(cat, &parents, out);
}

fn check_agencies(
    cat: &Catalogue,
    index: &HashMap<&str, usize>,
    refs: &Refs,
    out: &mut Vec<Diagnostic>,
) {
    let mut parent: Vec<Option<usize>> = vec![None; cat.agencies.len()];
    for (i, a) in cat.agencies.iter().enumerate() {
        refs.locality(out, &a.locality);
        if let Some(p) = &a.parent {
            if index.get(a.id.as_str()) == Some(&i) {
                parent[i] = refs.agency(out, p);
            } else {
                refs.agency(out, p);
            }
        }
    }
    let records: Vec<TreeRecord> = cat
        .agencies
        .iter()
        .map(|a| (&a.id, a.parent.as_ref(), &a.loc))
        .collect();
    report_cycles(&parent, &records, "agencies", out);
}

/// A record of a tree (locality or agency): its id, its parent, where it is.
type TreeRecord<'a> = (&'a Spanned<String>, Option<&'a Spanned<String>>, &'a Loc);

/// One error per parent cycle, at the `parent` of its first member.
/// `records` are `(id, parent, record location)`, parallel to `parent`.
fn report_cycles(
    parent: &[Option<usize>],
    records: &[TreeRecord],
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    for cycle in cycles(parent) {
        let names: Vec<&str> = cycle.iter().map(|i| records[*i].0.as_str()).collect();
        let (_, first_parent, first_loc) = records[cycle[0]];
        let at = first_parent.map_or_else(|| first_loc.clone(), |p| p.loc.clone());
        out.push(
            Diagnostic::error(
                codes::CYCLE,
                at,
                format!(
                    "{what} are each other's parents: {} › {}",
                    names.join(" › "),
                    names[0]
                ),
            )
            .with_hint("one of them must have a parent outside this loop"),
        );
    }
}

/// Every cycle of a parent relation, each once, starting at its smallest index.
fn cycles(parent: &[Option<usize>]) -> Vec<Vec<usize>> {
    // 0 = unvisited, 1 = on the current path, 2 = done
    let mut state = vec![0u8; parent.len()];
    let mut found = Vec::new();
    for start in 0..parent.len() {
        let mut path = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            match state[i] {
                2 => break,
                1 => {
                    let pos = path.iter().position(|&p| p == i).unwrap_or(0);
                    let mut cycle: Vec<usize> = path[pos..].to_vec();
                    let min = cycle
                        .iter()
                        .enumerate()
                        .min_by_key(|(_, v)| **v)
                        .map(|(k, _)| k)
                        .unwrap_or(0);
                    cycle.rotate_left(min);
                    found.push(cycle);
                    break;
                }
                _ => {
                    state[i] = 1;
                    path.push(i);
                    at = parent[i];
                }
            }
        }
        for i in path {
            state[i] = 2;
        }
    }
    found
}

fn check_procedure(p: &Procedure, refs: &Refs, out: &mut Vec<Diagnostic>) {
    refs.need(
        out,
        &p.sector,
        refs.sectors,
        codes::UNKNOWN_SECTOR,
        "sector",
        "sectors.yaml",
    );
    if p.levels.is_empty() {
        out.push(
            Diagnostic::error(
                codes::MISSING_KEY,
                p.loc.clone(),
                format!("procedure `{}` lists no `levels`", p.code.value),
            )
            .with_hint("list where it is carried out: central, province, district, commune"),
        );
    }
    let a = &p.agencies;
    for id in a
        .implementing
        .iter()
        .chain(&a.competent)
        .chain(&a.coordinating)
    {
        refs.agency(out, id);
    }
    for case in &p.dossier {
        for item in &case.items {
            if let Some(form) = &item.form {
                refs.file(out, form);
            }
        }
    }
}

fn check_decision<'d>(d: &'d Decision, refs: &Refs, out: &mut Vec<Diagnostic>) {
    refs.agency(out, &d.issuer);
    refs.locality(out, &d.locality);
    if let Some(doc) = &d.document {
        refs.file(out, doc);
    }
    if d.effective.value < d.signed.value {
        out.push(
            Diagnostic::warning(
                codes::EFFECTIVE_BEFORE_SIGNED,
                d.effective.loc.clone(),
                format!(
                    "decision {} takes effect ({}) before it is signed ({})",
                    d.number, d.effective.value, d.signed.value
                ),
            )
            .with_hint("check both dates against the decision's text"),
        );
    }
    let mut seen: HashSet<&str> = HashSet::new();
    let mut listed = |code: &'d Spanned<String>, out: &mut Vec<Diagnostic>| {
        if !seen.insert(code.as_str()) {
            out.push(
                Diagnostic::error(
                    codes::LISTED_TWICE,
                    code.loc.clone(),
                    format!(
                        "procedure `{}` is listed twice in decision {}",
                        code.value, d.number
                    ),
                )
                .with_hint(
                    "a decision names each procedure once; keep the item that matches the annex",
                ),
            );
        }
    };
    for item in d.new.iter().chain(&d.amended).chain(&d.abolished) {
        listed(&item.procedure, out);
        refs.procedure(out, &item.procedure);
    }
    for r in &d.replaced {
        listed(&r.procedure, out);
        if r.procedure.value != r.by.value {
            listed(&r.by, out);
        }
        refs.procedure(out, &r.procedure);
        refs.procedure(out, &r.by);
        if r.procedure.value == r.by.value {
            out.push(
                Diagnostic::error(
                    codes::REPLACED_BY_ITSELF,
                    r.by.loc.clone(),
                    format!("procedure `{}` is replaced by itself", r.by.value),
                )
                .with_hint("`by` names the new procedure; to record a change, use `amended`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::cycles;

    #[test]
    fn cycles_are_found_once_each() {
        let parent = [Some(1), Some(2), Some(0), None, Some(3), Some(0)];
        assert_eq!(cycles(&parent), vec![vec![0, 1, 2]]);
    }
}
