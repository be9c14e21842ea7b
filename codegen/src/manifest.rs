//! The `Cargo.toml` of a standalone generated crate: exactly the dependencies its code uses.

use crate::ir::{Api, BodyKind, Ty};

/// Which optional dependencies a generated crate needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dependencies {
    /// `rust_decimal`
    pub decimal: bool,
    /// `chrono`
    pub chrono: bool,
    /// `uuid`
    pub uuid: bool,
    /// `serde_urlencoded` (server-side form bodies)
    pub urlencoded: bool,
}

impl Dependencies {
    /// Reads them off the IR.
    pub fn of(api: &Api) -> Self {
        Self {
            decimal: api.uses(&|t| *t == Ty::Decimal),
            chrono: api.uses(&|t| matches!(t, Ty::DateTime | Ty::Date)),
            uuid: api.uses(&|t| *t == Ty::Uuid),
            urlencoded: api
                .operations
                .iter()
                .chain(&api.webhooks)
                .any(|op| op.body.as_ref().is_some_and(|b| b.kind == BodyKind::Form)),
        }
    }
}

/// A `Cargo.toml` for a crate named `name` holding the generated code in `src/lib.rs`.
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
    let mut out = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\ndescription = {}\n{license}\n[features]\ndefault = []\nserver = [\"dep:axum\", \"dep:base64\"{}]\n\n[dependencies]\n",
        toml(&description),
        if deps.urlencoded { ", \"dep:serde_urlencoded\"" } else { "" }
    );
    out.push_str("bytes = \"1\"\nhttpdate = \"1\"\nhyper = { version = \"1\", default-features = false }\npercent-encoding = \"2\"\nreqwest = { version = \"0.13\", default-features = false, features = [\"rustls\", \"json\", \"multipart\", \"form\", \"query\"] }\nserde = { version = \"1\", features = [\"derive\"] }\nserde_json = { version = \"1\", features = [\"raw_value\"] }\nserde_path_to_error = \"0.1\"\nthiserror = \"2\"\ntokio = { version = \"1\", default-features = false, features = [\"time\"] }\ntower = { version = \"0.5\", default-features = false, features = [\"retry\"] }\ntracing = \"0.1\"\n");
    if deps.decimal {
        out.push_str("rust_decimal = { version = \"1\", features = [\"serde-with-float\"] }\n");
    }
    if deps.chrono {
        out.push_str("chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\"] }\n");
    }
    if deps.uuid {
        out.push_str("uuid = { version = \"1\", features = [\"serde\"] }\n");
    }
    out.push_str("axum = { version = \"0.8\", optional = true, features = [\"multipart\"] }\nbase64 = { version = \"0.22\", optional = true }\n");
    if deps.urlencoded {
        out.push_str("serde_urlencoded = { version = \"0.7\", optional = true }\n");
    }
    out
}
