//! Operations: names, parameters, bodies and responses.

use heck::ToUpperCamelCase;
use indexmap::IndexMap;
use openapiv3::{
    Operation as SpecOperation, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr,
    RequestBody,
};

use super::view::{RefOr, View};
use super::Lowerer;
use crate::diagnostic::{child, Diagnostic};
use crate::ir::{
    Body, BodyKind, Docs, Method, Operation, Param, ParamLocation, PathSegment, QueryStyle,
    Response, ResponseBody, ResponseHeader, StatusMatch, Ty,
};
use crate::naming::{operation_order, type_name, Scope};

const METHODS: [(&str, Method); 8] = [
    ("get", Method::Get),
    ("put", Method::Put),
    ("post", Method::Post),
    ("delete", Method::Delete),
    ("options", Method::Options),
    ("head", Method::Head),
    ("patch", Method::Patch),
    ("trace", Method::Trace),
];

fn operation_of<'a>(item: &'a PathItem, method: &str) -> Option<&'a SpecOperation> {
    match method {
        "get" => item.get.as_ref(),
        "put" => item.put.as_ref(),
        "post" => item.post.as_ref(),
        "delete" => item.delete.as_ref(),
        "options" => item.options.as_ref(),
        "head" => item.head.as_ref(),
        "patch" => item.patch.as_ref(),
        "trace" => item.trace.as_ref(),
        _ => None,
    }
}

/// Whether a media type is JSON (`application/json`, `application/problem+json`, `*/*`, ...).
fn is_json(media: &str) -> bool {
    let m = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    m == "application/json"
        || m.ends_with("+json")
        || m == "*/*"
        || m == "application/*"
        || m.ends_with("/json")
}

fn is_text(media: &str) -> bool {
    media.trim().to_ascii_lowercase().starts_with("text/")
}

/// Where an operation is in the spec, and its name there (its `operationId`, or one derived
/// from its place).
struct Site<'a> {
    /// The path, without the query string some specs write in it.
    path: String,
    /// That query string, as written.
    path_query: String,
    method: Method,
    item: &'a PathItem,
    op: &'a SpecOperation,
    pointer: String,
    name: String,
    webhook: bool,
    /// For a callback: the URL expression it is sent to, and the operation it belongs to.
    callback: Option<(String, String)>,
}

/// An operation's name: its `operationId`, or `fallback()` without one.
fn operation_name(op: &SpecOperation, fallback: impl FnOnce() -> String) -> String {
    match &op.operation_id {
        Some(id) if !id.trim().is_empty() => id.clone(),
        _ => fallback(),
    }
}

impl<'a> Lowerer<'a> {
    /// Finds component schemas used directly as multipart bodies: those are lowered as forms.
    pub(crate) fn collect_form_components(&mut self) {
        let spec = self.spec;
        for (_, item) in spec.paths.iter() {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            for (method, _) in METHODS {
                let Some(op) = operation_of(item, method) else {
                    continue;
                };
                let Some(ReferenceOr::Item(body)) = &op.request_body else {
                    continue;
                };
                for (media, content) in &body.content {
                    if media.starts_with("multipart/form-data")
                        && !body.content.keys().any(|m| is_json(m))
                    {
                        if let Some(ReferenceOr::Reference { reference }) = &content.schema {
                            if let Some(key) = reference.strip_prefix("#/components/schemas/") {
                                let encoding =
                                    (!content.encoding.is_empty()).then_some(&content.encoding);
                                self.form_components
                                    .entry(key.replace("~1", "/").replace("~0", "~"))
                                    .or_insert(encoding);
                            }
                        }
                    }
                }
            }
        }
    }

    /// The operations of `paths`, then those of `webhooks` (a receiver's, at `/<name>`).
    pub(crate) fn lower_operations(
        &mut self,
        webhooks: &'a IndexMap<String, PathItem>,
    ) -> (Vec<Operation>, Vec<Operation>) {
        let spec = self.spec;
        let mut sites: Vec<Site<'a>> = Vec::new();
        let mut ids_seen: Vec<(String, String)> = Vec::new();
        // (method, path with parameter names erased) → the first path seen with it.
        let mut templates_seen: Vec<(Method, String, &str)> = Vec::new();
        for (written, item) in spec.paths.iter() {
            let item_pointer = child("#/paths", written);
            // A query string some specs write in the key (`/items?recursion=1`).
            let (path, query) = written.split_once('?').unwrap_or((written, ""));
            if !crate::uri::query_pairs(query).is_empty() {
                self.warn(
                    &item_pointer,
                    format!("path `{written}` holds a query string, which OpenAPI does not allow; the path is `{path}`, and its operations send `{query}` with every request (the server routes them by it)"),
                );
            }
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.warn(
                        &item_pointer,
                        format!(
                            "path item `$ref: {reference}` is not supported; the path is skipped"
                        ),
                    );
                    continue;
                }
            };
            for (method_key, method) in METHODS {
                let Some(op) = operation_of(item, method_key) else {
                    continue;
                };
                let pointer = child(&item_pointer, method_key);
                if let Some(id) = &op.operation_id {
                    if let Some((_, first)) = ids_seen.iter().find(|(seen, _)| seen == id) {
                        self.warn(
                            child(&pointer, "operationId"),
                            format!("duplicate operationId `{id}` (first used at {first}); this operation's method gets a numbered name"),
                        );
                    } else {
                        ids_seen.push((id.clone(), pointer.clone()));
                    }
                }
                // Operations told apart by a query string in their path are not the same path:
                // the server routes them by it.
                let template = format!("{}{}", erase_parameter_names(path), &written[path.len()..]);
                match templates_seen
                    .iter()
                    .find(|(m, t, _)| *m == method && *t == template)
                {
                    Some((_, _, first)) => self.warn(
                        &pointer,
                        format!(
                            "`{} {written}` is the same path as `{first}`: paths that differ only in parameter names are identical; the client gets both methods, the server routes only the first",
                            method.as_str()
                        ),
                    ),
                    None => templates_seen.push((method, template, written)),
                }
                let name = operation_name(op, || derived_name(method, written));
                sites.push(Site {
                    path: path.to_string(),
                    path_query: query.to_string(),
                    method,
                    item,
                    op,
                    pointer,
                    name,
                    webhook: false,
                    callback: None,
                });
            }
        }
        for (key, item) in webhooks {
            let item_pointer = child("#/x-codegen-webhooks", key);
            let methods = METHODS
                .iter()
                .filter(|(m, _)| operation_of(item, m).is_some())
                .count();
            for (method_key, method) in METHODS {
                let Some(op) = operation_of(item, method_key) else {
                    continue;
                };
                // Without an operationId a webhook is called by its name.
                let name = operation_name(op, || {
                    if methods == 1 {
                        key.clone()
                    } else {
                        format!("{key}_{method_key}")
                    }
                });
                sites.push(Site {
                    path: webhook_path(key),
                    path_query: String::new(),
                    method,
                    item,
                    op,
                    pointer: child(&item_pointer, method_key),
                    name,
                    webhook: true,
                    callback: None,
                });
            }
        }
        let callbacks = callback_sites(&sites, webhooks);
        sites.extend(callbacks);
        // `getPet` and `get_pet` are two operations but would share the stem of their types:
        // the stems are claimed in one scope, in an order reordering the paths does not change.
        let names: Vec<&str> = sites.iter().map(|s| s.name.as_str()).collect();
        let mut stems = vec![String::new(); sites.len()];
        let mut scope = Scope::default();
        for i in operation_order(&names) {
            stems[i] = scope.claim_type(type_name(names[i]));
        }
        let (mut out, mut hooks) = (Vec::new(), Vec::new());
        for (site, stem) in sites.iter().zip(stems) {
            if let Some(lowered) = self.lower_or_skip(site, stem) {
                if site.webhook {
                    hooks.push(lowered);
                } else {
                    out.push(lowered);
                }
            }
        }
        (out, hooks)
    }

    /// [`Self::lower_operation`], or `None` when the operation cannot be lowered: it is skipped,
    /// its errors kept as warnings, so that one bad operation of hundreds does not take the
    /// others down.
    fn lower_or_skip(&mut self, site: &Site<'a>, type_stem: String) -> Option<Operation> {
        let before = self.diags.len();
        let lowered = self.lower_operation(site, type_stem);
        let failed = self.diags[before..].iter().any(Diagnostic::is_error);
        for d in &mut self.diags[before..] {
            if d.is_error() {
                d.severity = crate::diagnostic::Severity::Warning;
                d.message = format!(
                    "{}; the operation {} {} is skipped",
                    d.message,
                    site.method.as_str(),
                    site.path
                );
            }
        }
        lowered.filter(|_| !failed)
    }

    fn lower_operation(&mut self, site: &Site<'a>, type_stem: String) -> Option<Operation> {
        let (path, method, item, op) = (site.path.as_str(), site.method, site.item, site.op);
        let pointer = site.pointer.as_str();
        // Parameters: path-level ones, overridden by operation-level ones with the same name and
        // place. Each keeps where it is defined (a component, for a `$ref`) and where it is used
        // (the `parameters` entry), which diagnostics about its place in the path point at.
        let mut specs: Vec<(&'a Parameter, String, String)> = Vec::new();
        for (i, p) in item.parameters.iter().enumerate() {
            let site = format!(
                "{}/parameters/{i}",
                pointer.rsplit_once('/').map(|x| x.0).unwrap_or(pointer)
            );
            if let Some((param, at)) = self.resolve_param(p, &site) {
                specs.push((param, at, site));
            }
        }
        for (i, p) in op.parameters.iter().enumerate() {
            let site = format!("{pointer}/parameters/{i}");
            if let Some((param, at)) = self.resolve_param(p, &site) {
                let data = param.parameter_data_ref();
                specs.retain(|(q, _, _)| {
                    let d = q.parameter_data_ref();
                    !(d.name == data.name
                        && std::mem::discriminant(*q) == std::mem::discriminant(param))
                });
                specs.push((param, at, site));
            }
        }
        let mut params = Vec::new();
        let mut sites = Vec::new();
        for (param, at, site) in specs {
            if let Some(p) = self.lower_param(param, &at, &type_stem) {
                params.push(p);
                sites.push(site);
            }
        }
        let segments = self.path_segments(path, &mut params, &sites, pointer)?;

        let body = match &op.request_body {
            Some(body) => self.lower_body(body, &type_stem, &child(pointer, "requestBody")),
            None => None,
        };
        let responses = self.lower_responses(op, &type_stem, pointer);
        if site.webhook {
            // A receiver's operation is not called by this crate, so nothing sends what its
            // callbacks describe; only `paths` operations' callbacks are received.
            for callback in op.callbacks.keys() {
                self.warn(
                    child(&child(pointer, "callbacks"), callback),
                    format!("callback `{callback}` of a webhook or callback is skipped: only the callbacks of `paths` operations are received"),
                );
            }
        }
        if let Some(requirements) = &op.security {
            self.check_requirements(requirements, &child(pointer, "security"));
        }
        let security = op.security.as_ref().or(self.spec.security.as_ref());
        let authenticated =
            security.is_some_and(|reqs| !reqs.is_empty() && reqs.iter().any(|r| !r.is_empty()));
        Some(Operation {
            path_query: site.path_query.clone(),
            id: site.name.clone(),
            type_stem,
            method,
            path: path.to_string(),
            segments,
            docs: Docs {
                title: op.summary.clone(),
                description: match &site.callback {
                    // A callback says what sends it, and where.
                    Some((expression, parent)) => {
                        let origin = format!(
                            "A callback of `{parent}`, sent to `{}`.",
                            expression.replace('`', "'")
                        );
                        Some(match &op.description {
                            Some(d) => format!("{d}\n\n{origin}"),
                            None => origin,
                        })
                    }
                    None => op.description.clone(),
                },
                notes: Vec::new(),
                deprecated: op.deprecated,
            },
            params,
            body,
            responses,
            authenticated,
        })
    }

    fn resolve_param(
        &mut self,
        p: &'a ReferenceOr<Parameter>,
        pointer: &str,
    ) -> Option<(&'a Parameter, String)> {
        match p {
            ReferenceOr::Item(p) => Some((p, pointer.to_string())),
            ReferenceOr::Reference { reference } => {
                let found = component_key(reference, "parameters").and_then(|k| {
                    self.spec
                        .components
                        .as_ref()?
                        .parameters
                        .get(&k)
                        .map(|p| (k, p))
                });
                match found {
                    Some((k, ReferenceOr::Item(p))) => {
                        Some((p, child("#/components/parameters", &k)))
                    }
                    _ => {
                        self.error(pointer, format!("unresolved parameter `$ref: {reference}`"));
                        None
                    }
                }
            }
        }
    }

    fn lower_param(&mut self, param: &'a Parameter, pointer: &str, stem: &str) -> Option<Param> {
        let data = param.parameter_data_ref();
        let allow_empty = matches!(
            param,
            Parameter::Query {
                allow_empty_value: Some(true),
                ..
            }
        );
        let (location, style, explode_default) = match param {
            Parameter::Path { .. } => (ParamLocation::Path, QueryStyle::Form, false),
            Parameter::Query { style, .. } => (
                ParamLocation::Query,
                match style {
                    openapiv3::QueryStyle::Form => QueryStyle::Form,
                    openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                    openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                    openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
                },
                matches!(style, openapiv3::QueryStyle::Form),
            ),
            Parameter::Header { .. } => (ParamLocation::Header, QueryStyle::Form, false),
            Parameter::Cookie { .. } => (ParamLocation::Cookie, QueryStyle::Form, true),
        };
        if location == ParamLocation::Header
            && ["accept", "content-type", "authorization"]
                .contains(&data.name.to_ascii_lowercase().as_str())
        {
            // OpenAPI says these header parameters are ignored; the client sets them itself. An
            // `Authorization` one, though, is often a spec's only word on credentials: said once.
            if data.name.eq_ignore_ascii_case("authorization") {
                self.authorization_params.insert(pointer.to_string());
            }
            return None;
        }
        let (style, explode_default) = match collection_format(data) {
            Some(style) => (style, false),
            None => (style, explode_default),
        };
        let default = match &data.format {
            ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => s.schema_data.default.clone(),
            _ => None,
        };
        let hint = format!("{stem}{}", data.name.to_upper_camel_case());
        let (ty, json) = match &data.format {
            ParameterSchemaOrContent::Schema(s) => (
                self.ty_of(RefOr::from(s), &hint, &child(pointer, "schema"), 0),
                false,
            ),
            ParameterSchemaOrContent::Content(content) => {
                self.content_param_ty(content, &hint, &child(pointer, "content"))
            }
        };
        let ty = match ty {
            // Names of things that cannot travel in a URL or header degrade to strings, unless
            // they travel as JSON text.
            Ty::Json | Ty::JsonMap if location != ParamLocation::Query && !json => Ty::String,
            other => other,
        };
        Some(Param {
            wire: data.name.clone(),
            location,
            ty,
            required: data.required || location == ParamLocation::Path,
            style,
            explode: if collection_format(data).is_some() {
                false
            } else {
                data.explode.unwrap_or(explode_default)
            },
            allow_empty,
            json,
            default,
            docs: Docs {
                title: None,
                description: data.description.clone(),
                notes: Vec::new(),
                deprecated: data.deprecated.unwrap_or(false),
            },
        })
    }

    /// The type of a parameter given by `content` (OpenAPI allows exactly one media type), and
    /// whether it travels as JSON text. A JSON media type gives its schema's type, sent as the
    /// value's JSON text; a text one a string; any other a string too, with a warning, as the
    /// client cannot encode it.
    fn content_param_ty(
        &mut self,
        content: &'a openapiv3::Content,
        hint: &str,
        pointer: &str,
    ) -> (Ty, bool) {
        if content.len() > 1 {
            self.warn(
                pointer,
                "a parameter's `content` has more than one media type; the first JSON one is used",
            );
        }
        let json = content.iter().find(|(m, _)| is_json(m));
        match json {
            Some((media, media_type)) => {
                let at = child(&child(pointer, media), "schema");
                let ty = match &media_type.schema {
                    Some(schema) => self.ty_of(RefOr::from(schema), hint, &at, 0),
                    None => Ty::Json,
                };
                (ty, true)
            }
            None => {
                if !content.keys().any(|m| is_text(m)) {
                    let media = content.keys().next().map_or("", String::as_str);
                    self.warn(
                        pointer,
                        format!(
                            "a parameter with `content` of `{media}` is sent as a plain string"
                        ),
                    );
                }
                (Ty::String, false)
            }
        }
    }

    /// The path's segments. A template variable with no declared parameter becomes a required
    /// string parameter, and a declared path parameter the template does not use is dropped, each
    /// with a warning.
    fn path_segments(
        &mut self,
        path: &str,
        params: &mut Vec<Param>,
        param_sites: &[String],
        pointer: &str,
    ) -> Option<Vec<PathSegment>> {
        let mut variables = Vec::new();
        let mut pieces = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                self.error(pointer, format!("unclosed `{{` in path `{path}`"));
                return None;
            };
            pieces.push((
                rest[..open].to_string(),
                Some(rest[open + 1..open + close].to_string()),
            ));
            variables.push(rest[open + 1..open + close].to_string());
            rest = &rest[open + close + 1..];
        }
        pieces.push((rest.to_string(), None));
        // Declared but not in the template: ignored.
        let mut i = 0;
        let mut site = 0;
        while i < params.len() {
            let p = &params[i];
            if p.location == ParamLocation::Path && !variables.contains(&p.wire) {
                self.warn(
                    param_sites.get(site).map_or(pointer, String::as_str),
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`; it is ignored",
                        p.wire
                    ),
                );
                params.remove(i);
            } else {
                i += 1;
            }
            site += 1;
        }
        let mut segments = Vec::new();
        for (literal, variable) in pieces {
            if !literal.is_empty() {
                segments.push(PathSegment::Literal(literal));
            }
            let Some(var) = variable else { continue };
            let index = match params
                .iter()
                .position(|p| p.location == ParamLocation::Path && p.wire == var)
            {
                Some(i) => i,
                None => {
                    self.warn(
                        pointer,
                        format!("path template variable `{{{var}}}` in `{path}` has no path parameter declared; it is a required string parameter"),
                    );
                    params.push(Param {
                        wire: var.clone(),
                        location: ParamLocation::Path,
                        ty: Ty::String,
                        required: true,
                        style: QueryStyle::Form,
                        explode: false,
                        allow_empty: false,
                        json: false,
                        default: None,
                        docs: Docs::default(),
                    });
                    params.len() - 1
                }
            };
            segments.push(PathSegment::Param(index));
        }
        Some(segments)
    }

    fn lower_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        stem: &str,
        pointer: &str,
    ) -> Option<Body> {
        let (body, pointer) = match body {
            ReferenceOr::Item(b) => (b, pointer.to_string()),
            ReferenceOr::Reference { reference } => {
                match component_key(reference, "requestBodies").and_then(|k| {
                    self.spec
                        .components
                        .as_ref()?
                        .request_bodies
                        .get(&k)
                        .map(|b| (k, b))
                }) {
                    Some((k, ReferenceOr::Item(b))) => (b, child("#/components/requestBodies", &k)),
                    _ => {
                        self.error(
                            pointer,
                            format!("unresolved request body `$ref: {reference}`"),
                        );
                        return None;
                    }
                }
            }
        };
        // JSON, then a multipart form, then a urlencoded one: the first of them with a schema
        // (a body listing `multipart/form-data` with no schema beside a urlencoded one with a
        // schema is that form), else the first of them at all, else text, else bytes.
        let structured = |with_schema: bool| {
            let pick = |pred: &dyn Fn(&str) -> bool| {
                body.content
                    .iter()
                    .find(|(m, c)| pred(m) && (!with_schema || c.schema.is_some()))
            };
            pick(&is_json)
                .map(|c| (c, BodyKind::Json))
                .or_else(|| {
                    pick(&|m| m.starts_with("multipart/form-data"))
                        .map(|c| (c, BodyKind::Multipart))
                })
                .or_else(|| {
                    pick(&|m| m.starts_with("application/x-www-form-urlencoded"))
                        .map(|c| (c, BodyKind::Form))
                })
        };
        let chosen = structured(true)
            .or_else(|| structured(false))
            .or_else(|| {
                body.content
                    .iter()
                    .find(|(m, _)| is_text(m))
                    .map(|c| (c, BodyKind::Text))
            })
            .or_else(|| body.content.iter().next().map(|c| (c, BodyKind::Binary)));
        let Some(((media, content), kind)) = chosen else {
            self.warn(&pointer, "request body has no content; it is not sent");
            return None;
        };
        let media_pointer = child(&child(&pointer, "content"), media);
        let schema_pointer = child(&media_pointer, "schema");
        let ty = match kind {
            BodyKind::Json | BodyKind::Form => match &content.schema {
                Some(s) => self.ty_of(RefOr::from(s), &format!("{stem}Body"), &schema_pointer, 0),
                None => Ty::Json,
            },
            BodyKind::Multipart => match &content.schema {
                // A component used as a form was lowered as one, with this body's encoding.
                Some(ReferenceOr::Reference { reference }) => {
                    self.resolve_ref(reference, &schema_pointer)
                }
                Some(ReferenceOr::Item(s)) => {
                    let name = self
                        .type_names
                        .claim_type(type_name(&format!("{stem}Form")));
                    let shape = self.form_of(&name, s, &schema_pointer, Some(&content.encoding));
                    self.types.push(crate::ir::TypeDef {
                        name: name.clone(),
                        origin: schema_pointer.clone(),
                        docs: super::schema::docs_of(&View::of(s)),
                        shape,
                    });
                    Ty::Named(name)
                }
                // Raw bytes would need the caller to write the boundary, and the content type
                // could not carry it: a form whose parts the caller names.
                None => {
                    self.warn(
                        &schema_pointer,
                        "multipart body without a schema; the caller names its parts",
                    );
                    let name = self
                        .type_names
                        .claim_type(type_name(&format!("{stem}Form")));
                    self.types.push(crate::ir::TypeDef {
                        name: name.clone(),
                        origin: media_pointer.clone(),
                        docs: Default::default(),
                        shape: crate::ir::Shape::Form(crate::ir::Form {
                            fields: Vec::new(),
                            other_parts: true,
                        }),
                    });
                    Ty::Named(name)
                }
            },
            BodyKind::Text => Ty::String,
            BodyKind::Binary => Ty::Bytes,
        };
        let form_fields = match (kind, &content.schema) {
            (BodyKind::Form, Some(schema)) => {
                self.form_encodings(schema, &schema_pointer, &content.encoding)
            }
            _ => Vec::new(),
        };
        Some(Body {
            content_type: media.clone(),
            kind,
            ty,
            required: body.required,
            arg: body_arg_name(body),
            form_fields,
        })
    }

    fn lower_responses(
        &mut self,
        op: &'a SpecOperation,
        stem: &str,
        pointer: &str,
    ) -> Vec<Response> {
        let mut out = Vec::new();
        let mut all: Vec<(StatusMatch, &'a ReferenceOr<openapiv3::Response>, String)> = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    openapiv3::StatusCode::Code(c) => StatusMatch::Code(*c),
                    openapiv3::StatusCode::Range(r) => StatusMatch::Range(*r),
                };
                (
                    status,
                    r,
                    child(&child(pointer, "responses"), &code.to_string()),
                )
            })
            .collect();
        if let Some(d) = &op.responses.default {
            all.push((
                StatusMatch::Default,
                d,
                child(&child(pointer, "responses"), "default"),
            ));
        }
        for (status, response, at) in all {
            let (response, at) = match response {
                ReferenceOr::Item(r) => (r, at),
                ReferenceOr::Reference { reference } => {
                    match component_key(reference, "responses").and_then(|k| {
                        self.spec
                            .components
                            .as_ref()?
                            .responses
                            .get(&k)
                            .map(|r| (k, r))
                    }) {
                        Some((k, ReferenceOr::Item(r))) => (r, child("#/components/responses", &k)),
                        _ => {
                            self.error(&at, format!("unresolved response `$ref: {reference}`"));
                            continue;
                        }
                    }
                }
            };
            let suffix = match status {
                StatusMatch::Code(c) => c.to_string(),
                StatusMatch::Range(r) => format!("{r}XX"),
                StatusMatch::Default => "Default".into(),
            };
            let body =
                if let Some((media, content)) = response.content.iter().find(|(m, _)| is_json(m)) {
                    match &content.schema {
                        Some(s) => ResponseBody::Json(self.ty_of(
                            RefOr::from(s),
                            &format!("{stem}Response{suffix}"),
                            &child(&child(&child(&at, "content"), media), "schema"),
                            0,
                        )),
                        None => ResponseBody::Json(Ty::Json),
                    }
                } else if response.content.keys().any(|m| is_text(m)) {
                    ResponseBody::Text
                } else if response.content.is_empty() {
                    ResponseBody::Empty
                } else {
                    ResponseBody::Binary
                };
            let headers = self.response_headers(response, &at);
            out.push(Response {
                status,
                body,
                description: Some(response.description.clone()).filter(|d| !d.is_empty()),
                headers,
            });
        }
        out
    }
}

impl Lowerer<'_> {
    /// The headers a response declares (a `$ref` to `#/components/headers` read there; one that
    /// does not resolve is an error, located at the reference).
    fn response_headers(
        &mut self,
        response: &openapiv3::Response,
        at: &str,
    ) -> Vec<ResponseHeader> {
        let mut headers = Vec::new();
        for (name, header) in &response.headers {
            if name.eq_ignore_ascii_case("content-type") {
                // OpenAPI: a response header named Content-Type is ignored (the media type says it).
                continue;
            }
            let header = match header {
                ReferenceOr::Item(h) => h,
                ReferenceOr::Reference { reference } => {
                    let found = component_key(reference, "headers")
                        .and_then(|k| self.spec.components.as_ref()?.headers.get(&k));
                    match found {
                        Some(ReferenceOr::Item(h)) => h,
                        _ => {
                            self.warn(
                                child(&child(at, "headers"), name),
                                format!("unresolved header `$ref: {reference}`: the header is left out of the docs"),
                            );
                            continue;
                        }
                    }
                }
            };
            headers.push(ResponseHeader {
                name: name.clone(),
                required: header.required,
                description: header.description.clone().filter(|d| !d.trim().is_empty()),
            });
        }
        headers
    }
}

/// The component a `#/components/<section>/<key>` reference names: its key, unescaped.
fn component_key(reference: &str, section: &str) -> Option<String> {
    let key = reference
        .strip_prefix("#/components/")?
        .strip_prefix(section)?
        .strip_prefix('/')?;
    Some(key.replace("~1", "/").replace("~0", "~"))
}

/// The name a body's `x-codegen-request-body-name` gives (a Swagger 2.0 body parameter's name).
fn body_arg_name(body: &RequestBody) -> Option<String> {
    let name = body
        .extensions
        .get("x-codegen-request-body-name")?
        .as_str()
        .filter(|n| !n.trim().is_empty())?;
    Some(name.to_string())
}

/// How a Swagger 2.0 `collectionFormat` that 3.0 has no style for (`x-collection-format`) sends
/// an array: the style, and whether items are exploded.
fn collection_format(data: &openapiv3::ParameterData) -> Option<QueryStyle> {
    match data.extensions.get("x-collection-format")?.as_str()? {
        "tsv" => Some(QueryStyle::TabDelimited),
        "ssv" => Some(QueryStyle::SpaceDelimited),
        "pipes" => Some(QueryStyle::PipeDelimited),
        _ => None,
    }
}

/// `path` with every `{name}` made `{}`.
fn erase_parameter_names(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_name = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_name = true;
                out.push_str("{}");
            }
            '}' if in_name => in_name = false,
            _ if in_name => {}
            _ => out.push(c),
        }
    }
    out
}

/// The operations of every operation's callbacks (requests the API sends to a URL the caller
/// gave it), received as webhooks are. Each is named after its callback (`onData`), prefixed
/// with its operation's name where two callbacks (or a callback and a webhook) share a name, and
/// numbered where one callback has several URL expressions. It is received at the path its URL
/// expression ends in (`{$request.query.callbackUrl}/data` → `/data`, under wherever the
/// subscriber mounts the router), or at `/` and its name when the expression ends in nothing
/// but the URL given.
fn callback_sites<'a>(sites: &[Site<'a>], webhooks: &IndexMap<String, PathItem>) -> Vec<Site<'a>> {
    // (operation's site, callback name, expression, path item), in spec order.
    let mut found = Vec::new();
    for site in sites.iter().filter(|s| !s.webhook) {
        for (callback, expressions) in &site.op.callbacks {
            for (i, (expression, item)) in expressions.iter().enumerate() {
                let key = if expressions.len() == 1 {
                    callback.clone()
                } else {
                    format!("{callback}_{}", i + 1)
                };
                found.push((site, callback, key, expression, item));
            }
        }
    }
    let shared = |key: &str| {
        webhooks.contains_key(key) || found.iter().filter(|(_, _, k, _, _)| k == key).count() > 1
    };
    let mut out = Vec::new();
    for (parent, callback, key, expression, item) in &found {
        let key = if shared(key) {
            format!("{}_{key}", parent.name)
        } else {
            key.clone()
        };
        let item_pointer = child(
            &child(&child(&parent.pointer, "callbacks"), callback),
            expression,
        );
        let methods = METHODS
            .iter()
            .filter(|(m, _)| operation_of(item, m).is_some())
            .count();
        for (method_key, method) in METHODS {
            let Some(op) = operation_of(item, method_key) else {
                continue;
            };
            let name = operation_name(op, || {
                if methods == 1 {
                    key.clone()
                } else {
                    format!("{key}_{method_key}")
                }
            });
            out.push(Site {
                path: callback_path(expression).unwrap_or_else(|| webhook_path(&key)),
                path_query: String::new(),
                method,
                item,
                op,
                pointer: child(&item_pointer, method_key),
                name,
                webhook: true,
                callback: Some((
                    expression.to_string(),
                    format!("{} {}", parent.method.as_str(), parent.path),
                )),
            });
        }
    }
    out
}

/// The literal path a callback's URL expression ends in, after its last runtime expression
/// (`{$request.body#/callbackUrl}/events` → `/events`), without a query or fragment; `None` when
/// it ends in none, or in text that is not a plain path.
fn callback_path(expression: &str) -> Option<String> {
    let tail = &expression[expression.rfind('}')? + 1..];
    let path = tail.split(['?', '#']).next().unwrap_or_default();
    let plain = path.starts_with('/')
        && path.len() > 1
        && !path.contains(['{', '}'])
        && path
            .split('/')
            .skip(1)
            .all(|segment| !segment.is_empty() && !segment.starts_with([':', '*']));
    plain.then(|| path.to_string())
}

/// The path a webhook is received at: `/` and its name, with anything but unreserved URL
/// characters as `-` (a name is free text; a path template's `{` would be a parameter).
fn webhook_path(name: &str) -> String {
    let segment: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~') {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("/{segment}")
}

/// A method name for an operation without operationId: `get /pets/{id}` → `get_pets_by_id`.
fn derived_name(method: Method, path: &str) -> String {
    let mut parts = vec![method.as_str().to_ascii_lowercase()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if let Some(var) = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            parts.push(format!("by_{var}"));
        } else {
            parts.push(segment.to_string());
        }
    }
    if parts.len() == 1 {
        parts.push("root".into());
    }
    parts.join("_")
}

/// The distinct JSON types of error responses across all operations: the client's `ErrorBody`.
pub(crate) fn error_bodies(operations: &[Operation]) -> Vec<Ty> {
    let mut out: Vec<Ty> = Vec::new();
    for op in operations {
        for r in &op.responses {
            if r.status.is_success() {
                continue;
            }
            let ResponseBody::Json(ty) = &r.body else {
                continue;
            };
            if !out.contains(ty) {
                out.push(ty.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::ir::{BodyKind, FormEncoding, QueryStyle, Ty};

    /// The `form_fields` of the one operation's body, lowered from `text` (any version).
    fn form_fields(text: &str) -> Vec<FormEncoding> {
        let loaded = crate::load::load_text(text, None).unwrap_or_else(|d| panic!("{d:?}"));
        let (api, _) = super::super::lower(&loaded.api).unwrap_or_else(|d| panic!("{d:?}"));
        api.operations[0].body.clone().expect("a body").form_fields
    }

    fn encoding(wire: &str, style: QueryStyle, explode: bool, allow_empty: bool) -> FormEncoding {
        FormEncoding {
            wire: wire.into(),
            style,
            explode,
            allow_empty,
        }
    }

    #[test]
    fn a_body_is_sent_as_the_first_structured_media_type_with_a_schema() {
        // private-gpt's: `multipart/form-data` with only examples, beside a urlencoded form.
        let text = r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /skills:
    post:
      requestBody:
        content:
          multipart/form-data:
            examples: {one: {value: {title: a}}}
          application/x-www-form-urlencoded:
            schema: {$ref: '#/components/schemas/Skill'}
      responses: {"204": {description: ok}}
  /notes:
    post:
      requestBody:
        content:
          application/json: {}
          text/plain: {schema: {type: string}}
      responses: {"204": {description: ok}}
components:
  schemas:
    Skill: {type: object, properties: {title: {type: string}}}
"#;
        let loaded = crate::load::load_text(text, None).unwrap_or_else(|d| panic!("{d:?}"));
        let (api, warnings) = super::super::lower(&loaded.api).unwrap_or_else(|d| panic!("{d:?}"));
        assert!(warnings.is_empty(), "{warnings:?}");
        let bodies: Vec<(&str, BodyKind, &Ty)> = api
            .operations
            .iter()
            .map(|o| {
                let b = o.body.as_ref().expect("a body");
                (b.content_type.as_str(), b.kind, &b.ty)
            })
            .collect();
        assert_eq!(
            bodies,
            [
                (
                    "application/x-www-form-urlencoded",
                    BodyKind::Form,
                    &Ty::Named("Skill".into())
                ),
                // JSON without a schema is still JSON (any value) before text.
                ("application/json", BodyKind::Json, &Ty::Json),
            ]
        );
    }

    #[test]
    fn a_callback_is_received_at_the_path_its_url_expression_ends_in() {
        use super::callback_path;
        let cases = [
            ("{$request.query.callbackUrl}/events", Some("/events")),
            ("{$request.body#/notify}/a/b?x=1", Some("/a/b")),
            ("{$request.body#/notify}/a#frag", Some("/a")),
            ("{$request.body#/notify}", None),
            ("{$request.body#/notify}/", None),
            ("{$request.body#/a}/{$request.body#/b}", None),
            (
                "https://audit.example.com/jobs?id={$request.body#/id}",
                None,
            ),
            ("{$url}/a//b", None),
            ("http://example.com/fixed", None),
        ];
        for (expression, path) in cases {
            assert_eq!(callback_path(expression).as_deref(), path, "{expression}");
        }
    }

    #[test]
    fn a_content_parameter_of_json_travels_as_json_text_typed_by_its_schema() {
        let text = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /s:
    get:
      parameters:
        - {name: filter, in: query, content: {application/json: {schema: {$ref: '#/components/schemas/F'}}}}
        - {name: ids, in: header, content: {application/json: {schema: {type: array, items: {type: integer}}}}}
        - {name: any, in: path, required: true, content: {application/json: {}}}
        - {name: note, in: query, content: {text/plain: {schema: {type: string}}}}
        - {name: doc, in: query, content: {application/xml: {schema: {type: object}}}}
      responses: {"204": {description: ok}}
components:
  schemas:
    F: {type: object, properties: {a: {type: string}}}
"#
        .replace("/s:", "/s/{any}:");
        let loaded = crate::load::load_text(&text, None).unwrap_or_else(|d| panic!("{d:?}"));
        let (api, warnings) = super::super::lower(&loaded.api).unwrap_or_else(|d| panic!("{d:?}"));
        let params: Vec<(&str, &Ty, bool)> = api.operations[0]
            .params
            .iter()
            .map(|p| (p.wire.as_str(), &p.ty, p.json))
            .collect();
        assert_eq!(
            params,
            [
                ("filter", &Ty::Named("F".into()), true),
                ("ids", &Ty::Vec(Box::new(Ty::I64)), true),
                // No schema: any JSON value, which a path can carry as its text.
                ("any", &Ty::Json, true),
                ("note", &Ty::String, false),
                ("doc", &Ty::String, false),
            ]
        );
        let messages: Vec<(&str, &str)> = warnings
            .iter()
            .map(|d| (d.pointer.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [(
                "#/paths/~1s~1{any}/get/parameters/4/content",
                "a parameter with `content` of `application/xml` is sent as a plain string"
            )]
        );
    }

    #[test]
    fn a_urlencoded_body_reads_each_property_s_encoding() {
        let fields = form_fields(
            r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /f:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {$ref: '#/components/schemas/F'}
            encoding:
              ids: {style: pipeDelimited, explode: false}
              tags: {style: form, explode: false}
      responses: {"204": {description: ok}}
components:
  schemas:
    F:
      allOf:
        - {type: object, properties: {ids: {type: array, items: {type: integer}}}}
        - {type: object, properties: {tags: {type: array, items: {type: string}}, name: {type: string}}}
"#,
        );
        assert_eq!(
            fields,
            [
                encoding("ids", QueryStyle::PipeDelimited, false, false),
                encoding("tags", QueryStyle::Form, false, false),
                encoding("name", QueryStyle::Form, true, false),
            ]
        );
    }

    #[test]
    fn a_urlencoded_body_with_a_union_in_its_allof_reads_every_member_s_encodings() {
        let text = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /rounds:
    post:
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {$ref: '#/components/schemas/Round'}
            encoding:
              urls: {style: spaceDelimited, explode: false}
      responses: {"204": {description: ok}}
components:
  schemas:
    Round:
      allOf:
        - oneOf:
            - {type: object, required: [name], properties: {name: {type: string}}}
            - type: object
              required: [name, urls]
              properties: {name: {type: string}, urls: {type: array, items: {type: string}}}
        - {type: object, properties: {delay: {type: integer}}}
"#;
        let loaded = crate::load::load_text(text, None).unwrap_or_else(|d| panic!("{d:?}"));
        let (api, warnings) = super::super::lower(&loaded.api).unwrap_or_else(|d| panic!("{d:?}"));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            api.operations[0].body.clone().expect("a body").form_fields,
            [
                encoding("name", QueryStyle::Form, true, false),
                encoding("urls", QueryStyle::SpaceDelimited, false, false),
                encoding("delay", QueryStyle::Form, true, false),
            ]
        );
    }

    #[test]
    fn swagger_2_form_parameters_keep_their_collection_format_and_allow_empty_value() {
        let fields = form_fields(
            r#"
swagger: "2.0"
info: {title: t, version: "1"}
paths:
  /f:
    post:
      consumes: [application/x-www-form-urlencoded]
      parameters:
        - {name: csv, in: formData, type: array, items: {type: integer}}
        - {name: ssv, in: formData, type: array, items: {type: string}, collectionFormat: ssv}
        - {name: tsv, in: formData, type: array, items: {type: string}, collectionFormat: tsv}
        - {name: multi, in: formData, type: array, items: {type: string}, collectionFormat: multi}
        - {name: n, in: formData, type: integer, allowEmptyValue: true}
      responses: {"204": {description: ok}}
"#,
        );
        assert_eq!(
            fields,
            [
                encoding("csv", QueryStyle::Form, false, false),
                encoding("ssv", QueryStyle::SpaceDelimited, false, false),
                encoding("tsv", QueryStyle::TabDelimited, false, false),
                encoding("multi", QueryStyle::Form, true, false),
                encoding("n", QueryStyle::Form, true, true),
            ]
        );
    }
}
