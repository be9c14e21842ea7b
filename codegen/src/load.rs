//! Stage 1, load: text (YAML or JSON) into the `openapiv3` model.
//!
//! The root and every file its `$ref`s reach are bundled into one document (`bundle`). A Swagger
//! 2.0 document is then converted to OpenAPI 3.0.3 (`swagger2`), and a 3.1 document normalised
//! into the 3.0 model (`openapi31`), each recording where every moved part was (`relocate`), so
//! that every diagnostic names the document as written.
//!
//! Parsing goes through `serde_json::Value` first so that a node `openapiv3` cannot read can be
//! located by JSON pointer and quarantined with a warning (that schema untyped, or that operation
//! skipped), and the rest of the document kept.

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde_json::{Map, Value};

use crate::diagnostic::{child, Diagnostic, Position};
use unreadable::UnreadableSchema;

mod bundle;
mod legacy_bodies;
mod openapi31;
mod openapi32;
mod ref_siblings;
mod relocate;
mod schema_refs;
mod swagger2;
mod unreadable;

pub use bundle::{ReadFile, RemoteCopies, Sources};
pub use relocate::Relocations;

/// How many unreadable nodes we quarantine before giving up on a document.
const MAX_QUARANTINED: usize = 1000;

/// A parsed document and the warnings loading produced.
pub struct Loaded {
    /// The typed document.
    pub api: OpenAPI,
    /// Warnings: quarantined schemas and operations, clamped numbers. Like every diagnostic load
    /// returns, they are located: file, line and column, and the pointer within that file.
    pub warnings: Vec<Diagnostic>,
    /// Where each part of `api` was in the bundled document (a 2.0 or 3.1 document is rewritten
    /// into the 3.0 model): diagnostics found later are translated back through it.
    pub relocations: Relocations,
    /// Every file read, and where each part of the bundled document came from.
    pub sources: Sources,
}

impl Loaded {
    /// Locates diagnostics found at pointers of `api` (by lower): the file that holds the node,
    /// the pointer within that file, line and column, and the `$ref` that led there.
    pub fn locate(&self, mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
        for d in &mut diags {
            d.pointer = self.relocations.original(&d.pointer);
            d.message = self.relocations.original_message(&d.message);
            self.sources.locate(d);
        }
        diags
    }
}

/// The OpenAPI (or Swagger) version a document declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    /// `swagger: "2.0"`.
    Swagger2,
    /// `openapi: 3.0.x`.
    OpenApi30,
    /// `openapi: 3.1.x`.
    OpenApi31,
    /// `openapi: 3.2.x`, read as 3.1 (see `openapi32`).
    OpenApi32,
}

impl Version {
    /// How diagnostics name the version.
    fn label(self) -> &'static str {
        match self {
            Version::Swagger2 => "Swagger 2.0",
            Version::OpenApi30 => "OpenAPI 3.0",
            Version::OpenApi31 => "OpenAPI 3.1",
            Version::OpenApi32 => "OpenAPI 3.2",
        }
    }
}

/// Parses `text`; `file` names it in diagnostics. A `$ref` to another file is an error.
pub fn load_text(text: &str, file: Option<&str>) -> Result<Loaded, Vec<Diagnostic>> {
    let display = file.unwrap_or_default().to_string();
    let path = bundle::normalise(Path::new(&display));
    load_root(path, display, text.to_string(), None, &[])
}

/// Reads the spec at `path` and every file its `$ref`s reach, each through `read`; a remote
/// `$ref` is read from its local copy in `remote_copies`, or refused.
pub fn load_file(
    path: &Path,
    read: ReadFile<'_>,
    remote_copies: RemoteCopies<'_>,
) -> Result<Loaded, Vec<Diagnostic>> {
    let display = path.display().to_string();
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let fail = |message: String| {
        let mut d = Diagnostic::error("#", message);
        d.file = Some(display.clone());
        vec![d]
    };
    let bytes = read(&absolute).map_err(|e| fail(format!("cannot read the spec: {e}")))?;
    let text = text_of(bytes).map_err(fail)?;
    load_root(
        bundle::normalise(&absolute),
        display,
        text,
        Some(read),
        remote_copies,
    )
}

/// Reads a file the file system holds: the reader [`load_file`] takes by default.
pub fn read_from_disk(path: &Path) -> std::io::Result<Vec<u8>> {
    std::fs::read(path)
}

/// A spec file's bytes as text: UTF-8 (a leading BOM is dropped), not binary.
fn text_of(bytes: Vec<u8>) -> Result<String, String> {
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "the spec is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

fn load_root(
    path: PathBuf,
    display: String,
    text: String,
    read: Option<ReadFile<'_>>,
    remote_copies: RemoteCopies<'_>,
) -> Result<Loaded, Vec<Diagnostic>> {
    let root_errors = |mut diags: Vec<Diagnostic>, text: &str| {
        let map = diags
            .iter()
            .any(|d| d.position.is_none() && d.pointer != "#")
            .then(|| crate::locate::SourceMap::build(text));
        for d in &mut diags {
            if !display.is_empty() {
                d.file = Some(display.clone());
            }
            // `#` is the whole document: pointing at its first line would mislead.
            if d.position.is_none() && d.pointer != "#" {
                d.position = map.as_ref().and_then(|m| m.find(&d.pointer));
            }
        }
        diags
    };
    if text.trim().is_empty() {
        return Err(root_errors(
            vec![Diagnostic::error("#", "the spec is empty")],
            &text,
        ));
    }
    if text.contains('\0') {
        return Err(root_errors(
            vec![Diagnostic::error(
                "#",
                "the spec contains NUL bytes; it is a binary file, not YAML or JSON",
            )],
            &text,
        ));
    }
    let (mut value, parse_warnings) = match parse_value(&text) {
        Ok(parsed) => parsed,
        Err(d) => return Err(root_errors(d, &text)),
    };
    let parse_warnings = root_errors(parse_warnings, &text);
    let version = match check_version(&mut value) {
        Ok(v) => v,
        Err(d) => return Err(root_errors(d, &text)),
    };
    let dialect = match version {
        Version::Swagger2 => bundle::Dialect::Swagger2,
        Version::OpenApi30 | Version::OpenApi31 | Version::OpenApi32 => bundle::Dialect::OpenApi3,
    };
    let root = bundle::Doc::new(path, display, text, value);
    let (value, sources, bundle_warnings) = match bundle::bundle(root, dialect, read, remote_copies)
    {
        Ok(bundled) => bundled,
        Err((mut errors, sources)) => {
            for d in &mut errors {
                sources.locate(d);
            }
            return Err(errors);
        }
    };
    let locate = |mut diags: Vec<Diagnostic>, sources: &Sources| {
        for d in &mut diags {
            sources.locate(d);
        }
        diags
    };
    match load_bundled(value, version) {
        Ok((api, warnings, relocations)) => Ok(Loaded {
            api,
            warnings: parse_warnings
                .into_iter()
                .chain(bundle_warnings)
                .chain(locate(warnings, &sources))
                .collect(),
            relocations,
            sources,
        }),
        Err(errors) => Err(locate(errors, &sources)),
    }
}

/// Reads a bundled document (one file, every `$ref` a local component) into the 3.0 model,
/// converting a 2.0 document first. Diagnostics point into the bundled document.
fn load_bundled(
    value: Value,
    version: Version,
) -> Result<(OpenAPI, Vec<Diagnostic>, Relocations), Vec<Diagnostic>> {
    let mut value = value;
    let rooted = root_paths(&mut value);
    let (value, relocations, mut warnings) = match version {
        Version::OpenApi30 => (value, Relocations::default(), Vec::new()),
        Version::Swagger2 => {
            let converted = swagger2::convert(value);
            (converted.doc, converted.relocations, converted.warnings)
        }
        // Normalised into the 3.0 model; see `openapi31` for why and how.
        Version::OpenApi31 => {
            let n = openapi31::normalise(value);
            (n.document, n.relocations, n.warnings)
        }
        // Rewritten in place into 3.1 (nothing moves), then normalised as 3.1 is.
        Version::OpenApi32 => {
            let mut value = value;
            let mut warnings = openapi32::to_openapi31(&mut value);
            let n = openapi31::normalise(value);
            warnings.extend(n.warnings);
            (n.document, n.relocations, warnings)
        }
    };
    let (mut value, mut relocations) = (value, relocations);
    if version != Version::Swagger2 {
        warnings.extend(legacy_bodies::lift(&mut value, &mut relocations));
    }
    warnings.extend(schema_refs::rewrite(&mut value));
    warnings.splice(0..0, rooted);
    // What is found from here on is found in the (possibly converted) 3.0 document: its
    // pointers are translated back to the bundled document.
    let back = |mut diags: Vec<Diagnostic>| {
        for d in &mut diags {
            d.pointer = relocations.original(&d.pointer);
            d.message = relocations.original_message(&d.message);
        }
        diags
    };
    match load_openapi30(value, &relocations, version) {
        Ok((api, found)) => {
            warnings.extend(back(found));
            Ok((api, warnings, relocations))
        }
        Err(errors) => {
            warnings.extend(back(errors));
            Err(warnings)
        }
    }
}

/// Paths must start with `/`; `openapiv3` silently drops one that does not (`things:` beside
/// `/other:`). Each is read as if it did (`/things`), with a warning, unless that path is also
/// written, which is then the one kept.
fn root_paths(value: &mut Value) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let Some(Value::Object(paths)) = value.get_mut("paths") else {
        return warnings;
    };
    if paths
        .keys()
        .all(|k| k.starts_with('/') || k.starts_with("x-"))
    {
        return warnings;
    }
    let old = std::mem::take(paths);
    let written: std::collections::HashSet<String> = old.keys().cloned().collect();
    for (key, item) in old {
        if key.starts_with('/') || key.starts_with("x-") {
            paths.insert(key, item);
            continue;
        }
        let rooted = format!("/{key}");
        let at = child("#/paths", &key);
        if written.contains(&rooted) {
            warnings.push(Diagnostic::warning(
                at,
                format!("path `{key}` does not start with `/`, and `{rooted}` is written too; it is skipped"),
            ));
        } else {
            warnings.push(Diagnostic::warning(
                at,
                format!("path `{key}` does not start with `/`; it is read as `{rooted}`"),
            ));
            paths.insert(rooted, item);
        }
    }
    warnings
}

/// Reads an OpenAPI 3.0 document, quarantining what `openapiv3` cannot read: the typed
/// document and the warnings, or the errors. `relocations` translates the pointers that messages
/// name in their text (the diagnostics' own pointers are translated by the caller); `version`
/// is the one the document was written in, for the error that it is invalid.
fn load_openapi30(
    mut value: Value,
    relocations: &Relocations,
    version: Version,
) -> Result<(OpenAPI, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut warnings = Vec::new();
    complete_info(&mut value, &mut warnings);
    complete_responses(&mut value, &mut warnings);
    complete_security(&mut value, &mut warnings);
    complete_styles(&mut value, &mut warnings);
    sanitize_numbers(&mut value, "#", false, &mut warnings);
    warnings.extend(ref_siblings::rewrite(&mut value, "#"));
    // Webhooks (3.1) are an extension of the 3.0 model, which the rewrite above does not enter.
    if let Some(webhooks) = value.get_mut("x-codegen-webhooks") {
        warnings.extend(ref_siblings::rewrite(webhooks, "#/x-codegen-webhooks"));
    }
    // Unreadable schemas first, found in linear time (reading the whole document would take
    // time exponential in their depth): each is untyped on its own, and what holds it loads.
    for found in unreadable::unreadable_schemas(&value) {
        warnings.push(untype_schema(&mut value, &found, relocations));
    }
    // Operations and parameters missing what the model requires, found by looking (the
    // model's own error for them names only `#/paths`).
    for (pointer, message) in incomplete_nodes(&value) {
        warnings.push(quarantine_or_fail(&mut value, &pointer, &message, version)?);
    }
    // Fast path: most documents read at once. Tracking the path of the failing node (below)
    // costs more than the read itself, so it is only paid for a document that fails.
    if let Ok(api) = <OpenAPI as serde::Deserialize>::deserialize(&value) {
        return Ok((api, warnings));
    }
    for _ in 0..MAX_QUARANTINED {
        match serde_path_to_error::deserialize::<_, OpenAPI>(&value) {
            Ok(api) => return Ok((api, warnings)),
            Err(err) => {
                let mut pointer = pointer_of(err.path());
                let mut message = err.inner().to_string();
                // The model reads path items through a flattened map, so its error for one of
                // them names only the section: find the item by reading each on its own.
                if matches!(pointer.as_str(), "#" | "#/paths" | "#/x-codegen-webhooks") {
                    if let Some((unit, at, found)) = unreadable_path_item(&value) {
                        message = if at == unit {
                            found
                        } else {
                            format!("{found}, at {}", relocations.original(&at))
                        };
                        pointer = unit;
                    }
                }
                warnings.push(quarantine_or_fail(&mut value, &pointer, &message, version)?);
            }
        }
    }
    Err(vec![Diagnostic::error(
        "#",
        format!("more than {MAX_QUARANTINED} unreadable schemas or operations; giving up"),
    )])
}

/// Gives `info` the `title` and `version` OpenAPI requires: a spec that leaves one out (a
/// framework's default export often has no `version`) loses nothing else, so each missing one is
/// a warning and taken as empty (the crate is then named `api`). A number (YAML's `version: 1.0`)
/// is taken as its text.
fn complete_info(value: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let Value::Object(root) = value else {
        return;
    };
    let problem = match root.get("info") {
        None => Some(("#", "the spec has no `info`")),
        Some(Value::Object(_)) => None,
        Some(_) => Some(("#/info", "`info` is not an object")),
    };
    if let Some((at, message)) = problem {
        warnings.push(Diagnostic::warning(
            at,
            format!("{message}; its title and version are taken as empty"),
        ));
        let empty = [("title", ""), ("version", "")];
        let info = empty.map(|(k, v)| (k.to_string(), Value::String(v.into())));
        root.insert("info".into(), Value::Object(Map::from_iter(info)));
        return;
    }
    let Some(Value::Object(info)) = root.get_mut("info") else {
        return;
    };
    for field in ["title", "version"] {
        match info.get(field) {
            Some(Value::String(_)) => {}
            Some(Value::Number(n)) => {
                let text = n.to_string();
                info.insert(field.into(), Value::String(text));
            }
            other => {
                let (at, message) = match other {
                    None => ("#/info".to_string(), format!("`info` has no `{field}`")),
                    Some(_) => (
                        child("#/info", field),
                        format!("`info.{field}` is not a string"),
                    ),
                };
                warnings.push(Diagnostic::warning(
                    at,
                    format!("{message}; it is taken as empty"),
                ));
                info.insert(field.into(), Value::String(String::new()));
            }
        }
    }
}

/// Gives each response the `description` OpenAPI requires (generated specs often leave it out),
/// and each response header the `schema` or `content` it requires (`schema: {}`, any value):
/// without them the response, and every operation that uses it, could not be read. Each missing
/// one is a warning.
fn complete_responses(value: &mut Value, warnings: &mut Vec<Diagnostic>) {
    fn complete_headers(headers: Option<&mut Value>, at: &str, warnings: &mut Vec<Diagnostic>) {
        let Some(Value::Object(headers)) = headers else {
            return;
        };
        for (name, header) in headers.iter_mut() {
            let Value::Object(header) = header else {
                continue;
            };
            if ["$ref", "schema", "content"]
                .iter()
                .any(|key| header.contains_key(*key))
            {
                continue;
            }
            warnings.push(Diagnostic::warning(
                child(at, name),
                "the header has neither `schema` nor `content` (OpenAPI requires one); its value is taken as any",
            ));
            header.insert("schema".into(), Value::Object(Map::new()));
        }
    }
    complete_headers(
        value.pointer_mut("/components/headers"),
        "#/components/headers",
        warnings,
    );
    let mut complete = |responses: &mut Value, at: &str| {
        let Value::Object(responses) = responses else {
            return;
        };
        for (code, response) in responses.iter_mut() {
            let Value::Object(response) = response else {
                continue;
            };
            if response.contains_key("$ref") {
                continue;
            }
            let response_at = child(at, code);
            complete_headers(
                response.get_mut("headers"),
                &child(&response_at, "headers"),
                warnings,
            );
            if matches!(response.get("description"), Some(Value::String(_))) {
                continue;
            }
            warnings.push(Diagnostic::warning(
                response_at,
                "the response has no `description` (OpenAPI requires one); it is taken as empty",
            ));
            response.insert("description".into(), Value::String(String::new()));
        }
    };
    if let Some(responses) = value.pointer_mut("/components/responses") {
        complete(responses, "#/components/responses");
    }
    for section in ["paths", "x-codegen-webhooks"] {
        let Some(Value::Object(items)) = value.get_mut(section) else {
            continue;
        };
        for (path, item) in items.iter_mut() {
            let Value::Object(item) = item else { continue };
            let item_at = child(&format!("#/{section}"), path);
            for (method, op) in item.iter_mut() {
                if !is_method(method) {
                    continue;
                }
                if let Some(responses) = op.get_mut("responses") {
                    complete(responses, &child(&child(&item_at, method), "responses"));
                }
            }
        }
    }
}

/// Gives each security requirement's scheme the list of scopes OpenAPI requires: `null` (or
/// nothing, as some exporters write `- oauth2:`) is read as no scopes, with a warning, instead of
/// the operation being unreadable.
fn complete_security(value: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let mut complete = |requirements: &mut Value, at: &str| {
        let Value::Array(requirements) = requirements else {
            return;
        };
        for (i, requirement) in requirements.iter_mut().enumerate() {
            let Value::Object(schemes) = requirement else {
                continue;
            };
            for (scheme, scopes) in schemes.iter_mut() {
                if scopes.is_null() {
                    warnings.push(Diagnostic::warning(
                        child(&format!("{at}/{i}"), scheme),
                        format!("the scopes of `{scheme}` are `null`; they are taken as none"),
                    ));
                    *scopes = Value::Array(Vec::new());
                }
            }
        }
    };
    if let Some(requirements) = value.get_mut("security") {
        complete(requirements, "#/security");
    }
    for section in ["paths", "x-codegen-webhooks"] {
        let Some(Value::Object(items)) = value.get_mut(section) else {
            continue;
        };
        for (path, item) in items.iter_mut() {
            let Value::Object(item) = item else { continue };
            let item_at = child(&format!("#/{section}"), path);
            for (method, op) in item.iter_mut() {
                if !is_method(method) {
                    continue;
                }
                if let Some(requirements) = op.get_mut("security") {
                    complete(requirements, &child(&child(&item_at, method), "security"));
                }
            }
        }
    }
}

/// Gives each parameter a `style` its location defines: a query (or cookie) parameter's `simple`
/// (Okta's) is `form` without explode, the same comma-joined text; a path or header parameter's
/// `form` (or other query style) is `simple`. Each is a warning; without it the operation could
/// not be read.
fn complete_styles(value: &mut Value, warnings: &mut Vec<Diagnostic>) {
    let complete_one = |p: &mut Value, at: &str, warnings: &mut Vec<Diagnostic>| {
        let Value::Object(p) = p else { return };
        let (Some(Value::String(location)), Some(Value::String(style))) =
            (p.get("in"), p.get("style"))
        else {
            return;
        };
        let allowed: &[&str] = match location.as_str() {
            "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
            "path" => &["matrix", "label", "simple"],
            "header" => &["simple"],
            "cookie" => &["form"],
            _ => return,
        };
        if allowed.contains(&style.as_str()) {
            return;
        }
        let replacement = match location.as_str() {
            "query" | "cookie" => "form",
            _ => "simple",
        };
        // `simple` joins a list with commas whatever its explode says: `form` does so unexploded.
        let explode =
            replacement == "simple" && p.get("explode").and_then(Value::as_bool).unwrap_or(false);
        warnings.push(Diagnostic::warning(
            child(at, "style"),
            format!("style `{style}` is not defined for a {location} parameter; it is read as `{replacement}` (explode {explode})"),
        ));
        p.insert("style".into(), Value::String(replacement.into()));
        p.insert("explode".into(), Value::Bool(explode));
    };
    let complete_list = |list: Option<&mut Value>, at: &str, warnings: &mut Vec<Diagnostic>| {
        if let Some(Value::Array(list)) = list {
            for (i, p) in list.iter_mut().enumerate() {
                complete_one(p, &format!("{at}/parameters/{i}"), warnings);
            }
        }
    };
    if let Some(Value::Object(parameters)) = value.pointer_mut("/components/parameters") {
        for (name, p) in parameters.iter_mut() {
            complete_one(p, &child("#/components/parameters", name), warnings);
        }
    }
    for section in ["paths", "x-codegen-webhooks"] {
        let Some(Value::Object(items)) = value.get_mut(section) else {
            continue;
        };
        for (path, item) in items.iter_mut() {
            let Value::Object(item) = item else { continue };
            let item_at = child(&format!("#/{section}"), path);
            complete_list(item.get_mut("parameters"), &item_at, warnings);
            for (method, op) in item.iter_mut() {
                if is_method(method) {
                    let at = child(&item_at, method);
                    complete_list(op.get_mut("parameters"), &at, warnings);
                }
            }
        }
    }
}

/// Operations without `responses` and parameters with neither `schema` nor `content`, which
/// OpenAPI requires: each with its pointer and what is missing, at most one per operation.
fn incomplete_nodes(document: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let parameter_problem = |p: &Value| -> Option<&'static str> {
        let p = p.as_object()?;
        (!p.contains_key("$ref") && !p.contains_key("schema") && !p.contains_key("content"))
            .then_some("the parameter has neither `schema` nor `content`")
    };
    let bad_parameter = |list: Option<&Value>, at: &str| -> Option<(String, String)> {
        let items = list?.as_array()?;
        items.iter().enumerate().find_map(|(i, p)| {
            parameter_problem(p).map(|m| (format!("{at}/parameters/{i}"), m.to_string()))
        })
    };
    if let Some(Value::Object(paths)) = document.get("paths") {
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            let item_at = child("#/paths", path);
            if let Some(found) = bad_parameter(item.get("parameters"), &item_at) {
                out.push(found);
                continue;
            }
            for (method, op) in item {
                if !is_method(method) {
                    continue;
                }
                let at = child(&item_at, method);
                match op.as_object() {
                    Some(op) if !op.contains_key("responses") => {
                        out.push((at, "the operation has no `responses`".to_string()))
                    }
                    Some(op) => out.extend(bad_parameter(op.get("parameters"), &at)),
                    None => {}
                }
            }
        }
    }
    if let Some(Value::Object(parameters)) = document.pointer("/components/parameters") {
        for (name, p) in parameters {
            if let Some(message) = parameter_problem(p) {
                out.push((child("#/components/parameters", name), message.to_string()));
            }
        }
    }
    out
}

/// Quarantines the unreadable node at `pointer` (its warning), or, when it is not inside a
/// schema or operation that can be dropped, the error that the document is invalid.
fn quarantine_or_fail(
    value: &mut Value,
    pointer: &str,
    message: &str,
    version: Version,
) -> Result<Diagnostic, Vec<Diagnostic>> {
    quarantine(value, pointer, message).ok_or_else(|| {
        vec![Diagnostic::error(
            pointer,
            format!("not a valid {} document: {message}", version.label()),
        )]
    })
}

/// Replaces the unreadable schema `found` with `{}` (keeping its `description`), so that it is
/// generated as an untyped JSON value and the schema, parameter or body holding it loads: the
/// warning.
fn untype_schema(
    value: &mut Value,
    found: &UnreadableSchema,
    relocations: &Relocations,
) -> Diagnostic {
    let detail = if found.at == found.schema {
        found.message.clone()
    } else {
        format!("{}, at {}", found.message, relocations.original(&found.at))
    };
    if let Some(slot) = value.pointer_mut(found.schema.trim_start_matches('#')) {
        let description = slot.get("description").filter(|d| d.is_string()).cloned();
        let mut untyped = serde_json::Map::new();
        if let Some(description) = description {
            untyped.insert("description".into(), description);
        }
        *slot = Value::Object(untyped);
    }
    let component = found
        .schema
        .strip_prefix("#/components/schemas/")
        .filter(|name| !name.contains('/'));
    let message = match component {
        Some(name) => {
            let name = name.replace("~1", "/").replace("~0", "~");
            format!("schema `{name}` could not be read ({detail}); it is generated as an untyped JSON value")
        }
        None => {
            format!("this schema could not be read ({detail}); it is read as an untyped JSON value")
        }
    };
    Diagnostic::warning(found.schema.clone(), message)
}

/// Parses YAML or JSON text, with a warning (at the pointer of its first place) for each key a
/// mapping says twice: the last value is read, as JSON parsers and YAML loaders that accept the
/// document do, but the other is lost, and the spec's author should know.
fn parse_value(text: &str) -> Result<(Value, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut value = parse_text(text)?;
    let mut warnings = Vec::new();
    take_duplicate_keys(&mut value, "#", &mut warnings);
    Ok((value, warnings))
}

/// The key under which a mapping read from text lists the keys it said more than once. No key of
/// a spec holds a NUL (a text with one is refused before it is parsed).
const DUPLICATE_KEYS: &str = "\0duplicate keys";

/// The key of the map serde_json gives a visitor for a number with `arbitrary_precision` on.
const ARBITRARY_PRECISION_NUMBER: &str = "$serde_json::private::Number";

/// Removes the duplicate-key lists the parser left, each key becoming a warning.
fn take_duplicate_keys(value: &mut Value, pointer: &str, out: &mut Vec<Diagnostic>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(keys)) = map.remove(DUPLICATE_KEYS) {
                for key in keys.iter().filter_map(Value::as_str) {
                    out.push(Diagnostic::warning(
                        child(pointer, key),
                        format!(
                            "the key `{key}` is written more than once here; the last one is read"
                        ),
                    ));
                }
            }
            for (key, v) in map.iter_mut() {
                take_duplicate_keys(v, &child(pointer, key), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                take_duplicate_keys(v, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

fn parse_text(text: &str) -> Result<Value, Vec<Diagnostic>> {
    let json_like = text.trim_start().starts_with(['{', '[']);
    if json_like {
        serde_json::from_str::<TextValue>(text)
            .map(|v| v.0)
            .map_err(|e| {
                let mut d = Diagnostic::error("#", format!("invalid JSON: {e}"));
                if e.line() > 0 {
                    d.position = Some(Position {
                        line: e.line(),
                        column: e.column().max(1),
                    });
                }
                vec![d]
            })
    } else {
        serde_yaml::from_str::<TextValue>(text)
            .map(|v| {
                let mut value = v.0;
                apply_merge_keys(&mut value, 0);
                value
            })
            .map_err(|e| {
                let mut d = Diagnostic::error("#", format!("invalid YAML: {e}"));
                d.position = e.location().map(|l| Position {
                    line: l.line(),
                    column: l.column(),
                });
                vec![d]
            })
    }
}

/// Applies YAML merge keys (`<<: *defaults`, `<<: [*a, *b]`), which hand-written specs use to
/// share a block of keys: the merged mappings' keys are added where the mapping does not say
/// them itself, the first merged mapping winning. serde_yaml leaves `<<` as an ordinary key.
fn apply_merge_keys(value: &mut Value, depth: usize) {
    // The parser already bounds nesting; this only keeps a hostile alias graph from recursing
    // further than that bound.
    if depth > 1_000 {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(merged) = map.shift_remove("<<") {
                let sources = match merged {
                    Value::Array(items) => items,
                    single => vec![single],
                };
                for source in sources {
                    if let Value::Object(source) = source {
                        for (k, v) in source {
                            map.entry(k).or_insert(v);
                        }
                    }
                }
            }
            map.values_mut()
                .for_each(|v| apply_merge_keys(v, depth + 1));
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|v| apply_merge_keys(v, depth + 1)),
        _ => {}
    }
}

/// The document's version. A version YAML read as a number (`swagger: 2.0`, `openapi: 3.1`,
/// unquoted) is taken as its text, and written back as a string for the typed reading.
fn check_version(value: &mut Value) -> Result<Version, Vec<Diagnostic>> {
    if let Value::Object(root) = value {
        for key in ["swagger", "openapi"] {
            if let Some(Value::Number(n)) = root.get(key) {
                let text = n.to_string();
                root.insert(key.into(), Value::String(text));
            }
        }
    }
    let Some(root) = value.as_object() else {
        return Err(vec![Diagnostic::error(
            "#",
            "the document root must be a mapping with an `openapi` field",
        )]);
    };
    if let Some(v) = root.get("swagger") {
        return match v {
            Value::String(s) if s == "2.0" => Ok(Version::Swagger2),
            other => Err(vec![Diagnostic::error(
                "#/swagger",
                format!("unsupported `swagger` version {other}; expected \"2.0\""),
            )]),
        };
    }
    match root.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0") => Ok(Version::OpenApi30),
        Some(Value::String(v)) if v.starts_with("3.1.") || v == "3.1" => Ok(Version::OpenApi31),
        Some(Value::String(v)) if v.starts_with("3.2.") || v == "3.2" => Ok(Version::OpenApi32),
        Some(other) => Err(vec![Diagnostic::error(
            "#/openapi",
            format!("unsupported `openapi` version {other}; expected 3.0.x, 3.1.x or 3.2.x"),
        )]),
        None => Err(vec![Diagnostic::error(
            "#",
            "missing `openapi` field; is this an OpenAPI 3.0, 3.1 or 3.2 document?",
        )]),
    }
}

/// Keywords `openapiv3` reads as 64-bit integers or sizes.
const INTEGER_KEYWORDS: [&str; 6] = [
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// `n` as a 64-bit integer when it is one, written as one (`100`) or as a whole float (`100.0`,
/// which serializers of integer bounds often write).
fn integral(n: &serde_json::Number) -> Option<i64> {
    // 2^63 as an f64: every whole float below it and at or above -2^63 converts exactly.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    n.as_i64().or_else(|| {
        n.as_f64()
            .filter(|f| f.fract() == 0.0 && (-LIMIT..LIMIT).contains(f))
            .map(|f| f as i64)
    })
}

/// Drops numeric constraints that do not fit what `openapiv3` reads (for instance an integer
/// schema's `maximum` beyond 64 bits), warning about each; they only ever feed documentation.
fn sanitize_numbers(value: &mut Value, pointer: &str, _in_schema: bool, out: &mut Vec<Diagnostic>) {
    match value {
        Value::Object(map) => {
            let is_integer = map.get("type").and_then(Value::as_str) == Some("integer");
            let mut drop = Vec::new();
            for (key, v) in map.iter_mut() {
                let Value::Number(n) = v else { continue };
                let fitted = if INTEGER_KEYWORDS.contains(&key.as_str()) {
                    Some(
                        n.as_u64()
                            .or_else(|| integral(n).and_then(|i| u64::try_from(i).ok()))
                            .map(Value::from),
                    )
                } else if is_integer && matches!(key.as_str(), "minimum" | "maximum" | "multipleOf")
                {
                    Some(integral(n).map(Value::from))
                } else {
                    None
                };
                match fitted {
                    Some(Some(fitted)) => *v = fitted,
                    Some(None) => drop.push((key.clone(), is_range_end(key, n))),
                    None => {}
                }
            }
            for (key, range_end) in drop {
                let n = map.remove(&key).unwrap_or_default();
                if range_end {
                    continue;
                }
                out.push(Diagnostic::warning(
                    child(pointer, &key),
                    format!(
                        "`{key}: {n}` does not fit a 64-bit integer; the constraint is ignored"
                    ),
                ));
            }
            if is_integer {
                if let Some(Value::Array(values)) = map.get_mut("enum") {
                    let before = values.len();
                    values.retain_mut(|v| match v {
                        Value::Number(n) => match integral(n) {
                            Some(i) => {
                                *v = Value::from(i);
                                true
                            }
                            None => false,
                        },
                        _ => true,
                    });
                    if values.len() != before {
                        out.push(Diagnostic::warning(
                            child(pointer, "enum"),
                            "integer enum values beyond 64 bits are ignored",
                        ));
                    }
                }
            }
            for (key, v) in map.iter_mut() {
                sanitize_numbers(v, &child(pointer, key), true, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                sanitize_numbers(v, &format!("{pointer}/{i}"), true, out);
            }
        }
        _ => {}
    }
}

/// Whether `key: n` is only the end of the 64-bit range (`maximum: 18446744073709551615`, or as a
/// float printer rounds it, `1.8446744073709552e+19`; `maximum: 9223372036854776000`): a bound
/// that says no more than the integer type does, dropped without a warning.
fn is_range_end(key: &str, n: &serde_json::Number) -> bool {
    let Some(n) = n.as_f64() else { return false };
    match key {
        "minimum" => n <= i64::MIN as f64,
        "maximum" => n >= i64::MAX as f64,
        "maxLength" | "maxItems" | "maxProperties" => n >= u64::MAX as f64,
        _ => false,
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    pointer_from("#", path)
}

/// `path` (a deserializer's, from the node at `base`) as a JSON pointer.
fn pointer_from(base: &str, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from(base);
    for segment in path.iter() {
        match segment {
            Segment::Map { key } => pointer = child(&pointer, key),
            Segment::Seq { index } => pointer = format!("{pointer}/{index}"),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
}

/// The first operation, or other part of a path item, of `paths` or the webhooks that the model
/// cannot read: the operation's (or path item's) pointer, the pointer of the offending node inside
/// it, and the model's message.
fn unreadable_path_item(value: &Value) -> Option<(String, String, String)> {
    let located = |unit: String, err: serde_path_to_error::Error<serde_json::Error>| {
        let at = pointer_from(&unit, err.path());
        (unit, at, err.inner().to_string())
    };
    for section in ["paths", "x-codegen-webhooks"] {
        let Some(Value::Object(items)) = value.get(section) else {
            continue;
        };
        for (path, item) in items {
            let item_at = child(&format!("#/{section}"), path);
            if let Value::Object(map) = item {
                for (method, op) in map.iter().filter(|(m, _)| is_method(m)) {
                    if let Err(err) =
                        serde_path_to_error::deserialize::<_, openapiv3::Operation>(op)
                    {
                        return Some(located(child(&item_at, method), err));
                    }
                }
            }
            let read = serde_path_to_error::deserialize::<
                _,
                openapiv3::ReferenceOr<openapiv3::PathItem>,
            >(item);
            if let Err(err) = read {
                return Some(located(item_at, err));
            }
        }
    }
    None
}

/// Replaces the unreadable component schema with `{}` or removes the unreadable operation, so the
/// rest of the document loads. Returns the warning, or `None` when the node is neither.
fn quarantine(value: &mut Value, pointer: &str, message: &str) -> Option<Diagnostic> {
    let tokens: Vec<String> = pointer
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    match tokens.as_slice() {
        [c, s, name, ..] if c == "components" && s == "schemas" => {
            let slot = value
                .get_mut("components")?
                .get_mut("schemas")?
                .get_mut(name)?;
            if slot.as_object().is_some_and(|o| o.is_empty()) {
                return None;
            }
            *slot = Value::Object(Default::default());
            Some(Diagnostic::warning(
                format!("#/components/schemas/{}", crate::diagnostic::escape_token(name)),
                format!("schema `{name}` could not be read ({message}); it is generated as an untyped JSON value"),
            ))
        }
        // Another component (a parameter without `schema`, say): removed; what refers to it is
        // then skipped by lower with its own warning.
        [c, kind, name, ..] if c == "components" => {
            let map = value
                .get_mut("components")?
                .get_mut(kind)?
                .as_object_mut()?;
            map.shift_remove(name)?;
            Some(Diagnostic::warning(
                pointer_to(&["components", kind, name]),
                format!("`{kind}` component `{name}` could not be read ({message}); it is skipped"),
            ))
        }
        // A path-level parameter: the path's operations cannot be called without it.
        [p, path, key, ..] if is_path_section(p) && key == "parameters" => {
            value.get_mut(p)?.as_object_mut()?.shift_remove(path)?;
            Some(Diagnostic::warning(
                pointer_to(&[p, path, key]),
                format!("the parameters of path `{path}` could not be read ({message}); the path is skipped"),
            ))
        }
        [p, path, method, ..] if is_path_section(p) && is_method(method) => {
            let item = value.get_mut(p)?.get_mut(path)?.as_object_mut()?;
            item.remove(method)?;
            Some(Diagnostic::warning(
                pointer_to(&[p, path, method]),
                format!(
                    "operation {} {path} could not be read ({message}); it is skipped",
                    method.to_uppercase()
                ),
            ))
        }
        // Another part of a path item (its `servers`, the item itself): the path is skipped.
        [p, path, ..] if is_path_section(p) => {
            value.get_mut(p)?.as_object_mut()?.shift_remove(path)?;
            Some(Diagnostic::warning(
                pointer_to(&[p, path]),
                format!("path `{path}` could not be read ({message}); it is skipped"),
            ))
        }
        _ => None,
    }
}

/// The sections of path items: `paths`, and the webhooks (which 3.1 load moves).
fn is_path_section(key: &str) -> bool {
    matches!(key, "paths" | "x-codegen-webhooks")
}

fn is_method(s: &str) -> bool {
    matches!(
        s,
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
    )
}

fn pointer_to(tokens: &[&str]) -> String {
    tokens.iter().fold(String::from("#"), |p, t| child(&p, t))
}

/// A YAML or JSON document read into a `serde_json::Value`, keeping integers beyond 64 bits
/// (which `serde_json::Value` refuses) as floats, so that `sanitize_numbers` can drop them with a
/// located warning instead of the whole document failing, and listing the keys a mapping says
/// twice under [`DUPLICATE_KEYS`].
struct TextValue(Value);

impl<'de> serde::Deserialize<'de> for TextValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(TextValueVisitor)
            .map(TextValue)
    }
}

struct TextValueVisitor;

impl<'de> serde::de::Visitor<'de> for TextValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML or JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(TextValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        let mut duplicates: Vec<Value> = Vec::new();
        // Keys are read as strings: `200:` in a responses map is the key "200".
        while let Some(key) = map.next_key::<String>()? {
            if key == ARBITRARY_PRECISION_NUMBER {
                // serde_json hands a number over as this one-entry map when another crate of the
                // build turns its `arbitrary_precision` feature on.
                let digits: String = map.next_value()?;
                return serde_json::from_str(&digits).map_err(serde::de::Error::custom);
            }
            let TextValue(value) = map.next_value()?;
            if object.contains_key(&key)
                && !duplicates.iter().any(|d| d.as_str() == Some(key.as_str()))
            {
                duplicates.push(Value::String(key.clone()));
            }
            object.insert(key, value);
        }
        if !duplicates.is_empty() {
            object.insert(DUPLICATE_KEYS.into(), Value::Array(duplicates));
        }
        Ok(Value::Object(object))
    }
}

/// A float as JSON; infinities and NaN (YAML `.inf`, `.nan`) have no JSON form and become null.
fn float(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::json;

    use super::{parse_value, TextValue, ARBITRARY_PRECISION_NUMBER};

    #[test]
    fn a_number_serde_json_hands_over_as_its_arbitrary_precision_map_is_a_number() {
        // What serde_json's deserializer gives a visitor for `12.50` when another crate of the
        // build turns `arbitrary_precision` on.
        let entries = vec![(ARBITRARY_PRECISION_NUMBER.to_string(), "12.50".to_string())];
        let map = serde::de::value::MapDeserializer::<_, serde::de::value::Error>::new(
            entries.into_iter(),
        );
        let TextValue(value) = TextValue::deserialize(map).unwrap();
        assert_eq!(value, json!(12.5));
    }

    #[test]
    fn keys_said_twice_are_listed_once_each_and_never_left_in_the_value() {
        let (value, warnings) = parse_value("a: 1\nb: {c: 1, c: 2, c: 3}\na: 2\n").unwrap();
        assert_eq!(value, json!({"a": 2, "b": {"c": 3}}));
        let at: Vec<&str> = warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(at, ["#/a", "#/b/c"]);
    }
}
