//! Finding the schemas `openapiv3` cannot read, in linear time.
//!
//! Deserializing a whole document whose unreadable schema sits deep inside other schemas takes
//! time exponential in the depth: `openapiv3`'s schema types are untagged enums (and a flattened
//! one), and serde retries every variant at every level, each retry re-reading the whole subtree
//! (measured: each level doubles the time; a 30-level `items` chain with a bad `type` at the
//! bottom never finished). So before that, every schema is checked on its own,
//! with its sub-schemas replaced by `{}`: each node is read once, and each unreadable schema is
//! reported with its exact pointer, so that load can untype that schema alone.

use openapiv3::{ReferenceOr, Schema};
use serde_json::{Map, Value};

use crate::diagnostic::child;

/// Keys whose values are free-form JSON outside schemas (examples, extensions): not walked.
/// (`default` is not one of them: under `responses` it is the default response.) In a map of
/// names, though, such a key is a name: a header called `x-next`, a component called `example`.
/// The webhooks a 3.1 document moved to `x-codegen-webhooks` are the one extension walked: their
/// schemas are read like any operation's.
fn is_free_form(key: &str, pointer: &str, names: bool) -> bool {
    if pointer == "#" && key == "x-codegen-webhooks" {
        return false;
    }
    !names && (matches!(key, "example" | "examples") || key.starts_with("x-"))
}

/// Keys outside schemas whose object maps user-chosen names to objects: in such a map a key
/// such as `schema`, `example` or `x-next` is a name, not a keyword (a parameter component
/// called `schema`, a header called `x-next`).
pub(super) const NAME_MAPS: [&str; 14] = [
    "paths",
    "webhooks",
    "schemas",
    "parameters",
    "responses",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "pathItems",
    "content",
    "encoding",
    "variables",
];

/// A schema `openapiv3` cannot read.
#[derive(Debug)]
pub(super) struct UnreadableSchema {
    /// The schema's pointer.
    pub(super) schema: String,
    /// The pointer of the offending part, inside the schema or the schema itself.
    pub(super) at: String,
    /// What is wrong there.
    pub(super) message: String,
}

/// Every unreadable schema in the document, in document order: the outermost one on each path
/// (a schema's own keywords are read before its sub-schemas, which it would take with it).
pub(super) fn unreadable_schemas(document: &Value) -> Vec<UnreadableSchema> {
    let mut out = Vec::new();
    walk_document(document, "#", false, &mut out);
    out
}

/// Walks a node outside schemas; `names` when its keys are names (see [`NAME_MAPS`]).
fn walk_document(value: &Value, pointer: &str, names: bool, out: &mut Vec<UnreadableSchema>) {
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                if is_free_form(key, pointer, names) {
                    continue;
                }
                let at = child(pointer, key);
                if names {
                    walk_document(v, &at, false, out);
                } else if key == "schema" {
                    check_schema(v, &at, out);
                } else if key == "schemas" && pointer == "#/components" {
                    if let Value::Object(schemas) = v {
                        for (name, schema) in schemas {
                            check_schema(schema, &child(&at, name), out);
                        }
                    }
                } else {
                    let child_names = v.is_object()
                        && (NAME_MAPS.contains(&key.as_str()) || key == "x-codegen-webhooks");
                    walk_document(v, &at, child_names, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                walk_document(v, &format!("{pointer}/{i}"), false, out);
            }
        }
        _ => {}
    }
}

/// Keys whose value is one sub-schema.
const ONE_SCHEMA: [&str; 3] = ["items", "not", "additionalProperties"];
/// Keys whose value is a list of sub-schemas.
const SCHEMA_LISTS: [&str; 3] = ["allOf", "oneOf", "anyOf"];

/// Collects the unreadable schemas in `node` (itself a schema) into `out`. The node is read
/// with its sub-schemas replaced by `{}`; when that fails the node is the one reported, else each
/// sub-schema is checked the same way.
fn check_schema(node: &Value, pointer: &str, out: &mut Vec<UnreadableSchema>) {
    let Value::Object(map) = node else {
        out.extend(read_error(node, pointer));
        return;
    };
    // `openapiv3` reads a `$ref` and ignores everything beside it.
    if map.contains_key("$ref") {
        out.extend(read_error(node, pointer));
        return;
    }
    let mut stub = Map::new();
    let mut children: Vec<(String, &Value)> = Vec::new();
    for (key, v) in map {
        let at = child(pointer, key);
        let stubbed = match (key.as_str(), v) {
            (k, Value::Object(_)) if ONE_SCHEMA.contains(&k) => {
                children.push((at, v));
                Value::Object(Map::new())
            }
            (k, Value::Array(members)) if SCHEMA_LISTS.contains(&k) => {
                children.extend(
                    members
                        .iter()
                        .enumerate()
                        .map(|(i, m)| (format!("{at}/{i}"), m)),
                );
                Value::Array(vec![Value::Object(Map::new()); members.len()])
            }
            ("properties", Value::Object(properties)) => {
                let mut stubs = Map::new();
                for (name, p) in properties {
                    children.push((child(&at, name), p));
                    stubs.insert(name.clone(), Value::Object(Map::new()));
                }
                Value::Object(stubs)
            }
            _ => v.clone(),
        };
        stub.insert(key.clone(), stubbed);
    }
    let stub = Value::Object(stub);
    if let Some(mut found) = read_error(&stub, pointer) {
        // serde's path stops at the schema (its types are untagged enums): the culprit is the
        // first keyword without which the schema reads.
        let culprit = stub
            .as_object()
            .filter(|_| found.at == pointer)
            .and_then(|map| {
                map.keys().find(|key| {
                    let mut without = map.clone();
                    without.shift_remove(key.as_str());
                    read_error(&Value::Object(without), pointer).is_none()
                })
            });
        if let Some(key) = culprit {
            found.at = child(pointer, key);
        }
        out.push(found);
        return;
    }
    for (at, v) in children {
        check_schema(v, &at, out);
    }
}

/// The error reading `node` as a schema, if any, with the pointer of the offending part.
fn read_error(node: &Value, pointer: &str) -> Option<UnreadableSchema> {
    match serde_path_to_error::deserialize::<_, ReferenceOr<Schema>>(node) {
        Ok(_) => None,
        Err(err) => {
            let mut at = pointer.to_string();
            for segment in err.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Map { key } => at = child(&at, key),
                    serde_path_to_error::Segment::Seq { index } => at = format!("{at}/{index}"),
                    _ => {}
                }
            }
            Some(UnreadableSchema {
                schema: pointer.to_string(),
                at,
                // (serde names the model's type: `openapiv3`'s schema is an object)
                message: err
                    .inner()
                    .to_string()
                    .replace("expected struct Schema", "expected a schema object"),
            })
        }
    }
}
