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
/// Text shown through Tera's escaping or the Markdown sanitiser never holds a raw
/// `<` before a letter; and a page whose data holds [`SLOT_NAME`] anywhere (an
/// attribute value, where a sanitised `<` may stay raw) is rendered whole
/// instead, so editors' text can never place the fragment (see
/// [`PageWriter::write_with_shared`]).
pub const SHARED_SLOT: &str = "<procat-shared-fragment-slot></procat-shared-fragment-slot>";

/// The name inside [`SHARED_SLOT`]: its letters come out of escaping unchanged.
const SLOT_NAME: &str = "procat-shared-fragment-slot";

pub struct PageWriter {
    tera: Tera,
    common: Context,
    minify: minify_html::Cfg,
    /// The site's own texts (title, footer) hold [`SLOT_NAME`]: no page can
    /// take the shared fragment by splicing.
    common_holds_slot_name: bool,
}

/// How often [`SLOT_NAME`] occurs in [`SHARED_SLOT`] (and so in clean page data).
const SLOT_NAME_IN_SLOT: usize = 2;

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
        Self::with_theme(ctx, ctx.theme)
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
        let common_holds_slot_name = common.clone().into_json().to_string().contains(SLOT_NAME);
        Ok(PageWriter {
            tera,
            common,
            minify,
            common_holds_slot_name,
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
    /// [`PageWriter::write_with_shared`].
    pub fn minify_shared(&self, html: &str) -> Vec<u8> {
        minify_html::minify(html.as_bytes(), &self.minify)
    }

    /// Like [`PageWriter::write`], for a page whose data, `view(SHARED_SLOT)`, holds
    /// [`SHARED_SLOT`] where `shared` (already minified) goes. Thousands of commune
    /// pages share one long procedure list; minifying it once instead of once per
    /// page is most of the cost of building them.
    ///
    /// The fragment is spliced in at the slot only when nothing but the slot
    /// itself can have put [`SLOT_NAME`] into the page: the page's data and the
    /// shared context hold it once, in the slot, and the finished page holds the
    /// slot exactly once. Otherwise (an editor wrote the slot into a name, or the
    /// theme shows the list twice or not at all) the page is rendered whole with
    /// `view(shared)`, which is slower and the same to a reader.
    pub fn write_with_shared<V: Serialize>(
        &self,
        out: &Output,
        rel: &str,
        template: &str,
        view: impl Fn(&str) -> V,
        shared: &[u8],
    ) -> Result<(), RenderError> {
        let path = rel.strip_suffix("index.html").unwrap_or(rel);
        let page = view(SHARED_SLOT);
        let data_is_clean = !self.common_holds_slot_name
            && !path.contains(SLOT_NAME)
            && serde_json::to_string(&page)
                .is_ok_and(|json| json.matches(SLOT_NAME).count() == SLOT_NAME_IN_SLOT);
        if data_is_clean {
            let page_bytes = self.render(template, path, &page)?;
            let slot = SHARED_SLOT.as_bytes();
            let mut found = page_bytes
                .windows(slot.len())
                .enumerate()
                .filter(|(_, w)| *w == slot)
                .map(|(i, _)| i);
            if let (Some(at), None) = (found.next(), found.next()) {
                let mut bytes = Vec::with_capacity(page_bytes.len() + shared.len());
                bytes.extend_from_slice(&page_bytes[..at]);
                bytes.extend_from_slice(shared);
                bytes.extend_from_slice(&page_bytes[at + slot.len()..]);
                return out.write(rel, &bytes);
            }
        }
        let whole = view(String::from_utf8_lossy(shared).as_ref());
        let bytes = self.render(template, path, &whole)?;
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

#[cfg(test)]
mod tests {
    use super::SHARED_SLOT;

    #[test]
    fn the_shared_slot_survives_minification_unchanged() {
        let cfg = minify_html::Cfg {
            keep_closing_tags: true,
            keep_html_and_head_opening_tags: true,
            ..minify_html::Cfg::default()
        };
        let page = format!(
            "<!DOCTYPE html><html><head><title>x</title></head><body><section>\n  <p class=\"hint\">x</p>\n  {SHARED_SLOT}\n</section></body></html>"
        );
        let minified =
            String::from_utf8(minify_html::minify(page.as_bytes(), &cfg)).unwrap_or_default();
        assert_eq!(minified.matches(SHARED_SLOT).count(), 1, "{minified}");
    }
}
