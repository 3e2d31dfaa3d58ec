//! The `procat` command line: a thin layer over the library that decides how to
//! print and which exit code to return.

use clap::{Parser, Subcommand, ValueEnum};
use procat::check::check_catalogue;
use std::path::PathBuf;
use std::process::ExitCode;

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
    /// Check the catalogue and print every problem at once (exit 0: no errors, 1: errors, 2: could not run)
    Check(CheckArgs),
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => check(&args),
    }
}

fn check(args: &CheckArgs) -> ExitCode {
    let checked = match check_catalogue(&args.content) {
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
    if errors > 0 {
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
