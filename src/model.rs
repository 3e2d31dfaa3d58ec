//! The catalogue as editors wrote it: typed records, each value remembering its source.
//!
//! `load` builds these; `check` and `resolve` read them. Text is NFC-normalised on load.

use crate::source::{Loc, Spanned};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::path::PathBuf;

pub type Date = NaiveDate;

/// Everything under one catalogue folder.
#[derive(Clone, Debug, Default)]
pub struct Catalogue {
    /// The catalogue folder as given on the command line.
    pub root: PathBuf,
    /// `None` when `site.yaml` is missing or unusable (an error was reported).
    pub site: Option<Site>,
    pub localities: Vec<Locality>,
    pub sectors: Vec<Sector>,
    pub agencies: Vec<Agency>,
    /// Sorted by code.
    pub procedures: Vec<Procedure>,
    /// Sorted by slug.
    pub decisions: Vec<Decision>,
    /// Published files, as paths relative to the catalogue with `/` separators,
    /// each starting with `files/` (e.g. `files/mau-to-khai.pdf`).
    pub files: BTreeSet<String>,
    /// Records that could not be loaded (their errors are already reported), so
    /// that references to them are not reported a second time.
    pub unloaded: Unloaded,
}

/// What failed to load: whole list files, and the file stems of single records.
#[derive(Clone, Debug, Default)]
pub struct Unloaded {
    /// `localities.yaml` could not be read at all.
    pub all_localities: bool,
    /// `sectors.yaml` could not be read at all.
    pub all_sectors: bool,
    /// Some decision could not be loaded, so what it announced is unknown.
    pub decisions: bool,
    /// Ids and codes (or file stems) of single records that were dropped.
    pub ids: BTreeSet<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Language {
    Vi,
    En,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Vi => "vi",
            Language::En => "en",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Site {
    pub title: String,
    /// Absolute URL, without a trailing slash (`https://example.gov.vn/thu-tuc`).
    pub base_url: String,
    pub language: Language,
    pub theme: String,
    pub description: Option<String>,
    /// Markdown.
    pub footer: Option<String>,
    pub loc: Loc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LocalityLevel {
    Country,
    Province,
    District,
    Commune,
}

impl LocalityLevel {
    pub const ALL: [LocalityLevel; 4] = [
        LocalityLevel::Country,
        LocalityLevel::Province,
        LocalityLevel::District,
        LocalityLevel::Commune,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LocalityLevel::Country => "country",
            LocalityLevel::Province => "province",
            LocalityLevel::District => "district",
            LocalityLevel::Commune => "commune",
        }
    }

    /// The level of procedures carried out at a locality of this level
    /// (the country carries out central ones).
    pub fn procedure_level(self) -> ProcedureLevel {
        match self {
            LocalityLevel::Country => ProcedureLevel::Central,
            LocalityLevel::Province => ProcedureLevel::Province,
            LocalityLevel::District => ProcedureLevel::District,
            LocalityLevel::Commune => ProcedureLevel::Commune,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Locality {
    pub id: Spanned<String>,
    pub name: String,
    pub level: LocalityLevel,
    /// The localities above it over time, in order (SPEC §2): a plain
    /// `parent: ID` is one period without bounds; empty for the root.
    pub parents: Vec<ParentPeriod>,
    pub code: Option<String>,
    /// The first day it exists; `None`: it always existed.
    pub from: Option<Spanned<Date>>,
    /// The first day it no longer exists; `None`: it still does.
    pub until: Option<Spanned<Date>>,
    /// The localities that take over its territory on `until`.
    pub successors: Vec<Spanned<String>>,
    pub loc: Loc,
}

impl Locality {
    /// True on the days from `from` (included) to `until` (excluded).
    pub fn exists_on(&self, date: Date) -> bool {
        self.from.as_ref().is_none_or(|f| f.value <= date)
            && self.until.as_ref().is_none_or(|u| date < u.value)
    }

    /// True when nothing about it changes over time (a v1 locality): it always
    /// existed, still does, and has at most one parent without bounds.
    pub fn is_timeless(&self) -> bool {
        self.from.is_none()
            && self.until.is_none()
            && self.parents.len() <= 1
            && self
                .parents
                .iter()
                .all(|p| p.from.is_none() && p.until.is_none())
    }
}

/// One period of a locality's parent: `id` is its parent from `from` (included)
/// to `until` (excluded); a missing bound is the locality's own.
#[derive(Clone, Debug)]
pub struct ParentPeriod {
    pub id: Spanned<String>,
    pub from: Option<Spanned<Date>>,
    pub until: Option<Spanned<Date>>,
}

#[derive(Clone, Debug)]
pub struct Sector {
    pub id: Spanned<String>,
    pub name: String,
    pub description: Option<String>,
    pub loc: Loc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgencyKind {
    Ministry,
    PeoplesCommittee,
    Department,
    OneStopCenter,
    Other,
}

impl AgencyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AgencyKind::Ministry => "ministry",
            AgencyKind::PeoplesCommittee => "peoples-committee",
            AgencyKind::Department => "department",
            AgencyKind::OneStopCenter => "one-stop-center",
            AgencyKind::Other => "other",
        }
    }
}

#[derive(Clone, Debug)]
pub struct Agency {
    pub id: Spanned<String>,
    pub name: String,
    pub kind: AgencyKind,
    pub locality: Spanned<String>,
    pub parent: Option<Spanned<String>>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub hours: Option<String>,
    pub loc: Loc,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ProcedureLevel {
    Central,
    Province,
    District,
    Commune,
}

impl ProcedureLevel {
    pub const ALL: [ProcedureLevel; 4] = [
        ProcedureLevel::Central,
        ProcedureLevel::Province,
        ProcedureLevel::District,
        ProcedureLevel::Commune,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProcedureLevel::Central => "central",
            ProcedureLevel::Province => "province",
            ProcedureLevel::District => "district",
            ProcedureLevel::Commune => "commune",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    InPerson,
    Online,
    Postal,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::InPerson => "in-person",
            Method::Online => "online",
            Method::Postal => "postal",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OnlineLevel {
    Full,
    Partial,
    None,
}

impl OnlineLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            OnlineLevel::Full => "full",
            OnlineLevel::Partial => "partial",
            OnlineLevel::None => "none",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct ProcedureAgencies {
    pub implementing: Vec<Spanned<String>>,
    pub competent: Vec<Spanned<String>>,
    pub coordinating: Vec<Spanned<String>>,
}

#[derive(Clone, Debug)]
pub struct Fee {
    pub name: String,
    /// `None` when the editor gave no amount (only a note, say).
    pub amount: Option<f64>,
    /// Default `VND`.
    pub currency: String,
    pub note: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Channel {
    pub method: Method,
    pub processing_time: Option<String>,
    /// Working days.
    pub processing_days: Option<f64>,
    pub fees: Vec<Fee>,
}

#[derive(Clone, Debug)]
pub struct DossierItem {
    pub name: String,
    /// A path under `files/` (as written, e.g. `files/to-khai.docx`) or an absolute URL.
    pub form: Option<Spanned<String>>,
    pub originals: Option<u32>,
    pub copies: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct DossierCase {
    /// `None` for a dossier that has one case only.
    pub case: Option<String>,
    pub items: Vec<DossierItem>,
}

#[derive(Clone, Debug)]
pub struct LegalBasis {
    pub number: String,
    pub title: Option<String>,
    pub date: Option<Date>,
    pub issuer: Option<String>,
    pub url: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Procedure {
    pub code: Spanned<String>,
    pub name: String,
    pub sector: Spanned<String>,
    pub levels: Vec<ProcedureLevel>,
    pub agencies: ProcedureAgencies,
    pub applicants: Vec<String>,
    pub channels: Vec<Channel>,
    pub online_level: Option<OnlineLevel>,
    pub dossier: Vec<DossierCase>,
    pub result: Option<String>,
    /// Markdown.
    pub conditions: Option<String>,
    pub legal_basis: Vec<LegalBasis>,
    pub keywords: Vec<String>,
    /// Markdown after the front matter (steps and notes); empty for `.yaml` procedures.
    pub body: String,
    /// The procedure's file.
    pub loc: Loc,
}

/// One item of a decision's `new`, `amended` or `abolished` list.
#[derive(Clone, Debug)]
pub struct DecisionItem {
    pub procedure: Spanned<String>,
    /// `changes` of an amendment, `reason` of an abolition, `note` of a new item.
    pub note: Option<String>,
}

/// One item of a decision's `replaced` list.
#[derive(Clone, Debug)]
pub struct Replacement {
    pub procedure: Spanned<String>,
    pub by: Spanned<String>,
    pub note: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Decision {
    /// The file stem; the decision's URL is `/decisions/SLUG/`.
    pub slug: Spanned<String>,
    pub number: String,
    pub title: String,
    pub issuer: Spanned<String>,
    pub locality: Spanned<String>,
    pub signed: Spanned<Date>,
    /// `signed` when the editor gave none.
    pub effective: Spanned<Date>,
    pub document: Option<Spanned<String>>,
    pub new: Vec<DecisionItem>,
    pub amended: Vec<DecisionItem>,
    pub replaced: Vec<Replacement>,
    pub abolished: Vec<DecisionItem>,
    /// Markdown body of a `.md` decision; empty otherwise.
    pub body: String,
    pub loc: Loc,
}

/// True when `s` is an absolute `http(s)` URL with a host, written out in full
/// (`https://…`), with no space, control character, `"`, `<`, `>` or `\`. Every
/// URL field (`website`, `url`, a `form` or `document` that points outside the
/// catalogue, `base_url`) must be one.
pub fn is_url(s: &str) -> bool {
    let scheme = |prefix: &str| {
        s.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    (scheme("https://") || scheme("http://"))
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '<' | '>' | '\\'))
        && url::Url::parse(s).is_ok_and(|u| u.host_str().is_some_and(|h| !h.is_empty()))
}

/// True when `s` names a place on the web rather than a path inside the catalogue:
/// it starts with a URL scheme (`https:`, `javascript:`, `ftp:`) or with `www.` or `//`.
pub fn looks_like_url(s: &str) -> bool {
    let scheme = s.split_once(':').is_some_and(|(scheme, _)| {
        let mut chars = scheme.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    scheme || s.starts_with("www.") || s.starts_with("//")
}

/// The site's address, from `base_url` in `site.yaml` or from `--base-url`: an
/// absolute `http(s)` URL (see [`is_url`]) without `?` or `#`, returned without its
/// trailing `/`. `None` when it is not one.
pub fn base_url(s: &str) -> Option<String> {
    (is_url(s) && !s.contains(['?', '#'])).then(|| s.trim_end_matches('/').to_string())
}

/// What to write instead of `s`, a value that is not an absolute `http(s)` URL.
pub fn url_hint(s: &str) -> String {
    if s.starts_with("www.") {
        format!("write the address in full: https://{s}")
    } else if looks_like_url(s) && !s.to_ascii_lowercase().starts_with("http") {
        "only http:// and https:// addresses can be linked: write the page's https:// address"
            .to_string()
    } else {
        "write a full address such as https://thutuc.example.gov.vn/, without spaces".to_string()
    }
}
