//! The client generated from a FastAPI-style OpenAPI 3.1 spec (tests/fixtures/openapi31_fastapi.yaml)
//! against wiremock: `Optional[X]` fields (`anyOf: [X, null]`), a `Literal` (`const`) field, an
//! `UploadFile` part and the 422 validation error, as they go over the wire.

use fixture_check::openapi31_fastapi::types::{
    BodyUploadAttachmentNotesNoteIdAttachmentPost, Note, NoteCreate, NoteCreateKind,
};
use fixture_check::openapi31_fastapi::{Client, Error, ErrorBody, FilePart};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder().base_url(server.uri()).build().unwrap()
}

async fn only_request(server: &MockServer) -> Request {
    let mut got = server.received_requests().await.expect("recording is on");
    assert_eq!(got.len(), 1);
    got.pop().unwrap()
}

fn note_json() -> Value {
    json!({"id": 1, "kind": "text", "title": "t", "body": null, "attachment": null})
}

#[tokio::test]
async fn optional_and_const_fields_are_sent_and_read() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(note_json()))
        .mount(&server)
        .await;
    // The `const` field is filled in by the constructor; an explicit `null` (`Some(None)`) is
    // sent as null, an absent optional (`None`) not at all.
    let note = NoteCreate::new("t".into()).with_body(None);
    assert_eq!(note.kind, NoteCreateKind::Text);
    let got = client(&server).create_note_notes_post(&note).await.unwrap();
    let sent: Value = serde_json::from_slice(&only_request(&server).await.body).unwrap();
    assert_eq!(sent, json!({"kind": "text", "title": "t", "body": null}));
    // Required `Optional[X]` fields that are null read as `None`.
    assert_eq!(got, Note::new(1, "t".into(), None, None));
}

#[tokio::test]
async fn present_optional_values_round_trip() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": 2, "kind": "text", "title": "t", "body": "b",
            "attachment": {"filename": "a.pdf", "size": 3, "content_type": null},
            "tags": ["x"],
        })))
        .mount(&server)
        .await;
    let note = NoteCreate::new("t".into())
        .with_body(Some("b".into()))
        .with_pinned(true)
        .with_due(Some("2026-01-02T03:04:05Z".parse().unwrap()));
    let got = client(&server).create_note_notes_post(&note).await.unwrap();
    let sent: Value = serde_json::from_slice(&only_request(&server).await.body).unwrap();
    assert_eq!(
        sent,
        json!({"kind": "text", "title": "t", "body": "b", "pinned": true, "due": "2026-01-02T03:04:05Z"})
    );
    assert_eq!(got.body.as_deref(), Some("b"));
    let attachment = got.attachment.unwrap();
    assert_eq!(attachment.filename, "a.pdf");
    assert_eq!(attachment.content_type, Some(None));
}

#[tokio::test]
async fn an_optional_query_parameter_is_left_out_when_none() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/notes/"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([note_json()])))
        .mount(&server)
        .await;
    let notes = client(&server)
        .list_notes_notes_get()
        .limit(5)
        .await
        .unwrap();
    assert_eq!(notes.len(), 1);
    client(&server)
        .list_notes_notes_get()
        .tag("work")
        .await
        .unwrap();
    let got = server.received_requests().await.unwrap();
    assert_eq!(got[0].url.query(), Some("limit=5"));
    assert_eq!(got[1].url.query(), Some("tag=work"));
}

#[tokio::test]
async fn an_upload_file_goes_as_a_file_part() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes/7/attachment"))
        .respond_with(ResponseTemplate::new(200).set_body_json(note_json()))
        .mount(&server)
        .await;
    let form = BodyUploadAttachmentNotesNoteIdAttachmentPost::new(
        FilePart::new(b"%PDF-1.7 hello".to_vec()).file_name("report.pdf"),
    )
    .with_caption("Q3".into());
    client(&server)
        .upload_attachment_notes_note_id_attachment_post(7, form)
        .await
        .unwrap();
    let request = only_request(&server).await;
    let content_type = request
        .headers
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let body = String::from_utf8_lossy(&request.body);
    assert!(
        body.contains("Content-Disposition: form-data; name=\"file\"; filename=\"report.pdf\""),
        "{body}"
    );
    // The part type OpenAPI gives a binary string (the spec names no other).
    assert!(
        body.contains("Content-Type: application/octet-stream"),
        "{body}"
    );
    assert!(body.contains("%PDF-1.7 hello"), "{body}");
    assert!(body.contains("name=\"caption\""), "{body}");
    assert!(body.contains("Q3"), "{body}");
}

#[tokio::test]
async fn the_validation_error_is_typed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/notes/"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({
            "detail": [{"loc": ["body", "title", 0], "msg": "Field required", "type": "missing"}]
        })))
        .mount(&server)
        .await;
    let err = client(&server)
        .create_note_notes_post(&NoteCreate::new(String::new()))
        .await
        .unwrap_err();
    let Error::Api { status, body } = err else {
        panic!("expected a typed error, got {err:?}")
    };
    assert_eq!(status, 422);
    let ErrorBody::HttpValidationError(e) = *body else {
        panic!("expected the typed validation error");
    };
    let detail = e.detail.unwrap();
    assert_eq!(detail[0].msg, "Field required");
    assert_eq!(detail[0].loc.len(), 3);
}
