//! Themes: Tera templates under `templates/` and assets under `static/`.
//!
//! A theme is assembled from layers, each overriding files of the same path in
//! the layers before it:
//!
//! 1. the default theme embedded in the binary;
//! 2. `themes/default/` in the working directory, if present;
//! 3. `themes/NAME/` in the working directory, for a theme `NAME` other than `default`;
//! 4. `CATALOGUE/themes/NAME/`, the catalogue's own theme or overrides.
//!
//! So a catalogue can override a single template (`CATALOGUE/themes/default/templates/procedure.html`)
//! or bring a whole theme; anything it leaves out comes from the default theme.
//!
//! A theme on disk is catalogue input and follows the catalogue's rules (see
//! [`crate::load::walk`]): a link leading outside the theme folder is not followed,
//! FIFOs, sockets and devices are never opened, and templates get no function
//! that reads the machine (`get_env`): [`inspect`] reports all of it to `procat check`.

use crate::diagnostic::Diagnostic;
use crate::load::fields::codes;
use crate::load::walk::{self, Role};
use crate::model::Site;
use crate::source::Loc;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::Tera;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// Functions Tera offers that read the machine running the build (its
/// environment, clock, random numbers): a template on a public site must not
/// see CI secrets, and the same catalogue must give the same bytes.
const MACHINE_FUNCTIONS: &[&str] = &["get_env", "now", "get_random"];

/// The functions templates may call.
const TEMPLATE_FUNCTIONS: &[&str] = &["range", "throw"];

#[derive(Clone, Debug)]
enum Source {
    Embedded(&'static [u8]),
    Disk(PathBuf),
}

/// One theme file, from whichever layer won.
#[derive(Clone, Debug)]
pub struct ThemeFile {
    source: Source,
    /// How diagnostics name it: relative to the catalogue for the catalogue's own
    /// theme, `./themes/…` for one in the working directory.
    shown: Arc<str>,
}

impl ThemeFile {
    pub fn bytes(&self) -> Result<Cow<'static, [u8]>, String> {
        match &self.source {
            Source::Embedded(b) => Ok(Cow::Borrowed(b)),
            Source::Disk(p) => read_regular(p)
                .map(Cow::Owned)
                .map_err(|e| format!("{}: cannot read this theme file: {e}", self.shown)),
        }
    }

    /// The file on disk, if it came from disk.
    pub fn path(&self) -> Option<&Path> {
        match &self.source {
            Source::Disk(p) => Some(p),
            Source::Embedded(_) => None,
        }
    }
}

fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    crate::load::open_regular(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[derive(Clone, Debug)]
pub struct Theme {
    pub name: String,
    /// The most specific folder of the theme found on disk (the catalogue's own
    /// if it has one), or `themes/default` when only the embedded theme is used.
    pub dir: PathBuf,
    files: BTreeMap<String, ThemeFile>,
    /// Links not followed, entries skipped (W404, W407, W408, E001, E004).
    pub diagnostics: Vec<Diagnostic>,
    /// How diagnostics name `dir`.
    shown_dir: String,
}

impl Theme {
    /// Assembles theme `name` for the catalogue at `catalogue_root`.
    pub fn locate(catalogue_root: &Path, name: &str) -> Result<Theme, String> {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!(
                "theme `{name}`: a theme name is letters, digits, `-` and `_`"
            ));
        }
        let mut files = BTreeMap::new();
        for (rel, bytes) in embedded::DEFAULT_THEME {
            files.insert(
                (*rel).to_string(),
                ThemeFile {
                    source: Source::Embedded(bytes),
                    shown: Arc::from(format!("(built-in theme)/{rel}")),
                },
            );
        }
        let mut diagnostics = Vec::new();
        let mut dir = PathBuf::from("themes/default");
        let mut shown_dir = "./themes/default".to_string();
        // (folder, how diagnostics name it, whether it is the catalogue's own)
        let mut layers = vec![(
            PathBuf::from("themes/default"),
            "./themes/default".to_string(),
            false,
        )];
        if name != "default" {
            layers.push((
                Path::new("themes").join(name),
                format!("./themes/{name}"),
                false,
            ));
        }
        layers.push((
            catalogue_root.join("themes").join(name),
            format!("themes/{name}"),
            true,
        ));
        let mut found_named = name == "default";
        for (i, (layer, shown, own)) in layers.iter().enumerate() {
            if !layer.is_dir() {
                continue;
            }
            if *own && !inside(catalogue_root, layer) {
                diagnostics.push(
                    Diagnostic::warning(
                        codes::SYMLINK_OUTSIDE,
                        Loc::file(Arc::from(shown.as_str())),
                        "this theme folder leads outside the catalogue and is not used",
                    )
                    .with_hint("copy the theme into the catalogue instead"),
                );
                continue;
            }
            if i > 0 || name == "default" {
                found_named = true;
                dir = layer.clone();
                shown_dir = shown.clone();
            }
            collect(layer, shown, &mut files, &mut diagnostics);
        }
        if !found_named {
            return Err(format!(
                "theme `{name}` not found: looked in {} and {}",
                Path::new("themes").join(name).display(),
                catalogue_root.join("themes").join(name).display()
            ));
        }
        Ok(Theme {
            name: name.to_string(),
            dir,
            files,
            diagnostics,
            shown_dir,
        })
    }

    /// Every template, as `(name under templates/, source)`.
    pub fn templates(&self) -> Result<Vec<(String, String)>, String> {
        let (templates, problems) = self.read_templates();
        match problems.into_iter().next() {
            Some(d) => Err(format!("{}: {}", d.loc, d.message)),
            None => Ok(templates
                .into_iter()
                .map(|(name, _, text)| (name, text))
                .collect()),
        }
    }

    /// Every template that can be read, as `(name, file, source)`, and a
    /// diagnostic for each that can't.
    fn read_templates(&self) -> (Vec<(String, &ThemeFile, String)>, Vec<Diagnostic>) {
        let mut out = Vec::new();
        let mut problems = Vec::new();
        for (rel, file) in self.files.range("templates/".to_string()..) {
            let Some(name) = rel.strip_prefix("templates/") else {
                break;
            };
            let bytes = match file.bytes() {
                Ok(bytes) => bytes,
                Err(message) => {
                    problems.push(Diagnostic::error(
                        codes::IO,
                        Loc::file(file.shown.clone()),
                        message,
                    ));
                    continue;
                }
            };
            match String::from_utf8(bytes.into_owned()) {
                Ok(text) => out.push((name.to_string(), file, text)),
                Err(e) => {
                    let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                    let line = valid.iter().filter(|b| **b == b'\n').count() as u32 + 1;
                    problems.push(
                        Diagnostic::error(
                            codes::INVALID_UTF8,
                            Loc::new(file.shown.clone(), line, 1),
                            "this template is not valid UTF-8 text",
                        )
                        .with_hint("save the file as UTF-8 in your editor"),
                    );
                }
            }
        }
        (out, problems)
    }

    /// Every asset, as `(path under static/, file)`.
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .range("static/".to_string()..)
            .map_while(|(rel, file)| rel.strip_prefix("static/").map(|r| (r, file)))
    }

    /// The theme's templates, ready to render, with nothing that reads the machine.
    pub fn tera(&self) -> Result<Tera, String> {
        let mut tera = Tera::default();
        tera.add_raw_templates(self.templates()?)
            .map_err(|e| tera_message(&e))?;
        for name in MACHINE_FUNCTIONS {
            tera.register_function(name, refuse(name));
        }
        Ok(tera)
    }
}

/// A stand-in for a function templates may not call, failing with a clear message.
fn refuse(name: &'static str) -> impl tera::Function {
    move |_: &std::collections::HashMap<String, tera::Value>| -> tera::Result<tera::Value> {
        Err(tera::Error::msg(format!(
            "templates cannot call `{name}`: a procat theme may not read the machine that builds the site"
        )))
    }
}

/// Everything about the site's theme that would stop a build or that an editor
/// should know, as diagnostics: what `procat check` adds to the catalogue's.
pub fn inspect(catalogue_root: &Path, site: &Site) -> Vec<Diagnostic> {
    let theme = match Theme::locate(catalogue_root, &site.theme) {
        Ok(theme) => theme,
        Err(message) => {
            return vec![
                Diagnostic::error(codes::INVALID_VALUE, site.loc.clone(), message).with_hint(
                    "set `theme` in site.yaml to a folder under themes/, or leave it out for the default theme",
                ),
            ];
        }
    };
    let mut out = theme.diagnostics.clone();
    let (templates, problems) = theme.read_templates();
    out.extend(problems);
    let mut parsed_ok = true;
    let names: Vec<&str> = templates.iter().map(|(n, _, _)| n.as_str()).collect();
    for (name, file, text) in &templates {
        match tera::Template::new(name, None, text) {
            Ok(template) => check_calls(&template, &names, file, text, &mut out),
            Err(e) => {
                parsed_ok = false;
                let message = tera_message(&e);
                let (line, col) = pest_position(&message).unwrap_or((1, 1));
                out.push(
                    Diagnostic::error(
                        codes::SYNTAX,
                        Loc::new(file.shown.clone(), line, col),
                        format!("this template has a syntax error: {message}"),
                    )
                    .with_hint("see https://keats.github.io/tera/docs/ for the template syntax"),
                );
            }
        }
    }
    let clean = parsed_ok && out.iter().all(|d| !d.is_error());
    if clean && let Err(message) = theme.tera() {
        out.push(Diagnostic::error(
            codes::SYNTAX,
            Loc::file(Arc::from(theme.shown_dir.as_str())),
            format!("the theme's templates do not fit together: {message}"),
        ));
    }
    out
}

/// Reports calls to functions templates may not use, and includes of templates
/// that do not exist (Tera only finds those while rendering).
fn check_calls(
    template: &tera::Template,
    names: &[&str],
    file: &ThemeFile,
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut uses = Uses::default();
    uses.nodes(&template.ast);
    for def in template.macros.values() {
        uses.nodes(&def.body);
    }
    uses.functions.sort();
    uses.functions.dedup();
    for function in &uses.functions {
        if TEMPLATE_FUNCTIONS.contains(&function.as_str()) {
            continue;
        }
        let message = if MACHINE_FUNCTIONS.contains(&function.as_str()) {
            format!(
                "this template calls `{function}`, which reads the machine that builds the site; procat themes may not"
            )
        } else {
            format!(
                "this template calls `{function}`, which is not a function procat templates offer"
            )
        };
        out.push(
            Diagnostic::error(codes::SYNTAX, position_of(&file.shown, text, function), message)
                .with_hint(format!(
                    "templates see only the page's data (`page`, `site`, `t`, `base`) and the functions {}",
                    TEMPLATE_FUNCTIONS
                        .iter()
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
        );
    }
    for (included, ignore_missing) in &uses.includes {
        if *ignore_missing || names.contains(&included.as_str()) {
            continue;
        }
        out.push(Diagnostic::error(
            codes::SYNTAX,
            position_of(&file.shown, text, included),
            format!("this template includes `{included}`, which the theme does not have"),
        ));
    }
}

/// The first line and column where `needle` appears in `text`.
fn position_of(path: &Arc<str>, text: &str, needle: &str) -> Loc {
    match text.find(needle) {
        Some(at) => {
            let before = &text[..at];
            let line = before.matches('\n').count() as u32 + 1;
            let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
            Loc::new(path.clone(), line, col)
        }
        None => Loc::file(path.clone()),
    }
}

/// The `line:col` of a Tera (pest) parse error, written ` --> 3:7`.
fn pest_position(message: &str) -> Option<(u32, u32)> {
    let rest = &message[message.find("--> ")? + 4..];
    let end = rest
        .find(|c: char| !c.is_ascii_digit() && c != ':')
        .unwrap_or(rest.len());
    let (line, col) = rest[..end].split_once(':')?;
    Some((line.parse().ok()?, col.parse().ok()?))
}

/// Function calls and includes found in a template.
#[derive(Default)]
struct Uses {
    functions: Vec<String>,
    includes: Vec<(String, bool)>,
}

impl Uses {
    fn nodes(&mut self, nodes: &[tera::ast::Node]) {
        use tera::ast::Node;
        for node in nodes {
            match node {
                Node::VariableBlock(_, e) => self.expr(e),
                Node::MacroDefinition(_, def, _) => {
                    def.args.values().flatten().for_each(|e| self.expr(e));
                    self.nodes(&def.body);
                }
                Node::Set(_, set) => self.expr(&set.value),
                Node::FilterSection(_, section, _) => {
                    self.call_args(&section.filter);
                    self.nodes(&section.body);
                }
                Node::Block(_, block, _) => self.nodes(&block.body),
                Node::Forloop(_, forloop, _) => {
                    self.expr(&forloop.container);
                    self.nodes(&forloop.body);
                    if let Some(body) = &forloop.empty_body {
                        self.nodes(body);
                    }
                }
                Node::If(branches, _) => {
                    for (_, condition, body) in &branches.conditions {
                        self.expr(condition);
                        self.nodes(body);
                    }
                    if let Some((_, body)) = &branches.otherwise {
                        self.nodes(body);
                    }
                }
                // With several names, the first that exists is used.
                Node::Include(_, names, ignore_missing) if names.len() == 1 => {
                    self.includes.push((names[0].clone(), *ignore_missing));
                }
                _ => {}
            }
        }
    }

    fn call_args(&mut self, call: &tera::ast::FunctionCall) {
        call.args.values().for_each(|e| self.expr(e));
    }

    fn expr(&mut self, e: &tera::ast::Expr) {
        self.val(&e.val);
        for filter in &e.filters {
            self.call_args(filter);
        }
    }

    fn val(&mut self, v: &tera::ast::ExprVal) {
        use tera::ast::ExprVal;
        match v {
            ExprVal::Math(m) => {
                self.expr(&m.lhs);
                self.expr(&m.rhs);
            }
            ExprVal::Logic(l) => {
                self.expr(&l.lhs);
                self.expr(&l.rhs);
            }
            ExprVal::In(i) => {
                self.expr(&i.lhs);
                self.expr(&i.rhs);
            }
            ExprVal::Test(t) => t.args.iter().for_each(|e| self.expr(e)),
            ExprVal::MacroCall(m) => m.args.values().for_each(|e| self.expr(e)),
            ExprVal::FunctionCall(f) => {
                self.functions.push(f.name.clone());
                self.call_args(f);
            }
            ExprVal::Array(items) => items.iter().for_each(|e| self.expr(e)),
            ExprVal::StringConcat(c) => c.values.iter().for_each(|v| self.val(v)),
            _ => {}
        }
    }
}

/// Whether `path` (which exists) is inside `root`, once links are resolved.
fn inside(root: &Path, path: &Path) -> bool {
    match (fs::canonicalize(root), fs::canonicalize(path)) {
        (Ok(root), Ok(path)) => path.starts_with(root),
        _ => false,
    }
}

/// Adds the files of one layer, by the catalogue's rules.
fn collect(
    layer: &Path,
    shown: &str,
    files: &mut BTreeMap<String, ThemeFile>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let prefix = format!("{shown}/");
    let walked = match walk::walk(layer, &prefix, &|_, _| Role::Input) {
        Ok(walked) => walked,
        Err(e) => {
            diagnostics.push(Diagnostic::error(
                codes::IO,
                Loc::file(Arc::from(shown)),
                format!("this theme folder cannot be read: {e}"),
            ));
            return;
        }
    };
    diagnostics.extend(walked.diagnostics);
    for file in walked.files {
        let shown = Arc::from(format!("{prefix}{}", file.rel));
        files.insert(
            file.rel,
            ThemeFile {
                source: Source::Disk(file.abs),
                shown,
            },
        );
    }
}

pub fn tera_message(e: &tera::Error) -> String {
    use std::error::Error as _;
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}
