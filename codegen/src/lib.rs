//! `codegen`: turns a Swagger 2.0, OpenAPI 3.0, 3.1 or 3.2 document, in one file or split across
//! many, into Rust models, an async client and an axum server trait.
//!
//! Inside, a small compiler, one module per stage, data flowing one way: load (text →
//! `openapiv3`, with every file and `$ref` read), lower (→ [`ir`]), emit (→ tokens →
//! prettyplease). The public API is what a build script or a tool needs:
//!
//! - [`build_script`] (or [`Generator::build_script`]): generate into `OUT_DIR` from `build.rs`;
//! - [`Generator`]: configure and run a generation, whole ([`Generator::generate_file`]) or by
//!   stage ([`Generator::load_str`], [`Generator::lower`], [`Generator::emit`]), giving
//!   [`Generated`] code or located [`Diagnostics`];
//! - [`ir`]: the lowered API a [`Generated`] or [`Lowered`] carries (the generated names and
//!   types, for counts, manifests and comparisons);
//! - [`manifest`]: the `Cargo.toml` of a standalone generated crate;
//! - [`diff`]: what `codegen diff` reports, as a library.
//!
//! The library's dependencies are those of generating only; the `codegen` binary (`check`,
//! `generate`, `diff`) needs the `cli` feature.
//!
//! ```no_run
//! let generated = codegen::Generator::new().generate_file("spec/one-cp.yaml").unwrap();
//! std::fs::write("out.rs", generated.code).unwrap();
//! ```

mod diagnostic;
pub mod diff;
mod emit;
pub mod ir;
mod load;
mod locate;
mod lower;
mod manifest;
mod naming;
mod recursion;
mod stack;
mod uri;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Diagnostics, Position, Severity};
pub use emit::Parts;
pub use load::ReadFile;
pub use manifest::{manifest, Dependencies};
pub use recursion::recursion_limit;
use stack::on_big_stack;

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

/// A spec read and normalised into one document, not yet lowered: the first stage's output
/// ([`Generator::load_str`]), for tools that time or repeat the stages one at a time.
pub struct Document(load::Loaded);

impl std::fmt::Debug for Document {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Document").finish_non_exhaustive()
    }
}

/// Generated code before formatting: the emit stage's output ([`Generator::emit_unformatted`]).
#[derive(Debug, Clone)]
pub struct Unformatted(proc_macro2::TokenStream);

impl Unformatted {
    /// Formats the code with prettyplease: the same text as [`Generator::emit`], which emits and
    /// formats in sections on several threads. This runs on the calling thread, whose stack must
    /// hold the code's nesting (the tokens cannot move to another thread); [`Generator::emit`]
    /// has no such limit.
    pub fn format(self) -> Result<String, Diagnostics> {
        emit::format(self.0).map_err(unparsable)
    }
}

/// The diagnostic for generated code that does not parse: a bug, whatever the spec.
fn unparsable(e: syn::Error) -> Diagnostics {
    Diagnostics(vec![Diagnostic::error(
        "#",
        format!("internal error: the generated code does not parse ({e}); please report this with the spec"),
    )])
}

/// Configures and runs a generation.
#[derive(Debug, Clone, Default)]
pub struct Generator {
    parts: Parts,
    doc_crate: Option<String>,
    threads: Option<usize>,
    remote_copies: Vec<(String, PathBuf)>,
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

    /// How many threads format the code: by default the cores, at most eight. The output does not
    /// depend on it (`0` counts as `1`).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads.max(1));
        self
    }

    /// Reads the remote documents under `url_prefix` from `local` instead: generation never
    /// reads the network, so a `$ref` to `https://…` is otherwise refused. `local` is the copy of
    /// the file the prefix names, or, for a prefix that ends in `/`, the directory holding what
    /// is under it; a relative path is from the current directory (a build script's is its
    /// package's). The longest matching prefix wins.
    ///
    /// ```
    /// let generator = codegen::Generator::new().remote_ref(
    ///     "https://raw.githubusercontent.com/moov-io/base/master/api/",
    ///     "vendor/moov-base/",
    /// );
    /// # let _ = generator;
    /// ```
    pub fn remote_ref(mut self, url_prefix: impl Into<String>, local: impl Into<PathBuf>) -> Self {
        self.remote_copies.push((url_prefix.into(), local.into()));
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
        on_big_stack(|| {
            Self::lower_loaded(
                &load::load_file(path, read, &self.remote_copies).map_err(Diagnostics)?,
            )
        })
    }

    /// Loads and lowers spec text; `file` is only used in diagnostics. A `$ref` to another file
    /// is an error: use [`Self::lower_file`].
    pub fn lower_str(&self, text: &str, file: Option<&str>) -> Result<Lowered, Diagnostics> {
        on_big_stack(|| Self::lower_loaded(&load::load_text(text, file).map_err(Diagnostics)?))
    }

    /// The first stage alone: reads spec text into one document; `file` is only used in
    /// diagnostics. [`Self::lower`] goes on from there.
    pub fn load_str(&self, text: &str, file: Option<&str>) -> Result<Document, Diagnostics> {
        on_big_stack(|| {
            load::load_text(text, file)
                .map(Document)
                .map_err(Diagnostics)
        })
    }

    /// The second stage alone: lowers a loaded document.
    pub fn lower(&self, document: &Document) -> Result<Lowered, Diagnostics> {
        on_big_stack(|| Self::lower_loaded(&document.0))
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
                    warnings: diagnostic::without_repeats(all),
                    files,
                })
            }
            Err(errors) => {
                let mut all = loaded.warnings.clone();
                all.extend(loaded.locate(errors));
                Err(Diagnostics(diagnostic::without_repeats(all)))
            }
        }
    }

    /// The second half of [`Self::generate_file`]: emits and formats the code, in sections on
    /// [`Self::threads`] threads.
    pub fn emit(&self, lowered: Lowered) -> Result<Generated, Diagnostics> {
        on_big_stack(|| self.emit_here(lowered))
    }

    /// The emit stage alone, on the calling thread, without formatting: [`Unformatted::format`]
    /// then gives the text [`Self::emit`] does.
    pub fn emit_unformatted(&self, lowered: &Lowered) -> Unformatted {
        Unformatted(emit::emit_tokens(
            &lowered.api,
            self.parts,
            self.doc_crate.as_deref(),
        ))
    }

    fn emit_here(&self, lowered: Lowered) -> Result<Generated, Diagnostics> {
        let Lowered {
            api,
            warnings,
            files,
        } = lowered;
        let threads = self.threads.unwrap_or_else(emit::default_threads);
        let code = emit::render(&api, self.parts, self.doc_crate.as_deref(), threads)
            .map_err(unparsable)?;
        let mut warnings = warnings;
        if let Some(limit) = recursion_limit(&api) {
            warnings.push(Diagnostic::warning(
                "#",
                format!("the generated types nest deeper than rustc checks by default (whether a response type is `Send`); the crate root that includes them needs `#![recursion_limit = \"{limit}\"]` (`codegen generate` writes it)"),
            ));
        }
        Ok(Generated {
            code,
            warnings,
            api,
            files,
        })
    }
}

/// For `build.rs`: generates `spec` into `out_dir/file_name`, prints `cargo:rerun-if-changed`, and
/// on failure prints the located diagnostics and returns an error (the build then fails without a
/// backtrace: `fn main() -> ExitCode` or `std::process::exit(1)`).
///
/// The generated code needs these dependencies in the including crate: `codegen-runtime` (its
/// support code: the client core, the server helpers, with features `client`, `decimal` when the
/// spec has decimals, `multipart` when it has a multipart request body, and `server` for the
/// server module), `serde` (derive), `serde_json`
/// (feature `raw_value`), `reqwest`, `bytes`, `axum` for the server module, and `rust_decimal`,
/// `chrono`, `uuid` when the spec uses those formats; [`manifest`] lists them for a given spec.
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
    fn doc_examples_write_keyword_names_raw() {
        // A parameter or field called `type` is `r#type` in code; an example that wrote `type`
        // would fail the user's `cargo test --doc`.
        let spec = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things/{type}:
    post:
      operationId: match
      parameters:
        - {name: type, in: path, required: true, schema: {type: string}}
        - {name: async, in: query, schema: {type: boolean}}
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
      responses: {"204": {description: none}}
components:
  schemas:
    Thing:
      type: object
      required: [type, ref]
      properties: {type: {type: string}, ref: {type: string}, loop: {type: string}}
"#;
        let code = Generator::new()
            .doc_examples("api")
            .generate_str(spec, None)
            .unwrap()
            .code;
        assert!(code.contains("/// client.match_(r#type, body)\n"), "{code}");
        assert!(code.contains("///     .r#async(r#async)\n"), "{code}");
        assert!(
            code.contains("`Thing::new(r#type, r#ref).with_loop(r#loop)`"),
            "{code}"
        );
        // Every example parses as Rust.
        let mut examples = 0;
        let mut block: Option<String> = None;
        for line in code.lines().map(str::trim_start) {
            let Some(doc) = line.strip_prefix("///") else {
                continue;
            };
            let doc = doc.strip_prefix(' ').unwrap_or(doc);
            match (&mut block, doc) {
                (None, "```no_run") => block = Some(String::new()),
                (Some(text), "```") => {
                    syn::parse_file(text).unwrap_or_else(|e| panic!("{e}:\n{text}"));
                    examples += 1;
                    block = None;
                }
                (Some(text), doc) => {
                    text.push_str(doc.strip_prefix("# ").unwrap_or(doc));
                    text.push('\n');
                }
                (None, _) => {}
            }
        }
        assert_eq!(examples, 1);
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

    /// The lints each top-level generated module allows: never a lint group, and never
    /// `dead_code` (the generated code is linted in CI with `-D warnings`).
    #[test]
    fn generated_modules_allow_no_lint_group() {
        let code = Generator::new().generate_str(SPEC, None).unwrap().code;
        let file = syn::parse_file(&code).unwrap();
        let mut modules = Vec::new();
        for item in &file.items {
            let syn::Item::Mod(module) = item else {
                continue;
            };
            for attr in module.attrs.iter().filter(|a| a.path().is_ident("allow")) {
                let lints = attr
                    .parse_args_with(
                        syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
                    )
                    .unwrap();
                for lint in lints {
                    let lint = quote::quote!(#lint).to_string().replace(' ', "");
                    assert!(
                        !matches!(
                            lint.as_str(),
                            "warnings"
                                | "unused"
                                | "clippy::all"
                                | "clippy::pedantic"
                                | "clippy::nursery"
                                | "clippy::restriction"
                                | "clippy::style"
                                | "clippy::complexity"
                        ),
                        "`{}` allows the group {lint}",
                        module.ident
                    );
                    // The support code that an API uses only part of is the runtime crate's.
                    assert_ne!(lint, "dead_code", "`{}` allows dead_code", module.ident);
                }
            }
            modules.push(module.ident.to_string());
        }
        assert_eq!(modules, ["types", "runtime", "client", "server"]);
    }
}
