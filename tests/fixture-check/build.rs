//! Generates one Rust file per `../fixtures/*.yaml` into `OUT_DIR` (`<feature>.rs`).

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let fixtures = Path::new("../fixtures");
    println!("cargo:rerun-if-changed={}", fixtures.display());
    let mut specs: Vec<_> = std::fs::read_dir(fixtures)
        .expect("tests/fixtures is readable")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    let mut failed = false;
    for spec in specs {
        let feature = spec.file_stem().unwrap().to_string_lossy().into_owned();
        // Each fixture is included as a module of this crate: its doc examples (compiled by
        // `cargo test --doc`) reach the generated items through that module.
        let generator = codegen::Generator::new().doc_examples(format!("fixture_check::{feature}"));
        if let Err(diagnostics) = generator.build_script(&spec, &out_dir, &format!("{feature}.rs"))
        {
            eprintln!("{diagnostics}");
            failed = true;
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
