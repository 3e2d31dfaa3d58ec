//! Editors' Markdown to safe HTML.
//!
//! Raw HTML in Markdown is shown as text, never rendered; the result is then
//! sanitised with ammonia, so scripts, event handlers and `javascript:` URLs
//! cannot reach a page whatever the input. Relative links are taken as relative
//! to the site root (`files/x.pdf` becomes `{base}files/x.pdf`).

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};
use std::borrow::Cow;

/// A Markdown renderer for one site (its base path). Cheap to share between threads.
pub struct Markdown {
    sanitizer: ammonia::Builder<'static>,
}

impl Markdown {
    pub fn new(base_path: &str) -> Self {
        let base = base_path.to_string();
        let mut sanitizer = ammonia::Builder::default();
        sanitizer
            .add_tag_attributes("div", ["id"])
            .add_allowed_classes("div", ["footnote-definition"])
            .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
            .url_relative(ammonia::UrlRelative::Custom(Box::new(FromSiteRoot {
                base,
            })));
        Markdown { sanitizer }
    }

    /// Safe HTML for `source` (empty for empty input).
    pub fn to_html(&self, source: &str) -> String {
        if source.trim().is_empty() {
            return String::new();
        }
        let options = Options::ENABLE_TABLES
            | Options::ENABLE_FOOTNOTES
            | Options::ENABLE_STRIKETHROUGH
            | Options::ENABLE_SMART_PUNCTUATION;
        let events = Parser::new_ext(source, options).map(|event| match event {
            // Raw HTML is shown as the editor typed it.
            Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
            // Footnote ids get a prefix so they cannot clash with the page's own ids.
            Event::FootnoteReference(label) => Event::FootnoteReference(prefixed(label)),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                Event::Start(Tag::FootnoteDefinition(prefixed(label)))
            }
            other => other,
        });
        let mut unsafe_html = String::with_capacity(source.len() * 3 / 2);
        html::push_html(&mut unsafe_html, events);
        self.sanitizer.clean(&unsafe_html).to_string()
    }
}

/// Resolves relative links against the site root.
struct FromSiteRoot {
    base: String,
}

impl<'a> ammonia::UrlRelativeEvaluate<'a> for FromSiteRoot {
    fn evaluate<'url>(&self, url: &'url str) -> Option<Cow<'url, str>> {
        if url.starts_with('/') || url.starts_with('#') || url.starts_with('?') {
            Some(Cow::Borrowed(url))
        } else {
            Some(Cow::Owned(format!("{}{url}", self.base)))
        }
    }
}

fn prefixed(label: CowStr<'_>) -> CowStr<'static> {
    let clean: String = label
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    CowStr::from(format!("fn-{clean}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        Markdown::new("/thu-tuc/").to_html(md)
    }

    #[test]
    fn scripts_and_raw_html_do_not_reach_the_page() {
        let out = html("Hi <script>alert(1)</script> <img src=x onerror=alert(1)>");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
    }

    #[test]
    fn javascript_links_lose_their_target() {
        let out = html("[click](javascript:alert(1)) and [ok](https://example.vn/)");
        assert!(!out.contains("javascript:"), "{out}");
        assert!(out.contains("href=\"https://example.vn/\""), "{out}");
    }

    #[test]
    fn relative_links_are_taken_from_the_site_root() {
        let out = html("[form](files/to-khai.docx)");
        assert!(
            out.contains("href=\"/thu-tuc/files/to-khai.docx\""),
            "{out}"
        );
    }

    #[test]
    fn tables_and_footnotes_are_rendered() {
        let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1].\n\n[^1]: Note.\n");
        assert!(out.contains("<table>"), "{out}");
        assert!(out.contains("href=\"#fn-1\""), "{out}");
        assert!(out.contains("id=\"fn-1\""), "{out}");
    }
}
