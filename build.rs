//! Generates the One-CP models, client and server from `spec/one-cp.yaml` into `OUT_DIR`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    match codegen::build_script("spec/one-cp.yaml", out_dir, "one_cp.rs") {
        Ok(_) => ExitCode::SUCCESS,
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            ExitCode::FAILURE
        }
    }
}
