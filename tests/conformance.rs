//! Third-party conformance (issue #5): two tools that know OpenAPI but nothing of this crate judge
//! the fake One-CP and the generated client against `spec/one-cp.yaml`.
//!
//! - **schemathesis** (PyPI) generates thousands of requests from the spec, valid and invalid, sends
//!   them to the fake, and runs every check it has on the responses.
//! - **Prism** (npm `@stoplight/prism-cli`) sits as a validating proxy between the generated client
//!   and the fake; with `--errors` any request or response that breaks the spec becomes an error
//!   response, and its log names each violation.
//!
//! Both tools are installed on first use into `target/ci-tools/` (a Python venv for schemathesis,
//! `npm install --prefix` for Prism, next to the Redocly CLI that `.ci/run` puts there), at the
//! pinned versions below, under a file lock so that parallel tests and processes install once.
//! Only the package registries are needed. What the runs leave out, and why, is said where it is
//! configured: `SCHEMATHESIS_CONFIG` and `spec_for_schemathesis` for schemathesis; for Prism,
//! nothing is left out (`prism_accepts_the_invoice_upload` says why its multipart bugs do not
//! bite).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use one_cp::fake::{FakeOneCp, RunningFake};
use one_cp::types::{
    CancelRequest, CancelStatus, CancelWithInvoiceRequest, CorporateCheckout, TransactionStatus,
    UpdateTransactionRequest,
};
use one_cp::{Client, FilePart};

const SPEC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/one-cp.yaml");
const ID: &str = "conformance-id";
const SECRET: &str = "conformance-secret";

/// schemathesis, pinned. 4.x needs Python 3.11+.
const SCHEMATHESIS_VERSION: &str = "4.32.5";
/// Prism, pinned. 5.14.2 is the newest release that runs on Node 20 (later ones need Node 24).
const PRISM_VERSION: &str = "5.14.2";

/// Test cases per operation and phase, and the seed: about 1,200 requests in well under a minute.
const SCHEMATHESIS_EXAMPLES: u32 = 50;
const SCHEMATHESIS_SEED: u64 = 20_240_416;
/// A hard limit for either tool's run, so that a hang fails the test instead of CI.
const TOOL_TIMEOUT: Duration = Duration::from_secs(600);

/// The schemathesis configuration. Every check runs (`--checks all`); this only widens, per
/// operation, what counts as an acceptable answer where the spec documents behaviour that depends
/// on things the schema cannot express, and turns off one test-data heuristic.
const SCHEMATHESIS_CONFIG: &str = r#"
# Error feedback parses 4xx bodies with heuristics for known frameworks (Spring, Pydantic, ...) and
# generates new test data from what it reads. Our `ValidationError` names fields by JSON pointer
# (`/items/0/name`, the spec's own example), which the Spring heuristic takes for a *property
# name* (it only splits dotted paths): it then sends a body with a top-level property literally
# called "/items/0/name" and reports the 201 for that (allowed: extra properties are not
# forbidden) as "schema-violating request accepted". A misreading by the tool, not a finding.
[phases.fuzzing.error-feedback]
enabled = false

# A schema-valid request may still get a documented 400 on these operations:
# - a transaction id in a shape the fake rejects as malformed (400, documented as "malformed
#   transaction ID"; the spec deliberately types the id as any string, because its format is not
#   documented),
# - cancelling a transaction whose status does not allow it, or naming item positions it does not
#   have (400, documented as "invalid request data, or the contract's current status does not
#   allow cancellation"); whether a transaction is paid is state the schema cannot express.
[[operations]]
include-operation-id = ["getTransactionStatus", "updateTransaction", "cancelTransaction", "cancelTransactionWithInvoice"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404"]

# An amount is a decimal, read with its exact digits: a schema-valid number a decimal cannot hold
# (more than 28 decimal places, such as the fuzzer's -2.112213788319238e-227, or more than 29
# significant digits) is refused with the documented 400 ("invalid request data") rather than
# rounded; the schema has no keyword for a number's precision that the fuzzer honours.
[[operations]]
include-operation-id = ["initializeTransaction"]
checks.positive_data_acceptance.expected-statuses = ["2xx", "400", "401", "403", "404"]

# Half of the cancel requests go to transactions that are paid (created by the test before the
# run), so that the refund logic is reached at all; the other half use generated ids.
[[operations]]
include-operation-id = ["cancelTransaction", "cancelTransactionWithInvoice"]
parameters = { "path.transactionId" = { dictionary = "paid-transactions", probability = 0.5 } }
"#;

/// Runs `command` to completion (output into `log`), or fails the test after [`TOOL_TIMEOUT`].
fn run_logged(mut command: Command, log: &Path, what: &str) -> (bool, String) {
    let file = std::fs::File::create(log).expect("a log file in the temp dir");
    let err = file.try_clone().expect("a second handle on the log file");
    let child = command
        .stdin(Stdio::null())
        .stdout(file)
        .stderr(err)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what} ({command:?}): {e}"));
    let mut child = KillOnDrop(child);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.0.try_wait().expect("waiting on a child process") {
            break status;
        }
        assert!(
            started.elapsed() < TOOL_TIMEOUT,
            "{what} ran longer than {TOOL_TIMEOUT:?}:\n{}",
            std::fs::read_to_string(log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    (
        status.success(),
        std::fs::read_to_string(log).unwrap_or_default(),
    )
}

/// A child process that is killed (and reaped) when the test ends, panicking or not.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Where the CI tools live: `target/ci-tools` of this repository, as in `.ci/run`.
fn tools_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-tools")
}

/// Installs what is missing (or at another version) under an exclusive lock on
/// `target/ci-tools/.install.lock`; `.ci/run` takes the same lock (`flock`) for its npm install.
fn ensure_tools() -> Tools {
    let dir = tools_dir();
    std::fs::create_dir_all(&dir).expect("target/ci-tools can be created");
    let lock_file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".install.lock"))
        .expect("the install lock file can be opened");
    let mut lock = fd_lock::RwLock::new(lock_file);
    let _guard = lock.write().expect("the install lock can be taken");

    let venv = dir.join("venv");
    let schemathesis = venv.join("bin/schemathesis");
    let version = Command::new(&schemathesis).arg("--version").output();
    let wanted = format!("schemathesis, version {SCHEMATHESIS_VERSION}");
    if !version.is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == wanted) {
        if !venv.join("bin/python").exists() {
            install_step(
                Command::new("python3").arg("-m").arg("venv").arg(&venv),
                "python3 -m venv (schemathesis needs Python 3.11+ with the venv module)",
            );
        }
        install_step(
            Command::new(venv.join("bin/python"))
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                ])
                .arg(format!("schemathesis=={SCHEMATHESIS_VERSION}")),
            "pip install schemathesis",
        );
    }

    let prism_package = dir.join("node_modules/@stoplight/prism-cli/package.json");
    let installed = std::fs::read_to_string(&prism_package)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|p| p["version"].as_str().map(str::to_string));
    if installed.as_deref() != Some(PRISM_VERSION) {
        // `--save-exact`: the prefix's package.json then pins Prism, so that `.ci/run`'s later
        // `npm install @redocly/cli@2` into the same prefix keeps this version.
        install_step(
            Command::new("npm")
                .args(["install", "--prefix"])
                .arg(&dir)
                .args([
                    "--no-audit",
                    "--no-fund",
                    "--loglevel=error",
                    "--save-exact",
                ])
                .arg(format!("@stoplight/prism-cli@{PRISM_VERSION}")),
            "npm install @stoplight/prism-cli",
        );
    }
    Tools {
        schemathesis,
        prism: dir.join("node_modules/.bin/prism"),
    }
}

fn install_step(command: &mut Command, what: &str) {
    let output = command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot start {command:?}: {e}"));
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

struct Tools {
    schemathesis: PathBuf,
    prism: PathBuf,
}

async fn start_fake() -> (RunningFake, Client) {
    let fake = FakeOneCp::new(ID, SECRET)
        .start()
        .await
        .expect("the fake starts");
    let client = Client::builder()
        .base_url(fake.base_url())
        .basic_auth(ID, SECRET)
        .build()
        .expect("a valid client");
    (fake, client)
}

/// The spec's own example of a checkout: two items with taxes, a cancellation policy, a period, a
/// location, attachments and an email.
fn example_checkout() -> CorporateCheckout {
    let spec: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(SPEC).expect("the spec is readable"))
            .expect("the spec is YAML");
    let example = &spec["components"]["schemas"]["CorporateCheckout"]["example"];
    let example = serde_json::to_value(example).expect("the example is JSON-shaped");
    serde_json::from_value(example).expect("the spec's checkout example decodes")
}

/// The spec as schemathesis gets it: every `enum` reachable from a request body is dropped, which
/// makes those strings open. The spec's enums list only the values the docs attest and the spec
/// says the real lists are longer (the category list is visibly truncated), so the generated types
/// and the fake accept unknown values by design (`tests/client_server.rs` checks that an unknown
/// category is stored). With the enums closed, schemathesis would send an unknown value and
/// report the 201 as "schema-violating request accepted". Enums only in responses
/// (`TransactionStatus`, `CancelStatus`) stay closed, so the fake's answers are still checked
/// against them. Returns the YAML text and the names of the component schemas walked.
fn spec_for_schemathesis() -> (String, BTreeSet<String>) {
    fn open(schema: &mut serde_yaml::Value, refs: &mut BTreeSet<String>) {
        let Some(map) = schema.as_mapping_mut() else {
            return;
        };
        if let Some(reference) = map.get("$ref").and_then(|r| r.as_str()) {
            if let Some(name) = reference.strip_prefix("#/components/schemas/") {
                refs.insert(name.to_string());
            }
            return;
        }
        map.remove("enum");
        for key in ["items", "additionalProperties", "not"] {
            if let Some(sub) = map.get_mut(key) {
                open(sub, refs);
            }
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(list) = map.get_mut(key).and_then(|l| l.as_sequence_mut()) {
                list.iter_mut().for_each(|s| open(s, refs));
            }
        }
        if let Some(props) = map.get_mut("properties").and_then(|p| p.as_mapping_mut()) {
            props.values_mut().for_each(|s| open(s, refs));
        }
    }
    let mut spec: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(SPEC).expect("the spec is readable"))
            .expect("the spec is YAML");
    let mut pending = BTreeSet::new();
    let paths = spec["paths"].as_mapping_mut().expect("the spec has paths");
    for item in paths.values_mut() {
        for op in item
            .as_mapping_mut()
            .into_iter()
            .flat_map(|m| m.values_mut())
        {
            let content = op.get_mut("requestBody").and_then(|b| b.get_mut("content"));
            for media in content
                .and_then(|c| c.as_mapping_mut())
                .into_iter()
                .flatten()
            {
                if let Some(schema) = media.1.get_mut("schema") {
                    open(schema, &mut pending);
                }
            }
        }
    }
    let mut walked = BTreeSet::new();
    while let Some(name) = pending.pop_first() {
        if !walked.insert(name.clone()) {
            continue;
        }
        let schema = &mut spec["components"]["schemas"][name.as_str()];
        let mut found = BTreeSet::new();
        open(schema, &mut found);
        pending.extend(found.into_iter().filter(|n| !walked.contains(n)));
    }
    let text = serde_yaml::to_string(&spec).expect("the spec serializes");
    (text, walked)
}

/// The line of schemathesis's summary that counts test cases, e.g. `1235 generated, 1235 passed`.
fn summary_line<'a>(output: &'a str, after: &str) -> Option<&'a str> {
    let mut lines = output.lines();
    lines.find(|l| l.trim() == after)?;
    lines.next().map(str::trim)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schemathesis_finds_no_failures_in_the_fake() {
    let tools = tokio::task::spawn_blocking(ensure_tools)
        .await
        .expect("tool install");
    let (fake, client) = start_fake().await;

    // Paid transactions for the cancel operations to reach their refund logic.
    let mut paid = Vec::new();
    for _ in 0..2 {
        let id = client
            .initialize_transaction(&example_checkout())
            .await
            .expect("the fake accepts the spec's checkout example")
            .transaction_id;
        assert!(fake.mark_paid(&id));
        paid.push(id);
    }

    let dir = tempfile::tempdir().expect("a temp dir");
    let (spec, walked) = spec_for_schemathesis();
    assert!(
        walked.contains("ItemCategory") && !walked.contains("TransactionStatus"),
        "request-body enums are opened, response-only ones are not: {walked:?}"
    );
    let spec_path = dir.path().join("one-cp.yaml");
    std::fs::write(&spec_path, spec).expect("the derived spec is written");
    let mut config = SCHEMATHESIS_CONFIG.to_string();
    let ids: Vec<String> = paid.iter().map(|id| format!("{id:?}")).collect();
    writeln!(
        config,
        "\n[dictionaries.paid-transactions]\nvalues = [{}]",
        ids.join(", ")
    )
    .expect("writing to a String");
    let config_path = dir.path().join("schemathesis.toml");
    std::fs::write(&config_path, config).expect("the config is written");

    let mut command = Command::new(&tools.schemathesis);
    command
        .current_dir(dir.path()) // hypothesis keeps its files in the working directory
        .env("NO_COLOR", "1")
        .arg("--config-file")
        .arg(&config_path)
        .arg("run")
        .arg(&spec_path)
        .args(["--url", &fake.base_url()])
        .args(["--auth", &format!("{ID}:{SECRET}")])
        .args(["--checks", "all"])
        .args(["--max-examples", &SCHEMATHESIS_EXAMPLES.to_string()])
        .args(["--seed", &SCHEMATHESIS_SEED.to_string()])
        .args(["--workers", "1"])
        .args(["--generation-database", "none"])
        .args(["--output-truncate", "false"]);
    let log = dir.path().join("schemathesis.log");
    let started = Instant::now();
    let (ok, output) =
        tokio::task::spawn_blocking(move || run_logged(command, &log, "schemathesis"))
            .await
            .expect("schemathesis run");
    let took = started.elapsed();
    assert!(ok, "schemathesis reported failures:\n{output}");
    assert!(
        output.contains("Selected: 6/6") && output.contains("Tested: 6"),
        "schemathesis did not test all six operations:\n{output}"
    );
    let cases = summary_line(&output, "Test cases:").unwrap_or("(no count found)");
    eprintln!("schemathesis {SCHEMATHESIS_VERSION}: 6 operations, {cases}, in {took:.1?}");
    let refunds: usize = paid
        .iter()
        .map(|id| fake.transaction(id).map_or(0, |t| t.refunds.len()))
        .sum();
    eprintln!("refunds processed on the paid transactions: {refunds}");
    assert!(
        refunds > 0,
        "no generated cancel reached a paid transaction's refund logic:\n{output}"
    );
}

/// Prism in proxy mode in front of `upstream`, and its log. Dropping it stops Prism.
struct PrismProxy {
    _child: KillOnDrop,
    log: PathBuf,
    base_url: String,
    _dir: tempfile::TempDir,
}

impl PrismProxy {
    /// Starts `prism proxy spec/one-cp.yaml <upstream> --errors` on a free port and waits until
    /// it listens.
    fn start(prism: &Path, upstream: &str) -> Self {
        let dir = tempfile::tempdir().expect("a temp dir");
        let log = dir.path().join("prism.log");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let file = std::fs::File::create(&log).expect("the Prism log");
        let err = file.try_clone().expect("a second handle on the log");
        // Started as `node_modules/.bin/prism` itself: killing an `npx` wrapper would leave
        // the server running.
        let child = Command::new(prism)
            .args(["proxy", SPEC, upstream, "--errors"])
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .stdin(Stdio::null())
            .stdout(file)
            .stderr(err)
            .spawn()
            .expect("Prism starts");
        let mut child = KillOnDrop(child);
        let started = Instant::now();
        loop {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            if text.contains("Prism is listening") {
                break;
            }
            if let Some(status) = child.0.try_wait().expect("waiting on Prism") {
                panic!("Prism exited ({status}) before listening:\n{text}");
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "Prism did not start listening within two minutes:\n{text}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Self {
            _child: child,
            log,
            base_url: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// The log lines that report a violation or an error (Prism logs every request at `info`,
    /// violations as warnings or errors).
    fn problems(&self) -> Vec<String> {
        self.log()
            .lines()
            .filter(|l| {
                let lower = l.to_lowercase();
                lower.contains("violation")
                    || lower.contains("error")
                    || lower.contains("warn")
                    || l.contains('✖')
                    || l.contains('⚠')
            })
            .map(str::to_string)
            .collect()
    }

    /// Waits until Prism has logged `requests` received requests (its log lags the responses).
    async fn settle(&self, requests: usize) {
        let started = Instant::now();
        while self.log().matches("Request received").count() < requests {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "Prism logged fewer than {requests} requests:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prism_sees_no_violations_between_the_client_and_the_fake() {
    let tools = tokio::task::spawn_blocking(ensure_tools)
        .await
        .expect("tool install");
    let (fake, _) = start_fake().await;
    let prism = {
        let prism = tools.prism.clone();
        let upstream = fake.base_url();
        tokio::task::spawn_blocking(move || PrismProxy::start(&prism, &upstream))
            .await
            .expect("Prism start")
    };
    let client = Client::builder()
        .base_url(&prism.base_url)
        .basic_auth(ID, SECRET)
        .build()
        .expect("a valid client");
    let mut requests = 0;

    // Every JSON operation, through Prism, with the spec's richest example.
    let api = client.get_api_status().await.expect("GET /status");
    assert_eq!(api.status, "ready");
    let id = client
        .initialize_transaction(&example_checkout())
        .await
        .expect("POST /initialize")
        .transaction_id;
    let pending = client
        .get_transaction_status(&id)
        .await
        .expect("GET /status/{id} (pending)");
    assert_eq!(pending.status, TransactionStatus::Pending);
    let not_yet = client
        .cancel_transaction(&id, &CancelRequest::new(vec![1]))
        .await
        .expect_err("cancelling an unpaid transaction is refused");
    assert_eq!(not_yet.status(), Some(400), "{not_yet}");
    requests += 4;

    assert!(fake.mark_paid(&id));
    let paid = client
        .get_transaction_status(&id)
        .await
        .expect("GET /status/{id} (paid)");
    assert_eq!(paid.status, TransactionStatus::Paid);
    assert!(paid.checkout.is_some(), "a paid transaction has details");
    let updated = client
        .update_transaction(
            &id,
            &UpdateTransactionRequest::new()
                .with_title("Off site event (moved)".into())
                .with_note("Moved to May".into()),
        )
        .await
        .expect("PUT /{id}");
    assert_eq!(updated.message.as_deref(), Some("Updated successfully"));
    let cancel = CancelRequest::new(vec![2])
        .with_amount("150.25".parse().expect("a decimal"))
        .with_invoice_title("Cancellation Invoice".into())
        .with_invoice_number("INV-2024-001".into());
    let refunded = client
        .cancel_transaction(&id, &cancel)
        .await
        .expect("PATCH /cancel/{id}");
    assert_eq!(refunded.status, Some(CancelStatus::Success));
    assert_eq!(refunded.error_message, Some(None), "SUCCESS sends null");
    let again = client
        .cancel_transaction(&id, &cancel)
        .await
        .expect("PATCH /cancel/{id} again");
    assert_eq!(again.status, Some(CancelStatus::Failed));
    assert!(matches!(again.error_message, Some(Some(_))), "{again:?}");
    requests += 4;

    // Documented error paths: 404, 400 (malformed id), 401.
    let unknown = client
        .get_transaction_status("aaaaaaaaaaaaaaaaaaaaaaaa")
        .await
        .expect_err("an unknown id");
    assert_eq!(unknown.status(), Some(404), "{unknown}");
    let malformed = client
        .update_transaction("not-an-id", &UpdateTransactionRequest::default())
        .await
        .expect_err("a malformed id");
    assert_eq!(malformed.status(), Some(400), "{malformed}");
    let stranger = Client::builder()
        .base_url(&prism.base_url)
        .basic_auth(ID, "wrong-secret")
        .build()
        .expect("a valid client");
    let denied = stranger
        .get_api_status()
        .await
        .expect_err("wrong credentials");
    assert_eq!(denied.status(), Some(401), "{denied}");
    requests += 3;

    prism.settle(requests).await;
    let problems = prism.problems();
    assert!(
        problems.is_empty(),
        "Prism reported violations:\n{}\n\nfull log:\n{}",
        problems.join("\n"),
        prism.log()
    );
    assert_eq!(
        fake.transaction(&id)
            .expect("the transaction")
            .refunds
            .len(),
        1,
        "the calls went through Prism to the fake"
    );

    // The control: a request that breaks the spec (currency pattern) must be caught by Prism,
    // or the clean log above proves nothing.
    let mut bad = example_checkout();
    bad.currency = "euro".into();
    let caught = client
        .initialize_transaction(&bad)
        .await
        .expect_err("Prism refuses a request that breaks the spec");
    assert_eq!(caught.status(), Some(422), "{caught}");
    prism.settle(requests + 1).await;
    assert!(
        !prism.problems().is_empty(),
        "Prism's refusal shows in its log:\n{}",
        prism.log()
    );
}

/// The multipart operation through Prism: the invoice upload and the comma-joined `itemsOrder`
/// part. Nothing had to be excluded, and this is why. Prism has two open multipart bugs:
/// - it rejects an array sent as one part per item; the spec's `encoding` for `itemsOrder` says
///   `style: form, explode: false` (one `1,2` text part), which the client sends and Prism reads;
/// - a part without a `Content-Type` header crashes the whole Prism process (5.14.2: a
///   `TypeError` in `parse-multipart-data`'s `multipart.ts`, reading the missing header); the
///   generated client gives every part one (the `encoding`'s type, or for a file its own type, else
///   one the spec lists), so the crash is never reached. The upload without a content type of its
///   own below checks exactly that.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prism_accepts_the_invoice_upload() {
    let tools = tokio::task::spawn_blocking(ensure_tools)
        .await
        .expect("tool install");
    let (fake, client) = start_fake().await;
    let mut checkout = example_checkout();
    checkout.items.push(checkout.items[0].clone());
    let id = client
        .initialize_transaction(&checkout)
        .await
        .expect("POST /initialize")
        .transaction_id;
    assert!(fake.mark_paid(&id));
    let prism = {
        let prism = tools.prism.clone();
        let upstream = fake.base_url();
        tokio::task::spawn_blocking(move || PrismProxy::start(&prism, &upstream))
            .await
            .expect("Prism start")
    };
    let through_prism = Client::builder()
        .base_url(&prism.base_url)
        .basic_auth(ID, SECRET)
        .build()
        .expect("a valid client");
    let pdf = FilePart::new(b"%PDF-1.4 cancellation invoice".to_vec())
        .file_name("storno.pdf")
        .content_type("application/pdf");
    let untyped = FilePart::new(b"scanned invoice".to_vec());
    let forms = [
        (vec![1, 2], Some(pdf)),
        (vec![3], Some(untyped)),
        (vec![3], None),
    ];
    let mut statuses = Vec::new();
    for (items_order, invoice) in forms {
        let form = {
            let mut value = CancelWithInvoiceRequest::new(items_order)
                .with_amount("100".parse().expect("a decimal"))
                .with_invoice_title("Cancellation Invoice".into())
                .with_invoice_number("INV-2024-002".into());
            value.invoice = invoice;
            value
        };
        let result = through_prism
            .cancel_transaction_with_invoice(&id, form)
            .await
            .expect("PATCH /cancel/{id}/invoice through Prism");
        statuses.push(result.status);
    }
    let (success, failed) = (Some(CancelStatus::Success), Some(CancelStatus::Failed));
    assert_eq!(
        statuses,
        [success.clone(), success, failed],
        "the third cancels item 3 again"
    );
    prism.settle(3).await;
    let problems = prism.problems();
    assert!(
        problems.is_empty(),
        "Prism reported violations:\n{}\n\nfull log:\n{}",
        problems.join("\n"),
        prism.log()
    );
    let types: Vec<_> = fake
        .invoices(&id)
        .into_iter()
        .map(|i| i.content_type)
        .collect();
    assert_eq!(
        types,
        [
            Some("application/pdf".to_string()),
            Some("application/octet-stream".to_string())
        ],
        "both uploads reached the fake, each with a content type"
    );
}
