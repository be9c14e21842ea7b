//! The code generated for every feature fixture in `tests/fixtures/`, one module per fixture.
//!
//! `build.rs` runs `codegen::build_script` on each spec; this crate compiling (warning-free: the
//! lint level below turns every warning into an error) proves the snapshots lock in code that
//! builds. `tests/roundtrip.rs` pushes JSON through every module's types.

#![deny(warnings)]

/// The fixtures included below, in file-name order; `tests/roundtrip.rs` checks it matches
/// `tests/fixtures/*.yaml`, so a new fixture cannot be forgotten here.
pub const FEATURES: &[&str] = &[
    "additional_properties",
    "all_of",
    "any_of",
    "api_key_names",
    "callbacks",
    "code_injection",
    "content_params",
    "decimal",
    "decimal_params",
    "defaults_docs",
    "enum_union",
    "form_urlencoded",
    "formats",
    "free_form",
    "free_form_checks",
    "inline_hoisting",
    "legacy_bodies",
    "media_types",
    "multi_file",
    "multipart",
    "multipart_other_parts",
    "multipart_shared",
    "naming",
    "no_operation_id",
    "nullable",
    "one_of_discriminator",
    "one_of_untagged",
    "openapi31_binary",
    "openapi31_document",
    "openapi31_fastapi",
    "openapi31_json_schema",
    "openapi31_null",
    "openapi31_refs",
    "openapi31_values",
    "openapi31_webhooks",
    "openapi32",
    "param_names",
    "pointer_refs",
    "query_params",
    "recursion",
    "ref_siblings",
    "required_optional",
    "responses",
    "route_shapes",
    "security_schemes",
    "split_maps",
    "split_operations",
    "strict_bodies",
    "string_enum",
    "swagger2_base_url",
    "swagger2_bodies",
    "swagger2_components",
    "swagger2_forms",
    "swagger2_media_types",
    "swagger2_no_host",
    "swagger2_params",
    "swagger2_schemas",
    "swagger2_security",
    "tolerance",
    "union_constraints",
    "union_properties",
];

/// Generated from `tests/fixtures/additional_properties.yaml`.
pub mod additional_properties {
    include!(concat!(env!("OUT_DIR"), "/additional_properties.rs"));
}

/// Generated from `tests/fixtures/all_of.yaml`.
pub mod all_of {
    include!(concat!(env!("OUT_DIR"), "/all_of.rs"));
}

/// Generated from `tests/fixtures/any_of.yaml`.
pub mod any_of {
    include!(concat!(env!("OUT_DIR"), "/any_of.rs"));
}

/// Generated from `tests/fixtures/callbacks.yaml`.
pub mod callbacks {
    include!(concat!(env!("OUT_DIR"), "/callbacks.rs"));
}

/// Generated from `tests/fixtures/code_injection.yaml`.
pub mod code_injection {
    include!(concat!(env!("OUT_DIR"), "/code_injection.rs"));
}

/// Generated from `tests/fixtures/content_params.yaml`.
pub mod content_params {
    include!(concat!(env!("OUT_DIR"), "/content_params.rs"));
}

/// Generated from `tests/fixtures/decimal.yaml`.
pub mod decimal {
    include!(concat!(env!("OUT_DIR"), "/decimal.rs"));
}

/// Generated from `tests/fixtures/defaults_docs.yaml`.
pub mod defaults_docs {
    include!(concat!(env!("OUT_DIR"), "/defaults_docs.rs"));
}

/// Generated from `tests/fixtures/enum_union.yaml`.
pub mod enum_union {
    include!(concat!(env!("OUT_DIR"), "/enum_union.rs"));
}

/// Generated from `tests/fixtures/form_urlencoded.yaml`.
pub mod form_urlencoded {
    include!(concat!(env!("OUT_DIR"), "/form_urlencoded.rs"));
}

/// Generated from `tests/fixtures/formats.yaml`.
pub mod formats {
    include!(concat!(env!("OUT_DIR"), "/formats.rs"));
}

/// Generated from `tests/fixtures/free_form.yaml`.
pub mod free_form {
    include!(concat!(env!("OUT_DIR"), "/free_form.rs"));
}

/// Generated from `tests/fixtures/free_form_checks.yaml`.
pub mod free_form_checks {
    include!(concat!(env!("OUT_DIR"), "/free_form_checks.rs"));
}

/// Generated from `tests/fixtures/inline_hoisting.yaml`.
pub mod inline_hoisting {
    include!(concat!(env!("OUT_DIR"), "/inline_hoisting.rs"));
}

/// Generated from `tests/fixtures/legacy_bodies.yaml`.
pub mod legacy_bodies {
    include!(concat!(env!("OUT_DIR"), "/legacy_bodies.rs"));
}

/// Generated from `tests/fixtures/media_types.yaml`.
pub mod media_types {
    include!(concat!(env!("OUT_DIR"), "/media_types.rs"));
}

/// Generated from `tests/fixtures/multipart.yaml`.
pub mod multipart {
    include!(concat!(env!("OUT_DIR"), "/multipart.rs"));
}

/// Generated from `tests/fixtures/naming.yaml`.
pub mod naming {
    include!(concat!(env!("OUT_DIR"), "/naming.rs"));
}

/// Generated from `tests/fixtures/no_operation_id.yaml`.
pub mod no_operation_id {
    include!(concat!(env!("OUT_DIR"), "/no_operation_id.rs"));
}

/// Generated from `tests/fixtures/nullable.yaml`.
pub mod nullable {
    include!(concat!(env!("OUT_DIR"), "/nullable.rs"));
}

/// Generated from `tests/fixtures/one_of_discriminator.yaml`.
pub mod one_of_discriminator {
    include!(concat!(env!("OUT_DIR"), "/one_of_discriminator.rs"));
}

/// Generated from `tests/fixtures/one_of_untagged.yaml`.
pub mod one_of_untagged {
    include!(concat!(env!("OUT_DIR"), "/one_of_untagged.rs"));
}

/// Generated from `tests/fixtures/openapi31_binary.yaml`.
pub mod openapi31_binary {
    include!(concat!(env!("OUT_DIR"), "/openapi31_binary.rs"));
}

/// Generated from `tests/fixtures/openapi31_document.yaml`.
pub mod openapi31_document {
    include!(concat!(env!("OUT_DIR"), "/openapi31_document.rs"));
}

/// Generated from `tests/fixtures/openapi31_fastapi.yaml`.
pub mod openapi31_fastapi {
    include!(concat!(env!("OUT_DIR"), "/openapi31_fastapi.rs"));
}

/// Generated from `tests/fixtures/openapi31_json_schema.yaml`.
pub mod openapi31_json_schema {
    include!(concat!(env!("OUT_DIR"), "/openapi31_json_schema.rs"));
}

/// Generated from `tests/fixtures/openapi31_null.yaml`.
pub mod openapi31_null {
    include!(concat!(env!("OUT_DIR"), "/openapi31_null.rs"));
}

/// Generated from `tests/fixtures/openapi31_values.yaml`.
pub mod openapi31_values {
    include!(concat!(env!("OUT_DIR"), "/openapi31_values.rs"));
}

/// Generated from `tests/fixtures/openapi31_webhooks.yaml`.
pub mod openapi31_webhooks {
    include!(concat!(env!("OUT_DIR"), "/openapi31_webhooks.rs"));
}

/// Generated from `tests/fixtures/param_names.yaml`.
pub mod param_names {
    include!(concat!(env!("OUT_DIR"), "/param_names.rs"));
}

/// Generated from `tests/fixtures/query_params.yaml`.
pub mod query_params {
    include!(concat!(env!("OUT_DIR"), "/query_params.rs"));
}

/// Generated from `tests/fixtures/recursion.yaml`.
pub mod recursion {
    include!(concat!(env!("OUT_DIR"), "/recursion.rs"));
}

/// Generated from `tests/fixtures/ref_siblings.yaml`.
pub mod ref_siblings {
    include!(concat!(env!("OUT_DIR"), "/ref_siblings.rs"));
}

/// Generated from `tests/fixtures/required_optional.yaml`.
pub mod required_optional {
    include!(concat!(env!("OUT_DIR"), "/required_optional.rs"));
}

/// Generated from `tests/fixtures/responses.yaml`.
pub mod responses {
    include!(concat!(env!("OUT_DIR"), "/responses.rs"));
}

/// Generated from `tests/fixtures/route_shapes.yaml`.
pub mod route_shapes {
    include!(concat!(env!("OUT_DIR"), "/route_shapes.rs"));
}

/// Generated from `tests/fixtures/security_schemes.yaml`.
pub mod security_schemes {
    include!(concat!(env!("OUT_DIR"), "/security_schemes.rs"));
}

/// Generated from `tests/fixtures/strict_bodies.yaml`.
pub mod strict_bodies {
    include!(concat!(env!("OUT_DIR"), "/strict_bodies.rs"));
}

/// Generated from `tests/fixtures/string_enum.yaml`.
pub mod string_enum {
    include!(concat!(env!("OUT_DIR"), "/string_enum.rs"));
}

/// Generated from `tests/fixtures/swagger2_base_url.yaml`.
pub mod swagger2_base_url {
    include!(concat!(env!("OUT_DIR"), "/swagger2_base_url.rs"));
}

/// Generated from `tests/fixtures/swagger2_bodies.yaml`.
pub mod swagger2_bodies {
    include!(concat!(env!("OUT_DIR"), "/swagger2_bodies.rs"));
}

/// Generated from `tests/fixtures/swagger2_components.yaml`.
pub mod swagger2_components {
    include!(concat!(env!("OUT_DIR"), "/swagger2_components.rs"));
}

/// Generated from `tests/fixtures/swagger2_forms.yaml`.
pub mod swagger2_forms {
    include!(concat!(env!("OUT_DIR"), "/swagger2_forms.rs"));
}

/// Generated from `tests/fixtures/swagger2_media_types.yaml`.
pub mod swagger2_media_types {
    include!(concat!(env!("OUT_DIR"), "/swagger2_media_types.rs"));
}

/// Generated from `tests/fixtures/swagger2_no_host.yaml`.
pub mod swagger2_no_host {
    include!(concat!(env!("OUT_DIR"), "/swagger2_no_host.rs"));
}

/// Generated from `tests/fixtures/swagger2_params.yaml`.
pub mod swagger2_params {
    include!(concat!(env!("OUT_DIR"), "/swagger2_params.rs"));
}

/// Generated from `tests/fixtures/swagger2_schemas.yaml`.
pub mod swagger2_schemas {
    include!(concat!(env!("OUT_DIR"), "/swagger2_schemas.rs"));
}

/// Generated from `tests/fixtures/swagger2_security.yaml`.
pub mod swagger2_security {
    include!(concat!(env!("OUT_DIR"), "/swagger2_security.rs"));
}

/// Generated from `tests/fixtures/union_constraints.yaml`.
pub mod union_constraints {
    include!(concat!(env!("OUT_DIR"), "/union_constraints.rs"));
}

/// Generated from `tests/fixtures/decimal_params.yaml`.
pub mod decimal_params {
    include!(concat!(env!("OUT_DIR"), "/decimal_params.rs"));
}

/// Generated from `tests/fixtures/union_properties.yaml`.
pub mod union_properties {
    include!(concat!(env!("OUT_DIR"), "/union_properties.rs"));
}

/// Generated from `tests/fixtures/multi_file.yaml`.
pub mod multi_file {
    include!(concat!(env!("OUT_DIR"), "/multi_file.rs"));
}

/// Generated from `tests/fixtures/multipart_other_parts.yaml`.
pub mod multipart_other_parts {
    include!(concat!(env!("OUT_DIR"), "/multipart_other_parts.rs"));
}

/// Generated from `tests/fixtures/multipart_shared.yaml`.
pub mod multipart_shared {
    include!(concat!(env!("OUT_DIR"), "/multipart_shared.rs"));
}

/// Generated from `tests/fixtures/split_maps.yaml`.
pub mod split_maps {
    include!(concat!(env!("OUT_DIR"), "/split_maps.rs"));
}

/// Generated from `tests/fixtures/split_operations.yaml`.
pub mod split_operations {
    include!(concat!(env!("OUT_DIR"), "/split_operations.rs"));
}

/// Generated from `tests/fixtures/pointer_refs.yaml`.
pub mod pointer_refs {
    include!(concat!(env!("OUT_DIR"), "/pointer_refs.rs"));
}

/// Generated from `tests/fixtures/tolerance.yaml`.
pub mod tolerance {
    include!(concat!(env!("OUT_DIR"), "/tolerance.rs"));
}

/// Generated from `tests/fixtures/api_key_names.yaml`.
pub mod api_key_names {
    include!(concat!(env!("OUT_DIR"), "/api_key_names.rs"));
}

/// Generated from `tests/fixtures/openapi31_refs.yaml`.
pub mod openapi31_refs {
    include!(concat!(env!("OUT_DIR"), "/openapi31_refs.rs"));
}

/// Generated from `tests/fixtures/openapi32.yaml`.
pub mod openapi32 {
    include!(concat!(env!("OUT_DIR"), "/openapi32.rs"));
}
