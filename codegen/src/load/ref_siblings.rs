//! `$ref` with siblings (`{$ref: X, nullable: true, description: ...}`), which real specs write
//! everywhere (OpenAI, Asana, Google Maps, Xero, Twilio) although OpenAPI 3.0 says siblings of a
//! `$ref` are ignored, and which `openapiv3` indeed drops. What they say matters: `nullable: true`
//! beside a `$ref` is how a 3.0 spec makes a referenced object nullable, and `readOnly` decides
//! whether a property is required in a request. So before typing, each such schema becomes the
//! equivalent the generator reads: `{allOf: [{$ref: X}], nullable: true, description: ...}`.
//!
//! Only schema positions are rewritten (a property named `$ref` in a `properties` map is a
//! property, and examples are data). Structural siblings (`properties`, `enum`, ...) go into a
//! second `allOf` member; a `type` sibling alone is dropped, as the target already says it. In a
//! `oneOf`/`anyOf`/`allOf` list, a member's annotation siblings are dropped instead, so that member
//! stays a plain `$ref` (which discriminators and union variant names rely on).
//!
//! Diagnostics about the rewritten `$ref` name its new place, `.../allOf/0`, whose line and column
//! are those of the original node.
//!
//! The same walk repairs four schema mistakes that would otherwise make a whole schema unreadable
//! (see [`repair`]): a capitalised type (`type: Array`), a numeric `exclusiveMinimum` in a 3.0
//! document, `required: true` on a property, and a list of schemas as `items` (JSON Schema's
//! draft 4–7 tuple).

use serde_json::{Map, Value};

use super::unreadable::NAME_MAPS;
use crate::diagnostic::Diagnostic;

/// Keywords that describe a value without constraining its shape.
const ANNOTATIONS: [&str; 10] = [
    "description",
    "title",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "default",
    "example",
    "externalDocs",
    "xml",
];

fn is_annotation(key: &str) -> bool {
    ANNOTATIONS.contains(&key) || key.starts_with("x-")
}

/// Rewrites every schema of the document in place (see the module docs), `pointer` being where
/// `document` sits; returns the warnings of [`repair`].
pub(super) fn rewrite(document: &mut Value, pointer: &str) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    visit_non_schema(document, false, pointer, &mut warnings);
    warnings
}

/// Walks a part of the document that is not a schema, looking for the places schemas sit;
/// `names` when its keys are names, not keywords (a parameter component called `schema`).
fn visit_non_schema(value: &mut Value, names: bool, pointer: &str, out: &mut Vec<Diagnostic>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let at = crate::diagnostic::child(pointer, key);
                if names {
                    visit_non_schema(child, false, &at, out);
                    continue;
                }
                match key.as_str() {
                    // Data, not description.
                    "example" | "examples" | "default" | "enum" => {}
                    k if k.starts_with("x-") => {}
                    "schema" => visit_schema(child, false, &at, out),
                    "schemas" => {
                        if let Value::Object(schemas) = child {
                            for (name, s) in schemas.iter_mut() {
                                visit_schema(s, false, &crate::diagnostic::child(&at, name), out);
                            }
                        }
                    }
                    k => {
                        let child_names = child.is_object() && NAME_MAPS.contains(&k);
                        visit_non_schema(child, child_names, &at, out);
                    }
                }
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                visit_non_schema(v, false, &format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Rewrites one schema and the schemas inside it; `in_list` for members of `allOf`/`oneOf`/`anyOf`.
fn visit_schema(value: &mut Value, in_list: bool, pointer: &str, out: &mut Vec<Diagnostic>) {
    let Value::Object(map) = value else { return };
    repair(map, pointer, out);
    if map.contains_key("$ref") && map.len() > 1 {
        *map = with_siblings(std::mem::take(map), in_list);
    }
    for (key, child) in map.iter_mut() {
        let at = crate::diagnostic::child(pointer, key);
        match key.as_str() {
            "properties" => {
                if let Value::Object(properties) = child {
                    for (name, s) in properties.iter_mut() {
                        visit_schema(s, false, &crate::diagnostic::child(&at, name), out);
                    }
                }
            }
            "items" | "additionalProperties" | "not" => visit_schema(child, false, &at, out),
            "allOf" | "oneOf" | "anyOf" => {
                if let Value::Array(members) = child {
                    for (i, s) in members.iter_mut().enumerate() {
                        visit_schema(s, true, &format!("{at}/{i}"), out);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Four mistakes real specs make in schemas, which would otherwise make the schema unreadable
/// (an untyped value): a JSON Schema type capitalised (`type: Array`) is read in lowercase; a
/// numeric `exclusiveMinimum`/`exclusiveMaximum` (the 3.1 and
/// JSON Schema form, in a 3.0 document) is read as 3.1 defines it, the bound with its
/// exclusivity; a boolean `required` (a property saying it is required, which 3.0 says
/// with its object's `required` list) is dropped with a warning; and `items` given as a list of
/// schemas (JSON Schema draft 4–7's tuple, which generators from TypeScript and JSON Schema
/// write; `additionalItems` the rest) is read as 3.1's `prefixItems` would be.
fn repair(map: &mut Map<String, Value>, pointer: &str, out: &mut Vec<Diagnostic>) {
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = map.get(exclusive) {
            let n = Value::Number(n.clone());
            map.insert(bound.into(), n);
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
    if let Some(Value::Bool(required)) = map.get("required") {
        let required = *required;
        map.shift_remove("required");
        out.push(Diagnostic::warning(
            crate::diagnostic::child(pointer, "required"),
            format!("`required: {required}` in a schema is not OpenAPI 3.0 (an object lists its required properties); it is ignored"),
        ));
    }
    if let Some(Value::String(written)) = map.get("type") {
        let lower = written.to_ascii_lowercase();
        if lower != *written && JSON_TYPES.contains(&lower.as_str()) {
            out.push(Diagnostic::warning(
                pointer,
                format!("unknown schema type `{written}`; read as `{lower}`, the JSON Schema type it names"),
            ));
            map.insert("type".into(), Value::String(lower));
        }
    }
    if let Some(Value::Array(members)) = map.get_mut("items") {
        let members = std::mem::take(members);
        out.push(tuple_items(map, members, pointer));
    }
}

/// `items: [A, B]` with `additionalItems` (see [`repair`]): a tuple `items: {oneOf: [A, B]}`
/// marked `x-codegen-tuple` when the array holds exactly those, else an array of any of them (and
/// of the rest); the warning saying which.
fn tuple_items(map: &mut Map<String, Value>, mut members: Vec<Value>, pointer: &str) -> Diagnostic {
    let rest = map.shift_remove("additionalItems");
    let exact = super::openapi31::is_exact_tuple(map, members.len(), rest.as_ref());
    let at = crate::diagnostic::child(pointer, "items");
    let form = "`items` is a list of schemas (JSON Schema's draft 4–7 tuple form, not OpenAPI)";
    if !exact {
        match rest {
            Some(Value::Bool(false)) | None => {}
            Some(Value::Bool(true)) => members.push(Value::Object(Map::new())),
            Some(schema) => members.push(schema),
        }
    }
    let message = match members.len() {
        0 => {
            map.insert("items".into(), Value::Object(Map::new()));
            format!("{form}, and empty; its items are untyped")
        }
        _ if exact => {
            map.insert("x-codegen-tuple".into(), Value::Bool(true));
            map.insert("items".into(), serde_json::json!({ "oneOf": members }));
            match members.len() {
                1 => format!("{form}; read as a tuple of one item"),
                n => format!("{form}; read as a tuple of {n} items"),
            }
        }
        _ if members.iter().all(|m| *m == members[0]) => {
            map.insert("items".into(), members.swap_remove(0));
            format!("{form}; its items all have one schema, read as an array of it")
        }
        _ => {
            map.insert("items".into(), serde_json::json!({ "anyOf": members }));
            format!("{form}, without a fixed length; read as an array of any of its item types")
        }
    };
    Diagnostic::warning(at, message)
}

/// JSON Schema's types, which a hand-written spec sometimes capitalises (`type: Array`).
const JSON_TYPES: [&str; 7] = [
    "array", "object", "string", "integer", "number", "boolean", "null",
];

/// The equivalent of a `$ref` schema with siblings.
fn with_siblings(mut map: Map<String, Value>, in_list: bool) -> Map<String, Value> {
    let reference = map.remove("$ref").unwrap_or_default();
    let mut annotations = Map::new();
    let mut structure = Map::new();
    for (key, value) in map {
        if is_annotation(&key) {
            annotations.insert(key, value);
        } else {
            structure.insert(key, value);
        }
    }
    if structure.len() == 1 && structure.contains_key("type") {
        structure.clear();
    }
    let plain = Map::from_iter([("$ref".to_string(), reference)]);
    if in_list && structure.is_empty() {
        return plain;
    }
    let mut members = vec![Value::Object(plain)];
    if !structure.is_empty() {
        members.push(Value::Object(structure));
    }
    let mut out = Map::from_iter([("allOf".to_string(), Value::Array(members))]);
    out.extend(annotations);
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn rewritten(mut document: serde_json::Value) -> serde_json::Value {
        super::rewrite(&mut document, "#");
        document
    }

    #[test]
    fn annotations_beside_a_ref_wrap_it_in_all_of() {
        let doc = rewritten(
            json!({"components": {"schemas": {"A": {"type": "object", "properties": {
                "b": {"$ref": "#/components/schemas/B", "nullable": true, "description": "d"},
                "c": {"$ref": "#/components/schemas/B", "type": "object"},
                "d": {"$ref": "#/components/schemas/B", "required": ["x"]},
                "$ref": {"type": "string"},
            }}}}}),
        );
        let props = &doc["components"]["schemas"]["A"]["properties"];
        assert_eq!(
            props["b"],
            json!({"allOf": [{"$ref": "#/components/schemas/B"}], "nullable": true, "description": "d"})
        );
        assert_eq!(
            props["c"],
            json!({"allOf": [{"$ref": "#/components/schemas/B"}]})
        );
        assert_eq!(
            props["d"],
            json!({"allOf": [{"$ref": "#/components/schemas/B"}, {"required": ["x"]}]})
        );
        // A property named `$ref` is a property.
        assert_eq!(props["$ref"], json!({"type": "string"}));
    }

    #[test]
    fn union_members_stay_plain_refs_and_examples_are_data() {
        let doc = rewritten(json!({"paths": {"/p": {"get": {"responses": {"200": {
            "description": "ok",
            "content": {"application/json": {
                "schema": {"oneOf": [{"$ref": "#/components/schemas/A", "description": "a"}]},
                "example": {"$ref": "x", "note": "kept"},
            }},
        }}}}}}));
        let media = &doc["paths"]["/p"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(
            media["schema"],
            json!({"oneOf": [{"$ref": "#/components/schemas/A"}]})
        );
        assert_eq!(media["example"], json!({"$ref": "x", "note": "kept"}));
    }
}
