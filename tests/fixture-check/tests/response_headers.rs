//! `tests/fixtures/responses.yaml` against wiremock over loopback: a call's `send_with_response`
//! gives the whole response (status, version, every header the server sent, declared or not)
//! around the same decoded body that `.await` gives, and an error status is the same `Err`
//! either way. Then the generated server: the headers a handler sets on its `RequestContext`
//! reach the generated client, whichever reply it returns.

mod support;

use fixture_check::responses::client::{Client, Error, ErrorBody, GetJobSuccess};
use fixture_check::responses::runtime::client::http;
use fixture_check::responses::server::{router, GetJobReply, RequestContext, Server};
use fixture_check::responses::types::{Problem, Progress};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A client of a wiremock server that answers `GET job_path` with `answer` (kept alive by the
/// returned server).
async fn answering(job_path: &str, answer: ResponseTemplate) -> (MockServer, Client) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(job_path))
        .respond_with(answer)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .unwrap();
    (server, client)
}

#[tokio::test]
async fn send_with_response_returns_the_status_and_headers_with_the_decoded_body() {
    let (_server, client) = answering(
        "/jobs/j1",
        ResponseTemplate::new(202)
            .insert_header("Location", "https://jobs.example/jobs/j1/result")
            .insert_header("Retry-After", "5")
            .insert_header("X-Request-Id", "req-42")
            .insert_header("X-Undeclared", "also kept")
            .set_body_json(serde_json::json!({"percent": 40})),
    )
    .await;

    let response = client.get_job("j1").send_with_response().await.unwrap();
    assert_eq!(response.status(), 202);
    assert_eq!(response.version(), http::Version::HTTP_11);
    let header = |name: &str| response.headers().get(name).map(|v| v.to_str().unwrap());
    assert_eq!(
        header("location"),
        Some("https://jobs.example/jobs/j1/result")
    );
    assert_eq!(header("retry-after"), Some("5"));
    assert_eq!(header("x-request-id"), Some("req-42"));
    assert_eq!(header("x-undeclared"), Some("also kept"));
    assert_eq!(header("content-type"), Some("application/json"));
    match response.into_body() {
        GetJobSuccess::Accepted(progress) => assert_eq!(progress.percent, 40),
        other => panic!("expected the 202 body, got {other:?}"),
    }

    // `.await` reads the same response into the body alone.
    match client.get_job("j1").await.unwrap() {
        GetJobSuccess::Accepted(progress) => assert_eq!(progress.percent, 40),
        other => panic!("expected the 202 body, got {other:?}"),
    }
}

#[tokio::test]
async fn a_body_less_success_keeps_its_headers() {
    let (_server, client) = answering(
        "/jobs/gone",
        ResponseTemplate::new(204).insert_header("X-Request-Id", "req-7"),
    )
    .await;

    let response = client.get_job("gone").send_with_response().await.unwrap();
    assert_eq!(response.status(), http::StatusCode::NO_CONTENT);
    assert_eq!(response.headers()["x-request-id"], "req-7");
    assert!(matches!(response.body(), GetJobSuccess::NoContent));
}

#[tokio::test]
async fn an_error_status_is_the_same_err_from_send_with_response() {
    let (_server, client) = answering(
        "/jobs/missing",
        ResponseTemplate::new(404)
            .insert_header("X-Request-Id", "req-9")
            .set_body_json(serde_json::json!({"title": "no such job"})),
    )
    .await;

    let error = client
        .get_job("missing")
        .send_with_response()
        .await
        .unwrap_err();
    match &error {
        Error::Api { status, body } => {
            assert_eq!(*status, 404);
            match body.as_ref() {
                ErrorBody::Problem(problem) => assert_eq!(problem.title, "no such job"),
                other => panic!("expected the Problem body, got {other:?}"),
            }
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    let same = client.get_job("missing").await.unwrap_err();
    assert_eq!(same.to_string(), error.to_string());
}

#[tokio::test]
async fn a_body_that_does_not_decode_fails_send_with_response_as_it_fails_await() {
    let (_server, client) = answering(
        "/jobs/bad",
        ResponseTemplate::new(200)
            .insert_header("content-type", "application/json")
            .set_body_string("{\"id\": 7}"),
    )
    .await;

    let error = client
        .get_job("bad")
        .send_with_response()
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Decode { status: 200, .. }),
        "{error:?}"
    );
}

/// Answers 202 with the headers the spec declares for it, and a 404 with a request id.
struct Jobs;

impl Server for Jobs {
    async fn get_job(&self, ctx: RequestContext, job_id: String) -> GetJobReply {
        use http::header::{HeaderName, HeaderValue, CONTENT_TYPE, LOCATION, RETRY_AFTER};
        let request_id = HeaderName::from_static("x-request-id");
        ctx.set_response_header(request_id, HeaderValue::from_static("req-1"));
        if job_id == "missing" {
            return GetJobReply::ClientError {
                status: 404,
                body: Problem::new("no such job".into()),
            };
        }
        let location = format!("/jobs/{job_id}/result");
        ctx.set_response_header(LOCATION, HeaderValue::from_str(&location).unwrap());
        ctx.set_response_header(RETRY_AFTER, HeaderValue::from_static("5"));
        // A header the reply sets itself is replaced by the handler's.
        ctx.set_response_header(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        GetJobReply::Accepted(Progress::new(40))
    }
}

#[tokio::test]
async fn headers_a_handler_sets_on_its_context_reach_the_client() {
    let base = support::serve(router(Jobs)).await;
    let client = Client::builder().base_url(&base).build().unwrap();

    let response = client.get_job("j1").send_with_response().await.unwrap();
    assert_eq!(response.status(), 202);
    assert_eq!(response.headers()["location"], "/jobs/j1/result");
    assert_eq!(response.headers()["retry-after"], "5");
    assert_eq!(response.headers()["x-request-id"], "req-1");
    assert_eq!(response.headers().get_all("content-type").iter().count(), 1);
    assert!(matches!(
        response.into_body(),
        GetJobSuccess::Accepted(Progress { percent: 40, .. })
    ));

    // An error reply gets them too; the client reports it as the `Err` it is.
    let raw = reqwest::get(format!("{base}/jobs/missing")).await.unwrap();
    assert_eq!(raw.status(), 404);
    assert_eq!(raw.headers()["x-request-id"], "req-1");
    assert!(matches!(
        client.get_job("missing").await,
        Err(Error::Api { status: 404, .. })
    ));
}
