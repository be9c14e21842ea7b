//! Stage 1, load: text (YAML or JSON) into the `openapiv3` model.
//!
//! Parsing goes through `serde_json::Value` first so that a node `openapiv3` cannot read can be
//! located by JSON pointer, quarantined with a warning (one schema or one operation), and the rest
//! of the document kept.

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diagnostic::{child, Diagnostic, Position};

mod openapi31;
mod ref_siblings;
mod relocate;
mod unreadable;

pub use relocate::Relocations;

/// How many unreadable nodes we quarantine before giving up on a document.
const MAX_QUARANTINED: usize = 1000;

/// A parsed document and the warnings loading produced.
pub struct Loaded {
    /// The typed document.
    pub api: OpenAPI,
    /// Warnings: quarantined schemas and operations, clamped numbers. Like every diagnostic load
    /// returns, they point into the document as written (already translated by `relocations`).
    pub warnings: Vec<Diagnostic>,
    /// Where each part of `api` was in the document as written (a 2.0 or 3.1 document is
    /// rewritten into the 3.0 model): diagnostics found later are translated back through it.
    pub relocations: Relocations,
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
}

/// Parses `text` into an OpenAPI 3.0 document. Errors carry a pointer and, where the parser knows
/// it, a position; the caller adds the file name.
pub fn load(text: &str) -> Result<Loaded, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::error("#", "the spec is empty")]);
    }
    if text.contains('\0') {
        return Err(vec![Diagnostic::error(
            "#",
            "the spec contains NUL bytes; it is a binary file, not YAML or JSON",
        )]);
    }
    let value = parse_value(text)?;
    let (value, relocations, mut warnings) = match check_version(&value)? {
        Version::OpenApi30 => (value, Relocations::default(), Vec::new()),
        Version::Swagger2 => {
            return Err(vec![Diagnostic::error(
                "#/swagger",
                "Swagger 2.0 documents are not supported; convert the spec to OpenAPI 3.0 first",
            )])
        }
        // Normalised into the 3.0 model; see `openapi31` for why and how.
        Version::OpenApi31 => {
            let n = openapi31::normalise(value);
            (n.document, n.relocations, n.warnings)
        }
    };
    // What follows finds problems in the normalised document: back to the author's pointers.
    let back = |mut diags: Vec<Diagnostic>| {
        for d in &mut diags {
            d.pointer = relocations.original(&d.pointer);
        }
        diags
    };
    let (api, later) = read(value).map_err(back)?;
    warnings.extend(back(later));
    Ok(Loaded {
        api,
        warnings,
        relocations,
    })
}

/// Reads a document in the 3.0 model, quarantining what `openapiv3` cannot read.
fn read(mut value: Value) -> Result<(OpenAPI, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut warnings = Vec::new();
    sanitize_numbers(&mut value, "#", false, &mut warnings);
    ref_siblings::rewrite(&mut value);
    // Webhooks (3.1) are an extension of the 3.0 model, which the rewrite above does not enter.
    if let Some(webhooks) = value.get_mut("x-codegen-webhooks") {
        ref_siblings::rewrite(webhooks);
    }
    // Unreadable schemas first, found in linear time (reading the whole document would take
    // time exponential in their depth): the first of each component or operation quarantines it.
    let mut quarantined: Vec<String> = Vec::new();
    for (pointer, message) in unreadable::unreadable_schemas(&value) {
        let unit = pointer.split('/').take(4).collect::<Vec<_>>().join("/");
        if quarantined.contains(&unit) {
            continue;
        }
        let message = if pointer == unit {
            message
        } else {
            format!("{message}, at {pointer}")
        };
        warnings.push(quarantine_or_fail(&mut value, &pointer, &message)?);
        quarantined.push(unit);
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
                let pointer = pointer_of(err.path());
                let message = err.inner().to_string();
                warnings.push(quarantine_or_fail(&mut value, &pointer, &message)?);
            }
        }
    }
    Err(vec![Diagnostic::error(
        "#",
        format!("more than {MAX_QUARANTINED} unreadable schemas or operations; giving up"),
    )])
}

/// Quarantines the unreadable node at `pointer` (its warning), or, when it is not inside a
/// schema or operation that can be dropped, the error that the document is invalid.
fn quarantine_or_fail(
    value: &mut Value,
    pointer: &str,
    message: &str,
) -> Result<Diagnostic, Vec<Diagnostic>> {
    quarantine(value, pointer, message).ok_or_else(|| {
        vec![Diagnostic::error(
            pointer,
            format!("not a valid OpenAPI 3.0 document: {message}"),
        )]
    })
}

fn parse_value(text: &str) -> Result<Value, Vec<Diagnostic>> {
    let json_like = text.trim_start().starts_with(['{', '[']);
    if json_like {
        serde_json::from_str(text).map_err(|e| {
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
        serde_yaml::from_str::<YamlValue>(text)
            .map(|v| v.0)
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

fn check_version(value: &Value) -> Result<Version, Vec<Diagnostic>> {
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
        Some(other) => Err(vec![Diagnostic::error(
            "#/openapi",
            format!("unsupported `openapi` version {other}; expected 3.0.x or 3.1.x"),
        )]),
        None => Err(vec![Diagnostic::error(
            "#",
            "missing `openapi` field; is this an OpenAPI 3.0 or 3.1 document?",
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

/// Drops numeric constraints that do not fit what `openapiv3` reads (for instance an integer
/// schema's `maximum` beyond 64 bits), warning about each; they only ever feed documentation.
fn sanitize_numbers(value: &mut Value, pointer: &str, _in_schema: bool, out: &mut Vec<Diagnostic>) {
    match value {
        Value::Object(map) => {
            let is_integer = map.get("type").and_then(Value::as_str) == Some("integer");
            let mut drop = Vec::new();
            for (key, v) in map.iter() {
                let Value::Number(n) = v else { continue };
                let bad = if INTEGER_KEYWORDS.contains(&key.as_str()) {
                    n.as_u64().is_none()
                } else if is_integer && matches!(key.as_str(), "minimum" | "maximum" | "multipleOf")
                {
                    n.as_i64().is_none()
                } else {
                    false
                };
                if bad {
                    drop.push(key.clone());
                }
            }
            for key in drop {
                let n = map.remove(&key).unwrap_or_default();
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
                    values.retain(|v| !v.is_number() || v.as_i64().is_some());
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

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from("#");
    for segment in path.iter() {
        match segment {
            Segment::Map { key } => pointer = child(&pointer, key),
            Segment::Seq { index } => pointer = format!("{pointer}/{index}"),
            Segment::Enum { .. } | Segment::Unknown => {}
        }
    }
    pointer
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
        [p, path, method, ..] if p == "paths" => {
            let item = value.get_mut("paths")?.get_mut(path)?.as_object_mut()?;
            if is_method(method) {
                item.remove(method)?;
                Some(Diagnostic::warning(
                    pointer_to(&["paths", path, method]),
                    format!(
                        "operation {} {path} could not be read ({message}); it is skipped",
                        method.to_uppercase()
                    ),
                ))
            } else {
                None
            }
        }
        _ => None,
    }
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

/// A YAML document read into a `serde_json::Value`, keeping integers beyond 64 bits (which
/// `serde_json::Value` refuses) as floats, so that `sanitize_numbers` can drop them with a located
/// warning instead of the whole document failing.
struct YamlValue(Value);

impl<'de> serde::Deserialize<'de> for YamlValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(YamlValueVisitor)
            .map(YamlValue)
    }
}

struct YamlValueVisitor;

impl<'de> serde::de::Visitor<'de> for YamlValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any YAML value")
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
        while let Some(YamlValue(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        // Keys are read as strings: `200:` in a responses map is the key "200".
        while let Some((key, YamlValue(value))) = map.next_entry::<String, YamlValue>()? {
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// A float as JSON; infinities and NaN (YAML `.inf`, `.nan`) have no JSON form and become null.
fn float(v: f64) -> Value {
    serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number)
}
