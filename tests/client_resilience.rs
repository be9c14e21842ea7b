//! Retries and interceptors of the generated client, over real HTTP on loopback (wiremock): a GET
//! retried after 503s, POST and PATCH sent once, `Retry-After` honoured up to its cap,
//! `max_retries(0)`, the retry budget against a storm, and hooks that add headers, see responses
//! and never leak their token.

use std::fmt::Debug;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use one_cp::client::{Attempt, BoxError, Interceptor, Outcome};
use one_cp::{types, Client, Error};
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;
use wiremock::matchers::{any, header, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ID: &str = "widget-42";
const SECRET: &str = "s3cr3t-P4ssw0rd!";
const TOKEN: &str = "tok-0123456789-hook-secret";

fn status_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"status": "ready", "provider": "p"}))
}

/// A client with a fast backoff, so that retries take milliseconds.
fn builder(server: &MockServer) -> one_cp::ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .basic_auth(ID, SECRET)
        .timeout(Duration::from_secs(10))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

async fn received(server: &MockServer) -> usize {
    server.received_requests().await.expect("recording").len()
}

fn checkout() -> types::CorporateCheckout {
    serde_json::from_value(json!({
        "title": "t", "currency": "EUR",
        "items": [{"name": "n", "category": "FEE", "price": 1}]
    }))
    .unwrap()
}

fn cancel() -> types::CancelRequest {
    serde_json::from_value(json!({"itemsOrder": [1]})).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_get_is_retried_after_transient_statuses_until_it_succeeds() {
    for code in [503u16, 429, 502, 504] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(code).set_body_string("busy"))
            .up_to_n_times(2)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(status_ok())
            .mount(&server)
            .await;
        let status = builder(&server).build().unwrap().get_api_status().await;
        assert_eq!(status.unwrap().provider, "p", "{code}");
        assert_eq!(received(&server).await, 3, "{code}");
    }
}

#[tokio::test]
async fn retries_stop_at_max_retries_and_return_the_last_answer() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).set_body_string("down"))
        .mount(&server)
        .await;
    let err = builder(&server)
        .max_retries(4)
        .build()
        .unwrap()
        .get_transaction_status("t1")
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::UnexpectedStatus { status: 503, body } if body == "down"));
    assert_eq!(received(&server).await, 5);
}

#[tokio::test]
async fn max_retries_zero_sends_once() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = builder(&server).max_retries(0).build().unwrap();
    let err = client.get_api_status().await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    let err = client
        .update_transaction("t1", &types::UpdateTransactionRequest::default())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(received(&server).await, 2);
}

#[tokio::test]
async fn post_and_patch_answered_503_are_sent_exactly_once() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .mount(&server)
        .await;
    let client = builder(&server).max_retries(5).build().unwrap();
    let err = client
        .initialize_transaction(&checkout())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(received(&server).await, 1, "the POST");
    let err = client
        .cancel_transaction("t1", &cancel())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(received(&server).await, 2, "the PATCH");
    // The PUT beside them is idempotent: retried.
    let _ = client
        .update_transaction("t1", &types::UpdateTransactionRequest::default())
        .await;
    assert_eq!(received(&server).await, 2 + 6, "the PUT, 1 + 5 retries");
}

/// The waits the client planned before its retries (`retry_in_ms` of its `retrying` events).
#[derive(Clone, Default)]
struct Waits(Arc<Mutex<Vec<u64>>>);

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0.push((field.name().into(), format!("{value:?}")));
    }
}

impl<S: tracing::Subscriber> Layer<S> for Waits {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        if let Some((_, ms)) = fields.iter().find(|(n, _)| n == "retry_in_ms") {
            self.0.lock().unwrap().push(ms.parse().unwrap());
        }
    }
}

async fn planned_waits<F: std::future::Future<Output = ()>>(calls: F) -> Vec<u64> {
    let waits = Waits::default();
    let subscriber = tracing_subscriber::registry().with(waits.clone());
    let guard = tracing::subscriber::set_default(subscriber);
    calls.await;
    drop(guard);
    let planned = waits.0.lock().unwrap().clone();
    planned
}

async fn once_then_ok(server: &MockServer, first: ResponseTemplate) {
    server.reset().await;
    Mock::given(any())
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(any())
        .respond_with(status_ok())
        .mount(server)
        .await;
}

#[tokio::test]
async fn retry_after_in_seconds_or_as_a_date_is_honoured() {
    let server = MockServer::start().await;
    let client = builder(&server).build().unwrap();

    once_then_ok(
        &server,
        ResponseTemplate::new(503).insert_header("retry-after", "1"),
    )
    .await;
    let waits = planned_waits(async {
        client.get_api_status().await.unwrap();
    })
    .await;
    // The backoff alone would be 1 to 5 ms.
    assert_eq!(waits, [1000], "Retry-After: 1");
    assert_eq!(received(&server).await, 2);

    let date = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(5));
    once_then_ok(
        &server,
        ResponseTemplate::new(429).insert_header("retry-after", date.as_str()),
    )
    .await;
    let waits = planned_waits(async {
        client.get_api_status().await.unwrap();
    })
    .await;
    assert_eq!(waits.len(), 1);
    assert!(
        (1000..=5000).contains(&waits[0]),
        "Retry-After: {date} planned {waits:?}"
    );

    // Unreadable: the backoff applies.
    once_then_ok(
        &server,
        ResponseTemplate::new(503).insert_header("retry-after", "soon"),
    )
    .await;
    let waits = planned_waits(async {
        client.get_api_status().await.unwrap();
    })
    .await;
    assert!(waits.len() == 1 && waits[0] <= 5, "{waits:?}");
}

#[tokio::test]
async fn retry_after_beyond_the_cap_returns_the_answer_without_waiting() {
    let server = MockServer::start().await;
    once_then_ok(
        &server,
        ResponseTemplate::new(503).insert_header("retry-after", "3600"),
    )
    .await;
    let client = builder(&server)
        .max_retry_after(Duration::from_secs(5))
        .build()
        .unwrap();
    let err = tokio::time::timeout(Duration::from_secs(30), client.get_api_status())
        .await
        .expect("no hour-long wait")
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(received(&server).await, 1);
}

#[tokio::test]
async fn the_budget_stops_a_retry_storm() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    // 10 % extra load, no reserve: one retry per ten calls, although each call may retry 5 times.
    let client = builder(&server)
        .max_retries(5)
        .retry_budget(0.1, 0)
        .build()
        .unwrap();
    for _ in 0..30 {
        let clone = client.clone(); // clones share the budget
        assert_eq!(
            clone.get_api_status().await.unwrap_err().status(),
            Some(503)
        );
    }
    let sent = received(&server).await;
    assert!(
        (30..=33).contains(&sent),
        "30 calls sent {sent} requests (without a budget: 180)"
    );

    // The default budget, 200 concurrent calls against a server that is down: at most
    // 100 (10 a second over 10 s) + 20 % of 200 retries, not 400.
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = builder(&server).build().unwrap();
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..200 {
        let client = client.clone();
        calls.spawn(async move { client.get_api_status().await.unwrap_err().status() });
    }
    while let Some(status) = calls.join_next().await {
        assert_eq!(status.unwrap(), Some(503));
    }
    let sent = received(&server).await;
    assert!(
        (200..=340).contains(&sent),
        "200 calls sent {sent} requests (without a budget: 600)"
    );
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let attempts = Arc::new(Mutex::new(Vec::new()));
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
        .interceptor(Recorder(attempts.clone()))
        .build()
        .unwrap();
    let err = client.get_api_status().await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    let seen = attempts.lock().unwrap().clone();
    assert_eq!(seen, ["1 error", "2 error", "3 error"]);
}

// ---------------------------------------------------------------------------------------------
// Interceptors
// ---------------------------------------------------------------------------------------------

/// Records `"<attempt> <status or error>"` for every attempt it sees.
struct Recorder(Arc<Mutex<Vec<String>>>);

impl Interceptor for Recorder {
    async fn after(&self, attempt: Attempt, outcome: Outcome<'_>) {
        let what = match outcome {
            Outcome::Response(response) => response.status().as_u16().to_string(),
            Outcome::Error(_) => "error".to_string(),
            _ => "other".to_string(),
        };
        self.0
            .lock()
            .unwrap()
            .push(format!("{} {what}", attempt.number));
    }
}

/// Signs every attempt and adds a bearer token fetched asynchronously.
struct Signer {
    seen: Arc<Mutex<Vec<String>>>,
}

impl Interceptor for Signer {
    async fn before(
        &self,
        attempt: Attempt,
        request: &mut reqwest::Request,
    ) -> Result<(), BoxError> {
        // Stands for a token endpoint or a key store.
        tokio::task::yield_now().await;
        let signature = format!(
            "{} {} #{}",
            request.method(),
            attempt.template,
            attempt.number
        );
        request
            .headers_mut()
            .insert("x-signature", signature.parse()?);
        request
            .headers_mut()
            .insert("x-token", format!("Bearer {TOKEN}").parse()?);
        Ok(())
    }

    async fn after(&self, attempt: Attempt, outcome: Outcome<'_>) {
        if let Outcome::Response(response) = outcome {
            self.seen.lock().unwrap().push(format!(
                "{} {}",
                attempt.number,
                response.status().as_u16()
            ));
        }
    }
}

/// Runs after the signer: what a logging hook would print of the request.
struct Peek(Arc<Mutex<Vec<String>>>);

impl Interceptor for Peek {
    async fn before(&self, _: Attempt, request: &mut reqwest::Request) -> Result<(), BoxError> {
        self.0.lock().unwrap().push(format!("{request:?}"));
        Ok(())
    }
}

#[tokio::test]
async fn a_hook_adds_headers_on_every_attempt_and_sees_each_response() {
    let server = MockServer::start().await;
    Mock::given(header("x-signature", "GET /status/{transactionId} #1"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(header("x-signature", "GET /status/{transactionId} #2"))
        .and(header("x-token", format!("Bearer {TOKEN}").as_str()))
        .and(header(
            "authorization",
            "Basic d2lkZ2V0LTQyOnMzY3IzdC1QNHNzdzByZCE=",
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "PENDING"})))
        .expect(1)
        .mount(&server)
        .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let client = builder(&server)
        .interceptor(Signer { seen: seen.clone() })
        .build()
        .unwrap();
    let status = client.get_transaction_status("t1").await.unwrap();
    assert_eq!(status.status, types::TransactionStatus::Pending);
    assert_eq!(*seen.lock().unwrap(), ["1 503", "2 200"]);
    server.verify().await;
}

#[tokio::test]
async fn a_hooks_token_never_appears_in_debug_or_an_error() {
    let server = MockServer::start().await;
    let peeked = Arc::new(Mutex::new(Vec::new()));
    let hooked = |url: String| {
        Client::builder()
            .base_url(url)
            .timeout(Duration::from_millis(300))
            .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
            .interceptor(Signer {
                seen: Arc::default(),
            })
            .interceptor(Peek(peeked.clone()))
    };
    let builder_shown = format!("{:?}", hooked(server.uri()));
    let client = hooked(server.uri()).build().unwrap();
    let mut shown = vec![builder_shown, format!("{client:?}"), format!("{client:#?}")];
    let mut errors = Vec::new();
    for response in [
        ResponseTemplate::new(401).set_body_json(json!({"message": "bad token"})),
        ResponseTemplate::new(502).set_body_string("bad gateway"),
        ResponseTemplate::new(200).set_body_string("{nope"),
        status_ok().set_delay(Duration::from_secs(3)),
    ] {
        server.reset().await;
        Mock::given(any())
            .respond_with(response)
            .mount(&server)
            .await;
        errors.push(client.get_transaction_status("t1").await.unwrap_err());
        errors.push(
            client
                .initialize_transaction(&checkout())
                .await
                .unwrap_err(),
        );
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = hooked(format!("http://127.0.0.1:{port}")).build().unwrap();
    errors.push(refused.get_api_status().await.unwrap_err());
    assert!(errors.iter().any(|e| matches!(e, Error::Timeout(_))));
    assert!(errors.iter().any(|e| matches!(e, Error::Transport(_))));
    for error in &errors {
        shown.push(format!("{error:?} {error:#?} {error}"));
        let mut source = std::error::Error::source(error);
        while let Some(inner) = source {
            shown.push(format!("{inner:?} {inner}"));
            source = inner.source();
        }
    }
    // A hook that logs the request sees the token's header as `Sensitive`.
    let peeked = peeked.lock().unwrap().clone();
    assert!(!peeked.is_empty());
    assert!(peeked.iter().all(|p| p.contains("Sensitive")), "{peeked:?}");
    shown.extend(peeked);
    for text in shown {
        assert!(!text.contains(TOKEN), "token leaked: {text}");
        assert!(!text.contains("hook-secret"), "token leaked: {text}");
    }
}

/// Points the request at another server.
struct Elsewhere(String);

impl Interceptor for Elsewhere {
    async fn before(&self, _: Attempt, request: &mut reqwest::Request) -> Result<(), BoxError> {
        *request.url_mut() = format!("{}/status", self.0).parse()?;
        Ok(())
    }
}

#[tokio::test]
async fn a_hook_cannot_send_credentials_to_another_origin() {
    let origin = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(status_ok())
        .mount(&elsewhere)
        .await;
    let client = builder(&origin)
        .interceptor(Elsewhere(elsewhere.uri()))
        .build()
        .unwrap();
    let err = client.get_api_status().await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)), "{err:?}");
    assert_eq!(received(&elsewhere).await, 0);
    assert_eq!(received(&origin).await, 0);
}

/// Cannot get a token.
struct NoToken;

impl Interceptor for NoToken {
    async fn before(&self, _: Attempt, _: &mut reqwest::Request) -> Result<(), BoxError> {
        Err("the token endpoint is down".into())
    }
}

#[tokio::test]
async fn a_failing_hook_fails_the_call_before_anything_is_sent() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(status_ok())
        .mount(&server)
        .await;
    let client = builder(&server).interceptor(NoToken).build().unwrap();
    let err = client.get_api_status().await.unwrap_err();
    assert!(matches!(err, Error::Interceptor(_)), "{err:?}");
    assert_eq!(err.status(), None);
    assert!(
        err.to_string().contains("the token endpoint is down"),
        "{err}"
    );
    assert_eq!(received(&server).await, 0);
}
