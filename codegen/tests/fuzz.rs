//! Fuzzing the whole generator (load → lower → emit → prettyplease) with proptest, on stable.
//!
//! Two targets:
//! - `fuzz_arbitrary_bytes`: byte strings (random bytes mixed with YAML/JSON/OpenAPI tokens,
//!   sometimes behind a valid `openapi` header) written to a file and read by `generate_file`;
//! - `fuzz_mutated_specs`: structured mutations of valid specs (the feature fixtures,
//!   `spec/one-cp.yaml` and the small specs of `../shared/corpus` and its `v31/` when present): nodes deleted,
//!   replaced, spliced into each other, wrapped in `allOf`/`oneOf`/`items`/`$ref`, renamed to
//!   hostile names, then written as YAML or JSON and sometimes corrupted byte-wise.
//!
//! Every input must give `Ok` or located diagnostics: never a panic, a stack overflow or a hang;
//! every `Ok` must be Rust that `syn` parses. `fuzz_regressions` replays the inputs kept in
//! `tests/fuzz-regressions/`.
//!
//! A normal `cargo test` runs a few cases from a fixed seed. Long runs (see the README):
//! `FUZZ_SECONDS=600 cargo test --release -p codegen --test fuzz -- --nocapture fuzz_mutated_specs`
//! runs batches from random seeds until the time is up (`FUZZ_CASES` sets the case count of a
//! normal run, `FUZZ_SEED` fixes the seed). In a long run each input (the exact bytes given to
//! the generator) is written to `target/fuzz-current-<target>` before it runs, so an abort (a
//! stack overflow cannot be caught) or a hang (a watchdog exits after 120 s) leaves the culprit
//! behind: copy it into `tests/fuzz-regressions/`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use codegen::{Diagnostics, Generated, Generator};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngSeed, TestCaseError, TestRunner};
use serde_json::{Map, Value};

// ---------------------------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------------------------

/// How many inputs generated code, and how many were rejected with diagnostics.
static GENERATED: AtomicU64 = AtomicU64::new(0);
static REJECTED: AtomicU64 = AtomicU64::new(0);

/// Whether `code` parses as a file. On a thread of its own with a large stack, as rustc parses
/// with a stack it grows: code nested as deep as its spec (a schema 120 `items` levels deep gives
/// checks nested as deep) overflows syn's recursive parser on a test thread's 2 MiB.
fn parses(code: &str) -> Result<(), String> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .stack_size(256 * 1024 * 1024)
            .spawn_scoped(scope, || {
                syn::parse_file(code)
                    .map(drop)
                    .map_err(|e| format!("the generated code does not parse: {e}"))
            })
            .map_err(|e| e.to_string())?
            .join()
            .unwrap_or_else(|_| Err("parsing the generated code panicked".into()))
    })
}

/// What every generation must satisfy, whatever the input.
fn check(result: std::thread::Result<Result<Generated, Diagnostics>>) -> Result<(), String> {
    let result = result.map_err(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        format!("the generator panicked: {message}")
    })?;
    match result {
        Ok(generated) => {
            GENERATED.fetch_add(1, Ordering::Relaxed);
            parses(&generated.code)?;
            // Raw control characters (a bare CR in a doc comment is a compile error) and
            // bidirectional overrides (a deny-by-default lint) must be escaped.
            if let Some(c) = generated.code.chars().find(|&c| {
                (c.is_control() && c != '\n' && c != '\t')
                    || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            }) {
                return Err(format!("raw {c:?} in the generated code"));
            }
            for w in &generated.warnings {
                if !w.pointer.starts_with('#') || w.message.is_empty() || w.is_error() {
                    return Err(format!("malformed warning: {w:?}"));
                }
            }
        }
        Err(diagnostics) => {
            REJECTED.fetch_add(1, Ordering::Relaxed);
            if !diagnostics.has_errors() {
                return Err(format!("rejected without an error: {diagnostics}"));
            }
            for d in &diagnostics.0 {
                if !d.pointer.starts_with('#') || d.message.is_empty() {
                    return Err(format!("malformed diagnostic: {d:?}"));
                }
            }
            // Rendering must not panic either.
            let _ = diagnostics.to_string();
        }
    }
    Ok(())
}

fn generate_text(text: &str) -> Result<(), String> {
    check(std::panic::catch_unwind(|| {
        Generator::new().generate_str(text, Some("fuzz.yaml"))
    }))
}

fn generate_bytes(bytes: &[u8]) -> Result<(), String> {
    let file = tempfile::NamedTempFile::new().map_err(|e| e.to_string())?;
    std::fs::write(file.path(), bytes).map_err(|e| e.to_string())?;
    check(std::panic::catch_unwind(|| {
        Generator::new().generate_file(file.path())
    }))
}

// ---------------------------------------------------------------------------------------------
// Running: a few fixed-seed cases by default, or batches until FUZZ_SECONDS have passed
// ---------------------------------------------------------------------------------------------

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok())
}

fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target")
}

/// Longest a case may run in a long run before the watchdog calls it a hang.
const HANG_SECONDS: u64 = 120;

/// Runs `test` on the inputs `render` makes of values of `strategy`: `default_cases` from a fixed
/// seed, or, with `FUZZ_SECONDS`, batches from fresh seeds until the time is up. In a long run
/// each input is written to `target/fuzz-current-<name>` first, and a watchdog aborts the process
/// when one case runs longer than [`HANG_SECONDS`] (the input is then in that file).
fn fuzz<S, R, F>(name: &str, default_cases: u32, strategy: S, render: R, test: F)
where
    S: Strategy,
    S::Value: std::fmt::Debug,
    R: Fn(&S::Value) -> Vec<u8>,
    F: Fn(&[u8]) -> Result<(), String>,
{
    // Panics are caught and reported as failures; keep their default output quiet.
    let quiet_hook = std::env::var_os("FUZZ_VERBOSE").is_none();
    if quiet_hook {
        std::panic::set_hook(Box::new(|_| {}));
    }
    let seconds = env_u64("FUZZ_SECONDS");
    let cases = env_u64("FUZZ_CASES").map_or(default_cases, |c| c as u32);
    let current = target_dir().join(format!("fuzz-current-{name}"));
    let started = Instant::now();
    // Milliseconds since `started` at which the running case began (0: none running).
    let case_started = std::sync::Arc::new(AtomicU64::new(0));
    if seconds.is_some() {
        let case_started = case_started.clone();
        let current = current.clone();
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_secs(1));
            let at = case_started.load(Ordering::Relaxed);
            let now = started.elapsed().as_millis() as u64;
            if at != 0 && now.saturating_sub(at) > HANG_SECONDS * 1000 {
                eprintln!(
                    "a case has run for more than {HANG_SECONDS} s: a hang; its input is {}",
                    current.display()
                );
                std::process::exit(3);
            }
        });
    }
    let mut total: u64 = 0;
    let mut batch = 0u64;
    loop {
        let seed = match (env_u64("FUZZ_SEED"), seconds) {
            (Some(seed), _) => seed.wrapping_add(batch),
            (None, Some(_)) => rand_seed(),
            (None, None) => 0x0C0D_E6E7 + batch,
        };
        let config = Config {
            cases: if seconds.is_some() { 256 } else { cases },
            failure_persistence: None,
            rng_seed: RngSeed::Fixed(seed),
            max_shrink_iters: 2048,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        let counted = std::cell::Cell::new(0u64);
        let result = runner.run(&strategy, |value| {
            counted.set(counted.get() + 1);
            let input = render(&value);
            if seconds.is_some() {
                // Leave the input behind in case it aborts the process.
                let _ = std::fs::write(&current, &input);
                case_started.store(
                    started.elapsed().as_millis().max(1) as u64,
                    Ordering::Relaxed,
                );
            }
            let outcome = test(&input);
            case_started.store(0, Ordering::Relaxed);
            outcome.map_err(TestCaseError::fail)
        });
        total += counted.get();
        if let Err(e) = result {
            if quiet_hook {
                let _ = std::panic::take_hook();
            }
            panic!("{name}: seed {seed}: {e}");
        }
        batch += 1;
        match seconds {
            Some(s) if started.elapsed() < Duration::from_secs(s) => continue,
            _ => break,
        }
    }
    if quiet_hook {
        let _ = std::panic::take_hook();
    }
    // (The counters are shared by the tests of this binary running in parallel.)
    eprintln!(
        "{name}: {total} cases in {:.1}s, no failure ({} generated, {} rejected so far in this process)",
        started.elapsed().as_secs_f64(),
        GENERATED.load(Ordering::Relaxed),
        REJECTED.load(Ordering::Relaxed),
    );
}

fn rand_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish()
}

// ---------------------------------------------------------------------------------------------
// Target 1: arbitrary bytes
// ---------------------------------------------------------------------------------------------

/// Tokens that make random bytes look like YAML, JSON and OpenAPI (a fuzzing dictionary).
const DICT: &[&str] = &[
    "openapi: 3.0.3\n",
    "openapi: 3.1.0\n",
    "swagger: '2.0'\n",
    "info: {title: t, version: '1'}\n",
    "paths:\n",
    "components:\n  schemas:\n",
    "  /a/{id}:\n",
    "    get:\n",
    "      operationId: op\n",
    "      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n",
    "      responses: {'200': {description: ok, content: {application/json: {schema: ",
    "{$ref: '#/components/schemas/A'}",
    "$ref: '#/components/schemas/",
    "    A:\n",
    "      type: object\n",
    "      properties:\n",
    "        x: ",
    "{type: array, items: ",
    "{type: string, enum: [a, b, '*/']}",
    "{type: integer, format: int64, maximum: 99999999999999999999999}",
    "{type: number, format: decimal}",
    "{type: string, format: date-time, nullable: true}",
    "{oneOf: [{type: string}, {type: integer}]}",
    "{anyOf: [{$ref: '#/components/schemas/A'}, {type: 'null'}]}",
    "{allOf: [{$ref: '#/components/schemas/A'}, {properties: {b: {type: boolean}}}]}",
    "{type: object, additionalProperties: {type: array, items: {}}}",
    "{type: object, required: [\"*/\"], properties: {\"*/\": {type: string}}}",
    "allOf: [",
    "oneOf: [",
    "anyOf: [",
    "discriminator: {propertyName: kind}",
    "additionalProperties: ",
    "nullable: true",
    "format: decimal",
    "format: binary",
    "multipart/form-data",
    "required: [x]",
    "{}",
    "[]",
    "}",
    "]",
    "{",
    "[",
    "\"",
    "'",
    ": ",
    ", ",
    "\n",
    "\n  ",
    "\n    ",
    "- ",
    "&a ",
    "*a",
    "!!binary ",
    "? ",
    "|\n  ",
    "#[",
    "*/",
    "r#\"",
    "\\u0000",
    "123456789012345678901234567890",
    "-1e400",
    "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{",
];

fn chunk() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        1 => proptest::collection::vec(any::<u8>(), 1..6),
        4 => proptest::sample::select(DICT).prop_map(|s| s.as_bytes().to_vec()),
    ]
}

/// Beginnings that put the random part at different depths of a valid document.
const HEADERS: &[&str] = &[
    "",
    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n",
    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: ",
    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        p: ",
    "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {'200': {description: ok, content: {application/json: {schema: ",
];

fn arbitrary_document() -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::sample::select(HEADERS),
        prop_oneof![
            1 => proptest::collection::vec(chunk(), 1..4),
            2 => proptest::collection::vec(chunk(), 0..80),
        ],
        prop_oneof![
            2 => Just(Vec::new()),
            1 => proptest::collection::vec(any::<u8>(), 1..16),
        ],
    )
        .prop_map(|(header, chunks, raw)| {
            let mut out = header.as_bytes().to_vec();
            for c in chunks {
                out.extend(c);
            }
            out.extend(raw);
            out
        })
}

#[test]
fn fuzz_arbitrary_bytes() {
    fuzz(
        "arbitrary_bytes",
        64,
        arbitrary_document(),
        |bytes| bytes.clone(),
        generate_bytes,
    );
}

// ---------------------------------------------------------------------------------------------
// Target 2: structured mutations of valid specs
// ---------------------------------------------------------------------------------------------

/// Strings that have broken generators: code-injection attempts, identifiers that are not
/// identifiers, path templates, refs.
const NASTY: &[&str] = &[
    "",
    " ",
    "*/",
    "/*",
    "*/ fn evil() {} /*",
    "\"",
    "\"); panic!(\"",
    "'",
    "#[",
    "#[cfg(any())]",
    "}",
    "{",
    "\n",
    "a\nb",
    "\r\n#[doc = \"x\"]",
    "\r",
    "a\rb",
    "\u{202e}",
    "x\u{2066}y",
    "r#\"",
    "\"#",
    "\\",
    "\u{0}",
    "\u{7f}",
    "\u{200b}",
    "\u{feff}",
    "é",
    "日本語",
    "🦀",
    "self",
    "Self",
    "super",
    "crate",
    "type",
    "r#type",
    "_",
    "__",
    "1",
    "123abc",
    "Option",
    "Result",
    "Error",
    "Client",
    "String",
    "Other",
    "default",
    "2XX",
    "200",
    "999",
    "{id}",
    "/a/{id}",
    "/{a}/{a}",
    "/{",
    "}{",
    "..",
    "$ref",
    "#/components/schemas/",
    "#/components/schemas/A",
    "#/paths/~1a",
    "other.yaml#/A",
    "x-",
    "application/json",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "text/plain",
    "*/*",
    "string",
    "integer",
    "number",
    "object",
    "array",
    "boolean",
    "null",
    "int32",
    "int64",
    "date-time",
    "uuid",
    "decimal",
    "binary",
    "byte",
    "path",
    "query",
    "header",
    "cookie",
    "form",
    "deepObject",
    "pipeDelimited",
];

/// Keys worth inserting into any object.
const KEYS: &[&str] = &[
    "$ref",
    "type",
    "format",
    "enum",
    "properties",
    "required",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "not",
    "nullable",
    "additionalProperties",
    "discriminator",
    "default",
    "example",
    "description",
    "title",
    "readOnly",
    "writeOnly",
    "deprecated",
    "operationId",
    "parameters",
    "requestBody",
    "responses",
    "content",
    "schema",
    "in",
    "name",
    "style",
    "explode",
    "encoding",
    "security",
    "servers",
    "minimum",
    "maximum",
    "maxLength",
    "minItems",
    "pattern",
    "propertyName",
    "mapping",
];

#[derive(Debug, Clone)]
enum Scalar {
    Str(&'static str),
    Int(i64),
    Big,
    Float(f64),
    Bool(bool),
    Null,
    EmptyObject,
    EmptyArray,
}

impl Scalar {
    fn value(&self) -> Value {
        match self {
            Scalar::Str(s) => Value::String(s.to_string()),
            Scalar::Int(i) => Value::from(*i),
            // Beyond 64 bits: only JSON output keeps it as a number.
            Scalar::Big => serde_json::from_str("123456789012345678901234567890").unwrap(),
            Scalar::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Scalar::Bool(b) => Value::Bool(*b),
            Scalar::Null => Value::Null,
            Scalar::EmptyObject => Value::Object(Map::new()),
            Scalar::EmptyArray => Value::Array(Vec::new()),
        }
    }
}

fn scalar() -> impl Strategy<Value = Scalar> {
    prop_oneof![
        4 => proptest::sample::select(NASTY).prop_map(Scalar::Str),
        1 => prop_oneof![
            Just(0i64),
            Just(-1),
            Just(1),
            Just(i64::MAX),
            Just(i64::MIN),
            any::<i64>()
        ]
        .prop_map(Scalar::Int),
        1 => Just(Scalar::Big),
        1 => prop_oneof![Just(0.5f64), Just(1e308), Just(-1e-300), any::<f64>()]
            .prop_map(Scalar::Float),
        1 => any::<bool>().prop_map(Scalar::Bool),
        1 => Just(Scalar::Null),
        1 => Just(Scalar::EmptyObject),
        1 => Just(Scalar::EmptyArray),
    ]
}

#[derive(Debug, Clone, Copy)]
enum Wrapper {
    AllOf,
    OneOf,
    AnyOf,
    Items,
    Property,
    Additional,
    Nullable,
}

#[derive(Debug, Clone)]
enum Mutation {
    Delete(Index),
    Replace(Index, Scalar),
    Splice {
        to: Index,
        from: Index,
    },
    RenameKey(Index, &'static str),
    InsertKey(Index, &'static str, Scalar),
    InsertRef(Index, Index),
    Wrap(Index, Wrapper, u8),
    CopyMember {
        from: Index,
        to: Index,
        key: &'static str,
    },
}

fn wrapper() -> impl Strategy<Value = Wrapper> {
    proptest::sample::select(
        &[
            Wrapper::AllOf,
            Wrapper::OneOf,
            Wrapper::AnyOf,
            Wrapper::Items,
            Wrapper::Property,
            Wrapper::Additional,
            Wrapper::Nullable,
        ][..],
    )
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let key = || {
        prop_oneof![
            proptest::sample::select(KEYS),
            proptest::sample::select(NASTY)
        ]
    };
    prop_oneof![
        3 => any::<Index>().prop_map(Mutation::Delete),
        3 => (any::<Index>(), scalar()).prop_map(|(i, s)| Mutation::Replace(i, s)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(to, from)| Mutation::Splice { to, from }),
        2 => (any::<Index>(), proptest::sample::select(NASTY)).prop_map(|(i, k)| Mutation::RenameKey(i, k)),
        3 => (any::<Index>(), key(), scalar()).prop_map(|(i, k, s)| Mutation::InsertKey(i, k, s)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(i, t)| Mutation::InsertRef(i, t)),
        // Mostly a few levels, sometimes past every depth limit.
        2 => (any::<Index>(), wrapper(), prop_oneof![4 => 1u8..4, 1 => 100u8..=255])
            .prop_map(|(i, w, n)| Mutation::Wrap(i, w, n)),
        2 => (any::<Index>(), any::<Index>(), key())
            .prop_map(|(from, to, key)| Mutation::CopyMember { from, to, key }),
    ]
}

#[derive(Debug, Clone)]
struct Mutated {
    seed: Index,
    mutations: Vec<Mutation>,
    json: bool,
    /// Byte-level corruption of the written text: (position, byte, delete instead of insert).
    corruption: Vec<(Index, u8, bool)>,
}

fn mutated() -> impl Strategy<Value = Mutated> {
    (
        any::<Index>(),
        proptest::collection::vec(mutation(), 1..10),
        any::<bool>(),
        prop_oneof![
            4 => Just(Vec::new()),
            1 => proptest::collection::vec((any::<Index>(), any::<u8>(), any::<bool>()), 1..4),
        ],
    )
        .prop_map(|(seed, mutations, json, corruption)| Mutated {
            seed,
            mutations,
            json,
            corruption,
        })
}

/// A reference token of a JSON pointer into a `Value`.
#[derive(Debug, Clone)]
enum Token {
    Key(String),
    Pos(usize),
}

/// Every node's path, pre-order (the root is `[]`).
fn node_paths(value: &Value) -> Vec<Vec<Token>> {
    let mut out = Vec::new();
    let mut stack = vec![(value, Vec::new())];
    while let Some((v, path)) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    let mut p = path.clone();
                    p.push(Token::Key(k.clone()));
                    stack.push((child, p));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(Token::Pos(i));
                    stack.push((child, p));
                }
            }
            _ => {}
        }
        out.push(path);
    }
    out
}

fn node_mut<'v>(root: &'v mut Value, path: &[Token]) -> Option<&'v mut Value> {
    path.iter().try_fold(root, |v, t| match t {
        Token::Key(k) => v.as_object_mut()?.get_mut(k),
        Token::Pos(i) => v.as_array_mut()?.get_mut(*i),
    })
}

fn node<'v>(root: &'v Value, path: &[Token]) -> Option<&'v Value> {
    path.iter().try_fold(root, |v, t| match t {
        Token::Key(k) => v.as_object()?.get(k),
        Token::Pos(i) => v.as_array()?.get(*i),
    })
}

/// Component schema refs of the document, for `$ref` mutations.
fn schema_refs(root: &Value) -> Vec<String> {
    let mut refs: Vec<String> = root
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|m| {
            m.keys()
                .map(|k| {
                    format!(
                        "#/components/schemas/{}",
                        k.replace('~', "~0").replace('/', "~1")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    refs.push("#/components/schemas/Missing".into());
    refs.push("#/paths".into());
    refs.push("other.yaml#/components/schemas/A".into());
    refs
}

fn wrap(value: Value, wrapper: Wrapper) -> Value {
    let mut m = Map::new();
    match wrapper {
        Wrapper::AllOf => {
            m.insert("allOf".into(), Value::Array(vec![value]));
        }
        Wrapper::OneOf | Wrapper::AnyOf => {
            let key = if matches!(wrapper, Wrapper::OneOf) {
                "oneOf"
            } else {
                "anyOf"
            };
            m.insert(
                key.into(),
                Value::Array(vec![value, serde_json::json!({"type": "string"})]),
            );
        }
        Wrapper::Items => {
            m.insert("type".into(), "array".into());
            m.insert("items".into(), value);
        }
        Wrapper::Property => {
            m.insert("type".into(), "object".into());
            let mut props = Map::new();
            props.insert("p".into(), value);
            m.insert("properties".into(), Value::Object(props));
        }
        Wrapper::Additional => {
            m.insert("type".into(), "object".into());
            m.insert("additionalProperties".into(), value);
        }
        Wrapper::Nullable => {
            m.insert("nullable".into(), true.into());
            m.insert("allOf".into(), Value::Array(vec![value]));
        }
    }
    Value::Object(m)
}

/// A mutated document is capped at this size (splicing the root into itself doubles it).
const MAX_NODES: usize = 20_000;

fn apply(root: &mut Value, mutation: &Mutation) {
    let paths = node_paths(root);
    let pick = |i: &Index| paths[i.index(paths.len())].clone();
    match mutation {
        Mutation::Delete(i) => {
            let path = pick(i);
            let Some((last, parent)) = path.split_last() else {
                return;
            };
            match (node_mut(root, parent), last) {
                (Some(Value::Object(m)), Token::Key(k)) => {
                    m.shift_remove(k);
                }
                (Some(Value::Array(a)), Token::Pos(p)) if *p < a.len() => {
                    a.remove(*p);
                }
                _ => {}
            }
        }
        Mutation::Replace(i, s) => {
            if let Some(v) = node_mut(root, &pick(i)) {
                *v = s.value();
            }
        }
        Mutation::Splice { to, from } => {
            if paths.len() > MAX_NODES / 2 {
                return;
            }
            let Some(source) = node(root, &pick(from)).cloned() else {
                return;
            };
            if let Some(v) = node_mut(root, &pick(to)) {
                *v = source;
            }
        }
        Mutation::RenameKey(i, new) => {
            let path = pick(i);
            let Some((Token::Key(old), parent)) = path.split_last() else {
                return;
            };
            if let Some(Value::Object(m)) = node_mut(root, parent) {
                if let Some(v) = m.shift_remove(old) {
                    m.insert(new.to_string(), v);
                }
            }
        }
        Mutation::InsertKey(i, key, s) => {
            if let Some(Value::Object(m)) = node_mut(root, &pick(i)) {
                m.insert(key.to_string(), s.value());
            }
        }
        Mutation::InsertRef(i, target) => {
            let refs = schema_refs(root);
            let reference = refs[target.index(refs.len())].clone();
            if let Some(v) = node_mut(root, &pick(i)) {
                *v = serde_json::json!({ "$ref": reference });
            }
        }
        Mutation::Wrap(i, wrapper, times) => {
            if let Some(v) = node_mut(root, &pick(i)) {
                let mut inner = v.take();
                for _ in 0..*times {
                    inner = wrap(inner, *wrapper);
                }
                *v = inner;
            }
        }
        Mutation::CopyMember { from, to, key } => {
            if paths.len() > MAX_NODES / 2 {
                return;
            }
            let Some(source) = node(root, &pick(from)).cloned() else {
                return;
            };
            if let Some(Value::Object(m)) = node_mut(root, &pick(to)) {
                m.insert(key.to_string(), source);
            }
        }
    }
}

/// The valid specs mutations start from.
fn seeds() -> Vec<(String, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .expect("tests/fixtures")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        // A split fixture (`x.yaml` beside `x/`) is not text on its own.
        .filter(|p| !p.with_extension("").is_dir())
        .collect();
    files.push(root.join("spec/one-cp.yaml"));
    // The small real-world specs, when the shared corpus is checked out beside the repository:
    // OpenAPI 3.0 at its top level, Swagger 2.0 in its v2/, 3.1 in its v31/ and in this
    // repository's tests/corpus/v31/.
    for corpus in [
        "../shared/corpus",
        "../shared/corpus/v2",
        "../shared/corpus/v31",
        "tests/corpus/v31",
    ] {
        if let Ok(dir) = std::fs::read_dir(root.join(corpus)) {
            files.extend(
                dir.map(|e| e.unwrap().path())
                    .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
                    .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() <= 32 * 1024)),
            );
        }
    }
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let value: Value =
                serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            (path.display().to_string(), value)
        })
        .collect()
}

fn render(input: &Mutated, seeds: &[(String, Value)]) -> String {
    let mut doc = seeds[input.seed.index(seeds.len())].1.clone();
    for m in &input.mutations {
        apply(&mut doc, m);
    }
    let text = if input.json {
        serde_json::to_string_pretty(&doc).unwrap()
    } else {
        // serde_yaml cannot write every value (a number beyond 64 bits, say): fall back to
        // JSON, which is YAML too.
        serde_yaml::to_string(&doc).unwrap_or_else(|_| serde_json::to_string(&doc).unwrap())
    };
    if input.corruption.is_empty() {
        return text;
    }
    let mut bytes = text.into_bytes();
    for (at, byte, delete) in &input.corruption {
        let i = at.index(bytes.len() + 1);
        if *delete && i < bytes.len() {
            bytes.remove(i);
        } else {
            bytes.insert(i, *byte);
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

#[test]
fn fuzz_mutated_specs() {
    let seeds = seeds();
    // Every seed generates as it is: mutations start from valid specs.
    for (name, value) in &seeds {
        let text = serde_yaml::to_string(value).unwrap();
        if let Err(d) = Generator::new().generate_str(&text, Some(name)) {
            panic!("seed {name} does not generate:\n{d}");
        }
    }
    fuzz(
        "mutated_specs",
        48,
        mutated(),
        |input| render(input, &seeds).into_bytes(),
        |text| generate_text(std::str::from_utf8(text).expect("rendered as UTF-8")),
    );
}

// ---------------------------------------------------------------------------------------------
// Regressions: every input the fuzzers found, replayed on a test thread's 2 MiB stack
// ---------------------------------------------------------------------------------------------

#[test]
fn fuzz_regressions() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fuzz-regressions")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none_or(|e| e != "md"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        let outcome = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || generate_bytes(&bytes))
            .unwrap()
            .join()
            .unwrap_or_else(|_| Err("the thread panicked".into()));
        if let Err(e) = outcome {
            failures.push(format!("{}: {e}", file.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
