//! Turning a page's data into a finished HTML file: the theme's Tera templates,
//! the shared layout context, and minification.
//!
//! Other renderers (search) use [`PageWriter`] to get the same layout:
//! `PageWriter::new(ctx)?.write(out, "search/index.html", "search.html", &data)`;
//! the template sees `page` (the data), `site`, `t` (interface strings) and `base`.

use super::markdown::Markdown;
use super::strings;
use super::theme::{Theme, tera_message};
use super::{Output, RenderContext, RenderError};
use serde::Serialize;
use tera::{Context, Tera};

const NAME: &str = "html";

/// Marks where a shared, separately minified fragment goes in a rendered page.
pub const SHARED_SLOT: &str = "PROCAT_SHARED_FRAGMENT_SLOT";

pub struct PageWriter {
    tera: Tera,
    common: Context,
    minify: minify_html::Cfg,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    base_url: &'a str,
    as_of: String,
    as_of_label: String,
    footer_html: String,
}

impl PageWriter {
    pub fn new(ctx: &RenderContext) -> Result<Self, RenderError> {
        let theme = Theme::locate(&ctx.resolved.catalogue.root, &ctx.site.theme).map_err(err)?;
        Self::with_theme(ctx, &theme)
    }

    pub fn with_theme(ctx: &RenderContext, theme: &Theme) -> Result<Self, RenderError> {
        let tera = theme.tera().map_err(err)?;
        let markdown = Markdown::new(&ctx.base_path);
        let lang = ctx.site.language;
        let site = SiteView {
            title: &ctx.site.title,
            description: ctx.site.description.as_deref(),
            language: lang.as_str(),
            base_url: &ctx.site.base_url,
            as_of: ctx.resolved.as_of.to_string(),
            as_of_label: strings::date(lang, ctx.resolved.as_of),
            footer_html: markdown.to_html(ctx.site.footer.as_deref().unwrap_or("")),
        };
        let mut common = Context::new();
        common.insert("site", &site);
        common.insert("t", &strings::table(lang));
        common.insert("base", &ctx.base_path);
        let minify = minify_html::Cfg {
            keep_closing_tags: true,
            keep_html_and_head_opening_tags: true,
            ..minify_html::Cfg::default()
        };
        Ok(PageWriter {
            tera,
            common,
            minify,
        })
    }

    /// Renders `template` with `page` as `page` and returns minified HTML.
    pub fn render(
        &self,
        template: &str,
        path: &str,
        page: &impl Serialize,
    ) -> Result<Vec<u8>, RenderError> {
        let mut context = self.common.clone();
        context.insert("page", page);
        context.insert("path", path);
        let html = self
            .tera
            .render(template, &context)
            .map_err(|e| err(format!("{template}: {}", tera_message(&e))))?;
        Ok(minify_html::minify(html.as_bytes(), &self.minify))
    }

    /// A fragment shared by many pages, minified once: pass it to
    /// [`PageWriter::write_with_shared`], with [`SHARED_SLOT`] in its place in the page data.
    pub fn minify_shared(&self, html: &str) -> Vec<u8> {
        minify_html::minify(html.as_bytes(), &self.minify)
    }

    /// Like [`PageWriter::write`], for a page whose data holds [`SHARED_SLOT`] where
    /// `shared` (already minified) goes. Thousands of commune pages share one long
    /// procedure list; minifying it once instead of once per page is most of the
    /// cost of building them.
    pub fn write_with_shared(
        &self,
        out: &Output,
        rel: &str,
        template: &str,
        page: &impl Serialize,
        shared: &[u8],
    ) -> Result<(), RenderError> {
        let path = rel.strip_suffix("index.html").unwrap_or(rel);
        let page_bytes = self.render(template, path, page)?;
        let slot = SHARED_SLOT.as_bytes();
        let at = page_bytes
            .windows(slot.len())
            .position(|w| w == slot)
            .ok_or_else(|| err(format!("{template} does not show the shared list")))?;
        let mut bytes = Vec::with_capacity(page_bytes.len() + shared.len());
        bytes.extend_from_slice(&page_bytes[..at]);
        bytes.extend_from_slice(shared);
        bytes.extend_from_slice(&page_bytes[at + slot.len()..]);
        out.write(rel, &bytes)
    }

    /// Renders a fragment (no layout, not minified) for reuse inside pages.
    pub fn render_fragment(
        &self,
        template: &str,
        page: &impl Serialize,
    ) -> Result<String, RenderError> {
        let mut context = self.common.clone();
        context.insert("page", page);
        self.tera
            .render(template, &context)
            .map_err(|e| err(format!("{template}: {}", tera_message(&e))))
    }

    /// Renders and writes a page. `rel` is the file (`procedures/X/index.html`).
    pub fn write(
        &self,
        out: &Output,
        rel: &str,
        template: &str,
        page: &impl Serialize,
    ) -> Result<(), RenderError> {
        let path = rel.strip_suffix("index.html").unwrap_or(rel);
        let bytes = self.render(template, path, page)?;
        out.write(rel, &bytes)
    }
}

fn err(message: impl Into<String>) -> RenderError {
    RenderError {
        renderer: NAME,
        message: message.into(),
    }
}
