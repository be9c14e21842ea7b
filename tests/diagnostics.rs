//! Broken specs (`tests/broken/`, or generated here): each kind of spec error is reported with its
//! message, file, JSON pointer and (where the parser knows it) line and column, and no input
//! panics the generator or overflows a test thread's stack.

use std::path::{Path, PathBuf};

use codegen::{Diagnostic, Diagnostics, Generated, Generator, Position, Severity};

fn broken(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/broken")
        .join(name)
}

/// Runs `job` in a thread with a test thread's 2 MiB stack, inside `catch_unwind`: a panic fails
/// the test with a clear message, a stack overflow aborts the test binary.
fn guarded<F>(what: &str, job: F) -> Result<Generated, Diagnostics>
where
    F: FnOnce() -> Result<Generated, Diagnostics> + Send + std::panic::UnwindSafe + 'static,
{
    let handle = std::thread::Builder::new()
        .name(format!("generate {what}"))
        .stack_size(2 * 1024 * 1024)
        .spawn(move || std::panic::catch_unwind(job))
        .expect("spawn a generator thread");
    match handle.join() {
        Ok(Ok(result)) => result,
        Ok(Err(_)) | Err(_) => panic!("the generator panicked on {what}"),
    }
}

fn generate_file(path: PathBuf) -> Result<Generated, Diagnostics> {
    let what = path.display().to_string();
    guarded(&what, move || Generator::new().generate_file(&path))
}

fn generate_text(text: String, file: &'static str) -> Result<Generated, Diagnostics> {
    guarded(file, move || {
        Generator::new().generate_str(&text, Some(file))
    })
}

/// Each warning of a generation as `<pointer> <message>`.
fn pointed_warnings(generated: &Generated) -> Vec<String> {
    generated
        .warnings
        .iter()
        .map(|w| format!("{} {}", w.pointer, w.message))
        .collect()
}

/// The only diagnostic of a failed generation, which must be an error.
fn single_error(result: Result<Generated, Diagnostics>) -> Diagnostic {
    let diagnostics = match result {
        Ok(_) => panic!("expected the spec to be rejected"),
        Err(d) => d,
    };
    assert_eq!(diagnostics.0.len(), 1, "{diagnostics}");
    let d = diagnostics.0.into_iter().next().unwrap();
    assert_eq!(d.severity, Severity::Error);
    d
}

/// The only diagnostic of a successful generation, which must be a warning, and the generation.
fn single_warning(result: Result<Generated, Diagnostics>) -> (Diagnostic, Generated) {
    let generated = result.unwrap_or_else(|d| panic!("expected the spec to generate:\n{d}"));
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    let d = generated.warnings[0].clone();
    assert_eq!(d.severity, Severity::Warning);
    (d, generated)
}

fn at(line: usize, column: usize) -> Option<Position> {
    Some(Position { line, column })
}

/// Asserts a diagnostic from `tests/broken/<name>` completely.
#[track_caller]
fn assert_diag(
    d: &Diagnostic,
    name: &str,
    message: &str,
    pointer: &str,
    position: Option<Position>,
) {
    assert_eq!(d.message, message);
    assert_eq!(d.pointer, pointer);
    assert_eq!(
        d.file.as_deref(),
        Some(broken(name).display().to_string().as_str())
    );
    assert_eq!(d.position, position, "{d}");
    // The rendering names the same place.
    let rendered = d.to_string();
    let location = match position {
        Some(p) => format!("  --> {}:{}:{}", broken(name).display(), p.line, p.column),
        None => format!("  --> {}", broken(name).display()),
    };
    assert!(rendered.contains(&location), "{rendered}");
    assert!(
        rendered.ends_with(&format!("   = at {pointer}")),
        "{rendered}"
    );
}

#[test]
fn yaml_syntax_error() {
    let d = single_error(generate_file(broken("yaml_syntax.yaml")));
    assert_diag(
        &d,
        "yaml_syntax.yaml",
        "invalid YAML: did not find expected ',' or ']' at line 8 column 16, while parsing a flow sequence at line 7 column 10",
        "#",
        at(8, 16),
    );
}

#[test]
fn invalid_json() {
    let d = single_error(generate_file(broken("invalid_json.json")));
    assert_diag(
        &d,
        "invalid_json.json",
        "invalid JSON: key must be a string at line 4 column 13",
        "#",
        at(4, 13),
    );
}

#[test]
fn unresolved_ref_is_untyped_json_with_a_warning() {
    let (d, generated) = single_warning(generate_file(broken("unresolved_ref.yaml")));
    assert!(
        generated
            .code
            .contains("pub customer: Option<serde_json::Value>"),
        "{}",
        generated.code
    );
    assert_diag(
        &d,
        "unresolved_ref.yaml",
        "unresolved `$ref: #/components/schemas/Customer`: no schema `Customer` in `#/components/schemas`; the value is untyped JSON",
        "#/components/schemas/Order/properties/customer",
        at(9, 9),
    );
}

#[test]
fn ref_to_a_missing_file() {
    let d = single_error(generate_file(broken("external_ref.yaml")));
    let missing = broken("common.yaml");
    assert_diag(
        &d,
        "external_ref.yaml",
        &format!(
            "cannot read `{}` (from `$ref: common.yaml#/components/schemas/Customer`): No such file or directory (os error 2)",
            missing.display()
        ),
        "#/components/schemas/Order/properties/customer",
        at(9, 9),
    );
}

#[test]
fn remote_ref_is_refused() {
    let d = single_error(generate_file(broken("remote_ref.yaml")));
    assert_diag(
        &d,
        "remote_ref.yaml",
        "remote `$ref: https://example.com/schemas/customer.yaml#/Customer` is refused: generation never reads the network; download the file and refer to it by a relative path, or name its local copy (`--remote-ref URL=PATH`, `Generator::remote_ref`)",
        "#/components/schemas/Order/properties/customer",
        at(9, 9),
    );
}

#[test]
fn pointer_that_does_not_resolve_is_untyped_json_with_a_warning() {
    let (d, generated) = single_warning(generate_file(broken("unresolved_pointer.yaml")));
    assert!(
        generated
            .code
            .contains("pub base: Option<serde_json::Value>"),
        "{}",
        generated.code
    );
    assert_diag(
        &d,
        "unresolved_pointer.yaml",
        "unresolved `$ref: #/components/schemas/Base/allOf/3`: no `3` in `#/components/schemas/Base/allOf`; the value is untyped JSON",
        "#/components/schemas/Order/properties/base",
        at(12, 9),
    );
}

#[test]
fn referenced_file_that_is_not_yaml_is_reported_in_that_file() {
    let d = single_error(generate_file(broken("ref_to_non_yaml.yaml")));
    let part = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken-parts/not_yaml.yaml");
    assert_eq!(d.file.as_deref(), Some(part.display().to_string().as_str()));
    assert_eq!(d.position, at(4, 3));
    assert!(
        d.message.starts_with(&format!(
            "`{}` cannot be read: invalid YAML",
            part.display()
        )),
        "{d}"
    );
    assert_eq!(
        d.note.as_deref(),
        Some(
            format!(
                "reached through `$ref: ../broken-parts/not_yaml.yaml#/Customer` at {}:9:9 (#/components/schemas/Order/properties/customer)",
                broken("ref_to_non_yaml.yaml").display()
            )
            .as_str()
        )
    );
}

#[test]
fn a_referenced_file_that_is_not_yaml_is_reported_once_however_many_refs_reach_it() {
    let d = single_error(generate_file(broken("refs_to_one_non_yaml.yaml")));
    assert_eq!(d.position, at(4, 3));
    assert_eq!(
        d.note.as_deref(),
        Some(
            format!(
                "reached through `$ref: ../broken-parts/not_yaml.yaml#/Customer` at {}:9:9 (#/components/schemas/Order/properties/customer), and through 2 more `$ref`s",
                broken("refs_to_one_non_yaml.yaml").display()
            )
            .as_str()
        )
    );
}

#[test]
fn a_warning_in_a_referenced_file_points_into_that_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("schemas")).unwrap();
    std::fs::write(
        dir.path().join("api.yaml"),
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        customer: {$ref: './schemas/Customer.yaml'}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("schemas/Customer.yaml"),
        "type: object\nproperties:\n  tier:\n    type: integer\n    minimum: 123456789012345678901234567890\n",
    )
    .unwrap();
    let root = dir.path().join("api.yaml");
    let generated = Generator::new()
        .generate_file(&root)
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    let w = &generated.warnings[0];
    let part = dir.path().join("schemas/Customer.yaml");
    assert_eq!(w.file.as_deref(), Some(part.display().to_string().as_str()));
    assert_eq!(w.pointer, "#/properties/tier/minimum");
    assert_eq!(w.position, at(5, 5));
    assert_eq!(
        w.note.as_deref(),
        Some(
            format!(
                "reached through `$ref: ./schemas/Customer.yaml` at {}:9:20 (#/components/schemas/Order/properties/customer/$ref)",
                root.display()
            )
            .as_str()
        )
    );
    assert_eq!(
        generated.files,
        vec![root.clone(), part.clone()],
        "every file read, the root first"
    );
}

#[test]
fn cyclic_ref_chain_is_untyped_json_with_a_warning() {
    let generated = generate_file(broken("cyclic_ref.yaml")).unwrap_or_else(|d| panic!("{d}"));
    let diagnostics = Diagnostics(generated.warnings);
    // Both entry points into the loop are reported, each where it starts.
    assert_eq!(diagnostics.0.len(), 2, "{diagnostics}");
    assert_diag(
        &diagnostics.0[0],
        "cyclic_ref.yaml",
        "cyclic `$ref` chain: B -> A -> B; the value is untyped JSON",
        "#/components/schemas/A",
        at(6, 5),
    );
    assert_diag(
        &diagnostics.0[1],
        "cyclic_ref.yaml",
        "cyclic `$ref` chain: A -> B -> A; the value is untyped JSON",
        "#/components/schemas/B",
        at(8, 5),
    );
    assert!(diagnostics
        .0
        .iter()
        .all(|d| d.severity == Severity::Warning));
    assert!(
        generated.code.contains("pub type A = serde_json::Value;"),
        "{}",
        generated.code
    );
}

#[test]
fn duplicate_operation_id_gets_a_numbered_method() {
    let (d, generated) = single_warning(generate_file(broken("duplicate_operation_id.yaml")));
    assert_eq!(generated.api.operations.len(), 2);
    assert!(generated.code.contains("pub fn fetch_2<'a>("));
    assert_diag(
        &d,
        "duplicate_operation_id.yaml",
        "duplicate operationId `fetch` (first used at #/paths/~1a/get); this operation's method gets a numbered name",
        "#/paths/~1b/get/operationId",
        at(11, 7),
    );
}

#[test]
fn path_template_variable_without_parameter_becomes_a_string_parameter() {
    let (d, generated) = single_warning(generate_file(broken("undeclared_path_param.yaml")));
    assert!(generated
        .code
        .contains("pub fn get_item<'a>(&'a self, item_id: &'a str)"));
    assert_diag(
        &d,
        "undeclared_path_param.yaml",
        "path template variable `{itemId}` in `/items/{itemId}` has no path parameter declared; it is a required string parameter",
        "#/paths/~1items~1{itemId}/get",
        at(5, 5),
    );
}

#[test]
fn path_parameter_not_in_the_path_is_ignored() {
    let (d, generated) = single_warning(generate_file(broken("unused_path_param.yaml")));
    assert!(generated.code.contains("pub fn list_items<'a>(&'a self)"));
    assert_diag(
        &d,
        "unused_path_param.yaml",
        "path parameter `itemId` does not appear in the path `/items`; it is ignored",
        "#/paths/~1items/get/parameters/0",
        at(8, 15),
    );
}

#[test]
fn swagger_2_errors_point_at_the_2_0_lines() {
    // The body parameter becomes the request body, so the path parameter is the first of the
    // converted operation's; the error still names the 2.0 document's second parameter.
    let (d, _) = single_warning(generate_file(broken("swagger2_unused_path_param.yaml")));
    assert_diag(
        &d,
        "swagger2_unused_path_param.yaml",
        "path parameter `itemId` does not appear in the path `/items`; it is ignored",
        "#/paths/~1items/post/parameters/1",
        at(8, 11),
    );
}

/// A 3.1 document is normalised into the 3.0 model before lowering; an error found in a part
/// that moved (`anyOf: [null, $ref]` becomes `allOf: [$ref]`) still names the 3.1 place and line.
#[test]
fn openapi_3_1_diagnostics_name_the_3_1_place() {
    let (d, _) = single_warning(generate_file(broken("openapi31.yaml")));
    assert_diag(
        &d,
        "openapi31.yaml",
        "unresolved `$ref: #/components/schemas/Owner`: no schema `Owner` in `#/components/schemas`; the value is untyped JSON",
        "#/components/schemas/Pet/properties/owner/anyOf/1",
        at(12, 19),
    );
}

#[test]
fn empty_file() {
    let d = single_error(generate_file(broken("empty.yaml")));
    assert_diag(&d, "empty.yaml", "the spec is empty", "#", None);
    // Whitespace only is empty too.
    let d = single_error(generate_text(" \n\t\n".into(), "blank.yaml"));
    assert_eq!(d.message, "the spec is empty");
}

#[test]
fn binary_files() {
    let dir = tempfile::tempdir().unwrap();
    // Not UTF-8 at all (a PNG header).
    let png = dir.path().join("logo.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap();
    let d = single_error(generate_file(png.clone()));
    assert_eq!(
        d.message,
        "the spec is not UTF-8 text (invalid byte at offset 0)"
    );
    assert_eq!(d.pointer, "#");
    assert_eq!(d.file.as_deref(), Some(png.display().to_string().as_str()));
    assert_eq!(d.position, None);
    // Valid UTF-8 with NUL bytes.
    let nul = dir.path().join("spec.yaml");
    std::fs::write(
        &nul,
        b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\n\0\x01\x02\0",
    )
    .unwrap();
    let d = single_error(generate_file(nul.clone()));
    assert_eq!(
        d.message,
        "the spec contains NUL bytes; it is a binary file, not YAML or JSON"
    );
    assert_eq!(d.pointer, "#");
    assert_eq!(d.file.as_deref(), Some(nul.display().to_string().as_str()));
}

#[test]
fn binary_file_error_has_no_misleading_position() {
    let d = single_error(generate_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n\0".into(),
        "nul.yaml",
    ));
    assert_eq!(d.position, None);
}

const HEADER: &str =
    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n";

#[test]
fn nesting_3000_levels_deep() {
    // Flow style, one line.
    let mut text = format!("{HEADER}    Deep: ");
    text.push_str(&"{type: array, items: ".repeat(3000));
    text.push_str("{type: string}");
    text.push_str(&"}".repeat(3000));
    text.push('\n');
    let d = single_error(generate_text(text, "deep.yaml"));
    assert_eq!(
        d.message,
        "invalid YAML: recursion limit exceeded at line 6 column 2636"
    );
    assert_eq!((d.pointer.as_str(), d.position), ("#", at(6, 2636)));
    assert_eq!(d.file.as_deref(), Some("deep.yaml"));

    // Block style, one level per line.
    let mut text = format!("{HEADER}    Deep:\n");
    for i in 0..3000 {
        let indent = " ".repeat(6 + 2 * i);
        text.push_str(&format!("{indent}type: array\n{indent}items:\n"));
    }
    text.push_str(&format!("{}type: string\n", " ".repeat(6 + 2 * 3000)));
    let d = single_error(generate_text(text, "deep-block.yaml"));
    assert_eq!(
        d.message,
        "invalid YAML: recursion limit exceeded at line 257 column 257"
    );
    assert_eq!((d.pointer.as_str(), d.position), ("#", at(257, 257)));

    // JSON.
    let mut text = String::from(
        r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"Deep":"#,
    );
    text.push_str(&r#"{"type":"array","items":"#.repeat(3000));
    text.push_str(r#"{"type":"string"}"#);
    text.push_str(&"}".repeat(3003));
    let d = single_error(generate_text(text, "deep.json"));
    assert_eq!(
        d.message,
        "invalid JSON: recursion limit exceeded at line 1 column 3074"
    );
    assert_eq!((d.pointer.as_str(), d.position), ("#", at(1, 3074)));
}

#[test]
fn nesting_within_the_parser_limit_generates() {
    // 30 inline levels (60 YAML levels) parse and lower, hoisting one type per level.
    let mut text = format!("{HEADER}    Deep: ");
    text.push_str(&"{type: object, properties: {a: ".repeat(30));
    text.push_str("{type: string}");
    text.push_str(&"}}".repeat(30));
    text.push('\n');
    let generated = generate_text(text, "nested.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert!(generated.warnings.is_empty());
    assert_eq!(generated.api.types.len(), 30);
}

#[test]
fn integer_beyond_64_bits_in_json_generates_with_a_warning() {
    let generated = generate_file(broken("huge_integer.json")).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    let w = &generated.warnings[0];
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(
        w.message,
        "`minimum: 1.2345678901234568e+29` does not fit a 64-bit integer; the constraint is ignored"
    );
    assert_eq!(w.pointer, "#/components/schemas/Big/minimum");
    assert_eq!(w.position, at(9, 9));
    assert!(generated.code.contains("pub type Big = i64;"));
}

#[test]
fn integer_bounds_written_as_whole_floats_are_kept() {
    // Serializers of Rust and Python models often write an integer's bounds as floats.
    let text = format!(
        "{HEADER}    Limit: {{type: integer, format: int64, minimum: 1.0, maximum: 100.0, multipleOf: 5.0}}\n    \
         Code: {{type: string, minLength: 2.0, maxLength: 8.0}}\n    \
         Level: {{type: integer, enum: [1.0, 2, 3.0]}}\n"
    );
    let generated = generate_text(text, "whole_floats.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    // (Before, each was dropped with a warning, and `1.0` left the enum.)
    for note in [
        "minimum: 1\n",
        "maximum: 100\n",
        "min length: 2\n",
        "max length: 8\n",
    ] {
        assert!(
            generated.code.contains(note),
            "no `{note}` in\n{}",
            generated.code
        );
    }
    // A fractional bound on an integer still cannot be held, and says so.
    let text = format!("{HEADER}    Half: {{type: integer, maximum: 2.5}}\n");
    let generated = generate_text(text, "half.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(pointed_warnings(&generated), ["#/components/schemas/Half/maximum `maximum: 2.5` does not fit a 64-bit integer; the constraint is ignored"]);
}

#[test]
fn integer_beyond_64_bits_in_yaml_generates_with_a_warning() {
    let generated = generate_file(broken("huge_integer.yaml")).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    let w = &generated.warnings[0];
    assert_eq!(w.pointer, "#/components/schemas/Big/minimum");
    assert_eq!(w.position, at(8, 7));
    assert!(w.message.contains("does not fit a 64-bit integer"), "{w}");
    assert!(generated.code.contains("pub type Big = i64;"));
}

#[test]
fn names_colliding_after_case_conversion_generate() {
    let generated = generate_file(broken("colliding_names.yaml")).unwrap_or_else(|d| panic!("{d}"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let names: Vec<&str> = generated
        .api
        .types
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    // The schema spelled as Rust keeps its name; the others are numbered by spec name
    // (`user-profile` < `user_profile`), whatever the document's order.
    assert_eq!(names, ["UserProfile3", "UserProfile", "UserProfile2"]);
    let code = &generated.code;
    assert!(code.contains("pub type UserProfile = String;"), "{code}");
    assert!(code.contains("pub type UserProfile2 = i64;"), "{code}");
    assert!(code.contains("pub struct UserProfile3 {"), "{code}");
    // Each field with the wire name it is renamed from (`foo_bar` is already snake_case).
    let lines: Vec<&str> = code.lines().map(str::trim).collect();
    for (wire, field) in [
        ("foo_bar", "pub foo_bar: Option<String>,"),
        ("FOO-BAR", "pub foo_bar_2: Option<String>,"),
        ("fooBar", "pub foo_bar_3: Option<String>,"),
    ] {
        let at = lines
            .iter()
            .position(|l| *l == field)
            .unwrap_or_else(|| panic!("missing `{field}` in:\n{code}"));
        let renamed = lines[at - 1].contains(&format!("rename = \"{wire}\""));
        assert_eq!(
            renamed,
            wire != "foo_bar",
            "`{field}` is not `{wire}`:\n{code}"
        );
    }
    // Deterministic: the same names every time.
    let again = generate_file(broken("colliding_names.yaml")).unwrap();
    assert!(again.code == generated.code);
}

#[test]
fn ten_thousand_schemas_generate() {
    let mut text = String::from(HEADER);
    for i in 0..10_000 {
        let next = (i + 1) % 10_000;
        text.push_str(&format!(
            "    Schema{i}:\n      type: object\n      required: [id]\n      properties:\n        id: {{type: integer, format: int64}}\n        next: {{$ref: '#/components/schemas/Schema{next}'}}\n"
        ));
    }
    let generated = generate_text(text, "many.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert!(generated.warnings.is_empty());
    assert_eq!(generated.api.types.len(), 10_000);
    assert!(generated.code.contains("pub struct Schema9999 {"));
    // The 10,000-long reference cycle is broken with a box somewhere.
    assert!(generated.code.contains("Option<Box<Schema"));
}

#[test]
fn every_broken_spec_is_rejected_or_generated_without_panicking() {
    let mut seen = 0;
    for entry in std::fs::read_dir(broken("")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let result = generate_file(path);
        let diagnostics: Vec<Diagnostic> = match result {
            Ok(generated) => generated.warnings,
            Err(d) => {
                assert!(d.has_errors(), "{name}: an Err without errors: {d}");
                d.0
            }
        };
        for d in diagnostics {
            assert!(d.pointer.starts_with('#'), "{name}: {d}");
            // Located in the spec, or in a file it refers to, saying which `$ref` led there.
            assert!(
                d.file.as_deref().is_some_and(|f| f.ends_with(&name))
                    || d.note.as_deref().is_some_and(|n| n.contains(&name)),
                "{name}: {d}"
            );
            assert!(!d.message.is_empty());
        }
        seen += 1;
    }
    assert!(seen >= 14, "only {seen} broken specs");
}

/// `levels` nested schemas of one kind (`open`, a leaf, `close`), as component `Deep`.
fn nested(open: &str, close: &str, levels: usize) -> String {
    format!(
        "{HEADER}    Deep: {}{{type: string}}{}\n",
        open.repeat(levels),
        close.repeat(levels)
    )
}

#[test]
fn nesting_up_to_the_parser_limit_generates_on_a_small_stack() {
    // Each case nests as deep as the YAML parser allows (128 levels, 3 used by the header),
    // through every recursive construct. On a test thread's 2 MiB stack an unoptimised
    // deserializer, `syn` and prettyplease overflowed at 32-60 levels; the pipeline now runs
    // on a thread with a stack of its own.
    // (construct, opening, closing, levels, a text repeated once per level in the output)
    let cases = [
        ("items", "{type: array, items: ", "}", 124, "Vec<"),
        (
            "additionalProperties",
            "{type: object, additionalProperties: ",
            "}",
            124,
            "BTreeMap<",
        ),
        (
            "not",
            "{not: ",
            "}",
            124,
            "pub type Deep = serde_json::Value;",
        ),
        ("allOf", "{allOf: [", "]}", 62, "pub type Deep = String;"),
        (
            "properties",
            "{type: object, properties: {a: ",
            "}}",
            62,
            "pub struct Deep",
        ),
        (
            "oneOf",
            "{oneOf: [{type: integer}, ",
            "]}",
            62,
            "pub enum Deep",
        ),
    ];
    for (what, open, close, levels, repeated) in cases {
        let text = nested(open, close, levels);
        let generated =
            generate_text(text, "deep.yaml").unwrap_or_else(|d| panic!("{what} x{levels}: {d}"));
        assert!(generated.warnings.is_empty(), "{what}");
        let count = generated.code.matches(repeated).count();
        let expected = if repeated.starts_with("pub type") {
            1
        } else {
            levels
        };
        assert!(
            count >= expected,
            "{what}: `{repeated}` {count} times in the output, expected {expected}"
        );
    }
    // One level more than the parser allows is a located error, not an overflow.
    let d = single_error(generate_text(
        nested("{type: array, items: ", "}", 126),
        "deep.yaml",
    ));
    assert_eq!(
        d.message,
        "invalid YAML: recursion limit exceeded at line 6 column 2636"
    );
    assert_eq!(d.position, at(6, 2636));
}

#[test]
fn ten_thousand_long_ref_chain_generates() {
    // S0 -> S1 -> ... -> S10000, a string. Each `$ref` used to be followed to its end again for
    // every schema in the chain, with a linear `seen` check: O(n^3), which never finished.
    let mut text = String::from(HEADER);
    for i in 0..10_000 {
        text.push_str(&format!(
            "    S{i}: {{$ref: '#/components/schemas/S{}'}}\n",
            i + 1
        ));
    }
    text.push_str("    S10000: {type: string}\n");
    let generated = generate_text(text, "chain.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(generated.api.types.len(), 10_001);
    assert!(generated.code.contains("pub type S0 = S1;"));
    assert!(generated.code.contains("pub type S10000 = String;"));
}

#[test]
fn ten_thousand_long_ref_cycle_is_reported_briefly() {
    // S0 -> S1 -> ... -> S9999 -> S0: every schema is an entry into the cycle; each gets one
    // error naming the ends of its chain (not 10,000 names), in linear time.
    let mut text = String::from(HEADER);
    for i in 0..10_000 {
        text.push_str(&format!(
            "    S{i}: {{$ref: '#/components/schemas/S{}'}}\n",
            (i + 1) % 10_000
        ));
    }
    let generated = generate_text(text, "cycle.yaml").unwrap_or_else(|d| panic!("{d}"));
    let diagnostics = Diagnostics(generated.warnings);
    assert_eq!(diagnostics.0.len(), 10_000);
    let first = &diagnostics.0[0];
    assert_eq!(
        first.message,
        "cyclic `$ref` chain: S1 -> S2 -> S3 -> S4 -> ... (9994 more) ... -> S9999 -> S0 -> S1; the value is untyped JSON"
    );
    assert_eq!(first.pointer, "#/components/schemas/S0");
    assert_eq!(first.position, at(6, 5));
    let last = &diagnostics.0[9_999];
    assert_eq!(
        last.message,
        "cyclic `$ref` chain: S0 -> S1 -> S2 -> S3 -> ... (9994 more) ... -> S9998 -> S9999 -> S0; the value is untyped JSON"
    );
    assert_eq!(last.pointer, "#/components/schemas/S9999");
    assert!(diagnostics.0.iter().all(|d| d.message.len() < 230));
}

#[test]
fn unreadable_schema_deep_inside_others_is_untyped_alone_and_quickly() {
    // A `type` that is not a string, 40 `items` levels down. Reading the whole document made
    // serde retry every variant of openapiv3's untagged schema enums at every level: time
    // doubling per level (found by the fuzzer, kept in codegen/tests/fuzz-regressions/).
    let mut text = format!("{HEADER}    Plain: {{type: string}}\n    Deep: ");
    text.push_str(&"{type: array, items: ".repeat(40));
    text.push_str("{type: {oops: 1}}");
    text.push_str(&"}".repeat(40));
    text.push('\n');
    let generated = generate_text(text, "typo.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    let w = &generated.warnings[0];
    // Only the innermost schema, the one with the bad `type`, is untyped: `Deep` stays 40
    // nested arrays.
    let inner = format!("#/components/schemas/Deep{}", "/items".repeat(40));
    assert_eq!(w.pointer, inner);
    // (at the last `items` key, the one holding it)
    assert_eq!(w.position, at(7, 11 + 21 * 40 - "items: ".len()));
    // The keyword at fault is named: serde's own path stops at the schema.
    assert_eq!(
        w.message,
        format!("this schema could not be read (invalid type: map, expected a string, at {inner}/type); it is read as an untyped JSON value")
    );
    let deep = format!(
        "pubtypeDeep={}serde_json::Value{};",
        "Vec<".repeat(40),
        ">".repeat(40)
    );
    // (as written out of formatting: prettyplease breaks the long type over lines with commas)
    let code = generated
        .code
        .split_whitespace()
        .collect::<String>()
        .replace(",>", ">");
    assert!(code.contains(&deep), "{}", generated.code);
    assert!(generated.code.contains("pub type Plain = String;"));
}

#[test]
fn diamond_all_of_inheritance_thirty_levels_deep_generates() {
    // S(i) = allOf [A(i), B(i)], A(i) and B(i) = allOf [S(i+1), own property]: every level
    // doubles the paths to the bottom. Following each path took time exponential in the depth
    // (never finished at 30 levels); each schema is now merged once per struct.
    let mut text = String::from(HEADER);
    for i in 0..30 {
        let next = i + 1;
        text.push_str(&format!(
            "    S{i}:\n      allOf: [{{$ref: '#/components/schemas/A{i}'}}, {{$ref: '#/components/schemas/B{i}'}}]\n    A{i}:\n      allOf: [{{$ref: '#/components/schemas/S{next}'}}, {{properties: {{a{i}: {{type: string}}}}}}]\n    B{i}:\n      allOf: [{{$ref: '#/components/schemas/S{next}'}}, {{properties: {{b{i}: {{type: string}}}}}}]\n"
        ));
    }
    text.push_str("    S30: {type: object, properties: {last: {type: string}}}\n");
    let generated = generate_text(text, "diamond.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let s0 = generated
        .api
        .types
        .iter()
        .find(|t| t.name == "S0")
        .expect("S0");
    let codegen::ir::Shape::Struct(s) = &s0.shape else {
        panic!("S0 is not a struct");
    };
    let mut fields: Vec<&str> = s.fields.iter().map(|f| f.wire.as_str()).collect();
    fields.sort();
    let mut expected: Vec<String> = (0..30)
        .flat_map(|i| [format!("a{i}"), format!("b{i}")])
        .chain(["last".to_string()])
        .collect();
    expected.sort();
    assert_eq!(fields, expected);
}

#[test]
fn all_of_cycle_merges_both_sides() {
    // A = allOf [B, {a}], B = allOf [A, {b}]: both have a and b.
    let text = format!(
        "{HEADER}    A: {{allOf: [{{$ref: '#/components/schemas/B'}}, {{properties: {{a: {{type: string}}}}}}]}}\n    B: {{allOf: [{{$ref: '#/components/schemas/A'}}, {{properties: {{b: {{type: string}}}}}}]}}\n"
    );
    let generated = generate_text(text, "cycle.yaml").unwrap_or_else(|d| panic!("{d}"));
    for name in ["A", "B"] {
        let def = generated.api.types.iter().find(|t| t.name == name).unwrap();
        let codegen::ir::Shape::Struct(s) = &def.shape else {
            panic!("{name} is not a struct");
        };
        let mut fields: Vec<&str> = s.fields.iter().map(|f| f.wire.as_str()).collect();
        fields.sort();
        assert_eq!(fields, ["a", "b"], "{name}");
    }
}

#[test]
fn unreadable_schema_under_a_default_response_is_found_quickly() {
    // The `default` response is not a schema's `default` value: its schemas are checked too
    // (a fuzzer find: 27 levels of additionalProperties there made loading exponential).
    let mut schema = String::from("{type: {oops: 1}}");
    for _ in 0..27 {
        schema = format!("{{type: object, additionalProperties: {schema}}}");
    }
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      responses:\n        default:\n          description: error\n          content:\n            application/json:\n              schema: {schema}\n"
    );
    let generated = generate_text(text, "default.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    let w = &generated.warnings[0];
    // The operation stays, its default response a map of maps with untyped values at the bottom.
    let inner = format!(
        "#/paths/~1a/get/responses/default/content/application~1json/schema{}",
        "/additionalProperties".repeat(27)
    );
    assert_eq!(w.pointer, inner);
    assert_eq!(
        w.message,
        format!("this schema could not be read (invalid type: map, expected a string, at {inner}/type); it is read as an untyped JSON value")
    );
    assert_eq!(generated.api.operations.len(), 1);
}

#[test]
fn an_unreadable_part_of_an_operation_outside_schemas_skips_only_that_operation_and_null_scopes_are_none(
) {
    // Hatchet's `content:` left empty by an indent, a `servers` that is not a list: the model's
    // error names only `#/paths`, so each operation is read on its own to find it. Square's
    // `security: [{oauth2: null}]` is read as no scopes.
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'204': {description: ok}}\n  /revoke:\n    post:\n      security: [{oauth2: null}]\n      responses: {'204': {description: ok}}\n  /hook:\n    post:\n      requestBody:\n        content:\n      responses: {'204': {description: ok}}\n  /broken:\n    servers: 5\n    get:\n      responses: {'204': {description: ok}}\ncomponents:\n  securitySchemes:\n    oauth2: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://x.example/token', scopes: {}}}}\n";
    let generated =
        generate_text(text.to_string(), "partial.yaml").unwrap_or_else(|d| panic!("{d}"));
    let found: Vec<(&str, &str, Option<Position>)> = generated
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.message.as_str(), w.position))
        .collect();
    assert_eq!(
        found,
        [
            (
                "#/paths/~1revoke/post/security/0/oauth2",
                "the scopes of `oauth2` are `null`; they are taken as none",
                at(9, 19),
            ),
            (
                "#/paths/~1hook/post",
                "operation POST /hook could not be read (invalid type: null, expected a map, at #/paths/~1hook/post/requestBody); it is skipped",
                at(12, 5),
            ),
            (
                "#/paths/~1broken",
                "path `/broken` could not be read (invalid type: integer `5`, expected a sequence); it is skipped",
                at(16, 3),
            ),
        ]
    );
    let ops: Vec<&str> = generated
        .api
        .operations
        .iter()
        .map(|o| o.path.as_str())
        .collect();
    assert_eq!(ops, ["/a", "/revoke"]);
}

#[test]
fn a_parameter_style_its_location_does_not_define_is_read_as_its_equivalent() {
    // Okta's `in: query, style: simple`: comma-joined, which is `form` unexploded.
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      parameters:\n        - {name: ids, in: query, style: simple, explode: true, schema: {type: array, items: {type: string}}}\n        - {name: id, in: path, required: true, style: form, schema: {type: array, items: {type: integer}}}\n        - {name: X-Tags, in: header, style: form, schema: {type: array, items: {type: string}}}\n      responses: {'204': {description: ok}}\n";
    let generated =
        generate_text(text.to_string(), "styles.yaml").unwrap_or_else(|d| panic!("{d}"));
    let found: Vec<(&str, &str)> = generated
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "#/paths/~1a~1{id}/get/parameters/0/style",
                "style `simple` is not defined for a query parameter; it is read as `form` (explode false)"
            ),
            (
                "#/paths/~1a~1{id}/get/parameters/1/style",
                "style `form` is not defined for a path parameter; it is read as `simple` (explode false)"
            ),
            (
                "#/paths/~1a~1{id}/get/parameters/2/style",
                "style `form` is not defined for a header parameter; it is read as `simple` (explode false)"
            ),
        ]
    );
    let params = &generated.api.operations[0].params;
    let ids = params.iter().find(|p| p.wire == "ids").unwrap();
    assert_eq!(
        (ids.style, ids.explode),
        (codegen::ir::QueryStyle::Form, false)
    );
    assert_eq!(params.len(), 3);
}

#[test]
fn an_inlined_ref_that_leads_back_to_itself_is_a_located_error_not_a_hang() {
    // A fuzzer find: `content: {$ref: '#/paths'}` inside `paths` made the bundler copy `paths`
    // into itself, doubling at each pass; two path items' bodies referring to each other too.
    let own_ancestor = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      requestBody:\n        content: {$ref: '#/paths'}\n      responses: {'204': {description: ok}}\n";
    let each_other = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    post:\n      requestBody:\n        content: {$ref: '#/paths/~1b'}\n      responses: {'204': {description: ok}}\n  /b:\n    post:\n      requestBody:\n        content: {$ref: '#/paths/~1a'}\n      responses: {'204': {description: ok}}\n";
    for (text, reference) in [(own_ancestor, "#/paths"), (each_other, "#/paths/~1b")] {
        let diagnostics = generate_text(text.to_string(), "loop.yaml").expect_err("a loop");
        let first = &diagnostics.0[0];
        assert_eq!(first.severity, Severity::Error);
        assert_eq!(first.pointer, "#/paths/~1a/post/requestBody/content/$ref");
        assert_eq!(first.position, at(7, 19));
        assert!(
            first
                .message
                .starts_with(&format!("`$ref: {reference}` leads back to itself")),
            "{}",
            first.message
        );
    }
}

#[test]
fn long_all_of_chain_gets_one_warning_per_schema_at_the_schema() {
    // S0 allOf S1 allOf ... S1000, each adding a property: inheritance deeper than 64 levels is
    // cut there, with a warning for each schema that has it, pointing at that schema.
    let mut text = String::from(HEADER);
    for i in 0..1000 {
        text.push_str(&format!(
            "    S{i}: {{allOf: [{{$ref: '#/components/schemas/S{}'}}, {{properties: {{p{i}: {{type: string}}}}}}]}}\n",
            i + 1
        ));
    }
    text.push_str("    S1000: {type: object, properties: {last: {type: string}}}\n");
    let generated = generate_text(text, "chain.yaml").unwrap_or_else(|d| panic!("{d}"));
    let diagnostics = Diagnostics(generated.warnings);
    // S0's members S1, S2, ... are levels 0, 1, ...: S66 is past the limit, so S0 .. S934 are cut.
    assert_eq!(diagnostics.0.len(), 935, "{}", diagnostics.0[0]);
    let first = &diagnostics.0[0];
    assert_eq!(
        first.message,
        "allOf inheritance is more than 64 levels deep (past #/components/schemas/S66); the members past that level are left out"
    );
    assert_eq!(first.pointer, "#/components/schemas/S0");
    assert_eq!(first.position, at(6, 5));
    let last = &diagnostics.0[934];
    assert_eq!(last.pointer, "#/components/schemas/S934");
}

#[test]
fn unreadable_schema_of_an_x_header_is_found_quickly() {
    // A header named `x-next` is a header, not an extension (a fuzzer find: 23 nested oneOfs
    // ending in a `oneOf` that is a string made loading exponential).
    let mut schema = String::from("{oneOf: not-a-list}");
    for _ in 0..23 {
        schema = format!("{{oneOf: [{schema}, {{type: string}}]}}");
    }
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          headers:\n            x-next:\n              schema: {schema}\n"
    );
    let generated = generate_text(text, "header.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(generated.warnings.len(), 1, "{:?}", generated.warnings);
    let w = &generated.warnings[0];
    let inner = format!(
        "#/paths/~1a/get/responses/200/headers/x-next/schema{}",
        "/oneOf/0".repeat(23)
    );
    assert_eq!(w.pointer, inner);
    assert!(
        w.message.starts_with("this schema could not be read ("),
        "{}",
        w.message
    );
    assert_eq!(generated.api.operations.len(), 1);
}

#[test]
fn a_split_swagger_2_spec_is_bundled_before_it_is_converted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("defs")).unwrap();
    std::fs::write(
        dir.path().join("api.yaml"),
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\nhost: api.example.com\npaths:\n  /pets/{id}:\n    get:\n      operationId: getPet\n      produces: [application/json]\n      parameters:\n        - $ref: './defs/params.yaml#/PetId'\n      responses:\n        '200':\n          description: ok\n          schema: {$ref: './defs/Pet.yaml'}\ndefinitions:\n  Pet: {$ref: './defs/Pet.yaml'}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("defs/Pet.yaml"),
        "type: object\nrequired: [name]\nproperties:\n  name: {type: string}\n  tag: {type: string, x-nullable: true}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("defs/params.yaml"),
        "PetId: {name: id, in: path, required: true, type: string}\n",
    )
    .unwrap();
    let generated = Generator::new()
        .generate_file(dir.path().join("api.yaml"))
        .unwrap_or_else(|d| panic!("{d}"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    assert!(
        generated.code.contains("pub struct Pet {"),
        "{}",
        generated.code
    );
    assert!(generated.code.contains("pub fn get_pet<'a>("));
    assert!(generated.code.contains("Result<super::types::Pet, Error>"));
    assert_eq!(generated.files.len(), 3);
}

#[test]
fn a_missing_info_title_or_version_is_a_warning_not_a_failure() {
    // FastAPI-style exports and hand-written specs leave `version` out; the rest is usable.
    for (version, info, warning) in [
        (
            "3.0.3",
            "info: {title: T}\n",
            "`info` has no `version`; it is taken as empty",
        ),
        (
            "3.1.0",
            "info: {title: T}\n",
            "`info` has no `version`; it is taken as empty",
        ),
        (
            "3.0.3",
            "info: {version: '1'}\n",
            "`info` has no `title`; it is taken as empty",
        ),
        (
            "3.0.3",
            "",
            "the spec has no `info`; its title and version are taken as empty",
        ),
        (
            "3.1.0",
            "info: [T]\n",
            "`info` is not an object; its title and version are taken as empty",
        ),
    ] {
        let text = format!(
            "openapi: {version}\n{info}paths: {{}}\ncomponents: {{schemas: {{A: {{type: string}}}}}}\n"
        );
        let generated =
            generate_text(text.clone(), "info.yaml").unwrap_or_else(|d| panic!("{text}: {d}"));
        let messages: Vec<&str> = generated
            .warnings
            .iter()
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(messages, [warning], "{text}");
    }
    // YAML reads `version: 1.0` as a number: it is the version, without a warning.
    let generated = generate_text(
        "openapi: 3.0.3\ninfo: {title: T, version: 1.0}\npaths: {}\n".into(),
        "info.yaml",
    )
    .unwrap_or_else(|d| panic!("{d}"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    assert_eq!(generated.api.version, "1.0");
}

#[test]
fn yaml_merge_keys_share_a_block_of_keys() {
    let text = "openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
x-blocks:
  id: &id
    type: object
    required: [id]
    properties:
      id: {type: string}
  named: &named
    properties:
      name: {type: string}
    description: From the second block.
components:
  schemas:
    Pet:
      <<: [*id, *named]
      description: A pet.
";
    let generated = generate_text(text.into(), "merge.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let code = &generated.code;
    // The first merged block's `properties` wins over the second's; the mapping's own
    // `description` over both.
    assert!(code.contains("/// A pet.\n"), "{code}");
    assert!(
        code.contains("pub struct Pet {\n        pub id: String,\n    }"),
        "{code}"
    );
}

#[test]
fn an_unquoted_version_is_read_as_its_text() {
    // YAML reads `swagger: 2.0` and `openapi: 3.1` as numbers.
    for header in ["swagger: 2.0", "openapi: 3.0", "openapi: 3.1"] {
        let text = format!("{header}\ninfo: {{title: T, version: '1'}}\npaths: {{}}\n");
        let generated =
            generate_text(text.clone(), "version.yaml").unwrap_or_else(|d| panic!("{text}: {d}"));
        assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    }
    let refused = generate_text(
        "openapi: 4.0\ninfo: {title: T, version: '1'}\npaths: {}\n".into(),
        "version.yaml",
    )
    .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("unsupported `openapi` version \"4.0\""),
        "{refused}"
    );
}

#[test]
fn server_variables_take_their_defaults_in_the_base_url() {
    let text = "openapi: 3.0.3
info: {title: T, version: '1'}
servers:
  - url: '{scheme}://{region}.example.com/{base}/{unknown}'
    variables:
      scheme: {default: https, enum: [https, http]}
      region: {default: eu}
      base: {default: v1}
paths: {}
";
    let generated = generate_text(text.into(), "servers.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(
        generated.api.servers,
        ["https://eu.example.com/v1/{unknown}"]
    );
    assert!(
        generated
            .code
            .contains("\"https://eu.example.com/v1/{unknown}\""),
        "{}",
        generated.code
    );
}

#[test]
fn a_path_without_a_leading_slash_is_read_with_one() {
    let text = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  things:
    get:
      operationId: listThings
      responses: {'204': {description: ok}}
  other:
    get:
      operationId: listOther
      responses: {'204': {description: ok}}
  /other:
    get:
      operationId: listOtherRooted
      responses: {'204': {description: ok}}
";
    let generated = generate_text(text.into(), "paths.yaml").unwrap_or_else(|d| panic!("{d}"));
    let ops: Vec<(&str, &str)> = generated
        .api
        .operations
        .iter()
        .map(|o| (o.id.as_str(), o.path.as_str()))
        .collect();
    assert_eq!(
        ops,
        [("listThings", "/things"), ("listOtherRooted", "/other")]
    );
    let warnings: Vec<(&str, &str)> = generated
        .warnings
        .iter()
        .map(|w| (w.pointer.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(
        warnings,
        [
            (
                "#/paths/things",
                "path `things` does not start with `/`; it is read as `/things`"
            ),
            (
                "#/paths/other",
                "path `other` does not start with `/`, and `/other` is written too; it is skipped"
            ),
        ]
    );
    assert_eq!(generated.warnings[0].position, at(4, 3));
}

#[test]
fn a_security_requirement_naming_no_scheme_is_a_warning() {
    let text = "openapi: 3.0.3
info: {title: T, version: '1'}
security: [{token: []}, {token: [], oauth: [read]}]
paths:
  /a:
    get:
      security: [{apiKey: []}]
      responses: {'204': {description: ok}}
  /b:
    get:
      security: [{apiKey: []}]
      responses: {'204': {description: ok}}
  /c:
    get:
      security: [{apiKey: []}, {oauth: []}]
      responses: {'204': {description: ok}}
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
";
    let generated = generate_text(text.into(), "security.yaml").unwrap_or_else(|d| panic!("{d}"));
    let warnings: Vec<&str> = generated
        .warnings
        .iter()
        .map(|w| w.pointer.as_str())
        .collect();
    // Each undefined name once, where it is first written, counting the other lists that name it.
    assert_eq!(
        warnings,
        ["#/security/1/oauth", "#/paths/~1a/get/security/0/apiKey"],
        "{:?}",
        generated.warnings
    );
    assert_eq!(
        generated.warnings[0].message,
        "security scheme `oauth` is not defined in `#/components/securitySchemes`; no credentials are sent for it, here or in the 1 other place that names it"
    );
    assert_eq!(
        generated.warnings[1].message,
        "security scheme `apiKey` is not defined in `#/components/securitySchemes`; no credentials are sent for it, here or in the 2 other places that name it"
    );
}

#[test]
fn schema_mistakes_real_3_0_specs_make_keep_the_schema_typed() {
    // A numeric `exclusiveMinimum` (JSON Schema's form) and `required: true` on a property made
    // the whole schema unreadable, an untyped value.
    let text = "openapi: 3.0.3
info: {title: T, version: '1'}
paths: {}
components:
  schemas:
    Params:
      type: object
      properties:
        best_of: {type: integer, exclusiveMinimum: 0}
        name: {type: string, required: true}
";
    let (w, generated) = single_warning(generate_text(text.into(), "mistakes.yaml"));
    assert_eq!(
        w.pointer,
        "#/components/schemas/Params/properties/name/required"
    );
    assert_eq!(
        w.message,
        "`required: true` in a schema is not OpenAPI 3.0 (an object lists its required properties); it is ignored"
    );
    assert_eq!(w.position, at(10, 30));
    let code = &generated.code;
    assert!(code.contains("pub struct Params {"), "{code}");
    assert!(code.contains("- minimum: 0 (exclusive)"), "{code}");
}

/// A `description` or `summary` `$ref` that leads to no text is left out with a located
/// warning; a property called `description` is a schema, and its `$ref` is resolved as one.
#[test]
fn a_description_ref_that_leads_to_no_text_is_left_out_with_a_warning() {
    let text = "openapi: 3.0.3
info:
  title: t
  version: '1'
  description: {$ref: '#/x-texts/missing'}
paths:
  /notes:
    get:
      operationId: listNotes
      summary: {$ref: '#/components/schemas/Note'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Note'}
components:
  schemas:
    Text: {type: string}
    Note:
      type: object
      properties:
        description: {$ref: '#/components/schemas/Text'}
";
    let generated = generate_text(text.to_string(), "notes.yaml")
        .unwrap_or_else(|d| panic!("expected the spec to generate:\n{d}"));
    let found: Vec<(&str, &str, Option<Position>)> = generated
        .warnings
        .iter()
        .map(|d| (d.message.as_str(), d.pointer.as_str(), d.position))
        .collect();
    assert_eq!(
        found,
        [
            (
                "`description: {$ref: #/x-texts/missing}` leads nowhere; the description is left out",
                "#/info/description",
                at(5, 3),
            ),
            (
                "`summary: {$ref: #/components/schemas/Note}` leads to a value that is not text; the summary is left out",
                "#/paths/~1notes/get/summary",
                at(10, 7),
            ),
        ]
    );
    assert!(
        generated.code.contains("pub description: Option<Text>"),
        "{}",
        generated.code
    );
}

#[test]
fn a_map_of_named_entries_whose_ref_leads_to_no_map_is_an_error_at_the_ref() {
    let d = single_error(generate_file(broken("map_ref_not_a_map.yaml")));
    assert_diag(
        &d,
        "map_ref_not_a_map.yaml",
        "`$ref: ../broken-parts/a_list.yaml` must lead to a map of named entries",
        "#/components/schemas/$ref",
        at(6, 5),
    );
}

#[test]
fn a_bound_at_the_end_of_the_64_bit_range_is_dropped_without_a_warning() {
    // As generators print them: `u64::MAX` and `i64::MAX` through a float, and `i64::MIN`. They
    // say no more than the integer type does. A bound past the other end (no value fits) warns.
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Index:\n      type: object\n      properties:\n        raft: {type: integer, minimum: 0, maximum: 1.8446744073709552e+19}\n        credits: {type: integer, format: int64, maximum: 9223372036854776000}\n        low: {type: integer, minimum: -9223372036854775809}\n        impossible: {type: integer, maximum: -1e30}\n";
    let (w, generated) = single_warning(generate_text(text.to_string(), "range.yaml"));
    assert_eq!(
        w.pointer,
        "#/components/schemas/Index/properties/impossible/maximum"
    );
    assert!(w.message.contains("does not fit a 64-bit integer"), "{w}");
    assert!(
        generated.code.contains("pub raft: Option<i64>"),
        "{}",
        generated.code
    );
}

#[test]
fn a_response_without_a_description_keeps_its_operation_with_a_warning() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /ping:\n    get:\n      operationId: ping\n      responses:\n        '200': {$ref: '#/components/responses/Pong'}\ncomponents:\n  responses:\n    Pong:\n      content:\n        application/json:\n          schema: {type: string}\n";
    let (w, generated) = single_warning(generate_text(text.to_string(), "pong.yaml"));
    assert_eq!(w.pointer, "#/components/responses/Pong");
    assert_eq!(w.position, at(11, 5));
    assert_eq!(
        w.message,
        "the response has no `description` (OpenAPI requires one); it is taken as empty"
    );
    assert_eq!(generated.api.operations.len(), 1);
    assert!(generated.code.contains("pub fn ping"), "{}", generated.code);
}

#[test]
fn a_response_header_without_a_schema_keeps_its_operation_with_a_warning() {
    let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /ping:\n    get:\n      operationId: ping\n      responses:\n        '200':\n          description: ok\n          headers:\n            X-Trace: {description: The trace id.}\n";
    let (w, generated) = single_warning(generate_text(text.to_string(), "ping.yaml"));
    assert_eq!(
        w.pointer,
        "#/paths/~1ping/get/responses/200/headers/X-Trace"
    );
    assert_eq!(w.position, at(11, 13));
    assert_eq!(
        w.message,
        "the header has neither `schema` nor `content` (OpenAPI requires one); its value is taken as any"
    );
    assert_eq!(generated.api.operations.len(), 1);
    assert!(
        generated.code.contains("- `X-Trace` (200): The trace id."),
        "{}",
        generated.code
    );
}

#[test]
fn a_schema_copied_to_several_places_warns_once() {
    let (d, _) = single_warning(generate_file(broken("copied_map_warns_once.yaml")));
    assert_diag(
        &d,
        "copied_map_warns_once.yaml",
        "`propertyNames` (pattern `^.{1,27}$`) is not checked: map keys are `String`",
        "#/components/schemas/Company/properties/tags/propertyNames",
        at(11, 11),
    );
}

#[test]
fn openapi_3_2_constructs_3_1_cannot_say_skip_only_their_operation() {
    let spec = r#"openapi: 3.2.0
info: {title: T, version: '1'}
paths:
  /search:
    get:
      operationId: search
      parameters:
        - name: q
          in: querystring
          content:
            application/json:
              schema: {type: object}
      responses:
        '200': {description: ok}
  /items:
    get:
      operationId: listItems
      responses:
        '200': {description: ok}
"#;
    let (d, generated) = single_warning(generate_text(spec.into(), "v32.yaml"));
    // A querystring of JSON has no 3.1 equivalent: that operation goes, the others stay.
    assert_eq!(d.pointer, "#/paths/~1search/get");
    assert_eq!(d.position, at(5, 5));
    assert!(
        d.message
            .starts_with("operation GET /search could not be read (unknown variant `querystring`"),
        "{d}"
    );
    assert_eq!(generated.api.operations.len(), 1);
    assert!(generated.code.contains("pub fn list_items"));
}

#[test]
fn a_key_written_twice_is_read_last_with_a_warning_at_the_first() {
    let yaml = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        name: {type: integer}\n        name: {type: string}\n";
    let (d, generated) = single_warning(generate_text(yaml.into(), "twice.yaml"));
    assert_eq!(
        d.message,
        "the key `name` is written more than once here; the last one is read"
    );
    assert_eq!(d.pointer, "#/components/schemas/Pet/properties/name");
    assert_eq!(d.position, at(9, 9));
    assert!(
        generated.code.contains("pub name: Option<String>"),
        "{}",
        generated.code
    );

    let json = r#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "info": {"title": "U", "version": "2"}, "paths": {}}"#;
    let (d, generated) = single_warning(generate_text(json.into(), "twice.json"));
    assert_eq!(d.pointer, "#/info");
    assert_eq!(d.position, at(1, 22));
    assert_eq!(generated.api.title, "U");
}

#[test]
fn an_openapi_3_2_media_type_that_refers_to_itself_is_inlined_once_with_a_warning() {
    let spec = r#"openapi: 3.2.0
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json: {$ref: '#/components/mediaTypes/Loop'}
components:
  mediaTypes:
    Loop:
      schema: {type: string}
      encoding:
        part:
          headers:
            X-Again:
              content:
                application/json: {$ref: '#/components/mediaTypes/Loop'}
"#;
    let (d, generated) = single_warning(generate_text(spec.into(), "loop.yaml"));
    assert_eq!(
        d.message,
        "`$ref: #/components/mediaTypes/Loop` leads back to itself; the body is raw bytes"
    );
    assert_eq!(
        d.pointer,
        "#/components/mediaTypes/Loop/encoding/part/headers/X-Again/content/application~1json"
    );
    assert_eq!(d.position, at(21, 17));
    assert!(generated.code.contains("pub fn get_a"));
}

#[test]
fn a_language_type_name_is_read_as_the_json_schema_type_it_names() {
    let text = r##"swagger: "2.0"
info: {title: Type aliases, version: "1"}
paths:
  /boards:
    get:
      parameters:
        - {name: all, in: query, type: bool}
      responses:
        "200":
          description: ok
          schema: {$ref: "#/definitions/Board"}
definitions:
  Board:
    type: object
    properties:
      count: {type: int32}
      ratio: {type: double}
      tags: {type: Array, items: {type: String}}
"##;
    let generated = generate_text(text.to_string(), "aliases.yaml").expect("generates");
    let warnings = pointed_warnings(&generated);
    assert_eq!(
        warnings,
        [
            // (load repairs a capitalised type before lower reads the others)
            "#/definitions/Board/properties/tags unknown schema type `Array`; read as `array`, the JSON Schema type it names",
            "#/definitions/Board/properties/tags/items unknown schema type `String`; read as `string`, the JSON Schema type it names",
            "#/definitions/Board/properties/count unknown schema type `int32`; read as `integer`, the JSON Schema type it names",
            "#/definitions/Board/properties/ratio unknown schema type `double`; read as `number`, the JSON Schema type it names",
            "#/paths/~1boards/get/parameters/0 unknown schema type `bool`; read as `boolean`, the JSON Schema type it names",
        ]
    );
    for expected in [
        "pub count: Option<i32>",
        "pub ratio: Option<f64>",
        "pub tags: Option<Vec<String>>",
        "all: Option<bool>",
    ] {
        assert!(
            generated.code.contains(expected),
            "no `{expected}` in\n{}",
            generated.code
        );
    }
}

#[test]
fn a_schema_ref_to_a_response_or_request_body_reads_its_content_schema() {
    let text = r##"openapi: 3.0.3
info: {title: Schema refs to responses, version: "1"}
paths:
  /planets:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/requestBodies/NewPlanet"}
      responses:
        "201": {description: Created}
        "404":
          description: Not found
          content:
            application/json:
              schema: {$ref: "#/components/responses/NotFound"}
components:
  requestBodies:
    NewPlanet:
      content:
        application/json:
          schema:
            type: object
            required: [name]
            properties:
              name: {type: string}
  responses:
    NotFound:
      description: Not found
      content:
        application/json:
          schema: {$ref: "#/components/schemas/Problem"}
  schemas:
    Problem:
      type: object
      properties:
        title: {type: string}
"##;
    let generated = generate_text(text.to_string(), "content_refs.yaml").expect("generates");
    let warnings = pointed_warnings(&generated);
    assert_eq!(
        warnings,
        [
            "#/paths/~1planets/post/requestBody/content/application~1json/schema `$ref: #/components/requestBodies/NewPlanet` names a request body, not a schema; the schema of its `application/json` content is read",
            "#/paths/~1planets/post/responses/404/content/application~1json/schema `$ref: #/components/responses/NotFound` names a response, not a schema; the schema of its `application/json` content is read",
        ]
    );
    assert!(
        generated
            .code
            .contains("Err(response.api_error(ErrorBody::Problem))"),
        "{}",
        generated.code
    );
    assert!(
        generated.code.contains("pub name: String"),
        "{}",
        generated.code
    );
    assert!(
        generated
            .code
            .contains("body: Option<&'a super::types::NewPlanet>"),
        "{}",
        generated.code
    );
}

#[test]
fn a_swagger2_diagnostic_quotes_the_pointers_its_author_wrote() {
    let (d, _) = single_warning(generate_file(broken("swagger2_missing_definition.yaml")));
    assert_diag(
        &d,
        "swagger2_missing_definition.yaml",
        "unresolved `$ref: #/definitions/Stats`: no schema `Stats` in `#/definitions`; the value is untyped JSON",
        "#/paths/~1stats/get/responses/200/schema",
        at(9, 11),
    );
}

#[test]
fn schema_refs_to_a_parameter_or_a_chain_of_responses_read_the_schema_they_hold() {
    let generated = generate_file(broken("schema_refs_to_holders.yaml")).expect("generates");
    let warnings = pointed_warnings(&generated);
    assert_eq!(
        warnings,
        [
            "#/components/schemas/UsesS/properties/s `$ref: #/components/responses/S` names a response, not a schema; the schema of its `text/plain` content is read",
            "#/components/schemas/UsesS/properties/p `$ref: #/components/parameters/P` names a parameter, not a schema; its schema is read",
            "#/components/responses/S/content/text~1plain/schema `$ref: #/components/responses/T` names a response, not a schema; the schema of its `application/xml` content is read",
            // A response whose body is itself holds no schema: one warning, not a repair.
            "#/paths/~1a/get/responses/200/content/application~1json/schema `$ref: #/components/responses/R` does not name a schema; the value is untyped JSON",
        ]
    );
    assert!(
        generated.code.contains("pub s: Option<T>"),
        "{}",
        generated.code
    );
    assert!(
        generated.code.contains("pub p: Option<P>"),
        "{}",
        generated.code
    );
    assert!(
        generated.code.contains("pub type P = i64;"),
        "{}",
        generated.code
    );
}

#[test]
fn a_percent_encoded_ref_names_the_decoded_component() {
    // A `$ref` is a URI: its fragment may be percent-encoded (`<` as `%3C`, a space as `%20`),
    // as generators from TypeScript types write `Record<string,boolean>`.
    let text = format!(
        "{HEADER}    \"Record<string,boolean>\": {{type: object, additionalProperties: {{type: boolean}}}}\n    \"a b\": {{type: string}}\n    User:\n      type: object\n      properties:\n        flags: {{$ref: '#/components/schemas/Record%3Cstring%2Cboolean%3E'}}\n        label: {{$ref: '#/components/schemas/a%20b'}}\n"
    );
    let generated = generate_text(text, "percent.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let user = generated
        .api
        .types
        .iter()
        .find(|t| t.name == "User")
        .unwrap();
    let codegen::ir::Shape::Struct(s) = &user.shape else {
        panic!("User is not a struct");
    };
    let types: Vec<String> = s.fields.iter().map(|f| format!("{:?}", f.ty)).collect();
    assert_eq!(types, ["Named(\"RecordStringBoolean\")", "Named(\"AB\")"]);
}

#[test]
fn a_discriminator_value_mapped_to_no_member_is_a_warning() {
    let text = format!(
        "{HEADER}    Pet:\n      oneOf: [{{$ref: '#/components/schemas/Cat'}}, {{$ref: '#/components/schemas/Dog'}}]\n      discriminator:\n        propertyName: kind\n        mapping:\n          cat: '#/components/schemas/Cat'\n          dog: Dog\n          ghost: '#/components/schemas/Ghost'\n    Cat: {{type: object, required: [kind], properties: {{kind: {{type: string}}}}}}\n    Dog: {{type: object, required: [kind], properties: {{kind: {{type: string}}}}}}\n    Ghost: {{type: object}}\n"
    );
    let generated = generate_text(text, "mapping.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(
        pointed_warnings(&generated),
        ["#/components/schemas/Pet/discriminator/mapping/ghost the discriminator maps `ghost` to `#/components/schemas/Ghost`, which is not one of the `oneOf` members; that value is read as `Other`"]
    );
    // The mapped members keep their tags.
    assert!(
        generated.code.contains(r#"Some("cat") =>"#),
        "{}",
        generated.code
    );
    assert!(
        generated.code.contains(r#"Some("dog") =>"#),
        "{}",
        generated.code
    );
}

#[test]
fn authorization_header_parameters_are_ignored_with_one_warning() {
    // OpenAPI says an `Authorization` header parameter is ignored; many specs declare their
    // credentials only so, and the user should hear it once, not once per operation.
    let text = "openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /a:
    parameters:
      - {name: Authorization, in: header, required: true, schema: {type: string}}
    get:
      responses: {'204': {description: ok}}
    put:
      responses: {'204': {description: ok}}
  /b:
    get:
      parameters:
        - {name: authorization, in: header, schema: {type: string}}
        - {name: Accept, in: header, schema: {type: string}}
        - {name: X-Trace, in: header, schema: {type: string}}
      responses: {'204': {description: ok}}
";
    let generated = generate_text(text.into(), "auth.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(
        pointed_warnings(&generated),
        ["#/paths/~1a/parameters/0 the header parameter `Authorization` (and 1 other) is ignored, as OpenAPI says: the client sends the credentials of the spec's security schemes, and others through an interceptor"]
    );
    let params: Vec<&str> = generated
        .api
        .operations
        .iter()
        .flat_map(|op| op.params.iter().map(|p| p.wire.as_str()))
        .collect();
    assert_eq!(params, ["X-Trace"]);
}

#[test]
fn a_response_or_request_body_written_as_a_schema_is_read_as_its_json_body() {
    // OpenAPI says these `$ref`s name responses and request bodies; specs often point them at
    // schemas, or write a schema in place of a response. Before, each operation was skipped.
    let text = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    post:
      operationId: addPet
      requestBody: {$ref: '#/components/schemas/Pet'}
      responses:
        '201': {$ref: '#/components/schemas/Pet'}
        '400': {$ref: '#/components/responses/Invalid'}
        '409':
          description: Taken.
          type: object
          properties: {holder: {type: string}}
components:
  responses:
    Invalid:
      type: object
      required: [reason]
      properties: {reason: {type: string}}
  schemas:
    Pet:
      description: A pet.
      type: object
      required: [name]
      properties: {name: {type: string}}
";
    let generated =
        generate_text(text.to_string(), "as_schema.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(
        pointed_warnings(&generated),
        [
            "#/paths/~1pets/post/requestBody/$ref `$ref: #/components/schemas/Pet` names a schema, not a request body; read as a request body whose `application/json` body is that schema",
            "#/paths/~1pets/post/responses/201/$ref `$ref: #/components/schemas/Pet` names a schema, not a response; read as a response whose `application/json` body is that schema",
            "#/paths/~1pets/post/responses/409/type this response is written as a schema (it has `type` and no `content`); read as a response whose `application/json` body is that schema",
            "#/components/responses/Invalid/type this response is written as a schema (it has `type` and no `content`); read as a response whose `application/json` body is that schema",
        ]
    );
    let code = &generated.code;
    // (A request body is optional unless it says `required`.)
    assert!(
        code.contains("pub fn body(mut self, body: &'a super::types::Pet) -> Self"),
        "{code}"
    );
    assert!(code.contains("Result<super::types::Pet, Error>"), "{code}");
    // The response component's schema is a type named after the component.
    assert!(code.contains("pub struct Invalid {"), "{code}");
    assert!(
        code.contains("400 => Err(response.api_error(ErrorBody::Invalid))"),
        "{code}"
    );
    assert!(code.contains("pub holder: Option<String>"), "{code}");
}

#[test]
fn an_enum_without_a_type_takes_the_type_its_values_share() {
    // `enum: [-1, 0, 1]` with no `type` (Revolt's, 3.1 specs') was untyped JSON.
    let text = format!(
        "{HEADER}    Color: {{enum: [red, green]}}\n    Level: {{enum: [-1, 0, 1]}}\n    Ratio: {{enum: [0.5, 1]}}\n    Flag: {{enum: [true]}}\n    Mixed: {{enum: [1, a]}}\n"
    );
    let generated = generate_text(text, "untyped_enum.yaml").unwrap_or_else(|d| panic!("{d}"));
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let code = &generated.code;
    for line in [
        "pub enum Color {",
        "pub type Level = i64;",
        "pub type Ratio = f64;",
        "pub type Flag = bool;",
        // Values of different types share none: any JSON value.
        "pub type Mixed = serde_json::Value;",
    ] {
        assert!(code.contains(line), "no `{line}` in\n{code}");
    }
}
