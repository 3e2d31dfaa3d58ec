//! The `procat` command line: a thin layer over the library that decides how to
//! print and which exit code to return.

use clap::{Parser, Subcommand, ValueEnum};
use procat::check::check_catalogue_with;
use std::path::PathBuf;
use std::process::ExitCode;

// Rendering thousands of pages allocates and frees many small strings; mimalloc
// does that markedly faster than the system allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "procat",
    version,
    about = "Build a public website of administrative procedures from a catalogue folder",
    long_about = "procat reads a catalogue of administrative procedures and the decisions that \
announce them (YAML and Markdown files under git), checks it, works out the status of every \
procedure in every locality as of a date, and publishes a static website with search and open data."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check the catalogue and print every problem at once (exit 0: no errors, 1: errors, 2: could not run or something could not be read, E001)
    Check(CheckArgs),
    /// Check the catalogue, then publish the website into the output folder (exit 0: built, 1: catalogue errors, nothing written, 2: could not run)
    Build(BuildArgs),
    /// Build the catalogue into a temporary folder, serve it on 127.0.0.1, rebuild when a file changes and reload open pages (Ctrl-C stops it)
    Serve(ServeArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// `path:line:column: error[CODE]: message`, with a hint line where one helps
    Text,
    /// One JSON object per line: path, line, column, severity, code, message, hint
    Json,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// The catalogue folder
    #[arg(long, value_name = "DIR", default_value = "content")]
    content: PathBuf,
    /// How to print problems
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(clap::Args)]
struct BuildArgs {
    /// The catalogue folder
    #[arg(long, value_name = "DIR", default_value = "content")]
    content: PathBuf,
    /// Where to write the site: a new or empty folder, or one procat built before (marked by .procat-output.json); replaced whole, only when the build succeeds
    #[arg(long, value_name = "DIR", default_value = "output")]
    output: PathBuf,
    /// Publish statuses as of this date (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<procat::model::Date>,
    /// Override `base_url` from site.yaml, e.g. to host the site under another sub-path
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// How to print problems
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// The catalogue folder
    #[arg(long, value_name = "DIR", default_value = "content")]
    content: PathBuf,
    /// Preview statuses as of this date (YYYY-MM-DD) [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<procat::model::Date>,
    /// The port on 127.0.0.1 (0: any free port)
    #[arg(long, value_name = "N", default_value_t = 1111)]
    port: u16,
}

fn parse_date(s: &str) -> Result<procat::model::Date, String> {
    procat::load::fields::parse_date(s)
        .ok_or_else(|| format!("`{s}` is not a date like 2024-06-01"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(&args),
        Command::Build(args) => build(&args),
        Command::Serve(args) => serve(&args),
    }
}

fn serve(args: &ServeArgs) -> ExitCode {
    let options = procat::serve::ServeOptions {
        content: args.content.clone(),
        as_of: args.as_of,
        port: args.port,
    };
    match procat::serve::run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn build(args: &BuildArgs) -> ExitCode {
    use procat::build::{BuildError, BuildOptions};
    let options = BuildOptions {
        content: args.content.clone(),
        output: args.output.clone(),
        as_of: args
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        base_url: args.base_url.clone(),
        progress: true,
    };
    match procat::build::build(&options) {
        Ok(summary) => {
            print_diagnostics(&summary.warnings, args.format);
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(BuildError::Invalid(diagnostics)) => {
            print_diagnostics(&diagnostics, args.format);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "build stopped: {errors} error{} in the catalogue; nothing was written",
                if errors == 1 { "" } else { "s" }
            );
            if procat::check::could_not_read(&diagnostics) {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
        Err(e @ BuildError::Fatal(_)) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn check(args: &CheckArgs) -> ExitCode {
    let options = procat::load::LoadOptions { bodies: false };
    let checked = match check_catalogue_with(&args.content, options) {
        Ok(checked) => checked,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    print_diagnostics(&checked.diagnostics, args.format);
    let (errors, warnings) = (checked.error_count(), checked.warning_count());
    let c = &checked.catalogue;
    eprintln!(
        "checked {} procedures, {} decisions, {} localities, {} agencies: {} error{}, {} warning{}",
        c.procedures.len(),
        c.decisions.len(),
        c.localities.len(),
        c.agencies.len(),
        errors,
        if errors == 1 { "" } else { "s" },
        warnings,
        if warnings == 1 { "" } else { "s" },
    );
    if checked.could_not_read() {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn print_diagnostics(diagnostics: &[procat::diagnostic::Diagnostic], format: Format) {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for d in diagnostics {
        let line = match format {
            Format::Text => d.to_string(),
            Format::Json => d.to_json_line(),
        };
        // A closed pipe (`procat check | head`) is not an error worth reporting.
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
    let _ = out.flush();
}
