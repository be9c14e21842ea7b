//! Shapes distilled from the real-world corpus (`../shared/corpus/`), through the code generated
//! for their fixtures: `ref_siblings.yaml`, `union_constraints.yaml` and `callbacks.yaml`.

use fixture_check::{callbacks, ref_siblings, union_constraints};
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
    let user = |id: &str| User { id: id.into() };
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
    assert_eq!(
        event,
        Event::Created(Created {
            r#type: "created".into(),
            run: None
        })
    );
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
        Some(GistUpdateFilesValue {
            content: Some("x".into()),
            filename: None
        })
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
