//! Stage 2, lower: the `openapiv3` model into the IR. The only stage that knows OpenAPI.
//!
//! Every problem is collected as a diagnostic; lowering never stops at the first one and never
//! panics. It keeps the spec's names; the Rust names are `crate::naming`'s, and lower only keys
//! the types it decides to declare by a unique name spelled by that module's rules.

mod cycles;
mod operation;
mod schema;
mod shared_forms;
mod view;

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem, ReferenceOr, Schema, SecurityScheme};

use crate::diagnostic::{child, Diagnostic};
use crate::ir::{Api, ApiKey, Auth, ParamLocation, TypeDef};
use crate::naming::{type_name, Name, Scope};
use view::RefOr;

/// Lowers `spec`. On success returns the IR and the warnings; otherwise every diagnostic found.
pub fn lower(spec: &OpenAPI) -> Result<(Api, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (webhooks, mut diags) = webhooks_of(spec);
    let mut cx = Lowerer::new(spec);
    cx.diags.append(&mut diags);
    cx.collect_form_components();
    cx.lower_components();
    // The document's requirements before the operations': undefined schemes are reported where
    // they are first written.
    if let Some(requirements) = &spec.security {
        cx.check_requirements(requirements, "#/security");
    }
    let (mut operations, mut webhooks) = cx.lower_operations(&webhooks);
    cx.split_shared_forms(&mut operations, &mut webhooks);
    let auth = cx.lower_auth();
    cx.warn_undefined_schemes();
    cx.warn_authorization_params();
    let error_bodies = operation::error_bodies(&operations);
    cycles::break_cycles(&mut cx.types);
    let api = Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone(),
        summary: extension_str(&spec.info.extensions, "x-codegen-summary"),
        license: spec
            .info
            .license
            .as_ref()
            .and_then(|l| extension_str(&l.extensions, "x-codegen-license-identifier")),
        servers: spec.servers.iter().map(server_url).collect(),
        types: cx.types,
        operations,
        webhooks,
        auth,
        error_bodies,
    };
    if api.operations.is_empty() && api.types.is_empty() && declares_anything(spec) {
        cx.diags.push(Diagnostic::error(
            "#",
            "nothing can be generated: every operation and schema of the spec was skipped (see the warnings)",
        ));
    }
    if cx.diags.iter().any(Diagnostic::is_error) {
        Err(cx.diags)
    } else {
        Ok((api, cx.diags))
    }
}

/// Whether the spec declares any operation or schema that lower was given (an empty spec, or one
/// whose every operation load quarantined, generates an empty crate).
fn declares_anything(spec: &OpenAPI) -> bool {
    spec.paths.paths.values().any(|item| match item {
        ReferenceOr::Item(item) => item.iter().next().is_some(),
        ReferenceOr::Reference { .. } => true,
    }) || spec
        .components
        .as_ref()
        .is_some_and(|c| !c.schemas.is_empty())
}

/// A string extension load carried over from OpenAPI 3.1.
fn extension_str(extensions: &IndexMap<String, serde_json::Value>, key: &str) -> Option<String> {
    extensions.get(key)?.as_str().map(str::to_string)
}

/// The webhooks of an OpenAPI 3.1 document (which load moves to `x-codegen-webhooks`), each read
/// on its own: one that cannot be read is skipped with a warning.
fn webhooks_of(spec: &OpenAPI) -> (IndexMap<String, PathItem>, Vec<Diagnostic>) {
    let mut out = IndexMap::new();
    let mut diags = Vec::new();
    let Some(serde_json::Value::Object(hooks)) = spec.extensions.get("x-codegen-webhooks") else {
        return (out, diags);
    };
    for (name, item) in hooks {
        let pointer = child("#/x-codegen-webhooks", name);
        match serde_json::from_value::<ReferenceOr<PathItem>>(item.clone()) {
            Ok(ReferenceOr::Item(item)) => {
                out.insert(name.clone(), item);
            }
            Ok(ReferenceOr::Reference { reference }) => diags.push(Diagnostic::warning(
                pointer,
                format!("webhook `{name}` is a `$ref: {reference}` that was not resolved; it is skipped"),
            )),
            Err(e) => diags.push(Diagnostic::warning(
                pointer,
                format!("webhook `{name}` could not be read ({e}); it is skipped"),
            )),
        }
    }
    (out, diags)
}

/// Lowering state.
pub(crate) struct Lowerer<'a> {
    spec: &'a OpenAPI,
    diags: Vec<Diagnostic>,
    types: Vec<TypeDef>,
    type_names: Scope,
    /// Component schema key → Rust type name.
    component_names: IndexMap<String, String>,
    /// Component schemas used as `multipart/form-data` bodies, with the body's `encoding`:
    /// lowered as forms.
    form_components: HashMap<String, Option<&'a IndexMap<String, openapiv3::Encoding>>>,
    /// Inline schemas already hoisted, by JSON pointer (a `$ref` into a path resolves here).
    hoisted: HashMap<String, String>,
    /// Component key → where its `$ref` chain ends (see `component_schema`).
    chain_ends: HashMap<String, ChainEnd>,
    /// Each security scheme named but not defined: the first place naming it, and how many
    /// other lists of requirements do (one warning each, not one per operation).
    undefined_schemes: IndexMap<String, (String, usize)>,
    /// The `Authorization` header parameters, which OpenAPI says are ignored, where each is
    /// written (one warning for all).
    authorization_params: indexmap::IndexSet<String>,
}

/// Where a component's `$ref` chain ends.
#[derive(Clone)]
enum ChainEnd {
    /// At the schema of this key.
    Schema(String),
    /// At a `$ref` that cannot be followed; the message says why.
    Broken(String),
    /// In a cycle, described from this key on.
    Cycle(String),
}

/// A `$ref` chain for a message: the ends of a long one, not thousands of names.
fn chain_text(chain: &[String]) -> String {
    if chain.len() <= 8 {
        return chain.join(" -> ");
    }
    let ends: Vec<String> = chain[..4]
        .iter()
        .chain(&chain[chain.len() - 3..])
        .cloned()
        .collect();
    elided(&ends, chain.len())
}

/// The chain `prefix -> rest`, where `rest` (a known chain text) starts at `key`.
fn joined(prefix: &[String], rest: &str, key: &str) -> String {
    let text = format!("{} -> {rest}", chain_text(prefix));
    if text.len() <= 400 {
        text
    } else {
        format!("{} -> {key} -> ...", chain_text(prefix))
    }
}

/// `ends` holds a chain of `len` keys, or its first four and last three.
fn elided(ends: &[String], len: usize) -> String {
    if len <= 8 || ends.len() < 7 {
        return ends.join(" -> ");
    }
    format!(
        "{} -> ... ({} more) ... -> {}",
        ends[..4].join(" -> "),
        len - 7,
        ends[4..].join(" -> ")
    )
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OpenAPI) -> Self {
        let mut type_names = Scope::default();
        let mut component_names = IndexMap::new();
        if let Some(components) = &spec.components {
            let keys: Vec<&str> = components.schemas.keys().map(String::as_str).collect();
            let names = type_names.claim_each(&keys, |k| Name::plain(type_name(k)));
            // Kept in spec order: the types are declared in it.
            let names = names.into_iter().map(|n| n.as_str().to_string());
            component_names.extend(keys.iter().map(|k| k.to_string()).zip(names));
        }
        Self {
            spec,
            diags: Vec::new(),
            types: Vec::new(),
            type_names,
            component_names,
            form_components: HashMap::new(),
            hoisted: HashMap::new(),
            chain_ends: HashMap::new(),
            undefined_schemes: IndexMap::new(),
            authorization_params: indexmap::IndexSet::new(),
        }
    }

    pub(crate) fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(pointer, message));
    }

    pub(crate) fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.diags.push(Diagnostic::warning(pointer, message));
    }

    fn lower_components(&mut self) {
        let Some(components) = &self.spec.components else {
            return;
        };
        for (key, schema) in &components.schemas {
            let pointer = child("#/components/schemas", key);
            let name = self.component_names[key].clone();
            let form = self.form_components.get(key).copied();
            self.lower_named(&name, RefOr::from(schema), &pointer, form);
        }
    }

    /// The component schema a local `$ref` names, with its key; `None` after reporting a problem.
    pub(crate) fn component_key(&mut self, reference: &str, pointer: &str) -> Option<String> {
        let Some(rest) = reference.strip_prefix("#/components/schemas/") else {
            if reference.starts_with('#') {
                self.warn(
                    pointer,
                    format!(
                        "`$ref: {reference}` does not name a schema; the value is untyped JSON"
                    ),
                );
            } else {
                self.warn(
                    pointer,
                    format!("`$ref: {reference}` was not bundled; the value is untyped JSON"),
                );
            }
            return None;
        };
        let key = rest.replace("~1", "/").replace("~0", "~");
        if self.component_names.contains_key(&key) {
            Some(key)
        } else {
            self.warn(
                pointer,
                format!("unresolved `$ref: {reference}`: no schema `{key}` in `#/components/schemas`; the value is untyped JSON"),
            );
            None
        }
    }

    /// The schema a component key holds, following `$ref` chains; reports cycles.
    ///
    /// Every key a walk passes is remembered with where its chain ends, so a chain (or a cycle) of
    /// n `$ref`s costs O(n) in all, not O(n) for each of the n schemas in it.
    pub(crate) fn component_schema(
        &mut self,
        key: &str,
        pointer: &str,
    ) -> Option<(&'a Schema, String)> {
        let schemas = &self.spec.components.as_ref()?.schemas;
        let mut seen = vec![key.to_string()];
        let mut visited = HashSet::from([key.to_string()]);
        let end = loop {
            let key = seen.last().cloned().expect("never empty");
            let last = seen.len() - 1;
            if let Some(end) = self.chain_ends.get(&key).cloned() {
                // The rest of the chain is known: what holds for `key` holds for the keys before.
                for (i, k) in seen[..last].iter().enumerate() {
                    let end = match &end {
                        ChainEnd::Cycle(rest) => {
                            ChainEnd::Cycle(joined(&seen[i..last], rest, &key))
                        }
                        other => other.clone(),
                    };
                    self.chain_ends.insert(k.clone(), end);
                }
                break self.chain_ends[&seen[0]].clone();
            }
            match schemas.get(&key)? {
                ReferenceOr::Item(_) => {
                    let end = ChainEnd::Schema(key);
                    for k in &seen {
                        self.chain_ends.insert(k.clone(), end.clone());
                    }
                    break end;
                }
                ReferenceOr::Reference { reference } => {
                    let before = self.diags.len();
                    let Some(next) = self.component_key(reference, pointer) else {
                        // Reported at `pointer` by `component_key`; later walks repeat it.
                        if let Some(d) = self.diags.get(before) {
                            let end = ChainEnd::Broken(d.message.clone());
                            for k in seen {
                                self.chain_ends.insert(k, end.clone());
                            }
                        }
                        return None;
                    };
                    if visited.insert(next.clone()) {
                        seen.push(next);
                        continue;
                    }
                    // A cycle: each key gets the chain a walk from it would show.
                    seen.push(next);
                    let last = seen.len() - 1;
                    let start = seen
                        .iter()
                        .position(|k| *k == seen[last])
                        .expect("the repeated key was seen");
                    let len = last - start;
                    for i in 0..last {
                        let text = if i <= start {
                            chain_text(&seen[i..])
                        } else {
                            // Round the cycle from seen[i] back to itself.
                            let round: Vec<String> = (0..=len)
                                .filter(|&p| p < 4 || p + 3 > len)
                                .map(|p| seen[start + (i - start + p) % len].clone())
                                .collect();
                            elided(&round, len + 1)
                        };
                        self.chain_ends
                            .insert(seen[i].clone(), ChainEnd::Cycle(text));
                    }
                    break self.chain_ends[&seen[0]].clone();
                }
            }
        };
        match end {
            ChainEnd::Schema(target) => match schemas.get(&target)? {
                ReferenceOr::Item(s) => Some((s, target)),
                ReferenceOr::Reference { .. } => None,
            },
            ChainEnd::Broken(message) => {
                self.warn(pointer, message);
                None
            }
            ChainEnd::Cycle(text) => {
                self.warn(
                    pointer,
                    format!("cyclic `$ref` chain: {text}; the value is untyped JSON"),
                );
                None
            }
        }
    }

    /// Notes each scheme a list of security requirements (at `pointer`) names that
    /// `components.securitySchemes` does not define: no credentials are sent for it. Warned
    /// about once per scheme, by [`Self::warn_undefined_schemes`].
    pub(crate) fn check_requirements(
        &mut self,
        requirements: &[openapiv3::SecurityRequirement],
        pointer: &str,
    ) {
        let defined = |name: &str| {
            self.spec
                .components
                .as_ref()
                .is_some_and(|c| c.security_schemes.contains_key(name))
        };
        let mut undefined: Vec<(String, String)> = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            for name in requirement.keys() {
                if !defined(name) && !undefined.iter().any(|(n, _)| n == name) {
                    undefined.push((name.clone(), child(&format!("{pointer}/{i}"), name)));
                }
            }
        }
        for (name, at) in undefined {
            self.undefined_schemes
                .entry(name)
                .and_modify(|(_, others)| *others += 1)
                .or_insert((at, 0));
        }
    }

    /// One warning for the `Authorization` header parameters, at the first.
    fn warn_authorization_params(&mut self) {
        let places = std::mem::take(&mut self.authorization_params);
        let Some(at) = places.first().cloned() else {
            return;
        };
        let elsewhere = match places.len() {
            1 => String::new(),
            2 => " (and 1 other)".to_string(),
            n => format!(" (and {} others)", n - 1),
        };
        self.warn(
            at,
            format!("the header parameter `Authorization`{elsewhere} is ignored, as OpenAPI says: the client sends the credentials of the spec's security schemes, and others through an interceptor"),
        );
    }

    /// One warning for each undefined security scheme, at the first place that names it.
    fn warn_undefined_schemes(&mut self) {
        for (name, (at, others)) in std::mem::take(&mut self.undefined_schemes) {
            let elsewhere = match others {
                0 => String::new(),
                1 => ", here or in the 1 other place that names it".to_string(),
                n => format!(", here or in the {n} other places that name it"),
            };
            self.warn(
                at,
                format!("security scheme `{name}` is not defined in `#/components/securitySchemes`; no credentials are sent for it{elsewhere}"),
            );
        }
    }

    fn lower_auth(&mut self) -> Auth {
        let mut auth = Auth::default();
        let Some(components) = &self.spec.components else {
            return auth;
        };
        for (key, scheme) in &components.security_schemes {
            let ReferenceOr::Item(scheme) = scheme else {
                continue;
            };
            match scheme {
                SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => auth.basic = true,
                SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => auth.bearer = true,
                SecurityScheme::HTTP { scheme, .. } => self.warn(
                    child("#/components/securitySchemes", key),
                    format!("HTTP auth scheme `{scheme}` is not supported; requests are sent without it"),
                ),
                SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. } => auth.bearer = true,
                SecurityScheme::APIKey { location, name, .. } => {
                    let location = match location {
                        openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                        openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                        openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                    };
                    if !auth.api_keys.iter().any(|k| k.name == *name && k.location == location) {
                        auth.api_keys.push(ApiKey { name: name.clone(), location });
                    }
                }
            }
        }
        auth
    }
}

/// A server's URL with each `{variable}` replaced by its default (`https://{region}.example.com`
/// with `region: {default: eu}` is `https://eu.example.com`), so that the default base URL is
/// one a client can call. A name without a variable is left as written.
fn server_url(server: &openapiv3::Server) -> String {
    let Some(variables) = &server.variables else {
        return server.url.clone();
    };
    let mut url = String::with_capacity(server.url.len());
    let mut rest = server.url.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        url.push_str(&rest[..open]);
        match variables.get(&rest[open + 1..close]) {
            Some(variable) => url.push_str(&variable.default),
            None => url.push_str(&rest[open..=close]),
        }
        rest = &rest[close + 1..];
    }
    url.push_str(rest);
    url
}
