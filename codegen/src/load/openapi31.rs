//! OpenAPI 3.1 into the 3.0 model that `openapiv3` reads.
//!
//! The rest of the pipeline reads one model, so a 3.1 document is normalised into a 3.0 one as a
//! `serde_json::Value`, before typing, rather than given a second model: lower and emit then treat
//! both versions alike (the same names, the same shapes, the same diagnostics), and what 3.0
//! cannot say is carried in `x-` extensions that lower reads. Every subtree that moves is recorded
//! in [`Relocations`], and every warning here names the pointer in the 3.1 document, so
//! diagnostics point at the author's own lines. `$ref`s are already local component references
//! when this runs (the bundler resolves the rest); this module never resolves a reference.
//!
//! What each 3.1 construct becomes:
//! - `type: [T, "null"]`, `type: "null"`, `const: null` and `null` members of `anyOf`/`oneOf`
//!   become `nullable: true` (a single remaining member becomes `allOf: [member]`, the way 3.0
//!   specs make a `$ref` nullable); a type list of several types becomes a `oneOf` of one schema
//!   per type, each with the keywords that apply to it.
//! - `const: v` becomes `enum: [v]` (with its `type` inferred), and `x-codegen-const` for the docs;
//!   `examples: [..]` gives `example`; numeric `exclusiveMinimum`/`exclusiveMaximum` become the
//!   3.0 `minimum` + `exclusiveMinimum: true` pair.
//! - `contentEncoding: base64` gives `format: byte`, `contentMediaType` of non-text data gives
//!   `format: binary` (a file part in a multipart body); both are kept as `x-codegen-content-encoding`
//!   and `x-codegen-content-media-type`.
//! - `prefixItems` becomes `items: {oneOf: [...]}` with `x-codegen-tuple: true` when the array has exactly
//!   that many items (lower makes it a Rust tuple), else `items: {anyOf: [...]}` (a `Vec` of the
//!   union, with a warning). `unevaluatedProperties`/`unevaluatedItems` become
//!   `additionalProperties`/`items` where those are absent; `patternProperties` becomes the
//!   `additionalProperties` map (a warning says the key patterns are not checked);
//!   `dependentRequired`, `propertyNames` and `if`/`then`/`else` become doc notes with a warning
//!   (the base type is kept, which is sound: they only add constraints).
//! - `true`/`false` schemas become `{}` and `{not: {}}`.
//! - `webhooks` move to `x-codegen-webhooks` (lower generates their receiver); `paths` may be absent;
//!   `info.summary` and `license.identifier` move to `x-codegen-summary`/`x-codegen-license-identifier`; a
//!   `jsonSchemaDialect` other than the OpenAPI default is a warning; `mutualTLS` security
//!   schemes (nothing for a client to send) are dropped with a warning.

use serde_json::{Map, Value};

use super::relocate::Relocations;
use crate::diagnostic::{child, Diagnostic};

/// The OpenAPI 3.1 default dialect.
const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// The result of [`normalise`].
pub(crate) struct Normalised {
    /// The document in the 3.0 model.
    pub document: Value,
    /// New pointer prefix → pointer in the 3.1 document, for every subtree that moved.
    pub relocations: Relocations,
    /// Warnings, at pointers of the 3.1 document.
    pub warnings: Vec<Diagnostic>,
}

/// Normalises a 3.1 document (see the module docs).
pub(crate) fn normalise(mut doc: Value) -> Normalised {
    let mut w = Walker {
        relocations: Relocations::default(),
        warnings: Vec::new(),
    };
    if let Value::Object(root) = &mut doc {
        w.document(root);
    }
    Normalised {
        document: doc,
        relocations: w.relocations,
        warnings: w.warnings,
    }
}

struct Walker {
    relocations: Relocations,
    warnings: Vec<Diagnostic>,
}

/// Keywords that only apply to one JSON type, by type; used to split a list of types.
const STRING_KEYWORDS: [&str; 6] = [
    "minLength",
    "maxLength",
    "pattern",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
];
const NUMBER_KEYWORDS: [&str; 5] = [
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];
const ARRAY_KEYWORDS: [&str; 9] = [
    "items",
    "prefixItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
];
const OBJECT_KEYWORDS: [&str; 10] = [
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "patternProperties",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
];

/// Keywords of JSON Schema that say nothing a generated type could use, dropped silently.
const DROPPED: [&str; 10] = [
    "$schema",
    "$id",
    "$anchor",
    "$comment",
    "$dynamicAnchor",
    "$recursiveAnchor",
    "$vocabulary",
    "$defs",
    "contentSchema",
    "definitions",
];

impl Walker {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings.push(Diagnostic::warning(pointer, message));
    }

    fn document(&mut self, root: &mut Map<String, Value>) {
        root.insert("openapi".into(), Value::String("3.0.3".into()));
        if let Some(dialect) = root.remove("jsonSchemaDialect") {
            if dialect.as_str() != Some(DEFAULT_DIALECT) {
                self.warn(
                    "#/jsonSchemaDialect",
                    format!("`jsonSchemaDialect: {dialect}` is not the OpenAPI 3.1 default; schemas are read as the default dialect"),
                );
            }
        }
        if !root.contains_key("paths") {
            root.insert("paths".into(), Value::Object(Map::new()));
        }
        if let Some(Value::Object(info)) = root.get_mut("info") {
            if let Some(summary) = info.remove("summary") {
                info.insert("x-codegen-summary".into(), summary);
            }
            if let Some(Value::Object(license)) = info.get_mut("license") {
                if let Some(id) = license.remove("identifier") {
                    license.insert("x-codegen-license-identifier".into(), id);
                }
            }
        }
        if let Some(Value::Object(components)) = root.get_mut("components") {
            // Path items are inlined into `paths` by the bundler; nothing else reads them.
            components.remove("pathItems");
            if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
                let mutual: Vec<String> = schemes
                    .iter()
                    .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
                    .map(|(k, _)| k.clone())
                    .collect();
                for key in mutual {
                    schemes.remove(&key);
                    self.warn(
                        &child("#/components/securitySchemes", &key),
                        format!("security scheme `{key}` is mutual TLS, which the client leaves to the `reqwest::Client` it is given; the scheme is skipped"),
                    );
                }
            }
        }
        if let Some(webhooks) = root.remove("webhooks") {
            root.insert("x-codegen-webhooks".into(), webhooks);
            self.relocations
                .record("#/x-codegen-webhooks", "#/webhooks");
        }
        for (key, value) in root.iter_mut() {
            match key.as_str() {
                "x-codegen-webhooks" => {
                    self.non_schema(value, "#/x-codegen-webhooks", "#/webhooks")
                }
                k if k.starts_with("x-") => {}
                _ => {
                    let p = child("#", key);
                    self.non_schema(value, &p, &p);
                }
            }
        }
    }

    /// Walks a part of the document that is not a schema, looking for the places schemas sit.
    fn non_schema(&mut self, value: &mut Value, new: &str, old: &str) {
        match value {
            Value::Object(map) => {
                let names = is_name_map(new);
                // 3.1 operations may leave `responses` out; 3.0 requires the (possibly empty) map.
                if !names && is_path_item(new) {
                    for method in METHODS {
                        if let Some(Value::Object(op)) = map.get_mut(method) {
                            op.entry("responses")
                                .or_insert_with(|| Value::Object(Map::new()));
                        }
                    }
                }
                for (key, v) in map.iter_mut() {
                    let (n, o) = (child(new, key), child(old, key));
                    if names {
                        self.non_schema(v, &n, &o);
                        continue;
                    }
                    match key.as_str() {
                        "example" | "examples" | "default" | "enum" => {}
                        k if k.starts_with("x-") => {}
                        "schema" => self.schema(v, &n, &o),
                        "schemas" if new.ends_with("/components") => {
                            if let Value::Object(schemas) = v {
                                for (name, s) in schemas.iter_mut() {
                                    self.schema(s, &child(&n, name), &child(&o, name));
                                }
                            }
                        }
                        _ => self.non_schema(v, &n, &o),
                    }
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter_mut().enumerate() {
                    self.non_schema(v, &format!("{new}/{i}"), &format!("{old}/{i}"));
                }
            }
            _ => {}
        }
    }

    /// Normalises the schema at `new` (which was at `old` in the 3.1 document) and its sub-schemas.
    fn schema(&mut self, value: &mut Value, new: &str, old: &str) {
        match value {
            Value::Bool(true) => {
                *value = Value::Object(Map::new());
                return;
            }
            Value::Bool(false) => {
                *value = serde_json::json!({"not": {}});
                return;
            }
            Value::Object(_) => {}
            _ => return,
        }
        let Value::Object(map) = value else { return };
        let mut notes: Vec<String> = Vec::new();
        let mut nullable = false;

        // Types: `null` out of the list.
        let mut types: Vec<String> = match map.remove("type") {
            Some(Value::String(t)) => vec![t],
            Some(Value::Array(ts)) => ts
                .into_iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect(),
            Some(other) => {
                // Not a type name; `openapiv3` reports it where it was.
                map.insert("type".into(), other);
                Vec::new()
            }
            None => Vec::new(),
        };
        if types.iter().any(|t| t == "null") {
            nullable = true;
            types.retain(|t| t != "null");
        }
        types.dedup();

        // Values and bounds.
        if let Some(c) = map.remove("const") {
            if c.is_null() {
                nullable = true;
            } else {
                if types.is_empty() {
                    if let Some(t) = json_type(&c) {
                        types.push(t.to_string());
                    }
                }
                notes.push(format!("always `{c}`"));
                map.entry("enum")
                    .or_insert_with(|| Value::Array(vec![c.clone()]));
                map.insert("x-codegen-const".into(), c);
            }
        }
        if let Some(Value::Array(values)) = map.get("enum") {
            if values.iter().any(Value::is_null) {
                nullable = true;
            }
        }
        if let Some(Value::Array(mut list)) = map.remove("examples") {
            if !list.is_empty() {
                let shown: Vec<String> = list.iter().take(3).map(|e| format!("`{e}`")).collect();
                notes.push(format!("examples: {}", shown.join(", ")));
                if !map.contains_key("example") {
                    map.insert("example".into(), list.swap_remove(0));
                }
            }
        }
        exclusive_bound(map, "exclusiveMinimum", "minimum", |a, b| a >= b);
        exclusive_bound(map, "exclusiveMaximum", "maximum", |a, b| a <= b);

        // Binary data.
        if let Some(encoding) = map.remove("contentEncoding") {
            if let Some(e) = encoding.as_str() {
                if matches!(e.to_ascii_lowercase().as_str(), "base64" | "base64url")
                    && !map.contains_key("format")
                {
                    map.insert("format".into(), Value::String("byte".into()));
                }
                notes.push(format!("content encoding: {e}"));
            }
            map.insert("x-codegen-content-encoding".into(), encoding);
        }
        if let Some(media) = map.remove("contentMediaType") {
            if let Some(m) = media.as_str() {
                let textual = {
                    let m = m.to_ascii_lowercase();
                    m.starts_with("text/") || m.ends_with("json") || m.ends_with("xml")
                };
                if !textual && !map.contains_key("format") {
                    map.insert("format".into(), Value::String("binary".into()));
                }
                notes.push(format!("content media type: {m}"));
            }
            map.insert("x-codegen-content-media-type".into(), media);
        }

        // JSON Schema 2020-12 keywords.
        self.prefix_items(map, new, old, &mut types);
        if let Some(items) = map.remove("unevaluatedItems") {
            if !map.contains_key("items") {
                map.insert("items".into(), items);
                self.relocations
                    .record(child(new, "items"), child(old, "unevaluatedItems"));
            }
        }
        if let Some(rest) = map.remove("unevaluatedProperties") {
            if !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), rest);
                self.relocations.record(
                    child(new, "additionalProperties"),
                    child(old, "unevaluatedProperties"),
                );
            }
        }
        self.pattern_properties(map, new, old);
        if let Some(names) = map
            .remove("propertyNames")
            .filter(|names| !says_nothing_of_names(names))
        {
            let what = describe_names(&names);
            notes.push(format!("property names: {what}"));
            self.warn(
                &child(old, "propertyNames"),
                format!("`propertyNames` ({what}) is not checked: map keys are `String`"),
            );
        }
        if let Some(Value::Object(deps)) = map.remove("dependentRequired") {
            for (key, needs) in &deps {
                let needs: Vec<String> = needs
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(|n| format!("`{n}`"))
                    .collect();
                notes.push(format!("with `{key}`, also {}", needs.join(", ")));
            }
            self.warn(
                &child(old, "dependentRequired"),
                "`dependentRequired` is not checked: the properties it names stay optional",
            );
        }
        if map.remove("dependentSchemas").is_some() {
            self.warn(
                &child(old, "dependentSchemas"),
                "`dependentSchemas` is not checked: the schema is generated without it",
            );
        }
        let conditional: Vec<&str> = ["if", "then", "else"]
            .into_iter()
            .filter(|k| map.contains_key(*k))
            .collect();
        if !conditional.is_empty() {
            for k in &conditional {
                map.remove(*k);
            }
            notes.push("conditional constraints (`if`/`then`/`else`) apply".into());
            self.warn(
                &child(old, conditional[0]),
                "`if`/`then`/`else` is not checked: the schema is generated without its conditions",
            );
        }
        for k in ["contains", "minContains", "maxContains"] {
            map.remove(k);
        }
        for k in DROPPED {
            map.remove(k);
        }
        if map.contains_key("$dynamicRef") {
            map.remove("$dynamicRef");
            self.warn(
                old,
                "`$dynamicRef` is not supported; the schema is generated as an untyped JSON value",
            );
        }

        // Unions with `null` members.
        for key in ["anyOf", "oneOf"] {
            self.null_members(map, key, new, old, &mut nullable);
        }

        if nullable {
            map.insert("nullable".into(), Value::Bool(true));
        }
        if !notes.is_empty() {
            let list = map
                .entry("x-codegen-notes")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = list {
                list.extend(notes.into_iter().map(Value::String));
            }
        }

        // JSON Schema counts `1.0` as an integer; `openapiv3` reads counts and integer bounds as
        // integers only.
        let integer = types.len() == 1 && types[0] == "integer";
        for key in [
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
            "minProperties",
            "maxProperties",
            "minimum",
            "maximum",
            "multipleOf",
        ] {
            let count = !matches!(key, "minimum" | "maximum" | "multipleOf");
            if let Some(Value::Number(n)) = map.get(key) {
                if let Some(f) = n
                    .as_f64()
                    .filter(|f| !n.is_i64() && !n.is_u64() && f.fract() == 0.0)
                {
                    if (count || integer) && f >= i64::MIN as f64 && f < i64::MAX as f64 {
                        map.insert(key.into(), Value::from(f as i64));
                    }
                }
            }
        }

        // One type, or one schema per type.
        match types.len() {
            0 => {}
            1 => {
                map.insert("type".into(), Value::String(types.remove(0)));
            }
            _ => self.split_types(map, types, new, old),
        }

        self.children(map, new);
    }

    /// Walks the sub-schemas of an already normalised schema.
    fn children(&mut self, map: &mut Map<String, Value>, new: &str) {
        for (key, v) in map.iter_mut() {
            // Every move is recorded before the walk reaches it, so this is where it was.
            let n = child(new, key);
            let o = self.relocations.original(&n);
            match key.as_str() {
                "properties" => {
                    if let Value::Object(props) = v {
                        for (name, s) in props.iter_mut() {
                            self.schema(s, &child(&n, name), &child(&o, name));
                        }
                    }
                }
                "items" | "not" => self.schema(v, &n, &o),
                "additionalProperties" if v.is_object() => self.schema(v, &n, &o),
                "allOf" | "anyOf" | "oneOf" => {
                    if let Value::Array(members) = v {
                        for (i, s) in members.iter_mut().enumerate() {
                            let mn = format!("{n}/{i}");
                            let mo = self.relocations.original(&mn);
                            self.schema(s, &mn, &mo);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// `prefixItems`: a tuple when the array holds exactly those items, else a `Vec` of their union.
    fn prefix_items(
        &mut self,
        map: &mut Map<String, Value>,
        new: &str,
        old: &str,
        types: &mut Vec<String>,
    ) {
        let Some(Value::Array(prefix)) = map.remove("prefixItems") else {
            return;
        };
        if types.is_empty() {
            types.push("array".into());
        }
        let rest = map.remove("items");
        let exact = is_exact_tuple(map, prefix.len(), rest.as_ref());
        let rest = if exact { None } else { rest };
        let key = if exact { "oneOf" } else { "anyOf" };
        let at = format!("{}/{key}", child(new, "items"));
        for i in 0..prefix.len() {
            self.relocations.record(
                format!("{at}/{i}"),
                format!("{}/{i}", child(old, "prefixItems")),
            );
        }
        let mut members = prefix;
        match rest {
            Some(Value::Bool(false)) | None => {}
            Some(Value::Bool(true)) => members.push(Value::Object(Map::new())),
            Some(schema) => {
                self.relocations
                    .record(format!("{at}/{}", members.len()), child(old, "items"));
                members.push(schema);
            }
        }
        if members.is_empty() {
            return;
        }
        if exact {
            map.insert("x-codegen-tuple".into(), Value::Bool(true));
        } else if members.iter().all(|m| *m == members[0]) {
            // Every item has the same schema: a plain array of it.
            self.relocations.record(
                child(new, "items"),
                format!("{}/0", child(old, "prefixItems")),
            );
            map.insert("items".into(), members.swap_remove(0));
            return;
        } else {
            self.warn(
                &child(old, "prefixItems"),
                "`prefixItems` without a fixed length is generated as an array of any of its item types",
            );
        }
        let mut items = Map::new();
        items.insert(key.into(), Value::Array(members));
        map.insert("items".into(), Value::Object(items));
    }

    /// `patternProperties`: their schemas become the type of the other properties.
    fn pattern_properties(&mut self, map: &mut Map<String, Value>, new: &str, old: &str) {
        let Some(Value::Object(patterns)) = map.remove("patternProperties") else {
            return;
        };
        if patterns.is_empty() {
            return;
        }
        let keys: Vec<String> = patterns.keys().map(|k| format!("`{k}`")).collect();
        self.warn(
            &child(old, "patternProperties"),
            format!(
                "`patternProperties` ({}) become a map whose keys are not checked against the patterns",
                keys.join(", ")
            ),
        );
        let additional = map.remove("additionalProperties");
        let add_new = child(new, "additionalProperties");
        let pat_old = child(old, "patternProperties");
        let mut members: Vec<Value> = Vec::new();
        for (i, (pattern, schema)) in patterns.into_iter().enumerate() {
            self.relocations
                .record(format!("{add_new}/anyOf/{i}"), child(&pat_old, &pattern));
            members.push(schema);
        }
        match additional {
            None | Some(Value::Bool(false)) => {}
            Some(Value::Bool(true)) => members.push(Value::Object(Map::new())),
            Some(schema) => {
                self.relocations.record(
                    format!("{add_new}/anyOf/{}", members.len()),
                    child(old, "additionalProperties"),
                );
                members.push(schema);
            }
        }
        let value = if members.len() == 1 {
            let moved = self.relocations.original(&format!("{add_new}/anyOf/0"));
            self.relocations.record(add_new.clone(), moved);
            members.remove(0)
        } else {
            let mut union = Map::new();
            union.insert("anyOf".into(), Value::Array(members));
            Value::Object(union)
        };
        map.insert("additionalProperties".into(), value);
    }

    /// Drops the `null` members of `anyOf`/`oneOf`, which make the value nullable; a single member
    /// left becomes `allOf: [member]`.
    fn null_members(
        &mut self,
        map: &mut Map<String, Value>,
        key: &str,
        new: &str,
        old: &str,
        nullable: &mut bool,
    ) {
        let Some(Value::Array(members)) = map.get(key) else {
            return;
        };
        if !members.iter().any(is_null_schema) {
            return;
        }
        let Some(Value::Array(members)) = map.remove(key) else {
            return;
        };
        *nullable = true;
        let kept: Vec<(usize, Value)> = members
            .into_iter()
            .enumerate()
            .filter(|(_, m)| !is_null_schema(m))
            .collect();
        match kept.len() {
            0 => {}
            1 if !map.contains_key("allOf") => {
                let (i, member) = kept.into_iter().next().expect("one member");
                self.relocations
                    .record(format!("{new}/allOf/0"), format!("{old}/{key}/{i}"));
                map.insert("allOf".into(), Value::Array(vec![member]));
            }
            _ => {
                let mut list = Vec::new();
                for (j, (i, member)) in kept.into_iter().enumerate() {
                    if i != j {
                        self.relocations
                            .record(format!("{new}/{key}/{j}"), format!("{old}/{key}/{i}"));
                    }
                    list.push(member);
                }
                map.insert(key.into(), Value::Array(list));
            }
        }
    }

    /// A list of several types: one `oneOf` member per type, each with the keywords for it.
    fn split_types(
        &mut self,
        map: &mut Map<String, Value>,
        types: Vec<String>,
        new: &str,
        old: &str,
    ) {
        let mut members = Vec::new();
        let has_string = types.iter().any(|t| t == "string");
        for (i, t) in types.iter().enumerate() {
            let own: &[&str] = match t.as_str() {
                "string" => &STRING_KEYWORDS,
                "number" | "integer" => &NUMBER_KEYWORDS,
                "array" => &ARRAY_KEYWORDS,
                "object" => &OBJECT_KEYWORDS,
                _ => &[],
            };
            let mut member = Map::new();
            member.insert("type".into(), Value::String(t.clone()));
            for k in own {
                if let Some(v) = map.get(*k) {
                    member.insert((*k).to_string(), v.clone());
                }
            }
            let takes_format = match t.as_str() {
                "string" => true,
                "number" | "integer" => !has_string,
                _ => false,
            };
            if takes_format {
                if let Some(f) = map.get("format") {
                    member.insert("format".into(), f.clone());
                }
            }
            if t == "array" {
                if let Some(x) = map.get("x-codegen-tuple") {
                    member.insert("x-codegen-tuple".into(), x.clone());
                }
            }
            if let Some(Value::Array(values)) = map.get("enum") {
                let fitting: Vec<Value> = values
                    .iter()
                    .filter(|v| {
                        json_type(v).is_some_and(|vt| vt == t || (t == "number" && vt == "integer"))
                    })
                    .cloned()
                    .collect();
                if !fitting.is_empty() {
                    member.insert("enum".into(), Value::Array(fitting));
                }
            }
            self.relocations.record(format!("{new}/oneOf/{i}"), old);
            members.push(Value::Object(member));
        }
        for k in STRING_KEYWORDS
            .iter()
            .chain(&NUMBER_KEYWORDS)
            .chain(&ARRAY_KEYWORDS)
            .chain(&OBJECT_KEYWORDS)
            .chain(&["format", "enum", "x-codegen-tuple"])
        {
            map.remove(*k);
        }
        if let Some(Value::Array(existing)) = map.remove("oneOf") {
            // A type list beside a `oneOf`: both must hold; keep the author's union as an allOf
            // member so neither is lost.
            let mut other = Map::new();
            other.insert("oneOf".into(), Value::Array(existing));
            let all = map
                .entry("allOf")
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(all) = all {
                self.relocations.record(
                    format!("{new}/allOf/{}/oneOf", all.len()),
                    format!("{old}/oneOf"),
                );
                all.push(Value::Object(other));
            }
        }
        map.insert("oneOf".into(), Value::Array(members));
    }
}

/// Whether the object at `pointer` maps user-chosen names to objects, whose keys are names and
/// never keywords (a header called `x-next`, a component called `example`).
fn is_name_map(pointer: &str) -> bool {
    let last = pointer.rsplit('/').next().unwrap_or_default();
    matches!(
        last,
        "headers" | "content" | "links" | "callbacks" | "encoding" | "paths" | "x-codegen-webhooks"
    ) || (pointer.starts_with("#/components/") && pointer.matches('/').count() == 2)
        || pointer.ends_with("/responses")
}

/// The HTTP methods of a path item.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Whether the object at `pointer` is a path item: in `paths`, `webhooks`, or a callback.
fn is_path_item(pointer: &str) -> bool {
    let Some((parent, _)) = pointer.rsplit_once('/') else {
        return false;
    };
    parent == "#/paths"
        || parent == "#/x-codegen-webhooks"
        || parent.rsplit('/').nth(1) == Some("callbacks")
}

/// Whether a union member only says "null".
fn is_null_schema(member: &Value) -> bool {
    let Some(map) = member.as_object() else {
        return false;
    };
    let null_type = match map.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => !ts.is_empty() && ts.iter().all(|t| t == "null"),
        _ => false,
    };
    let null_const = map.get("const").is_some_and(Value::is_null)
        || map
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|v| !v.is_empty() && v.iter().all(Value::is_null));
    (null_type || null_const) && !map.contains_key("$ref")
}

/// The JSON Schema type of a value.
fn json_type(v: &Value) -> Option<&'static str> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    })
}

/// A 3.1 numeric `exclusive` bound into the 3.0 `bound` + `exclusive: true` pair; `stricter(a, b)`
/// says whether exclusive bound `a` is at least as strict as inclusive bound `b`.
fn exclusive_bound(
    map: &mut Map<String, Value>,
    exclusive: &str,
    bound: &str,
    stricter: fn(f64, f64) -> bool,
) {
    let Some(Value::Number(limit)) = map.get(exclusive).cloned() else {
        return;
    };
    map.remove(exclusive);
    let keep_inclusive = map
        .get(bound)
        .and_then(Value::as_f64)
        .zip(limit.as_f64())
        .is_some_and(|(b, a)| !stricter(a, b));
    if !keep_inclusive {
        map.insert(bound.into(), Value::Number(limit));
        map.insert(exclusive.into(), Value::Bool(true));
    }
}

/// Whether a `propertyNames` schema holds for every key: `true`, `{}`, or `type: string` with
/// only annotations (utoipa writes it for any `HashMap<String, _>`). Keys are strings already.
fn says_nothing_of_names(names: &Value) -> bool {
    match names {
        Value::Bool(true) => true,
        Value::Object(map) => map.iter().all(|(key, value)| match key.as_str() {
            "type" => value == "string",
            "title" | "description" | "examples" | "example" | "$comment" => true,
            _ => false,
        }),
        _ => false,
    }
}

/// What a `propertyNames` schema says, for a note.
fn describe_names(names: &Value) -> String {
    let mut parts = Vec::new();
    if let Some(p) = names.get("pattern").and_then(Value::as_str) {
        parts.push(format!("pattern `{p}`"));
    }
    if let Some(values) = names.get("enum").and_then(Value::as_array) {
        let values: Vec<String> = values.iter().map(|v| format!("{v}")).collect();
        parts.push(format!("one of {}", values.join(", ")));
    }
    let characters = |n: u64| {
        if n == 1 {
            "1 character".to_string()
        } else {
            format!("{n} characters")
        }
    };
    if let Some(n) = names.get("minLength").and_then(Value::as_u64) {
        parts.push(format!("at least {}", characters(n)));
    }
    if let Some(n) = names.get("maxLength").and_then(Value::as_u64) {
        parts.push(format!("at most {}", characters(n)));
    }
    if let Some(f) = names.get("format").and_then(Value::as_str) {
        parts.push(format!("format `{f}`"));
    }
    if let Some(r) = names.get("$ref").and_then(Value::as_str) {
        parts.push(format!("`{r}`"));
    }
    if parts.is_empty() {
        "a schema".into()
    } else {
        parts.join(", ")
    }
}

/// Whether an array schema (`map`) whose first `n` items have their own schemas holds exactly
/// those: a tuple, whose `rest` (the schema of the items after them) is never used. A closed list
/// without `minItems` is read as a tuple too: that is how utoipa and pydantic write one.
pub(super) fn is_exact_tuple(map: &Map<String, Value>, n: usize, rest: Option<&Value>) -> bool {
    let n = n as u64;
    let min = map.get("minItems").and_then(Value::as_u64);
    let max = map.get("maxItems").and_then(Value::as_u64);
    let closed = rest == Some(&Value::Bool(false)) || max.is_some_and(|m| m <= n);
    closed && min.map_or(rest == Some(&Value::Bool(false)), |m| m >= n)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::normalise;

    fn schema_of(doc: &serde_json::Value, name: &str) -> serde_json::Value {
        doc["components"]["schemas"][name].clone()
    }

    fn with_schemas(schemas: serde_json::Value) -> serde_json::Value {
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
               "components": {"schemas": schemas}})
    }

    #[test]
    fn a_property_names_note_says_what_the_keys_must_be() {
        let doc = with_schemas(json!({
            "Ids": {"type": "object", "propertyNames": {"format": "uuid4"}},
            "Short": {"type": "object", "propertyNames": {"minLength": 1, "maxLength": 40}},
        }));
        let messages: Vec<String> = normalise(doc)
            .warnings
            .iter()
            .map(|w| w.message.clone())
            .collect();
        assert_eq!(
            messages,
            [
                "`propertyNames` (format `uuid4`) is not checked: map keys are `String`",
                "`propertyNames` (at least 1 character, at most 40 characters) is not checked: map keys are `String`",
            ]
        );
    }

    #[test]
    fn property_names_that_every_string_passes_say_nothing() {
        let doc = with_schemas(json!({
            "Any": {"type": "object", "additionalProperties": {}, "propertyNames": {"type": "string"}},
            "Free": {"type": "object", "propertyNames": true},
            "Short": {"type": "object", "propertyNames": {"type": "string", "maxLength": 8}},
        }));
        let n = normalise(doc);
        let warned: Vec<&str> = n.warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(warned, ["#/components/schemas/Short/propertyNames"]);
        assert!(schema_of(&n.document, "Any").get("propertyNames").is_none());
        assert!(schema_of(&n.document, "Any")
            .get("x-codegen-notes")
            .is_none());
    }

    #[test]
    fn null_in_type_lists_and_unions_becomes_nullable() {
        let n = normalise(with_schemas(json!({
            "A": {"type": ["string", "null"]},
            "B": {"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}], "title": "B"},
            "C": {"oneOf": [{"type": "null"}, {"type": "integer"}, {"type": "string"}]},
            "D": {"type": "null"},
        })));
        let doc = &n.document;
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(doc["paths"], json!({}));
        assert_eq!(
            schema_of(doc, "A"),
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            schema_of(doc, "B"),
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "title": "B", "nullable": true})
        );
        assert_eq!(
            schema_of(doc, "C"),
            json!({"oneOf": [{"type": "integer"}, {"type": "string"}], "nullable": true})
        );
        assert_eq!(schema_of(doc, "D"), json!({"nullable": true}));
        // Moved members point back at where they were.
        assert_eq!(
            n.relocations.original("#/components/schemas/B/allOf/0"),
            "#/components/schemas/B/anyOf/0"
        );
        assert_eq!(
            n.relocations
                .original("#/components/schemas/C/oneOf/1/minimum"),
            "#/components/schemas/C/oneOf/2/minimum"
        );
        assert!(n.warnings.is_empty());
    }

    #[test]
    fn a_type_list_splits_its_keywords_by_type() {
        let n = normalise(with_schemas(json!({
            "A": {"type": ["string", "array"], "minLength": 1, "items": {"type": ["integer", "null"]},
                  "description": "d"},
        })));
        assert_eq!(
            schema_of(&n.document, "A"),
            json!({"description": "d", "oneOf": [
                {"type": "string", "minLength": 1},
                {"type": "array", "items": {"type": "integer", "nullable": true}},
            ]})
        );
        assert_eq!(
            n.relocations
                .original("#/components/schemas/A/oneOf/1/items"),
            "#/components/schemas/A/items"
        );
    }

    #[test]
    fn values_and_bounds() {
        let n = normalise(with_schemas(json!({
            "A": {"const": 3},
            "B": {"type": "number", "exclusiveMinimum": 0, "maximum": 5, "exclusiveMaximum": 7,
                  "examples": [1, 2]},
            "C": {"type": "integer", "minimum": 1.0, "maxLength": 2.0},
        })));
        let doc = &n.document;
        assert_eq!(
            schema_of(doc, "A"),
            json!({"type": "integer", "enum": [3], "x-codegen-const": 3,
                   "x-codegen-notes": ["always `3`"]})
        );
        assert_eq!(
            schema_of(doc, "B"),
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 5,
                   "example": 1, "x-codegen-notes": ["examples: `1`, `2`"]})
        );
        assert_eq!(
            schema_of(doc, "C"),
            json!({"type": "integer", "minimum": 1, "maxLength": 2})
        );
    }

    #[test]
    fn prefix_items_pattern_properties_and_their_places() {
        let n = normalise(with_schemas(json!({
            "T": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}],
                  "items": false},
            "V": {"type": "array", "prefixItems": [{"type": "string"}], "items": {"type": "integer"}},
            "M": {"type": "object", "patternProperties": {"^a": {"type": "integer"}}},
        })));
        let doc = &n.document;
        assert_eq!(
            schema_of(doc, "T"),
            json!({"type": "array", "x-codegen-tuple": true,
                   "items": {"oneOf": [{"type": "string"}, {"type": "integer"}]}})
        );
        assert_eq!(
            schema_of(doc, "V")["items"],
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
        assert_eq!(
            n.relocations
                .original("#/components/schemas/V/items/anyOf/1"),
            "#/components/schemas/V/items"
        );
        assert_eq!(
            n.relocations
                .original("#/components/schemas/T/items/oneOf/1/type"),
            "#/components/schemas/T/prefixItems/1/type"
        );
        assert_eq!(
            schema_of(doc, "M")["additionalProperties"],
            json!({"type": "integer"})
        );
        assert_eq!(
            n.relocations
                .original("#/components/schemas/M/additionalProperties"),
            "#/components/schemas/M/patternProperties/^a"
        );
        let warned: Vec<&str> = n.warnings.iter().map(|w| w.pointer.as_str()).collect();
        assert_eq!(
            warned,
            [
                "#/components/schemas/V/prefixItems",
                "#/components/schemas/M/patternProperties"
            ]
        );
    }

    #[test]
    fn document_level_changes() {
        let n = normalise(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1", "summary": "s",
                     "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {"ping": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"type": ["string", "null"]}}}}}}},
        }));
        let doc = &n.document;
        assert_eq!(doc["info"]["x-codegen-summary"], "s");
        assert_eq!(
            doc["info"]["license"]["x-codegen-license-identifier"],
            "MIT"
        );
        let hook = &doc["x-codegen-webhooks"]["ping"]["post"];
        assert_eq!(hook["responses"], json!({}));
        assert_eq!(
            hook["requestBody"]["content"]["application/json"]["schema"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            n.relocations.original("#/x-codegen-webhooks/ping/post"),
            "#/webhooks/ping/post"
        );
    }

    #[test]
    fn headers_named_like_keywords_are_still_walked() {
        let n = normalise(json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/p": {"get": {"responses": {"default": {"description": "d", "headers": {
                "x-rate": {"schema": {"type": ["integer", "null"]}},
            }}}}}},
        }));
        assert_eq!(
            n.document["paths"]["/p"]["get"]["responses"]["default"]["headers"]["x-rate"]["schema"],
            json!({"type": "integer", "nullable": true})
        );
    }
}
