//! Stage 2, lower: the `openapiv3` model into the IR. The only stage that knows OpenAPI.
//!
//! Every problem is collected as a diagnostic; lowering never stops at the first one and never
//! panics. Names are decided here, once, so the emitters never invent any.

mod cycles;
mod naming;
mod operation;
mod schema;
mod view;

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema, SecurityScheme};

use crate::diagnostic::{child, Diagnostic};
use crate::ir::{Api, ApiKey, Auth, ParamLocation, TypeDef};
use naming::Scope;
pub use naming::{field_name, type_name, variant_name};
use view::RefOr;

/// Lowers `spec`. On success returns the IR and the warnings; otherwise every diagnostic found.
pub fn lower(spec: &OpenAPI) -> Result<(Api, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut cx = Lowerer::new(spec);
    cx.collect_form_components();
    cx.lower_components();
    let operations = cx.lower_operations();
    let auth = cx.lower_auth();
    let error_bodies = operation::error_bodies(&operations);
    cycles::break_cycles(&mut cx.types);
    let api = Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone(),
        servers: spec.servers.iter().map(|s| s.url.clone()).collect(),
        types: cx.types,
        operations,
        auth,
        error_bodies,
    };
    if cx.diags.iter().any(Diagnostic::is_error) {
        Err(cx.diags)
    } else {
        Ok((api, cx.diags))
    }
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
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OpenAPI) -> Self {
        let mut type_names = Scope::default();
        let mut component_names = IndexMap::new();
        if let Some(components) = &spec.components {
            for key in components.schemas.keys() {
                let name = type_names.claim(type_name(key));
                component_names.insert(key.clone(), name);
            }
        }
        Self {
            spec,
            diags: Vec::new(),
            types: Vec::new(),
            type_names,
            component_names,
            form_components: HashMap::new(),
            hoisted: HashMap::new(),
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
                self.error(
                    pointer,
                    format!("`$ref: {reference}` points outside `#/components/schemas`, which is not supported"),
                );
            } else {
                self.error(
                    pointer,
                    format!("external `$ref: {reference}` is not supported; bundle the spec into one file first"),
                );
            }
            return None;
        };
        let key = rest.replace("~1", "/").replace("~0", "~");
        if self.component_names.contains_key(&key) {
            Some(key)
        } else {
            self.error(
                pointer,
                format!("unresolved `$ref: {reference}`: no schema `{key}` in components"),
            );
            None
        }
    }

    /// The schema a component key holds, following `$ref` chains; reports cycles.
    pub(crate) fn component_schema(
        &mut self,
        key: &str,
        pointer: &str,
    ) -> Option<(&'a Schema, String)> {
        let schemas = &self.spec.components.as_ref()?.schemas;
        let mut key = key.to_string();
        let mut seen = vec![key.clone()];
        loop {
            match schemas.get(&key)? {
                ReferenceOr::Item(s) => return Some((s, key)),
                ReferenceOr::Reference { reference } => {
                    let next = self.component_key(reference, pointer)?;
                    if seen.contains(&next) {
                        seen.push(next);
                        self.error(
                            pointer,
                            format!("cyclic `$ref` chain: {}", seen.join(" -> ")),
                        );
                        return None;
                    }
                    seen.push(next.clone());
                    key = next;
                }
            }
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
