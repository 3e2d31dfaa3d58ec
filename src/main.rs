//! The `procat` command line: a thin layer over the library that decides how to
//! print and which exit code to return.

use clap::{Parser, Subcommand, ValueEnum};
use procat::check::check_catalogue_with;
use procat::locate::Found;
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
    /// Start a new catalogue in DIR (new or empty): an example of every record, commented in Vietnamese and English, with editor schemas, a CI workflow and a .gitignore (exit 0: written, 2: refused)
    Init(InitArgs),
    /// Write a new procedure, decision or agency from a template, never over an existing file (exit 0: written, 2: refused)
    New(NewArgs),
    /// Write the JSON Schemas of every record kind into DIR, for editors (yaml-language-server) (exit 0: written, 2: could not write)
    Schema(SchemaArgs),
}

#[derive(clap::Args)]
struct InitArgs {
    /// The folder to create; must be missing or empty
    #[arg(value_name = "DIR")]
    dir: PathBuf,
}

#[derive(clap::Args)]
struct NewArgs {
    #[command(subcommand)]
    kind: NewKind,
    /// The catalogue folder [default: the current folder if it holds site.yaml, else content]
    #[arg(long, value_name = "DIR", global = true)]
    content: Option<PathBuf>,
}

#[derive(Subcommand)]
enum NewKind {
    /// procedures/CODE.md, such as `procat new procedure 1.001193`
    Procedure {
        #[arg(value_name = "CODE")]
        name: String,
    },
    /// decisions/SLUG.yaml, such as `procat new decision qd-1234-ubnd-2025`
    Decision {
        #[arg(value_name = "SLUG")]
        name: String,
    },
    /// agencies/ID.yaml, such as `procat new agency so-tu-phap`
    Agency {
        #[arg(value_name = "ID")]
        name: String,
    },
}

#[derive(clap::Args)]
struct SchemaArgs {
    /// The folder to write the schemas into (created if needed)
    #[arg(value_name = "DIR")]
    dir: PathBuf,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// `path:line:column: error[CODE]: message`, with a hint line where one helps
    Text,
    /// One JSON object per line: path, line, column, severity, code, message, hint
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…,col=…,title=CODE::message`), paths from the repository root
    Github,
}

#[derive(clap::Args)]
struct CheckArgs {
    /// The catalogue folder [default: the current folder if it holds site.yaml, else content]
    #[arg(long, value_name = "DIR")]
    content: Option<PathBuf>,
    /// Accepted as by build and serve (YYYY-MM-DD); the checks cover every decision whatever its dates, so the result is the same for any date
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<procat::model::Date>,
    /// How to print problems
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(clap::Args)]
struct BuildArgs {
    /// The catalogue folder [default: the current folder if it holds site.yaml, else content]
    #[arg(long, value_name = "DIR")]
    content: Option<PathBuf>,
    /// Where to write the site: a new or empty folder, or one procat built before (marked by .procat-output.json); replaced whole, only when the build succeeds. Never inside the catalogue [default: output]
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
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
    /// The catalogue folder [default: the current folder if it holds site.yaml, else content]
    #[arg(long, value_name = "DIR")]
    content: Option<PathBuf>,
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
        Command::Init(args) => init(&args),
        Command::New(args) => new(&args),
        Command::Schema(args) => schema(&args),
        Command::Serve(args) => serve(&args),
    }
}

fn serve(args: &ServeArgs) -> ExitCode {
    let Some((content, _)) = catalogue(args.content.as_ref(), Format::Text) else {
        return ExitCode::from(2);
    };
    let options = procat::serve::ServeOptions {
        content,
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

fn init(args: &InitArgs) -> ExitCode {
    match procat::scaffold::init(&args.dir) {
        Ok(files) => {
            for file in &files {
                println!("{}", args.dir.join(file).display());
            }
            eprintln!(
                "wrote a new catalogue in {0}/{1}; next: cd {0} && procat check && procat build",
                args.dir.display(),
                procat::scaffold::CONTENT
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn new(args: &NewArgs) -> ExitCode {
    use procat::scaffold::NewKind as Kind;
    let (kind, name) = match &args.kind {
        NewKind::Procedure { name } => (Kind::Procedure, name),
        NewKind::Decision { name } => (Kind::Decision, name),
        NewKind::Agency { name } => (Kind::Agency, name),
    };
    let Some((content, _)) = catalogue(args.content.as_ref(), Format::Text) else {
        return ExitCode::from(2);
    };
    match procat::scaffold::new_record(&content, kind, name) {
        Ok(path) => {
            println!("{}", path.display());
            eprintln!(
                "fill in the blanks, then run `procat check`: it names each required key still blank (E200){}",
                if kind == Kind::Procedure {
                    "; add the code to a decision to announce it"
                } else {
                    ""
                }
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn schema(args: &SchemaArgs) -> ExitCode {
    match procat::schema::write(&args.dir) {
        Ok(paths) => {
            for path in paths {
                println!("{}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {}: {e}", args.dir.display());
            ExitCode::from(2)
        }
    }
}

/// The catalogue folder of `--content`, or the one found from the current folder
/// (SPEC §6); `None` once the reason it can't be found is printed.
fn catalogue(given: Option<&PathBuf>, format: Format) -> Option<(PathBuf, Found)> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    match procat::locate::catalogue(given.map(PathBuf::as_path), &cwd) {
        Ok(found) => Some(found),
        Err(e) => {
            fatal(&e.to_string(), format);
            None
        }
    }
}

/// Prints a problem that stops procat before or outside the checks (exit 2).
fn fatal(message: &str, format: Format) {
    if let Format::Github = format {
        println!("{}", procat::github::fatal(message));
    }
    eprintln!("error: {message}");
}

fn build(args: &BuildArgs) -> ExitCode {
    use procat::build::{BuildError, BuildOptions};
    let Some((content, found)) = catalogue(args.content.as_ref(), args.format) else {
        return ExitCode::from(2);
    };
    let output = match (&args.output, found) {
        (Some(output), _) => output.clone(),
        // `output` would be inside the catalogue, which a build never writes into.
        (None, Found::CurrentFolder) => {
            fatal(
                "the catalogue is the current folder, so the default output folder `output` \
                 would be inside it; name a folder outside the catalogue, such as --output ../site",
                args.format,
            );
            return ExitCode::from(2);
        }
        (None, _) => PathBuf::from("output"),
    };
    let options = BuildOptions {
        content: content.clone(),
        output,
        as_of: args
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        base_url: args.base_url.clone(),
        progress: true,
    };
    match procat::build::build(&options) {
        Ok(summary) => {
            print_diagnostics(&summary.warnings, args.format, &content);
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(BuildError::Invalid(diagnostics)) => {
            print_diagnostics(&diagnostics, args.format, &content);
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
            fatal(&e.to_string(), args.format);
            ExitCode::from(2)
        }
    }
}

fn check(args: &CheckArgs) -> ExitCode {
    let Some((content, _)) = catalogue(args.content.as_ref(), args.format) else {
        return ExitCode::from(2);
    };
    // `--as-of` needs nothing more: no check depends on the date (see its help).
    let _ = args.as_of;
    let options = procat::load::LoadOptions { bodies: false };
    let checked = match check_catalogue_with(&content, options) {
        Ok(checked) => checked,
        Err(e) => {
            fatal(&e.to_string(), args.format);
            return ExitCode::from(2);
        }
    };
    print_diagnostics(&checked.diagnostics, args.format, &content);
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

fn print_diagnostics(
    diagnostics: &[procat::diagnostic::Diagnostic],
    format: Format,
    catalogue: &std::path::Path,
) {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let paths = match format {
        Format::Github => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            Some(procat::github::Paths::new(catalogue, &cwd))
        }
        Format::Text | Format::Json => None,
    };
    for d in diagnostics {
        let line = match (format, &paths) {
            (Format::Github, Some(paths)) => procat::github::annotation(d, paths),
            (Format::Json, _) => d.to_json_line(),
            _ => d.to_string(),
        };
        // A closed pipe (`procat check | head`) is not an error worth reporting.
        if writeln!(out, "{line}").is_err() {
            return;
        }
    }
    let _ = out.flush();
}
