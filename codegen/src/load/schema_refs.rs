//! A response or request body that is a `$ref` to a schema.
//!
//! Specs (and split specs above all, where `401: {$ref: ../schemas/Error.yaml}` reads naturally)
//! often write a response or a request body as a `$ref` to a schema. OpenAPI says such a `$ref`
//! names a response (or a request body), so the model cannot resolve it and the whole operation
//! would be lost. What the author meant is plain: the body is JSON of that schema. So each such
//! `$ref` becomes a response (or request body) whose `application/json` content is the schema,
//! with a warning; so does a schema written in place of a response or a request body (a split
//! spec's schema file reached only from responses is copied into `components/responses`). A
//! `$ref` to anything else is left for lower to report.

use serde_json::{Map, Value};

use crate::diagnostic::{child, Diagnostic};

/// The methods of a path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keywords a schema has and neither a response nor a request body has.
const SCHEMA_KEYWORDS: [&str; 8] = [
    "type",
    "properties",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "enum",
    "additionalProperties",
];

/// Which object a site holds.
#[derive(Clone, Copy)]
enum Site {
    Response,
    RequestBody,
}

/// Rewrites every response and request body of `doc` (an OpenAPI 3 document in the 3.0 model's
/// shape) that is a `$ref` to one of its schemas into one whose JSON body is that schema.
pub(super) fn rewrite(doc: &mut Value) -> Vec<Diagnostic> {
    let mut schemas: Vec<String> = match doc.pointer("/components/schemas") {
        Some(Value::Object(map)) => map.keys().cloned().collect(),
        _ => Vec::new(),
    };
    let mut sites = Vec::new();
    for container in ["paths", "x-codegen-webhooks"] {
        if let Some(Value::Object(items)) = doc.get(container) {
            let at = child("#", container);
            for (name, item) in items {
                path_item_sites(item, &child(&at, name), &mut sites);
            }
        }
    }
    if let Some(Value::Object(components)) = doc.get("components") {
        for (section, site) in [
            ("responses", Site::Response),
            ("requestBodies", Site::RequestBody),
        ] {
            if let Some(Value::Object(map)) = components.get(section) {
                let at = child("#/components", section);
                for name in map.keys() {
                    sites.push((child(&at, name), site));
                }
            }
        }
        if let Some(Value::Object(callbacks)) = components.get("callbacks") {
            for (name, callback) in callbacks {
                callback_sites(callback, &child("#/components/callbacks", name), &mut sites);
            }
        }
    }
    let mut warnings = Vec::new();
    for (at, site) in sites {
        let Some(Value::Object(node)) = doc.pointer(&at[1..]) else {
            continue;
        };
        let what = match site {
            Site::Response => "response",
            Site::RequestBody => "request body",
        };
        let (schema, description, message) = match node.get("$ref") {
            Some(Value::String(reference)) => {
                let Some(name) = reference.strip_prefix("#/components/schemas/") else {
                    continue;
                };
                let name = name.replace("~1", "/").replace("~0", "~");
                if !schemas.contains(&name) {
                    continue;
                }
                let schema_at = child("#/components/schemas", &name);
                let description = node
                    .get("description")
                    .or_else(|| doc.pointer(&schema_at[1..])?.get("description"));
                (
                    Value::Object(Map::from_iter([(
                        "$ref".into(),
                        Value::String(reference.clone()),
                    )])),
                    description.cloned(),
                    (
                        child(&at, "$ref"),
                        format!("`$ref: {reference}` names a schema, not a {what}; read as a {what} whose `application/json` body is that schema"),
                    ),
                )
            }
            Some(_) => continue,
            // A schema written where the response belongs (a split spec's `$ref` to a schema
            // file, reached only from responses, lands here): no key of a response or a request
            // body, and keywords only a schema has.
            None if !node.contains_key("content")
                && node.keys().any(|k| SCHEMA_KEYWORDS.contains(&k.as_str())) =>
            {
                let description = node.get("description").cloned();
                let node = Value::Object(node.clone());
                // A component keeps its name as the schema's, so that its type is named so.
                let schema = match component_name(&at) {
                    Some(name) => {
                        let name = unique(&schemas, &name);
                        let schema_at = child("#/components/schemas", &name);
                        insert_schema(doc, &name, node);
                        schemas.push(name);
                        Value::Object(Map::from_iter([("$ref".into(), Value::String(schema_at))]))
                    }
                    None => node,
                };
                let Some(Value::Object(node)) = doc.pointer(&at[1..]) else {
                    continue;
                };
                let keyword = node
                    .keys()
                    .find(|k| SCHEMA_KEYWORDS.contains(&k.as_str()))
                    .cloned()
                    .unwrap_or_default();
                (
                    schema,
                    description,
                    (
                        child(&at, &keyword),
                        format!("this {what} is written as a schema (it has `{keyword}` and no `content`); read as a {what} whose `application/json` body is that schema"),
                    ),
                )
            }
            None => continue,
        };
        let mut media = Map::new();
        media.insert("schema".into(), schema);
        let mut content = Map::new();
        content.insert("application/json".into(), Value::Object(media));
        let mut object = Map::new();
        match (site, description) {
            (Site::Response, description) => {
                let text = description.unwrap_or_else(|| Value::String(String::new()));
                object.insert("description".into(), text);
            }
            (Site::RequestBody, Some(description)) => {
                object.insert("description".into(), description);
            }
            (Site::RequestBody, None) => {}
        }
        object.insert("content".into(), Value::Object(content));
        if let Some(slot) = doc.pointer_mut(&at[1..]) {
            *slot = Value::Object(object);
        }
        warnings.push(Diagnostic::warning(message.0, message.1));
    }
    warnings
}

/// The responses and request bodies of a path item's operations, and of their callbacks.
fn path_item_sites(item: &Value, at: &str, out: &mut Vec<(String, Site)>) {
    let Value::Object(item) = item else { return };
    for method in METHODS {
        let Some(Value::Object(op)) = item.get(method) else {
            continue;
        };
        let op_at = child(at, method);
        if op.contains_key("requestBody") {
            out.push((child(&op_at, "requestBody"), Site::RequestBody));
        }
        if let Some(Value::Object(responses)) = op.get("responses") {
            let responses_at = child(&op_at, "responses");
            for code in responses.keys() {
                out.push((child(&responses_at, code), Site::Response));
            }
        }
        if let Some(Value::Object(callbacks)) = op.get("callbacks") {
            for (name, callback) in callbacks {
                callback_sites(callback, &child(&child(&op_at, "callbacks"), name), out);
            }
        }
    }
}

/// The sites of a callback's path items (a callback is a map of expressions to path items).
fn callback_sites(callback: &Value, at: &str, out: &mut Vec<(String, Site)>) {
    if let Value::Object(items) = callback {
        for (expression, item) in items {
            path_item_sites(item, &child(at, expression), out);
        }
    }
}

/// The name of the response or request body component at `at`, if it is one.
fn component_name(at: &str) -> Option<String> {
    let rest = at
        .strip_prefix("#/components/responses/")
        .or_else(|| at.strip_prefix("#/components/requestBodies/"))?;
    (!rest.contains('/')).then(|| rest.replace("~1", "/").replace("~0", "~"))
}

/// `name`, or `name` with a number, whichever no schema has.
fn unique(schemas: &[String], name: &str) -> String {
    (1..)
        .map(|n| match n {
            1 => name.to_string(),
            n => format!("{name}{n}"),
        })
        .find(|candidate| !schemas.contains(candidate))
        .expect("some number is free")
}

/// Adds `schema` to the document's schemas as `name`.
fn insert_schema(doc: &mut Value, name: &str, schema: Value) {
    let Value::Object(root) = doc else { return };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(components) = components else {
        return;
    };
    let schemas = components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(schemas) = schemas {
        schemas.insert(name.to_string(), schema);
    }
}
