//! The OpenAPI 3.1 fixtures (`tests/fixtures/openapi31_*.yaml`): JSON round trips through their
//! types, and the generated webhook receiver served over loopback.

mod support;

use fixture_check::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Reads `value` as `T`, writes it back, and checks the JSON is unchanged.
fn roundtrip<T: DeserializeOwned + Serialize>(value: Value) -> T {
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("cannot read {value}: {e}"));
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(back, value, "the JSON changed in a round trip");
    typed
}

#[test]
fn null_in_types_and_unions_is_option() {
    use openapi31_null::types::{Adoption, Owner, Pet, PetCode, PetLabel};
    let pet: Pet = roundtrip(json!({
        "id": 1, "name": "Rex", "nickname": null, "owner": null,
        "previous_owner": null, "age": null, "tags": ["a", null], "nothing": null,
        "code": 12, "label": null, "details": {"colour": null},
    }));
    // `type: [string, "null"]` and `anyOf: [$ref, null]`: Option, as `nullable: true` in 3.0.
    assert_eq!(pet.nickname, None);
    assert_eq!(pet.owner, None);
    // Optional and nullable: absent and null are told apart, as in 3.0.
    assert_eq!(pet.previous_owner, Some(None));
    assert_eq!(pet.age, Some(None));
    assert_eq!(pet.tags, Some(vec![Some("a".to_string()), None]));
    assert_eq!(pet.code, Some(PetCode::Integer(12)));
    assert_eq!(pet.label, Some(None));
    let pet: Pet = roundtrip(json!({
        "id": 2, "name": "Tom", "nickname": "T", "owner": {"name": "Ann"},
        "previous_owner": {"name": "Bob"}, "age": 3, "code": "ab", "label": 1.5,
    }));
    assert_eq!(pet.owner, Some(Owner::new("Ann".into())));
    assert_eq!(pet.previous_owner, Some(Some(Owner::new("Bob".into()))));
    assert_eq!(pet.age, Some(Some(3)));
    assert_eq!(pet.code, Some(PetCode::String("ab".into())));
    assert_eq!(pet.label, Some(Some(PetLabel::Number(1.5))));
    // A required `[T, "null"]` property is written even when it is null.
    let written = serde_json::to_value(pet_without_nickname()).unwrap();
    assert_eq!(written["nickname"], Value::Null);
    // A `$ref` to a nullable component (`type: [object, "null"]`) is an Option.
    let adoption: Adoption = roundtrip(json!({
        "pet": {"id": 3, "name": "Kit", "nickname": null, "owner": null},
        "from": null,
    }));
    assert_eq!(adoption.from, None);
}

fn pet_without_nickname() -> openapi31_null::types::Pet {
    serde_json::from_value(json!({"id": 1, "name": "x", "nickname": null, "owner": null})).unwrap()
}

#[test]
fn const_fields_are_fixed_and_sent() {
    use openapi31_values::types::{Event, EventVersion, Kind};
    // The `const` fields are set by the constructor: the caller never writes them.
    let event = Event::new(42.5);
    assert_eq!(event.kind, Kind::Click);
    assert_eq!(event.version, EventVersion::V1);
    assert_eq!(
        serde_json::to_value(&event).unwrap(),
        json!({"kind": "click", "version": "v1", "score": 42.5})
    );
    let read: Event =
        roundtrip(json!({"kind": "click", "version": "v1", "score": 1.0, "schema_version": 2}));
    assert_eq!(read.schema_version, Some(2));
    // Open like every enum: a value the spec does not list is kept.
    let read: Event = roundtrip(json!({"kind": "scroll", "version": "v1", "score": 1.0}));
    assert_eq!(read.kind, Kind::Other("scroll".into()));
}

#[test]
fn prefix_items_are_tuples() {
    use openapi31_json_schema::types::{Shape, ShapeExtra, ShapePathItem};
    let shape: Shape = roundtrip(json!({
        "origin": [1.5, -2.0],
        "label": ["north", 3],
        "path": [[0.0, 1.0], "end"],
        "metrics": {"m_speed": 3.5},
        "tags": {"colour": "red"},
        "extra": {"id": "x", "count": 4},
    }));
    assert_eq!(shape.origin, (1.5, -2.0));
    assert_eq!(shape.label, Some(("north".to_string(), 3)));
    assert_eq!(
        shape.path,
        Some(vec![
            ShapePathItem::Point((0.0, 1.0)),
            ShapePathItem::String("end".into())
        ])
    );
    let extra: &ShapeExtra = shape.extra.as_ref().unwrap();
    assert_eq!(extra.additional_properties.get("count"), Some(&4));
    // A tuple has exactly its items.
    assert!(serde_json::from_value::<Shape>(json!({"origin": [1.0]})).is_err());
    assert!(serde_json::from_value::<Shape>(json!({"origin": [1.0, 2.0, 3.0]})).is_err());
}

#[test]
fn base64_is_text_and_files_are_parts() {
    use openapi31_binary::types::{Document, Upload};
    let doc: Document = roundtrip(json!({"id": "d", "thumbnail": "iVBORw0KGgo="}));
    assert_eq!(doc.thumbnail, "iVBORw0KGgo=");
    let upload =
        Upload::new(openapi31_binary::FilePart::new(b"%PDF-1.7".to_vec())).with_title("t".into());
    assert_eq!(upload.file.bytes.as_ref(), b"%PDF-1.7");
}

#[test]
fn boolean_schemas_are_any_value() {
    use openapi31_document::types::Item;
    let item: Item = roundtrip(json!({"id": "a", "data": [1, {"b": null}]}));
    assert_eq!(item.data, Some(json!([1, {"b": null}])));
}

/// The generated webhook receiver, served over loopback, gets typed payloads and answers with
/// the statuses its trait returns.
#[cfg(feature = "server")]
#[tokio::test]
async fn webhooks_are_received_typed() {
    use openapi31_webhooks::types::{Invoice, OnPetDeletedBody, PetEvent, PetEventType};
    use openapi31_webhooks::webhooks::{
        router, InvoicePaidReply, OnPetDeletedReply, PetCreatedReply, Webhooks,
    };
    use std::sync::{Arc, Mutex};

    #[derive(Default)]
    struct Receiver {
        seen: Arc<Mutex<Vec<String>>>,
    }
    impl Webhooks for Receiver {
        async fn pet_created(
            &self,
            _ctx: openapi31_webhooks::server::RequestContext,
            body: PetEvent,
        ) -> PetCreatedReply {
            assert_eq!(body.r#type, PetEventType::PetCreated);
            self.seen
                .lock()
                .unwrap()
                .push(format!("created {} {}", body.pet.id, body.pet.name));
            PetCreatedReply::Success
        }
        async fn on_pet_deleted(
            &self,
            _ctx: openapi31_webhooks::server::RequestContext,
            x_signature: String,
            body: OnPetDeletedBody,
        ) -> OnPetDeletedReply {
            self.seen.lock().unwrap().push(format!(
                "deleted {} at {} signed {x_signature} reason {:?}",
                body.id,
                body.deleted_at.to_rfc3339(),
                body.reason
            ));
            OnPetDeletedReply::Gone
        }
        async fn invoice_paid(
            &self,
            _ctx: openapi31_webhooks::server::RequestContext,
            body: Option<Invoice>,
        ) -> InvoicePaidReply {
            let ok = body.is_some_and(|i| i.amount > 0);
            InvoicePaidReply::Success(
                openapi31_webhooks::types::InvoicePaidResponse200::new().with_ok(ok),
            )
        }
    }

    let seen = Arc::new(Mutex::new(Vec::new()));
    let receiver = Receiver { seen: seen.clone() };
    let base = support::serve(router(receiver)).await;
    let http = reqwest::Client::new();

    let created = http
        .post(format!("{base}/petCreated"))
        .json(&json!({"type": "pet.created", "pet": {"id": 7, "name": "Rex", "tag": null}}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 200);

    let deleted = http
        .post(format!("{base}/petDeleted"))
        .header("X-Signature", "sig")
        .json(&json!({"id": 7, "deleted_at": "2026-01-02T03:04:05Z", "reason": null}))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), 410);

    // A payload that does not fit the schema is refused before the handler runs.
    let bad = http
        .post(format!("{base}/petCreated"))
        .json(&json!({"type": "pet.created", "pet": {"id": "seven", "name": "Rex"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let missing_signature = http
        .post(format!("{base}/petDeleted"))
        .json(&json!({"id": 7, "deleted_at": "2026-01-02T03:04:05Z"}))
        .send()
        .await
        .unwrap();
    assert_eq!(missing_signature.status(), 400);

    let paid = http
        .post(format!("{base}/invoice.paid"))
        .json(&json!({"id": "inv_1", "amount": 100}))
        .send()
        .await
        .unwrap();
    assert_eq!(paid.status(), 200);
    assert_eq!(paid.json::<Value>().await.unwrap(), json!({"ok": true}));

    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            "created 7 Rex".to_string(),
            "deleted 7 at 2026-01-02T03:04:05+00:00 signed sig reason Some(None)".to_string(),
        ]
    );
}
