//! Exact decimals do not depend on what other crates ask of serde_json. Cargo unifies features:
//! when any crate in a build turns on serde_json's `arbitrary_precision` (which changes how every
//! number is buffered, and breaks numbers inside serde's `untagged` enums and `flatten`), the
//! generated code gets it too. This builds a consumer crate that depends on the crate generated
//! from `tests/fixtures/decimal.yaml` and on serde_json with `arbitrary_precision` and
//! `float_roundtrip`, and runs it: the decimals in structs, lists, maps, unions, discriminated
//! unions and flattened maps must still read and write with every digit. (Without those
//! features, the same values are checked by `tests/fixture-check/tests/roundtrip.rs`.)
//!
//! A separate cargo build (its own workspace; target dir `target/feature-unification`, so its
//! dependencies compile once), pinned to this workspace's `Cargo.lock`.

use std::path::{Path, PathBuf};
use std::process::Command;

const CONSUMER: &str = r##"
use decimal_fixture::types::{Amount, Invoice, Order, Payment};

fn main() {
    // The feature really is on in this build: a plain serde_json::Value keeps 21 digits.
    let value: serde_json::Value = serde_json::from_str("1.00000000000000000001").unwrap();
    assert_eq!(value.to_string(), "1.00000000000000000001", "arbitrary_precision is off");

    for amount in [
        "79228162514264337593543950335",
        "0.0000000000000000000000000001",
        "-12345678901234567890.12345678",
    ] {
        let text = format!(
            r#"{{"total":{amount},"lines":[{amount}],"taxes":{{"vat":{amount}}},"alias":{amount},"credit":{amount}}}"#
        );
        let invoice: Invoice = serde_json::from_str(&text).unwrap();
        assert_eq!(invoice.total.to_string(), amount);
        assert_eq!(invoice.taxes["vat"].to_string(), amount);
        assert_eq!(serde_json::to_string(&invoice).unwrap(), text);

        let text = format!(
            r#"{{"payment":{{"kind":"card","amount":{amount},"fees":[{amount}]}},"amounts":[{amount},"n/a"],"ledger":{{"name":"l","opening":{amount},"extra":{amount}}}}}"#
        );
        let order: Order = serde_json::from_str(&text).unwrap();
        let Payment::Card(card) = &order.payment else { panic!("a card: {:?}", order.payment) };
        assert_eq!(card.amount.to_string(), amount);
        assert_eq!(order.amounts.as_ref().unwrap()[0], Amount::Number(amount.parse().unwrap()));
        let ledger = order.ledger.as_ref().unwrap();
        assert_eq!(ledger.additional_properties["extra"].to_string(), amount);
        assert_eq!(serde_json::to_string(&order).unwrap(), text);
    }
    let refused = serde_json::from_str::<Invoice>(
        r#"{"total":79228162514264337593543950336,"lines":[],"taxes":{},"alias":0}"#,
    );
    assert!(refused.unwrap_err().to_string().contains("significant digits"));
    println!("exact");
}
"##;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    // Unchanged files keep their timestamps, so a rerun rebuilds nothing.
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap();
    }
}

#[test]
fn arbitrary_precision_elsewhere_in_the_build_changes_nothing() {
    let root = repo().join("target/feature-unification");
    let generated = codegen::Generator::new()
        .generate_file(repo().join("tests/fixtures/decimal.yaml"))
        .unwrap();
    let consumer = root.join("consumer");
    let fixture = consumer.join("decimal-fixture");
    write(
        &fixture.join("Cargo.toml"),
        &codegen::manifest("decimal-fixture", &generated.api),
    );
    write(&fixture.join("src/lib.rs"), &generated.code);

    write(
        &consumer.join("Cargo.toml"),
        r#"[package]
name = "consumer"
version = "0.1.0"
edition = "2021"
publish = false

[workspace]
members = [".", "decimal-fixture"]

[dependencies]
decimal-fixture = { path = "decimal-fixture" }
serde_json = { version = "1", features = ["arbitrary_precision", "float_roundtrip"] }
"#,
    );
    write(&consumer.join("src/main.rs"), CONSUMER);
    if !consumer.join("Cargo.lock").exists() {
        std::fs::copy(repo().join("Cargo.lock"), consumer.join("Cargo.lock")).unwrap();
    }

    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--manifest-path"])
        .arg(consumer.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.trim() == "exact",
        "the consumer failed:\n{stdout}\n{stderr}"
    );
}
