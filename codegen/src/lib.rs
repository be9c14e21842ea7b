//! `codegen`: turns an OpenAPI 3.0 document into Rust models, an async client and an axum server
//! trait.
//!
//! The pipeline is a small compiler, one module per stage:
//! [`load`] (text → `openapiv3`), [`lower`] (→ [`ir`]), [`emit`] (→ tokens → prettyplease).
//!
//! ```no_run
//! let generated = codegen::Generator::new().generate_file("spec/one-cp.yaml").unwrap();
//! std::fs::write("out.rs", generated.code).unwrap();
//! ```

pub mod diagnostic;
pub mod emit;
pub mod ir;
pub mod load;
pub mod locate;
pub mod lower;
mod manifest;

use std::path::Path;

pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use emit::Parts;
pub use manifest::{manifest, Dependencies};

/// The result of a successful generation.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The formatted Rust source.
    pub code: String,
    /// Warnings: constructs skipped or approximated.
    pub warnings: Vec<Diagnostic>,
    /// The lowered API (for counts and manifests).
    pub api: ir::Api,
}

/// Configures and runs a generation.
#[derive(Debug, Clone, Default)]
pub struct Generator {
    parts: Parts,
}

impl Generator {
    /// A generator emitting models, client and server.
    pub fn new() -> Self {
        Self::default()
    }

    /// Chooses the parts to emit.
    pub fn parts(mut self, parts: Parts) -> Self {
        self.parts = parts;
        self
    }

    /// Reads and generates the spec at `path`. Diagnostics name the file.
    pub fn generate_file(&self, path: impl AsRef<Path>) -> Result<Generated, Diagnostics> {
        let path = path.as_ref();
        let file = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| {
            let mut d = Diagnostic::error("#", format!("cannot read the spec: {e}"));
            d.file = Some(file.clone());
            Diagnostics(vec![d])
        })?;
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let mut d = Diagnostic::error(
                    "#",
                    format!(
                        "the spec is not UTF-8 text (invalid byte at offset {})",
                        e.utf8_error().valid_up_to()
                    ),
                );
                d.file = Some(file);
                return Err(Diagnostics(vec![d]));
            }
        };
        self.generate_str(&text, Some(&file))
    }

    /// Generates from spec text; `file` is only used in diagnostics.
    pub fn generate_str(&self, text: &str, file: Option<&str>) -> Result<Generated, Diagnostics> {
        let locate = |mut diags: Vec<Diagnostic>| {
            let needs_map = diags.iter().any(|d| d.position.is_none());
            let map = needs_map.then(|| locate::SourceMap::build(text));
            for d in &mut diags {
                d.file = file.map(str::to_string);
                // `#` is the whole document: pointing at its first line would mislead.
                if d.position.is_none() && d.pointer != "#" {
                    d.position = map.as_ref().and_then(|m| m.find(&d.pointer));
                }
            }
            diags
        };
        let loaded = load::load(text).map_err(|d| Diagnostics(locate(d)))?;
        let (api, mut warnings) = lower::lower(&loaded.api).map_err(|d| {
            let mut all = loaded.warnings.clone();
            all.extend(d);
            Diagnostics(locate(all))
        })?;
        let mut all_warnings = loaded.warnings;
        all_warnings.append(&mut warnings);
        let tokens = emit::emit_tokens(&api, self.parts);
        let code = emit::format(tokens).map_err(|e| {
            Diagnostics(vec![Diagnostic::error(
                "#",
                format!("internal error: the generated code does not parse ({e}); please report this with the spec"),
            )])
        })?;
        Ok(Generated {
            code,
            warnings: locate(all_warnings),
            api,
        })
    }
}

/// For `build.rs`: generates `spec` into `out_dir/file_name`, prints `cargo:rerun-if-changed`, and
/// on failure prints the located diagnostics and returns an error (the build then fails without a
/// backtrace: `fn main() -> ExitCode` or `std::process::exit(1)`).
pub fn build_script(
    spec: impl AsRef<Path>,
    out_dir: impl AsRef<Path>,
    file_name: &str,
) -> Result<Generated, Diagnostics> {
    let spec = spec.as_ref();
    println!("cargo:rerun-if-changed={}", spec.display());
    let generated = Generator::new().generate_file(spec)?;
    for w in &generated.warnings {
        for line in w.to_string().lines() {
            println!("cargo:warning={line}");
        }
    }
    let target = out_dir.as_ref().join(file_name);
    // Only write when the content changes, so dependents are not rebuilt for nothing.
    if std::fs::read_to_string(&target).ok().as_deref() != Some(generated.code.as_str()) {
        std::fs::write(&target, &generated.code).map_err(|e| {
            Diagnostics(vec![Diagnostic::error(
                "#",
                format!("cannot write {}: {e}", target.display()),
            )])
        })?;
    }
    Ok(generated)
}
