//! Bearer and API-key credentials on the wire (tests/fixtures/security_schemes.yaml): each is
//! sent where its scheme says, only on operations that require security, and never shown.

use fixture_check::security_schemes::{Client, ClientBuilder};
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "tok-3f9a-SECRET";
const KEY: &str = "key-77c1-SECRET";

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path("/reports/r1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "r1"})))
        .mount(&server)
        .await;
    Mock::given(path("/health"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    server
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

/// Calls the authenticated operation, then the one that opts out with `security: []`.
async fn call_both(builder: ClientBuilder, server: &MockServer) -> (Request, Request) {
    let client: Client = builder.base_url(server.uri()).build().unwrap();
    client.get_report("r1").await.unwrap();
    client.get_health().await.unwrap();
    let mut got = requests(server).await;
    assert_eq!(got.len(), 2);
    let health = got.pop().unwrap();
    (got.pop().unwrap(), health)
}

fn assert_no_credentials(request: &Request) {
    assert_eq!(request.url.path(), "/health");
    for name in ["authorization", "x-api-key", "cookie"] {
        assert_eq!(
            header(request, name),
            None,
            "{name} sent on a `security: []` operation"
        );
    }
    assert_eq!(request.url.query(), None);
}

#[tokio::test]
async fn bearer_token_goes_in_the_authorization_header() {
    let server = server().await;
    let (report, health) = call_both(Client::builder().bearer_token(TOKEN), &server).await;
    assert_eq!(report.url.path(), "/reports/r1");
    assert_eq!(
        header(&report, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(report.url.query(), None);
    assert_no_credentials(&health);
}

#[tokio::test]
async fn header_api_key_goes_in_its_header() {
    let server = server().await;
    let (report, health) = call_both(Client::builder().api_key_x_api_key(KEY), &server).await;
    assert_eq!(header(&report, "x-api-key"), Some(KEY));
    assert_eq!(header(&report, "authorization"), None);
    assert_no_credentials(&health);
}

#[tokio::test]
async fn query_api_key_goes_in_the_query_string() {
    let server = server().await;
    let (report, health) = call_both(Client::builder().api_key_api_key(KEY), &server).await;
    assert_eq!(report.url.query(), Some(format!("api_key={KEY}").as_str()));
    assert_no_credentials(&health);
}

#[tokio::test]
async fn cookie_api_key_goes_in_the_cookie_header() {
    let server = server().await;
    let (report, health) = call_both(Client::builder().api_key_session(KEY), &server).await;
    assert_eq!(
        header(&report, "cookie"),
        Some(format!("session={KEY}").as_str())
    );
    assert_no_credentials(&health);
}

#[tokio::test]
async fn setting_a_key_twice_sends_the_last_value_once() {
    let server = server().await;
    let builder = Client::builder()
        .api_key_x_api_key("first")
        .api_key_x_api_key(KEY);
    let (report, _) = call_both(builder, &server).await;
    let values: Vec<_> = report.headers.get_all("x-api-key").iter().collect();
    assert_eq!(values.len(), 1);
    assert_eq!(values[0], KEY);
}

#[tokio::test]
async fn no_credential_shows_in_debug_or_in_errors() {
    let builder = Client::builder()
        .bearer_token(TOKEN)
        .api_key_x_api_key(KEY)
        .api_key_api_key(KEY)
        .api_key_session(KEY);
    let shown_builder = format!("{builder:?}");
    // Port 9 (discard) on loopback: nothing listens, so the call fails with a transport error
    // whose text must not carry the query-string key.
    let client = builder.base_url("http://127.0.0.1:9").build().unwrap();
    let error = client.get_report("r1").await.unwrap_err();
    for shown in [
        shown_builder,
        format!("{client:?}"),
        format!("{error:?}"),
        error.to_string(),
    ] {
        assert!(!shown.contains("SECRET"), "credential shown: {shown}");
    }
}
