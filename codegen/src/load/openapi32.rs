//! OpenAPI 3.2 read as 3.1: 3.2 keeps 3.1's schemas and structure and adds to them, so a 3.2
//! document is rewritten in place into a 3.1 one, which `openapi31` then normalises. What 3.2
//! adds is either said the 3.1 way or skipped with a warning that names it:
//!
//! - a `querystring` parameter (the whole query string as one value) whose content is
//!   `application/x-www-form-urlencoded` is the exploded `form` query object 3.1 writes for the
//!   same wire (each property a `key=value` pair); one of any other media type is left as it is,
//!   and its operation is then skipped with a located warning, as any unreadable operation;
//! - the `query` method and `additionalOperations` (methods beyond 3.1's) are skipped with a
//!   warning: the generated client and server speak the methods 3.1 has;
//! - `itemSchema`, `itemEncoding` and `prefixEncoding` (streams of items: JSON Lines, server-sent
//!   events) are dropped with a warning, so such a body is its raw bytes as before;
//! - a media type by `$ref` to `components/mediaTypes` is the media type it names;
//! - `$self`, tag hierarchies (`parent`, `kind`), `defaultMapping`, server `name`s, the
//!   `deviceAuthorization` flow and example `dataValue`s say nothing the generated code uses,
//!   and the 3.1 reader ignores them; the 3.2 default `jsonSchemaDialect` is the 3.1 one's
//!   equivalent.
//!
//! Nothing moves, so pointers into the rewritten document are pointers into the 3.2 one.

use serde_json::{Map, Value};

use crate::diagnostic::{child, Diagnostic};

/// The 3.2 default dialect of schemas: 3.1's, under a new name.
const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.2/dialect/2025-09-17";
/// The 3.1 default dialect, which the 3.1 reader expects when one is named.
const DIALECT_31: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// How many media types by `$ref` are inlined at most: each is a copy, and copies that refer to
/// others could otherwise double at each level.
const MAX_INLINED: usize = 10_000;

/// The methods a 3.1 path item has.
const METHODS_31: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Rewrites a 3.2 document into a 3.1 one; the warnings point into the document.
pub(crate) fn to_openapi31(doc: &mut Value) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let Value::Object(root) = doc else {
        return warnings;
    };
    root.insert("openapi".into(), Value::String("3.1.1".into()));
    root.remove("$self");
    if root.get("jsonSchemaDialect").and_then(Value::as_str) == Some(DEFAULT_DIALECT) {
        root.insert("jsonSchemaDialect".into(), Value::String(DIALECT_31.into()));
    }
    let media_types = root
        .get("components")
        .and_then(|c| c.get("mediaTypes"))
        .cloned()
        .unwrap_or(Value::Null);
    let mut walker = Walker {
        media_types,
        expanding: Vec::new(),
        inlined: 0,
        warnings: &mut warnings,
    };
    for (key, value) in root.iter_mut() {
        walker.node(value, &child("#", key), key == "paths" || key == "webhooks");
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        components.remove("mediaTypes");
    }
    warnings
}

struct Walker<'w> {
    /// `components/mediaTypes`, for the `$ref`s that name them.
    media_types: Value,
    /// The media types being inlined, innermost last.
    expanding: Vec<String>,
    /// How many media types have been inlined.
    inlined: usize,
    warnings: &'w mut Vec<Diagnostic>,
}

impl Walker<'_> {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Diagnostic::warning(pointer, message));
    }

    /// Walks any node; `path_items` when its entries are path items (`paths`, `webhooks`,
    /// `components/pathItems`, a callback).
    fn node(&mut self, value: &mut Value, pointer: &str, path_items: bool) {
        let Value::Object(map) = value else {
            if let Value::Array(items) = value {
                for (i, item) in items.iter_mut().enumerate() {
                    self.node(item, &format!("{pointer}/{i}"), false);
                }
            }
            return;
        };
        if path_items {
            for (key, item) in map.iter_mut() {
                if let Value::Object(item) = item {
                    self.path_item(item, &child(pointer, key));
                }
            }
        }
        if map.get("in").and_then(Value::as_str) == Some("querystring") {
            querystring(map);
        }
        let has_content = if let Some(Value::Object(content)) = map.get_mut("content") {
            // Walks each media type itself.
            self.content(content, &child(pointer, "content"));
            true
        } else {
            false
        };
        for (key, child_value) in map.iter_mut() {
            if matches!(
                key.as_str(),
                "example" | "examples" | "default" | "enum" | "const"
            ) || key.starts_with("x-")
                || (key == "content" && has_content)
            {
                continue;
            }
            let at = child(pointer, key);
            if key == "callbacks" {
                // A callback maps names to maps of expressions → path items.
                if let Value::Object(callbacks) = child_value {
                    for (name, callback) in callbacks.iter_mut() {
                        self.node(callback, &child(&at, name), true);
                    }
                }
                continue;
            }
            let path_items = key == "pathItems" && pointer == "#/components";
            self.node(child_value, &at, path_items);
        }
    }

    /// Skips the operations of methods 3.1 does not have.
    fn path_item(&mut self, item: &mut Map<String, Value>, pointer: &str) {
        if item.remove("query").is_some() {
            self.warn(
                &child(pointer, "query"),
                "the `query` operation (OpenAPI 3.2's QUERY method) is skipped: the generated client and server speak the methods of OpenAPI 3.1",
            );
        }
        if let Some(Value::Object(more)) = item.remove("additionalOperations") {
            for method in more.keys() {
                let known = METHODS_31.contains(&method.to_ascii_lowercase().as_str());
                let why = if known {
                    "it belongs under its own key"
                } else {
                    "the generated client and server speak the methods of OpenAPI 3.1"
                };
                self.warn(
                    &child(&child(pointer, "additionalOperations"), method),
                    format!("the `{method}` operation (`additionalOperations`, OpenAPI 3.2) is skipped: {why}"),
                );
            }
        }
    }

    /// Media types by `$ref` into `components/mediaTypes`, and streams of items.
    fn content(&mut self, content: &mut Map<String, Value>, pointer: &str) {
        for (media, value) in content.iter_mut() {
            let mut at = child(pointer, media);
            let named = value
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/mediaTypes/"))
                .map(|name| name.replace("~1", "/").replace("~0", "~"));
            let mut inlined = None;
            if let Some(name) = named {
                let target = if self.expanding.contains(&name) {
                    Err("leads back to itself")
                } else if self.inlined >= MAX_INLINED {
                    Err("is one too many media types inlined")
                } else {
                    self.media_types
                        .get(&name)
                        .cloned()
                        .ok_or("names no media type")
                };
                match target {
                    Ok(target) => {
                        *value = target;
                        self.inlined += 1;
                        // What is found inside is said where it is written: in the component.
                        at = child("#/components/mediaTypes", &name);
                        inlined = Some(name);
                    }
                    Err(problem) => {
                        self.warn(
                            &at,
                            format!("`$ref: #/components/mediaTypes/{name}` {problem}; the body is raw bytes"),
                        );
                        *value = Value::Object(Map::new());
                    }
                }
            }
            if let Value::Object(map) = value {
                if map.remove("itemSchema").is_some() {
                    self.warn(
                        &child(&at, "itemSchema"),
                        "`itemSchema` (a stream of items, OpenAPI 3.2) is not read: the body is its raw bytes",
                    );
                }
                map.remove("itemEncoding");
                map.remove("prefixEncoding");
            }
            // Inside an inlined media type, a `$ref` back to it cannot be inlined again.
            if let Some(name) = &inlined {
                self.expanding.push(name.clone());
            }
            self.node(value, &at, false);
            if inlined.is_some() {
                self.expanding.pop();
            }
        }
    }
}

/// A `querystring` parameter of form-encoded content is the exploded form query object.
fn querystring(param: &mut Map<String, Value>) {
    let schema = param
        .get("content")
        .and_then(|c| c.get("application/x-www-form-urlencoded"))
        .and_then(|m| m.get("schema"))
        .cloned();
    if let Some(schema) = schema {
        param.remove("content");
        param.insert("in".into(), Value::String("query".into()));
        param.insert("style".into(), Value::String("form".into()));
        param.insert("explode".into(), Value::Bool(true));
        param.insert("schema".into(), schema);
    }
}
