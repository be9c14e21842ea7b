//! Exact decimals do not depend on what other crates ask of serde_json. Cargo unifies features:
//! when any crate in a build turns on serde_json's `arbitrary_precision` (which changes how every
//! number is buffered, and breaks numbers inside serde's `untagged` enums and `flatten`), the
//! generated code gets it too. This builds a consumer crate that depends on the crate generated
//! from `tests/fixtures/decimal.yaml` and on serde_json with `arbitrary_precision` and
//! `float_roundtrip`, and runs it: the decimals in structs, lists, maps, unions, discriminated
//! unions and flattened maps must still read and write with every digit. (Without those
//! features, the same values are checked by `tests/fixture-check/tests/roundtrip.rs`.)
//! The consumer also turns on rust_decimal's `serde-float`, which makes a bare `Decimal` serialize
//! as an `f64`: the client built from `tests/fixtures/decimal_params.yaml` must still send every
//! digit of its decimal path, query and header parameters and multipart parts (seen on a raw TCP
//! listener, so nothing in between reads them).
//!
//! A separate cargo build (its own workspace; target dir `target/feature-unification`, so its
//! dependencies compile once), pinned to this workspace's `Cargo.lock`.

use std::path::{Path, PathBuf};
use std::process::Command;

const CONSUMER: &str = r##"
use std::io::{Read, Write};

use decimal_fixture::types::{Amount, Invoice, Order, Payment};
use decimal_params_fixture::types::InvoiceUpload;

/// Accepts one connection on loopback, answers `{}` and hands back the request as received.
fn capture_one() -> (String, std::thread::JoinHandle<String>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut received = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            let n = stream.read(&mut buffer).unwrap();
            received.extend_from_slice(&buffer[..n]);
            let text = String::from_utf8_lossy(&received).to_string();
            if let Some(end) = text.find("\r\n\r\n") {
                let length = text[..end]
                    .lines()
                    .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap()))
                    .unwrap_or(0);
                if received.len() >= end + 4 + length || n == 0 {
                    break;
                }
            } else if n == 0 {
                break;
            }
        }
        let reply = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}";
        stream.write_all(reply.as_bytes()).unwrap();
        String::from_utf8_lossy(&received).to_string()
    });
    (base, handle)
}

async fn parameters_keep_their_digits() {
    // Eight more digits than an f64 holds.
    let amount: rust_decimal::Decimal = "1234567890.1234567890123456".parse().unwrap();
    // The feature really is on in this build: a bare decimal is written as an f64.
    assert_ne!(serde_json::to_string(&amount).unwrap(), "1234567890.1234567890123456", "serde-float is off");

    let (base, request) = capture_one();
    let client = decimal_params_fixture::Client::builder().base_url(base).max_retries(0).build().unwrap();
    let levels = vec![amount, amount];
    client.get_price(amount, amount, &levels, amount).cap(amount).bands(&levels).await.unwrap();
    let request = request.join().unwrap();
    let head = request.lines().next().unwrap();
    assert_eq!(
        head,
        "GET /prices/1234567890.1234567890123456?min=1234567890.1234567890123456&levels=1234567890.1234567890123456%2C1234567890.1234567890123456\
         &cap=1234567890.1234567890123456&bands=1234567890.1234567890123456&bands=1234567890.1234567890123456 HTTP/1.1",
        "{request}"
    );
    assert!(request.to_ascii_lowercase().contains("x-limit: 1234567890.1234567890123456\r\n"), "{request}");

    let (base, request) = capture_one();
    let client = decimal_params_fixture::Client::builder().base_url(base).max_retries(0).build().unwrap();
    client.upload_invoice(InvoiceUpload::new(amount).with_lines(vec![amount])).await.unwrap();
    let request = request.join().unwrap();
    let parts = request.matches("\r\n\r\n1234567890.1234567890123456\r\n").count();
    assert_eq!(parts, 2, "the amount and the line, exact:\n{request}");
}

fn main() {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(parameters_keep_their_digits());

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
fn number_features_elsewhere_in_the_build_change_nothing() {
    let root = repo().join("target/feature-unification");
    let consumer = root.join("consumer");
    for (spec, name) in [
        ("decimal.yaml", "decimal-fixture"),
        ("decimal_params.yaml", "decimal-params-fixture"),
    ] {
        let generated = codegen::Generator::new()
            .generate_file(repo().join("tests/fixtures").join(spec))
            .unwrap();
        let fixture = consumer.join(name);
        write(
            &fixture.join("Cargo.toml"),
            &codegen::manifest(name, &generated.api),
        );
        write(&fixture.join("src/lib.rs"), &generated.code);
    }

    write(
        &consumer.join("Cargo.toml"),
        r#"[package]
name = "consumer"
version = "0.1.0"
edition = "2021"
publish = false

[workspace]
members = [".", "decimal-fixture", "decimal-params-fixture"]

[dependencies]
decimal-fixture = { path = "decimal-fixture" }
decimal-params-fixture = { path = "decimal-params-fixture" }
rust_decimal = { version = "1", features = ["serde-float"] }
serde_json = { version = "1", features = ["arbitrary_precision", "float_roundtrip"] }
tokio = { version = "1", features = ["rt"] }
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
