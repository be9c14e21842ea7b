//! The client generated from an OpenAPI 3.2 spec (tests/fixtures/openapi32.yaml) against
//! wiremock: a form-encoded `querystring` parameter goes out as the query's `key=value` pairs,
//! and a response media type by `$ref` to `components/mediaTypes` is typed.

use fixture_check::openapi32::types::{ListOrdersFilter, Order};
use fixture_check::openapi32::Client;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_querystring_parameter_is_the_query_and_a_named_media_type_is_typed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/orders"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!([{"id": "o1", "kind": "card"}])),
        )
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let filter = ListOrdersFilter::new()
        .with_status("paid".into())
        .with_limit(5);
    let orders: Vec<Order> = client.list_orders().filter(&filter).await.unwrap();
    assert_eq!(orders[0].id, "o1");
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent.len(), 1);
    // Each property is a `key=value` pair of the query, as the exploded form object of 3.1.
    let mut pairs: Vec<(String, String)> = sent[0].url.query_pairs().into_owned().collect();
    pairs.sort();
    assert_eq!(
        pairs,
        [
            ("limit".into(), "5".into()),
            ("status".into(), "paid".into())
        ]
    );
    // With no filter, no query at all.
    client.list_orders().await.unwrap();
    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent[1].url.query(), None);
}
