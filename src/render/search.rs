//! The search renderer: writes the index (see [`crate::search::index`]), the
//! client script and the `/search/` page.

use super::html::PageWriter;
use super::{Output, RenderContext, RenderError, Renderer};
use crate::model::Language;
use crate::search::index;
use serde::Serialize;
use serde_json::json;

pub struct SearchRenderer;

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

#[derive(Serialize)]
struct SearchPage {
    title: &'static str,
    sectors: Vec<SectorLink>,
    /// JSON for the client, embedded in the page.
    text: String,
    /// The index's root file, embedded in the page (JSON).
    root: String,
}

#[derive(Serialize)]
struct SectorLink {
    id: String,
    name: String,
}

impl Renderer for SearchRenderer {
    fn name(&self) -> &'static str {
        "search"
    }

    fn render(&self, ctx: &RenderContext, out: &Output) -> Result<(), RenderError> {
        let lang = ctx.site.language;
        let files = index::build(ctx.resolved, lang);
        for file in &files {
            out.write(&format!("search/{}", file.path), file.contents.as_bytes())?;
        }
        // `<` escaped so the JSON cannot close the script element it sits in.
        let root = index::root_data(&files)
            .unwrap_or("null")
            .replace('<', "\\u003c");
        let page = SearchPage {
            title: match lang {
                Language::Vi => "Tìm kiếm thủ tục",
                Language::En => "Search procedures",
            },
            sectors: ctx
                .resolved
                .catalogue
                .sectors
                .iter()
                .map(|s| SectorLink {
                    id: s.id.value.clone(),
                    name: s.name.clone(),
                })
                .collect(),
            // `<` escaped so the JSON cannot close the script element it sits in.
            root,
            text: client_text(lang, &ctx.site.title)
                .to_string()
                .replace('<', "\\u003c"),
        };
        PageWriter::new(ctx)?.write(out, "search/index.html", "search.html", &page)
    }
}
