//! The `Cargo.toml` of a standalone generated crate: exactly the dependencies its code uses.

use crate::ir::{Api, BodyKind, Shape, Ty};

/// Which optional dependencies a generated crate needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dependencies {
    /// `rust_decimal`
    pub decimal: bool,
    /// `chrono`
    pub chrono: bool,
    /// `uuid`
    pub uuid: bool,
    /// Server-side form bodies (the runtime reads them, with `serde_urlencoded`)
    pub urlencoded: bool,
    /// Multipart request bodies, which the client encodes with reqwest's multipart support (the
    /// runtime's `multipart` feature)
    pub multipart: bool,
}

impl Dependencies {
    /// Reads them off the IR.
    pub fn of(api: &Api) -> Self {
        Self {
            decimal: api.uses(&|t| matches!(t, Ty::Decimal | Ty::DecimalText)),
            chrono: api.uses(&|t| matches!(t, Ty::DateTime | Ty::Date)),
            uuid: api.uses(&|t| *t == Ty::Uuid),
            urlencoded: api
                .operations
                .iter()
                .chain(&api.webhooks)
                .any(|op| op.body.as_ref().is_some_and(|b| b.kind == BodyKind::Form)),
            multipart: api.types.iter().any(|t| matches!(t.shape, Shape::Form(_)))
                || api.operations.iter().chain(&api.webhooks).any(|op| {
                    op.body
                        .as_ref()
                        .is_some_and(|b| b.kind == BodyKind::Multipart)
                }),
        }
    }
}

/// A `Cargo.toml` for a crate named `name` holding the generated code in `src/lib.rs`. Its
/// `codegen-runtime` dependency is this generator's version, and a path to the runtime's sources
/// when the generator was built from a checkout that has them (see the README's layout).
pub fn manifest(name: &str, api: &Api) -> String {
    let deps = Dependencies::of(api);
    // The spec's one-line summary and SPDX licence (OpenAPI 3.1), as TOML strings (JSON's string
    // escapes are TOML's).
    let toml = |s: &str| serde_json::to_string(s).unwrap_or_default();
    let description = api
        .summary
        .as_deref()
        .map(|s| s.replace(['\n', '\r'], " "))
        .unwrap_or_else(|| "Generated from an OpenAPI spec by codegen".into());
    let license = api
        .license
        .as_deref()
        .map(|l| format!("license = {}\n", toml(l)))
        .unwrap_or_default();
    let mut runtime_features = vec!["\"client\""];
    if deps.decimal {
        runtime_features.push("\"decimal\"");
    }
    if deps.multipart {
        runtime_features.push("\"multipart\"");
    }
    let runtime_features = runtime_features.join(", ");
    let mut out = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\ndescription = {}\n{license}\n[features]\ndefault = []\nserver = [\"dep:axum\", \"codegen-runtime/server\"]\n\n[dependencies]\n",
        toml(&description),
    );
    out.push_str(&format!(
        "codegen-runtime = {{ {}, features = [{runtime_features}] }}\n",
        runtime_source()
    ));
    out.push_str("bytes = \"1\"\nreqwest = { version = \"0.13\", default-features = false, features = [\"rustls\", \"json\", \"form\", \"query\"] }\nserde = { version = \"1\", features = [\"derive\"] }\nserde_json = { version = \"1\", features = [\"raw_value\"] }\n");
    if deps.decimal {
        out.push_str("rust_decimal = { version = \"1\", features = [\"serde-with-float\"] }\n");
    }
    if deps.chrono {
        out.push_str("chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }\n");
    }
    if deps.uuid {
        out.push_str("uuid = { version = \"1\", features = [\"serde\"] }\n");
    }
    out.push_str("axum = { version = \"0.8\", optional = true, features = [\"multipart\"] }\n");
    out
}

/// Where a generated crate gets `codegen-runtime`: the version this generator emits code for,
/// and, when the generator runs from a checkout of its repository (the runtime's sources are next
/// to its own), that checkout's `codegen/runtime` as a path dependency, so that the crate builds
/// before the runtime is published. A crates.io install has no such directory and writes the
/// version alone.
fn runtime_source() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
    if dir.join("Cargo.toml").is_file() {
        // TOML basic strings take JSON's escapes (a Windows path's backslashes).
        let path = serde_json::to_string(&dir.to_string_lossy()).unwrap_or_default();
        format!("version = \"{version}\", path = {path}")
    } else {
        format!("version = \"{version}\"")
    }
}

#[cfg(test)]
mod tests {
    const SPEC: &str = r#"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /price:
    get:
      operationId: getPrice
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { type: number, format: decimal }
"#;

    #[test]
    fn the_runtime_comes_with_the_features_the_code_uses() {
        let api = crate::Generator::new()
            .generate_str(SPEC, None)
            .unwrap()
            .api;
        let manifest = super::manifest("prices", &api);
        let runtime = manifest
            .lines()
            .find(|l| l.starts_with("codegen-runtime = "))
            .expect("a codegen-runtime dependency");
        assert!(
            runtime.contains(r#"features = ["client", "decimal"]"#),
            "{runtime}"
        );
        assert!(runtime.contains(&format!(r#"version = "{}""#, env!("CARGO_PKG_VERSION"))));
        // Run from this checkout, the runtime's sources are there.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        assert!(
            runtime.contains(&format!("path = {:?}", path.to_string_lossy())),
            "{runtime}"
        );
        assert!(manifest.contains(r#"server = ["dep:axum", "codegen-runtime/server"]"#));
        assert!(manifest.contains("\nrust_decimal = "));

        let plain = SPEC.replace("type: number, format: decimal", "type: string");
        let api = crate::Generator::new()
            .generate_str(&plain, None)
            .unwrap()
            .api;
        let manifest = super::manifest("plain", &api);
        assert!(
            manifest.contains(r#"features = ["client"] }"#),
            "{manifest}"
        );
        assert!(!manifest.contains("rust_decimal"), "{manifest}");

        // A multipart body: the runtime encodes it with reqwest's multipart support.
        let upload = plain.replace(
            "      responses:",
            "      requestBody:\n        content:\n          multipart/form-data:\n            schema:\n              type: object\n              properties:\n                file: { type: string, format: binary }\n      responses:",
        );
        let api = crate::Generator::new()
            .generate_str(&upload, None)
            .unwrap()
            .api;
        let manifest = super::manifest("upload", &api);
        assert!(
            manifest.contains(r#"features = ["client", "multipart"] }"#),
            "{manifest}"
        );
    }
}
