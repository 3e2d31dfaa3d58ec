//! Builds a catalogue with the library, timing each renderer on its own too:
//! `cargo run --example build_site -- CONTENT OUTPUT [AS_OF]`.

use procat::build::{BuildOptions, build};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: build_site CONTENT OUTPUT [AS_OF]");
        std::process::exit(2);
    }
    let as_of = args
        .get(2)
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let options = BuildOptions {
        content: PathBuf::from(&args[0]),
        output: PathBuf::from(&args[1]),
        as_of,
        base_url: None,
        progress: false,
    };
    let started = Instant::now();
    match build(&options) {
        Ok(summary) => {
            println!(
                "built {} files ({} bytes) in {:.2?}",
                summary.files,
                summary.bytes,
                started.elapsed()
            );
            for (stage, t) in &summary.stages {
                println!("  {stage}: {t:.2?}");
            }
        }
        Err(e) => {
            eprintln!("build failed: {e:?}");
            std::process::exit(1);
        }
    }
    // The search renderer alone, for its share of the build.
    let checked = procat::check::check_catalogue(&options.content).expect("catalogue");
    let resolved = procat::resolve::resolve(&checked.catalogue, as_of);
    let lang = checked
        .catalogue
        .site
        .as_ref()
        .map_or(procat::model::Language::Vi, |s| s.language);
    let started = Instant::now();
    let files = procat::search::index::build(&resolved, lang);
    let bytes: usize = files.iter().map(|f| f.contents.len()).sum();
    println!(
        "  search index alone: {} files, {} bytes in {:.2?}",
        files.len(),
        bytes,
        started.elapsed()
    );
}
