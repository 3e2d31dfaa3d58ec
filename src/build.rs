//! `procat build`: check, resolve, render, write.
//!
//! Nothing is written when the catalogue has errors; the output is replaced
//! whole, only once every renderer has succeeded (see [`crate::write`]).

use crate::check::check_catalogue;
use crate::diagnostic::Diagnostic;
use crate::model::{Date, Site};
use crate::render::theme::Theme;
use crate::render::{self, Output, RenderContext};
use crate::resolve::resolve;
use crate::write::Staging;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use std::fmt;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The catalogue folder.
    pub content: PathBuf,
    /// The folder the site is written to: replaced whole when it is new,
    /// empty or marked as built by procat; never the catalogue (see [`crate::write`]).
    pub output: PathBuf,
    pub as_of: Date,
    /// Overrides `base_url` of `site.yaml`.
    pub base_url: Option<String>,
    /// Show a progress bar (only when stderr is a terminal).
    pub progress: bool,
}

/// What a successful build did.
#[derive(Clone, Debug)]
pub struct BuildSummary {
    pub pages: u64,
    pub files: u64,
    pub bytes: u64,
    /// Wall time of each stage, in order.
    pub stages: Vec<(&'static str, Duration)>,
    /// Warnings found by the checks (the build went ahead).
    pub warnings: Vec<Diagnostic>,
}

impl fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let total: Duration = self.stages.iter().map(|(_, d)| *d).sum();
        write!(
            f,
            "built {} pages, {} files, {} in {:.2} s (",
            self.pages,
            self.files,
            human_bytes(self.bytes),
            total.as_secs_f64()
        )?;
        for (i, (stage, d)) in self.stages.iter().enumerate() {
            if i > 0 {
                write!(f, ", ")?;
            }
            write!(f, "{stage} {:.2} s", d.as_secs_f64())?;
        }
        write!(f, ")")?;
        if !self.warnings.is_empty() {
            write!(f, "; {} warning(s)", self.warnings.len())?;
        }
        Ok(())
    }
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "kB", "MB", "GB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[derive(Debug)]
pub enum BuildError {
    /// The catalogue or its theme has errors (every diagnostic, warnings
    /// included, sorted); nothing was written. Exit 1, or 2 when something could
    /// not be read (E001, see [`crate::check::could_not_read`]).
    Invalid(Vec<Diagnostic>),
    /// The build could not run or could not finish: no such folder, a file
    /// changed since the check, disk full. The previous output is untouched. Exit 2.
    Fatal(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Invalid(diagnostics) => {
                for d in diagnostics {
                    writeln!(f, "{d}")?;
                }
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                write!(
                    f,
                    "build stopped: {errors} error(s) in the catalogue; nothing was written"
                )
            }
            BuildError::Fatal(message) => write!(f, "build failed: {message}"),
        }
    }
}

impl std::error::Error for BuildError {}

pub fn build(options: &BuildOptions) -> Result<BuildSummary, BuildError> {
    let mut stages = Vec::new();
    let started = Instant::now();
    // Refused before the catalogue is loaded, which takes a while.
    crate::write::check_output(&options.output, &options.content)
        .map_err(|e| BuildError::Fatal(e.to_string()))?;
    let checked =
        check_catalogue(&options.content).map_err(|e| BuildError::Fatal(e.to_string()))?;
    if checked.has_errors() {
        return Err(BuildError::Invalid(checked.diagnostics));
    }
    let warnings = checked.diagnostics;
    let catalogue = checked.catalogue;
    let mut site: Site = catalogue
        .site
        .clone()
        .ok_or_else(|| BuildError::Fatal("site.yaml is missing or unusable".to_string()))?;
    if let Some(url) = &options.base_url {
        // The same rule as `base_url` in site.yaml.
        site.base_url = crate::model::base_url(url).ok_or_else(|| {
            BuildError::Fatal(format!(
                "--base-url `{url}` is not an absolute http(s) URL without `?` or `#` (such as https://thutuc.example.gov.vn/)"
            ))
        })?;
    }
    stages.push(("check", started.elapsed()));

    let started = Instant::now();
    let resolved = resolve(&catalogue, options.as_of);
    stages.push(("resolve", started.elapsed()));

    let started = Instant::now();
    let theme = Theme::locate(&catalogue.root, &site.theme).map_err(BuildError::Fatal)?;
    let staging = Staging::create(&options.output, &options.content)
        .map_err(|e| BuildError::Fatal(e.to_string()))?;
    let out = Output::new(staging.dir().to_path_buf());
    let ctx = RenderContext {
        resolved: &resolved,
        site: &site,
        base_path: render::base_path(&site.base_url),
        theme: &theme,
    };
    let expected = expected_files(&ctx);
    let progress = Progress::start(options.progress, expected, &out);
    let renderers = render::renderers();
    let results: Vec<_> = renderers.par_iter().map(|r| r.render(&ctx, &out)).collect();
    progress.finish();
    for result in results {
        // The staging folder is removed when `staging` is dropped.
        result.map_err(|e| BuildError::Fatal(e.to_string()))?;
    }
    stages.push(("render", started.elapsed()));

    let started = Instant::now();
    let (pages, files, bytes) = (
        out.pages_written(),
        out.files_written(),
        out.bytes_written(),
    );
    staging
        .commit()
        .map_err(|e| BuildError::Fatal(e.to_string()))?;
    stages.push(("write", started.elapsed()));

    Ok(BuildSummary {
        pages,
        files,
        bytes,
        stages,
        warnings,
    })
}

/// Roughly how many files a build writes, for the progress bar.
fn expected_files(ctx: &RenderContext) -> u64 {
    let cat = ctx.resolved.catalogue;
    (cat.procedures.len()
        + cat.localities.len()
        + cat.agencies.len()
        + cat.sectors.len()
        + cat.decisions.len()
        + cat.files.len()
        + 20) as u64
}

/// A progress bar fed by the output's file count, drawn only on a terminal.
struct Progress {
    done: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start(enabled: bool, total: u64, out: &Output) -> Progress {
        let done = Arc::new(AtomicBool::new(false));
        if !enabled || !std::io::stderr().is_terminal() {
            return Progress { done, thread: None };
        }
        let bar = ProgressBar::new(total);
        if let Ok(style) =
            ProgressStyle::with_template("{spinner} rendering {bar:40} {pos}/{len} files")
        {
            bar.set_style(style);
        }
        let flag = Arc::clone(&done);
        // The Output is borrowed; poll its counter through a shared handle instead.
        let counter = out.counter();
        let thread = std::thread::spawn(move || {
            while !flag.load(Ordering::Relaxed) {
                let n = counter.load(Ordering::Relaxed);
                bar.set_length(total.max(n));
                bar.set_position(n);
                std::thread::sleep(Duration::from_millis(100));
            }
            bar.finish_and_clear();
        });
        Progress {
            done,
            thread: Some(thread),
        }
    }

    fn finish(mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
