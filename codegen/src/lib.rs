//! `codegen`: turns a Swagger 2.0, OpenAPI 3.0 or 3.1 document, in one file or split across
//! many, into Rust models, an async client and an axum server trait.
//!
//! The pipeline is a small compiler, one module per stage:
//! [`load`] (text → `openapiv3`), [`lower`] (→ [`ir`]), [`emit`] (→ tokens → prettyplease).
//!
//! ```no_run
//! let generated = codegen::Generator::new().generate_file("spec/one-cp.yaml").unwrap();
//! std::fs::write("out.rs", generated.code).unwrap();
//! ```

pub mod diagnostic;
pub mod diff;
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
    /// Every file the spec was read from, the root first.
    pub files: Vec<std::path::PathBuf>,
}

/// A loaded and lowered spec, ready to emit.
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The lowered API.
    pub api: ir::Api,
    /// Warnings so far (located): constructs skipped or approximated.
    pub warnings: Vec<Diagnostic>,
    /// Every file the spec was read from, the root first (for `cargo:rerun-if-changed`).
    pub files: Vec<std::path::PathBuf>,
}

/// Configures and runs a generation.
#[derive(Debug, Clone, Default)]
pub struct Generator {
    parts: Parts,
    doc_crate: Option<String>,
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

    /// Adds a compiling usage example to every client method's docs. `path` is how users reach
    /// the generated items: the crate name (`one_cp`), or `crate_name::module` when the code is
    /// included in a module. A path that is not made of Rust identifiers is ignored (no examples).
    pub fn doc_examples(mut self, path: impl Into<String>) -> Self {
        let path = path.into();
        let valid = !path.is_empty()
            && path
                .split("::")
                .all(|segment| syn::parse_str::<syn::Ident>(segment).is_ok());
        self.doc_crate = valid.then_some(path);
        self
    }

    /// Reads and generates the spec at `path`. Diagnostics name the file.
    pub fn generate_file(&self, path: impl AsRef<Path>) -> Result<Generated, Diagnostics> {
        self.emit(self.lower_file(path)?)
    }

    /// Generates from spec text; `file` is only used in diagnostics.
    pub fn generate_str(&self, text: &str, file: Option<&str>) -> Result<Generated, Diagnostics> {
        self.emit(self.lower_str(text, file)?)
    }

    /// The first half of [`Self::generate_file`]: reads, loads and lowers the spec and every
    /// file its `$ref`s reach. The IR tells what the output will hold (a crate name from the
    /// title, say) before any code is emitted.
    pub fn lower_file(&self, path: impl AsRef<Path>) -> Result<Lowered, Diagnostics> {
        self.lower_file_with(path, &load::read_from_disk)
    }

    /// [`Self::lower_file`], reading the root and every referenced file through `read` (which gets
    /// each file's normalised absolute path): a spec at a git revision, say.
    pub fn lower_file_with(
        &self,
        path: impl AsRef<Path>,
        read: load::ReadFile<'_>,
    ) -> Result<Lowered, Diagnostics> {
        let path = path.as_ref();
        on_big_stack(|| Self::lower_loaded(&load::load_file(path, read).map_err(Diagnostics)?))
    }

    /// Loads and lowers spec text; `file` is only used in diagnostics. A `$ref` to another file
    /// is an error: use [`Self::lower_file`].
    pub fn lower_str(&self, text: &str, file: Option<&str>) -> Result<Lowered, Diagnostics> {
        on_big_stack(|| Self::lower_loaded(&load::load_text(text, file).map_err(Diagnostics)?))
    }

    /// Lowers a loaded document, locating the diagnostics in it. Call it on [`on_big_stack`], as
    /// the loading: lowering recurses with the spec's nesting.
    pub(crate) fn lower_loaded(loaded: &load::Loaded) -> Result<Lowered, Diagnostics> {
        let files = loaded.sources.files();
        match lower::lower(&loaded.api) {
            Ok((api, warnings)) => {
                let mut all = loaded.warnings.clone();
                all.extend(loaded.locate(warnings));
                Ok(Lowered {
                    api,
                    warnings: all,
                    files,
                })
            }
            Err(errors) => {
                let mut all = loaded.warnings.clone();
                all.extend(loaded.locate(errors));
                Err(Diagnostics(all))
            }
        }
    }

    /// The second half of [`Self::generate_file`]: emits and formats the code.
    pub fn emit(&self, lowered: Lowered) -> Result<Generated, Diagnostics> {
        on_big_stack(|| self.emit_here(lowered))
    }

    fn emit_here(&self, lowered: Lowered) -> Result<Generated, Diagnostics> {
        let Lowered {
            api,
            warnings,
            files,
        } = lowered;
        let code = emit::render(&api, self.parts, self.doc_crate.as_deref()).map_err(|e| {
            Diagnostics(vec![Diagnostic::error(
                "#",
                format!("internal error: the generated code does not parse ({e}); please report this with the spec"),
            )])
        })?;
        Ok(Generated {
            code,
            warnings,
            api,
            files,
        })
    }
}

/// Stack for the pipeline's thread. Its recursion follows the spec's nesting, also in code this
/// crate does not control (the derived deserializers of `openapiv3`, `syn`, `prettyplease`), and an
/// unoptimised build needs up to ~45 KiB of stack per level (a chain of `not`): a spec nested to
/// the YAML and JSON parsers' limit of 128 levels overflowed a 2 MiB test thread at 40 levels.
/// This is address space reserved, not memory used.
pub(crate) const STAGE_STACK: usize = 64 * 1024 * 1024;

/// Runs `job` on a thread with [`STAGE_STACK`] of stack, so that no spec the parsers accept can
/// overflow the caller's stack (which may be a 2 MiB test thread). A panic is passed on.
fn on_big_stack<T: Send>(
    job: impl FnOnce() -> Result<T, Diagnostics> + Send,
) -> Result<T, Diagnostics> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("codegen".into())
            .stack_size(STAGE_STACK)
            .spawn_scoped(scope, job)
            .map_err(|e| {
                Diagnostics(vec![Diagnostic::error(
                    "#",
                    format!("cannot start the generator's thread: {e}"),
                )])
            })?;
        handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// For `build.rs`: generates `spec` into `out_dir/file_name`, prints `cargo:rerun-if-changed`, and
/// on failure prints the located diagnostics and returns an error (the build then fails without a
/// backtrace: `fn main() -> ExitCode` or `std::process::exit(1)`).
///
/// The generated code needs these dependencies in the including crate: `serde` (derive),
/// `serde_json` (feature `raw_value`: decimals are written with their exact digits), `reqwest`,
/// `thiserror`, `tracing`, `bytes`, `percent-encoding`, the retry support (`tower` with feature
/// `retry`, `tokio` with `time`, `hyper`, `httpdate`: all already under `reqwest`), and
/// `rust_decimal`, `chrono`, `uuid` when the spec uses those formats; [`manifest`] lists them for a
/// given spec.
///
/// The method docs get usage examples written against the building package's name (`my-api` →
/// `my_api::Client`), which is right when the file is included at the crate root; use
/// [`Generator::build_script`] to choose otherwise.
pub fn build_script(
    spec: impl AsRef<Path>,
    out_dir: impl AsRef<Path>,
    file_name: &str,
) -> Result<Generated, Diagnostics> {
    let mut generator = Generator::new();
    if let Ok(package) = std::env::var("CARGO_PKG_NAME") {
        generator = generator.doc_examples(package.replace('-', "_"));
    }
    generator.build_script(spec, out_dir, file_name)
}

impl Generator {
    /// [`build_script`] with this generator's settings.
    pub fn build_script(
        &self,
        spec: impl AsRef<Path>,
        out_dir: impl AsRef<Path>,
        file_name: &str,
    ) -> Result<Generated, Diagnostics> {
        let spec = spec.as_ref();
        // The root first, so that a spec that fails to load still reruns when it is edited.
        println!("cargo:rerun-if-changed={}", spec.display());
        let lowered = self.lower_file(spec);
        let generated = lowered.and_then(|lowered| {
            // Every file the spec read: editing `schemas/Pet.yaml` regenerates.
            for file in lowered.files.iter().skip(1) {
                println!("cargo:rerun-if-changed={}", file.display());
            }
            self.emit(lowered)
        })?;
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
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /items/{id}:
    get:
      operationId: getItem
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"204": {description: none}}
"#;

    #[test]
    fn doc_examples_are_written_against_the_given_path() {
        let code = Generator::new()
            .doc_examples("my_api::v1")
            .generate_str(SPEC, None)
            .unwrap()
            .code;
        assert!(code.contains("/// ```no_run"), "{code}");
        assert!(code.contains("/// let client = my_api::v1::Client::builder()"));
        assert!(
            code.contains("/// # async fn example(id: &str) -> Result<(), my_api::v1::Error> {")
        );
        // Nothing is returned on 204, so the example does not print a response.
        assert!(code.contains("/// client.get_item(id).await?;"));
    }

    #[test]
    fn a_path_that_is_not_rust_gets_no_examples() {
        for path in ["", "my-api", "a::", "x\"); evil(); (\"", "a b"] {
            let code = Generator::new()
                .doc_examples(path)
                .generate_str(SPEC, None)
                .unwrap()
                .code;
            assert!(!code.contains("# Example"), "{path:?}");
        }
    }
}
