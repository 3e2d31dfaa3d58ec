//! Editors' Markdown to safe HTML.
//!
//! Raw HTML in Markdown is shown as text, never rendered; the result is then
//! sanitised with ammonia, so scripts, event handlers and `javascript:` URLs
//! cannot reach a page whatever the input. Relative links are taken as relative
//! to the site root (`files/x.pdf` becomes `{base}files/x.pdf`).
//!
//! Nesting is bounded: `procat check` reports Markdown nested more than
//! [`MAX_NESTING`] levels deep ([`first_too_deep`]), and rendering flattens
//! whatever is deeper still, so no input can make the HTML sanitiser or minifier
//! recurse or slow down without end (thousands of `> > >` did both).

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, html};
use std::borrow::Cow;

/// Block quotes, lists, list items, emphasis, links, table parts and the like,
/// each inside the other: deeper than this is refused by `check` and flattened
/// when rendering. Editors' text nests a handful of levels.
pub const MAX_NESTING: usize = 32;

/// The Markdown that editors may write (the same for checking and rendering).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
}

/// The byte offset in `source` of the first element nested more than
/// [`MAX_NESTING`] levels deep, if any.
///
/// A cheap scan comes first: every level takes at least one marker character,
/// either at the start of its line (`>`, `-`, `1.`, indentation) or in its
/// paragraph (`*`, `_`, `~`, `[`), so text with few of them on any line or in
/// any paragraph cannot be too deep and is not parsed at all. `procat check`
/// runs this on every body, so it must stay far cheaper than rendering.
pub fn first_too_deep(source: &str) -> Option<usize> {
    if nesting_bound(source) <= MAX_NESTING {
        return None;
    }
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        match event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(range.start);
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// An upper bound of how deep pulldown-cmark's elements nest in `source`: each
/// marker at the start of a line may open two levels (a list and its item, a
/// footnote and its paragraph); in a paragraph, each emphasis takes two of its
/// `*`, `_` or `~` and each link one `[` or `<`; a paragraph, table or autolink
/// adds a few more.
fn nesting_bound(source: &str) -> usize {
    const FIXED: usize = 6;
    let mut worst = 0;
    let mut block = 0;
    let (mut emphasis, mut links) = (0usize, 0);
    for line in source.as_bytes().split(|&b| b == b'\n') {
        if line.iter().all(u8::is_ascii_whitespace) {
            // A blank line ends a paragraph, and with it inline nesting.
            block = 0;
            (emphasis, links) = (0, 0);
            continue;
        }
        if starts_a_block(line) {
            // So does a block that may interrupt a paragraph; its containers
            // are all on this line.
            block = 0;
            (emphasis, links) = (0, 0);
        }
        block = block.max(2 * line_prefix(line));
        for b in line {
            match b {
                b'*' | b'_' | b'~' => emphasis += 1,
                b'[' | b'<' => links += 1,
                _ => {}
            }
        }
        worst = worst.max(block + emphasis.div_ceil(2) + links + FIXED);
    }
    worst
}

/// Whether `line` surely starts a new block rather than continuing a
/// paragraph: at most three spaces, then `>`, or a bullet or `1.` list item
/// with text (the blocks that may interrupt a paragraph).
fn starts_a_block(line: &[u8]) -> bool {
    let indent = line.iter().take_while(|&&b| b == b' ').count();
    if indent > 3 {
        return false;
    }
    let rest = &line[indent..];
    let item = match rest {
        [b'>', ..] => return true,
        [b'-' | b'*' | b'+', tail @ ..] => tail,
        [b'1', b'.' | b')', tail @ ..] => tail,
        _ => return false,
    };
    matches!(item, [b' ', next, ..] if !next.is_ascii_whitespace())
}

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
        let mut flatten = Flatten::default();
        let events = Parser::new_ext(source, options())
            .filter(|event| flatten.keep(event))
            .map(|event| match event {
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

/// How many levels the start of `line` may open: a unit per marker character
/// and space (a tab is four), and two per footnote label (`[^note]: `), after
/// which markers may follow again.
fn line_prefix(line: &[u8]) -> usize {
    let mut units = 0;
    let mut rest = line;
    loop {
        match rest {
            [
                b' ' | b'>' | b'-' | b'+' | b'*' | b'.' | b')' | b'0'..=b'9',
                tail @ ..,
            ] => {
                units += 1;
                rest = tail;
            }
            [b'\t', tail @ ..] => {
                units += 4;
                rest = tail;
            }
            [b'[', b'^', tail @ ..] => match tail.windows(2).position(|w| w == b"]:") {
                Some(end) => {
                    units += 2;
                    rest = &tail[end + 2..];
                }
                None => return units,
            },
            _ => return units,
        }
    }
}

/// Drops the elements nested past [`MAX_NESTING`], keeping their text: `check`
/// refuses such Markdown, so this only guards renders of unchecked text.
#[derive(Default)]
struct Flatten {
    /// For each open element, whether its start was kept.
    open: Vec<bool>,
    kept: usize,
}

impl Flatten {
    fn keep(&mut self, event: &Event) -> bool {
        match event {
            Event::Start(_) => {
                let keep = self.kept < MAX_NESTING;
                self.open.push(keep);
                self.kept += usize::from(keep);
                keep
            }
            Event::End(_) => {
                let kept = self.open.pop().unwrap_or(false);
                self.kept -= usize::from(kept);
                kept
            }
            _ => true,
        }
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

    /// How deep elements nest in the rendered HTML.
    fn html_depth(html: &str) -> usize {
        let (mut depth, mut worst) = (0usize, 0);
        for tag in html.split('<').skip(1) {
            if tag.starts_with('/') {
                depth = depth.saturating_sub(1);
            } else if !tag.starts_with("br") && !tag.starts_with("hr") && !tag.starts_with("img") {
                depth += 1;
                worst = worst.max(depth);
            }
        }
        worst
    }

    fn exact_depth(source: &str) -> usize {
        let (mut depth, mut worst) = (0usize, 0);
        for event in Parser::new_ext(source, options()) {
            match event {
                Event::Start(_) => {
                    depth += 1;
                    worst = worst.max(depth);
                }
                Event::End(_) => depth -= 1,
                _ => {}
            }
        }
        worst
    }

    #[test]
    fn markdown_nested_past_the_limit_is_found_at_its_place() {
        let deep = format!("Steps.\n\n{}x\n", "> ".repeat(40));
        let at = first_too_deep(&deep).unwrap();
        assert_eq!(deep[..at].matches('\n').count(), 2, "on the third line");
        let lists = format!("{}x\n", "- ".repeat(20));
        assert!(first_too_deep(&lists).is_some());
        let emphasis = format!("{}x{}", "*a ".repeat(40), " a*".repeat(40));
        assert!(first_too_deep(&emphasis).is_some());
    }

    #[test]
    fn ordinary_markdown_is_not_too_deep() {
        let text = "1. Nộp hồ sơ:\n   - tờ khai *(bản chính)*;\n   - > **Lưu ý:** [mẫu](files/a.pdf)\n\n| a | b |\n|---|---|\n| *1* | 2 |\n";
        assert_eq!(first_too_deep(text), None);
        assert_eq!(first_too_deep(&format!("{}x\n", "> ".repeat(31))), None);
    }

    #[test]
    fn rendering_flattens_what_is_nested_past_the_limit() {
        for source in [
            format!("{}x\n", "> ".repeat(5000)),
            format!("{}x\n", "- ".repeat(5000)),
            format!("{}x{}", "*a ".repeat(5000), " a*".repeat(5000)),
        ] {
            let out = html(&source);
            assert!(out.contains('x'), "the text stays");
            assert!(html_depth(&out) <= MAX_NESTING, "{}", html_depth(&out));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// The cheap scan never says "shallow" about text that is deep.
        #[test]
        fn the_cheap_bound_is_never_below_the_real_depth(
            parts in proptest::collection::vec((
                proptest::sample::select(vec![
                    "> ", ">", "- ", "* ", "+ ", "1. ", "2) ", "  ", "    ", "\t", "\n", "\n\n",
                    "*", "**", "_", "__", "~", "~~", "[", "](u)", "![", "[^a]", "[^a]: ",
                    "<http://a.vn>", "`", "```\n", "|", "|-|\n", "# ", "x", "a ", "<div>",
                    "\n> ", "\n- ", "-\n", "10. ", "===\n", "[a]: u\n", "\\", "Đ", "a\n",
                    "\n1. ", "\n2. ", "\n   ", "\n    - ", "- a\n", "* * *\n", "**a ", "a** ",
                ]),
                1..40usize,
            ), 0..40)
        ) {
            let source: String = parts.iter().map(|(part, n)| part.repeat(*n)).collect();
            let exact = exact_depth(&source);
            proptest::prop_assert!(nesting_bound(&source) >= exact, "{source:?}: {exact}");
            proptest::prop_assert_eq!(first_too_deep(&source).is_some(), exact > MAX_NESTING);
        }
    }

    #[test]
    fn tables_and_footnotes_are_rendered() {
        let out = html("| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1].\n\n[^1]: Note.\n");
        assert!(out.contains("<table>"), "{out}");
        assert!(out.contains("href=\"#fn-1\""), "{out}");
        assert!(out.contains("id=\"fn-1\""), "{out}");
    }
}
