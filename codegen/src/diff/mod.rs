//! `codegen diff`: what a spec change breaks, for the people who use the generated crate.
//!
//! Two specs are compared twice, and every change carries both verdicts:
//! - `spec` walks the two loaded documents side by side (operations by method and path,
//!   parameters by name and location, properties by name, `$ref`s resolved) and decides, for the
//!   direction each schema travels in (request or response), whether a client built from OLD still
//!   works against a server that speaks NEW (`wire`);
//! - `rust` reads the two lowerings (the IR, where the generated names and types are decided) and
//!   decides whether code written against the crate generated from OLD still compiles against the
//!   one generated from NEW, for the code that calls the client (`client`) and the code that
//!   implements the server trait (`server`), and finds what only the Rust side sees: renamed types,
//!   methods, fields and variants.
//!
//! Where who a change breaks depends on the shape of the emitted code (a parameter passed as an
//! argument or set on a request builder, an enum `#[non_exhaustive]` or not), `surface` reads it
//! from the code `emit` writes for each lowering.
//!
//! [`report`] renders the result as text, markdown or JSON; [`source`] reads a spec from a file or
//! from a git revision (`REV:PATH`).

pub mod report;
mod rust;
pub mod source;
mod spec;
mod surface;

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

use crate::{ir, load, Diagnostics, Generator};

/// Who a change breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Audience {
    /// Code that calls the generated client or uses its models stops compiling, or silently
    /// changes meaning.
    Client,
    /// Code that implements the generated server trait stops compiling.
    Server,
    /// A client already deployed, built from OLD, fails against a server that speaks NEW.
    Wire,
}

impl Audience {
    /// The name used in reports and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Client => "client",
            Audience::Server => "server",
            Audience::Wire => "wire",
        }
    }
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A semantic-versioning bump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Semver {
    /// Nothing the generated crate does changes (documentation only, or nothing at all).
    None,
    /// Behaviour changes, the Rust API does not.
    Patch,
    /// The Rust API grows compatibly.
    Minor,
    /// Code written against the old crate (client or server side) stops compiling.
    Major,
}

impl Semver {
    /// `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Semver::None => "none",
            Semver::Patch => "patch",
            Semver::Minor => "minor",
            Semver::Major => "major",
        }
    }
}

impl fmt::Display for Semver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change between the two specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// A kebab-case id, e.g. `required-property-added`.
    pub kind: &'static str,
    /// JSON pointer of the changed node: in NEW, or in OLD for a removal.
    pub location: String,
    /// What changed, in one sentence.
    pub message: String,
    /// Who it breaks.
    pub breaks: BTreeSet<Audience>,
    /// The bump this change alone needs.
    pub semver: Semver,
}

impl Change {
    /// Whether it breaks `audience`.
    pub fn breaks(&self, audience: Audience) -> bool {
        self.breaks.contains(&audience)
    }
}

/// Everything that changed, in the order the specs list it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Report {
    /// The bump the generated crate needs: the largest of the changes'.
    pub fn semver(&self) -> Semver {
        self.changes
            .iter()
            .map(|c| c.semver)
            .max()
            .unwrap_or(Semver::None)
    }

    /// Whether any change breaks `audience`.
    pub fn breaks(&self, audience: Audience) -> bool {
        self.changes.iter().any(|c| c.breaks(audience))
    }
}

/// One spec, loaded and lowered: what both halves of the comparison read.
pub struct Side {
    /// The loaded document as JSON (the 3.0 model the loader produced, so YAML or JSON, key order
    /// and formatting make no difference).
    pub(crate) doc: Value,
    /// The lowering: the generated types.
    pub(crate) api: ir::Api,
    /// The Rust names of `api`'s items (looked up by their place in `api`, which never changes).
    pub(crate) names: crate::naming::Names,
    /// The public API of the code emitted from `api`.
    surface: surface::Surface,
    /// Where each part of `doc` was in the document as written.
    relocations: load::Relocations,
}

impl Side {
    /// Loads and lowers spec text; `file` names it in diagnostics. The diagnostics are those of
    /// `codegen check`.
    pub fn from_str(text: &str, file: Option<&str>) -> Result<Side, Diagnostics> {
        crate::on_big_stack(|| Side::of(load::load_text(text, file).map_err(Diagnostics)?))
    }

    /// Loads and lowers the spec at `root` and every file it refers to, each read through
    /// `read` (a remote `$ref` from its local copy in `remote_copies`, as
    /// [`Generator::remote_ref`] names them); the diagnostics are those of `codegen check`.
    pub fn from_file_with(
        root: &std::path::Path,
        read: load::ReadFile<'_>,
        remote_copies: load::RemoteCopies<'_>,
    ) -> Result<Side, Diagnostics> {
        crate::on_big_stack(|| {
            Side::of(load::load_file(root, read, remote_copies).map_err(Diagnostics)?)
        })
    }

    /// The side of a loaded document: lowered from it, so each spec is read and loaded once.
    /// Runs on the pipeline's big stack (the caller's), like loading and lowering.
    fn of(loaded: load::Loaded) -> Result<Side, Diagnostics> {
        let api = Generator::lower_loaded(&loaded)?.api;
        let internal = |e: String| {
            Diagnostics(vec![crate::Diagnostic::error(
                "#",
                format!("internal error: {e}; please report this with the spec"),
            )])
        };
        let doc = serde_json::to_value(&loaded.api)
            .map_err(|e| internal(format!("the loaded spec cannot be re-read ({e})")))?;
        let surface = surface::Surface::of(&api)
            .map_err(|e| internal(format!("the generated code does not parse ({e})")))?;
        let names = crate::emit::names(&api);
        Ok(Side {
            doc,
            api,
            names,
            surface,
            relocations: loaded.relocations,
        })
    }

    /// A pointer in `doc` as a pointer in the document as written.
    fn original(&self, pointer: &str) -> String {
        self.relocations.original(pointer)
    }
}

/// Compares two loaded specs.
pub fn diff(old: &Side, new: &Side) -> Report {
    let names = rust::Names::pair(old, new);
    let mut changes = spec::compare(old, new, &names);
    changes.extend(rust::renames(old, new, &names));
    // One entry per change: a node reached twice (a schema used at several places) says it once.
    let mut seen = std::collections::HashSet::new();
    changes.retain(|c| seen.insert((c.kind, c.location.clone(), c.message.clone())));
    for c in &mut changes {
        if c.breaks(Audience::Client) || c.breaks(Audience::Server) {
            c.semver = Semver::Major;
        }
    }
    Report { changes }
}

/// Compares two specs given as text; `old_file` and `new_file` name them in diagnostics.
pub fn diff_str(
    old: &str,
    old_file: Option<&str>,
    new: &str,
    new_file: Option<&str>,
) -> Result<Report, Diagnostics> {
    let old = Side::from_str(old, old_file);
    let new = Side::from_str(new, new_file);
    match (old, new) {
        (Ok(old), Ok(new)) => Ok(diff(&old, &new)),
        (Err(mut a), Err(b)) => {
            a.0.extend(b.0);
            Err(a)
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};
    use std::sync::Mutex;

    use super::Side;

    #[test]
    fn each_file_of_a_spec_is_read_once() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("schemas")).unwrap();
        let root = dir.path().join("api.yaml");
        std::fs::write(
            &root,
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      operationId: listPets\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: array, items: {$ref: './schemas/Pet.yaml'}}\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("schemas/Pet.yaml"),
            "type: object\nrequired: [id]\nproperties:\n  id: {type: string}\n",
        )
        .unwrap();
        let reads: Mutex<BTreeMap<PathBuf, usize>> = Mutex::default();
        let read = |path: &Path| {
            *reads.lock().unwrap().entry(path.to_path_buf()).or_default() += 1;
            std::fs::read(path)
        };
        let side = Side::from_file_with(&root, &read, &[]).unwrap();
        assert_eq!(side.api.types.len(), 1, "Pet is lowered");
        let reads = reads.into_inner().unwrap();
        assert_eq!(reads.len(), 2, "{reads:?}");
        assert!(reads.values().all(|n| *n == 1), "{reads:?}");
    }
}
