//! Remote `$ref`s read from local copies (`Generator::remote_ref`): generation never reads the
//! network, so a `$ref: https://…` is refused unless the user names where its copy is.

use std::path::{Path, PathBuf};

use codegen::{Generator, Severity};

const PREFIX: &str = "https://schemas.example.com/common/";

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/remote_refs")
}

#[test]
fn without_a_copy_a_remote_ref_is_refused_and_the_error_says_how_to_name_one() {
    let err = Generator::new()
        .generate_file(dir().join("spec.yaml"))
        .expect_err("a remote `$ref` without a copy is refused");
    let first = &err.0[0];
    assert_eq!(first.severity, Severity::Error);
    assert!(
        first.message.starts_with(
            "remote `$ref: https://schemas.example.com/common/v1/money.yaml` is refused: generation never reads the network"
        ),
        "{err}"
    );
    assert!(first.message.contains("--remote-ref URL=PATH"), "{err}");
    assert_eq!(
        first.pointer,
        "#/paths/~1payments~1{id}/get/responses/200/content/application~1json/schema/properties/amount"
    );
}

#[test]
fn a_directory_copy_serves_every_file_under_its_prefix_and_their_relative_refs() {
    let generated = Generator::new()
        .remote_ref(PREFIX, dir().join("copies/common/"))
        .generate_file(dir().join("spec.yaml"))
        .unwrap_or_else(|d| panic!("{d}"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let code = &generated.code;
    // Both remote files are types of their own, named as any file's schema is (its stem or its
    // pointer's last segment); the copy's `./money.yaml` is the same document as the URL.
    assert!(code.contains("pub struct Money {"), "{code}");
    assert!(code.contains("pub struct Problem {"), "{code}");
    assert!(code.contains("pub fee: Option<Money>"), "{code}");
    assert!(code.contains("pub amount: Money"), "{code}");
    assert_eq!(code.matches("pub struct Money {").count(), 1);
    // The copies are files of the spec: a build script reruns when one changes.
    let files: Vec<_> = generated
        .files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files, ["spec.yaml", "money.yaml", "errors.yaml"]);
}

#[test]
fn a_file_copy_serves_that_url_only_and_the_longest_prefix_wins() {
    let copies = dir().join("copies/common/v1");
    let generated = Generator::new()
        // Never used: the longer prefixes below name every file the spec refers to.
        .remote_ref(PREFIX, "/nonexistent/")
        .remote_ref(format!("{PREFIX}v1/money.yaml"), copies.join("money.yaml"))
        .remote_ref(
            format!("{PREFIX}v1/errors.yaml"),
            copies.join("errors.yaml"),
        )
        .generate_file(dir().join("spec.yaml"))
        .unwrap_or_else(|d| panic!("{d}"));
    assert!(generated.code.contains("pub struct Problem {"));
}

#[test]
fn a_prefix_matches_whole_path_segments_only() {
    // `…/common/v` is not a prefix of `…/common/v1/money.yaml`'s directory.
    let err = Generator::new()
        .remote_ref(format!("{PREFIX}v"), dir().join("copies/common/v1"))
        .generate_file(dir().join("spec.yaml"))
        .expect_err("no copy covers the URL");
    assert!(err.0[0].message.starts_with("remote `$ref"), "{err}");
}

#[test]
fn a_missing_copy_is_a_located_error_naming_the_file() {
    let err = Generator::new()
        .remote_ref(PREFIX, dir().join("no-such-dir"))
        .generate_file(dir().join("spec.yaml"))
        .expect_err("the copy cannot be read");
    let message = &err.0[0].message;
    assert!(message.starts_with("cannot read `"), "{err}");
    assert!(message.contains("no-such-dir/v1/money.yaml"), "{err}");
    assert!(
        err.0[0]
            .file
            .as_deref()
            .is_some_and(|f| f.ends_with("spec.yaml")),
        "{err}"
    );
}

#[test]
fn a_file_url_is_a_local_file_by_its_absolute_path() {
    let copies = dir().join("copies/common/v1");
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Fee:\n      $ref: 'file://{}'\n",
        copies.join("money.yaml").display()
    );
    let root = tempfile_root(&text);
    let generated = Generator::new()
        .generate_file(&root)
        .unwrap_or_else(|d| panic!("{d}"));
    assert!(
        generated.code.contains("pub struct Fee {"),
        "{}",
        generated.code
    );
    assert!(generated.code.contains("pub currency: String"));
    // A `file:` URL naming another host is remote, and refused.
    let text = text.replace("file:///", "file://fileserver/");
    let err = Generator::new()
        .generate_file(tempfile_root(&text))
        .expect_err("another host's file is remote");
    assert!(err.0[0].message.starts_with("remote `$ref"), "{err}");
}

/// Writes `text` as a spec in a directory of its own under the target dir, and returns its path.
fn tempfile_root(text: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "remote-refs-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("spec.yaml");
    std::fs::write(&path, text).unwrap();
    path
}
