//! `tests/fixtures/api_key_names.yaml`: a header key `X-Api-Key` and a query key `x_api_key` get
//! two builder methods, and each sends its own key where its scheme says; parameters named like
//! the call's method and field get setters of their own.

use fixture_check::api_key_names::Client;
use wiremock::matchers::path;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn keys_whose_names_snake_case_alike_get_their_own_methods() {
    let server = MockServer::start().await;
    Mock::given(path("/reports"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .api_key_x_api_key("header-secret")
        .api_key_x_api_key_2("query-secret")
        .build()
        .unwrap();
    client
        .list_reports()
        .send_2("s")
        .query("q")
        .client_2("c")
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(
        request
            .headers
            .get("x-api-key")
            .map(|v| v.to_str().unwrap()),
        Some("header-secret")
    );
    assert_eq!(
        request.headers.get("client").map(|v| v.to_str().unwrap()),
        Some("c")
    );
    let mut query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    query.sort();
    let expected = [("query", "q"), ("send", "s"), ("x_api_key", "query-secret")];
    assert_eq!(query, expected.map(|(k, v)| (k.to_string(), v.to_string())));
    // Neither key is shown.
    let shown = format!("{client:?}");
    assert!(
        !shown.contains("header-secret") && !shown.contains("query-secret"),
        "{shown}"
    );
}
