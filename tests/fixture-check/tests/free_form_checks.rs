//! `tests/fixtures/free_form_checks.yaml` over loopback HTTP: a body whose every value passes the
//! strict check (free-form, an alias of it, a union with a free-form member) is taken as sent,
//! and an object whose properties are all free-form is still refused when it is not an object.
//! That the generated code compiles without a warning is this crate's `deny(warnings)`.

mod support;

use fixture_check::free_form_checks::server::{
    router, PutAnythingReply, PutChoiceReply, PutEnvelopeReply, PutOpaqueReply, RequestContext,
    Server, UploadReply,
};
use fixture_check::free_form_checks::types::{Choice, Envelope, Opaque, UploadForm};
use serde_json::{json, Value};

struct Accepting;

impl Server for Accepting {
    async fn put_anything(&self, _ctx: RequestContext, _body: Value) -> PutAnythingReply {
        PutAnythingReply::NoContent
    }
    async fn put_envelope(&self, _ctx: RequestContext, _body: Envelope) -> PutEnvelopeReply {
        PutEnvelopeReply::NoContent
    }
    async fn put_choice(&self, _ctx: RequestContext, _body: Choice) -> PutChoiceReply {
        PutChoiceReply::NoContent
    }
    async fn put_opaque(&self, _ctx: RequestContext, _body: Opaque) -> PutOpaqueReply {
        PutOpaqueReply::NoContent
    }
    async fn upload(&self, _ctx: RequestContext, _form: UploadForm) -> UploadReply {
        UploadReply::NoContent
    }
}

async fn put(url: &str, body: &Value) -> u16 {
    reqwest::Client::new()
        .put(url)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn free_form_bodies_pass_and_objects_stay_objects() {
    let base = support::serve(router(Accepting)).await;
    for body in [
        json!(null),
        json!(1),
        json!("text"),
        json!([1, {"a": null}]),
    ] {
        assert_eq!(put(&format!("{base}/anything"), &body).await, 204, "{body}");
        assert_eq!(put(&format!("{base}/opaque"), &body).await, 204, "{body}");
        assert_eq!(put(&format!("{base}/choice"), &body).await, 204, "{body}");
    }
    // Not a `Settings`, but the union's other member takes any value.
    let settings_like = json!({"level": "high"});
    assert_eq!(put(&format!("{base}/choice"), &settings_like).await, 204);
    let envelope = json!({"payload": [1, 2], "meta": null});
    assert_eq!(put(&format!("{base}/envelope"), &envelope).await, 204);
    assert_eq!(
        put(&format!("{base}/envelope"), &json!({"meta": {"any": 1}})).await,
        204
    );
    // Not an object: refused before the typed decode.
    assert_eq!(put(&format!("{base}/envelope"), &json!([1])).await, 400);
}
