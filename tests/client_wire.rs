//! The generated client on the wire: real HTTP over loopback to a wiremock `MockServer`.
//!
//! For every operation: method, raw (still percent-encoded) path, `Authorization`, `Accept`,
//! `Content-Type` and body; hostile transaction ids stay one path segment; empty and dot ids
//! never reach the network. Then every error path (typed error bodies, undocumented statuses,
//! undecodable bodies, timeouts, size limits), open enums, and the safety rules of DESIGN.md:
//! no credential in any `Debug`/`Display`, no credentials across origins on a redirect, no
//! automatic retry of a POST or PATCH.

use std::time::Duration;

use one_cp::{types, Client, Error, ErrorBody, FilePart};
use rust_decimal::Decimal;
use serde_json::{json, Value};
use wiremock::matchers::{any, body_json, header, method};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

mod support;
use support::{assert_no_secret, call, sample_checkout, sample_checkout_json, ID, SECRET};

const BASIC: &str = "Basic d2lkZ2V0LTQyOnMzY3IzdC1QNHNzdzByZCE=";
/// `base64("widget-42:wrong")`.
const WRONG_BASIC: &str = "Basic d2lkZ2V0LTQyOndyb25n";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// Matches the raw request path exactly as sent (percent-encoding intact).
struct RawPath(String);

impl Match for RawPath {
    fn matches(&self, request: &Request) -> bool {
        request.url.path() == self.0
    }
}

fn raw_path(path: impl Into<String>) -> RawPath {
    RawPath(path.into())
}

/// Matches a request without a body and without a `Content-Type` (for GETs).
struct NoBody;

impl Match for NoBody {
    fn matches(&self, request: &Request) -> bool {
        request.body.is_empty() && !request.headers.contains_key("content-type")
    }
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .basic_auth(ID, SECRET)
        .timeout(Duration::from_secs(10))
        .build()
        .expect("client builds")
}

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request expected");
    requests.remove(0)
}

fn header_str<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("header is ASCII"))
}

/// Common header assertions for every authenticated JSON operation.
fn assert_common_headers(request: &Request) {
    assert_eq!(header_str(request, "authorization"), Some(BASIC));
    assert_eq!(header_str(request, "accept"), Some("application/json"));
}

fn api_error(err: &Error) -> (u16, &ErrorBody) {
    match err {
        Error::Api { status, body } => (*status, body),
        other => panic!("expected Error::Api, got {other:?}"),
    }
}

fn error_response(err: &Error) -> &types::ErrorResponse {
    match api_error(err).1 {
        ErrorBody::ErrorResponse(body) => body,
        other => panic!("expected an ErrorResponse body, got {other:?}"),
    }
}

/// Ids that must each stay one path segment, with their expected encoding.
const HOSTILE_IDS: &[(&str, &str)] = &[
    ("abc/def", "abc%2Fdef"),
    ("abc?x=1", "abc%3Fx%3D1"),
    ("abc#frag", "abc%23frag"),
    ("100%", "100%25"),
    ("%2e%2e", "%252e%252e"),
    ("a b", "a%20b"),
    ("ünï☃", "%C3%BCn%C3%AF%E2%98%83"),
    ("../admin", "..%2Fadmin"),
    ("a/../../b", "a%2F..%2F..%2Fb"),
    ("...", "..."),
    ("a\\b", "a%5Cb"),
    ("a+b;c=d&e", "a%2Bb%3Bc%3Dd%26e"),
    ("line\r\nX-Injected: 1", "line%0D%0AX-Injected%3A%201"),
];

/// (`""`, `"."` and `".."` are refused instead: see `dot_and_empty_ids_never_reach_the_server`.)
fn hostile_ids() -> impl Iterator<Item = (&'static str, &'static str)> {
    HOSTILE_IDS.iter().copied()
}

// ---------------------------------------------------------------------------------------------
// 1. Every operation on the wire
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn get_api_status_wire() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/status"))
        .and(header("authorization", BASIC))
        .and(NoBody)
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": "ready", "provider": "667999d063824b596cf82155"})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let status = client(&server).get_api_status().await.expect("200 decodes");
    assert_eq!(status.status, "ready");
    assert_eq!(status.provider, "667999d063824b596cf82155");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), "/status");
    assert_eq!(request.url.query(), None);
    assert_common_headers(&request);
    server.verify().await;
}

/// A server that answers one `GET /status` with `code`, a request id and a ready status.
async fn api_status_server(code: u16) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/status"))
        .respond_with(
            ResponseTemplate::new(code)
                .insert_header("X-Request-Id", "req-1")
                .set_body_json(json!({"status": "ready", "provider": "p1"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    server
}

#[tokio::test]
async fn get_api_status_accepts_200_and_201() {
    for code in [200u16, 201] {
        let server = api_status_server(code).await;
        let status = client(&server)
            .get_api_status()
            .await
            .unwrap_or_else(|e| panic!("{code} must be a success: {e:?}"));
        assert_eq!(status.provider, "p1");
        server.verify().await;
    }
}

/// The README's example: `send_with_response` tells the 201 from the 200 that `.await` folds
/// into one body, and gives the headers (`one_cp::runtime::client::http` names the type).
#[tokio::test]
async fn send_with_response_gives_the_status_and_headers() {
    for code in [200u16, 201] {
        let server = api_status_server(code).await;
        let response: one_cp::runtime::client::http::Response<types::ApiStatus> = client(&server)
            .get_api_status()
            .send_with_response()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), code);
        assert_eq!(response.headers()["x-request-id"], "req-1");
        assert_eq!(response.into_body().provider, "p1");
        server.verify().await;
    }
}

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/api/v1/status/abc%2Fdef"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "PAID"})))
        .expect(1)
        .mount(&server)
        .await;
    // A trailing slash on the base URL must not produce `//status`.
    let client = Client::builder()
        .base_url(format!("{}/api/v1/", server.uri()))
        .basic_auth(ID, SECRET)
        .build()
        .unwrap();
    let status = client.get_transaction_status("abc/def").await.unwrap();
    assert_eq!(status.status, types::TransactionStatus::Paid);
    server.verify().await;
}

#[tokio::test]
async fn get_transaction_status_wire_with_hostile_ids() {
    for (id, encoded) in hostile_ids() {
        let server = MockServer::start().await;
        let expected = format!("/status/{encoded}");
        Mock::given(method("GET"))
            .and(raw_path(expected.clone()))
            .and(header("authorization", BASIC))
            .and(NoBody)
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "PENDING"})))
            .expect(1)
            .mount(&server)
            .await;

        let status = client(&server)
            .get_transaction_status(id)
            .await
            .unwrap_or_else(|e| panic!("id {id:?}: {e:?}"));
        assert_eq!(status.status, types::TransactionStatus::Pending);
        assert!(status.checkout.is_none());

        let request = only_request(&server).await;
        assert_eq!(request.method.as_str(), "GET");
        assert_eq!(request.url.path(), expected, "id {id:?}");
        assert_eq!(request.url.query(), None, "id {id:?} leaked into the query");
        assert_eq!(
            request.url.fragment(),
            None,
            "id {id:?} leaked into a fragment"
        );
        assert_eq!(
            request.url.path_segments().unwrap().count(),
            2,
            "id {id:?} must stay one segment"
        );
        assert!(!request.headers.contains_key("x-injected"));
        assert_common_headers(&request);
        server.verify().await;
    }
}

#[tokio::test]
async fn initialize_transaction_wire() {
    let server = MockServer::start().await;
    let checkout = sample_checkout();
    let expected_body = serde_json::to_value(&checkout).unwrap();
    // The wire body is exactly the checkout as JSON: unknown item fields and `Other` values kept.
    assert_eq!(expected_body["items"][0]["seatMap"], "12A");
    Mock::given(method("POST"))
        .and(raw_path("/initialize"))
        .and(header("authorization", BASIC))
        .and(header("content-type", "application/json"))
        .and(body_json(&expected_body))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"transactionId": "667999d063824b596cf82155"})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let created = client(&server)
        .initialize_transaction(&checkout)
        .await
        .expect("201 decodes");
    assert_eq!(created.transaction_id, "667999d063824b596cf82155");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/initialize");
    assert_common_headers(&request);
    assert_eq!(
        header_str(&request, "content-type"),
        Some("application/json")
    );
    let sent: Value = serde_json::from_slice(&request.body).unwrap();
    // Compare with the hand-written JSON, numbers numerically (450 vs 450.0).
    assert_json_eq_numeric(&sent, &sample_checkout_json());
    server.verify().await;
}

#[tokio::test]
async fn initialize_sends_unknown_category_back_unchanged() {
    let server = MockServer::start().await;
    let mut body = sample_checkout_json();
    body["items"][0]["category"] = json!("LAP_SUPPLIES");
    let checkout: types::CorporateCheckout = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(
        checkout.items[0].category,
        types::ItemCategory::Other("LAP_SUPPLIES".into())
    );
    Mock::given(method("POST"))
        .and(raw_path("/initialize"))
        .and(body_json(serde_json::to_value(&checkout).unwrap()))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"transactionId": "t1"})))
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .initialize_transaction(&checkout)
        .await
        .unwrap();
    let request = only_request(&server).await;
    let sent: Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(sent["items"][0]["category"], "LAP_SUPPLIES");
    assert_json_eq_numeric(&sent, &body);
}

#[tokio::test]
async fn cancel_transaction_wire_with_hostile_ids() {
    let cancel = types::CancelRequest::new(vec![1, 2])
        .with_amount(Decimal::new(100050, 2))
        .with_invoice_title("Cancellation Invoice".into())
        .with_invoice_number("INV-2024-001".into());
    let expected_body = json!({
        "itemsOrder": [1, 2],
        "amount": 1000.5,
        "invoiceTitle": "Cancellation Invoice",
        "invoiceNumber": "INV-2024-001"
    });
    for (id, encoded) in hostile_ids() {
        let server = MockServer::start().await;
        let expected = format!("/cancel/{encoded}");
        Mock::given(method("PATCH"))
            .and(raw_path(expected.clone()))
            .and(header("authorization", BASIC))
            .and(header("content-type", "application/json"))
            .and(body_json(&expected_body))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"status": "SUCCESS", "errorMessage": null})),
            )
            .expect(1)
            .mount(&server)
            .await;

        let response = client(&server)
            .cancel_transaction(id, &cancel)
            .await
            .unwrap_or_else(|e| panic!("id {id:?}: {e:?}"));
        assert_eq!(response.status, Some(types::CancelStatus::Success));
        assert_eq!(response.error_message, Some(None), "null is kept as null");

        let request = only_request(&server).await;
        assert_eq!(request.method.as_str(), "PATCH");
        assert_eq!(request.url.path(), expected, "id {id:?}");
        assert_eq!(request.url.query(), None);
        assert_eq!(request.url.path_segments().unwrap().count(), 2);
        assert_common_headers(&request);
        assert_eq!(
            header_str(&request, "content-type"),
            Some("application/json")
        );
        server.verify().await;
    }
}

#[tokio::test]
async fn cancel_transaction_minimal_body_omits_absent_fields() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(raw_path("/cancel/t1"))
        .and(body_json(json!({"itemsOrder": [3]})))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"status": "FAILED", "errorMessage": "contract already cancelled"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let response = client(&server)
        .cancel_transaction("t1", &types::CancelRequest::new(vec![3]))
        .await
        .unwrap();
    assert_eq!(response.status, Some(types::CancelStatus::Failed));
    assert_eq!(
        response.error_message,
        Some(Some("contract already cancelled".into()))
    );
    server.verify().await;
}

#[tokio::test]
async fn update_transaction_wire_with_hostile_ids() {
    let update = types::UpdateTransactionRequest::new().with_title("Booking ü".into());
    for (id, encoded) in hostile_ids() {
        let server = MockServer::start().await;
        let expected = format!("/{encoded}");
        Mock::given(method("PUT"))
            .and(raw_path(expected.clone()))
            .and(header("authorization", BASIC))
            .and(header("content-type", "application/json"))
            .and(body_json(json!({"title": "Booking ü"})))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"message": "Updated successfully"})),
            )
            .expect(1)
            .mount(&server)
            .await;

        let response = client(&server)
            .update_transaction(id, &update)
            .await
            .unwrap_or_else(|e| panic!("id {id:?}: {e:?}"));
        assert_eq!(response.message.as_deref(), Some("Updated successfully"));

        let request = only_request(&server).await;
        assert_eq!(request.method.as_str(), "PUT");
        assert_eq!(request.url.path(), expected, "id {id:?}");
        assert_eq!(request.url.query(), None);
        assert_eq!(request.url.path_segments().unwrap().count(), 1);
        assert_common_headers(&request);
        server.verify().await;
    }
}

#[tokio::test]
async fn dot_and_empty_ids_never_reach_the_server() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let client = client(&server);
    for id in ["", ".", ".."] {
        let results = [
            (
                "get_transaction_status",
                client.get_transaction_status(id).await.map(|_| ()),
            ),
            (
                "cancel_transaction",
                client
                    .cancel_transaction(id, &types::CancelRequest::new(vec![1]))
                    .await
                    .map(|_| ()),
            ),
            (
                "cancel_transaction_with_invoice",
                client
                    .cancel_transaction_with_invoice(
                        id,
                        types::CancelWithInvoiceRequest::new(vec![1])
                            .with_invoice(FilePart::new(&b"%PDF-1.4"[..]).file_name("a.pdf")),
                    )
                    .await
                    .map(|_| ()),
            ),
            (
                "update_transaction",
                client
                    .update_transaction(id, &types::UpdateTransactionRequest::default())
                    .await
                    .map(|_| ()),
            ),
        ];
        for (operation, result) in results {
            match result {
                Err(Error::InvalidInput(message)) => {
                    assert!(!message.is_empty());
                    assert!(!message.contains(SECRET));
                }
                other => panic!("{operation}({id:?}) must be InvalidInput, got {other:?}"),
            }
        }
    }
    assert!(server.received_requests().await.unwrap().is_empty());
    server.verify().await;
}

// ---------------------------------------------------------------------------------------------
// Multipart upload
// ---------------------------------------------------------------------------------------------

#[derive(Debug)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    headers: Vec<(String, String)>,
    data: Vec<u8>,
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    (from..=haystack.len() - needle.len()).find(|&i| &haystack[i..i + needle.len()] == needle)
}

/// Splits a `Content-Disposition` value into its parameters, honouring quoted strings.
fn disposition_params(value: &str) -> (String, Vec<(String, String)>) {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            current.push(c);
            escaped = false;
        } else if quoted && c == '\\' {
            escaped = true;
        } else if c == '"' {
            quoted = !quoted;
        } else if c == ';' && !quoted {
            pieces.push(std::mem::take(&mut current));
        } else {
            current.push(c);
        }
    }
    pieces.push(current);
    let kind = pieces.remove(0).trim().to_string();
    let params = pieces
        .into_iter()
        .map(|p| {
            let (k, v) = p.split_once('=').expect("param has a value");
            (k.trim().to_ascii_lowercase(), v.trim().to_string())
        })
        .collect();
    (kind, params)
}

/// A strict little `multipart/form-data` parser (RFC 7578): CRLF line breaks, one
/// `Content-Disposition: form-data; name=…` per part, closing delimiter at the end.
fn parse_multipart(content_type: &str, body: &[u8]) -> Vec<Part> {
    let (mime, params) = content_type.split_once(';').expect("a boundary parameter");
    assert_eq!(mime.trim().to_ascii_lowercase(), "multipart/form-data");
    let boundary = params
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("boundary="))
        .next()
        .expect("boundary=")
        .trim_matches('"')
        .to_string();
    assert!(
        !boundary.is_empty() && boundary.len() <= 70,
        "RFC 2046 boundary length"
    );
    let delimiter = format!("--{boundary}").into_bytes();
    assert!(
        body.starts_with(&delimiter),
        "body starts with the first delimiter"
    );

    let mut parts = Vec::new();
    let mut pos = delimiter.len();
    loop {
        if body[pos..].starts_with(b"--") {
            let rest = &body[pos + 2..];
            assert!(
                rest.is_empty() || rest == b"\r\n",
                "nothing after the close delimiter"
            );
            break;
        }
        assert!(body[pos..].starts_with(b"\r\n"), "CRLF after a delimiter");
        pos += 2;
        let header_end = find(body, b"\r\n\r\n", pos).expect("end of part headers");
        let head = std::str::from_utf8(&body[pos..header_end]).expect("ASCII part headers");
        let mut headers = Vec::new();
        for line in head.split("\r\n") {
            let (name, value) = line.split_once(':').expect("header line");
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
        let data_start = header_end + 4;
        let mut next_delim = b"\r\n".to_vec();
        next_delim.extend_from_slice(&delimiter);
        let data_end = find(body, &next_delim, data_start).expect("next delimiter");
        let data = body[data_start..data_end].to_vec();
        pos = data_end + next_delim.len();

        let disposition = headers
            .iter()
            .find(|(n, _)| n == "content-disposition")
            .map(|(_, v)| v.clone())
            .expect("every part has a Content-Disposition");
        let (kind, params) = disposition_params(&disposition);
        assert_eq!(kind, "form-data");
        let param = |key: &str| {
            params
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        parts.push(Part {
            name: param("name").expect("name="),
            file_name: param("filename"),
            content_type: headers
                .iter()
                .find(|(n, _)| n == "content-type")
                .map(|(_, v)| v.clone()),
            headers,
            data,
        });
    }
    parts
}

fn part<'a>(parts: &'a [Part], name: &str) -> &'a Part {
    let matching: Vec<&Part> = parts.iter().filter(|p| p.name == name).collect();
    assert_eq!(
        matching.len(),
        1,
        "exactly one part named {name:?} in {parts:#?}"
    );
    matching[0]
}

fn assert_text_part(parts: &[Part], name: &str, text: &str) {
    let p = part(parts, name);
    assert_eq!(p.file_name, None, "text part {name} has no file name");
    assert_eq!(p.content_type.as_deref(), Some("text/plain"), "part {name}");
    assert_eq!(std::str::from_utf8(&p.data).unwrap(), text, "part {name}");
}

fn pdf_bytes() -> Vec<u8> {
    // A PDF-ish file including CR/LF, NUL and high bytes, and a line that looks like a delimiter.
    let mut bytes =
        b"%PDF-1.4\r\n%\xE2\xE3\xCF\xD3\r\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    bytes.extend_from_slice(b"--not-the-boundary\r\n\0\x01\x02\xFF\r\n");
    bytes.extend((0..=255u8).cycle().take(4096));
    bytes.extend_from_slice(b"\r\n%%EOF\r\n");
    bytes
}

#[tokio::test]
async fn cancel_with_invoice_multipart_from_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cancellation-invoice.pdf");
    let bytes = pdf_bytes();
    std::fs::write(&path, &bytes).unwrap();
    let file = FilePart::from_path(&path).unwrap();
    assert_eq!(file.file_name.as_deref(), Some("cancellation-invoice.pdf"));
    assert_eq!(file.content_type.as_deref(), Some("application/pdf"));

    for (id, encoded) in hostile_ids() {
        let server = MockServer::start().await;
        let expected = format!("/cancel/{encoded}/invoice");
        Mock::given(method("PATCH"))
            .and(raw_path(expected.clone()))
            .and(header("authorization", BASIC))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "SUCCESS"})))
            .expect(1)
            .mount(&server)
            .await;

        let form = types::CancelWithInvoiceRequest::new(vec![1, 2])
            .with_amount(Decimal::new(100050, 2))
            .with_invoice_title("Cancellation Invoice".into())
            .with_invoice_number("INV-2024-001".into())
            .with_invoice(file.clone());
        let response = client(&server)
            .cancel_transaction_with_invoice(id, form)
            .await
            .unwrap_or_else(|e| panic!("id {id:?}: {e:?}"));
        assert_eq!(response.status, Some(types::CancelStatus::Success));
        assert_eq!(response.error_message, None, "absent stays absent");

        let request = only_request(&server).await;
        assert_eq!(request.method.as_str(), "PATCH");
        assert_eq!(request.url.path(), expected, "id {id:?}");
        assert_eq!(request.url.path_segments().unwrap().count(), 3);
        assert_common_headers(&request);
        let content_type = header_str(&request, "content-type").expect("a Content-Type");
        assert!(
            content_type.starts_with("multipart/form-data; boundary="),
            "{content_type}"
        );
        let parts = parse_multipart(content_type, &request.body);
        assert_eq!(
            parts.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            [
                "itemsOrder",
                "amount",
                "invoiceTitle",
                "invoiceNumber",
                "invoice"
            ]
        );
        assert_text_part(&parts, "itemsOrder", "1,2");
        assert_text_part(&parts, "amount", "1000.50");
        assert_text_part(&parts, "invoiceTitle", "Cancellation Invoice");
        assert_text_part(&parts, "invoiceNumber", "INV-2024-001");
        let invoice = part(&parts, "invoice");
        assert_eq!(
            invoice.file_name.as_deref(),
            Some("cancellation-invoice.pdf")
        );
        assert_eq!(invoice.content_type.as_deref(), Some("application/pdf"));
        assert_eq!(invoice.data, bytes, "file bytes arrive unchanged");
        for p in &parts {
            assert!(
                p.headers
                    .iter()
                    .all(|(n, _)| n == "content-disposition" || n == "content-type"),
                "unexpected part headers {:?}",
                p.headers
            );
        }
        server.verify().await;
    }
}

#[tokio::test]
async fn cancel_with_invoice_multipart_without_file() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(raw_path("/cancel/667999d063824b596cf82155/invoice"))
        .and(header("authorization", BASIC))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "SUCCESS"})))
        .expect(1)
        .mount(&server)
        .await;
    let form = types::CancelWithInvoiceRequest::new(vec![2]);
    client(&server)
        .cancel_transaction_with_invoice("667999d063824b596cf82155", form)
        .await
        .unwrap();
    let request = only_request(&server).await;
    let content_type = header_str(&request, "content-type").unwrap();
    assert!(content_type.starts_with("multipart/form-data; boundary="));
    let parts = parse_multipart(content_type, &request.body);
    assert_eq!(parts.len(), 1, "only itemsOrder: {parts:#?}");
    assert_text_part(&parts, "itemsOrder", "2");
    server.verify().await;
}

#[tokio::test]
async fn cancel_with_invoice_in_memory_file_parts() {
    // Explicit name and type win; without either, the spec's list decides: octet-stream.
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let cases = [
        (
            FilePart::new(png.clone())
                .file_name("scan.png")
                .content_type("image/png"),
            Some("scan.png"),
            "image/png",
        ),
        (
            FilePart::new(png.clone()).file_name("scan.jpeg"),
            Some("scan.jpeg"),
            "image/jpeg",
        ),
        (FilePart::new(png.clone()), None, "application/octet-stream"),
    ];
    for (file, file_name, content_type) in cases {
        let server = MockServer::start().await;
        Mock::given(method("PATCH"))
            .and(raw_path("/cancel/t1/invoice"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
            .expect(1)
            .mount(&server)
            .await;
        let form = types::CancelWithInvoiceRequest::new(vec![1])
            .with_amount(Decimal::new(20, 0))
            .with_invoice(file);
        let response = client(&server)
            .cancel_transaction_with_invoice("t1", form)
            .await
            .unwrap();
        assert_eq!(response, types::CancelResponse::default());
        let request = only_request(&server).await;
        let parts = parse_multipart(header_str(&request, "content-type").unwrap(), &request.body);
        assert_text_part(&parts, "amount", "20");
        let invoice = part(&parts, "invoice");
        assert_eq!(invoice.file_name.as_deref(), file_name);
        assert_eq!(invoice.content_type.as_deref(), Some(content_type));
        assert_eq!(invoice.data, png);
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn initialize_400_is_a_typed_validation_error() {
    let server = MockServer::start().await;
    let body = json!({
        "message": "Validation failed",
        "code": "VALIDATION_ERROR",
        "errors": [
            {"field": "/items/0/price", "message": "must be a number"},
            {"field": "currency", "message": "must match ^[A-Z]{3}$"}
        ],
        "traceId": "abc-123"
    });
    Mock::given(method("POST"))
        .and(raw_path("/initialize"))
        .respond_with(ResponseTemplate::new(400).set_body_json(&body))
        .expect(1)
        .mount(&server)
        .await;
    let err = client(&server)
        .initialize_transaction(&sample_checkout())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    let (status, error_body) = api_error(&err);
    assert_eq!(status, 400);
    assert_eq!(err.error_body(), Some(error_body));
    let ErrorBody::ValidationError(validation) = error_body else {
        panic!("expected ValidationError, got {error_body:?}");
    };
    assert_eq!(validation.message, "Validation failed");
    assert_eq!(validation.code.as_deref(), Some("VALIDATION_ERROR"));
    let errors = validation.errors.as_ref().expect("errors list");
    assert_eq!(errors.len(), 2);
    assert_eq!(errors[0].field, "/items/0/price");
    assert_eq!(errors[0].message, "must be a number");
    assert_eq!(errors[1].field, "currency");
    assert_eq!(
        validation.additional_properties.get("traceId"),
        Some(&json!("abc-123"))
    );
    server.verify().await;
}

/// Every documented `ErrorResponse` status of every operation becomes `Error::Api`.
#[tokio::test]
async fn documented_error_statuses_are_typed() {
    // (operation, documented ErrorResponse statuses)
    let table: &[(&str, &[u16])] = &[
        ("get_api_status", &[401, 403, 500]),
        ("get_transaction_status", &[400, 401, 404, 500]),
        ("initialize_transaction", &[401, 403, 500]),
        ("cancel_transaction", &[400, 401, 403, 404, 500]),
        (
            "cancel_transaction_with_invoice",
            &[400, 401, 403, 404, 500],
        ),
        ("update_transaction", &[400, 401, 403, 404, 500]),
    ];
    for (operation, statuses) in table {
        for &code in *statuses {
            let server = MockServer::start().await;
            let body =
                json!({"message": format!("error {code}"), "code": "E", "detail": {"n": code}});
            Mock::given(any())
                .respond_with(ResponseTemplate::new(code).set_body_json(&body))
                .expect(1)
                .mount(&server)
                .await;
            let err = call(&client(&server), operation).await.unwrap_err();
            assert_eq!(err.status(), Some(code), "{operation} {code}");
            assert_eq!(api_error(&err).0, code);
            let typed = error_response(&err);
            assert_eq!(typed.message, format!("error {code}"));
            assert_eq!(typed.code.as_deref(), Some("E"));
            assert_eq!(typed.additional_properties["detail"], json!({"n": code}));
            let shown = err.to_string();
            assert!(shown.contains(&code.to_string()), "{shown}");
            server.verify().await;
        }
    }
}

const OPERATIONS: &[&str] = &[
    "get_api_status",
    "get_transaction_status",
    "initialize_transaction",
    "cancel_transaction",
    "cancel_transaction_with_invoice",
    "update_transaction",
];

#[tokio::test]
async fn wrong_credentials_get_401() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/status"))
        .and(header("authorization", BASIC))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": "ready", "provider": "p"})),
        )
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(401)
                .insert_header("www-authenticate", "Basic realm=\"one-cp\"")
                .set_body_json(json!({"message": "Invalid credentials", "code": "UNAUTHORIZED"})),
        )
        .with_priority(2)
        .mount(&server)
        .await;

    client(&server)
        .get_api_status()
        .await
        .expect("right credentials pass");

    let wrong = Client::builder()
        .base_url(server.uri())
        .basic_auth(ID, "wrong")
        .build()
        .unwrap();
    let err = wrong.get_api_status().await.unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(error_response(&err).message, "Invalid credentials");

    let no_auth = Client::builder().base_url(server.uri()).build().unwrap();
    let err = no_auth.get_api_status().await.unwrap_err();
    assert_eq!(err.status(), Some(401));

    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3);
    assert_eq!(header_str(&requests[0], "authorization"), Some(BASIC));
    assert_eq!(header_str(&requests[1], "authorization"), Some(WRONG_BASIC));
    assert_eq!(header_str(&requests[2], "authorization"), None);
}

#[tokio::test]
async fn malformed_json_on_200_is_decode_with_the_text() {
    for operation in OPERATIONS {
        let server = MockServer::start().await;
        let text = r#"{"status": "ready", "provider": "#;
        let code = if *operation == "initialize_transaction" {
            201
        } else {
            200
        };
        Mock::given(any())
            .respond_with(ResponseTemplate::new(code).set_body_raw(text, "application/json"))
            .mount(&server)
            .await;
        match call(&client(&server), operation).await {
            Err(Error::Decode {
                status,
                body,
                message,
            }) => {
                assert_eq!(status, code);
                assert_eq!(body, text, "{operation}");
                assert!(!message.is_empty());
            }
            other => panic!("{operation}: expected Decode, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn wrong_shape_on_200_is_decode() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": 7})))
        .mount(&server)
        .await;
    let err = client(&server).get_api_status().await.unwrap_err();
    match &err {
        Error::Decode {
            status: 200,
            body,
            message,
        } => {
            assert_eq!(body, r#"{"status":7}"#);
            assert!(!message.is_empty());
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    assert_eq!(err.status(), Some(200));
}

#[tokio::test]
async fn empty_200_body_is_decode() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    match client(&server).get_transaction_status("t1").await {
        Err(Error::Decode {
            status: 200, body, ..
        }) => assert_eq!(body, ""),
        other => panic!("expected Decode, got {other:?}"),
    }
}

const HTML_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

#[tokio::test]
async fn html_502_is_unexpected_status_keeping_the_text() {
    for operation in OPERATIONS {
        // A 502 is transient: the GETs and the PUT are retried (by default twice), the POST and
        // the PATCHes never.
        let idempotent = operation.starts_with("get_") || *operation == "update_transaction";
        let server = MockServer::start().await;
        Mock::given(any())
            .respond_with(ResponseTemplate::new(502).set_body_raw(HTML_502, "text/html"))
            .expect(if idempotent {
                1 + u64::from(one_cp::client::DEFAULT_MAX_RETRIES)
            } else {
                1
            })
            .mount(&server)
            .await;
        let client = Client::builder()
            .base_url(server.uri())
            .basic_auth(ID, SECRET)
            .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
            .build()
            .unwrap();
        let err = call(&client, operation).await.unwrap_err();
        assert_eq!(err.status(), Some(502));
        match &err {
            Error::UnexpectedStatus { status: 502, body } => assert_eq!(body, HTML_502),
            other => panic!("{operation}: expected UnexpectedStatus, got {other:?}"),
        }
        assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
        server.verify().await;
    }
}

#[tokio::test]
async fn html_body_on_a_documented_500_is_decode() {
    let server = MockServer::start().await;
    let html = "<html><body><h1>Internal Server Error</h1></body></html>";
    Mock::given(any())
        .respond_with(ResponseTemplate::new(500).set_body_raw(html, "text/html"))
        .mount(&server)
        .await;
    let err = client(&server)
        .get_transaction_status("t1")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    match err {
        Error::Decode {
            status: 500,
            body,
            message,
        } => {
            assert_eq!(body, html);
            assert!(!message.is_empty());
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn slow_response_times_out() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": "ready", "provider": "p"}))
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .basic_auth(ID, SECRET)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client.get_api_status().await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout(_)),
        "expected Timeout, got {err:?}"
    );
    assert_eq!(err.status(), None);

    // The timeout also applies with an injected reqwest client.
    let injected = Client::builder()
        .base_url(server.uri())
        .basic_auth(ID, SECRET)
        .timeout(Duration::from_millis(200))
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let err = injected.get_api_status().await.unwrap_err();
    assert!(
        matches!(err, Error::Timeout(_)),
        "expected Timeout, got {err:?}"
    );
}

#[tokio::test]
async fn connection_refused_is_transport() {
    // Bind then drop a listener: nothing listens on that port any more.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .basic_auth(ID, SECRET)
        .build()
        .unwrap();
    let err = client.get_api_status().await.unwrap_err();
    assert!(
        matches!(err, Error::Transport(_)),
        "expected Transport, got {err:?}"
    );
    assert_eq!(err.status(), None);
    assert_no_secret(&format!("{err:?}"));
    assert_no_secret(&err.to_string());
}

#[tokio::test]
async fn body_over_the_limit_is_body_too_large() {
    let server = MockServer::start().await;
    let big = format!(
        r#"{{"status":"ready","provider":"{}"}}"#,
        "x".repeat(10_000)
    );
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(big.clone(), "application/json"))
        .mount(&server)
        .await;
    let small = Client::builder()
        .base_url(server.uri())
        .basic_auth(ID, SECRET)
        .max_response_bytes(1024)
        .build()
        .unwrap();
    match small.get_api_status().await {
        Err(Error::BodyTooLarge {
            status: 200,
            limit: 1024,
        }) => {}
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
    // At exactly the body's size it is accepted.
    let exact = Client::builder()
        .base_url(server.uri())
        .basic_auth(ID, SECRET)
        .max_response_bytes(big.len())
        .build()
        .unwrap();
    assert_eq!(exact.get_api_status().await.unwrap().provider.len(), 10_000);
}

#[tokio::test]
async fn unknown_enum_values_and_fields_decode() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(raw_path("/status/t1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "status": "REFUNDED",
            "refundedAt": "2024-05-01T00:00:00.000Z",
            "checkout": {
                "reference": "ABC123",
                "payment": {"reference": "P1", "provider": "Stripe", "method": "CARD"},
                "customer": {"firstName": "John", "address": null, "loyalty": {"tier": "gold"}},
                "billing": {"name": "ACME", "address": {"city": "Berlin"}, "externalIds": {"sap": "1"}},
                "card": {"brand": "visa", "last4": "4242"},
                "newSection": [1, 2, 3]
            }
        })))
        .mount(&server)
        .await;
    Mock::given(method("PATCH"))
        .and(raw_path("/cancel/t1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"status": "PARTIALLY_REFUNDED", "errorMessage": null, "refund": {"amount": 5}}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(raw_path("/status"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"status": "degraded", "provider": "p", "region": "eu"})),
        )
        .mount(&server)
        .await;
    let client = client(&server);

    let status = client.get_transaction_status("t1").await.unwrap();
    assert_eq!(
        status.status,
        types::TransactionStatus::Other("REFUNDED".into())
    );
    assert_eq!(status.status.as_str(), "REFUNDED");
    let checkout = status.checkout.expect("checkout");
    assert_eq!(checkout.reference.as_deref(), Some("ABC123"));
    assert_eq!(
        checkout.payment.unwrap().provider.as_deref(),
        Some("Stripe")
    );
    let customer = checkout.customer.unwrap();
    assert_eq!(customer.first_name.as_deref(), Some("John"));
    assert_eq!(customer.address, Some(None), "explicit null");
    let billing = checkout.billing.unwrap();
    assert_eq!(
        billing.address,
        Some(Some(json!({"city": "Berlin"}).as_object().unwrap().clone()))
    );
    assert_eq!(checkout.card.unwrap()["last4"], "4242");

    let cancel = client
        .cancel_transaction("t1", &types::CancelRequest::new(vec![1]))
        .await
        .unwrap();
    assert_eq!(
        cancel.status,
        Some(types::CancelStatus::Other("PARTIALLY_REFUNDED".into()))
    );

    assert_eq!(client.get_api_status().await.unwrap().status, "degraded");

    // Item categories only travel in requests; an unknown one decodes and encodes unchanged.
    let item: types::Item = serde_json::from_value(json!({
        "name": "Laptop", "category": "LAP_SUPPLIES", "price": 999.99, "warranty": "3y"
    }))
    .unwrap();
    assert_eq!(
        item.category,
        types::ItemCategory::Other("LAP_SUPPLIES".into())
    );
    assert_eq!(item.additional_properties["warranty"], "3y");
    let back = serde_json::to_value(&item).unwrap();
    assert_eq!(back["category"], "LAP_SUPPLIES");
    assert_eq!(back["warranty"], "3y");
}

#[tokio::test]
async fn builder_rejects_malformed_base_urls() {
    for url in [
        "not a url",
        "ftp://x",
        "http://user:pw@host",
        "http://user@host",
        "",
        "/relative/path",
        "mailto:someone@example.com",
        "file:///etc/passwd",
        "http://host/?query=1",
        "http://host/#fragment",
        "http://",
    ] {
        match Client::builder()
            .base_url(url)
            .basic_auth(ID, SECRET)
            .build()
        {
            Err(Error::InvalidInput(message)) => {
                assert!(!message.is_empty());
                assert_no_secret(&message);
            }
            other => panic!("{url:?} must be rejected with InvalidInput, got {other:?}"),
        }
    }
    for url in [
        "http://127.0.0.1:1",
        "https://api.1-cp.io",
        "https://api.1-cp.io/v1/",
    ] {
        Client::builder()
            .base_url(url)
            .build()
            .unwrap_or_else(|e| panic!("{url:?} is valid: {e:?}"));
    }
    // Without a base URL the spec's first server is used.
    let default = Client::builder().build().unwrap();
    assert!(default.base_url().starts_with("https://api.1-cp.io"));
}

#[tokio::test]
async fn user_agent_default_and_custom() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": "ready", "provider": "p"})),
        )
        .mount(&server)
        .await;
    client(&server).get_api_status().await.unwrap();
    Client::builder()
        .base_url(server.uri())
        .user_agent("acme-travel/2.3")
        .build()
        .unwrap()
        .get_api_status()
        .await
        .unwrap();
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        header_str(&requests[0], "user-agent"),
        Some(one_cp::client::DEFAULT_USER_AGENT)
    );
    assert_eq!(
        header_str(&requests[1], "user-agent"),
        Some("acme-travel/2.3")
    );
}

#[tokio::test]
async fn user_agent_applies_with_injected_http_client() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": "ready", "provider": "p"})),
        )
        .mount(&server)
        .await;
    Client::builder()
        .base_url(server.uri())
        .basic_auth(ID, SECRET)
        .user_agent("acme-travel/2.3")
        .http_client(reqwest::Client::new())
        .build()
        .unwrap()
        .get_api_status()
        .await
        .unwrap();
    let request = only_request(&server).await;
    assert_eq!(header_str(&request, "authorization"), Some(BASIC));
    assert_eq!(header_str(&request, "user-agent"), Some("acme-travel/2.3"));
}

// ---------------------------------------------------------------------------------------------
// 3. Safety
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn debug_output_never_contains_credentials() {
    let builder = Client::builder()
        .base_url("https://api.1-cp.io")
        .basic_auth(ID, SECRET)
        .user_agent("ua");
    let shown = format!("{builder:?}");
    assert_no_secret(&shown);
    assert!(shown.contains("redacted"), "{shown}");
    let client = builder.build().unwrap();
    assert_no_secret(&format!("{client:?}"));
    assert_no_secret(&format!("{client:#?}"));
    assert_no_secret(&format!("{:?}", client.clone()));

    // Every error variant the wire can produce, for every operation where it matters.
    let mut errors: Vec<Error> = Vec::new();
    let server = MockServer::start().await;
    let responses = [
        ResponseTemplate::new(401).set_body_json(json!({"message": "bad credentials"})),
        ResponseTemplate::new(502).set_body_string("bad gateway"),
        ResponseTemplate::new(200).set_body_string("{nope"),
        ResponseTemplate::new(200).set_body_string("x".repeat(100)),
        ResponseTemplate::new(200)
            .set_body_json(json!({"status": "ready", "provider": "p"}))
            .set_delay(Duration::from_secs(3)),
    ];
    for (i, response) in responses.into_iter().enumerate() {
        server.reset().await;
        Mock::given(any())
            .respond_with(response)
            .mount(&server)
            .await;
        let client = Client::builder()
            .base_url(server.uri())
            .basic_auth(ID, SECRET)
            .timeout(Duration::from_millis(200))
            .max_response_bytes(if i == 3 { 10 } else { 1 << 20 })
            .build()
            .unwrap();
        for operation in OPERATIONS {
            errors.push(call(&client, operation).await.unwrap_err());
        }
        errors.push(client.get_transaction_status("..").await.unwrap_err());
    }
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .basic_auth(ID, SECRET)
        .build()
        .unwrap();
    errors.push(refused.get_api_status().await.unwrap_err());

    let kinds: std::collections::BTreeSet<&str> = errors
        .iter()
        .map(|e| match e {
            Error::InvalidInput(_) => "InvalidInput",
            Error::Timeout(_) => "Timeout",
            Error::Transport(_) => "Transport",
            Error::Api { .. } => "Api",
            Error::UnexpectedStatus { .. } => "UnexpectedStatus",
            Error::Decode { .. } => "Decode",
            Error::BodyTooLarge { .. } => "BodyTooLarge",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "Api",
            "BodyTooLarge",
            "Decode",
            "InvalidInput",
            "Timeout",
            "Transport",
            "UnexpectedStatus"
        ]
    );
    for error in &errors {
        assert_no_secret(&format!("{error:?}"));
        assert_no_secret(&format!("{error:#?}"));
        assert_no_secret(&error.to_string());
        let mut source = std::error::Error::source(error);
        while let Some(inner) = source {
            assert_no_secret(&format!("{inner:?}"));
            assert_no_secret(&inner.to_string());
            source = inner.source();
        }
    }
}

#[tokio::test]
async fn rejected_base_url_never_echoes_embedded_password() {
    let mut leaks = Vec::new();
    for url in [
        "ftp://id:s3cr3t-pw@host",
        "http://id:s3cr3t-pw@host:99999",
        "http://id:s3cr3t-pw@host/?q=1",
        "http://id:s3cr3t-pw@host/#f",
        "http://id:s3cr3t-pw@host",
    ] {
        let err = Client::builder().base_url(url).build().unwrap_err();
        assert!(matches!(err, Error::InvalidInput(_)), "{url}");
        let shown = format!("{err:?} / {err}");
        if shown.contains("s3cr3t") {
            leaks.push(shown);
        }
    }
    assert!(leaks.is_empty(), "password echoed:\n{}", leaks.join("\n"));
}

#[test]
fn builder_debug_hides_password_in_base_url() {
    let builder = Client::builder().base_url("https://id:s3cr3t-pw@api.1-cp.io");
    let shown = format!("{builder:?}");
    assert!(
        !shown.contains("s3cr3t"),
        "password in builder Debug: {shown}"
    );
}

#[tokio::test]
async fn cross_origin_redirect_is_not_followed_with_credentials() {
    let origin = MockServer::start().await;
    let elsewhere = MockServer::start().await; // another port: another origin
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": "ready", "provider": "evil"})),
        )
        .mount(&elsewhere)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/status", elsewhere.uri())),
        )
        .expect(1)
        .mount(&origin)
        .await;

    let err = client(&origin).get_api_status().await.unwrap_err();
    match &err {
        Error::UnexpectedStatus { status: 302, .. } => {}
        other => panic!("expected UnexpectedStatus 302, got {other:?}"),
    }
    let leaked = elsewhere.received_requests().await.unwrap();
    assert!(
        leaked
            .iter()
            .all(|r| !r.headers.contains_key("authorization")),
        "credentials sent to another origin"
    );
    assert!(
        leaked.is_empty(),
        "the default client does not follow to another origin"
    );
    origin.verify().await;

    // The same for a PATCH answered with 307 (which would replay the body).
    origin.reset().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("location", format!("{}/cancel/t1", elsewhere.uri())),
        )
        .expect(1)
        .mount(&origin)
        .await;
    let err = call(&client(&origin), "cancel_transaction")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(307));
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
    origin.verify().await;
}

#[tokio::test]
async fn same_origin_redirect_is_followed() {
    let server = MockServer::start().await;
    Mock::given(raw_path("/v2/status"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"status": "ready", "provider": "p"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(raw_path("/status"))
        .respond_with(ResponseTemplate::new(302).insert_header("location", "/v2/status"))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        client(&server).get_api_status().await.unwrap().provider,
        "p"
    );
    server.verify().await;
}

#[tokio::test]
async fn injected_client_redirect_never_carries_credentials_to_another_origin() {
    // With an injected reqwest client the redirect policy is the caller's (reqwest's default
    // follows), but the credentials still must not reach the other origin.
    let origin = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"status": "ready", "provider": "evil"})),
        )
        .mount(&elsewhere)
        .await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(302)
                .insert_header("location", format!("{}/status", elsewhere.uri())),
        )
        .mount(&origin)
        .await;
    let client = Client::builder()
        .base_url(origin.uri())
        .basic_auth(ID, SECRET)
        .http_client(reqwest::Client::new())
        .build()
        .unwrap();
    let _ = client.get_api_status().await;
    for request in elsewhere.received_requests().await.unwrap() {
        assert!(
            !request.headers.contains_key("authorization"),
            "credentials sent to another origin"
        );
    }
}

#[tokio::test]
async fn non_idempotent_calls_are_sent_exactly_once() {
    for code in [500u16, 503, 502, 429] {
        for operation in [
            "initialize_transaction",
            "cancel_transaction",
            "cancel_transaction_with_invoice",
        ] {
            let server = MockServer::start().await;
            Mock::given(any())
                .respond_with(
                    ResponseTemplate::new(code)
                        .insert_header("retry-after", "0")
                        .set_body_json(json!({"message": "refund processing failed"})),
                )
                .expect(1)
                .mount(&server)
                .await;
            let err = call(&client(&server), operation).await.unwrap_err();
            assert_eq!(err.status(), Some(code), "{operation}");
            if code == 500 {
                assert_eq!(error_response(&err).message, "refund processing failed");
            } else {
                assert!(matches!(err, Error::UnexpectedStatus { .. }), "{err:?}");
            }
            // Give a hypothetical background retry a moment to show up.
            tokio::time::sleep(Duration::from_millis(50)).await;
            let requests = server.received_requests().await.unwrap();
            assert_eq!(
                requests.len(),
                1,
                "{operation} on {code} sent {} times",
                requests.len()
            );
            server.verify().await;
        }
    }
}

#[tokio::test]
async fn non_idempotent_call_that_times_out_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"transactionId": "t1"}))
                .set_delay(Duration::from_secs(2)),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::builder()
        .base_url(server.uri())
        .basic_auth(ID, SECRET)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = client
        .initialize_transaction(&sample_checkout())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// JSON comparison with numbers compared numerically
// ---------------------------------------------------------------------------------------------

fn assert_json_eq_numeric(actual: &Value, expected: &Value) {
    fn walk(a: &Value, e: &Value, at: &str) -> Result<(), String> {
        match (a, e) {
            (Value::Number(x), Value::Number(y)) => {
                let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                if x == y {
                    Ok(())
                } else {
                    Err(format!("{at}: {x} != {y}"))
                }
            }
            (Value::Array(x), Value::Array(y)) => {
                if x.len() != y.len() {
                    return Err(format!("{at}: array lengths {} != {}", x.len(), y.len()));
                }
                x.iter()
                    .zip(y)
                    .enumerate()
                    .try_for_each(|(i, (x, y))| walk(x, y, &format!("{at}/{i}")))
            }
            (Value::Object(x), Value::Object(y)) => {
                let xk: Vec<_> = x.keys().collect();
                let mut yk: Vec<_> = y.keys().collect();
                let mut xs = xk.clone();
                xs.sort();
                yk.sort();
                if xs != yk {
                    return Err(format!("{at}: keys {xs:?} != {yk:?}"));
                }
                x.iter()
                    .try_for_each(|(k, v)| walk(v, &y[k], &format!("{at}/{k}")))
            }
            _ if a == e => Ok(()),
            _ => Err(format!("{at}: {a} != {e}")),
        }
    }
    if let Err(diff) = walk(actual, expected, "") {
        panic!("JSON differs at {diff}\nactual:   {actual}\nexpected: {expected}");
    }
}
