//! The HTML pages of SPEC §5 (all but `/search/`), plus `404.html`.
//!
//! Pages are rendered in parallel and written as soon as each is ready, so the
//! site is never held in memory. Locality pages that see the same statuses (every
//! commune under a province with no decisions of its own) share one rendered list.

mod catalogue;
mod locality;
mod procedure;

use super::html::PageWriter;
use super::listing::Listings;
use super::markdown::Markdown;
use super::strings;
use super::{Output, RenderContext, RenderError, Renderer};
use crate::model::{Date, Language};
use crate::resolve::{ProcedureIx, Status, TerritoryStatus};
use serde::Serialize;

pub struct HtmlPages;

impl Renderer for HtmlPages {
    fn name(&self) -> &'static str {
        "pages"
    }

    fn render(&self, ctx: &RenderContext, out: &Output) -> Result<(), RenderError> {
        let pages = Pages::new(ctx)?;
        let results = [
            rayon::join(
                || procedure::render_all(&pages, out),
                || locality::render_all(&pages, out),
            ),
            rayon::join(|| catalogue::render_all(&pages, out), || Ok(())),
        ];
        for (a, b) in results {
            a?;
            b?;
        }
        Ok(())
    }
}

/// Everything the page modules share.
pub(crate) struct Pages<'a> {
    pub ctx: &'a RenderContext<'a>,
    pub writer: PageWriter,
    pub listings: Listings<'a>,
    pub markdown: Markdown,
    pub lang: Language,
}

/// A link with its text.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct Link {
    pub url: String,
    pub text: String,
}

/// A status tag: colour comes from `status` (a CSS class), meaning from `label`.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct Tag {
    pub status: &'static str,
    pub label: String,
}

/// One procedure in a list.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct ProcedureItem {
    pub code: String,
    pub name: String,
    pub url: String,
    pub tag: Option<Tag>,
    pub note: Option<String>,
}

/// A titled group of a long list, with an anchor for the in-page index.
#[derive(Serialize, Clone, Debug)]
pub(crate) struct Group {
    pub anchor: String,
    pub title: String,
    pub items: Vec<ProcedureItem>,
}

#[derive(Serialize)]
struct ListView<'g> {
    groups: &'g [Group],
    /// Show the in-page index (more than one group).
    index: bool,
    count: usize,
}

impl<'a> Pages<'a> {
    fn new(ctx: &'a RenderContext<'a>) -> Result<Self, RenderError> {
        Ok(Pages {
            ctx,
            writer: PageWriter::new(ctx)?,
            listings: Listings::build(ctx.resolved),
            markdown: Markdown::new(&ctx.base_path),
            lang: ctx.site.language,
        })
    }

    pub fn t(&self, key: &str) -> String {
        strings::label(self.lang, key)
    }

    pub fn date(&self, d: Date) -> String {
        strings::date(self.lang, d)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.ctx.base_path)
    }

    pub fn procedure_url(&self, p: ProcedureIx) -> String {
        let code = self
            .ctx
            .resolved
            .catalogue
            .procedures
            .get(p)
            .map(|p| p.code.as_str())
            .unwrap_or("");
        self.url(&format!("procedures/{code}/"))
    }

    pub fn procedure_link(&self, p: ProcedureIx) -> Link {
        let cat = self.ctx.resolved.catalogue;
        let text = cat
            .procedures
            .get(p)
            .map(|p| format!("{} {}", p.code.as_str(), p.name))
            .unwrap_or_default();
        Link {
            url: self.procedure_url(p),
            text,
        }
    }

    /// A link to the procedure named `code`, or plain text if there is none.
    pub fn code_link(&self, code: &str) -> Link {
        match self.ctx.resolved.procedure_by_code.get(code) {
            Some(&p) => self.procedure_link(p),
            None => Link {
                url: String::new(),
                text: code.to_string(),
            },
        }
    }

    pub fn locality_link(&self, l: usize) -> Link {
        let cat = self.ctx.resolved.catalogue;
        match cat.localities.get(l) {
            Some(loc) => Link {
                url: self.url(&format!("localities/{}/", loc.id.as_str())),
                text: loc.name.clone(),
            },
            None => Link {
                url: String::new(),
                text: String::new(),
            },
        }
    }

    pub fn locality_link_by_id(&self, id: &str) -> Link {
        match self.ctx.resolved.tree.by_id.get(id) {
            Some(&l) => self.locality_link(l),
            None => Link {
                url: String::new(),
                text: id.to_string(),
            },
        }
    }

    pub fn agency_link(&self, id: &str) -> Link {
        let cat = self.ctx.resolved.catalogue;
        match self
            .listings
            .agency_ix
            .get(id)
            .and_then(|&a| cat.agencies.get(a))
        {
            Some(a) => Link {
                url: self.url(&format!("agencies/{}/", a.id.as_str())),
                text: a.name.clone(),
            },
            None => Link {
                url: String::new(),
                text: id.to_string(),
            },
        }
    }

    pub fn sector_link(&self, id: &str) -> Link {
        let cat = self.ctx.resolved.catalogue;
        match self
            .listings
            .sector_ix
            .get(id)
            .and_then(|&s| cat.sectors.get(s))
        {
            Some(s) => Link {
                url: self.url(&format!("sectors/{}/", s.id.as_str())),
                text: s.name.clone(),
            },
            None => Link {
                url: String::new(),
                text: id.to_string(),
            },
        }
    }

    pub fn decision_link(&self, d: usize) -> Link {
        let cat = self.ctx.resolved.catalogue;
        match cat.decisions.get(d) {
            Some(dec) => Link {
                url: self.url(&format!("decisions/{}/", dec.slug.as_str())),
                text: dec.number.clone(),
            },
            None => Link {
                url: String::new(),
                text: String::new(),
            },
        }
    }

    /// A link to a published file (`files/…`) or an outside URL.
    pub fn document_link(&self, target: &str, text: String) -> Link {
        let url = if crate::model::is_url(target) {
            target.to_string()
        } else {
            self.url(&percent_encode_path(target))
        };
        Link { url, text }
    }

    pub fn tag(&self, status: Status) -> Tag {
        Tag {
            status: status.as_str(),
            label: self.t(&format!("status_{}", status.as_str())),
        }
    }

    /// A list entry for `p` with its status `s` (in some place).
    pub fn item(&self, p: ProcedureIx, s: Option<&TerritoryStatus>) -> ProcedureItem {
        self.item_in(&self.listings, p, s)
    }

    /// Like [`Pages::item`], for a status of `listings`' resolution (another date).
    pub fn item_in(
        &self,
        listings: &Listings,
        p: ProcedureIx,
        s: Option<&TerritoryStatus>,
    ) -> ProcedureItem {
        let cat = self.ctx.resolved.catalogue;
        let procedure = &cat.procedures[p];
        let note = s.and_then(|s| self.status_note_in(listings, s));
        ProcedureItem {
            code: procedure.code.value.clone(),
            name: procedure.name.clone(),
            url: self.procedure_url(p),
            tag: s.map(|s| self.tag(s.status)),
            note,
        }
    }

    /// What a status needs said beside its tag: the successor, or the date it starts.
    pub fn status_note(&self, s: &TerritoryStatus) -> Option<String> {
        self.status_note_in(&self.listings, s)
    }

    fn status_note_in(&self, listings: &Listings, s: &TerritoryStatus) -> Option<String> {
        let cat = self.ctx.resolved.catalogue;
        match s.status {
            Status::Replaced => s
                .replaced_by
                .and_then(|b| cat.procedures.get(b))
                .map(|b| format!("{} {}", self.t("replaced_by"), b.code.as_str())),
            Status::Upcoming => listings
                .event_date(s)
                .map(|d| self.t("upcoming_from").replace("{date}", &self.date(d))),
            _ => None,
        }
    }

    /// Groups `items` by sector, in `sectors.yaml` order, each group by name.
    pub fn group_by_sector(&self, mut items: Vec<(ProcedureIx, ProcedureItem)>) -> Vec<Group> {
        let cat = self.ctx.resolved.catalogue;
        let sector_of = |p: ProcedureIx| {
            self.listings
                .sector_ix
                .get(cat.procedures[p].sector.as_str())
                .copied()
                .unwrap_or(usize::MAX)
        };
        items.sort_by_key(|(p, _)| (sector_of(*p), self.listings.name_rank[*p]));
        let mut groups: Vec<Group> = Vec::new();
        let mut current = None;
        for (p, item) in items {
            let s = sector_of(p);
            if current != Some(s) || groups.is_empty() {
                current = Some(s);
                let (anchor, title) = match cat.sectors.get(s) {
                    Some(sector) => (
                        format!("sector-{}", sector.id.as_str()),
                        sector.name.clone(),
                    ),
                    None => (
                        "sector-other".to_string(),
                        cat.procedures[p].sector.value.clone(),
                    ),
                };
                groups.push(Group {
                    anchor,
                    title,
                    items: Vec::new(),
                });
            }
            if let Some(g) = groups.last_mut() {
                g.items.push(item);
            }
        }
        groups
    }

    /// The shared list markup (`procedure_list.html`) for already grouped items.
    pub fn list_html(&self, groups: &[Group]) -> Result<String, RenderError> {
        let count = groups.iter().map(|g| g.items.len()).sum();
        self.writer.render_fragment(
            "procedure_list.html",
            &ListView {
                groups,
                index: groups.len() > 1,
                count,
            },
        )
    }
}

/// Percent-encodes a `/`-separated path, keeping `/` and unreserved characters.
pub(crate) fn percent_encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A number as people write it: `50.000` in Vietnamese, `50,000` in English;
/// fractions with the language's decimal mark.
pub(crate) fn format_number(lang: Language, n: f64) -> String {
    let (thousands, decimal) = match lang {
        Language::Vi => ('.', ','),
        Language::En => (',', '.'),
    };
    let negative = n < 0.0;
    let n = n.abs();
    let whole = n.trunc() as u64;
    let frac = ((n - n.trunc()) * 100.0).round() as u64;
    let digits = whole.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(thousands);
        }
        out.push(c);
    }
    if frac > 0 {
        out.push(decimal);
        let f = format!("{frac:02}");
        out.push_str(f.trim_end_matches('0'));
    }
    if negative { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_the_local_way() {
        assert_eq!(format_number(Language::Vi, 50000.0), "50.000");
        assert_eq!(format_number(Language::En, 1234567.0), "1,234,567");
        assert_eq!(format_number(Language::Vi, 0.5), "0,5");
        assert_eq!(format_number(Language::En, 100.0), "100");
    }

    #[test]
    fn file_paths_are_percent_encoded() {
        assert_eq!(percent_encode_path("files/a b.pdf"), "files/a%20b.pdf");
        assert_eq!(percent_encode_path("files/đ.pdf"), "files/%C4%91.pdf");
    }
}
