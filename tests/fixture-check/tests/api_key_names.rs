//! `tests/fixtures/api_key_names.yaml`: a header key `X-Api-Key` and a query key `x_api_key` get
//! two builder methods, and each sends its own key where its scheme says.

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
    client.list_reports().await.unwrap();
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
    assert_eq!(request.url.query(), Some("x_api_key=query-secret"));
    // Neither key is shown.
    let shown = format!("{client:?}");
    assert!(
        !shown.contains("header-secret") && !shown.contains("query-secret"),
        "{shown}"
    );
}
