//! Swagger 2.0 on the wire, against wiremock: the code generated for `tests/fixtures/swagger2_*`
//! sends a body parameter, a `formData` file upload, a urlencoded form, every `collectionFormat`
//! and 2.0 credentials exactly as 2.0 defines them, and the 2.0 body and form parameters a 3.0
//! document writes (`legacy_bodies`) as the body they mean. Each test asserts the whole request.

use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// A server answering every request with `status` and `body`, recording what it gets.
async fn server(status: u16, body: Option<serde_json::Value>) -> MockServer {
    let server = MockServer::start().await;
    let mut response = ResponseTemplate::new(status);
    if let Some(body) = body {
        response = response.set_body_json(body);
    }
    Mock::given(wiremock::matchers::any())
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// The one request `server` received.
async fn only_request(server: &MockServer) -> Request {
    let mut got = server.received_requests().await.expect("recording is on");
    assert_eq!(got.len(), 1, "one request expected");
    got.pop().unwrap()
}

fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn a_body_parameter_is_the_json_body() {
    use fixture_check::swagger2_bodies::{types::Order, Client};
    let server = server(
        200,
        Some(serde_json::json!({"id": "o-1", "item": "tea", "quantity": 2})),
    )
    .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    // The argument is named like the 2.0 body parameter (`order`); `readOnly` `id` is optional.
    let order = Order::new("tea".into(), 2);
    let stored = client.place_order(&order).dry_run(true).await.unwrap();
    assert_eq!(stored.id.as_deref(), Some("o-1"));
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/orders");
    assert_eq!(request.url.query(), Some("dryRun=true"));
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(request.body, br#"{"item":"tea","quantity":2}"#);
}

#[tokio::test]
async fn an_optional_body_parameter_is_sent_only_when_given() {
    use fixture_check::swagger2_bodies::{types::SetNoteBody, Client};
    let server = server(204, None).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let note = SetNoteBody::new().with_text("fragile".into());
    client.set_note("o/1").r#type(&note).await.unwrap();
    client.set_note("o2").await.unwrap();
    let got = server.received_requests().await.unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].method.as_str(), "PUT");
    assert_eq!(got[0].url.path(), "/orders/o%2F1/note");
    assert_eq!(got[0].body, br#"{"text":"fragile"}"#);
    assert_eq!(got[1].url.path(), "/orders/o2/note");
    assert!(got[1].body.is_empty());
    assert_eq!(header(&got[1], "content-type"), None);
}

/// One multipart part: its headers' values and its content.
#[derive(Debug, PartialEq)]
struct Part {
    disposition: String,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// The parts of a `multipart/form-data` request, in order.
fn parts(request: &Request) -> Vec<Part> {
    let content_type = header(request, "content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("not multipart: {content_type}"));
    let body = String::from_utf8(request.body.clone()).unwrap();
    let delimiter = format!("--{boundary}");
    let mut out = Vec::new();
    let sections: Vec<&str> = body.split(&delimiter).collect();
    assert_eq!(sections[0], "", "nothing before the first boundary");
    assert_eq!(
        sections.last().copied(),
        Some("--\r\n"),
        "the body ends with the closing boundary"
    );
    for section in &sections[1..sections.len() - 1] {
        let section = section.strip_prefix("\r\n").unwrap();
        let section = section.strip_suffix("\r\n").unwrap();
        let (head, content) = section.split_once("\r\n\r\n").unwrap();
        let mut disposition = None;
        let mut content_type = None;
        for line in head.split("\r\n") {
            let (name, value) = line.split_once(": ").unwrap();
            match name.to_ascii_lowercase().as_str() {
                "content-disposition" => disposition = Some(value.to_string()),
                "content-type" => content_type = Some(value.to_string()),
                other => panic!("unexpected part header {other}"),
            }
        }
        out.push(Part {
            disposition: disposition.unwrap(),
            content_type,
            body: content.as_bytes().to_vec(),
        });
    }
    out
}

#[tokio::test]
async fn form_data_parameters_with_a_file_are_a_multipart_upload() {
    use fixture_check::swagger2_bodies::{runtime::FilePart, types::UploadInvoiceForm, Client};
    let server = server(204, None).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let form = UploadInvoiceForm::new(
        FilePart::new(&b"%PDF-1.7"[..])
            .file_name("invoice.pdf")
            .content_type("application/pdf"),
    )
    .with_comment("March".into())
    .with_pages(3)
    .with_labels(vec!["paid".into(), "eu".into()]);
    client.upload_invoice("o1", form).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/orders/o1/invoice");
    assert_eq!(request.url.query(), None);
    let text = |disposition: &str, body: &str| Part {
        disposition: disposition.into(),
        content_type: Some("text/plain".into()),
        body: body.as_bytes().to_vec(),
    };
    assert_eq!(
        parts(&request),
        vec![
            Part {
                disposition: r#"form-data; name="file"; filename="invoice.pdf""#.into(),
                content_type: Some("application/pdf".into()),
                body: b"%PDF-1.7".to_vec(),
            },
            text(r#"form-data; name="comment""#, "March"),
            text(r#"form-data; name="pages""#, "3"),
            // `collectionFormat: multi`: one part per item.
            text(r#"form-data; name="labels""#, "paid"),
            text(r#"form-data; name="labels""#, "eu"),
        ]
    );
}

#[tokio::test]
async fn form_data_parameters_without_a_file_follow_consumes_to_a_urlencoded_form() {
    use fixture_check::swagger2_bodies::{types::LoginBody, Client};
    let server = server(200, Some(serde_json::json!({"token": "t-1"}))).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let body = LoginBody::new("ada@example.com".into(), "p&ss word".into()).with_remember(true);
    let session = client.login(&body).await.unwrap();
    assert_eq!(session.token, "t-1");
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/login");
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    // Each field exactly; their order is the JSON object's, which serde_json's features decide.
    let body = String::from_utf8(request.body).unwrap();
    let mut fields: Vec<&str> = body.split('&').collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "password=p%26ss+word",
            "remember=true",
            "username=ada%40example.com"
        ]
    );
}

#[tokio::test]
async fn collection_formats_are_sent_as_2_0_defines_them() {
    use fixture_check::swagger2_params::{types::SearchSort, Client};
    let server = server(200, Some(serde_json::json!({}))).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    client
        .search(&vec![1, 2])
        .csv(&strings(&["a", "b,c"]))
        .ssv(&strings(&["a", "b"]))
        .tsv(&strings(&["a", "b"]))
        .pipes(&strings(&["a", "b"]))
        .multi(&vec![1, 2])
        .x_tags(&strings(&["x", "y"]))
        .limit(5)
        .sort(&SearchSort::Desc)
        .q("")
        .await
        .unwrap();
    let request = only_request(&server).await;
    // `csv` in a path: comma-separated (the comma percent-encoded, as for 3.0's `simple`, so
    // the value cannot leave its segment).
    assert_eq!(request.url.path(), "/search/1%2C2");
    assert_eq!(
        request.url.query(),
        Some("csv=a%2Cb%2Cc&ssv=a+b&tsv=a%09b&pipes=a%7Cb&multi=1&multi=2&limit=5&sort=desc&q=")
    );
    // `pipes` in a header.
    assert_eq!(header(&request, "x-tags"), Some("x|y"));
}

#[tokio::test]
async fn absent_optional_parameters_are_not_sent() {
    use fixture_check::swagger2_params::Client;
    let server = server(200, Some(serde_json::json!({}))).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    client.search(&vec![7]).flag(false).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/search/7");
    // The defaults (`limit=20`, `sort=asc`) are the server's to apply: nothing is sent.
    assert_eq!(request.url.query(), Some("flag=false"));
    assert_eq!(header(&request, "x-tags"), None);
}

#[tokio::test]
async fn security_definitions_give_the_3_0_builder_methods() {
    use fixture_check::swagger2_security::Client;
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::path("/me"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"name": "ada"})))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .with_priority(10)
        .mount(&server)
        .await;
    // `apiKey` in a header.
    let client = Client::builder()
        .base_url(server.uri())
        .api_key_x_api_key("key-1")
        .build()
        .unwrap();
    client.get_me().await.unwrap();
    // `apiKey` in the query.
    let client = Client::builder()
        .base_url(server.uri())
        .api_key_api_key("key-2")
        .build()
        .unwrap();
    client.get_me().await.unwrap();
    // `oauth2`: a bearer token.
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("tok-3")
        .build()
        .unwrap();
    client.get_me().await.unwrap();
    // `basic`, the document's default security.
    let client = Client::builder()
        .base_url(server.uri())
        .basic_auth("ada", "secret")
        .build()
        .unwrap();
    client.delete_account().await.unwrap();
    client.health().await.unwrap();
    let got = server.received_requests().await.unwrap();
    assert_eq!(got.len(), 5);
    assert_eq!(header(&got[0], "x-api-key"), Some("key-1"));
    assert_eq!(got[0].url.query(), None);
    assert_eq!(got[1].url.query(), Some("api_key=key-2"));
    assert_eq!(header(&got[1], "x-api-key"), None);
    assert_eq!(header(&got[2], "authorization"), Some("Bearer tok-3"));
    assert_eq!(got[3].method.as_str(), "DELETE");
    assert_eq!(
        header(&got[3], "authorization"),
        Some("Basic YWRhOnNlY3JldA==")
    );
    // `security: []`: no credentials.
    assert_eq!(got[4].url.path(), "/health");
    assert_eq!(header(&got[4], "authorization"), None);
}

#[test]
fn host_base_path_and_schemes_are_the_default_base_url() {
    assert_eq!(
        fixture_check::swagger2_base_url::client::DEFAULT_BASE_URL,
        Some("https://api.example.com:8443/v2")
    );
    // Without a `host` there is no default: the builder needs a base URL.
    assert_eq!(
        fixture_check::swagger2_no_host::client::DEFAULT_BASE_URL,
        None
    );
    assert!(fixture_check::swagger2_no_host::Client::builder()
        .build()
        .is_err());
}

#[tokio::test]
async fn form_arrays_in_a_urlencoded_body_follow_their_collection_format() {
    use fixture_check::swagger2_forms::{types::SetPreferencesBody, Client};
    let server = server(200, Some(serde_json::json!({"read": "ok"}))).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let body = SetPreferencesBody::new("ada".into())
        .with_csv(vec![1, 2])
        .with_ssv(strings(&["a", "b"]))
        .with_tsv(strings(&["c", "d"]))
        .with_pipes(strings(&["e", "f"]))
        .with_multi(vec![3, 4])
        .with_count(5)
        .with_ratio(0.5)
        .with_active(true);
    client.set_preferences(&body).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let body = String::from_utf8(request.body).unwrap();
    let mut fields: Vec<&str> = body.split('&').collect();
    fields.sort();
    assert_eq!(
        fields,
        [
            "active=true",
            "count=5",
            // No `collectionFormat` is `csv`: one pair, comma-joined.
            "csv=1%2C2",
            // `multi`: one pair per item.
            "multi=3",
            "multi=4",
            "pipes=e%7Cf",
            "ratio=0.5",
            "ssv=a+b",
            "tsv=c%09d",
            "user=ada",
        ]
    );
}

#[tokio::test]
async fn form_arrays_in_a_multipart_upload_follow_their_collection_format() {
    use fixture_check::swagger2_forms::{runtime::FilePart, types::UploadReportForm, Client};
    let server = server(200, Some(serde_json::json!({"read": "ok"}))).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let form = UploadReportForm::new(FilePart::new(&b"r"[..]).file_name("r.txt"))
        .with_pages(vec![1, 2])
        .with_tags(vec!["a".into(), "b".into()])
        .with_owners(vec!["o1".into(), "o2".into()]);
    client.upload_report(form).await.unwrap();
    let request = only_request(&server).await;
    let text = |name: &str, body: &str| Part {
        disposition: format!(r#"form-data; name="{name}""#),
        content_type: Some("text/plain".into()),
        body: body.as_bytes().to_vec(),
    };
    let got = parts(&request);
    assert_eq!(
        got[1..],
        [
            // `pipes`: one part, pipe-joined; no `collectionFormat` (`csv`): comma-joined;
            // `multi`: one part per item.
            text("pages", "1|2"),
            text("tags", "a,b"),
            text("owners", "o1"),
            text("owners", "o2"),
        ]
    );
    assert_eq!(
        got[0].disposition,
        r#"form-data; name="file"; filename="r.txt""#
    );
}

#[tokio::test]
async fn form_data_parameters_in_a_3_0_document_are_a_multipart_upload() {
    use fixture_check::legacy_bodies::{
        runtime::FilePart,
        types::{GenerateImageForm, GenerateImageFormSize},
        Client,
    };
    let server = server(204, None).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    // The 3.0 `schema`s are kept: `size` is its enum, `type: file` a file part.
    let form = GenerateImageForm::new("a red fox".into())
        .with_size(GenerateImageFormSize::Large)
        .with_reference(FilePart::new(&b"PNG data"[..]).file_name("fox.png"));
    // The parameters beside the form parameters stay parameters.
    client
        .generate_image(form)
        .dry_run(true)
        .x_trace("t-9")
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/images");
    assert_eq!(request.url.query(), Some("dryRun=true"));
    assert_eq!(header(&request, "x-trace"), Some("t-9"));
    let text = |disposition: &str, body: &str| Part {
        disposition: disposition.into(),
        content_type: Some("text/plain".into()),
        body: body.as_bytes().to_vec(),
    };
    assert_eq!(
        parts(&request),
        vec![
            text(r#"form-data; name="prompt""#, "a red fox"),
            text(r#"form-data; name="size""#, "large"),
            Part {
                disposition: r#"form-data; name="reference"; filename="fox.png""#.into(),
                content_type: Some("application/octet-stream".into()),
                body: b"PNG data".to_vec(),
            },
        ]
    );
}

#[tokio::test]
async fn body_and_path_level_form_parameters_in_a_3_0_document_are_the_body() {
    use fixture_check::legacy_bodies::{
        types::{Order, SetNoteBody},
        Client,
    };
    let server = server(204, None).await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    // The path item's `$ref` to a form parameter component joins the operation's own.
    let note = SetNoteBody::new("fragile".into()).with_author("ada".into());
    client.set_note("n1", &note).await.unwrap();
    // A body parameter is the JSON body, its argument named like it.
    client.place_order(&Order::new("tea".into())).await.unwrap();
    let got = server.received_requests().await.unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(
        (got[0].method.as_str(), got[0].url.path()),
        ("PUT", "/notes/n1")
    );
    assert_eq!(
        header(&got[0], "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let body = String::from_utf8(got[0].body.clone()).unwrap();
    let mut fields: Vec<&str> = body.split('&').collect();
    fields.sort_unstable();
    assert_eq!(fields, ["author=ada", "text=fragile"]);
    assert_eq!(header(&got[1], "content-type"), Some("application/json"));
    assert_eq!(got[1].body, br#"{"item":"tea"}"#);
}
