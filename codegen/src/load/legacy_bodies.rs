//! Swagger 2.0 body and form parameters in an OpenAPI 3 document.
//!
//! Specs converted from 2.0 by hand, and some generators, keep `in: formData` (or `in: body`)
//! parameters in a 3.x document, usually with a 3.x `schema` (`{type: file}` for an upload).
//! OpenAPI 3 has no such location, so the model refuses the parameter and with it the whole
//! operation. What the author meant is clear, though: the parameters are the request body. So
//! each operation's body and form parameters (its own and its path item's) become its
//! `requestBody` exactly as a converted 2.0 operation's do (`swagger2::request_body`), with one
//! warning, unless it already has a `requestBody`, which wins (and the parameters are dropped,
//! with a warning). A form parameter's 3.x `schema` is kept as the form property's schema.

use serde_json::{Map, Value};

use super::{swagger2, Relocations};
use crate::diagnostic::{child, Diagnostic};

/// The methods of a path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A body or form parameter, resolved, with where its keys are written.
#[derive(Clone)]
struct Legacy {
    value: Value,
    at: String,
}

/// A path item's body and form parameters: the path item's own, and each operation's.
struct ItemLifts {
    path: String,
    shared: Vec<(usize, Legacy)>,
    operations: Vec<(&'static str, Vec<(usize, Legacy)>)>,
}

/// Lifts the body and form parameters of every operation of `doc` (an OpenAPI 3 document in the
/// 3.0 model's shape) into its request body, recording what moved in `relocations`.
pub(super) fn lift(doc: &mut Value, relocations: &mut Relocations) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let Some(Value::Object(paths)) = doc.get("paths") else {
        return warnings;
    };
    // Found first, on a shared borrow: `$ref`s resolve into the components.
    let mut items = Vec::new();
    for (path, item) in paths {
        let Value::Object(item) = item else { continue };
        let item_at = child("#/paths", path);
        let shared = legacy_params(doc, item.get("parameters"), &item_at);
        let operations: Vec<_> = METHODS
            .into_iter()
            .filter_map(|method| {
                let op = item.get(method).filter(|op| op.is_object())?;
                let own = legacy_params(doc, op.get("parameters"), &child(&item_at, method));
                (!own.is_empty() || !shared.is_empty()).then_some((method, own))
            })
            .collect();
        if !operations.is_empty() || !shared.is_empty() {
            items.push(ItemLifts {
                path: path.clone(),
                shared,
                operations,
            });
        }
    }
    let consumes = media_list(doc.get("consumes"));
    for lifts in items {
        let item_at = child("#/paths", &lifts.path);
        let Some(Value::Object(item)) = doc.pointer_mut(&item_at[1..]) else {
            continue;
        };
        drop_indices(item, &lifts.shared, &item_at, relocations);
        for (method, own) in lifts.operations {
            let op_at = child(&item_at, method);
            let Some(Value::Object(op)) = item.get_mut(method) else {
                continue;
            };
            drop_indices(op, &own, &op_at, relocations);
            // The operation's own parameters first; a path-level one counts unless redeclared.
            let mut params: Vec<Legacy> = own.into_iter().map(|(_, p)| p).collect();
            for (_, p) in &lifts.shared {
                if !params
                    .iter()
                    .any(|own| own.value.get("name") == p.value.get("name"))
                {
                    params.push(p.clone());
                }
            }
            let first = params[0].at.clone();
            let found_in: Vec<String> = ["body", "formData"]
                .into_iter()
                .filter(|location| {
                    params
                        .iter()
                        .any(|p| p.value.get("in").and_then(Value::as_str) == Some(*location))
                })
                .map(|location| format!("`in: {location}`"))
                .collect();
            let (found_in, verb) = (
                found_in.join(" and "),
                if found_in.len() > 1 { "are" } else { "is" },
            );
            if op.contains_key("requestBody") {
                warnings.push(Diagnostic::warning(
                    first,
                    format!("{found_in} {verb} Swagger 2.0, not OpenAPI 3; beside the operation's `requestBody` it is ignored"),
                ));
                continue;
            }
            let consumes = match op.remove("consumes") {
                Some(own) => media_list(Some(&own)),
                None => consumes.clone(),
            };
            let (body, form) = split(params);
            let (request_body, mut found) = swagger2::request_body(
                body.map(|p| (p.value, p.at)),
                form.iter()
                    .map(|p| (p.value.clone(), p.at.clone()))
                    .collect(),
                &consumes,
                &op_at,
                relocations,
            );
            let Some(mut request_body) = request_body else {
                continue;
            };
            keep_form_schemas(&mut request_body, &form, &op_at, relocations);
            let media = request_body
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.keys().next().cloned())
                .unwrap_or_default();
            warnings.push(Diagnostic::warning(
                first,
                format!("{found_in} {verb} Swagger 2.0, not OpenAPI 3; read as the operation's `{media}` request body"),
            ));
            warnings.append(&mut found);
            op.insert("requestBody".into(), request_body);
        }
    }
    // Their components, which 3.x cannot hold either, are gone with the `$ref`s to them.
    if let Some(Value::Object(components)) = doc.pointer_mut("/components/parameters") {
        components.retain(|_, p| {
            !matches!(
                p.get("in").and_then(Value::as_str),
                Some("body" | "formData")
            )
        });
    }
    warnings
}

/// The body and form parameters of a `parameters` list, as (index, parameter), resolved: each in
/// 2.0's shape (its 3.x `schema`'s `type` beside its other keys), which the 2.0 conversion reads.
fn legacy_params(doc: &Value, list: Option<&Value>, owner: &str) -> Vec<(usize, Legacy)> {
    let Some(Value::Array(list)) = list else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, p) in list.iter().enumerate() {
        let (value, at) = match p.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let Some(target) = reference
                    .strip_prefix('#')
                    .and_then(|pointer| doc.pointer(pointer))
                else {
                    continue;
                };
                (target, reference.to_string())
            }
            None => (p, format!("{owner}/parameters/{i}")),
        };
        if !matches!(
            value.get("in").and_then(Value::as_str),
            Some("body" | "formData")
        ) {
            continue;
        }
        let Value::Object(map) = value else { continue };
        let mut shaped = map.clone();
        if shaped.get("in").and_then(Value::as_str) == Some("formData") {
            // 2.0 writes a form parameter's type beside its name; the 3.x schema stays whole for
            // `keep_form_schemas`.
            if let Some(ty) = map.get("schema").and_then(|s| s.get("type")) {
                shaped.entry("type").or_insert_with(|| ty.clone());
            }
        }
        out.push((
            i,
            Legacy {
                value: Value::Object(shaped),
                at,
            },
        ));
    }
    out
}

/// Removes the parameters at `found`'s indices from `owner`'s list, recording where the others
/// were (their indices shift down).
fn drop_indices(
    owner: &mut Map<String, Value>,
    found: &[(usize, Legacy)],
    owner_at: &str,
    relocations: &mut Relocations,
) {
    let Some(Value::Array(list)) = owner.get_mut("parameters") else {
        return;
    };
    let dropped: Vec<usize> = found.iter().map(|(i, _)| *i).collect();
    let old = std::mem::take(list);
    for (i, p) in old.into_iter().enumerate() {
        if dropped.contains(&i) {
            continue;
        }
        if list.len() != i {
            relocations.record(
                format!("{owner_at}/parameters/{}", list.len()),
                format!("{owner_at}/parameters/{i}"),
            );
        }
        list.push(p);
    }
    if list.is_empty() {
        owner.remove("parameters");
    }
}

/// The body parameter (the first) and the form parameters.
fn split(params: Vec<Legacy>) -> (Option<Legacy>, Vec<Legacy>) {
    let mut body = None;
    let mut form = Vec::new();
    for p in params {
        match p.value.get("in").and_then(Value::as_str) {
            Some("body") if body.is_none() => body = Some(p),
            Some("formData") => form.push(p),
            _ => {}
        }
    }
    (body, form)
}

/// Puts each form parameter's own 3.x `schema` (with its description) in place of the property
/// the 2.0 conversion made from its 2.0-shaped keys; `type: file` is a file part, as in 2.0.
fn keep_form_schemas(
    request_body: &mut Value,
    form: &[Legacy],
    op_at: &str,
    relocations: &mut Relocations,
) {
    let Some(Value::Object(content)) = request_body.get_mut("content") else {
        return;
    };
    for (media, media_object) in content.iter_mut() {
        let Some(Value::Object(properties)) = media_object.pointer_mut("/schema/properties") else {
            continue;
        };
        let properties_at = child(
            &child(&child(&child(op_at, "requestBody"), "content"), media),
            "schema",
        );
        let properties_at = child(&properties_at, "properties");
        for p in form {
            let Some(name) = p.value.get("name").and_then(Value::as_str) else {
                continue;
            };
            let Some(Value::Object(schema)) = p.value.get("schema") else {
                continue;
            };
            let mut schema = schema.clone();
            if schema.get("type").and_then(Value::as_str) == Some("file") {
                schema.insert("type".into(), "string".into());
                schema.insert("format".into(), "binary".into());
            }
            if let Some(d) = p.value.get("description") {
                schema.entry("description").or_insert_with(|| d.clone());
            }
            relocations.record(child(&properties_at, name), child(&p.at, "schema"));
            properties.insert(name.to_string(), Value::Object(schema));
        }
    }
}

/// A `consumes` list (anything else counts as none).
fn media_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}
