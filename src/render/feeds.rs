//! `/sitemap.xml` (an index of sitemaps past 50,000 URLs) and `/feed.xml` (Atom,
//! decisions newest first).

use super::listing::Listings;
use super::strings;
use super::{Output, RenderContext, RenderError, Renderer};
use crate::resolve::Status;

pub struct Sitemap;
pub struct AtomFeed;

/// The most URLs one sitemap file may hold (sitemaps.org).
const SITEMAP_LIMIT: usize = 50_000;

/// Every page's path, relative to the site root (`procedures/X/`), in a stable order.
pub fn page_paths(ctx: &RenderContext) -> Vec<String> {
    let cat = ctx.resolved.catalogue;
    let mut paths = vec![
        String::new(),
        "search/".to_string(),
        "decisions/".to_string(),
        "agencies/".to_string(),
    ];
    paths.extend(
        Status::ALL
            .iter()
            .map(|s| format!("status/{}/", s.as_str())),
    );
    paths.extend(
        cat.sectors
            .iter()
            .map(|s| format!("sectors/{}/", s.id.as_str())),
    );
    paths.extend(
        cat.agencies
            .iter()
            .map(|a| format!("agencies/{}/", a.id.as_str())),
    );
    paths.extend(
        cat.localities
            .iter()
            .map(|l| format!("localities/{}/", l.id.as_str())),
    );
    paths.extend(
        cat.decisions
            .iter()
            .map(|d| format!("decisions/{}/", d.slug.as_str())),
    );
    paths.extend(
        cat.procedures
            .iter()
            .map(|p| format!("procedures/{}/", p.code.as_str())),
    );
    paths
}

/// `s` as XML character data. Characters XML 1.0 forbids (controls but tab and
/// line ends, U+FFFE, U+FFFF) become U+FFFD: `check` refuses them in the
/// catalogue, and the feed and sitemap stay well-formed even if one slips through.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(c),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn base_url(ctx: &RenderContext) -> String {
    format!("{}/", ctx.site.base_url.trim_end_matches('/'))
}

impl Renderer for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn render(&self, ctx: &RenderContext, out: &Output) -> Result<(), RenderError> {
        let base = base_url(ctx);
        let paths = page_paths(ctx);
        let urlset = |chunk: &[String]| {
            let mut xml = String::from(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            );
            for path in chunk {
                xml.push_str(&format!(
                    "<url><loc>{}</loc></url>\n",
                    xml_escape(&format!("{base}{path}"))
                ));
            }
            xml.push_str("</urlset>\n");
            xml
        };
        if paths.len() <= SITEMAP_LIMIT {
            return out.write("sitemap.xml", urlset(&paths).as_bytes());
        }
        let mut index = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (i, chunk) in paths.chunks(SITEMAP_LIMIT).enumerate() {
            let name = format!("sitemap-{}.xml", i + 1);
            out.write(&name, urlset(chunk).as_bytes())?;
            index.push_str(&format!(
                "<sitemap><loc>{}</loc></sitemap>\n",
                xml_escape(&format!("{base}{name}"))
            ));
        }
        index.push_str("</sitemapindex>\n");
        out.write("sitemap.xml", index.as_bytes())
    }
}

impl Renderer for AtomFeed {
    fn name(&self) -> &'static str {
        "feed"
    }

    fn render(&self, ctx: &RenderContext, out: &Output) -> Result<(), RenderError> {
        let resolved = ctx.resolved;
        let cat = resolved.catalogue;
        let listings = Listings::build(resolved);
        let base = base_url(ctx);
        let lang = ctx.site.language;
        let stamp = |d: crate::model::Date| format!("{d}T00:00:00Z");
        // Newest decision date, or the as-of date for a catalogue with none: no clock time.
        let updated = listings
            .decisions_newest
            .first()
            .and_then(|&d| cat.decisions.get(d))
            .map(|d| d.signed.value)
            .unwrap_or(resolved.as_of);
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.push_str(&format!(
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
            ctx.site.language.as_str()
        ));
        xml.push_str(&format!("<title>{}</title>\n", xml_escape(&ctx.site.title)));
        if let Some(d) = &ctx.site.description {
            xml.push_str(&format!("<subtitle>{}</subtitle>\n", xml_escape(d)));
        }
        xml.push_str(&format!("<id>{}</id>\n", xml_escape(&base)));
        xml.push_str(&format!(
            "<link rel=\"alternate\" href=\"{}\"/>\n",
            xml_escape(&base)
        ));
        xml.push_str(&format!(
            "<link rel=\"self\" href=\"{}\"/>\n",
            xml_escape(&format!("{base}feed.xml"))
        ));
        xml.push_str(&format!("<updated>{}</updated>\n", stamp(updated)));
        xml.push_str(&format!(
            "<author><name>{}</name></author>\n",
            xml_escape(&ctx.site.title)
        ));
        for &d in &listings.decisions_newest {
            let decision = &cat.decisions[d];
            let url = format!("{base}decisions/{}/", decision.slug.as_str());
            let count = decision.new.len()
                + decision.amended.len()
                + decision.replaced.len()
                + decision.abolished.len();
            xml.push_str("<entry>\n");
            xml.push_str(&format!(
                "<title>{}</title>\n",
                xml_escape(&format!("{}: {}", decision.number, decision.title))
            ));
            xml.push_str(&format!("<id>{}</id>\n", xml_escape(&url)));
            xml.push_str(&format!(
                "<link rel=\"alternate\" href=\"{}\"/>\n",
                xml_escape(&url)
            ));
            xml.push_str(&format!(
                "<published>{}</published>\n",
                stamp(decision.signed.value)
            ));
            xml.push_str(&format!(
                "<updated>{}</updated>\n",
                stamp(decision.signed.value)
            ));
            let locality = resolved
                .tree
                .by_id
                .get(decision.locality.as_str())
                .and_then(|&l| cat.localities.get(l))
                .map(|l| l.name.as_str())
                .unwrap_or(decision.locality.as_str());
            xml.push_str(&format!(
                "<summary>{}</summary>\n",
                xml_escape(&format!(
                    "{locality}. {}: {}. {count} {}.",
                    strings::label(lang, "effective"),
                    strings::date(lang, decision.effective.value),
                    strings::label(lang, "procedures_count"),
                ))
            ));
            xml.push_str("</entry>\n");
        }
        xml.push_str("</feed>\n");
        out.write("feed.xml", xml.as_bytes())
    }
}
