//! `tests/fixtures/tolerance.yaml`: what the generator repaired works on the wire, and what it
//! skipped is absent.

use fixture_check::tolerance;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn repaired_operations_work_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/items/a%2Fb"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "a/b", "loop": [1]})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/items"))
        .and(query_param("limit", "3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": "x"}])))
        .mount(&server)
        .await;
    let client = tolerance::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    // The undeclared `{itemId}` is a required string path parameter, kept in its segment.
    let item = client.get_item("a/b").await.unwrap();
    assert_eq!(item.id, "a/b");
    // The cyclic `$ref` chain is untyped JSON where it is used.
    assert_eq!(item.r#loop, Some(json!([1])));
    // The declared path parameter that is not in `/items` is ignored.
    let items = client.list_items().limit(3).await.unwrap();
    assert_eq!(items[0].id, "x");
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 2);
    assert_eq!(received[1].url.query(), Some("limit=3"));
}

/// The skipped operations (no `responses`, an unreadable parameter, a body `$ref` that names
/// nothing) have no methods: this would not compile if one did, with any signature.
#[allow(dead_code)]
trait SkippedOperations {
    fn no_responses(&self) {}
    fn bad_parameter(&self) {}
    fn bad_body(&self) {}
}
impl SkippedOperations for tolerance::Client {}

#[test]
fn skipped_operations_have_no_methods() {
    let client = tolerance::Client::builder()
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    // Resolves to the trait's methods only because the client has no inherent ones of that name.
    let () = client.no_responses();
    let () = client.bad_parameter();
    let () = client.bad_body();
}

#[test]
fn a_list_of_item_schemas_is_a_tuple_and_an_unreadable_property_is_untyped_alone() {
    let track: tolerance::types::Track =
        serde_json::from_value(json!({"point": [1.5, 2], "odd": {"any": [1]}, "name": "n"}))
            .unwrap();
    let (x, y): (f64, f64) = track.point.unwrap();
    assert_eq!((x, y), (1.5, 2.0));
    // Only `odd` is untyped; its neighbours keep their types.
    let odd: serde_json::Value = track.odd.unwrap();
    assert_eq!(odd, json!({"any": [1]}));
    let name: String = track.name.unwrap();
    assert_eq!(name, "n");
    // A tuple holds exactly its items.
    assert!(
        serde_json::from_value::<tolerance::types::Track>(json!({"point": [1, 2, 3]})).is_err()
    );
}
