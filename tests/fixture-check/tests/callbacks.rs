//! `tests/fixtures/callbacks.yaml` over loopback HTTP: the requests an API sends to a subscriber's
//! URL (its operations' callbacks) are received by the generated `webhooks` router, each at the
//! path its URL expression ends in (or `/<name>`), decoded and typed, and answered with the status
//! the handler's reply names; a body of the wrong type is a 400 that never reaches the handler.

mod support;

use std::sync::Mutex;

use fixture_check::callbacks::server::RequestContext;
use fixture_check::callbacks::types::{
    Event, EventKind, ReportProgressBody, ReportProgressResponse200,
};
use fixture_check::callbacks::webhooks::{
    router, OnProgress2Reply, ReportProgressReply, StartJobOnEventReply, SubscribeOnEventReply,
    Webhooks,
};

/// Records what it received, in order.
#[derive(Default)]
struct Subscriber(Mutex<Vec<String>>);

impl Subscriber {
    fn record(&self, line: String) {
        self.0.lock().unwrap().push(line);
    }
}

impl Webhooks for Subscriber {
    async fn subscribe_on_event(
        &self,
        _ctx: RequestContext,
        x_delivery: String,
        body: Event,
    ) -> SubscribeOnEventReply {
        self.record(format!("event {} {x_delivery}", body.kind));
        match body.kind {
            EventKind::Deleted => SubscribeOnEventReply::Gone,
            _ => SubscribeOnEventReply::Success,
        }
    }

    async fn start_job_on_event(&self, _ctx: RequestContext, body: Event) -> StartJobOnEventReply {
        self.record(format!("job event {}", body.kind));
        StartJobOnEventReply::NoContent
    }

    async fn report_progress(
        &self,
        _ctx: RequestContext,
        body: Option<ReportProgressBody>,
    ) -> ReportProgressReply {
        let percent = body.map_or(-1, |b| b.percent);
        self.record(format!("progress {percent}"));
        ReportProgressReply::Success(ReportProgressResponse200::new().with_go_on(percent < 100))
    }

    async fn on_progress_2(&self, _ctx: RequestContext, body: Option<String>) -> OnProgress2Reply {
        self.record(format!("audit {}", body.unwrap_or_default()));
        OnProgress2Reply::Success
    }
}

#[tokio::test]
async fn callbacks_are_received_typed_at_their_paths() {
    let subscriber = std::sync::Arc::new(Subscriber::default());
    let base = support::serve(fixture_check::callbacks::webhooks::router_with(
        subscriber.clone(),
    ))
    .await;
    let http = reqwest::Client::new();
    let send = |method: reqwest::Method, path: &str| http.request(method, format!("{base}{path}"));

    // `{$request.query.callbackUrl}/events`: at `/events`, its header and body typed.
    let response = send(reqwest::Method::POST, "/events")
        .header("X-Delivery", "d-1")
        .json(&serde_json::json!({"kind": "created", "at": "2026-12-03T10:00:00Z"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let response = send(reqwest::Method::POST, "/events")
        .header("X-Delivery", "d-2")
        .json(&serde_json::json!({"kind": "deleted"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 410);
    // The second `onEvent`, sent to the bare URL, is at its operation-prefixed name.
    let response = send(reqwest::Method::POST, "/startJob_onEvent")
        .json(&serde_json::json!({"kind": "created"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    // `onProgress`'s first expression ends in `/progress`; its method is its operationId's.
    let response = send(reqwest::Method::PUT, "/progress")
        .json(&serde_json::json!({"percent": 40}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let answer: serde_json::Value = response.json().await.unwrap();
    assert_eq!(answer, serde_json::json!({"go_on": true}));
    // Its second expression is a URL of its own: numbered, at `/onProgress_2`.
    let response = send(reqwest::Method::POST, "/onProgress_2")
        .header("content-type", "text/plain")
        .body("job 7")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    // A body of the wrong type, and a missing required header, never reach the handler.
    let response = send(reqwest::Method::POST, "/events")
        .header("X-Delivery", "d-3")
        .json(&serde_json::json!({"kind": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let response = send(reqwest::Method::POST, "/events")
        .json(&serde_json::json!({"kind": "created"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);

    assert_eq!(
        *subscriber.0.lock().unwrap(),
        [
            "event created d-1",
            "event deleted d-2",
            "job event created",
            "progress 40",
            "audit job 7",
        ]
    );
    // `router` takes the receiver by value, as a service would.
    let _ = router(Subscriber::default());
}
