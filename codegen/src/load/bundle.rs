//! Bundling: one self-contained document from a root and every file and node its `$ref`s reach.
//!
//! Real specs point anywhere: into other files (`./schemas/Pet.yaml`, `../common/errors.json#/x`),
//! and at any JSON pointer (`#/components/schemas/Base/allOf/0`, `#/paths/~1things/get/responses/401`).
//! The rest of the pipeline only follows `$ref`s of the form `#/components/<kind>/<name>`
//! (`#/definitions/<name>` and the like in Swagger 2.0), so this pass rewrites every other one:
//!
//! - a node in another file is copied into the root's components, named from where it lives (the
//!   file stem for a whole file, the last pointer segment otherwise); a root component that is only
//!   a `$ref` to it (`Pet: {$ref: ./Pet.yaml}`) becomes that copy, under its own name;
//! - a node elsewhere in the document (inside another schema, an operation, a parameter) is moved
//!   into components under a name derived from its path, and its old place refers to it, so both
//!   places share one generated type;
//! - path items (which OpenAPI 3.0 has no component for) are copied where they are referenced.
//!
//! The walk knows the document's structure, so every `$ref` is read with its kind (schema,
//! parameter, response, ...) and examples and extensions, which are data, are left alone. Each
//! copied or moved node remembers where it came from ([`Origins`]), so diagnostics point into the
//! file that holds the problem and say which reference led there. Remote references are refused:
//! a build never touches the network.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value};

use super::unreadable::NAME_MAPS;
use crate::diagnostic::{Diagnostic, Position};
use crate::locate::SourceMap;
use crate::uri::percent_decode;

/// Reads a file the spec refers to (the file system, or a git revision).
pub type ReadFile<'a> = &'a (dyn Fn(&Path) -> std::io::Result<Vec<u8>> + Sync);

/// Local copies of remote documents: each URL prefix, and the file or directory that holds what
/// is under it (`https://example.com/api/` → `vendor/api/`). A remote `$ref` under one is read
/// from there, as a file of the spec; any other is refused.
pub type RemoteCopies<'a> = &'a [(String, PathBuf)];

/// How many path-item copies a document may need before a `$ref` loop among them is assumed.
const MAX_PATH_ITEM_COPIES: usize = 10_000;
/// How many JSON nodes the copies of inlined `$ref`s may add before a loop among them is assumed:
/// copies that contain references to what contains them double in size at each pass.
const MAX_COPIED_NODES: usize = 4_000_000;
/// How many `$ref`s a pointer may pass through on its way to a node.
const MAX_REF_HOPS: usize = 64;

/// What a `$ref` stands for, from where it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Kind {
    Schema,
    Parameter,
    Response,
    RequestBody,
    Header,
    Example,
    Link,
    Callback,
    PathItem,
    SecurityScheme,
    /// A `content` map (media type → media type object): no component holds one, but split
    /// specs refer to whole ones.
    Content,
    /// An operation (`get: {$ref: ./get-pet.yaml}`): not allowed by OpenAPI, but split specs
    /// written for Redocly's bundler (DigitalOcean's, for one) keep each operation in a file of
    /// its own. Copied in place, as path items are.
    Operation,
    /// A schema's whole `properties` (or `patternProperties`, `$defs`) map by `$ref`
    /// (`properties: {$ref: attributes.yaml#/droplet_ids}`), as Redocly's bundler allows. Copied
    /// in place.
    SchemaMap,
}

/// The document dialects, as far as bundling cares: where components live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Swagger2,
    OpenApi3,
}

impl Kind {
    /// Where components of this kind live in the root; `None` for kinds copied in place.
    fn home(self, dialect: Dialect) -> Option<&'static [&'static str]> {
        match dialect {
            Dialect::Swagger2 => match self {
                Kind::Schema => Some(&["definitions"]),
                Kind::Parameter => Some(&["parameters"]),
                Kind::Response => Some(&["responses"]),
                Kind::SecurityScheme => Some(&["securityDefinitions"]),
                _ => None,
            },
            Dialect::OpenApi3 => Some(match self {
                Kind::Schema => &["components", "schemas"],
                Kind::Parameter => &["components", "parameters"],
                Kind::Response => &["components", "responses"],
                Kind::RequestBody => &["components", "requestBodies"],
                Kind::Header => &["components", "headers"],
                Kind::Example => &["components", "examples"],
                Kind::Link => &["components", "links"],
                Kind::Callback => &["components", "callbacks"],
                Kind::SecurityScheme => &["components", "securitySchemes"],
                Kind::PathItem | Kind::Content | Kind::Operation | Kind::SchemaMap => return None,
            }),
        }
    }
}

/// One file of the spec.
pub(crate) struct Doc {
    /// Normalised absolute path: the document's identity (`./a/../b.yaml` is `b.yaml`).
    path: PathBuf,
    /// How diagnostics name it.
    pub(crate) display: String,
    pub(crate) text: String,
    pub(crate) value: Value,
    map: std::sync::OnceLock<SourceMap>,
}

impl Doc {
    pub(crate) fn new(path: PathBuf, display: String, text: String, value: Value) -> Self {
        Self {
            path,
            display,
            text,
            value,
            map: std::sync::OnceLock::new(),
        }
    }

    /// The note saying that a node was reached through the `$ref` at `at` in this file.
    fn reached_through(&self, reference: &str, at: &str) -> String {
        let name = if self.display.is_empty() {
            "<spec>"
        } else {
            &self.display
        };
        let place = match self.position(at) {
            Some(p) => format!("{name}:{}:{}", p.line, p.column),
            None => name.to_string(),
        };
        format!("reached through `$ref: {reference}` at {place} ({at})")
    }

    /// The line and column of `pointer` in this file.
    pub(crate) fn position(&self, pointer: &str) -> Option<Position> {
        if pointer == "#" {
            return None;
        }
        self.map
            .get_or_init(|| SourceMap::build(&self.text))
            .find(pointer)
    }
}

/// Where a part of the bundled document came from.
#[derive(Debug, Clone)]
struct Origin {
    doc: usize,
    pointer: String,
    /// The `$ref` that brought it in: its file, the pointer of the object holding it, its text.
    via: Option<(usize, String, String)>,
}

/// Bundled-document pointer prefix → where that subtree came from. A pointer under no recorded
/// prefix is the root file's own.
#[derive(Debug, Clone, Default)]
pub(crate) struct Origins {
    entries: BTreeMap<String, Origin>,
}

impl Origins {
    fn record(&mut self, at: String, origin: Origin) {
        self.entries.insert(at, origin);
    }

    fn find(&self, pointer: &str) -> Origin {
        let mut candidate = pointer;
        loop {
            if let Some(o) = self.entries.get(candidate) {
                return Origin {
                    doc: o.doc,
                    pointer: format!("{}{}", o.pointer, &pointer[candidate.len()..]),
                    via: o.via.clone(),
                };
            }
            match candidate.rfind('/') {
                Some(cut) => candidate = &candidate[..cut],
                None => {
                    return Origin {
                        doc: 0,
                        pointer: pointer.to_string(),
                        via: None,
                    }
                }
            }
        }
    }
}

/// Every file read, and where each part of the bundled document came from.
#[derive(Default)]
pub struct Sources {
    pub(crate) docs: Vec<Doc>,
    origins: Origins,
}

impl Sources {
    /// Every file the spec read, the root first.
    pub fn files(&self) -> Vec<PathBuf> {
        self.docs.iter().map(|d| d.path.clone()).collect()
    }

    /// Fills in the file, the pointer within it and the position of a diagnostic found at
    /// `d.pointer` in the bundled document, and which `$ref` led there. A diagnostic that already
    /// names its file only gets its position.
    pub(crate) fn locate(&self, d: &mut Diagnostic) {
        if let Some(file) = &d.file {
            if d.position.is_none() {
                if let Some(doc) = self.docs.iter().find(|doc| &doc.display == file) {
                    d.position = doc.position(&d.pointer);
                }
            }
            return;
        }
        let origin = self.origins.find(&d.pointer);
        let Some(doc) = self.docs.get(origin.doc) else {
            return;
        };
        d.pointer = origin.pointer;
        d.file = (!doc.display.is_empty()).then(|| doc.display.clone());
        if d.position.is_none() {
            d.position = doc.position(&d.pointer);
        }
        if let Some((via_doc, site, reference)) = origin.via {
            if let Some(from) = self.docs.get(via_doc) {
                let at = child_pointer(&site, "$ref");
                d.note = Some(from.reached_through(&reference, &at));
            }
        }
    }
}

/// A `$ref` found by the walk.
#[derive(Debug, Clone)]
struct Occurrence {
    doc: usize,
    /// The object holding the `$ref` (or the discriminator `mapping` holding the value).
    site: String,
    /// `Some(key)` for a discriminator mapping value, `None` for a `$ref` keyword.
    mapping_key: Option<String>,
    kind: Kind,
    reference: String,
    /// The node it names, once resolved.
    target: Option<(usize, String)>,
    /// A schema `$ref` whose pointer names nothing: the schema becomes untyped JSON.
    dangling: bool,
}

/// A node copied into the bundled document.
#[derive(Debug, Clone)]
struct Copy {
    doc: usize,
    source: String,
    dest: String,
}

/// The bundler's state.
struct Bundler<'a> {
    read: Option<ReadFile<'a>>,
    remote_copies: RemoteCopies<'a>,
    dialect: Dialect,
    docs: Vec<Doc>,
    occurrences: Vec<Occurrence>,
    seen_sites: HashSet<(usize, String, Option<String>)>,
    walked: HashSet<(usize, String)>,
    errors: Vec<Diagnostic>,
    /// `$anchor` and `$id` values, per document: anchor → pointer; absolute `$id` → (doc, pointer).
    anchors: HashMap<(usize, String), String>,
    ids: HashMap<String, (usize, String)>,
    /// The error of a referenced file that is not YAML or JSON, located in that file.
    file_error: Option<Diagnostic>,
    /// Each referenced file found unreadable, with its error: read and parsed once.
    unreadable: HashMap<PathBuf, Diagnostic>,
    /// Whether the last failed resolution cannot be worked around (a file that cannot be read, a
    /// remote reference), as opposed to a pointer that names nothing.
    fatal: bool,
    /// Located warnings: `$ref`s that name nothing, made untyped.
    warnings: Vec<Diagnostic>,
    /// Whether a schema `$ref` was led elsewhere than it says (see
    /// [`Bundler::schema_of_content`]), so that it must be rewritten.
    retargeted: bool,
}

/// A bundled document, the files it came from, and the warnings bundling found.
pub(crate) type Bundled = (Value, Sources, Vec<Diagnostic>);

/// Bundles the root document (already parsed) with everything its `$ref`s reach. Without a
/// reader (spec text given directly), a reference to another file is an error.
pub(crate) fn bundle(
    root: Doc,
    dialect: Dialect,
    read: Option<ReadFile<'_>>,
    remote_copies: RemoteCopies<'_>,
) -> Result<Bundled, (Vec<Diagnostic>, Sources)> {
    let mut b = Bundler {
        read,
        remote_copies,
        dialect,
        docs: vec![root],
        occurrences: Vec::new(),
        seen_sites: HashSet::new(),
        walked: HashSet::new(),
        errors: Vec::new(),
        anchors: HashMap::new(),
        ids: HashMap::new(),
        file_error: None,
        unreadable: HashMap::new(),
        fatal: false,
        warnings: Vec::new(),
        retargeted: false,
    };
    b.index_ids(0);
    b.inline_text_refs(0);
    b.expand_container_refs();
    b.walked.insert((0, "#".to_string()));
    b.walk_root();
    let mut next = 0;
    while next < b.occurrences.len() {
        b.resolve_occurrence(next);
        next += 1;
    }
    if !b.errors.is_empty() {
        let errors = one_per_problem(std::mem::take(&mut b.errors));
        return Err((errors, b.into_sources(Origins::default())));
    }
    if !b.needs_rewrite() {
        // The root's text stays for locating; its value is handed out once.
        let value = std::mem::take(&mut b.docs[0].value);
        let warnings = std::mem::take(&mut b.warnings);
        return Ok((value, b.into_sources(Origins::default()), warnings));
    }
    match b.assemble() {
        Ok((value, origins)) => {
            let warnings = std::mem::take(&mut b.warnings);
            Ok((value, b.into_sources(origins), warnings))
        }
        Err(errors) => Err((errors, b.into_sources(Origins::default()))),
    }
}

/// The errors with one for each problem: a file that cannot be read is reported once, however
/// many `$ref`s reach it, its note naming the first and counting the others.
fn one_per_problem(errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut kept: Vec<(Diagnostic, usize)> = Vec::new();
    for d in errors {
        let same = kept.iter_mut().find(|(k, _)| {
            k.file == d.file
                && k.position == d.position
                && k.pointer == d.pointer
                && k.message == d.message
        });
        match same {
            Some((_, more)) => *more += 1,
            None => kept.push((d, 0)),
        }
    }
    kept.into_iter()
        .map(|(mut d, more)| {
            if more > 0 {
                let others = if more == 1 {
                    "1 more `$ref`".to_string()
                } else {
                    format!("{more} more `$ref`s")
                };
                d.note = Some(match d.note.take() {
                    Some(note) => format!("{note}, and through {others}"),
                    None => format!("reached through {others}"),
                });
            }
            d
        })
        .collect()
}

impl<'a> Bundler<'a> {
    fn into_sources(self, origins: Origins) -> Sources {
        Sources {
            docs: self.docs,
            origins,
        }
    }

    /// Whether anything needs to move: a `$ref` in or into another file, one that is not a
    /// plain component reference, or one written percent-encoded (`Record%3CK%3E`: lower reads
    /// the pointer as written, so it gets the decoded one).
    fn needs_rewrite(&self) -> bool {
        self.retargeted
            || self.occurrences.iter().any(|o| {
                let Some((doc, pointer)) = &o.target else {
                    return o.dangling;
                };
                o.doc != 0
                    || *doc != 0
                    || !self.is_home(o.kind, pointer)
                    || o.reference.contains('%')
            })
    }

    /// Whether `pointer` (in the root) is a component of `kind` in its home.
    fn is_home(&self, kind: Kind, pointer: &str) -> bool {
        let Some(home) = kind.home(self.dialect) else {
            return false;
        };
        let tokens = tokens(pointer);
        tokens.len() == home.len() + 1 && tokens.iter().zip(home).all(|(t, h)| t == h)
    }

    fn error(&mut self, doc: usize, pointer: String, message: String) {
        let d = self.located(doc, Diagnostic::error(pointer, message));
        self.errors.push(d);
    }

    fn warn(&mut self, doc: usize, pointer: String, message: String) {
        let d = self.located(doc, Diagnostic::warning(pointer, message));
        self.warnings.push(d);
    }

    /// `d` with the file and position of its pointer in `doc`.
    fn located(&self, doc: usize, mut d: Diagnostic) -> Diagnostic {
        let display = &self.docs[doc].display;
        d.file = (!display.is_empty()).then(|| display.clone());
        d.position = self.docs[doc].position(&d.pointer);
        d
    }

    /// Expands a map of named entries that a split spec keeps in a file of its own
    /// (`paths: {$ref: paths.yaml}`, `components: {schemas: {$ref: schemas/_index.yaml}}`), as
    /// Redocly reads them: each entry of the map it leads to becomes a `$ref` to that entry, so
    /// the entry keeps its name and its own relative references resolve from the file that holds
    /// it. Keys written beside the `$ref` win over the file's.
    fn expand_container_refs(&mut self) {
        let mut pending: Vec<String> = CONTAINERS.iter().map(|c| c.to_string()).collect();
        while let Some(container) = pending.pop() {
            self.expand_container(&container);
            if container == "#/components" {
                pending.extend(
                    COMPONENT_SECTIONS
                        .iter()
                        .map(|(section, _)| child_pointer("#/components", section)),
                );
            }
        }
    }

    fn expand_container(&mut self, container: &str) {
        let Some(Value::Object(map)) = node_at(&self.docs[0].value, container) else {
            return;
        };
        let Some(reference) = map.get("$ref").and_then(Value::as_str).map(str::to_string) else {
            return;
        };
        let beside: Vec<(String, Value)> = map
            .iter()
            .filter(|(key, _)| *key != "$ref")
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        let at = child_pointer(container, "$ref");
        let (file, fragment) = reference.split_once('#').unwrap_or((&reference, ""));
        if !fragment.is_empty() && !fragment.starts_with('/') {
            self.error(
                0,
                at,
                format!("`$ref: {reference}` for a map of named entries must be a JSON pointer, not an anchor"),
            );
            return;
        }
        let mut target = match self.resolve(0, &reference, 0) {
            Ok(target) => target,
            Err(message) => {
                self.fatal = false;
                match self.file_error.take() {
                    Some(mut d) => {
                        d.note = Some(self.docs[0].reached_through(&reference, &at));
                        self.errors.push(d);
                    }
                    None => self.error(0, at, message),
                }
                return;
            }
        };
        // The map may itself be a `$ref` (an index file that points on).
        let mut hops = 0;
        while let Some(next) = node_at(&self.docs[target.0].value, &target.1)
            .and_then(|n| n.get("$ref"))
            .and_then(Value::as_str)
            .map(str::to_string)
        {
            hops += 1;
            match self.resolve(target.0, &next, hops) {
                Ok(next) => target = next,
                Err(message) => {
                    self.fatal = false;
                    self.error(0, at, message);
                    return;
                }
            }
        }
        let Some(Value::Object(entries)) = node_at(&self.docs[target.0].value, &target.1) else {
            self.error(
                0,
                at,
                format!("`$ref: {reference}` must lead to a map of named entries"),
            );
            return;
        };
        let base = format!("#{fragment}");
        // Paths and sections of `components` are not named by `x-` keys: those are extensions.
        let extensions_beside = matches!(container, "#/paths" | "#/webhooks" | "#/components");
        let mut expanded: Map<String, Value> = entries
            .keys()
            .filter(|key| !(extensions_beside && key.starts_with("x-")))
            .map(|key| {
                let pointer = child_pointer(&base, key);
                let entry_ref = format!("{file}{pointer}");
                (key.clone(), serde_json::json!({ "$ref": entry_ref }))
            })
            .collect();
        expanded.extend(beside);
        if let Some(slot) = node_at_mut(&mut self.docs[0].value, container) {
            *slot = Value::Object(expanded);
        }
    }

    // ----- the walk: every `$ref`, with its kind -----

    fn walk_root(&mut self) {
        let value = std::mem::take(&mut self.docs[0].value);
        let mut found = Vec::new();
        walk_document(&value, &mut found);
        self.docs[0].value = value;
        self.add_found(0, found);
    }

    fn add_found(&mut self, doc: usize, found: Vec<Found>) {
        for f in found {
            if self
                .seen_sites
                .insert((doc, f.site.clone(), f.mapping_key.clone()))
            {
                self.occurrences.push(Occurrence {
                    doc,
                    site: f.site,
                    mapping_key: f.mapping_key,
                    kind: f.kind,
                    reference: f.reference,
                    target: None,
                    dangling: false,
                });
            }
        }
    }

    fn resolve_occurrence(&mut self, i: usize) {
        let o = self.occurrences[i].clone();
        let reference = if o.mapping_key.is_some() && !looks_like_reference(&o.reference) {
            // A discriminator mapping may name a schema instead of referring to it.
            let Some(home) = o.kind.home(self.dialect) else {
                return;
            };
            let mut pointer = String::from("#");
            for t in home {
                pointer = child_pointer(&pointer, t);
            }
            child_pointer(&pointer, &o.reference)
        } else {
            o.reference.clone()
        };
        let at = match &o.mapping_key {
            Some(key) => child_pointer(&o.site, key),
            None => o.site.clone(),
        };
        let resolved = match self.resolve(o.doc, &reference, 0) {
            Err(message) if !self.fatal && o.kind == Kind::Schema => self
                .in_enclosing_schema(o.doc, &o.site, &reference)
                .ok_or(message),
            resolved => resolved,
        };
        match resolved {
            Ok((doc, pointer)) => {
                let (doc, pointer) = if o.kind == Kind::Schema {
                    self.schema_of_content(doc, pointer, (o.doc, &at, &reference))
                } else {
                    (doc, pointer)
                };
                let (doc, pointer) = self.through_forwards(doc, pointer);
                self.occurrences[i].target = Some((doc, pointer.clone()));
                if self.walked.insert((doc, pointer.clone())) {
                    if let Some(node) = node_at(&self.docs[doc].value, &pointer) {
                        let mut found = Vec::new();
                        walk_kind(node, &pointer, o.kind, &mut found);
                        self.add_found(doc, found);
                    }
                }
            }
            Err(message) => {
                if o.mapping_key.is_some() && !looks_like_reference(&o.reference) {
                    // An unknown mapping name is lower's to report, where discriminators are read.
                    return;
                }
                if !std::mem::take(&mut self.fatal) {
                    // A pointer that names nothing in a file that was read: one bad item, not a
                    // broken spec. A missing component is lower's to report (the operation that
                    // uses a missing parameter is skipped there); any other schema is untyped.
                    if o.kind == Kind::Schema && !(o.doc == 0 && self.is_home(o.kind, &reference)) {
                        let mut d = Diagnostic::warning(
                            at,
                            format!("{message}; the value is untyped JSON"),
                        );
                        let display = &self.docs[o.doc].display;
                        d.file = (!display.is_empty()).then(|| display.clone());
                        d.position = self.docs[o.doc].position(&d.pointer);
                        self.warnings.push(d);
                        self.occurrences[i].dangling = true;
                    }
                    return;
                }
                match self.file_error.take() {
                    Some(mut d) => {
                        d.note = Some(self.docs[o.doc].reached_through(&o.reference, &at));
                        self.errors.push(d);
                    }
                    None => self.error(o.doc, at, message),
                }
            }
        }
    }

    /// Where a local `$ref` that names nothing from the document's root leads from the
    /// innermost schema around it that has it: a JSON Schema pasted whole into a spec (pydantic's
    /// and FastAPI's, with its own `$defs`) keeps `$ref: '#/$defs/Item'`, meant from its own root.
    fn in_enclosing_schema(
        &self,
        doc: usize,
        site: &str,
        reference: &str,
    ) -> Option<(usize, String)> {
        let fragment = reference.strip_prefix("#/")?;
        let fragment = format!("/{}", percent_decode(fragment));
        let site_tokens = tokens(site);
        (1..site_tokens.len()).rev().find_map(|len| {
            let mut ancestor = String::from("#");
            for t in &site_tokens[..len] {
                ancestor = child_pointer(&ancestor, t);
            }
            let candidate = format!("{ancestor}{fragment}");
            node_at(&self.docs[doc].value, &candidate).map(|_| (doc, candidate))
        })
    }

    /// Where a schema `$ref` that names what holds a schema, not a schema, leads: a response or
    /// request body (an object with `content`) to the schema of its JSON content (of its first
    /// content otherwise), a parameter or header to its `schema`, each `$ref` on the way
    /// followed, with a warning at the `$ref` (`site`: its document, pointer and text). Specs
    /// write `schema: {$ref: '#/components/responses/NotFound'}` meaning the response's body.
    /// Any other target, or one that leads back to itself, is returned as it is.
    fn schema_of_content(
        &mut self,
        doc: usize,
        pointer: String,
        site: (usize, &str, &str),
    ) -> (usize, String) {
        let mut current = (doc, pointer.clone());
        let mut visited = HashSet::new();
        let mut first: Option<(&'static str, String)> = None;
        for _ in 0..MAX_REF_HOPS {
            let Some((what, place, schema)) = self.schema_holder(current.0, &current.1) else {
                break;
            };
            if !visited.insert(current.clone()) {
                // A response whose body is itself: nothing to read.
                return (doc, pointer);
            }
            first.get_or_insert((what, place));
            let forward = node_at(&self.docs[current.0].value, &schema)
                .and_then(|n| n.get("$ref"))
                .and_then(Value::as_str)
                .map(str::to_string);
            let Some(forward) = forward else {
                current = (current.0, schema);
                break;
            };
            match self.resolve(current.0, &forward, 1) {
                Ok(next) => current = next,
                Err(_) => {
                    self.fatal = false;
                    self.file_error = None;
                    current = (current.0, schema);
                    break;
                }
            }
        }
        let Some((what, place)) = first else {
            return (doc, pointer);
        };
        let (site_doc, at, reference) = site;
        self.warn(
            site_doc,
            at.to_string(),
            format!("`$ref: {reference}` names {what}, not a schema; {place} is read"),
        );
        self.retargeted = true;
        current
    }

    /// What the node at `pointer` is when it holds a schema without being one (see
    /// [`Bundler::schema_of_content`]): its kind, which of its schemas is read (for the
    /// warning), and that schema's pointer.
    fn schema_holder(&self, doc: usize, pointer: &str) -> Option<(&'static str, String, String)> {
        const SCHEMA_KEYWORDS: [&str; 9] = [
            "type",
            "properties",
            "items",
            "allOf",
            "oneOf",
            "anyOf",
            "enum",
            "$ref",
            "additionalProperties",
        ];
        let Some(Value::Object(node)) = node_at(&self.docs[doc].value, pointer) else {
            return None;
        };
        if SCHEMA_KEYWORDS.iter().any(|k| node.contains_key(*k)) {
            return None;
        }
        if let Some(Value::Object(content)) = node.get("content") {
            let with_schema = |key: &&String| content[key.as_str()].get("schema").is_some();
            let media = content
                .keys()
                .filter(with_schema)
                .find(|k| k.contains("json"))
                .or_else(|| content.keys().find(with_schema))?;
            let what = if node.contains_key("description") {
                "a response"
            } else {
                "a request body"
            };
            let schema = child_pointer(
                &child_pointer(&child_pointer(pointer, "content"), media),
                "schema",
            );
            return Some((what, format!("the schema of its `{media}` content"), schema));
        }
        if let Some(Value::Object(_)) = node.get("schema") {
            let what = if node.contains_key("in") {
                "a parameter"
            } else {
                "a header"
            };
            return Some((
                what,
                "its schema".to_string(),
                child_pointer(pointer, "schema"),
            ));
        }
        None
    }

    /// Where a node of another file that is nothing but a `$ref` leads (an index file's
    /// `Book: {$ref: ./Book.yaml}`), so that what refers to it refers to the schema itself and a
    /// component naming it becomes that schema, not an alias of a copy. The root's own aliases
    /// stay: they are components of their own. A forward that leads nowhere is left for its own
    /// occurrence to report.
    fn through_forwards(&mut self, mut doc: usize, mut pointer: String) -> (usize, String) {
        for hops in 0..MAX_REF_HOPS {
            if doc == 0 {
                break;
            }
            let forward = match node_at(&self.docs[doc].value, &pointer) {
                Some(Value::Object(map)) if map.len() == 1 => {
                    map.get("$ref").and_then(Value::as_str).map(str::to_string)
                }
                _ => None,
            };
            let Some(forward) = forward else { break };
            match self.resolve(doc, &forward, hops + 1) {
                Ok(next) => (doc, pointer) = next,
                Err(_) => {
                    self.fatal = false;
                    self.file_error = None;
                    break;
                }
            }
        }
        (doc, pointer)
    }

    /// The node `reference` (written in `doc`) names, as a document and a pointer without `$ref`s
    /// on the way.
    fn resolve(
        &mut self,
        doc: usize,
        reference: &str,
        hops: usize,
    ) -> Result<(usize, String), String> {
        if hops > MAX_REF_HOPS {
            return Err(format!(
                "`$ref: {reference}` passes through more than {MAX_REF_HOPS} references"
            ));
        }
        let (file, fragment) = match reference.split_once('#') {
            Some((file, fragment)) => (file, Some(fragment)),
            None => (reference, None),
        };
        let target_doc = if file.is_empty() {
            doc
        } else if is_remote(file) {
            match self.ids.get(file.trim_end_matches('#')) {
                Some((id_doc, id_pointer)) if fragment.is_none_or(str::is_empty) => {
                    return Ok((*id_doc, id_pointer.clone()))
                }
                Some((id_doc, _)) => *id_doc,
                None => self
                    .open(doc, file, reference)
                    .inspect_err(|_| self.fatal = true)?,
            }
        } else {
            self.open(doc, file, reference)
                .inspect_err(|_| self.fatal = true)?
        };
        let fragment = percent_decode(fragment.unwrap_or(""));
        let pointer = if fragment.is_empty() {
            "#".to_string()
        } else if fragment.starts_with('/') {
            format!("#{fragment}")
        } else {
            match self.anchors.get(&(target_doc, fragment.clone())) {
                Some(p) => p.clone(),
                None => {
                    return Err(format!(
                        "unresolved `$ref: {reference}`: no `$anchor: {fragment}` in {}",
                        self.docs[target_doc].display
                    ))
                }
            }
        };
        self.follow(target_doc, &pointer, reference, hops)
    }

    /// Walks `pointer` in `doc`, following any `$ref` met before its last token.
    fn follow(
        &mut self,
        doc: usize,
        pointer: &str,
        reference: &str,
        hops: usize,
    ) -> Result<(usize, String), String> {
        let tokens = tokens(pointer);
        let mut node = &self.docs[doc].value;
        let mut at = String::from("#");
        let mut i = 0;
        while i < tokens.len() {
            if let Some(next) = node.get("$ref").and_then(Value::as_str) {
                // A pointer through a `$ref`: continue from where that one leads.
                let next = next.to_string();
                let (d, p) = self.resolve(doc, &next, hops + 1)?;
                let mut rest = p;
                for t in &tokens[i..] {
                    rest = child_pointer(&rest, t);
                }
                return self.follow(d, &rest, reference, hops + 1);
            }
            let token = &tokens[i];
            let child = match node {
                Value::Object(map) => match map.get(token.as_str()) {
                    Some(child) => Some((child, token.clone())),
                    // A `/` the reference did not escape as `~1` (`#/components/schemas/a/b` for
                    // the key `a/b`): the longest key made of the next tokens.
                    None => (i + 1..tokens.len()).rev().find_map(|j| {
                        let key = tokens[i..=j].join("/");
                        map.get(&key).map(|child| {
                            i = j;
                            (child, key)
                        })
                    }),
                },
                Value::Array(items) => token
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i))
                    .map(|child| (child, token.clone())),
                _ => None,
            };
            let Some((child, key)) = child else {
                let file = if doc == 0 {
                    String::new()
                } else {
                    format!(" of `{}`", self.docs[doc].display)
                };
                return Err(format!(
                    "unresolved `$ref: {reference}`: no `{token}` in `{at}`{file}"
                ));
            };
            node = child;
            at = child_pointer(&at, &key);
            i += 1;
        }
        Ok((doc, at))
    }

    /// Where the file `file` (a reference's part before `#`, written in `from`) is read from, and
    /// how diagnostics name it: beside `from`, or, for a remote URL, in the local copy named for
    /// it. Any other remote file is refused: a build never touches the network.
    fn file_path(
        &self,
        from: usize,
        file: &str,
        reference: &str,
    ) -> Result<(PathBuf, String), String> {
        // A `file:` URL names a file of this machine by its absolute path (`file:///specs/a.yaml`,
        // `file://localhost/specs/a.yaml`): local, so read like a relative one.
        if let Some(rest) = file.strip_prefix("file://") {
            let path = rest.strip_prefix("localhost").unwrap_or(rest);
            if path.starts_with('/') {
                let path = percent_decode(path);
                return Ok((normalise(Path::new(&path)), path));
            }
        }
        if !is_remote(file) {
            let file = percent_decode(file);
            let base = self.docs[from]
                .path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            let display = display_path(&self.docs[from].display, &file);
            return Ok((normalise(&base.join(&file)), display));
        }
        let copy = self
            .remote_copies
            .iter()
            .filter_map(|(prefix, local)| {
                let rest = file.strip_prefix(prefix.as_str())?;
                // A prefix ends where a path segment does: `…/api` is not a prefix of `…/api2`.
                let whole = rest.is_empty() || prefix.ends_with('/') || rest.starts_with('/');
                whole.then_some((prefix.len(), local, rest))
            })
            .max_by_key(|(len, _, _)| *len);
        let Some((_, local, rest)) = copy else {
            return Err(format!(
                "remote `$ref: {reference}` is refused: generation never reads the network; download the file and refer to it by a relative path, or name its local copy (`--remote-ref URL=PATH`, `Generator::remote_ref`)"
            ));
        };
        let rest = percent_decode(rest.trim_start_matches('/'));
        let local = if rest.is_empty() {
            local.clone()
        } else {
            local.join(rest)
        };
        let absolute = if local.is_absolute() {
            local.clone()
        } else {
            std::env::current_dir().unwrap_or_default().join(&local)
        };
        Ok((normalise(&absolute), local.display().to_string()))
    }

    /// Opens (once) the file `file`, written in `from`.
    fn open(&mut self, from: usize, file: &str, reference: &str) -> Result<usize, String> {
        let (path, display) = self.file_path(from, file, reference)?;
        if let Some(i) = self.docs.iter().position(|d| d.path == path) {
            return Ok(i);
        }
        let Some(read) = self.read else {
            return Err(format!(
                "`$ref: {reference}` refers to another file, but the spec was given as text; generate from the file instead"
            ));
        };
        if let Some(d) = self.unreadable.get(&path) {
            self.file_error = Some(d.clone());
            return Err(format!(
                "`{display}` (from `$ref: {reference}`) cannot be read"
            ));
        }
        let bytes = read(&path)
            .map_err(|e| format!("cannot read `{display}` (from `$ref: {reference}`): {e}"))?;
        let text = super::text_of(bytes)
            .map_err(|m| format!("`{display}` (from `$ref: {reference}`): {m}"))?;
        let (value, parse_warnings) = match super::parse_value(&text) {
            Ok(parsed) => parsed,
            Err(diags) => {
                // Reported where the problem is, in that file, saying which `$ref` led there.
                let mut d = diags
                    .into_iter()
                    .next()
                    .unwrap_or_else(|| Diagnostic::error("#", "unreadable"));
                d.file = Some(display.clone());
                d.message = format!("`{display}` cannot be read: {}", d.message);
                self.unreadable.insert(path, d.clone());
                self.file_error = Some(d);
                return Err(format!(
                    "`{display}` (from `$ref: {reference}`) cannot be read"
                ));
            }
        };
        self.docs.push(Doc::new(path, display, text, value));
        let i = self.docs.len() - 1;
        for w in parse_warnings {
            self.warn(i, w.pointer, w.message);
        }
        self.index_ids(i);
        self.inline_text_refs(i);
        Ok(i)
    }

    /// Replaces `description: {$ref: ./text.md}` (and `summary`) with the text of that file, as
    /// Redocly does: split specs keep long descriptions in Markdown files. A file that cannot be
    /// read is an error at the `$ref`. A `$ref` to a string inside a document
    /// (`description: {$ref: texts.yaml#/intro}`) is replaced by that string. In a map of names
    /// (`properties`, `components/schemas`) a `description` is a schema, so a `$ref` there that
    /// does not lead to a string is left for the schema walk; anywhere else it is text that
    /// cannot be found, so it is dropped with a warning: a description never sinks a spec.
    fn inline_text_refs(&mut self, doc: usize) {
        let mut found = Vec::new();
        collect_text_refs(&self.docs[doc].value, "#", false, &mut found);
        for TextRef {
            pointer,
            reference,
            in_name_map,
        } in found
        {
            let text = if is_text_file(&reference) {
                match self.read_text(doc, &reference) {
                    Ok(text) => Some(text),
                    Err(message) => {
                        self.error(doc, pointer, message);
                        continue;
                    }
                }
            } else {
                match self.string_at(doc, &reference) {
                    Ok(text) => Some(text),
                    Err(_) if in_name_map => continue,
                    Err(reason) => {
                        let key = pointer.rsplit('/').next().unwrap_or_default();
                        self.warn(
                            doc,
                            pointer.clone(),
                            format!(
                                "`{key}: {{$ref: {reference}}}` {reason}; the {key} is left out"
                            ),
                        );
                        None
                    }
                }
            };
            match text {
                Some(text) => {
                    if let Some(slot) = node_at_mut(&mut self.docs[doc].value, &pointer) {
                        *slot = Value::String(text);
                    }
                }
                None => remove_at(&mut self.docs[doc].value, &pointer),
            }
        }
    }

    /// The string a `$ref` (written in `doc`) leads to, or why it leads to none.
    fn string_at(&mut self, doc: usize, reference: &str) -> Result<String, String> {
        let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target = if file.is_empty() {
            doc
        } else if self.file_path(doc, file, reference).is_err() {
            return Err("is remote, and generation never reads the network".to_string());
        } else {
            self.open(doc, file, reference)?
        };
        let pointer = format!("#{}", percent_decode(fragment));
        match node_at(&self.docs[target].value, &pointer) {
            Some(Value::String(text)) => Ok(text.clone()),
            Some(_) => Err("leads to a value that is not text".to_string()),
            None => Err("leads nowhere".to_string()),
        }
    }

    /// The text of a file `reference` (written in `doc`) names.
    fn read_text(&self, doc: usize, reference: &str) -> Result<String, String> {
        let file = reference.split('#').next().unwrap_or_default();
        let (path, display) = self.file_path(doc, file, reference)?;
        let Some(read) = self.read else {
            return Err(format!(
                "`$ref: {reference}` refers to another file, but the spec was given as text; generate from the file instead"
            ));
        };
        let bytes = read(&path)
            .map_err(|e| format!("cannot read `{display}` (from `$ref: {reference}`): {e}"))?;
        super::text_of(bytes).map_err(|m| format!("`{display}` (from `$ref: {reference}`): {m}"))
    }

    /// Records the `$anchor`s and absolute `$id`s of a document (JSON Schema 2020-12, OpenAPI 3.1).
    fn index_ids(&mut self, doc: usize) {
        let value = &mut self.docs[doc].value;
        let openapi = doc == 0
            || ["openapi", "swagger", "paths", "components", "definitions"]
                .iter()
                .any(|k| value.get(k).is_some());
        let resource = if openapi { None } else { Some("#") };
        dynamic_refs_made_static(value, "#", resource, openapi);
        let mut anchors = Vec::new();
        let mut ids = Vec::new();
        collect_ids(&self.docs[doc].value, "#", &mut anchors, &mut ids);
        for (anchor, pointer) in anchors {
            self.anchors.entry((doc, anchor)).or_insert(pointer);
        }
        for (id, pointer) in ids {
            if is_remote(&id) {
                self.ids.entry(id).or_insert((doc, pointer));
            }
        }
    }

    // ----- assembly: copy, move and rewrite -----

    /// The first `$ref` copied where it stands (a path item, a map of media types, ...) whose
    /// copy would hold a reference that leads back to it: the node it refers to contains it, or
    /// contains a `$ref` copied in turn that does. Copying such a loop never ends (each pass
    /// doubles it), so it is refused.
    fn inline_loop(&self) -> Option<usize> {
        let inlined: Vec<usize> = (0..self.occurrences.len())
            .filter(|&i| {
                let o = &self.occurrences[i];
                o.kind.home(self.dialect).is_none() && o.mapping_key.is_none() && o.target.is_some()
            })
            .collect();
        // The inlined references inside the node each one copies.
        let inside: Vec<Vec<usize>> = inlined
            .iter()
            .map(|&i| {
                let (doc, pointer) = self.occurrences[i].target.as_ref().expect("filtered above");
                (0..inlined.len())
                    .filter(|&k| {
                        let o = &self.occurrences[inlined[k]];
                        o.doc == *doc && is_under(&o.site, pointer)
                    })
                    .collect()
            })
            .collect();
        // Depth-first, without recursion: 0 unvisited, 1 on the current path, 2 done.
        let mut state = vec![0u8; inlined.len()];
        for start in 0..inlined.len() {
            if state[start] != 0 {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            state[start] = 1;
            while let Some((node, next)) = stack.pop() {
                match inside[node].get(next) {
                    Some(&child) => {
                        stack.push((node, next + 1));
                        match state[child] {
                            0 => {
                                state[child] = 1;
                                stack.push((child, 0));
                            }
                            1 => return Some(inlined[child]),
                            _ => {}
                        }
                    }
                    None => state[node] = 2,
                }
            }
        }
        None
    }

    fn assemble(&mut self) -> Result<(Value, Origins), Vec<Diagnostic>> {
        let mut out = self.docs[0].value.clone();
        let mut origins = Origins::default();
        let mut copies: Vec<Copy> = Vec::new();
        let mut taken: HashSet<String> = HashSet::new();
        for kind in ALL_KINDS {
            if let Some(home) = kind.home(self.dialect) {
                if let Some(Value::Object(map)) = node_at_tokens(&out, home) {
                    for key in map.keys() {
                        taken.insert(home_pointer(home, key));
                    }
                }
            }
        }

        // 1. Nodes of other files: one component copy per node not inside another copied node.
        let mut targets: Vec<(usize, String, Kind, usize)> = Vec::new();
        for (i, o) in self.occurrences.iter().enumerate() {
            if let Some((doc, pointer)) = &o.target {
                if *doc != 0 && o.kind != Kind::PathItem && o.kind.home(self.dialect).is_some() {
                    targets.push((*doc, pointer.clone(), o.kind, i));
                }
            }
        }
        targets.sort_by(|a, b| {
            (a.0, tokens(&a.1).len(), &a.1, a.2, a.3).cmp(&(
                b.0,
                tokens(&b.1).len(),
                &b.1,
                b.2,
                b.3,
            ))
        });
        let mut placed: HashSet<(usize, String)> = HashSet::new();
        for (doc, pointer, kind, first) in targets {
            if !placed.insert((doc, pointer.clone())) || covering(&copies, doc, &pointer).is_some()
            {
                continue;
            }
            let home = kind.home(self.dialect).expect("filtered above");
            // A root component that only refers to this node becomes it, under its own name.
            let adopted = self.occurrences.iter().find(|o| {
                o.doc == 0
                    && o.mapping_key.is_none()
                    && o.target.as_ref() == Some(&(doc, pointer.clone()))
                    && self.is_home(kind, &o.site)
                    && node_at(&self.docs[0].value, &o.site)
                        .and_then(Value::as_object)
                        .is_some_and(|m| {
                            m.keys()
                                .all(|k| k == "$ref" || k == "description" || k == "summary")
                        })
            });
            let dest = match adopted {
                Some(o) => o.site.clone(),
                None => {
                    let name = name_from_place(&self.docs[doc], &pointer);
                    claim(&mut taken, home, &name)
                }
            };
            let value = node_at(&self.docs[doc].value, &pointer)
                .cloned()
                .unwrap_or(Value::Null);
            set_at(&mut out, &dest, value);
            let via = &self.occurrences[first];
            origins.record(
                dest.clone(),
                Origin {
                    doc,
                    pointer: pointer.clone(),
                    via: Some((via.doc, via.site.clone(), via.reference.clone())),
                },
            );
            copies.push(Copy {
                doc,
                source: pointer,
                dest,
            });
        }

        // 2. Path items, copied where they are referenced (also inside copies made above or here).
        if let Some(i) = self.inline_loop() {
            let o = &self.occurrences[i];
            let mut d = Diagnostic::error(
                child_pointer(&o.site, "$ref"),
                format!(
                    "`$ref: {}` leads back to itself through the nodes it copies (it refers to a node that contains it, or to one whose `$ref`s lead back here), which cannot be inlined",
                    o.reference
                ),
            );
            d.file = Some(self.docs[o.doc].display.clone());
            return Err(vec![d]);
        }
        let mut done: HashSet<(usize, String)> = HashSet::new();
        let mut copied_nodes = 0usize;
        loop {
            let mut progress = false;
            for i in 0..self.occurrences.len() {
                let o = &self.occurrences[i];
                if o.kind.home(self.dialect).is_some() || o.mapping_key.is_some() {
                    continue;
                }
                let Some((doc, pointer)) = o.target.clone() else {
                    continue;
                };
                for at in locations(&copies, o.doc, &o.site) {
                    if !done.insert((i, at.clone())) {
                        continue;
                    }
                    if copies.len() > MAX_PATH_ITEM_COPIES || copied_nodes > MAX_COPIED_NODES {
                        let mut d = Diagnostic::error(
                            child_pointer(&o.site, "$ref"),
                            "path item `$ref`s refer to each other in a loop",
                        );
                        d.file = Some(self.docs[o.doc].display.clone());
                        return Err(vec![d]);
                    }
                    let mut value = node_at(&self.docs[doc].value, &pointer)
                        .cloned()
                        .unwrap_or(Value::Null);
                    copied_nodes += node_count(&value);
                    // Siblings of the `$ref` (summary, description, more operations) stay.
                    if let Some(Value::Object(here)) = node_at(&out, &at) {
                        if let Value::Object(target) = &mut value {
                            for (k, v) in here {
                                if k != "$ref" {
                                    target.insert(k.clone(), v.clone());
                                }
                            }
                        }
                    }
                    set_at(&mut out, &at, value);
                    origins.record(
                        at.clone(),
                        Origin {
                            doc,
                            pointer: pointer.clone(),
                            via: Some((o.doc, o.site.clone(), o.reference.clone())),
                        },
                    );
                    copies.push(Copy {
                        doc,
                        source: pointer.clone(),
                        dest: at,
                    });
                    progress = true;
                }
            }
            if !progress {
                break;
            }
        }

        // 3. Where each reference now points; a place that is not a component is moved into one.
        let mut rewrites: Vec<(String, Option<String>, Kind, String)> = Vec::new();
        let mut hoists: BTreeMap<(std::cmp::Reverse<usize>, String), Kind> = BTreeMap::new();
        let mut dangling: Vec<String> = Vec::new();
        for o in &self.occurrences {
            if o.dangling {
                dangling.extend(locations(&copies, o.doc, &o.site));
                continue;
            }
            if o.kind.home(self.dialect).is_none() && o.mapping_key.is_none() {
                continue;
            }
            let Some((doc, pointer)) = &o.target else {
                continue;
            };
            let place = if *doc == 0 {
                pointer.clone()
            } else {
                match covering(&copies, *doc, pointer) {
                    Some(c) => format!("{}{}", c.dest, &pointer[c.source.len()..]),
                    None => continue,
                }
            };
            // A component of another kind (a response `$ref` naming a schema) stays where it
            // is, and the `$ref` names it there, for load's later passes (`schema_refs`) and
            // lower to read or report.
            if !ALL_KINDS.iter().any(|k| self.is_home(*k, &place)) {
                hoists.insert(
                    (std::cmp::Reverse(tokens(&place).len()), place.clone()),
                    o.kind,
                );
                if o.kind == Kind::Schema {
                    // A schema that is copied (below) would give the type inside it twice: an
                    // array of objects names its item type in both places. That type moves.
                    if let Some(inner) = type_inside_copy(&out, &place) {
                        hoists.insert(
                            (std::cmp::Reverse(tokens(&inner).len()), inner),
                            Kind::Schema,
                        );
                    }
                }
            }
            for at in locations(&copies, o.doc, &o.site) {
                // A root component that only referred to the node has become it.
                if o.mapping_key.is_none() && at == place {
                    continue;
                }
                rewrites.push((at, o.mapping_key.clone(), o.kind, place.clone()));
            }
        }

        // 4. Move each place that is not a component into one, deepest first.
        let mut moved: Vec<(String, String)> = Vec::new();
        // Copies are made after the rewrites below, so that they hold rewritten references.
        let mut copied: Vec<(String, String)> = Vec::new();
        let mut hoisted: HashMap<String, String> = HashMap::new();
        for ((_, place), kind) in hoists {
            let home = kind
                .home(self.dialect)
                .expect("only kinds with a home are hoisted");
            let Some(node) = node_at(&out, &place).cloned() else {
                continue;
            };
            let name = name_from_path(&place);
            let dest = claim(&mut taken, home, &name);
            let origin = origins.find(&place);
            // A schema that is a type of its own (an object, an enum, a union) moves, and its
            // old place refers to it, so both share one type; any other (a constrained string,
            // say) is copied, so the old place keeps its plain Rust type.
            if kind != Kind::Schema || names_a_type(&node) {
                set_at(&mut out, &dest, node);
                let mut reference = Map::new();
                reference.insert("$ref".into(), Value::String(dest.clone()));
                set_at(&mut out, &place, Value::Object(reference));
                moved.push((place.clone(), dest.clone()));
            } else {
                // Its place for now, until every reference inside it is rewritten.
                set_at(&mut out, &dest, Value::Null);
                copied.push((place.clone(), dest.clone()));
            }
            origins.record(dest.clone(), origin);
            hoisted.insert(place, dest);
        }

        // 5. Rewrite every reference, where it now is; one that names nothing goes.
        for at in dangling {
            let at = moved
                .iter()
                .fold(at, |at, (from, to)| relocate(&at, from, to));
            if let Some(Value::Object(site)) = node_at_mut(&mut out, &at) {
                site.remove("$ref");
            }
        }
        for (at, mapping_key, _kind, place) in rewrites {
            let at = moved
                .iter()
                .fold(at, |at, (from, to)| relocate(&at, from, to));
            let target = hoisted.get(&place).cloned().unwrap_or(place);
            let Some(Value::Object(site)) = node_at_mut(&mut out, &at) else {
                continue;
            };
            match mapping_key {
                Some(key) => {
                    site.insert(key, Value::String(target));
                }
                None => {
                    site.insert("$ref".into(), Value::String(target));
                }
            }
        }
        for (place, dest) in copied {
            let place = moved
                .iter()
                .fold(place, |at, (from, to)| relocate(&at, from, to));
            let node = node_at(&out, &place).cloned().unwrap_or(Value::Null);
            set_at(&mut out, &dest, node);
        }
        Ok((out, origins))
    }
}

const ALL_KINDS: [Kind; 13] = [
    Kind::Schema,
    Kind::Parameter,
    Kind::Response,
    Kind::RequestBody,
    Kind::Header,
    Kind::Example,
    Kind::Link,
    Kind::Callback,
    Kind::PathItem,
    Kind::SecurityScheme,
    Kind::Content,
    Kind::Operation,
    Kind::SchemaMap,
];

/// Whether lower gives this schema a named type of its own wherever it is written.
fn names_a_type(schema: &Value) -> bool {
    let Some(map) = schema.as_object() else {
        return false;
    };
    ["properties", "enum", "oneOf", "anyOf", "allOf", "$ref"]
        .iter()
        .any(|k| map.contains_key(*k))
}

/// Where the type a copied schema at `place` holds is: through `items` and
/// `additionalProperties` of schemas that name no type, the first that does.
fn type_inside_copy(out: &Value, place: &str) -> Option<String> {
    let mut at = place.to_string();
    let mut node = node_at(out, &at)?;
    if names_a_type(node) {
        return None;
    }
    loop {
        let (key, next) = ["items", "additionalProperties"]
            .into_iter()
            .find_map(|k| node.get(k).filter(|v| v.is_object()).map(|v| (k, v)))?;
        at = child_pointer(&at, key);
        node = next;
        if names_a_type(node) {
            return (node.get("$ref").is_none()).then_some(at);
        }
    }
}

/// The copy whose source holds `pointer` of `doc`, the shallowest first.
fn covering<'c>(copies: &'c [Copy], doc: usize, pointer: &str) -> Option<&'c Copy> {
    copies
        .iter()
        .filter(|c| c.doc == doc && is_under(pointer, &c.source))
        .min_by_key(|c| tokens(&c.source).len())
}

/// Everywhere the node at `pointer` of `doc` now is in the bundled document.
fn locations(copies: &[Copy], doc: usize, pointer: &str) -> Vec<String> {
    let mut out = Vec::new();
    if doc == 0 {
        out.push(pointer.to_string());
    }
    for c in copies {
        if c.doc == doc && is_under(pointer, &c.source) {
            out.push(format!("{}{}", c.dest, &pointer[c.source.len()..]));
        }
    }
    out
}

/// How many JSON nodes `value` holds, itself included.
fn node_count(value: &Value) -> usize {
    match value {
        Value::Object(map) => 1 + map.values().map(node_count).sum::<usize>(),
        Value::Array(items) => 1 + items.iter().map(node_count).sum::<usize>(),
        _ => 1,
    }
}

fn is_under(pointer: &str, prefix: &str) -> bool {
    pointer == prefix
        || (pointer.starts_with(prefix) && pointer.as_bytes().get(prefix.len()) == Some(&b'/'))
        || prefix == "#"
}

fn relocate(pointer: &str, from: &str, to: &str) -> String {
    if is_under(pointer, from) {
        format!("{to}{}", &pointer[from.len()..])
    } else {
        pointer.to_string()
    }
}

fn home_pointer(home: &[&str], key: &str) -> String {
    let mut p = String::from("#");
    for t in home {
        p = child_pointer(&p, t);
    }
    child_pointer(&p, key)
}

/// A free key in `home` for `name` (`Pet`, then `Pet2`, `Pet3`, ...), claimed; its pointer.
fn claim(taken: &mut HashSet<String>, home: &[&str], name: &str) -> String {
    let mut n = 1;
    loop {
        let key = if n == 1 {
            name.to_string()
        } else {
            format!("{name}{n}")
        };
        let pointer = home_pointer(home, &key);
        if taken.insert(pointer.clone()) {
            return pointer;
        }
        n += 1;
    }
}

/// The name of a node of another file: its file stem when it is the whole file, otherwise its
/// last pointer segment.
fn name_from_place(doc: &Doc, pointer: &str) -> String {
    let tokens = tokens(pointer);
    let name = match tokens.last() {
        None => doc
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
        Some(last) if last.chars().all(|c| c.is_ascii_digit()) && tokens.len() > 1 => {
            name_from_path(pointer)
        }
        Some(last) => last.clone(),
    };
    if name.trim().is_empty() {
        "Ref".to_string()
    } else {
        name
    }
}

/// Words of a pointer that only say where a node sits, not what it is.
const STRUCTURAL: [&str; 12] = [
    "components",
    "schemas",
    "properties",
    "definitions",
    "paths",
    "content",
    "schema",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "$defs",
];

/// A name for a node moved out of its place, from its path: `#/components/schemas/Pet/properties/name`
/// → `Pet_name`, `#/paths/~1things/get/responses/401` → `things_get_401`.
fn name_from_path(pointer: &str) -> String {
    let words: Vec<String> = tokens(pointer)
        .into_iter()
        .filter(|t| t.starts_with('/') || !(STRUCTURAL.contains(&t.as_str()) || t.contains('/')))
        .map(|t| {
            t.chars()
                .map(|c| if c.is_alphanumeric() { c } else { '_' })
                .collect::<String>()
                .trim_matches('_')
                .to_string()
        })
        .filter(|t| !t.is_empty())
        .collect();
    if words.is_empty() {
        "Ref".to_string()
    } else {
        words.join("_")
    }
}

// ----- the structural walk -----

/// A `$ref` the walk found.
struct Found {
    site: String,
    mapping_key: Option<String>,
    kind: Kind,
    reference: String,
}

/// The sections of `components`, with the kind of what each holds.
const COMPONENT_SECTIONS: &[(&str, Kind)] = &[
    ("schemas", Kind::Schema),
    ("parameters", Kind::Parameter),
    ("responses", Kind::Response),
    ("requestBodies", Kind::RequestBody),
    ("headers", Kind::Header),
    ("examples", Kind::Example),
    ("links", Kind::Link),
    ("callbacks", Kind::Callback),
    ("pathItems", Kind::PathItem),
    ("securitySchemes", Kind::SecurityScheme),
];

/// The root's maps of named entries, which a split spec may keep in files of their own.
const CONTAINERS: &[&str] = &[
    "#/paths",
    "#/webhooks",
    "#/definitions",
    "#/parameters",
    "#/responses",
    "#/securityDefinitions",
    "#/components",
];

fn walk_document(doc: &Value, out: &mut Vec<Found>) {
    let Some(root) = doc.as_object() else {
        return;
    };
    if let Some(Value::Object(paths)) = root.get("paths") {
        for (path, item) in paths {
            walk_kind(item, &child_pointer("#/paths", path), Kind::PathItem, out);
        }
    }
    if let Some(Value::Object(hooks)) = root.get("webhooks") {
        for (name, item) in hooks {
            walk_kind(
                item,
                &child_pointer("#/webhooks", name),
                Kind::PathItem,
                out,
            );
        }
    }
    let sections: [(&str, Kind); 3] = [
        ("definitions", Kind::Schema),
        ("parameters", Kind::Parameter),
        ("responses", Kind::Response),
    ];
    for (section, kind) in sections {
        if let Some(Value::Object(map)) = root.get(section) {
            for (name, node) in map {
                walk_kind(
                    node,
                    &child_pointer(&format!("#/{section}"), name),
                    kind,
                    out,
                );
            }
        }
    }
    if let Some(Value::Object(components)) = root.get("components") {
        for &(section, kind) in COMPONENT_SECTIONS {
            if let Some(Value::Object(map)) = components.get(section) {
                let base = child_pointer("#/components", section);
                for (name, node) in map {
                    walk_kind(node, &child_pointer(&base, name), kind, out);
                }
            }
        }
    }
}

/// Walks a node of `kind` at `pointer`, collecting its `$ref`s.
fn walk_kind(node: &Value, pointer: &str, kind: Kind, out: &mut Vec<Found>) {
    let Some(map) = node.as_object() else {
        return;
    };
    if let Some(Value::String(reference)) = map.get("$ref") {
        out.push(Found {
            site: pointer.to_string(),
            mapping_key: None,
            kind,
            reference: reference.clone(),
        });
        if !matches!(kind, Kind::Schema | Kind::PathItem | Kind::Content) {
            return;
        }
    }
    let each = |key: &str, kind: Kind, out: &mut Vec<Found>| {
        if let Some(Value::Object(children)) = map.get(key) {
            let base = child_pointer(pointer, key);
            for (name, child) in children {
                walk_kind(child, &child_pointer(&base, name), kind, out);
            }
        }
    };
    let one = |key: &str, kind: Kind, out: &mut Vec<Found>| {
        if let Some(child) = map.get(key) {
            walk_kind(child, &child_pointer(pointer, key), kind, out);
        }
    };
    match kind {
        Kind::PathItem => {
            list(map, pointer, "parameters", Kind::Parameter, out);
            for method in [
                "get", "put", "post", "delete", "options", "head", "patch", "trace",
            ] {
                if let Some(op) = map.get(method) {
                    walk_kind(op, &child_pointer(pointer, method), Kind::Operation, out);
                }
            }
        }
        Kind::Parameter | Kind::Header => {
            one("schema", Kind::Schema, out);
            media_map(map, pointer, out);
            each("examples", Kind::Example, out);
        }
        Kind::RequestBody => media_map(map, pointer, out),
        Kind::Response => {
            one("schema", Kind::Schema, out);
            each("headers", Kind::Header, out);
            media_map(map, pointer, out);
            each("links", Kind::Link, out);
        }
        Kind::Callback => {
            for (expression, item) in map {
                if !expression.starts_with("x-") {
                    walk_kind(
                        item,
                        &child_pointer(pointer, expression),
                        Kind::PathItem,
                        out,
                    );
                }
            }
        }
        Kind::Schema => walk_schema(map, pointer, out),
        Kind::Content => walk_content(map, pointer, out),
        Kind::Operation => walk_operation(map, pointer, out),
        Kind::SchemaMap => {
            for (name, child) in map {
                walk_kind(child, &child_pointer(pointer, name), Kind::Schema, out);
            }
        }
        Kind::Example | Kind::Link | Kind::SecurityScheme => {}
    }
}

fn list(map: &Map<String, Value>, pointer: &str, key: &str, kind: Kind, out: &mut Vec<Found>) {
    if let Some(Value::Array(items)) = map.get(key) {
        let base = child_pointer(pointer, key);
        for (i, item) in items.iter().enumerate() {
            walk_kind(item, &format!("{base}/{i}"), kind, out);
        }
    }
}

fn media_map(map: &Map<String, Value>, pointer: &str, out: &mut Vec<Found>) {
    if let Some(content) = map.get("content") {
        walk_kind(
            content,
            &child_pointer(pointer, "content"),
            Kind::Content,
            out,
        );
    }
}

/// A `content` map's media types: schemas, examples, encoding headers.
fn walk_content(content: &Map<String, Value>, base: &str, out: &mut Vec<Found>) {
    for (media, m) in content {
        if media == "$ref" {
            continue;
        }
        let Some(m) = m.as_object() else { continue };
        let at = child_pointer(base, media);
        if let Some(schema) = m.get("schema") {
            walk_kind(schema, &child_pointer(&at, "schema"), Kind::Schema, out);
        }
        if let Some(Value::Object(examples)) = m.get("examples") {
            let eb = child_pointer(&at, "examples");
            for (name, e) in examples {
                walk_kind(e, &child_pointer(&eb, name), Kind::Example, out);
            }
        }
        if let Some(Value::Object(encoding)) = m.get("encoding") {
            let eb = child_pointer(&at, "encoding");
            for (name, e) in encoding {
                if let Some(Value::Object(headers)) = e.get("headers") {
                    let hb = child_pointer(&child_pointer(&eb, name), "headers");
                    for (h, header) in headers {
                        walk_kind(header, &child_pointer(&hb, h), Kind::Header, out);
                    }
                }
            }
        }
    }
}

fn walk_operation(op: &Map<String, Value>, pointer: &str, out: &mut Vec<Found>) {
    list(op, pointer, "parameters", Kind::Parameter, out);
    if let Some(body) = op.get("requestBody") {
        walk_kind(
            body,
            &child_pointer(pointer, "requestBody"),
            Kind::RequestBody,
            out,
        );
    }
    if let Some(Value::Object(responses)) = op.get("responses") {
        let base = child_pointer(pointer, "responses");
        for (status, r) in responses {
            if !status.starts_with("x-") {
                walk_kind(r, &child_pointer(&base, status), Kind::Response, out);
            }
        }
    }
    if let Some(Value::Object(callbacks)) = op.get("callbacks") {
        let base = child_pointer(pointer, "callbacks");
        for (name, c) in callbacks {
            walk_kind(c, &child_pointer(&base, name), Kind::Callback, out);
        }
    }
}

/// Schema keywords holding one schema, a list of schemas, or a map of schemas.
const SCHEMA_ONE: [&str; 11] = [
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
];
const SCHEMA_LIST: [&str; 4] = ["allOf", "anyOf", "oneOf", "prefixItems"];
const SCHEMA_MAP: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

fn walk_schema(map: &Map<String, Value>, pointer: &str, out: &mut Vec<Found>) {
    for key in SCHEMA_ONE {
        match map.get(key) {
            Some(v @ Value::Object(_)) => {
                walk_kind(v, &child_pointer(pointer, key), Kind::Schema, out)
            }
            // `items: [..]` (draft 4 tuples, seen in 2.0 specs).
            Some(Value::Array(_)) => list(map, pointer, key, Kind::Schema, out),
            _ => {}
        }
    }
    for key in SCHEMA_LIST {
        list(map, pointer, key, Kind::Schema, out);
    }
    for key in SCHEMA_MAP {
        if let Some(children) = map.get(key) {
            walk_kind(children, &child_pointer(pointer, key), Kind::SchemaMap, out);
        }
    }
    if let Some(Value::Object(mapping)) = map.get("discriminator").and_then(|d| d.get("mapping")) {
        let site = child_pointer(&child_pointer(pointer, "discriminator"), "mapping");
        for (key, value) in mapping {
            if let Value::String(reference) = value {
                out.push(Found {
                    site: site.clone(),
                    mapping_key: Some(key.clone()),
                    kind: Kind::Schema,
                    reference: reference.clone(),
                });
            }
        }
    }
}

/// Whether a `$ref` names a text file (Markdown, plain text, HTML) rather than a document.
/// A `description` or `summary` given by `$ref`.
struct TextRef {
    pointer: String,
    reference: String,
    /// Whether the key is a name in a map of names, where it may be a schema.
    in_name_map: bool,
}

/// Schema keywords whose object maps names to schemas (beside [`NAME_MAPS`]).
const SCHEMA_NAME_MAPS: [&str; 5] = [
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

fn is_text_file(reference: &str) -> bool {
    let file = reference
        .split('#')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    [".md", ".markdown", ".txt", ".html"]
        .iter()
        .any(|e| file.ends_with(e))
}

/// `description`/`summary` values that are only a `$ref`: to a text file, or perhaps to a string
/// in a document.
fn collect_text_refs(node: &Value, pointer: &str, in_name_map: bool, out: &mut Vec<TextRef>) {
    match node {
        Value::Object(map) => {
            for (k, v) in map {
                let at = child_pointer(pointer, k);
                if matches!(k.as_str(), "description" | "summary") {
                    if let Some(reference) = v
                        .as_object()
                        .filter(|m| m.len() == 1)
                        .and_then(|m| m.get("$ref"))
                        .and_then(Value::as_str)
                    {
                        out.push(TextRef {
                            pointer: at,
                            reference: reference.to_string(),
                            in_name_map,
                        });
                        continue;
                    }
                }
                if !in_name_map
                    && (matches!(
                        k.as_str(),
                        "example" | "examples" | "default" | "enum" | "const"
                    ) || k.starts_with("x-"))
                {
                    continue;
                }
                let names = !in_name_map
                    && (NAME_MAPS.contains(&k.as_str()) || SCHEMA_NAME_MAPS.contains(&k.as_str()));
                collect_text_refs(v, &at, names, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_text_refs(v, &format!("{pointer}/{i}"), false, out);
            }
        }
        _ => {}
    }
}

/// Rewrites `$recursiveRef` (JSON Schema 2019-09) and `$dynamicRef` (2020-12) as the `$ref`s they
/// are when no dynamic scope overrides them: `$recursiveRef: '#'` names the root of the schema
/// resource it is in (a component schema, a `schema` of an operation, a whole schema file, or
/// the nearest `$id`), as OpenAI's recursive filters use it; `$dynamicRef: '#name'` names the
/// `$dynamicAnchor` of that name. Generated types are static, so that binding is the one they can
/// have. `resource` is the root of the schema resource `node` is in, if it is in one; `openapi`
/// whether the document is an OpenAPI document (whose roots are its schemas), not a schema file.
fn dynamic_refs_made_static(
    node: &mut Value,
    pointer: &str,
    resource: Option<&str>,
    openapi: bool,
) {
    match node {
        Value::Object(map) => {
            let own_root = map.get("$id").is_some_and(Value::is_string)
                || (openapi && is_schema_root(pointer));
            let resource = if own_root { Some(pointer) } else { resource };
            if !map.contains_key("$ref") {
                let recursive = match map.get("$recursiveRef") {
                    Some(Value::String(r)) if r == "#" => resource.map(str::to_string),
                    Some(Value::String(r)) => Some(r.clone()),
                    _ => None,
                };
                let target = recursive.map(|r| (r, "$recursiveRef")).or_else(|| {
                    match map.get("$dynamicRef") {
                        Some(Value::String(r)) => Some((r.clone(), "$dynamicRef")),
                        _ => None,
                    }
                });
                if let Some((target, keyword)) = target {
                    map.remove(keyword);
                    map.insert("$ref".into(), Value::String(target));
                }
            }
            for (key, child) in map.iter_mut() {
                if holds_data(key) {
                    continue;
                }
                dynamic_refs_made_static(child, &child_pointer(pointer, key), resource, openapi);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                dynamic_refs_made_static(item, &format!("{pointer}/{i}"), resource, openapi);
            }
        }
        _ => {}
    }
}

/// Whether a schema's keyword holds data (values, extensions) rather than schemas: its `$id`s
/// and `$ref`-like keys are not the spec's.
fn holds_data(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

/// Whether `pointer` in an OpenAPI document is where a schema begins: a component schema (a 2.0
/// definition), or the `schema` of a parameter, header or media type.
fn is_schema_root(pointer: &str) -> bool {
    let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", pointer));
    matches!(parent, "#/components/schemas" | "#/definitions")
        || (key == "schema" && !parent.ends_with("/properties"))
}

/// Collects `$anchor`s and `$id`s (only where a schema may say them: not inside examples).
fn collect_ids(
    node: &Value,
    pointer: &str,
    anchors: &mut Vec<(String, String)>,
    ids: &mut Vec<(String, String)>,
) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(a)) = map.get("$anchor") {
                anchors.push((a.clone(), pointer.to_string()));
            }
            if let Some(Value::String(a)) = map.get("$dynamicAnchor") {
                anchors.push((a.clone(), pointer.to_string()));
            }
            if let Some(Value::String(id)) = map.get("$id") {
                ids.push((id.trim_end_matches('#').to_string(), pointer.to_string()));
                if let Some((_, fragment)) = id.split_once('#') {
                    if !fragment.is_empty() && !fragment.starts_with('/') {
                        anchors.push((fragment.to_string(), pointer.to_string()));
                    }
                }
            }
            for (k, v) in map {
                if holds_data(k) {
                    continue;
                }
                collect_ids(v, &child_pointer(pointer, k), anchors, ids);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_ids(v, &format!("{pointer}/{i}"), anchors, ids);
            }
        }
        _ => {}
    }
}

// ----- pointers, paths and values -----

fn child_pointer(pointer: &str, token: &str) -> String {
    crate::diagnostic::child(pointer, token)
}

/// The unescaped tokens of a `#/a/b` pointer.
fn tokens(pointer: &str) -> Vec<String> {
    let rest = pointer.trim_start_matches('#');
    if rest.is_empty() {
        return Vec::new();
    }
    rest.split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

pub(crate) fn node_at<'v>(value: &'v Value, pointer: &str) -> Option<&'v Value> {
    let tokens = tokens(pointer);
    let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
    node_at_tokens(value, &refs)
}

fn node_at_tokens<'v>(mut value: &'v Value, tokens: &[&str]) -> Option<&'v Value> {
    for t in tokens {
        value = match value {
            Value::Object(map) => map.get(*t)?,
            Value::Array(items) => items.get(t.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(value)
}

/// Removes the member `pointer` names from its parent object, if there is one.
fn remove_at(value: &mut Value, pointer: &str) {
    let Some((parent, key)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = key.replace("~1", "/").replace("~0", "~");
    if let Some(Value::Object(map)) = node_at_mut(value, parent) {
        map.remove(&key);
    }
}

fn node_at_mut<'v>(mut value: &'v mut Value, pointer: &str) -> Option<&'v mut Value> {
    for t in tokens(pointer) {
        value = match value {
            Value::Object(map) => map.get_mut(&t)?,
            Value::Array(items) => items.get_mut(t.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(value)
}

/// Sets the node at `pointer`, creating the objects on the way.
fn set_at(value: &mut Value, pointer: &str, node: Value) {
    let tokens = tokens(pointer);
    let mut here = value;
    for (i, t) in tokens.iter().enumerate() {
        let last = i + 1 == tokens.len();
        if let Value::Array(items) = here {
            let Some(slot) = t.parse::<usize>().ok().and_then(|i| items.get_mut(i)) else {
                return;
            };
            if last {
                *slot = node;
                return;
            }
            here = slot;
            continue;
        }
        if !here.is_object() {
            *here = Value::Object(Map::new());
        }
        let Value::Object(map) = here else {
            return;
        };
        if last {
            map.insert(t.clone(), node);
            return;
        }
        here = map
            .entry(t.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
    *here = node;
}

fn looks_like_reference(s: &str) -> bool {
    s.contains('#')
        || s.contains('/')
        || s.ends_with(".yaml")
        || s.ends_with(".yml")
        || s.ends_with(".json")
}

fn is_remote(file: &str) -> bool {
    file.starts_with("//")
        || file.split_once("://").is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
        })
        || file.starts_with("urn:")
}

/// `a/./b/../c` → `a/c`, lexically (the files may not be on disk: a git revision).
pub(crate) fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// How a diagnostic names a file reached from `from` (as displayed) by `relative`.
fn display_path(from: &str, relative: &str) -> String {
    let base = Path::new(from).parent().unwrap_or(Path::new(""));
    normalise(&base.join(relative)).display().to_string()
}
