//! `tests/fixtures/multipart_other_parts.yaml`, over loopback HTTP to the generated server: the
//! parts a form's spec does not name (a binary string or no schema as the form, or
//! `additionalProperties` beside named parts) are the caller's to name, sent as file parts and
//! read back by the server in their order.

mod support;

use fixture_check::multipart_other_parts::server::{
    router, CreateAlbumReply, RequestContext, Server, UploadBareReply, UploadFilesReply,
};
use fixture_check::multipart_other_parts::types::{
    CreateAlbumForm, Received, UploadBareForm, UploadFilesForm,
};
use fixture_check::multipart_other_parts::{Client, FilePart};

/// Each part as `name:file name:content type:text`.
fn described(parts: &[(String, FilePart)]) -> Vec<String> {
    parts
        .iter()
        .map(|(name, part)| {
            format!(
                "{name}:{}:{}:{}",
                part.file_name.as_deref().unwrap_or("-"),
                part.content_type.as_deref().unwrap_or("-"),
                String::from_utf8_lossy(&part.bytes)
            )
        })
        .collect()
}

struct Echo;

impl Server for Echo {
    async fn upload_files(&self, _ctx: RequestContext, body: UploadFilesForm) -> UploadFilesReply {
        UploadFilesReply::Success(Received::new(described(&body.parts)))
    }

    async fn upload_bare(
        &self,
        _ctx: RequestContext,
        body: Option<UploadBareForm>,
    ) -> UploadBareReply {
        let parts = body.map(|b| described(&b.parts)).unwrap_or_default();
        UploadBareReply::Success(Received::new(parts))
    }

    async fn create_album(&self, _ctx: RequestContext, body: CreateAlbumForm) -> CreateAlbumReply {
        let mut received = Received::new(described(&body.parts_2)).with_title(body.title);
        received.count = body.parts;
        CreateAlbumReply::Success(received)
    }
}

async fn client() -> Client {
    let base = support::serve(router(Echo)).await;
    Client::builder().base_url(&base).build().unwrap()
}

#[tokio::test]
async fn a_form_of_any_parts_sends_each_part_the_caller_names() {
    let client = client().await;
    let form = UploadFilesForm::new()
        .with_part(
            "model.obj",
            FilePart::new(&b"v 0 0 0"[..]).file_name("model.obj"),
        )
        .with_part("note", FilePart::new(&b"hi"[..]).content_type("text/plain"))
        .with_part(
            "model.obj",
            FilePart::new(&b"v 1 1 1"[..]).file_name("b.obj"),
        );
    let received = client.upload_files(form).await.unwrap();
    assert_eq!(
        received.parts,
        [
            "model.obj:model.obj:application/octet-stream:v 0 0 0",
            "note:-:text/plain:hi",
            "model.obj:b.obj:application/octet-stream:v 1 1 1",
        ]
    );
    // And a body without a schema is such a form too.
    let form = UploadBareForm::new().with_part("a", FilePart::new(&b"1"[..]).file_name("a.txt"));
    let received = client.upload_bare().form(form).await.unwrap();
    assert_eq!(received.parts, ["a:a.txt:text/plain:1"]);
}

#[tokio::test]
async fn named_parts_keep_their_types_and_the_others_come_after() {
    let client = client().await;
    let mut form = CreateAlbumForm::new("Summer".into())
        .with_parts(2)
        .with_part(
            "cover",
            FilePart::new(&b"\x89PNG"[..]).file_name("cover.png"),
        );
    form.parts_2.push((
        "back".into(),
        FilePart::new(&b"GIF8"[..]).file_name("back.gif"),
    ));
    let received = client.create_album(form).await.unwrap();
    assert_eq!(received.title.as_deref(), Some("Summer"));
    // The spec's `parts` property is the integer field; the other parts are `parts_2`.
    assert_eq!(received.count, Some(2));
    assert_eq!(
        received.parts,
        [
            "cover:cover.png:image/png:\u{fffd}PNG",
            "back:back.gif:image/gif:GIF8",
        ]
    );
}
