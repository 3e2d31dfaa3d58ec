//! Themes and links follow the catalogue's rules (issue 7, classes 4, 5, 9, 10):
//! nothing outside the catalogue is published through a link or a template, each
//! real file is published once, active content under `files/` is flagged, and
//! whatever can't be read is a diagnostic with its path in the catalogue.
#![cfg(unix)]

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;
use support::catalogue::copy_tree;

fn base() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/base")
}

/// A scratch folder holding `catalogue/` (a copy of the base fixture) and room
/// for an `outside/` folder and an `output/`.
struct Scene {
    dir: tempfile::TempDir,
}

impl Scene {
    fn new() -> Scene {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&base(), &dir.path().join("catalogue"));
        fs::create_dir_all(dir.path().join("outside")).unwrap();
        Scene { dir }
    }

    fn catalogue(&self) -> PathBuf {
        self.dir.path().join("catalogue")
    }

    fn outside(&self) -> PathBuf {
        self.dir.path().join("outside")
    }

    fn output(&self) -> PathBuf {
        self.dir.path().join("output")
    }

    /// Writes `text` at `rel` in the catalogue, creating folders.
    fn write(&self, rel: &str, text: &str) {
        let path = self.catalogue().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    fn link(&self, target: &Path, rel: &str) {
        let path = self.catalogue().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        symlink(target, path).unwrap();
    }

    fn check(&self) -> Run {
        let content = self.catalogue();
        procat(&[
            "check",
            "--format",
            "json",
            "--content",
            content.to_str().unwrap(),
        ])
    }

    fn build(&self) -> Run {
        let (content, output) = (self.catalogue(), self.output());
        procat(&[
            "build",
            "--format",
            "json",
            "--as-of",
            "2025-01-01",
            "--content",
            content.to_str().unwrap(),
            "--output",
            output.to_str().unwrap(),
        ])
    }

    /// Every file under the output, relative to it.
    fn published(&self) -> Vec<String> {
        walkdir::WalkDir::new(self.output())
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(self.output()).unwrap();
                rel.to_string_lossy().into_owned()
            })
            .collect()
    }
}

fn mkfifo(path: &Path) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The JSON diagnostics printed, as `(code, path)`.
    fn diagnostics(&self) -> Vec<(String, String)> {
        self.stdout
            .lines()
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l)
                    .unwrap_or_else(|e| panic!("not JSON ({e}): {l}\n{}", self.stdout));
                (
                    v["code"].as_str().unwrap_or("").to_string(),
                    v["path"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    }

    fn has(&self, code: &str, path: &str) -> bool {
        self.diagnostics()
            .iter()
            .any(|(c, p)| c == code && p == path)
    }

    fn show(&self) -> String {
        format!(
            "exit {:?}\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs procat, killing it after a few seconds: a blocked read (a FIFO) or an
/// endless walk (a link chain) fails the test instead of hanging it.
fn procat(args: &[&str]) -> Run {
    let out = tempfile::tempdir().unwrap();
    let (stdout, stderr) = (out.path().join("stdout"), out.path().join("stderr"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_procat"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(fs::File::create(&stdout).unwrap())
        .stderr(fs::File::create(&stderr).unwrap())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "procat {} did not finish within 20 s:\n{}",
                args.join(" "),
                fs::read_to_string(&stderr).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code(),
        stdout: String::from_utf8_lossy(&fs::read(stdout).unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&fs::read(stderr).unwrap()).into_owned(),
    }
}

const SECRET: &str = "root:x:0:0:SECRET-FROM-THE-MACHINE";

#[test]
fn a_link_in_the_catalogues_theme_leading_outside_is_not_followed_nor_published() {
    let scene = Scene::new();
    fs::write(scene.outside().join("passwd"), SECRET).unwrap();
    scene.link(
        &scene.outside().join("passwd"),
        "themes/default/static/passwd.txt",
    );
    scene.link(
        &scene.outside().join("passwd"),
        "themes/default/templates/passwd.html",
    );
    let check = scene.check();
    assert_eq!(check.code, Some(0), "{}", check.show());
    assert!(
        check.has("W404", "themes/default/static/passwd.txt"),
        "{}",
        check.show()
    );
    assert!(
        check.has("W404", "themes/default/templates/passwd.html"),
        "{}",
        check.show()
    );

    let build = scene.build();
    assert_eq!(build.code, Some(0), "{}", build.show());
    assert!(
        build.has("W404", "themes/default/static/passwd.txt"),
        "{}",
        build.show()
    );
    let published = scene.published();
    assert!(published.iter().any(|p| p == "static/style.css"));
    assert!(
        !published.iter().any(|p| p.contains("passwd")),
        "{published:?}"
    );
    for rel in published {
        let bytes = fs::read(scene.output().join(&rel)).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("SECRET-FROM-THE-MACHINE"),
            "{rel} holds the secret"
        );
    }
}

#[test]
fn a_template_including_a_linked_outside_file_fails_check() {
    let scene = Scene::new();
    fs::write(scene.outside().join("passwd"), SECRET).unwrap();
    scene.link(
        &scene.outside().join("passwd"),
        "themes/default/templates/secret.html",
    );
    scene.write(
        "themes/default/templates/extra.html",
        "<p>{% include \"secret.html\" %}</p>\n",
    );
    let check = scene.check();
    assert_eq!(check.code, Some(1), "{}", check.show());
    assert!(
        check.has("W404", "themes/default/templates/secret.html"),
        "{}",
        check.show()
    );
    assert!(
        check.has("E100", "themes/default/templates/extra.html"),
        "{}",
        check.show()
    );
    let build = scene.build();
    assert_eq!(build.code, Some(1), "{}", build.show());
    assert!(!scene.output().exists());
}

#[test]
fn a_theme_folder_that_is_a_link_outside_the_catalogue_is_not_used() {
    let scene = Scene::new();
    let theme = scene.outside().join("theme");
    fs::create_dir_all(theme.join("static")).unwrap();
    fs::write(theme.join("static/passwd.txt"), SECRET).unwrap();
    scene.link(&theme, "themes/default");
    let check = scene.check();
    assert!(check.has("W404", "themes/default"), "{}", check.show());
    let build = scene.build();
    assert_eq!(build.code, Some(0), "{}", build.show());
    assert!(!scene.published().iter().any(|p| p.contains("passwd")));
}

#[test]
fn a_fifo_in_a_theme_is_skipped_and_never_opened() {
    let scene = Scene::new();
    mkfifo(&scene.catalogue().join("themes/default/static/pipe.css"));
    mkfifo(&scene.catalogue().join("themes/default/templates/pipe.html"));
    let check = scene.check();
    assert_eq!(check.code, Some(0), "{}", check.show());
    for rel in [
        "themes/default/static/pipe.css",
        "themes/default/templates/pipe.html",
    ] {
        assert!(check.has("W407", rel), "{}", check.show());
    }
    let build = scene.build();
    assert_eq!(build.code, Some(0), "{}", build.show());
    assert!(
        build.has("W407", "themes/default/static/pipe.css"),
        "{}",
        build.show()
    );
    assert!(!scene.published().iter().any(|p| p.contains("pipe")));
}

#[test]
fn a_template_calling_get_env_fails_check_at_its_line() {
    let scene = Scene::new();
    scene.write(
        "themes/default/templates/extra.html",
        "<p>hello</p>\n<p>{{ get_env(name=\"HOME\") }}</p>\n",
    );
    let check = scene.check();
    assert_eq!(check.code, Some(1), "{}", check.show());
    let line: serde_json::Value = check
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|v| v["path"] == "themes/default/templates/extra.html")
        .unwrap_or_else(|| panic!("{}", check.show()));
    assert_eq!(
        (line["code"].as_str(), line["line"].as_u64()),
        (Some("E100"), Some(2))
    );
    assert!(line["message"].as_str().unwrap().contains("get_env"));
    let build = scene.build();
    assert_eq!(build.code, Some(1), "{}", build.show());
    assert!(!scene.output().exists());
}

#[test]
fn get_env_fails_with_a_clear_message_when_rendered() {
    let scene = Scene::new();
    let theme = procat::render::theme::Theme::locate(&scene.catalogue(), "default").unwrap();
    let mut tera = theme.tera().unwrap();
    let result = tera.render_str("{{ get_env(name=\"PATH\") }}", &tera::Context::new());
    let message = match result {
        Ok(text) => panic!("get_env gave {text:?}"),
        Err(e) => procat::render::theme::tera_message(&e),
    };
    assert!(message.contains("cannot call `get_env`"), "{message}");
}

#[test]
fn a_theme_that_does_not_exist_or_does_not_parse_fails_check() {
    let scene = Scene::new();
    let site = fs::read_to_string(scene.catalogue().join("site.yaml")).unwrap();
    fs::write(
        scene.catalogue().join("site.yaml"),
        format!("{site}theme: nowhere\n"),
    )
    .unwrap();
    let check = scene.check();
    assert_eq!(check.code, Some(1), "{}", check.show());
    assert!(check.has("E203", "site.yaml"), "{}", check.show());

    let scene = Scene::new();
    scene.write(
        "themes/default/templates/extra.html",
        "<p>one</p>\n<p>{% if %}</p>\n",
    );
    let check = scene.check();
    assert_eq!(check.code, Some(1), "{}", check.show());
    assert!(
        check.has("E100", "themes/default/templates/extra.html"),
        "{}",
        check.show()
    );

    let scene = Scene::new();
    let path = scene
        .catalogue()
        .join("themes/default/templates/extra.html");
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(&path, b"<p>H\xff</p>").unwrap();
    let check = scene.check();
    assert_eq!(check.code, Some(1), "{}", check.show());
    assert!(
        check.has("E002", "themes/default/templates/extra.html"),
        "{}",
        check.show()
    );
}

#[test]
fn a_chain_of_thirty_folder_links_under_files_publishes_each_file_once() {
    let scene = Scene::new();
    // files/d0 … files/d29, each holding one file and two links to the next:
    // followed naively, that is 2^30 copies.
    for i in 0..30 {
        scene.write(&format!("files/d{i}/doc{i}.pdf"), "%PDF-1.4\n");
        if i < 29 {
            for link in ["a", "b"] {
                scene.link(
                    Path::new(&format!("../d{}", i + 1)),
                    &format!("files/d{i}/{link}"),
                );
            }
        }
    }
    let started = Instant::now();
    let check = scene.check();
    assert_eq!(check.code, Some(0), "{}", check.show());
    assert!(check.has("W408", "files/d0/a"), "{}", check.show());
    assert_eq!(
        check
            .diagnostics()
            .iter()
            .filter(|(c, _)| c == "W408")
            .count(),
        58
    );
    let build = scene.build();
    assert_eq!(build.code, Some(0), "{}", build.show());
    let mut published: Vec<String> = scene
        .published()
        .into_iter()
        .filter(|p| p.starts_with("files/d"))
        .collect();
    published.sort();
    let mut expected: Vec<String> = (0..30).map(|i| format!("files/d{i}/doc{i}.pdf")).collect();
    expected.sort();
    assert_eq!(published, expected);
    assert!(started.elapsed() < Duration::from_secs(15));
}

#[test]
fn a_link_to_a_hidden_folder_inside_the_catalogue_is_published_under_the_link() {
    let scene = Scene::new();
    scene.write("_shared/forms/mau-01.pdf", "%PDF-1.4\n");
    scene.link(Path::new("../_shared/forms"), "files/forms");
    scene.link(Path::new("../_shared/forms"), "files/forms-again");
    let check = scene.check();
    assert_eq!(check.code, Some(0), "{}", check.show());
    assert!(check.has("W408", "files/forms-again"), "{}", check.show());
    let build = scene.build();
    assert_eq!(build.code, Some(0), "{}", build.show());
    let published = scene.published();
    assert!(published.iter().any(|p| p == "files/forms/mau-01.pdf"));
    assert!(!published.iter().any(|p| p.starts_with("files/forms-again")));
}

#[test]
fn html_svg_and_xml_under_files_are_published_with_a_warning() {
    let scene = Scene::new();
    scene.write(
        "files/trang.html",
        "<script>alert(document.cookie)</script>",
    );
    scene.write("files/logo.SVG", "<svg><script>alert(1)</script></svg>");
    scene.write("files/data.xml", "<x/>");
    let check = scene.check();
    assert_eq!(check.code, Some(0), "{}", check.show());
    for rel in ["files/trang.html", "files/logo.SVG", "files/data.xml"] {
        assert!(check.has("W406", rel), "{}", check.show());
    }
    assert!(!check.has("W406", "files/to-khai.pdf"));
    let build = scene.build();
    assert_eq!(build.code, Some(0), "{}", build.show());
    assert!(build.has("W406", "files/trang.html"), "{}", build.show());
    assert!(scene.published().iter().any(|p| p == "files/logo.SVG"));
}

#[test]
fn a_dangling_link_is_e001_at_its_path_in_json_and_exits_2() {
    let scene = Scene::new();
    scene.link(Path::new("nowhere.md"), "procedures/1.999999.md");
    let check = scene.check();
    assert_eq!(check.code, Some(2), "{}", check.show());
    assert!(
        check.has("E001", "procedures/1.999999.md"),
        "{}",
        check.show()
    );
    let outside = scene.dir.path().to_string_lossy().into_owned();
    assert!(!check.stdout.contains(&outside), "{}", check.show());

    let build = scene.build();
    assert_eq!(build.code, Some(2), "{}", build.show());
    assert!(
        build.has("E001", "procedures/1.999999.md"),
        "{}",
        build.show()
    );
    assert!(!scene.output().exists());
}

#[test]
fn a_fifo_or_a_folder_where_a_record_should_be_is_e001_and_never_opened() {
    let scene = Scene::new();
    mkfifo(&scene.catalogue().join("procedures/1.999999.md"));
    mkfifo(&scene.catalogue().join("files/pipe.pdf"));
    let check = scene.check();
    assert_eq!(check.code, Some(2), "{}", check.show());
    assert!(
        check.has("E001", "procedures/1.999999.md"),
        "{}",
        check.show()
    );
    assert!(check.has("W407", "files/pipe.pdf"), "{}", check.show());
}

#[test]
fn a_file_name_that_is_not_utf8_is_e004_in_check() {
    use std::os::unix::ffi::OsStrExt;
    let scene = Scene::new();
    let name = std::ffi::OsStr::from_bytes(b"m\xe1u.pdf");
    fs::write(scene.catalogue().join("files").join(name), "%PDF-1.4\n").unwrap();
    let check = scene.check();
    assert_eq!(check.code, Some(1), "{}", check.show());
    assert!(
        check.has("E004", "files/m\u{fffd}u.pdf"),
        "{}",
        check.show()
    );
}
