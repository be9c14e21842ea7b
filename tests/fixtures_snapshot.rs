//! Snapshots of the generated code for every feature fixture under `tests/fixtures/`.
//!
//! Each fixture is a small OpenAPI 3.0.3 spec exercising one feature. The snapshot locks the
//! generated code (review changes with `cargo insta review`); `tests/fixture-check` proves the same
//! code compiles warning-free and round-trips JSON.

use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every fixture, by feature name, sorted.
fn fixtures() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

/// Warnings a fixture is expected to produce, as `(feature, rendered warning)`: only fixtures that
/// exercise a construct the generator skips have any.
const EXPECTED_WARNINGS: &[(&str, &str)] = &[(
    "legacy_bodies",
    "warning: `in: formData` is Swagger 2.0, not OpenAPI 3; read as the operation's `multipart/form-data` request body\n  --> legacy_bodies.yaml:18:11\n   = at #/paths/~1images/post/parameters/1",
), (
    "legacy_bodies",
    "warning: `in: formData` is Swagger 2.0, not OpenAPI 3; read as the operation's `application/x-www-form-urlencoded` request body\n  --> legacy_bodies.yaml:32:11\n   = at #/paths/~1notes~1{id}/put/parameters/0",
), (
    "legacy_bodies",
    "warning: `in: body` is Swagger 2.0, not OpenAPI 3; read as the operation's `application/json` request body\n  --> legacy_bodies.yaml:40:11\n   = at #/paths/~1orders/post/parameters/0",
), (
    "legacy_bodies",
    "warning: `in: formData` is Swagger 2.0, not OpenAPI 3; beside the operation's `requestBody` it is ignored\n  --> legacy_bodies.yaml:48:11\n   = at #/paths/~1both/post/parameters/0",
), (
    "tolerance",
    "warning: `items` is a list of schemas (JSON Schema's draft 4–7 tuple form, not OpenAPI); read as a tuple of 2 items\n  --> tolerance.yaml:69:30\n   = at #/components/schemas/Track/properties/point/items",
), (
    "tolerance",
    "warning: this schema could not be read (invalid type: sequence, expected usize, at #/components/schemas/Track/properties/odd/minLength); it is read as an untyped JSON value\n  --> tolerance.yaml:71:9\n   = at #/components/schemas/Track/properties/odd",
), (
    "tolerance",
    "warning: operation GET /broken could not be read (the operation has no `responses`); it is skipped\n  --> tolerance.yaml:33:5\n   = at #/paths/~1broken/get",
), (
    "tolerance",
    "warning: `parameters` component `NoSchema` could not be read (the parameter has neither `schema` nor `content`); it is skipped\n  --> tolerance.yaml:52:5\n   = at #/components/parameters/NoSchema",
), (
    "tolerance",
    "warning: cyclic `$ref` chain: LoopA -> LoopB -> LoopA; the value is untyped JSON\n  --> tolerance.yaml:62:9\n   = at #/components/schemas/Item/properties/loop",
), (
    "tolerance",
    "warning: cyclic `$ref` chain: LoopB -> LoopA -> LoopB; the value is untyped JSON\n  --> tolerance.yaml:63:5\n   = at #/components/schemas/LoopA",
), (
    "tolerance",
    "warning: cyclic `$ref` chain: LoopA -> LoopB -> LoopA; the value is untyped JSON\n  --> tolerance.yaml:64:5\n   = at #/components/schemas/LoopB",
), (
    "tolerance",
    "warning: path template variable `{itemId}` in `/items/{itemId}` has no path parameter declared; it is a required string parameter\n  --> tolerance.yaml:8:5\n   = at #/paths/~1items~1{itemId}/get",
), (
    "tolerance",
    "warning: path parameter `shelf` does not appear in the path `/items`; it is ignored\n  --> tolerance.yaml:21:11\n   = at #/paths/~1items/get/parameters/0",
), (
    "tolerance",
    "warning: unresolved request body `$ref: #/components/requestBodies/Missing`; the operation PUT /broken is skipped\n  --> tolerance.yaml:45:7\n   = at #/paths/~1broken/put/requestBody",
), (
    "tolerance",
    "warning: unresolved parameter `$ref: #/components/parameters/NoSchema`; the operation POST /broken is skipped\n  --> tolerance.yaml:39:15\n   = at #/paths/~1broken/post/parameters/0",
), (
    "split_operations",
    "warning: `$ref: #/components/schemas/Problem` names a schema, not a response; read as a response whose `application/json` body is that schema\n  --> split_operations/ops/get-order.yaml:14:5\n   = at #/responses/404/$ref\n   = note: reached through `$ref: ./split_operations/ops/get-order.yaml` at split_operations.yaml:26:7 (#/paths/~1orders~1{orderId}/get/$ref)",
), (
    "split_operations",
    "warning: this response is written as a schema (it has `type` and no `content`); read as a response whose `application/json` body is that schema\n  --> split_operations/schemas/Conflict.yaml:3:1\n   = at #/type\n   = note: reached through `$ref: ../schemas/Conflict.yaml` at split_operations/ops/create-order.yaml:16:5 (#/responses/409/$ref)",
), (
    "multipart_other_parts",
    "warning: multipart body without a schema; the caller names its parts\n  --> multipart_other_parts.yaml:26:11\n   = at #/paths/~1bare/post/requestBody/content/multipart~1form-data/schema",
), (
    "route_shapes",
    "warning: `GET /files/{FileId}/attachments/{FileName}` is the same path as `/files/{FileId}/attachments/{AttachmentId}`: paths that differ only in parameter names are identical; the client gets both methods, the server routes only the first\n  --> route_shapes.yaml:57:5\n   = at #/paths/~1files~1{FileId}~1attachments~1{FileName}/get",
), (
    "route_shapes",
    "warning: path `/Accounts.json?refresh` holds a query string, which OpenAPI does not allow; the path is `/Accounts.json`, and its operations send `refresh` with every request (the server routes them by it)\n  --> route_shapes.yaml:171:3\n   = at #/paths/~1Accounts.json?refresh",
), (
    "route_shapes",
    "warning: path `/Accounts.json?recursion=1` holds a query string, which OpenAPI does not allow; the path is `/Accounts.json`, and its operations send `recursion=1` with every request (the server routes them by it)\n  --> route_shapes.yaml:183:3\n   = at #/paths/~1Accounts.json?recursion=1",
), (
    "openapi31_document",
    "warning: `jsonSchemaDialect: \"https://json-schema.org/draft/2020-12/schema\"` is not the OpenAPI 3.1 default; schemas are read as the default dialect\n  --> openapi31_document.yaml:8:1\n   = at #/jsonSchemaDialect",
), (
    "openapi31_document",
    "warning: security scheme `mtls` is mutual TLS, which the client leaves to the `reqwest::Client` it is given; the scheme is skipped\n  --> openapi31_document.yaml:28:5\n   = at #/components/securitySchemes/mtls",
), (
    "openapi31_json_schema",
    "warning: `dependentRequired` is not checked: the properties it names stay optional\n  --> openapi31_json_schema.yaml:75:7\n   = at #/components/schemas/Shape/dependentRequired",
), (
    "openapi31_json_schema",
    "warning: `prefixItems` without a fixed length is generated as an array of any of its item types\n  --> openapi31_json_schema.yaml:47:11\n   = at #/components/schemas/Shape/properties/path/prefixItems",
), (
    "openapi31_json_schema",
    "warning: `patternProperties` (`^m_`) become a map whose keys are not checked against the patterns\n  --> openapi31_json_schema.yaml:56:11\n   = at #/components/schemas/Shape/properties/metrics/patternProperties",
), (
    "openapi31_json_schema",
    "warning: `propertyNames` (pattern `^[a-z]+$`) is not checked: map keys are `String`\n  --> openapi31_json_schema.yaml:61:11\n   = at #/components/schemas/Shape/properties/tags/propertyNames",
), (
    "openapi31_json_schema",
    "warning: `if`/`then`/`else` is not checked: the schema is generated without its conditions\n  --> openapi31_json_schema.yaml:66:11\n   = at #/components/schemas/Shape/properties/fill/if",
), (
    "openapi32",
    "warning: the `query` operation (OpenAPI 3.2's QUERY method) is skipped: the generated client and server speak the methods of OpenAPI 3.1\n  --> openapi32.yaml:37:5\n   = at #/paths/~1orders/query",
), (
    "openapi32",
    "warning: the `COPY` operation (`additionalOperations`, OpenAPI 3.2) is skipped: the generated client and server speak the methods of OpenAPI 3.1\n  --> openapi32.yaml:46:7\n   = at #/paths/~1orders/additionalOperations/COPY",
), (
    "openapi32",
    "warning: `itemSchema` (a stream of items, OpenAPI 3.2) is not read: the body is its raw bytes\n  --> openapi32.yaml:58:15\n   = at #/paths/~1events/get/responses/200/content/application~1jsonl/itemSchema",
)];

fn expected_warnings(feature: &str) -> Vec<&'static str> {
    EXPECTED_WARNINGS
        .iter()
        .filter(|(f, _)| *f == feature)
        .map(|(_, w)| *w)
        .collect()
}

/// Generates a fixture from its file (a multi-file fixture reads the files beside it), named in
/// diagnostics as `<fixture>.yaml` and `<fixture>/...` for the files it refers to.
fn generate(path: &Path) -> codegen::Generated {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let mut generated = generator(path)
        .generate_file(path)
        .unwrap_or_else(|d| panic!("{name} does not generate:\n{d}"));
    let dir = format!("{}/", fixtures_dir().display());
    for w in &mut generated.warnings {
        w.file = w.file.as_ref().map(|f| f.replace(&dir, ""));
        w.note = w.note.as_ref().map(|n| n.replace(&dir, ""));
    }
    generated
}

/// Fixtures that are one file (a split spec cannot be generated from its root's text alone).
fn is_single_file(path: &Path) -> bool {
    !path.with_extension("").is_dir()
}

/// The settings tests/fixture-check's build script uses, so the snapshots are the code it builds.
fn generator(path: &Path) -> codegen::Generator {
    let feature = path.file_stem().unwrap().to_string_lossy();
    codegen::Generator::new().doc_examples(format!("fixture_check::{feature}"))
}

#[test]
fn at_least_sixteen_fixtures() {
    let names: Vec<String> = fixtures().into_iter().map(|(n, _)| n).collect();
    assert!(
        names.len() >= 16,
        "only {} fixtures: {names:?}",
        names.len()
    );
}

#[test]
fn fixtures_snapshots() {
    for (feature, path) in fixtures() {
        let generated = generate(&path);
        let warnings: Vec<String> = generated.warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(
            warnings,
            expected_warnings(&feature),
            "unexpected warnings for {feature}"
        );
        insta::with_settings!({
            snapshot_path => "snapshots",
            prepend_module_to_snapshot => false,
            description => format!("tests/fixtures/{feature}.yaml"),
            omit_expression => true,
        }, {
            insta::assert_snapshot!(feature.as_str(), generated.code);
        });
    }
}

#[test]
fn generation_is_deterministic() {
    for (feature, path) in fixtures() {
        let first = generate(&path).code;
        let second = generate(&path).code;
        assert!(first == second, "{feature}: two generations differ");
        if is_single_file(&path) {
            // A fresh generator from the text gives the same code as from the file.
            let text = std::fs::read_to_string(&path).unwrap();
            let from_text = generator(&path)
                .generate_str(&text, None)
                .unwrap_or_else(|d| panic!("{feature}: {d}"))
                .code;
            assert!(
                first == from_text,
                "{feature}: generate_str differs from generate_file"
            );
        }
    }
}
