//! The search renderer: writes the index (see [`crate::search::index`]), the
//! client script and the `/search/` page.

use super::{RenderContext, RenderError, Output, Renderer};
use crate::model::Language;
use crate::search::index;
use serde_json::json;

pub struct SearchRenderer;

fn err(message: String) -> RenderError {
    RenderError {
        renderer: "search",
        message,
    }
}

/// Words the client needs besides the index (the page itself is in the template).
fn client_text(lang: Language, site_title: &str) -> serde_json::Value {
    match lang {
        Language::Vi => json!({
            "title": format!("Tìm kiếm – {site_title}"),
            "count": "{n} thủ tục",
            "none": "Không tìm thấy thủ tục nào.",
            "for_query": "cho “{q}”.",
            "partial": "Không thủ tục nào có đủ mọi từ; đây là các thủ tục có một phần.",
            "error": "Không tải được chỉ mục tìm kiếm.",
        }),
        Language::En => json!({
            "title": format!("Search – {site_title}"),
            "count": "{n} procedures",
            "none": "No procedure found.",
            "for_query": "for “{q}”.",
            "partial": "No procedure has every word; these have some of them.",
            "error": "The search index could not be loaded.",
        }),
    }
}

impl Renderer for SearchRenderer {
    fn name(&self) -> &'static str {
        "search"
    }

    fn render(&self, ctx: &RenderContext, out: &Output) -> Result<(), RenderError> {
        let lang = ctx.site.language;
        for file in index::build(ctx.resolved, lang) {
            out.write(&format!("search/{}", file.path), file.contents.as_bytes())?;
        }
        let script = ctx.theme_dir.join("static/search.js");
        out.copy(&script, "search/search.js")?;

        let templates = ctx.theme_dir.join("templates/**/*.html");
        let tera = tera::Tera::new(&templates.to_string_lossy())
            .map_err(|e| err(format!("loading templates: {e}")))?;
        let cat = ctx.resolved.catalogue;
        let sectors: Vec<_> = cat
            .sectors
            .iter()
            .map(|s| json!({"id": s.id.value, "name": s.name}))
            .collect();
        let mut context = tera::Context::new();
        context.insert("base", &ctx.base_path);
        context.insert("site", &json!({"title": ctx.site.title, "language": lang.as_str()}));
        context.insert("lang", lang.as_str());
        context.insert("sectors", &sectors);
        context.insert("search_text", &client_text(lang, &ctx.site.title).to_string());
        let html = tera
            .render("search.html", &context)
            .map_err(|e| err(format!("search.html: {e:?}")))?;
        out.write("search/index.html", html.as_bytes())
    }
}
