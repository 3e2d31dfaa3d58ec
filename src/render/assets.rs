//! Files published as they are: the theme's assets (`/static/…`), the
//! catalogue's forms and documents (`/files/…`), and `robots.txt`.

use super::{Output, RenderContext, RenderError, Renderer};
use rayon::prelude::*;

pub struct ThemeAssets;
pub struct CatalogueFiles;
pub struct Robots;

impl Renderer for ThemeAssets {
    fn name(&self) -> &'static str {
        "theme assets"
    }

    fn render(&self, ctx: &RenderContext, out: &Output) -> Result<(), RenderError> {
        for (rel, file) in ctx.theme.static_files() {
            let target = format!("static/{rel}");
            match file.path() {
                Some(path) => out.copy(path, &target)?,
                None => {
                    let bytes = file.bytes().map_err(|message| RenderError {
                        renderer: self.name(),
                        message,
                    })?;
                    out.write(&target, &bytes)?
                }
            }
        }
        Ok(())
    }
}

impl Renderer for CatalogueFiles {
    fn name(&self) -> &'static str {
        "files"
    }

    fn render(&self, ctx: &RenderContext, out: &Output) -> Result<(), RenderError> {
        let cat = ctx.resolved.catalogue;
        let files: Vec<&String> = cat.files.iter().collect();
        files.par_iter().try_for_each(|rel| {
            if !rel.starts_with("files/") {
                return Err(RenderError {
                    renderer: self.name(),
                    message: format!("`{rel}` is not under files/"),
                });
            }
            out.copy(&cat.root.join(rel.as_str()), rel)
        })
    }
}

impl Renderer for Robots {
    fn name(&self) -> &'static str {
        "robots.txt"
    }

    fn render(&self, ctx: &RenderContext, out: &Output) -> Result<(), RenderError> {
        let base = ctx.site.base_url.trim_end_matches('/');
        let text = format!("User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\n");
        out.write("robots.txt", text.as_bytes())
    }
}
