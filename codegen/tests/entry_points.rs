//! Broken specs through the two entry points users meet: the `codegen` binary (exit status 1 and
//! located diagnostics on stderr, never a panic's 101, and an existing `--out` directory left
//! exactly as it was) and `codegen::build_script` (an error, and the good generated file in
//! `OUT_DIR` not overwritten).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn broken(name: &str) -> PathBuf {
    repo().join("tests/broken").join(name)
}

fn codegen(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen"))
        .args(args)
        .output()
        .expect("run the codegen binary")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Specs written here (not fixtures: they are large or binary).
fn generated_broken_specs(dir: &Path) -> Vec<(PathBuf, &'static str)> {
    const HEADER: &str =
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n";
    let mut specs = Vec::new();
    let mut write = |name: &str, bytes: Vec<u8>, message: &'static str| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        specs.push((path, message));
    };
    write(
        "deep.yaml",
        format!(
            "{HEADER}    Deep: {}{{type: string}}{}\n",
            "{type: array, items: ".repeat(3000),
            "}".repeat(3000)
        )
        .into_bytes(),
        "invalid YAML: recursion limit exceeded",
    );
    // Every operation of the spec fails: nothing is left to generate.
    let mut broken_ops = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n");
    for i in 0..100 {
        broken_ops.push_str(&format!(
            "  /a{i}:\n    get:\n      parameters: [{{$ref: '#/components/parameters/Missing'}}]\n      responses: {{'204': {{description: ok}}}}\n"
        ));
    }
    write(
        "all_operations_broken.yaml",
        broken_ops.into_bytes(),
        "nothing can be generated",
    );
    write(
        "logo.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01".to_vec(),
        "the spec is not UTF-8 text",
    );
    write(
        "nul.yaml",
        b"openapi: 3.0.3\n\0\0".to_vec(),
        "the spec contains NUL bytes",
    );
    specs
}

/// Every spec the generator must reject, with a piece of its first error message.
fn rejected_specs(dir: &Path) -> Vec<(PathBuf, &'static str)> {
    let mut specs = vec![
        (broken("yaml_syntax.yaml"), "invalid YAML"),
        (broken("invalid_json.json"), "invalid JSON"),
        (broken("external_ref.yaml"), "cannot read `"),
        (broken("remote_ref.yaml"), "remote `$ref"),
        (broken("empty.yaml"), "the spec is empty"),
        (dir.join("missing.yaml"), "cannot read the spec"),
    ];
    specs.extend(generated_broken_specs(dir));
    specs
}

/// A rendered diagnostic names the file (`--> path`) and the JSON pointer (`= at #...`).
#[track_caller]
fn assert_located(text: &str, spec: &Path, message: &str) {
    assert!(text.contains("error: "), "no error in:\n{text}");
    assert!(text.contains(message), "`{message}` not in:\n{text}");
    assert!(
        text.contains(&format!("  --> {}", spec.display())),
        "the file is not named in:\n{text}"
    );
    assert!(text.contains("   = at #"), "no pointer in:\n{text}");
    assert!(!text.contains("panicked"), "{text}");
    assert!(!text.contains("internal error"), "{text}");
}

#[test]
fn check_rejects_broken_specs_with_exit_1_and_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    for (spec, message) in rejected_specs(dir.path()) {
        let output = codegen(&["check".as_ref(), spec.as_os_str()]);
        assert_eq!(output.status.code(), Some(1), "{}", spec.display());
        assert!(output.stdout.is_empty());
        assert_located(&stderr(&output), &spec, message);
    }
}

/// A directory's files and their contents, recursively, sorted.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path, bytes));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn generate_from_a_broken_spec_leaves_the_output_directory_untouched() {
    let dir = tempfile::tempdir().unwrap();
    // A good crate generated first, as a user would have it.
    let out = dir.path().join("client");
    let good = repo().join("spec/one-cp.yaml");
    let output = codegen(&[
        "generate".as_ref(),
        good.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    std::fs::write(out.join("NOTES.md"), "hand-written notes").unwrap();
    let before = snapshot(&out);
    assert!(before.len() >= 3, "{before:?}");
    let siblings = || {
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    let siblings_before = siblings();

    let specs = tempfile::tempdir().unwrap();
    for (spec, message) in rejected_specs(specs.path()) {
        let output = codegen(&[
            "generate".as_ref(),
            spec.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
        ]);
        assert_eq!(output.status.code(), Some(1), "{}", spec.display());
        let text = stderr(&output);
        assert_located(&text, &spec, message);
        assert!(
            text.contains(&format!("nothing was written to {}", out.display())),
            "{text}"
        );
        assert!(
            snapshot(&out) == before,
            "{} changed the output",
            spec.display()
        );
        // No staging directory left behind either.
        assert_eq!(siblings(), siblings_before, "{}", spec.display());
    }

    // A spec that does not exist into a directory that does not exist: nothing is created.
    let fresh = dir.path().join("never");
    let output = codegen(&[
        "generate".as_ref(),
        broken("yaml_syntax.yaml").as_os_str(),
        "--out".as_ref(),
        fresh.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!fresh.exists());
}

#[test]
fn cli_generates_a_spec_nested_to_the_parser_limit() {
    // 124 levels of `items` (the YAML parser's limit is 128): generated, not overflowed.
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("deep.yaml");
    std::fs::write(
        &spec,
        format!(
            "openapi: 3.0.3\ninfo: {{title: Deep, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {}{{type: string}}{}\n",
            "{type: array, items: ".repeat(124),
            "}".repeat(124)
        ),
    )
    .unwrap();
    let output = codegen(&["check".as_ref(), spec.as_os_str()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // No operation uses the type, so nothing proves it `Send`: no `recursion_limit` is needed.
    assert!(stderr(&output).contains("ok: 0 operations, 1 types, 0 warning(s)"));
    let out = dir.path().join("deep");
    let output = codegen(&[
        "generate".as_ref(),
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    assert!(
        lib.starts_with("//! Generated by codegen"),
        "{}",
        &lib[..80]
    );
    let start = lib.find("pub type Deep =").expect("the Deep alias");
    let alias = &lib[start..start + lib[start..].find(';').unwrap()];
    assert_eq!(alias.matches("Vec<").count(), 124, "{alias}");
    assert!(alias.contains("String"), "{alias}");
}

#[test]
fn build_script_error_keeps_the_good_output() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let good = repo().join("spec/one-cp.yaml");
    let generated = codegen::build_script(&good, &out_dir, "api.rs").expect("the good spec");
    let target = out_dir.join("api.rs");
    let before = std::fs::read(&target).unwrap();
    assert_eq!(before, generated.code.as_bytes());

    for (spec, message) in rejected_specs(dir.path()) {
        let err = codegen::build_script(&spec, &out_dir, "api.rs")
            .expect_err(&spec.display().to_string());
        assert!(err.has_errors());
        let text = err.to_string();
        assert_located(&text, &spec, message);
        assert!(
            std::fs::read(&target).unwrap() == before,
            "{} overwrote the good output",
            spec.display()
        );
        assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 1);
    }
    // Nothing is created for a broken spec when there was no output yet.
    let err = codegen::build_script(broken("remote_ref.yaml"), &out_dir, "other.rs");
    assert!(err.is_err());
    assert!(!out_dir.join("other.rs").exists());
}

#[test]
fn generate_refuses_a_crate_name_cargo_would_reject() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let spec = repo().join("tests/fixtures/string_enum.yaml");
    for name in ["progenitor-api.github.com", "1api", "my api", "", "naïve"] {
        let output = codegen(&[
            "generate".as_ref(),
            spec.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--name".as_ref(),
            name.as_ref(),
        ]);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{name:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains("crate name"),
            "{name:?}: {}",
            stderr(&output)
        );
        assert!(!out.exists(), "{name:?}: something was written");
    }
    let output = codegen(&[
        "generate".as_ref(),
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--name".as_ref(),
        "my-api_2".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read_to_string(out.join("Cargo.toml"))
        .unwrap()
        .contains("name = \"my-api_2\""));
}

#[test]
fn a_swagger_2_spec_goes_through_the_cli_like_a_3_0_one() {
    let spec = repo().join("tests/fixtures/swagger2_bodies.yaml");
    let output = codegen(&["check".as_ref(), spec.as_os_str()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
    assert!(said.contains("ok: 4 operations"), "{said}");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("client");
    let output = codegen(&[
        "generate".as_ref(),
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let code = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    // The body parameter's name is the argument's.
    assert!(
        code.contains("order: &'a super::types::Order"),
        "no `order` argument in the generated client"
    );
}

#[test]
fn remote_ref_names_local_copies_for_check_generate_and_diff() {
    let spec = repo().join("tests/remote_refs/spec.yaml");
    let copies = repo().join("tests/remote_refs/copies/common/");
    let mapping = format!("https://schemas.example.com/common/={}", copies.display());
    let refused = codegen(&["check".as_ref(), spec.as_os_str()]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(stderr(&refused).contains("--remote-ref URL=PATH"));

    let checked = codegen(&[
        "check".as_ref(),
        spec.as_os_str(),
        "--remote-ref".as_ref(),
        mapping.as_ref(),
    ]);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    assert!(stderr(&checked).contains("ok: 1 operations, 3 types, 0 warning(s)"));

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let generated = codegen(&[
        "generate".as_ref(),
        spec.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--remote-ref".as_ref(),
        mapping.as_ref(),
    ]);
    assert_eq!(generated.status.code(), Some(0), "{}", stderr(&generated));
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).unwrap();
    assert!(lib.contains("pub struct Problem {"));

    let diffed = codegen(&[
        "diff".as_ref(),
        spec.as_os_str(),
        spec.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "--remote-ref".as_ref(),
        mapping.as_ref(),
    ]);
    assert_eq!(diffed.status.code(), Some(0), "{}", stderr(&diffed));
    assert!(String::from_utf8_lossy(&diffed.stdout).contains(r#""semver": "none""#));

    let malformed = codegen(&[
        "check".as_ref(),
        spec.as_os_str(),
        "--remote-ref".as_ref(),
        "https://schemas.example.com/common/".as_ref(),
    ]);
    assert_eq!(malformed.status.code(), Some(2), "{}", stderr(&malformed));
    assert!(stderr(&malformed).contains("expected URL=PATH"));
}
