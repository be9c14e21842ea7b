//! Swagger 2.0 → OpenAPI 3.0.3, on the document as a `serde_json::Value`, before anything is typed.
//!
//! Every 2.0 construct has a 3.0 home:
//! - `definitions`, `parameters`, `responses` and `securityDefinitions` move under `components`
//!   (`schemas`, `parameters`, `responses`, `securitySchemes`), and every `$ref` into them is
//!   rewritten. Body and form parameters have no 3.0 component: a `$ref` to one is inlined where
//!   it is used.
//! - An `in: body` parameter becomes the `requestBody`, one media type per `consumes` entry; its
//!   name travels as `x-codegen-request-body-name` (the name swagger2openapi and openapi-generator
//!   use), which lower makes the method's argument name.
//! - `in: formData` parameters become one object schema, sent as `multipart/form-data` or
//!   `application/x-www-form-urlencoded` as `consumes` says (multipart when a `type: file`
//!   parameter needs it); `type: file` is `type: string, format: binary`, a file part.
//! - A response's `schema` gets one media type per `produces` entry (`application/json` when the
//!   document says none); a `type: file` response is bytes (`application/octet-stream` unless a
//!   non-JSON type is produced). Response `headers` get their schema.
//! - A parameter's `type`, `format`, `items`, `default`, `enum` and constraints move into its
//!   `schema`; `collectionFormat` becomes `style`/`explode`, and where 3.0 has no equivalent
//!   (`tsv`; `ssv`/`pipes` outside a query) it travels as `x-collection-format`, read by lower.
//!   `allowEmptyValue` stays on query parameters, where 3.0 has it too. On a form parameter,
//!   `collectionFormat` becomes the property's `encoding` (`multi` exploded, the others joined;
//!   `tsv`, `ssv` and `pipes` also as `x-collection-format`), and `allowEmptyValue` the property's
//!   `x-allow-empty-value`.
//! - `x-nullable` and `x-isnullable` are `nullable`; a 2.0 `discriminator` (a property name) on a
//!   base schema makes the base a discriminated `oneOf` of the definitions that extend it with
//!   `allOf` (and of itself, renamed `<Name>Base`), with the definition names as tag values, as
//!   2.0 defines them.
//! - `host`, `basePath` and `schemes` are the `servers` (https first); without a `host` the one
//!   server is the relative `basePath`, so there is no default base URL.
//!
//! Each moved subtree is recorded in [`Relocations`], so diagnostics about the converted document
//! point at the 2.0 document's own lines.

use serde_json::{json, Map, Value};

use super::Relocations;
use crate::diagnostic::{child, escape_token, Diagnostic};

/// A converted document.
pub(crate) struct Converted {
    /// The OpenAPI 3.0.3 document.
    pub doc: Value,
    /// New pointer prefix → 2.0 pointer prefix, for each moved subtree.
    pub relocations: Relocations,
    /// What could not be converted, located in the 2.0 document.
    pub warnings: Vec<Diagnostic>,
}

/// The media type 2.0 assumes when neither the operation nor the document lists one.
const DEFAULT_MEDIA: &str = "application/json";

/// Schema keywords of a non-body parameter (and of a response header) that 3.0 puts in `schema`.
const PARAM_SCHEMA_KEYWORDS: [&str; 17] = [
    "type",
    "format",
    "items",
    "default",
    "enum",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
];

/// Converts a Swagger 2.0 document into OpenAPI 3.0.3. Never fails: what it cannot read it leaves
/// for the 3.0 reader to report, or warns about.
pub(crate) fn convert(doc: Value) -> Converted {
    let mut cx = Cx {
        relocations: Relocations::default(),
        warnings: Vec::new(),
        consumes: Vec::new(),
        produces: Vec::new(),
        root: Map::new(),
    };
    let Value::Object(root) = doc else {
        return Converted {
            doc,
            relocations: cx.relocations,
            warnings: cx.warnings,
        };
    };
    cx.consumes = media_list(root.get("consumes"));
    cx.produces = media_list(root.get("produces"));
    cx.root = root;
    let root = cx.root.clone();

    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    for (key, value) in &root {
        match key.as_str() {
            "swagger"
            | "host"
            | "basePath"
            | "schemes"
            | "consumes"
            | "produces"
            | "paths"
            | "definitions"
            | "parameters"
            | "responses"
            | "securityDefinitions" => {}
            "info" => {
                let mut info = value.clone();
                if let Value::Object(map) = &mut info {
                    if !map.contains_key("version") {
                        cx.warnings.push(Diagnostic::warning(
                            "#/info",
                            "`info` has no `version` (2.0 requires one); it is taken as empty",
                        ));
                        map.insert("version".into(), json!(""));
                    }
                }
                out.insert(key.clone(), info);
            }
            _ => {
                out.insert(key.clone(), rewrite_refs(value.clone()));
            }
        }
    }
    if let Some(servers) = servers(&root) {
        let from = if root.contains_key("host") {
            "#/host"
        } else {
            "#/basePath"
        };
        cx.relocations.record("#/servers", from);
        out.insert("servers".into(), servers);
    }

    let mut components = Map::new();
    // Recorded even when the 2.0 sections are absent: messages that name the sections (`no
    // schema X in ...`) then name the 2.0 ones.
    cx.relocations
        .record("#/components/schemas", "#/definitions");
    cx.relocations
        .record("#/components/securitySchemes", "#/securityDefinitions");
    if let Some(Value::Object(definitions)) = root.get("definitions") {
        let mut schemas = Map::new();
        for (name, schema) in definitions {
            schemas.insert(name.clone(), convert_schema(schema.clone()));
        }
        cx.discriminators(&mut schemas);
        components.insert("schemas".into(), Value::Object(schemas));
    }
    if let Some(Value::Object(parameters)) = root.get("parameters") {
        let mut out = Map::new();
        for (name, param) in parameters {
            let old = child("#/parameters", name);
            let new = child("#/components/parameters", name);
            // Body and form parameters are inlined where they are used: 3.0 has no such component.
            if matches!(param_in(param), Some("body" | "formData")) {
                continue;
            }
            if let Some(converted) = cx.convert_param(param, &new, &old) {
                out.insert(name.clone(), converted);
            }
        }
        if !out.is_empty() {
            components.insert("parameters".into(), Value::Object(out));
        }
    }
    if let Some(Value::Object(responses)) = root.get("responses") {
        let mut out = Map::new();
        for (name, response) in responses {
            let old = child("#/responses", name);
            let new = child("#/components/responses", name);
            let produces = cx.produces.clone();
            out.insert(
                name.clone(),
                cx.convert_response(response, &produces, &new, &old),
            );
        }
        components.insert("responses".into(), Value::Object(out));
    }
    if let Some(Value::Object(definitions)) = root.get("securityDefinitions") {
        let mut out = Map::new();
        for (name, scheme) in definitions {
            let at = child("#/securityDefinitions", name);
            if let Some(converted) = cx.convert_security(scheme, &at) {
                out.insert(name.clone(), converted);
            }
        }
        components.insert("securitySchemes".into(), Value::Object(out));
    }
    if let Some(Value::Object(existing)) = root.get("components") {
        // A 2.0 document has no `components`; if one is there anyway, what it says is kept where
        // the conversion did not put something of the same name.
        for (kind, entries) in existing {
            match (components.get_mut(kind), entries) {
                (Some(Value::Object(ours)), Value::Object(theirs)) => {
                    for (k, v) in theirs {
                        ours.entry(k.clone())
                            .or_insert_with(|| rewrite_refs(v.clone()));
                    }
                }
                _ => {
                    components
                        .entry(kind.clone())
                        .or_insert_with(|| rewrite_refs(entries.clone()));
                }
            }
        }
    }
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }

    let paths = match root.get("paths") {
        Some(Value::Object(paths)) => {
            let mut out = Map::new();
            for (path, item) in paths {
                out.insert(path.clone(), cx.convert_path_item(path, item));
            }
            Value::Object(out)
        }
        Some(other) => other.clone(),
        None => Value::Object(Map::new()),
    };
    out.insert("paths".into(), paths);
    Converted {
        doc: Value::Object(out),
        relocations: cx.relocations,
        warnings: cx.warnings,
    }
}

/// The `requestBody` that 2.0 body and form parameters make (each a 2.0 parameter with where it
/// is written), exactly as in a converted 2.0 operation at `op_at`, whose `consumes` is
/// `consumes`; what moved is recorded in `relocations`. For the 2.0 parameters a 3.x document
/// writes by mistake (see `legacy_bodies`).
pub(super) fn request_body(
    body: Option<(Value, String)>,
    form: Vec<(Value, String)>,
    consumes: &[String],
    op_at: &str,
    relocations: &mut Relocations,
) -> (Option<Value>, Vec<Diagnostic>) {
    let mut cx = Cx {
        relocations: std::mem::take(relocations),
        warnings: Vec::new(),
        consumes: Vec::new(),
        produces: Vec::new(),
        root: Map::new(),
    };
    let param = |(value, at)| Param2 { value, at };
    let form: Vec<Param2> = form.into_iter().map(param).collect();
    let out = cx.request_body(body.map(param), &form, consumes, op_at);
    *relocations = cx.relocations;
    (out, cx.warnings)
}

struct Cx {
    relocations: Relocations,
    warnings: Vec<Diagnostic>,
    /// The document's `consumes` and `produces`.
    consumes: Vec<String>,
    produces: Vec<String>,
    /// The 2.0 document, for `$ref`s to body and form parameters.
    root: Map<String, Value>,
}

/// A 2.0 parameter (resolved if it was a `$ref`), with where it is written.
#[derive(Clone)]
struct Param2 {
    value: Value,
    /// Where its own keys are, in the 2.0 document.
    at: String,
}

impl Cx {
    fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(Diagnostic::warning(pointer, message));
    }

    /// A 2.0 `$ref` to a top-level parameter, resolved: the parameter and its pointer.
    fn resolve_param(&self, reference: &str) -> Option<(Value, String)> {
        let name = reference.strip_prefix("#/parameters/")?;
        let name = name.replace("~1", "/").replace("~0", "~");
        let param = self.root.get("parameters")?.get(&name)?;
        Some((param.clone(), child("#/parameters", &name)))
    }

    fn convert_path_item(&mut self, path: &str, item: &Value) -> Value {
        let Value::Object(item) = item else {
            return item.clone();
        };
        let old_item = child("#/paths", path);
        let mut out = Map::new();
        // Path-level parameters: the plain ones stay on the path item; body and form ones are
        // the body of every operation that does not declare its own.
        let mut shared_body = Vec::new();
        let mut kept = Vec::new();
        if let Some(Value::Array(params)) = item.get("parameters") {
            for (i, p) in params.iter().enumerate() {
                let at = format!("{old_item}/parameters/{i}");
                let resolved = self.resolved(p, &at);
                match resolved.as_ref().and_then(|r| param_in(&r.value)) {
                    Some("body" | "formData") => shared_body.extend(resolved),
                    _ => kept.push((i, p)),
                }
            }
        }
        for (key, value) in item {
            match key.as_str() {
                "parameters" => {
                    let list = self.convert_param_list(&kept, &old_item, &old_item);
                    if !list.is_empty() {
                        out.insert(key.clone(), Value::Array(list));
                    }
                }
                "get" | "put" | "post" | "delete" | "options" | "head" | "patch" => {
                    let at = child(&old_item, key);
                    out.insert(
                        key.clone(),
                        self.convert_operation(value, &at, &shared_body),
                    );
                }
                _ => {
                    out.insert(key.clone(), rewrite_refs(value.clone()));
                }
            }
        }
        Value::Object(out)
    }

    /// `p` (a parameter or a `$ref` to one) with the pointer of its own keys.
    fn resolved(&mut self, p: &Value, at: &str) -> Option<Param2> {
        match p.get("$ref").and_then(Value::as_str) {
            Some(reference) => self
                .resolve_param(reference)
                .map(|(value, at)| Param2 { value, at }),
            None => Some(Param2 {
                value: p.clone(),
                at: at.to_string(),
            }),
        }
    }

    /// Converts the plain (not body or form) parameters of a list; `old_list`/`new_list` are the
    /// pointers of the object holding `parameters` in each document.
    fn convert_param_list(
        &mut self,
        params: &[(usize, &Value)],
        old_list: &str,
        new_list: &str,
    ) -> Vec<Value> {
        let mut out = Vec::new();
        for (i, p) in params {
            let old = format!("{old_list}/parameters/{i}");
            let new = format!("{new_list}/parameters/{}", out.len());
            if p.get("$ref").is_some() {
                if new != old {
                    self.relocations.record(new, old);
                }
                out.push(rewrite_refs((*p).clone()));
            } else if let Some(converted) = self.convert_param(p, &new, &old) {
                out.push(converted);
            }
        }
        out
    }

    fn convert_operation(&mut self, op: &Value, at: &str, shared_body: &[Param2]) -> Value {
        let Value::Object(op) = op else {
            return op.clone();
        };
        let consumes = op
            .get("consumes")
            .map(|c| media_list(Some(c)))
            .unwrap_or_else(|| self.consumes.clone());
        let produces = op
            .get("produces")
            .map(|c| media_list(Some(c)))
            .unwrap_or_else(|| self.produces.clone());
        let mut out = Map::new();
        let mut plain = Vec::new();
        let mut body: Option<Param2> = None;
        let mut form: Vec<Param2> = Vec::new();
        if let Some(Value::Array(params)) = op.get("parameters") {
            for (i, p) in params.iter().enumerate() {
                let site = format!("{at}/parameters/{i}");
                let Some(resolved) = self.resolved(p, &site) else {
                    // An unresolvable `$ref`: left for lower to report where it is written.
                    plain.push((i, p));
                    continue;
                };
                match param_in(&resolved.value) {
                    Some("body") => {
                        if body.is_some() {
                            self.warn(
                                &site,
                                "a second `in: body` parameter; an operation has one body, this one is ignored",
                            );
                        } else {
                            body = Some(resolved);
                        }
                    }
                    Some("formData") => form.push(resolved),
                    _ => plain.push((i, p)),
                }
            }
        }
        // Path-level body and form parameters count unless the operation redeclares them.
        for shared in shared_body {
            match param_in(&shared.value) {
                Some("body") if body.is_none() => body = Some(shared.clone()),
                Some("formData")
                    if !form
                        .iter()
                        .any(|f| f.value.get("name") == shared.value.get("name")) =>
                {
                    form.push(shared.clone())
                }
                _ => {}
            }
        }
        for (key, value) in op {
            match key.as_str() {
                "consumes" | "produces" | "schemes" | "parameters" => {}
                "responses" => {
                    let converted = self.convert_responses(value, &produces, at);
                    out.insert(key.clone(), converted);
                }
                _ => {
                    out.insert(key.clone(), rewrite_refs(value.clone()));
                }
            }
        }
        let list = self.convert_param_list(&plain, at, at);
        if !list.is_empty() {
            out.insert("parameters".into(), Value::Array(list));
        }
        if let Some(request_body) = self.request_body(body, &form, &consumes, at) {
            out.insert("requestBody".into(), request_body);
        }
        Value::Object(out)
    }

    /// The `requestBody` of an operation's body parameter or, without one, of its form
    /// parameters.
    fn request_body(
        &mut self,
        body: Option<Param2>,
        form: &[Param2],
        consumes: &[String],
        op_at: &str,
    ) -> Option<Value> {
        match (body, form.is_empty()) {
            (Some(body), form_empty) => {
                if !form_empty {
                    self.warn(
                        &form[0].at,
                        "`in: formData` parameters beside an `in: body` parameter are ignored: an operation has one body",
                    );
                }
                Some(self.body_from_param(&body, consumes, op_at))
            }
            (None, false) => Some(self.body_from_form(form, consumes, op_at)),
            (None, true) => None,
        }
    }

    /// The `requestBody` of an `in: body` parameter.
    fn body_from_param(&mut self, param: &Param2, consumes: &[String], op_at: &str) -> Value {
        let media: Vec<String> = if consumes.is_empty() {
            vec![DEFAULT_MEDIA.to_string()]
        } else {
            consumes.to_vec()
        };
        let schema = param
            .value
            .get("schema")
            .cloned()
            .map(convert_schema)
            .unwrap_or_else(|| json!({}));
        let mut content = Map::new();
        let new_body = child(op_at, "requestBody");
        self.relocations.record(&new_body, &param.at);
        for m in &media {
            let new = child(&child(&child(&new_body, "content"), m), "schema");
            self.relocations.record(new, child(&param.at, "schema"));
            content.insert(m.clone(), json!({ "schema": schema }));
        }
        let mut out = Map::new();
        if let Some(d) = param.value.get("description") {
            out.insert("description".into(), d.clone());
        }
        out.insert("content".into(), Value::Object(content));
        if param.value.get("required") == Some(&Value::Bool(true)) {
            out.insert("required".into(), Value::Bool(true));
        }
        if let Some(name) = param.value.get("name").and_then(Value::as_str) {
            out.insert("x-codegen-request-body-name".into(), json!(name));
        }
        Value::Object(out)
    }

    /// The `requestBody` of `in: formData` parameters: one object schema, a property each.
    fn body_from_form(&mut self, form: &[Param2], consumes: &[String], op_at: &str) -> Value {
        let has_file = form
            .iter()
            .any(|p| p.value.get("type").and_then(Value::as_str) == Some("file"));
        let lists = |prefix: &str| consumes.iter().find(|m| m.starts_with(prefix));
        let media = match (
            lists("multipart/form-data"),
            lists("application/x-www-form-urlencoded"),
        ) {
            (Some(m), None) => m.clone(),
            (None, Some(u)) if !has_file => u.clone(),
            (Some(m), Some(u)) => if has_file { m } else { u }.clone(),
            _ if has_file => "multipart/form-data".to_string(),
            _ => "application/x-www-form-urlencoded".to_string(),
        };
        if has_file && !media.starts_with("multipart/form-data") {
            self.warn(
                child(op_at, "consumes"),
                "a `type: file` parameter is sent as `multipart/form-data`, which `consumes` does not list",
            );
        }
        let new_body = child(op_at, "requestBody");
        let new_schema = child(&child(&child(&new_body, "content"), &media), "schema");
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        for p in form {
            let Some(name) = p.value.get("name").and_then(Value::as_str) else {
                self.warn(&p.at, "a form parameter without a `name` is ignored");
                continue;
            };
            let mut schema = param_schema(&p.value);
            if let Some(d) = p.value.get("description") {
                schema.insert("description".into(), d.clone());
            }
            if p.value.get("allowEmptyValue") == Some(&Value::Bool(true)) {
                schema.insert("x-allow-empty-value".into(), Value::Bool(true));
            }
            let is_array = schema.get("type").and_then(Value::as_str) == Some("array");
            if is_array {
                // `multi` is one part (or pair) per item; the other formats one, joined.
                let multi =
                    p.value.get("collectionFormat").and_then(Value::as_str) == Some("multi");
                encoding.insert(name.to_string(), json!({"style": "form", "explode": multi}));
            }
            if let Some(format) = p
                .value
                .get("collectionFormat")
                .and_then(Value::as_str)
                .filter(|f| !matches!(*f, "csv" | "multi"))
            {
                schema.insert("x-collection-format".into(), json!(format));
            }
            self.relocations
                .record(child(&child(&new_schema, "properties"), name), &p.at);
            properties.insert(name.to_string(), Value::Object(schema));
            if p.value.get("required") == Some(&Value::Bool(true)) {
                required.push(json!(name));
            }
        }
        let mut schema = Map::new();
        schema.insert("type".into(), json!("object"));
        schema.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required.clone()));
        }
        let mut media_object = Map::new();
        media_object.insert("schema".into(), Value::Object(schema));
        if !encoding.is_empty() {
            media_object.insert("encoding".into(), Value::Object(encoding));
        }
        let mut content = Map::new();
        content.insert(media, Value::Object(media_object));
        let mut out = Map::new();
        out.insert("content".into(), Value::Object(content));
        if !required.is_empty() {
            out.insert("required".into(), Value::Bool(true));
        }
        Value::Object(out)
    }

    /// A plain (path, query, header) parameter in 3.0 form; `None` (with a warning) for a
    /// location 3.0 does not have.
    fn convert_param(&mut self, param: &Value, new: &str, old: &str) -> Option<Value> {
        let Value::Object(map) = param else {
            return Some(param.clone());
        };
        let location = map.get("in").and_then(Value::as_str).unwrap_or_default();
        if !matches!(location, "path" | "query" | "header" | "cookie") {
            self.warn(
                old,
                format!("parameter location `in: {location}` is not a 2.0 location; the parameter is ignored"),
            );
            return None;
        }
        if new != old {
            self.relocations.record(new, old);
        }
        let mut out = Map::new();
        for (key, value) in map {
            if PARAM_SCHEMA_KEYWORDS.contains(&key.as_str())
                || matches!(
                    key.as_str(),
                    "collectionFormat" | "x-isnullable" | "allowEmptyValue"
                )
            {
                continue;
            }
            out.insert(key.clone(), rewrite_refs(value.clone()));
        }
        if location == "query" {
            if let Some(allow) = map.get("allowEmptyValue") {
                out.insert("allowEmptyValue".into(), allow.clone());
            }
        }
        let schema = param_schema(param);
        let is_array = schema.get("type").and_then(Value::as_str) == Some("array");
        if is_array {
            let format = map
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            let (style, explode, extension) = match (location, format) {
                ("query", "multi") => (Some("form"), true, false),
                ("query", "ssv") => (Some("spaceDelimited"), false, false),
                ("query", "pipes") => (Some("pipeDelimited"), false, false),
                ("query", "tsv") => (Some("form"), false, true),
                ("query", _) => (Some("form"), false, false),
                (_, "csv") => (None, false, false),
                (_, "ssv" | "pipes" | "tsv") => (None, false, true),
                (_, other) => {
                    self.warn(
                        child(old, "collectionFormat"),
                        format!("`collectionFormat: {other}` is only defined for query and form parameters; the values are comma-separated"),
                    );
                    (None, false, false)
                }
            };
            if let Some(style) = style {
                out.insert("style".into(), json!(style));
                out.insert("explode".into(), json!(explode));
            }
            if extension {
                out.insert("x-collection-format".into(), json!(format));
            }
        }
        self.relocations.record(child(new, "schema"), old);
        out.insert("schema".into(), Value::Object(schema));
        Some(Value::Object(out))
    }

    fn convert_responses(&mut self, responses: &Value, produces: &[String], op_at: &str) -> Value {
        let Value::Object(map) = responses else {
            return responses.clone();
        };
        let mut out = Map::new();
        for (code, response) in map {
            let at = child(&child(op_at, "responses"), code);
            let converted = if code.starts_with("x-") {
                response.clone()
            } else {
                self.convert_response(response, produces, &at, &at)
            };
            out.insert(code.clone(), converted);
        }
        Value::Object(out)
    }

    fn convert_response(
        &mut self,
        response: &Value,
        produces: &[String],
        new: &str,
        old: &str,
    ) -> Value {
        let Value::Object(map) = response else {
            return response.clone();
        };
        if map.contains_key("$ref") {
            return rewrite_refs(response.clone());
        }
        if new != old {
            self.relocations.record(new, old);
        }
        let mut out = Map::new();
        for (key, value) in map {
            match key.as_str() {
                "schema" | "examples" | "headers" => {}
                _ => {
                    out.insert(key.clone(), rewrite_refs(value.clone()));
                }
            }
        }
        // 3.0 requires a description; 2.0 does too, but a missing one should not lose the
        // response.
        out.entry("description")
            .or_insert_with(|| Value::String(String::new()));
        if let Some(schema) = map.get("schema") {
            let is_file = schema.get("type").and_then(Value::as_str) == Some("file");
            let media: Vec<String> = if is_file {
                let binary: Vec<String> =
                    produces.iter().filter(|m| !is_json(m)).cloned().collect();
                if binary.is_empty() {
                    vec!["application/octet-stream".to_string()]
                } else {
                    binary
                }
            } else if produces.is_empty() {
                vec![DEFAULT_MEDIA.to_string()]
            } else {
                produces.to_vec()
            };
            let schema = convert_schema(schema.clone());
            let examples = map.get("examples").and_then(Value::as_object);
            let mut content = Map::new();
            for m in &media {
                let mut media_object = Map::new();
                media_object.insert("schema".into(), schema.clone());
                if let Some(example) = examples.and_then(|e| e.get(m)) {
                    media_object.insert("example".into(), example.clone());
                }
                self.relocations.record(
                    child(&child(&child(new, "content"), m), "schema"),
                    child(old, "schema"),
                );
                content.insert(m.clone(), Value::Object(media_object));
            }
            out.insert("content".into(), Value::Object(content));
        }
        if let Some(Value::Object(headers)) = map.get("headers") {
            let mut converted = Map::new();
            for (name, header) in headers {
                let old_header = child(&child(old, "headers"), name);
                let new_header = child(&child(new, "headers"), name);
                let mut h = Map::new();
                if let Some(d) = header.get("description") {
                    h.insert("description".into(), d.clone());
                }
                self.relocations
                    .record(child(&new_header, "schema"), &old_header);
                h.insert("schema".into(), Value::Object(param_schema(header)));
                converted.insert(name.clone(), Value::Object(h));
            }
            out.insert("headers".into(), Value::Object(converted));
        }
        Value::Object(out)
    }

    fn convert_security(&mut self, scheme: &Value, at: &str) -> Option<Value> {
        let kind = scheme
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut out = Map::new();
        if let Some(d) = scheme.get("description") {
            out.insert("description".into(), d.clone());
        }
        match kind {
            "basic" => {
                out.insert("type".into(), json!("http"));
                out.insert("scheme".into(), json!("basic"));
            }
            "apiKey" => {
                out.insert("type".into(), json!("apiKey"));
                for key in ["name", "in"] {
                    if let Some(v) = scheme.get(key) {
                        out.insert(key.into(), v.clone());
                    }
                }
            }
            "oauth2" => {
                let scopes = scheme.get("scopes").cloned().unwrap_or_else(|| json!({}));
                let url = |key: &str| scheme.get(key).cloned().unwrap_or_else(|| json!(""));
                let (name, flow) = match scheme.get("flow").and_then(Value::as_str) {
                    Some("implicit") => (
                        "implicit",
                        json!({"authorizationUrl": url("authorizationUrl"), "scopes": scopes}),
                    ),
                    Some("password") => (
                        "password",
                        json!({"tokenUrl": url("tokenUrl"), "scopes": scopes}),
                    ),
                    Some("application") => (
                        "clientCredentials",
                        json!({"tokenUrl": url("tokenUrl"), "scopes": scopes}),
                    ),
                    Some("accessCode") => (
                        "authorizationCode",
                        json!({"authorizationUrl": url("authorizationUrl"), "tokenUrl": url("tokenUrl"), "scopes": scopes}),
                    ),
                    other => {
                        self.warn(
                            child(at, "flow"),
                            format!(
                                "unknown OAuth2 flow {}; the scheme is ignored",
                                other.map_or("(none)".into(), |f| format!("`{f}`"))
                            ),
                        );
                        return None;
                    }
                };
                out.insert("type".into(), json!("oauth2"));
                out.insert("flows".into(), json!({ name: flow }));
            }
            other => {
                self.warn(
                    child(at, "type"),
                    format!("unknown security scheme type `{other}`; the scheme is ignored"),
                );
                return None;
            }
        }
        for (key, value) in scheme.as_object().into_iter().flatten() {
            if key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        Some(Value::Object(out))
    }

    /// Turns each definition with a 2.0 `discriminator` that other definitions extend (through
    /// `allOf`) into a discriminated `oneOf` of them, its own body kept as `<Name>Base`.
    fn discriminators(&mut self, schemas: &mut Map<String, Value>) {
        let bases: Vec<(String, String)> = schemas
            .iter()
            .filter_map(|(name, s)| {
                let property = s.get("discriminator")?.get("propertyName")?.as_str()?;
                Some((name.clone(), property.to_string()))
            })
            .collect();
        for (base, property) in bases {
            let base_ref = format!("#/components/schemas/{}", escape_token(&base));
            // Every definition that extends the base, directly or through another one.
            let mut family: Vec<String> = vec![base.clone()];
            let mut changed = true;
            while changed {
                changed = false;
                for (name, s) in schemas.iter() {
                    if family.contains(name) {
                        continue;
                    }
                    let extends = s
                        .get("allOf")
                        .and_then(Value::as_array)
                        .into_iter()
                        .flatten()
                        .filter_map(|m| m.get("$ref").and_then(Value::as_str))
                        .any(|r| {
                            family
                                .iter()
                                .any(|f| r == format!("#/components/schemas/{}", escape_token(f)))
                        });
                    if extends {
                        family.push(name.clone());
                        changed = true;
                    }
                }
            }
            // By name, so that the union does not depend on the order of `definitions`.
            family[1..].sort();
            if family.len() == 1 {
                // Nothing extends it: the property is an ordinary one.
                if let Some(Value::Object(s)) = schemas.get_mut(&base) {
                    s.remove("discriminator");
                }
                continue;
            }
            let mut base_name = format!("{base}Base");
            while schemas.contains_key(&base_name) {
                base_name.push('_');
            }
            let new_base_ref = format!("#/components/schemas/{}", escape_token(&base_name));
            let Some(Value::Object(mut body)) = schemas.remove(&base) else {
                continue;
            };
            body.remove("discriminator");
            for name in &family[1..] {
                if let Some(Value::Array(members)) =
                    schemas.get_mut(name).and_then(|s| s.get_mut("allOf"))
                {
                    for m in members {
                        if m.get("$ref").and_then(Value::as_str) == Some(base_ref.as_str()) {
                            *m = json!({ "$ref": new_base_ref });
                        }
                    }
                }
            }
            let mut one_of = vec![json!({ "$ref": new_base_ref })];
            let mut mapping = Map::new();
            mapping.insert(base.clone(), json!(new_base_ref));
            for name in &family[1..] {
                let r = format!("#/components/schemas/{}", escape_token(name));
                mapping.insert(name.clone(), json!(r));
                one_of.push(json!({ "$ref": r }));
            }
            let mut union = Map::new();
            for key in ["description", "title"] {
                if let Some(v) = body.get(key) {
                    union.insert(key.into(), v.clone());
                }
            }
            union.insert("oneOf".into(), Value::Array(one_of));
            union.insert(
                "discriminator".into(),
                json!({"propertyName": property, "mapping": mapping}),
            );
            self.relocations.record(
                format!("#/components/schemas/{}", escape_token(&base_name)),
                format!("#/definitions/{}", escape_token(&base)),
            );
            schemas.insert(base_name, Value::Object(body));
            schemas.insert(base, Value::Object(union));
        }
    }
}

/// The `in` of a 2.0 parameter.
fn param_in(param: &Value) -> Option<&str> {
    param.get("in").and_then(Value::as_str)
}

/// A `consumes`/`produces` list (anything else counts as none).
fn media_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_string)
        .collect()
}

fn is_json(media: &str) -> bool {
    let m = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    m == "application/json" || m.ends_with("+json") || m.ends_with("/json")
}

/// The 3.0 schema of a non-body parameter or a header: its schema keywords, converted.
fn param_schema(param: &Value) -> Map<String, Value> {
    let mut schema = Map::new();
    if let Value::Object(map) = param {
        for (key, value) in map {
            if PARAM_SCHEMA_KEYWORDS.contains(&key.as_str()) || key == "x-isnullable" {
                schema.insert(key.clone(), value.clone());
            }
        }
    }
    match convert_schema(Value::Object(schema)) {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The servers `host`, `basePath` and `schemes` describe.
fn servers(root: &Map<String, Value>) -> Option<Value> {
    let base_path = root
        .get("basePath")
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim_end_matches('/');
    let base_path = if base_path.is_empty() || base_path.starts_with('/') {
        base_path.to_string()
    } else {
        format!("/{base_path}")
    };
    match root.get("host").and_then(Value::as_str) {
        Some(host) if !host.trim().is_empty() => {
            let host = host.trim().trim_end_matches('/');
            let mut schemes: Vec<&str> = media_list(root.get("schemes"))
                .iter()
                .filter_map(|s| match s.to_ascii_lowercase().as_str() {
                    "https" => Some("https"),
                    "http" => Some("http"),
                    _ => None,
                })
                .collect();
            if schemes.is_empty() {
                schemes.push("https");
            }
            // The secure scheme first: it is the default base URL.
            schemes.sort_by_key(|s| *s != "https");
            schemes.dedup();
            Some(Value::Array(
                schemes
                    .iter()
                    .map(|s| json!({ "url": format!("{s}://{host}{base_path}") }))
                    .collect(),
            ))
        }
        _ if !base_path.is_empty() => Some(json!([{ "url": base_path }])),
        _ => None,
    }
}

/// The 2.0 pointer prefixes of the components, and their 3.0 homes.
const REF_PREFIXES: [(&str, &str); 3] = [
    ("#/definitions/", "#/components/schemas/"),
    ("#/parameters/", "#/components/parameters/"),
    ("#/responses/", "#/components/responses/"),
];

fn rewrite_ref(reference: &str) -> String {
    for (old, new) in REF_PREFIXES {
        if let Some(rest) = reference.strip_prefix(old) {
            return format!("{new}{rest}");
        }
    }
    reference.to_string()
}

/// `value` with every `$ref` string into the 2.0 components rewritten (examples included: they
/// are data, but a `$ref` key in one is rare and rewriting it is harmless).
fn rewrite_refs(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => (k, Value::String(rewrite_ref(&r))),
                    (_, v) => (k, rewrite_refs(v)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(rewrite_refs).collect()),
        other => other,
    }
}

/// A 2.0 schema in 3.0 form: `$ref`s rewritten, `x-nullable`/`x-isnullable` as `nullable`,
/// `type: file` as binary, a string `discriminator` as a 3.0 one, throughout its subschemas.
fn convert_schema(schema: Value) -> Value {
    let Value::Object(map) = schema else {
        return schema;
    };
    let mut out = Map::new();
    let mut nullable = false;
    for (key, value) in map {
        match key.as_str() {
            "$ref" => {
                let value = match value {
                    Value::String(r) => Value::String(rewrite_ref(&r)),
                    other => other,
                };
                out.insert(key, value);
            }
            "x-nullable" | "x-isnullable" => {
                if value == Value::Bool(true) {
                    nullable = true;
                }
            }
            "type" if value == json!("file") => {
                out.insert("type".into(), json!("string"));
                out.insert("format".into(), json!("binary"));
            }
            "type" if value.is_array() => {
                // Not 2.0, but written (`[string, "null"]`, as in JSON Schema): one type and
                // `null` is that type, nullable; several types are any value.
                let types: Vec<&Value> = value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter(|t| t.as_str() != Some("null"))
                    .collect();
                if types.len() < value.as_array().map_or(0, Vec::len) {
                    nullable = true;
                }
                if let [only] = types.as_slice() {
                    let only = if only.as_str() == Some("file") {
                        out.insert("format".into(), json!("binary"));
                        json!("string")
                    } else {
                        (*only).clone()
                    };
                    out.insert("type".into(), only);
                }
            }
            "discriminator" => {
                let value = match value {
                    Value::String(p) => json!({ "propertyName": p }),
                    other => other,
                };
                out.insert(key, value);
            }
            "properties" | "definitions" | "patternProperties" => {
                let value = match value {
                    Value::Object(props) => Value::Object(
                        props
                            .into_iter()
                            .map(|(k, v)| (k, convert_schema(v)))
                            .collect(),
                    ),
                    other => other,
                };
                out.insert(key, value);
            }
            "items" | "additionalProperties" | "not" => {
                let value = match value {
                    Value::Array(items) if key == "items" => {
                        // 2.0 allows no tuple `items`; its first schema is the best reading.
                        items
                            .into_iter()
                            .next()
                            .map(convert_schema)
                            .unwrap_or_else(|| json!({}))
                    }
                    other => convert_schema(other),
                };
                out.insert(key, value);
            }
            "allOf" | "oneOf" | "anyOf" => {
                let value = match value {
                    Value::Array(items) => {
                        Value::Array(items.into_iter().map(convert_schema).collect())
                    }
                    other => other,
                };
                out.insert(key, value);
            }
            "collectionFormat" => {}
            _ => {
                out.insert(key, value);
            }
        }
    }
    if nullable {
        out.insert("nullable".into(), Value::Bool(true));
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn convert_yaml(text: &str) -> Converted {
        convert(serde_yaml::from_str(text).unwrap())
    }

    const PETSTORE: &str = r##"
swagger: "2.0"
info: {title: Pets, version: "1"}
host: pets.example.com
basePath: /v1/
schemes: [http, https]
consumes: [application/json]
produces: [application/json]
securityDefinitions:
  basic: {type: basic}
  key: {type: apiKey, name: X-Key, in: header}
  oauth: {type: oauth2, flow: accessCode, authorizationUrl: "https://a", tokenUrl: "https://t", scopes: {read: Read}}
parameters:
  limit: {name: limit, in: query, type: integer, default: 20}
  petBody: {name: pet, in: body, required: true, schema: {$ref: '#/definitions/Pet'}}
responses:
  NotFound: {description: gone, schema: {$ref: '#/definitions/Error'}}
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
        - $ref: '#/parameters/limit'
        - {name: tags, in: query, type: array, items: {type: string}, collectionFormat: tsv}
        - {name: ids, in: query, type: array, items: {type: integer}, collectionFormat: multi}
      responses:
        "200":
          description: ok
          schema: {type: array, items: {$ref: '#/definitions/Pet'}}
          headers:
            X-Rate: {type: integer, description: calls left}
        "404": {$ref: '#/responses/NotFound'}
    post:
      operationId: addPet
      parameters: [{$ref: '#/parameters/petBody'}]
      responses: {"201": {description: created}}
  /pets/{id}/photo:
    parameters: [{name: id, in: path, required: true, type: string}]
    post:
      operationId: uploadPhoto
      consumes: [multipart/form-data]
      produces: [image/png]
      parameters:
        - {name: file, in: formData, type: file, required: true}
        - {name: note, in: formData, type: string}
      responses:
        "200": {description: the photo, schema: {type: file}}
definitions:
  Pet:
    type: object
    discriminator: kind
    required: [kind]
    properties:
      kind: {type: string}
      name: {type: string, x-nullable: true}
  Cat:
    allOf: [{$ref: '#/definitions/Pet'}, {properties: {lives: {type: integer}}}]
  Error: {type: object, properties: {message: {type: string}}}
"##;

    #[test]
    fn components_move_and_refs_follow() {
        let c = convert_yaml(PETSTORE);
        let doc = &c.doc;
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(
            doc["servers"],
            json!([{"url": "https://pets.example.com/v1"}, {"url": "http://pets.example.com/v1"}])
        );
        let schemes = &doc["components"]["securitySchemes"];
        assert_eq!(schemes["basic"], json!({"type": "http", "scheme": "basic"}));
        assert_eq!(
            schemes["key"],
            json!({"type": "apiKey", "name": "X-Key", "in": "header"})
        );
        assert_eq!(
            schemes["oauth"]["flows"]["authorizationCode"]["tokenUrl"],
            "https://t"
        );
        assert_eq!(
            doc["components"]["parameters"]["limit"],
            json!({"name": "limit", "in": "query", "schema": {"type": "integer", "default": 20}})
        );
        // Body parameters are no component: they are inlined where used.
        assert!(doc["components"]["parameters"].get("petBody").is_none());
        assert_eq!(
            doc["components"]["responses"]["NotFound"]["content"]["application/json"]["schema"],
            json!({"$ref": "#/components/schemas/Error"})
        );
        let get = &doc["paths"]["/pets"]["get"];
        assert_eq!(
            get["parameters"][0],
            json!({"$ref": "#/components/parameters/limit"})
        );
        assert_eq!(
            get["responses"]["404"],
            json!({"$ref": "#/components/responses/NotFound"})
        );
        assert_eq!(
            get["responses"]["200"]["headers"]["X-Rate"],
            json!({"description": "calls left", "schema": {"type": "integer"}})
        );
        assert_eq!(
            c.relocations
                .original("#/components/schemas/Error/properties/message"),
            "#/definitions/Error/properties/message"
        );
    }

    #[test]
    fn collection_formats_become_styles_or_the_extension() {
        let c = convert_yaml(PETSTORE);
        let params = &c.doc["paths"]["/pets"]["get"]["parameters"];
        assert_eq!(params[1]["style"], "form");
        assert_eq!(params[1]["explode"], false);
        assert_eq!(params[1]["x-collection-format"], "tsv");
        assert_eq!(params[2]["explode"], true);
        assert!(params[2].get("x-collection-format").is_none());
        assert_eq!(
            c.relocations
                .original("#/paths/~1pets/get/parameters/1/schema/items"),
            "#/paths/~1pets/get/parameters/1/items"
        );
    }

    #[test]
    fn body_and_form_parameters_become_request_bodies() {
        let c = convert_yaml(PETSTORE);
        let body = &c.doc["paths"]["/pets"]["post"]["requestBody"];
        assert_eq!(
            body,
            &json!({
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                "required": true,
                "x-codegen-request-body-name": "pet",
            })
        );
        assert!(c.doc["paths"]["/pets"]["post"].get("parameters").is_none());
        assert_eq!(
            c.relocations
                .original("#/paths/~1pets/post/requestBody/content/application~1json/schema"),
            "#/parameters/petBody/schema"
        );
        let upload = &c.doc["paths"]["/pets/{id}/photo"]["post"];
        let form = &upload["requestBody"]["content"]["multipart/form-data"]["schema"];
        assert_eq!(
            form["properties"]["file"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(form["required"], json!(["file"]));
        assert_eq!(
            upload["responses"]["200"]["content"],
            json!({"image/png": {"schema": {"type": "string", "format": "binary"}}})
        );
        assert_eq!(
            c.relocations.original(
                "#/paths/~1pets~1{id}~1photo/post/requestBody/content/multipart~1form-data/schema/properties/note/type"
            ),
            "#/paths/~1pets~1{id}~1photo/post/parameters/1/type"
        );
    }

    #[test]
    fn a_discriminated_base_becomes_a_union_of_its_family() {
        let c = convert_yaml(PETSTORE);
        let schemas = &c.doc["components"]["schemas"];
        assert_eq!(
            schemas["Pet"],
            json!({
                "oneOf": [
                    {"$ref": "#/components/schemas/PetBase"},
                    {"$ref": "#/components/schemas/Cat"},
                ],
                "discriminator": {"propertyName": "kind", "mapping": {
                    "Pet": "#/components/schemas/PetBase",
                    "Cat": "#/components/schemas/Cat",
                }},
            })
        );
        assert_eq!(
            schemas["Cat"]["allOf"][0],
            json!({"$ref": "#/components/schemas/PetBase"})
        );
        assert_eq!(schemas["PetBase"]["properties"]["name"]["nullable"], true);
        assert_eq!(
            c.relocations
                .original("#/components/schemas/PetBase/properties/kind"),
            "#/definitions/Pet/properties/kind"
        );
    }

    #[test]
    fn urlencoded_forms_follow_consumes_and_no_host_means_no_default_url() {
        let c = convert_yaml(
            r#"
swagger: "2.0"
info: {title: t, version: "1"}
basePath: /api
paths:
  /login:
    post:
      consumes: [application/x-www-form-urlencoded]
      parameters:
        - {name: user, in: formData, type: string, required: true}
        - {name: scopes, in: formData, type: array, items: {type: string}, collectionFormat: pipes}
      responses: {"204": {description: ok}}
"#,
        );
        assert_eq!(c.doc["servers"], json!([{"url": "/api"}]));
        let content = &c.doc["paths"]["/login"]["post"]["requestBody"]["content"];
        let schema = &content["application/x-www-form-urlencoded"]["schema"];
        assert_eq!(schema["properties"]["user"], json!({"type": "string"}));
        assert_eq!(
            schema["properties"]["scopes"]["x-collection-format"],
            "pipes"
        );
    }

    #[test]
    fn load_names_the_2_0_pointers_in_its_warnings() {
        let Ok(loaded) = crate::load::load_text(
            "swagger: '2.0'\ninfo: {title: t}\npaths: {}\ndefinitions:\n  A: {type: object, properties: {b: {type: string, format: [x]}}}\n",
            None,
        ) else {
            panic!("the document does not load");
        };
        let found: Vec<(&str, &str)> = loaded
            .warnings
            .iter()
            .map(|w| (w.pointer.as_str(), w.message.as_str()))
            .collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].0, "#/info");
        // The property alone is untyped, and named where the 2.0 document has it.
        assert_eq!(found[1].0, "#/definitions/A/properties/b");
        assert!(
            found[1].1.starts_with("this schema could not be read ("),
            "{}",
            found[1].1
        );
        assert!(!found[1].1.contains("#/components"), "{}", found[1].1);
    }

    #[test]
    fn odd_input_is_kept_or_warned_about_never_a_panic() {
        for text in [
            "swagger: '2.0'\npaths: [1]",
            "swagger: '2.0'\npaths: {/a: {get: {parameters: [1, {in: body}, {$ref: '#/parameters/none'}], responses: [x]}}}",
            "swagger: '2.0'\ndefinitions: {A: {discriminator: k}, B: {allOf: [{$ref: '#/definitions/A'}, 3]}}",
            "swagger: '2.0'\nsecurityDefinitions: {a: {type: oauth2}, b: {type: x}, c: 1}",
            "swagger: '2.0'\nparameters: {p: {in: nowhere}}",
        ] {
            let c = convert_yaml(text);
            assert_eq!(c.doc["openapi"], "3.0.3", "{text}");
        }
        let c = convert_yaml("swagger: '2.0'\nsecurityDefinitions: {b: {type: x}}");
        assert_eq!(c.warnings.len(), 1);
        assert_eq!(c.warnings[0].pointer, "#/securityDefinitions/b/type");
    }
}
