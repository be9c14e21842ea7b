//! `codegen::build_script` on a split spec: editing a file the root refers to reruns the build
//! script, which regenerates. A real cargo build of a small crate, offline, with the workspace's
//! lock file.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn cargo_build(dir: &Path, target: &Path) {
    let output = Command::new(env!("CARGO"))
        .args(["build", "--offline", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "cargo build failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The generated file in the build script's `OUT_DIR`.
fn generated(target: &Path) -> String {
    let build = target.join("debug/build");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&build).unwrap() {
        let file = entry.unwrap().path().join("out/api.rs");
        if file.exists() {
            found.push(file);
        }
    }
    assert_eq!(found.len(), 1, "{found:?}");
    std::fs::read_to_string(&found[0]).unwrap()
}

#[test]
fn editing_a_referenced_file_reruns_the_build_script() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let codegen = repo().join("codegen");
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            "[package]\nname = \"split-spec\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[build-dependencies]\ncodegen = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
            codegen.display().to_string()
        ),
    )
    .unwrap();
    std::fs::copy(repo().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::create_dir_all(root.join("spec/schemas")).unwrap();
    // The library does not include the generated code: only the build script is under test.
    std::fs::write(root.join("src/lib.rs"), "//! A split spec's crate.\n").unwrap();
    std::fs::write(
        root.join("build.rs"),
        "fn main() {\n    let out = std::env::var_os(\"OUT_DIR\").unwrap();\n    if let Err(d) = codegen::build_script(\"spec/api.yaml\", out, \"api.rs\") {\n        eprintln!(\"{d}\");\n        std::process::exit(1);\n    }\n}\n",
    )
    .unwrap();
    std::fs::write(
        root.join("spec/api.yaml"),
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet: {$ref: './schemas/Pet.yaml'}\n",
    )
    .unwrap();
    let pet = root.join("spec/schemas/Pet.yaml");
    std::fs::write(&pet, "type: object\nproperties:\n  name: {type: string}\n").unwrap();
    // Its own target dir: the test's cargo must not wait for the lock the outer one holds.
    let target = repo().join("target/build-rerun-test");
    let _ = std::fs::remove_dir_all(target.join("debug/build"));
    cargo_build(root, &target);
    let first = generated(&target);
    assert!(first.contains("pub name: Option<String>"), "{first}");
    assert!(!first.contains("pub tag"));

    std::fs::write(
        &pet,
        "type: object\nproperties:\n  name: {type: string}\n  tag: {type: string}\n",
    )
    .unwrap();
    cargo_build(root, &target);
    let second = generated(&target);
    assert!(second.contains("pub tag: Option<String>"), "{second}");
}
