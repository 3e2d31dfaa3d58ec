//! Answers one request of `procat serve`: a file of the built site, the live
//! reload endpoint, or the page of catalogue errors.

use super::{Problems, Shared};
use crate::diagnostic::{Diagnostic, Severity};
use percent_encoding::percent_decode_str;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The live reload endpoint; answers the site's version.
const VERSION_PATH: &str = "/__procat/version";
/// How long a long poll waits for a change before answering anyway.
const LONG_POLL: Duration = Duration::from_secs(25);

pub(super) fn respond(shared: &Shared, request: tiny_http::Request) {
    let url = request.url().to_owned();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let path = path.split('#').next().unwrap_or("/");
    let response = if path == VERSION_PATH {
        version(shared, query)
    } else {
        page(shared, path)
    };
    let _ = request.respond(response);
}

type Response = tiny_http::Response<std::io::Cursor<Vec<u8>>>;

fn version(shared: &Shared, query: &str) -> Response {
    let since = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(|v| v.parse::<u64>().ok());
    let version = match since {
        Some(seen) => shared.wait_for_change(seen, LONG_POLL),
        None => shared.state().version,
    };
    reply(
        200,
        "text/plain; charset=utf-8",
        version.to_string().into_bytes(),
    )
}

fn page(shared: &Shared, path: &str) -> Response {
    let target = match resolve(&shared.site, path) {
        Ok(target) => target,
        Err(Refused) => return reply(400, "text/plain; charset=utf-8", b"bad path".to_vec()),
    };
    let (version, problems, has_site) = {
        let state = shared.state();
        (state.version, state.problems.clone(), state.has_site)
    };
    if let Target::Folder(location) = &target {
        return redirect(location);
    }
    let wants_html = match &target {
        Target::File(file) | Target::Missing(file) => is_html(file) || file.extension().is_none(),
        Target::Folder(_) => true,
    };
    // The errors stand in for every page, until they are fixed.
    if wants_html && (problems.is_some() || !has_site) {
        let body = error_page(problems.as_ref(), has_site);
        return reply(500, HTML, with_reload(&body, version).into_bytes());
    }
    match target {
        Target::File(file) => match std::fs::read(&file) {
            Ok(bytes) if is_html(&file) => reply(200, HTML, inject(bytes, version)),
            Ok(bytes) => reply(200, content_type(&file), bytes),
            Err(_) => not_found(shared, version),
        },
        Target::Missing(_) | Target::Folder(_) => not_found(shared, version),
    }
}

const HTML: &str = "text/html; charset=utf-8";

fn not_found(shared: &Shared, version: u64) -> Response {
    match std::fs::read(shared.site.join("404.html")) {
        Ok(bytes) => reply(404, HTML, inject(bytes, version)),
        Err(_) => reply(404, "text/plain; charset=utf-8", b"not found".to_vec()),
    }
}

fn redirect(location: &str) -> Response {
    let mut response = reply(301, "text/plain; charset=utf-8", Vec::new());
    if let Ok(header) = tiny_http::Header::from_bytes("Location", location) {
        response.add_header(header);
    }
    response
}

fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Response {
    let mut response = tiny_http::Response::from_data(body).with_status_code(status);
    for (name, value) in [
        ("Content-Type", content_type),
        // A preview is always fresh.
        ("Cache-Control", "no-store"),
        // tiny_http 0.12 sometimes never answered the next request of a kept-alive connection.
        ("Connection", "close"),
    ] {
        if let Ok(header) = tiny_http::Header::from_bytes(name, value) {
            response.add_header(header);
        }
    }
    response
}

#[derive(Debug, PartialEq)]
pub(super) struct Refused;

#[derive(Debug, PartialEq)]
pub(super) enum Target {
    /// A file inside the site.
    File(PathBuf),
    /// A folder asked for without its final `/`: redirect to this path.
    Folder(String),
    /// Nothing there (or something that leads out of the site).
    Missing(PathBuf),
}

/// Maps a URL path to a file of the site. Refuses `..`, `.`, encoded slashes and
/// anything not UTF-8; a path that leads out of the site through a link is missing.
pub(super) fn resolve(site: &Path, path: &str) -> Result<Target, Refused> {
    let mut file = site.to_path_buf();
    for raw in path.split('/').filter(|s| !s.is_empty()) {
        let segment = percent_decode_str(raw).decode_utf8().map_err(|_| Refused)?;
        if segment == "."
            || segment == ".."
            || segment.contains(['/', '\\', '\0'])
            || segment.starts_with(crate::write::STAGING_MARK)
        {
            return Err(Refused);
        }
        file.push(segment.as_ref());
    }
    if file.is_dir() {
        if !path.ends_with('/') {
            return Ok(Target::Folder(format!("{path}/")));
        }
        file.push("index.html");
    }
    let inside = match (file.canonicalize(), site.canonicalize()) {
        (Ok(real), Ok(root)) => real.starts_with(root),
        _ => false,
    };
    if inside && file.is_file() {
        Ok(Target::File(file))
    } else {
        Ok(Target::Missing(file))
    }
}

fn is_html(file: &Path) -> bool {
    matches!(
        file.extension().and_then(|e| e.to_str()),
        Some("html" | "htm")
    )
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html" | "htm") => HTML,
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("wasm") => "application/wasm",
        Some("zip") => "application/zip",
        Some("gz") => "application/gzip",
        _ => "application/octet-stream",
    }
}

/// The script that reloads the page when the site's version moves past
/// `version`. Without JavaScript the page simply stays as it is.
pub(super) fn reload_script(version: u64) -> String {
    format!(
        "<script data-procat-serve>(function(){{var v={version};function poll(){{\
fetch(\"{VERSION_PATH}?since=\"+v,{{cache:\"no-store\"}}).then(function(r){{return r.text()}})\
.then(function(t){{if(t.trim()!==String(v)){{location.reload()}}else{{poll()}}}})\
.catch(function(){{setTimeout(poll,1000)}})}}poll()}})();</script>"
    )
}

fn inject(bytes: Vec<u8>, version: u64) -> Vec<u8> {
    match String::from_utf8(bytes) {
        Ok(text) => with_reload(&text, version).into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// `html` with the reload script before its last `</body>`, or at its end.
pub(super) fn with_reload(html: &str, version: u64) -> String {
    let script = reload_script(version);
    let at = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + script.len());
    out.push_str(&html[..at]);
    out.push_str(&script);
    out.push_str(&html[at..]);
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The page shown in place of every page while the catalogue has errors.
pub(super) fn error_page(problems: Option<&Problems>, has_site: bool) -> String {
    let mut items = String::new();
    let (title, lead) = match problems {
        Some(Problems::Catalogue(diagnostics)) => {
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            for d in diagnostics.iter().filter(|d| d.is_error()) {
                items.push_str(&diagnostic_item(d));
            }
            for d in diagnostics.iter().filter(|d| !d.is_error()) {
                items.push_str(&diagnostic_item(d));
            }
            (
                format!(
                    "{errors} error{} in the catalogue",
                    if errors == 1 { "" } else { "s" }
                ),
                "Fix the files below and save: this page reloads by itself.",
            )
        }
        Some(Problems::Fatal(message)) => {
            items.push_str(&format!("<li><p>{}</p></li>", escape(message)));
            (
                "The site could not be built".to_owned(),
                "Fix the problem below and save: this page reloads by itself.",
            )
        }
        None => (
            "No site yet".to_owned(),
            "The first build has not finished.",
        ),
    };
    let kept = if has_site {
        "<p>The last good site is kept and comes back once the catalogue builds again.</p>"
    } else {
        ""
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>procat serve: {title}</title><style>\
body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#0b0c0c}}\
h1{{color:#d4351c}}ol{{padding-left:1.5rem}}li{{margin:0 0 1rem}}code{{font-size:1rem}}\
.warning{{color:#594d00}}.hint{{margin:.25rem 0 0;color:#505a5f}}</style></head>\
<body><main><h1 id=\"procat-errors\">{title}</h1><p>{lead}</p>{kept}<ol>{items}</ol></main></body></html>\n"
    )
}

fn diagnostic_item(d: &Diagnostic) -> String {
    let (kind, class) = match d.severity {
        Severity::Error => ("error", "error"),
        Severity::Warning => ("warning", "warning"),
    };
    let hint = d
        .hint
        .as_ref()
        .map(|h| format!("<p class=\"hint\">hint: {}</p>", escape(h)))
        .unwrap_or_default();
    format!(
        "<li class=\"{class}\"><p><code>{}:{}:{}</code> {kind}[{}]: {}</p>{hint}</li>",
        escape(&d.loc.path),
        d.loc.line.max(1),
        d.loc.col.max(1),
        escape(d.code),
        escape(&d.message),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_dot_and_encoded_dot_dot_are_refused() {
        let site = Path::new("/nonexistent-site");
        for path in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/a/%2E%2E/%2e%2e/x",
            "/a%2f..%2fb",
            "/./x",
            "/a%5c..",
        ] {
            assert_eq!(resolve(site, path), Err(Refused), "{path}");
        }
    }

    #[test]
    fn the_reload_script_goes_before_the_last_closing_body() {
        let html = with_reload("<html><body><p>x</p></BODY></html>", 7);
        let at = html
            .find("<script data-procat-serve>")
            .unwrap_or(usize::MAX);
        assert!(at < html.find("</BODY>").unwrap_or(0), "{html}");
        assert!(html.contains("var v=7;"), "{html}");
    }

    #[test]
    fn the_error_page_escapes_what_the_catalogue_says() {
        use crate::source::Loc;
        use std::sync::Arc;
        let d = Diagnostic::error(
            "E101",
            Loc::new(Arc::from("procedures/<x>.yaml"), 3, 5),
            "bad <script>alert(1)</script>",
        )
        .with_hint("write \"a & b\"");
        let page = error_page(Some(&Problems::Catalogue(vec![d])), true);
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains("procedures/&lt;x&gt;.yaml:3:5"), "{page}");
        assert!(page.contains("hint: write &quot;a &amp; b&quot;"), "{page}");
    }
}
