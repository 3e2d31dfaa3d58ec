//! Building the search index from the resolved catalogue.
//!
//! The index is a set of small files under `/search/`, each a JavaScript call
//! `procatSearch("NAME", DATA)`, so the client can load them with `<script>` tags
//! from any static server and from `file://` alike:
//!
//! | file | loaded | holds |
//! |---|---|---|
//! | `root.js` | every search (carried inline by `/search/index.html`, so not fetched there) | settings, ranking table, sectors (with their document ranges), levels, statuses, online levels, which word shards are split |
//! | `terms/KEY.js` | per query word | the words whose folded form starts with KEY (2 characters, one more each time a shard outgrows `SPLIT_BYTES`), each spelling's postings by field, and the two-word phrases starting with them; for a split KEY, a summary read by a prefix exactly as long as KEY |
//! | `meta/N.js` | per result page | code, name, sector and statuses of documents `N×CHUNK .. N×CHUNK+WINDOW` (chunks overlap) |
//! | `facets/core.js` | after the results are shown, or before them for such a filter | postings per level, status, online level |
//! | `facets/agency.js` | when the reader opens the agency facet, or for an agency filter | id, name and postings of each implementing agency |
//! | `facets/locality.js` | when the reader opens the locality facet, or for a locality filter | per locality that has events: own postings, with the ancestors of each |
//! | `localities.js` | a locality filter on a locality without events | the tree on the as-of date: id, name, parent |
//! | `former.js` | a locality filter, when the root says `former` (only then written) | the notice's wording, and per locality ended by the as-of date: name, end date, and its successors existing on the as-of date (id, name) |
//!
//! Documents are numbered in order of sector, then folded name, then code: a
//! sector is a range, and results of one query tend to share a few meta chunks.

use super::encode::encode;
use super::rank::{self, Field};
use super::tokenise::{index_words, phrase_words, shard_key};
use crate::model::{Language, Procedure};
use crate::resolve::{LocalityIx, Resolved, Status};
use crate::text::fold;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Documents between the starts of two meta chunks.
pub const CHUNK: usize = 64;
/// Documents in one meta chunk: chunks overlap by `WINDOW - CHUNK`, so any run of
/// up to `WINDOW - CHUNK + 1` neighbouring documents sits in one chunk.
pub const WINDOW: usize = 96;
/// A word shard larger than this is split one character deeper.
pub const SPLIT_BYTES: usize = 24 * 1024;
/// Shard keys stop growing at this many characters.
pub const MAX_KEY: usize = 8;
/// Format version, written in the root file.
pub const VERSION: u32 = 1;

/// One file of the index: a path under `search/` and its contents.
pub struct IndexFile {
    pub path: String,
    pub contents: String,
}

/// Status ids as the filter reads them; `current` includes amended procedures.
pub const STATUS_FILTERS: [&str; 5] = ["current", "amended", "replaced", "abolished", "upcoming"];

fn status_filter_matches(filter: usize, s: Status) -> bool {
    match filter {
        0 => s.in_force(),
        1 => s == Status::Amended,
        2 => s == Status::Replaced,
        3 => s == Status::Abolished,
        _ => s == Status::Upcoming,
    }
}

/// Exact spelling → documents per field class.
type Spellings = BTreeMap<String, [Vec<u32>; 3]>;

#[derive(Default)]
struct Postings {
    /// Folded word → its spellings.
    words: HashMap<String, Spellings>,
    /// Folded two-word phrase (`dang ky`) → documents.
    phrases: HashMap<String, Vec<u32>>,
}

fn push_doc(list: &mut Vec<u32>, doc: u32) {
    if list.last() != Some(&doc) {
        list.push(doc);
    }
}

impl Postings {
    fn add_text(&mut self, doc: u32, field: Field, text: &str) {
        for word in index_words(text) {
            let spellings = self.words.entry(word.folded).or_default();
            let lists = spellings.entry(word.exact).or_default();
            push_doc(&mut lists[field as usize], doc);
        }
        if field != Field::Body {
            let words = phrase_words(text);
            for pair in words.windows(2) {
                let key = format!("{} {}", pair[0].folded, pair[1].folded);
                push_doc(self.phrases.entry(key).or_default(), doc);
            }
        }
    }
}

/// Plain text of a Markdown fragment (link targets and markup dropped).
fn markdown_text(md: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::with_capacity(md.len());
    for event in Parser::new(md) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                out.push_str(&t);
                out.push(' ');
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out
}

fn index_procedure(post: &mut Postings, resolved: &Resolved, doc: u32, p: &Procedure) {
    let cat = resolved.catalogue;
    post.add_text(doc, Field::Title, &p.code.value);
    post.add_text(doc, Field::Title, &p.name);
    for k in &p.keywords {
        post.add_text(doc, Field::Title, k);
    }
    if let Some(s) = cat.sectors.iter().find(|s| s.id.value == p.sector.value) {
        post.add_text(doc, Field::Facts, &s.name);
    }
    let agencies = p
        .agencies
        .implementing
        .iter()
        .chain(&p.agencies.competent)
        .chain(&p.agencies.coordinating);
    for id in agencies {
        if let Some(a) = cat.agencies.iter().find(|a| a.id.value == id.value) {
            post.add_text(doc, Field::Facts, &a.name);
        }
    }
    for a in &p.applicants {
        post.add_text(doc, Field::Facts, a);
    }
    if let Some(r) = &p.result {
        post.add_text(doc, Field::Facts, r);
    }
    let mut body = markdown_text(&p.body);
    if let Some(c) = &p.conditions {
        body.push_str(&markdown_text(c));
    }
    for case in &p.dossier {
        for text in case.case.iter().chain(case.items.iter().map(|i| &i.name)) {
            body.push(' ');
            body.push_str(text);
        }
    }
    for ch in &p.channels {
        for text in ch.processing_time.iter() {
            body.push(' ');
            body.push_str(text);
        }
        for fee in &ch.fees {
            for text in std::iter::once(&fee.name).chain(fee.note.iter()) {
                body.push(' ');
                body.push_str(text);
            }
        }
    }
    for lb in &p.legal_basis {
        for text in std::iter::once(&lb.number).chain(lb.title.iter()) {
            body.push(' ');
            body.push_str(text);
        }
    }
    post.add_text(doc, Field::Body, &body);
}

fn js_file(name: &str, data: &Value) -> IndexFile {
    IndexFile {
        path: format!("{name}.js"),
        contents: format!("procatSearch({},{});\n", json!(name), data),
    }
}

#[derive(Serialize)]
struct Labels {
    facets: BTreeMap<&'static str, &'static str>,
    statuses: [&'static str; 5],
    levels: [&'static str; 4],
    online: [&'static str; 3],
}

fn labels(lang: Language) -> Labels {
    let vi = lang == Language::Vi;
    let pick = |v: &'static str, e: &'static str| if vi { v } else { e };
    Labels {
        facets: BTreeMap::from([
            ("sector", pick("Lĩnh vực", "Sector")),
            ("locality", pick("Địa bàn", "Locality")),
            ("agency", pick("Cơ quan thực hiện", "Agency")),
            ("level", pick("Cấp thực hiện", "Level")),
            ("status", pick("Tình trạng", "Status")),
            ("online", pick("Dịch vụ công trực tuyến", "Online service")),
        ]),
        statuses: if vi {
            [
                "Đang áp dụng",
                "Đã sửa đổi",
                "Đã thay thế",
                "Đã bãi bỏ",
                "Sắp có hiệu lực",
            ]
        } else {
            ["Current", "Amended", "Replaced", "Abolished", "Upcoming"]
        },
        levels: if vi {
            ["Trung ương", "Cấp tỉnh", "Cấp huyện", "Cấp xã"]
        } else {
            ["Central", "Province", "District", "Commune"]
        },
        online: if vi {
            ["Toàn trình", "Một phần", "Không"]
        } else {
            ["Full", "Partial", "None"]
        },
    }
}

/// The data of `root.js`, as JSON, for the search page to carry inline: the page
/// every search opens then needs no request before the word shards.
pub fn root_data(files: &[IndexFile]) -> Option<&str> {
    let root = files.iter().find(|f| f.path == "root.js")?;
    root.contents
        .strip_prefix("procatSearch(\"root\",")?
        .strip_suffix(");\n")
}

/// Builds every file of the index.
pub fn build(resolved: &Resolved, lang: Language) -> Vec<IndexFile> {
    let cat = resolved.catalogue;
    let sector_ix: HashMap<&str, usize> = cat
        .sectors
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.value.as_str(), i))
        .collect();

    // Document order: sector, folded name, code.
    let mut order: Vec<usize> = (0..cat.procedures.len()).collect();
    let sort_key = |i: usize| {
        let p = &cat.procedures[i];
        let s = sector_ix
            .get(p.sector.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        (s, fold(&p.name), p.code.value.clone())
    };
    let keys: Vec<_> = order.iter().map(|&i| sort_key(i)).collect();
    order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));

    let mut post = Postings::default();
    for (doc, &pi) in order.iter().enumerate() {
        index_procedure(&mut post, resolved, doc as u32, &cat.procedures[pi]);
    }

    let mut files = Vec::new();
    let split = word_shards(&post, &mut files);
    files.push(root_file(resolved, lang, &order, &sector_ix, &split));
    files.extend(facets_files(resolved, &order));
    files.extend(meta_files(resolved, &order, &sector_ix));
    files.push(localities_file(resolved));
    files.extend(former_file(resolved, lang));
    files
}

/// Writes the word shards; returns the keys that were split, shortest first.
fn word_shards(post: &Postings, files: &mut Vec<IndexFile>) -> Vec<String> {
    // Folded word → `[word, spellings, phrases]`, sorted by folded form.
    let mut words: Vec<(&String, &Spellings)> = post.words.iter().collect();
    words.sort_by(|a, b| a.0.cmp(b.0));
    let mut phrases: Vec<(&String, &Vec<u32>)> = post.phrases.iter().collect();
    phrases.sort_by(|a, b| a.0.cmp(b.0));

    // Folded word → (spellings, phrases, documents per field class).
    type Slot = (Vec<Value>, Vec<Value>, [Vec<u32>; 3]);
    let mut by_key: BTreeMap<String, Slot> = BTreeMap::new();
    for (folded, spellings) in words {
        let slot = by_key.entry(folded.clone()).or_default();
        for (exact, lists) in spellings {
            let exact = if exact == folded { "" } else { exact.as_str() };
            let mut v = vec![json!(exact)];
            v.extend(lists.iter().map(|l| json!(encode(l))));
            slot.0.push(Value::Array(v));
            for (all, list) in slot.2.iter_mut().zip(lists) {
                all.extend(list);
            }
        }
    }
    for (phrase, docs) in phrases {
        let first = phrase.split(' ').next().unwrap_or_default().to_owned();
        by_key
            .entry(first)
            .or_default()
            .1
            .push(json!([phrase, encode(docs)]));
    }
    let entries: Vec<Entry> = by_key
        .into_iter()
        .map(|(word, (w, p, docs))| Entry {
            shard: json!([word, [[word, w]], p]),
            docs,
            word,
        })
        .collect();
    let mut groups: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    for e in &entries {
        groups.entry(shard_key(&e.word, 2)).or_default().push(e);
    }
    let mut split = Vec::new();
    for (key, group) in groups {
        write_shard(key, 2, &group, files, &mut split);
    }
    split.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
    split
}

/// One word of a shard, with the documents it occurs in per field class.
struct Entry {
    word: String,
    shard: Value,
    docs: [Vec<u32>; 3],
}

/// The index file of shard `key`, without `.js`: `terms/KEY`, or `terms/KEY~` when
/// KEY is a device name on Windows (`con`, a common Vietnamese word, `aux`, `nul`,
/// `com1`, …), which no Windows host could serve. `~` never occurs in a key
/// (`_` does: it ends the key of the short words of a split shard). The search
/// script (`fileKey` in search.js) names files the same way.
fn terms_path(key: &str) -> String {
    if crate::load::fields::unusable_on_windows(key).is_some() {
        format!("terms/{key}~")
    } else {
        format!("terms/{key}")
    }
}

/// Writes `terms/KEY.js`, or, when it is larger than [`SPLIT_BYTES`], splits it one
/// character deeper and writes in `terms/KEY.js` a summary for prefix queries
/// (see [`summary_value`]).
fn write_shard(
    key: String,
    len: usize,
    group: &[&Entry],
    files: &mut Vec<IndexFile>,
    split: &mut Vec<String>,
) {
    let whole = shard_value(group);
    if whole.to_string().len() <= SPLIT_BYTES || len >= MAX_KEY {
        files.push(js_file(&terms_path(&key), &whole));
        return;
    }
    let mut sub: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    for e in group {
        sub.entry(shard_key(&e.word, len + 1)).or_default().push(e);
    }
    let short = sub.get(&format!("{key}_")).map_or(&[][..], |v| &v[..]);
    files.push(js_file(&terms_path(&key), &summary_value(group, short)));
    split.push(key);
    for (key, group) in sub {
        write_shard(key, len + 1, &group, files, split);
    }
}

/// The file of a split key `K`, read only for a last word typed as a prefix that is
/// exactly as long as `K`: `{"w", "p"}` as in a shard for the words no longer than
/// `K`, and `"s": [title, facts, body]`, the documents of every word under `K`.
fn summary_value(group: &[&Entry], short: &[&Entry]) -> Value {
    let mut value = shard_value(short);
    let s: Vec<String> = (0..3)
        .map(|f| {
            let mut docs: Vec<u32> = group
                .iter()
                .flat_map(|e| e.docs[f].iter().copied())
                .collect();
            docs.sort_unstable();
            docs.dedup();
            encode(&docs)
        })
        .collect();
    value["s"] = json!(s);
    value
}

/// A shard: `{"w": [[folded, [[exact, title, facts, body], …]], …], "p": [[phrase, docs], …]}`.
fn shard_value(entries: &[&Entry]) -> Value {
    let mut w = Vec::new();
    let mut p = Vec::new();
    for e in entries.iter().map(|e| &e.shard) {
        if let Some(words) = e[1].as_array() {
            w.extend(words.iter().cloned());
        }
        if let Some(phrases) = e[2].as_array() {
            p.extend(phrases.iter().cloned());
        }
    }
    json!({ "w": w, "p": p })
}

fn root_file(
    resolved: &Resolved,
    lang: Language,
    order: &[usize],
    sector_ix: &HashMap<&str, usize>,
    split: &[String],
) -> IndexFile {
    let cat = resolved.catalogue;
    let former = !former_localities(resolved).is_empty();
    let mut ranges: Vec<(usize, usize)> = vec![(0, 0); cat.sectors.len()];
    for (doc, &pi) in order.iter().enumerate() {
        if let Some(&s) = sector_ix.get(cat.procedures[pi].sector.as_str()) {
            if ranges[s].1 == 0 {
                ranges[s] = (doc, doc + 1);
            } else {
                ranges[s].1 = doc + 1;
            }
        }
    }
    let sectors: Vec<Value> = cat
        .sectors
        .iter()
        .zip(&ranges)
        .map(|(s, r)| json!([s.id.value, s.name, r.0, r.1]))
        .collect();
    let labels = labels(lang);
    let pairs = |ids: &[&str], texts: &[&str]| -> Vec<Value> {
        ids.iter().zip(texts).map(|(i, t)| json!([i, t])).collect()
    };
    let level_ids = crate::model::ProcedureLevel::ALL.map(|l| l.as_str());
    let levels = pairs(&level_ids, &labels.levels);
    let statuses = pairs(&STATUS_FILTERS, &labels.statuses);
    let online = pairs(&["full", "partial", "none"], &labels.online);
    let mut data = json!({
        "v": VERSION,
        "n": order.len(),
        "chunk": CHUNK,
        "window": WINDOW,
        "split": split,
        "sectors": sectors,
        "levels": levels,
        "statuses": statuses,
        "online": online,
        "facets": labels.facets,
        "rank": rank::table(),
    });
    if former && let Some(map) = data.as_object_mut() {
        map.insert("former".into(), json!(1));
    }
    js_file("root", &data)
}

fn facets_files(resolved: &Resolved, order: &[usize]) -> Vec<IndexFile> {
    use crate::model::{OnlineLevel, ProcedureLevel};
    let cat = resolved.catalogue;
    let mut levels: Vec<Vec<u32>> = vec![Vec::new(); 4];
    let mut online: Vec<Vec<u32>> = vec![Vec::new(); 3];
    let mut statuses: Vec<Vec<u32>> = vec![Vec::new(); 5];
    let mut agencies: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    let mut own: BTreeMap<LocalityIx, Vec<u32>> = BTreeMap::new();
    for (doc, &pi) in order.iter().enumerate() {
        let doc = doc as u32;
        let p = &cat.procedures[pi];
        for l in &p.levels {
            let i = ProcedureLevel::ALL.iter().position(|x| x == l).unwrap_or(0);
            push_doc(&mut levels[i], doc);
        }
        if let Some(o) = p.online_level {
            let i = match o {
                OnlineLevel::Full => 0,
                OnlineLevel::Partial => 1,
                OnlineLevel::None => 2,
            };
            online[i].push(doc);
        }
        let state = &resolved.procedures[pi];
        for (f, list) in statuses.iter_mut().enumerate() {
            if state
                .statuses
                .iter()
                .any(|t| status_filter_matches(f, t.status))
            {
                list.push(doc);
            }
        }
        for a in &p.agencies.implementing {
            push_doc(agencies.entry(a.as_str()).or_default(), doc);
        }
        for t in &state.statuses {
            push_doc(own.entry(t.locality).or_default(), doc);
        }
    }
    // Localities with events and all their ancestors, in pre-order.
    let tree = &resolved.tree;
    let mut keep: BTreeSet<usize> = BTreeSet::new(); // pre-order positions
    for &l in own.keys().filter(|&&l| tree.exists(l)) {
        let mut at = Some(l);
        while let Some(x) = at {
            if !keep.insert(tree.preorder_pos[x]) {
                break;
            }
            at = tree.parent[x];
        }
    }
    let kept: Vec<LocalityIx> = keep.iter().map(|&pos| tree.preorder[pos]).collect();
    let position: HashMap<LocalityIx, usize> =
        kept.iter().enumerate().map(|(i, &l)| (l, i)).collect();
    let localities: Vec<Value> = kept
        .iter()
        .map(|&l| {
            let loc = &cat.localities[l];
            let parent = tree.parent[l]
                .and_then(|p| position.get(&p))
                .map_or(-1, |&p| p as i64);
            let docs = own.get(&l).map(|d| encode(d)).unwrap_or_default();
            json!([loc.id.value, loc.name, parent, docs])
        })
        .collect();
    let agencies: Vec<Value> = agencies
        .iter()
        .map(|(id, docs)| {
            let name = cat
                .agencies
                .iter()
                .find(|a| a.id.value == *id)
                .map_or(*id, |a| a.name.as_str());
            json!([id, name, encode(docs)])
        })
        .collect();
    let enc = |lists: &[Vec<u32>]| lists.iter().map(|l| encode(l)).collect::<Vec<_>>();
    let core = json!({
        "level": enc(&levels),
        "online": enc(&online),
        "status": enc(&statuses),
    });
    vec![
        js_file("facets/core", &core),
        js_file("facets/agency", &Value::Array(agencies)),
        js_file("facets/locality", &Value::Array(localities)),
    ]
}

fn meta_files(
    resolved: &Resolved,
    order: &[usize],
    sector_ix: &HashMap<&str, usize>,
) -> Vec<IndexFile> {
    let cat = resolved.catalogue;
    (0..order.len().div_ceil(CHUNK))
        .map(|n| {
            let chunk = &order[n * CHUNK..order.len().min(n * CHUNK + WINDOW)];
            let docs: Vec<Value> = chunk
                .iter()
                .map(|&pi| {
                    let p = &cat.procedures[pi];
                    let sector = sector_ix.get(p.sector.as_str()).map_or(-1, |&s| s as i64);
                    let mut present: Vec<usize> = resolved.procedures[pi]
                        .statuses
                        .iter()
                        .map(|t| Status::ALL.iter().position(|&s| s == t.status).unwrap_or(0))
                        .collect();
                    present.sort_unstable();
                    present.dedup();
                    json!([p.code.value, p.name, sector, present])
                })
                .collect();
            js_file(&format!("meta/{n}"), &Value::Array(docs))
        })
        .collect()
}

fn localities_file(resolved: &Resolved) -> IndexFile {
    let cat = resolved.catalogue;
    let tree = &resolved.tree;
    let pos = &tree.preorder_pos;
    // Localities existing on the as-of date come first in pre-order, each with
    // its parent on that date, so positions stay those of the whole tree.
    let list: Vec<Value> = tree
        .preorder
        .iter()
        .take_while(|&&l| tree.exists(l))
        .map(|&l| {
            let parent = tree.parent[l].map_or(-1, |p| pos[p] as i64);
            json!([cat.localities[l].id.value, cat.localities[l].name, parent])
        })
        .collect();
    js_file("localities", &Value::Array(list))
}

/// Localities that ended on or before the as-of date, by id, each with its
/// successors existing on the as-of date (followed through chains of
/// successors that ended too), sorted by name, then id.
fn former_localities<'a>(
    resolved: &'a Resolved,
) -> BTreeMap<&'a str, (LocalityIx, Vec<LocalityIx>)> {
    let cat = resolved.catalogue;
    let tree = &resolved.tree;
    let ended = |l: LocalityIx| {
        !tree.exists(l)
            && tree
                .life
                .get(l)
                .and_then(|s| s.until)
                .is_some_and(|u| u <= tree.as_of)
    };
    let mut out = BTreeMap::new();
    for (id, &l) in &tree.by_id {
        if !ended(l) {
            continue;
        }
        let mut seen: BTreeSet<LocalityIx> = BTreeSet::from([l]);
        let mut work = vec![l];
        let mut now: Vec<LocalityIx> = Vec::new();
        while let Some(x) = work.pop() {
            for &s in tree.successors.get(x).into_iter().flatten() {
                if !seen.insert(s) {
                    continue;
                }
                if tree.exists(s) {
                    now.push(s);
                } else if ended(s) {
                    work.push(s);
                }
            }
        }
        now.sort_by(|&a, &b| {
            let (la, lb) = (&cat.localities[a], &cat.localities[b]);
            (la.name.as_str(), la.id.as_str()).cmp(&(lb.name.as_str(), lb.id.as_str()))
        });
        out.insert(id.as_str(), (l, now));
    }
    out
}

/// `former.js`, written only when some locality ended by the as-of date: a
/// saved search naming one filters by its successors and says so.
fn former_file(resolved: &Resolved, lang: Language) -> Option<IndexFile> {
    let former = former_localities(resolved);
    if former.is_empty() {
        return None;
    }
    let cat = resolved.catalogue;
    let tree = &resolved.tree;
    let localities: serde_json::Map<String, Value> = former
        .iter()
        .map(|(id, (l, now))| {
            let until = tree.life[*l]
                .until
                .map(|d| crate::render::strings::date(lang, d))
                .unwrap_or_default();
            let succ: Vec<Value> = now
                .iter()
                .map(|&s| json!([cat.localities[s].id.value, cat.localities[s].name]))
                .collect();
            (
                (*id).to_string(),
                json!([cat.localities[*l].name, until, succ]),
            )
        })
        .collect();
    let (notice, none) = match lang {
        Language::Vi => (
            "{from} không còn tồn tại từ {date}; đang hiển thị kết quả cho {to}.",
            "{from} không còn tồn tại từ {date}.",
        ),
        Language::En => (
            "{from} no longer exists since {date}; showing results for {to}.",
            "{from} no longer exists since {date}.",
        ),
    };
    let data = json!({
        "text": { "notice": notice, "none": none },
        "localities": localities,
    });
    Some(js_file("former", &data))
}

#[cfg(test)]
mod tests {
    #[test]
    fn shards_named_like_windows_devices_get_a_file_name_windows_can_hold() {
        assert_eq!(terms_path("con"), "terms/con~");
        assert_eq!(terms_path("aux"), "terms/aux~");
        assert_eq!(terms_path("com1"), "terms/com1~");
        assert_eq!(terms_path("cong"), "terms/cong");
        assert_eq!(terms_path("co_"), "terms/co_");
    }

    use super::*;
    use crate::search::encode::decode;

    fn entry(word: &str, title: &[u32]) -> Entry {
        let docs = [title.to_vec(), Vec::new(), Vec::new()];
        Entry {
            word: word.to_owned(),
            shard: json!([word, [[word, [["", encode(title), "", ""]]]], []]),
            docs,
        }
    }

    fn data(file: &IndexFile) -> Value {
        let json = file
            .contents
            .split_once(',')
            .and_then(|(_, rest)| rest.strip_suffix(");\n"))
            .unwrap_or_default();
        serde_json::from_str(json).unwrap_or_default()
    }

    #[test]
    fn a_large_shard_is_split_deeper_with_a_summary_for_prefixes() {
        // Enough words under `ab` to outgrow one shard several times over.
        let entries: Vec<Entry> = (0..4000u32)
            .map(|i| entry(&format!("ab{i}x"), &[i, i + 5000]))
            .chain([entry("ab", &[9999])])
            .collect();
        let group: Vec<&Entry> = entries.iter().collect();
        let (mut files, mut split) = (Vec::new(), Vec::new());
        write_shard("ab".into(), 2, &group, &mut files, &mut split);
        assert!(split.contains(&"ab".to_owned()), "{split:?}");
        assert!(files.iter().all(|f| f.contents.len() <= SPLIT_BYTES + 64));
        let summary = data(files.iter().find(|f| f.path == "terms/ab.js").unwrap());
        let all = decode(summary["s"][0].as_str().unwrap()).unwrap();
        assert_eq!(all.len(), 8001);
        // The word as long as the key is in the summary, to be found exactly.
        assert_eq!(summary["w"][0][0], "ab");
        // Every word sits in exactly one shard named by a key that is not split.
        for e in &entries {
            let n = (2..)
                .find(|&n| !split.contains(&shard_key(&e.word, n)))
                .unwrap();
            let path = format!("{}.js", terms_path(&shard_key(&e.word, n)));
            let shard = data(files.iter().find(|f| f.path == path).unwrap());
            let words = shard["w"].as_array().unwrap();
            assert!(words.iter().any(|w| w[0] == e.word.as_str()), "{path}");
        }
    }
}
