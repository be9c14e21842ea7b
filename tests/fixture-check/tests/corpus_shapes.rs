//! Shapes distilled from the real-world corpus (`../shared/corpus/`), through the code generated
//! for their fixtures: `ref_siblings.yaml`, `union_constraints.yaml`, `callbacks.yaml`,
//! `media_types.yaml` and `enum_union.yaml`.

use fixture_check::{callbacks, enum_union, media_types, ref_siblings, union_constraints};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Reads `value` as `T`, writes it back, and checks the JSON is unchanged.
fn roundtrip<T: DeserializeOwned + Serialize>(value: Value) -> T {
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("cannot read {value}: {e}"));
    assert_eq!(serde_json::to_value(&typed).unwrap(), value);
    typed
}

#[test]
fn ref_siblings_keep_nullable_read_only_and_docs() {
    use ref_siblings::types::{Kind, Run, User};
    let user = |id: &str| User::new(id.into());
    // `nullable` beside the `$ref`, or in an `allOf` member of its own: a required property that
    // may be null. `readOnly` beside the `$ref`: not required (a request does not send it).
    let run: Run = roundtrip(json!({
        "owner": null,
        "assignee": null,
        "reviewer": {"id": "r"},
        "previous": {"id": "p"},
        "kind": "manual",
        "watchers": [{"id": "w"}, null],
    }));
    assert_eq!((run.owner, run.assignee, run.creator), (None, None, None));
    // `allOf: [{description}, $ref]` and `{$ref, type}` are the referenced type itself.
    let reviewer: User = run.reviewer;
    assert_eq!((reviewer, run.previous), (user("r"), user("p")));
    assert_eq!(run.kind, Kind::Manual);
    assert_eq!(run.watchers, Some(vec![Some(user("w")), None]));
    let run: Run = roundtrip(json!({
        "owner": {"id": "o"},
        "assignee": {"id": "a"},
        "creator": {"id": "c"},
        "reviewer": {"id": "r"},
        "previous": {"id": "p"},
        "kind": "scheduled",
    }));
    assert_eq!(
        (run.owner, run.assignee, run.creator),
        (Some(user("o")), Some(user("a")), Some(user("c")))
    );
}

#[test]
fn ref_siblings_on_union_members_keep_the_discriminator() {
    use ref_siblings::types::{Created, Event};
    let event: Event = roundtrip(json!({"type": "created"}));
    assert_eq!(event, Event::Created(Created::new("created".into())));
    assert!(matches!(
        roundtrip::<Event>(json!({"type": "deleted"})),
        Event::Deleted(_)
    ));
}

#[test]
fn union_of_constraints_is_the_object() {
    use union_constraints::types::{CheckRun, CheckRunStatus, GistUpdate, GistUpdateFilesValue};
    let gist: GistUpdate = roundtrip(json!({
        "description": "d",
        "files": {"a.rb": {"content": "x"}, "old.rb": null, "b.rb": {"filename": null}},
    }));
    assert_eq!(gist.description.as_deref(), Some("d"));
    let files = gist.files.unwrap();
    // A `null` value deletes a file: the map's values are nullable.
    assert_eq!(files["old.rb"], None);
    assert_eq!(
        files["a.rb"],
        Some(GistUpdateFilesValue::new().with_content("x".into()))
    );
    assert_eq!(files["b.rb"].as_ref().unwrap().filename, Some(None));
    let run: CheckRun =
        roundtrip(json!({"name": "ci", "status": "completed", "conclusion": "success"}));
    assert_eq!(run.status, Some(CheckRunStatus::Completed));
    assert_eq!(run.conclusion.as_deref(), Some("success"));
}

#[tokio::test]
async fn an_operation_with_a_callback_is_generated_without_it() {
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/subscriptions"))
        .and(query_param(
            "callbackUrl",
            "https://subscriber.example/hook",
        ))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "s1"})))
        .mount(&server)
        .await;
    let client = callbacks::client::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    let subscription = client
        .subscribe("https://subscriber.example/hook")
        .await
        .unwrap();
    assert_eq!(subscription.id, "s1");
}

#[tokio::test]
async fn several_media_types_per_body_or_response() {
    use media_types::client::{Client, Error, ErrorBody};
    use media_types::types::{Pet, Problem};
    use wiremock::matchers::{body_json, body_string, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    // JSON is sent and asked for although XML is listed first.
    Mock::given(method("PUT"))
        .and(path("/pets"))
        .and(header("content-type", "application/json"))
        .and(header("accept", "application/json"))
        .and(body_json(json!({"name": "rex"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"name": "rex"})))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/pets"))
        .and(body_json(json!({"name": ""})))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_raw(r#"{"title": "empty name"}"#, "application/problem+json"),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets/p1/photo"))
        .respond_with(
            ResponseTemplate::new(200).set_body_raw(vec![0x89, b'P', b'N', b'G'], "image/png"),
        )
        .mount(&server)
        .await;
    // Text is chosen over raw bytes for the request, and read back as text.
    Mock::given(method("PUT"))
        .and(path("/pets/p1/notes"))
        .and(header("content-type", "text/plain"))
        .and(body_string("good dog"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("good dog", "text/html"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/versions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!(["v1", {"v": 2}])))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();

    let pet = client.update_pet(&Pet::new("rex".into())).await.unwrap();
    assert_eq!(pet.name, "rex");
    match client.update_pet(&Pet::new("".into())).await {
        Err(Error::Api { status, body }) => {
            assert_eq!(status, 400);
            assert_eq!(*body, ErrorBody::Problem(Problem::new("empty name".into())));
        }
        other => panic!("expected the typed 400, got {other:?}"),
    }
    let photo = client.get_photo("p1").await.unwrap();
    assert_eq!(&photo[..], &[0x89, b'P', b'N', b'G']);
    let notes = client.put_notes("p1", "good dog".into()).await.unwrap();
    assert_eq!(notes, "good dog");
    let versions = client.list_versions().await.unwrap();
    assert_eq!(versions, json!(["v1", {"v": 2}]));
}

#[test]
fn a_union_of_string_enums_is_one_enum_of_every_value() {
    use enum_union::types::{Instance, InstancePrevious, InstanceState};
    // Every member's values, the `$ref`'d member's included: none is swallowed by the first.
    for (wire, state) in [
        ("creating", InstanceState::Creating),
        ("running", InstanceState::Running),
        ("stopping", InstanceState::Stopping),
        ("stopped", InstanceState::Stopped),
    ] {
        assert_eq!(roundtrip::<InstanceState>(json!(wire)), state);
    }
    assert_eq!(
        roundtrip::<InstanceState>(json!("migrating")),
        InstanceState::Other("migrating".into())
    );
    let instance: Instance = roundtrip(json!({"state": "running", "previous": "failed"}));
    assert_eq!(instance.previous, Some(Some(InstancePrevious::Failed)));
    let instance: Instance = roundtrip(json!({"state": "running", "previous": null}));
    assert_eq!(instance.previous, Some(None));
}
