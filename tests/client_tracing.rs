//! The client's `tracing` output: one `http_request` span per call carrying the method, the path
//! template (never the concrete path with its ids), the status and the duration; and no
//! credential in any span field or event.

use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use one_cp::{types, Client};
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::Layer;
use wiremock::matchers::{any, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ID: &str = "widget-42";
const SECRET: &str = "s3cr3t-P4ssw0rd!";
/// base64("widget-42:s3cr3t-P4ssw0rd!"), what Basic auth puts on the wire.
const BASIC_B64: &str = "d2lkZ2V0LTQyOnMzY3IzdC1QNHNzdzByZCE=";

/// A span as recorded: its name and every field ever recorded on it.
#[derive(Debug, Clone, Default)]
struct SpanRecord {
    name: String,
    fields: Vec<(String, String)>,
}

impl SpanRecord {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct Captured {
    spans: Vec<(Id, SpanRecord)>,
    events: Vec<Vec<(String, String)>>,
    /// The span each event was recorded in (its current span), by event index.
    event_spans: Vec<Option<Id>>,
}

struct FieldList<'a>(&'a mut Vec<(String, String)>);

impl Visit for FieldList<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        self.0
            .push((field.name().to_string(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_string(), value.to_string()));
    }
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Captured>>);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        let mut record = SpanRecord {
            name: attrs.metadata().name().to_string(),
            fields: Vec::new(),
        };
        attrs.record(&mut FieldList(&mut record.fields));
        self.0.lock().unwrap().spans.push((id.clone(), record));
    }
    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut captured = self.0.lock().unwrap();
        if let Some((_, record)) = captured.spans.iter_mut().rev().find(|(i, _)| i == id) {
            values.record(&mut FieldList(&mut record.fields));
        }
    }
    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let mut fields = Vec::new();
        event.record(&mut FieldList(&mut fields));
        let span = ctx.event_span(event).map(|span| span.id());
        let mut captured = self.0.lock().unwrap();
        captured.events.push(fields);
        captured.event_spans.push(span);
    }
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .basic_auth(ID, SECRET)
        .build()
        .unwrap()
}

/// Runs `calls` with the capturing layer as this thread's subscriber (`#[tokio::test]` is single
/// threaded, so every span the client opens lands here).
async fn capture<F: std::future::Future<Output = ()>>(calls: F) -> Captured {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    let guard = tracing::subscriber::set_default(subscriber);
    calls.await;
    drop(guard);
    let captured = std::mem::take(&mut *capture.0.lock().unwrap());
    captured
}

fn request_spans(captured: &Captured) -> Vec<SpanRecord> {
    captured
        .spans
        .iter()
        .filter(|(_, s)| s.name == "http_request")
        .map(|(_, s)| s.clone())
        .collect()
}

#[tokio::test]
async fn one_span_per_request_with_method_template_status_and_duration() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "no such id"})))
        .mount(&server)
        .await;
    let client = client(&server);
    let captured = capture(async {
        let update = types::UpdateTransactionRequest::new().with_title("New title".into());
        let error = client
            .update_transaction("id-in-the-path-0001", &update)
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(404));
        let error = client
            .get_transaction_status("another-id-0002")
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(404));
    })
    .await;
    let spans = request_spans(&captured);
    assert_eq!(spans.len(), 2, "{spans:?}");
    let expected = [
        ("PUT", "/{transactionId}"),
        ("GET", "/status/{transactionId}"),
    ];
    for (span, (method, template)) in spans.iter().zip(expected) {
        assert_eq!(span.field("http.method"), Some(method), "{span:?}");
        assert_eq!(span.field("url.template"), Some(template), "{span:?}");
        assert_eq!(span.field("http.status"), Some("404"), "{span:?}");
        let duration: u64 = span
            .field("duration_ms")
            .expect("duration recorded")
            .parse()
            .expect("a whole number of milliseconds");
        assert!(duration < 60_000, "{span:?}");
        // The template, not the concrete path: ids can be personal data.
        let all = format!("{span:?}");
        assert!(
            !all.contains("id-in-the-path") && !all.contains("another-id"),
            "{all}"
        );
    }
}

#[tokio::test]
async fn a_failed_request_still_gets_a_span_without_status() {
    // Nothing listens on port 9 of loopback: the call fails before any response.
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .basic_auth(ID, SECRET)
        .build()
        .unwrap();
    let captured = capture(async {
        let error = client.get_api_status().await.unwrap_err();
        assert_eq!(error.status(), None);
    })
    .await;
    let spans = request_spans(&captured);
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].field("http.method"), Some("GET"));
    assert_eq!(spans[0].field("url.template"), Some("/status"));
    assert_eq!(spans[0].field("http.status"), None);
    assert!(spans[0].field("duration_ms").is_some());
    assert!(
        captured
            .events
            .iter()
            .any(|e| e.iter().any(|(n, _)| n == "error")),
        "the failure is logged as an event: {:?}",
        captured.events
    );
}

#[tokio::test]
async fn no_credential_in_any_span_or_event() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(401).set_body_json(json!({"message": "bad credentials"})),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let captured = capture(async {
        let _ = client.get_api_status().await;
        let _ = client.get_transaction_status("x1").await;
    })
    .await;
    assert_eq!(request_spans(&captured).len(), 2);
    let everything = format!(
        "{:?} {:?}",
        captured.spans.iter().map(|(_, s)| s).collect::<Vec<_>>(),
        captured.events
    );
    for secret in [SECRET, BASIC_B64] {
        assert!(
            !everything.contains(secret),
            "{secret} in traces: {everything}"
        );
    }
}

#[tokio::test]
async fn the_span_records_the_attempt_count() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": "ready", "provider": "p"})),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .basic_auth(ID, SECRET)
        .retry_backoff(
            std::time::Duration::from_millis(1),
            std::time::Duration::from_millis(5),
        )
        .build()
        .unwrap();
    let captured = capture(async {
        client.get_api_status().await.unwrap();
        client.get_api_status().await.unwrap();
    })
    .await;
    let spans = request_spans(&captured);
    let attempts: Vec<_> = spans.iter().map(|s| s.field("attempts")).collect();
    assert_eq!(attempts, [Some("3"), Some("1")], "{spans:?}");
    assert_eq!(spans[0].field("http.status"), Some("200"));
}

#[tokio::test]
async fn concurrent_requests_each_record_their_events_in_their_own_span() {
    // Three calls in flight at once on one thread, answered in another order than they were sent
    // (and each with its own status), so every call is suspended while the others run. An event
    // the client emits after its response arrived must land in that call's span, never in the
    // span of another call that happens to be in flight.
    let server = MockServer::start().await;
    let answers = [("a", 404, 300), ("b", 400, 50), ("c", 500, 150)];
    for (id, status, delay) in answers {
        Mock::given(path(format!("/status/{id}")))
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_json(json!({"message": id}))
                    .set_delay(std::time::Duration::from_millis(delay)),
            )
            .mount(&server)
            .await;
    }
    let client = client(&server);
    let captured = capture(async {
        let (a, b, c) = tokio::join!(
            async { client.get_transaction_status("a").await },
            async { client.get_transaction_status("b").await },
            async { client.get_transaction_status("c").await },
        );
        assert_eq!(a.unwrap_err().status(), Some(404));
        assert_eq!(b.unwrap_err().status(), Some(400));
        assert_eq!(c.unwrap_err().status(), Some(500));
    })
    .await;
    let spans: Vec<(&Id, &SpanRecord)> = captured
        .spans
        .iter()
        .filter(|(_, s)| s.name == "http_request")
        .map(|(id, s)| (id, s))
        .collect();
    assert_eq!(spans.len(), 3, "{spans:?}");
    let mut checked = 0;
    for (fields, span) in captured.events.iter().zip(&captured.event_spans) {
        let Some((_, status)) = fields.iter().find(|(n, _)| n == "status") else {
            continue;
        };
        let (_, record) = spans
            .iter()
            .find(|(id, _)| Some(*id) == span.as_ref())
            .unwrap_or_else(|| panic!("event {fields:?} outside every request span"));
        assert_eq!(
            record.field("http.status"),
            Some(status.as_str()),
            "the event {fields:?} landed in the span of another request: {record:?}"
        );
        checked += 1;
    }
    assert_eq!(
        checked, 3,
        "one `response received` event per call: {:?}",
        captured.events
    );
}
