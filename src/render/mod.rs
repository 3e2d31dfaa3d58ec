//! Outputs made from a resolved catalogue. Each output (HTML pages, open data,
//! feed, sitemap, search index) is one [`Renderer`]; a new output is a new renderer.
//! [`renderers`] lists them all; the build runs them in parallel.

pub mod assets;
pub mod feeds;
pub mod html;
pub mod listing;
pub mod markdown;
pub mod open_data;
pub mod pages;
pub mod search;
pub mod strings;
pub mod theme;

use crate::model::Site;
use crate::resolve::Resolved;
use std::fmt;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Every output of a build, in the order their summaries are reported.
pub fn renderers() -> Vec<Box<dyn Renderer>> {
    vec![
        Box::new(pages::HtmlPages),
        Box::new(open_data::OpenDataJson),
        Box::new(open_data::OpenDataCsv),
        Box::new(open_data::LocalitiesJson),
        Box::new(feeds::Sitemap),
        Box::new(feeds::AtomFeed),
        Box::new(assets::ThemeAssets),
        Box::new(assets::CatalogueFiles),
        Box::new(assets::Robots),
        Box::new(search::SearchRenderer),
    ]
}

/// The path part of an absolute URL, starting and ending with `/`:
/// `https://a.gov.vn/thu-tuc` → `/thu-tuc/`, `https://a.gov.vn` → `/`.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(base_url);
    let path = after_scheme
        .find('/')
        .map(|i| &after_scheme[i..])
        .unwrap_or("");
    let path = path.split(['?', '#']).next().unwrap_or("");
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

/// What every renderer sees.
pub struct RenderContext<'a> {
    pub resolved: &'a Resolved<'a>,
    pub site: &'a Site,
    /// The path part of `base_url`, always starting and ending with `/`
    /// (`/` at the root, `/thu-tuc/` under a sub-path).
    pub base_path: String,
    /// The theme, located once per build: its templates and assets.
    pub theme: &'a theme::Theme,
}

pub trait Renderer: Sync {
    fn name(&self) -> &'static str;
    fn render(&self, ctx: &RenderContext, out: &Output) -> Result<(), RenderError>;
}

#[derive(Debug)]
pub struct RenderError {
    pub renderer: &'static str,
    pub message: String,
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.renderer, self.message)
    }
}

impl std::error::Error for RenderError {}

/// The folder a build writes into (a fresh staging folder, swapped in whole by
/// the write stage). Safe to share between threads.
pub struct Output {
    root: PathBuf,
    files: Arc<AtomicU64>,
    pages: AtomicU64,
    bytes: AtomicU64,
}

impl Output {
    pub fn new(root: PathBuf) -> Self {
        Output {
            root,
            files: Arc::new(AtomicU64::new(0)),
            pages: AtomicU64::new(0),
            bytes: AtomicU64::new(0),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Writes `bytes` at `rel` (a `/`-separated path inside the output, such as
    /// `procedures/1.001193/index.html`). Paths that would leave the output are refused.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), RenderError> {
        let path = self.path_for(rel)?;
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| io_error(&path, e))?;
        }
        fs::write(&path, bytes).map_err(|e| io_error(&path, e))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        if rel.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }

    /// Copies a file from disk to `rel` inside the output.
    pub fn copy(&self, from: &Path, rel: &str) -> Result<(), RenderError> {
        let path = self.path_for(rel)?;
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| io_error(&path, e))?;
        }
        let n = fs::copy(from, &path).map_err(|e| io_error(from, e))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(n, Ordering::Relaxed);
        Ok(())
    }

    pub fn files_written(&self) -> u64 {
        self.files.load(Ordering::Relaxed)
    }

    /// A live count of the files written, for progress reporting.
    pub fn counter(&self) -> Arc<AtomicU64> {
        Arc::clone(&self.files)
    }

    /// HTML files written.
    pub fn pages_written(&self) -> u64 {
        self.pages.load(Ordering::Relaxed)
    }

    pub fn bytes_written(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    fn path_for(&self, rel: &str) -> Result<PathBuf, RenderError> {
        let rel_path = Path::new(rel);
        let inside = !rel.is_empty()
            && rel_path
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !inside {
            return Err(RenderError {
                renderer: "output",
                message: format!("refusing to write `{rel}`: it is not a path inside the output"),
            });
        }
        Ok(self.root.join(rel_path))
    }
}

fn io_error(path: &Path, e: std::io::Error) -> RenderError {
    RenderError {
        renderer: "output",
        message: format!("{}: {e}", path.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::base_path;

    #[test]
    fn base_path_is_the_path_of_the_base_url() {
        assert_eq!(base_path("https://dichvucong.gov.vn"), "/");
        assert_eq!(base_path("https://dichvucong.gov.vn/"), "/");
        assert_eq!(base_path("https://a.gov.vn/thu-tuc"), "/thu-tuc/");
        assert_eq!(base_path("https://a.gov.vn/a/b/"), "/a/b/");
    }
}
