//! `tests/fixtures/strict_bodies.yaml` over loopback HTTP: the generated server refuses with 400
//! what serde alone would accept but the schema forbids (`null` in a property that is not nullable,
//! a JSON array read positionally as an object, at any depth and inside a union), and accepts every
//! `null` the schema allows (nullable properties, items and map values, a `$ref` to a nullable
//! schema, a free-form value).

mod support;

use fixture_check::strict_bodies::server::{router, CreateOrderReply, RequestContext, Server};
use fixture_check::strict_bodies::types::Order;
use serde_json::{json, Value};

/// Answers with the order it decoded.
struct Echo;

impl Server for Echo {
    async fn create_order(&self, _ctx: RequestContext, body: Order) -> CreateOrderReply {
        CreateOrderReply::Success(body)
    }
}

async fn serve() -> String {
    format!("{}/orders", support::serve(router(Echo)).await)
}

/// Posts `body` and returns the status and the JSON answer.
async fn post(url: &str, body: &Value) -> (u16, Value) {
    let response = reqwest::Client::new()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// A valid order with `field` set to `value`.
fn order_with(field: &str, value: Value) -> Value {
    let mut order = json!({ "id": 1, "lines": [{ "sku": "A", "qty": 2 }] });
    order[field] = value;
    order
}

#[tokio::test]
async fn nulls_the_schema_allows_are_accepted() {
    let url = serve().await;
    let order = json!({
        "id": 7,
        "lines": [],
        "memo": null,
        "tags": { "gift": null, "color": "red" },
        "scores": [1.5, null],
        "customer": null,
        "contact": null,
        "payment": "cash"
    });
    let (status, echoed) = post(&url, &order).await;
    assert_eq!(status, 200, "{echoed}");
    assert_eq!(echoed, order, "every null reached the server as null");
    let others = [
        ("payment", json!({ "number": "4242" })),
        ("extra", Value::Null),
        ("extra", json!([null, {}])),
    ];
    for (field, value) in others {
        let (status, echoed) = post(&url, &order_with(field, value)).await;
        assert_eq!(status, 200, "{echoed}");
    }
}

#[tokio::test]
async fn what_serde_would_let_through_is_refused_with_a_pointer() {
    let url = serve().await;
    let cases = [
        (json!([]), "the body: expected an object, found an array"),
        (
            json!([1, []]),
            "the body: expected an object, found an array",
        ),
        (
            order_with("note", Value::Null),
            "/note: expected a string, found null",
        ),
        (
            order_with("lines", json!([{ "sku": "A" }, []])),
            "/lines/1: expected an object, found an array",
        ),
        (
            order_with("lines", json!([{ "qty": null }])),
            "/lines/0/qty: expected an integer, found null",
        ),
        (
            order_with("tags", json!({ "a/b": 5 })),
            "/tags/a~1b: expected a string, found a number",
        ),
        (
            order_with("customer", json!(["Ada"])),
            "/customer: expected an object, found an array",
        ),
        (
            order_with("payment", json!(["4242"])),
            "/payment: expected a value of one of the members of `Payment`, found an array",
        ),
        (
            order_with("payment", Value::Null),
            "/payment: expected a value of one of the members of `Payment`, found null",
        ),
    ];
    for (body, message) in cases {
        let (status, answer) = post(&url, &body).await;
        assert_eq!(status, 400, "{body} was accepted: {answer}");
        assert_eq!(
            answer["message"],
            format!("invalid JSON body: {message}"),
            "{body}"
        );
    }
}

#[tokio::test]
async fn serde_still_reports_what_the_check_leaves_to_it() {
    let url = serve().await;
    let (status, answer) = post(&url, &json!({ "lines": [] })).await;
    assert_eq!(status, 400);
    let message = answer["message"].as_str().unwrap();
    assert!(message.contains("missing field `id`"), "{message}");
}

/// A required nullable property (`Patch.title`): `null` is read as `None` and echoed as `null`,
/// absence is refused, by the server (400) and by the client (a decode error).
#[tokio::test]
async fn a_required_nullable_property_tells_absent_from_null() {
    use fixture_check::nullable::server::{self as patch_server, ApplyPatchReply};
    use fixture_check::nullable::types::Patch;
    use fixture_check::nullable::Client;

    struct EchoPatch;
    impl patch_server::Server for EchoPatch {
        async fn apply_patch(
            &self,
            _ctx: patch_server::RequestContext,
            body: Patch,
        ) -> ApplyPatchReply {
            ApplyPatchReply::Success(body)
        }
    }
    let base = support::serve(patch_server::router(EchoPatch)).await;
    let url = format!("{base}/patch");
    let send = |body: Value| {
        let url = url.clone();
        async move {
            let response = reqwest::Client::new()
                .patch(&url)
                .header("content-type", "application/json")
                .body(body.to_string())
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            (status, response.text().await.unwrap())
        }
    };
    let (status, echoed) = send(json!({ "title": null })).await;
    assert_eq!(status, 200, "{echoed}");
    assert_eq!(
        serde_json::from_str::<Value>(&echoed).unwrap(),
        json!({ "title": null })
    );
    let (status, refused) = send(json!({ "note": "n" })).await;
    assert_eq!(status, 400, "{refused}");
    assert!(refused.contains("title"), "{refused}");

    // The client: `None` goes out as `null`; a response without the property is refused.
    let client = Client::builder().base_url(&base).build().unwrap();
    let back = client.apply_patch(&Patch::new(None)).await.unwrap();
    assert_eq!(back.title, None);
    let mock = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("PATCH"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(json!({ "note": "n" })))
        .mount(&mock)
        .await;
    let client = Client::builder().base_url(mock.uri()).build().unwrap();
    let error = client.apply_patch(&Patch::new(None)).await.unwrap_err();
    assert!(error.to_string().contains("title"), "{error}");
}
