//! The generated client against the generated server (the fake One-CP) over loopback HTTP: every
//! operation, the invoice upload from a real file, error statuses and auth failures.

use std::str::FromStr;

use one_cp::fake::{FakeOneCp, RunningFake};
use one_cp::types::{
    CancelRequest, CancelStatus, CancelWithInvoiceRequest, CorporateCheckout, Item, ItemCategory,
    TransactionStatus, UpdateTransactionRequest,
};
use one_cp::{Client, Error, ErrorBody, FilePart};
use rust_decimal::Decimal;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn item(name: &str, price: &str, total: Option<&str>) -> Item {
    serde_json::from_value(serde_json::json!({ "name": name, "category": "EVENT", "price": price.parse::<f64>().unwrap() }))
        .map(|mut i: Item| {
            i.price = dec(price);
            i.total = total.map(dec);
            i
        })
        .unwrap()
}

fn checkout() -> CorporateCheckout {
    CorporateCheckout::new(
        "Team offsite".into(),
        "EUR".into(),
        vec![
            item("Venue", "1000.10", Some("1190.12")),
            item("Dinner", "0.1", Some("0.2")),
            item("Bus", "99.99", None),
        ],
    )
}

async fn setup() -> (RunningFake, Client) {
    let fake = FakeOneCp::new("id", "secret").start().await.unwrap();
    let client = Client::builder()
        .base_url(fake.base_url())
        .basic_auth("id", "secret")
        .build()
        .unwrap();
    (fake, client)
}

#[tokio::test]
async fn full_flow_over_http() {
    let (fake, client) = setup().await;
    let api = client.get_api_status().await.unwrap();
    assert_eq!(api.status, "ready");

    let id = client
        .initialize_transaction(&checkout())
        .await
        .unwrap()
        .transaction_id;
    assert_eq!(id.len(), 24);
    let status = client.get_transaction_status(&id).await.unwrap();
    assert_eq!(status.status, TransactionStatus::Pending);
    assert!(status.checkout.is_none());

    // Cancelling before payment is refused with 400.
    let err = client
        .cancel_transaction(&id, &CancelRequest::new(vec![1]))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));

    assert!(fake.mark_paid(&id));
    let status = client.get_transaction_status(&id).await.unwrap();
    assert_eq!(status.status, TransactionStatus::Paid);
    let details = status.checkout.expect("PAID carries checkout details");
    assert_eq!(details.payment.unwrap().provider.as_deref(), Some("Stripe"));
    assert_eq!(
        details.billing.unwrap().external_ids.unwrap()["sap_id"],
        "12345"
    );

    // Refund computed exactly from decimal totals: 1190.12 + 0.2.
    let r = client
        .cancel_transaction(&id, &CancelRequest::new(vec![1, 2]))
        .await
        .unwrap();
    assert_eq!(r.status, Some(CancelStatus::Success));
    assert_eq!(r.error_message, Some(None));
    let tx = fake.transaction(&id).unwrap();
    assert_eq!(tx.refunds[0].amount, dec("1190.32"));
    assert_eq!(tx.refunds[0].items, vec![1, 2]);

    // Invoice upload from a real file on disk.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("storno.pdf");
    std::fs::write(&path, b"%PDF-1.4 test invoice").unwrap();
    let form = CancelWithInvoiceRequest::new(vec![3])
        .with_amount(dec("50.5"))
        .with_invoice_title("Cancellation Invoice".into())
        .with_invoice_number("INV-1".into())
        .with_invoice(FilePart::from_path(&path).unwrap());
    let r = client
        .cancel_transaction_with_invoice(&id, form)
        .await
        .unwrap();
    assert_eq!(r.status, Some(CancelStatus::Success));
    let invoices = fake.invoices(&id);
    assert_eq!(invoices.len(), 1);
    assert_eq!(invoices[0].file_name.as_deref(), Some("storno.pdf"));
    assert_eq!(invoices[0].content_type.as_deref(), Some("application/pdf"));
    assert_eq!(invoices[0].size, 21);
    assert_eq!(invoices[0].number.as_deref(), Some("INV-1"));
    assert_eq!(
        fake.transaction(&id).unwrap().refunds[1].amount,
        dec("50.5")
    );

    // A second cancel of the same item is a business failure: 200 + FAILED.
    let r = client
        .cancel_transaction(&id, &CancelRequest::new(vec![3]))
        .await
        .unwrap();
    assert_eq!(r.status, Some(CancelStatus::Failed));
    assert!(r
        .error_message
        .flatten()
        .unwrap()
        .contains("already cancelled"));

    let u = client
        .update_transaction(
            &id,
            &UpdateTransactionRequest::new()
                .with_title("Renamed".into())
                .with_note("n".into()),
        )
        .await
        .unwrap();
    assert_eq!(u.message.as_deref(), Some("Updated successfully"));
    assert_eq!(fake.transaction(&id).unwrap().checkout.title, "Renamed");
}

#[tokio::test]
async fn multipart_without_file_and_unknown_category() {
    let (fake, client) = setup().await;
    let mut c = checkout();
    c.items[0].category = ItemCategory::Other("LAP_SUPPLIES".into());
    let id = client
        .initialize_transaction(&c)
        .await
        .unwrap()
        .transaction_id;
    fake.mark_paid(&id);
    let form = CancelWithInvoiceRequest::new(vec![1, 2]);
    let r = client
        .cancel_transaction_with_invoice(&id, form)
        .await
        .unwrap();
    assert_eq!(r.status, Some(CancelStatus::Success));
    assert!(fake.invoices(&id).is_empty());
    assert_eq!(
        fake.transaction(&id).unwrap().checkout.items[0]
            .category
            .as_str(),
        "LAP_SUPPLIES"
    );
}

#[tokio::test]
async fn error_statuses_are_typed() {
    let (_fake, client) = setup().await;
    let mut bad = checkout();
    bad.currency = "euro".into();
    bad.items.clear();
    match client.initialize_transaction(&bad).await.unwrap_err() {
        Error::Api { status: 400, body } => match *body {
            ErrorBody::ValidationError(v) => {
                let fields: Vec<_> = v.errors.unwrap().into_iter().map(|e| e.field).collect();
                assert_eq!(fields, ["/currency", "/items"]);
            }
            other => panic!("unexpected body {other:?}"),
        },
        other => panic!("unexpected error {other:?}"),
    }
    let unknown = "aaaaaaaaaaaaaaaaaaaaaaaa";
    let err = client.get_transaction_status(unknown).await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert!(
        matches!(err.error_body(), Some(ErrorBody::ErrorResponse(e)) if e.message.contains(unknown))
    );
    let err = client
        .get_transaction_status("../initialize")
        .await
        .unwrap_err();
    assert_eq!(
        err.status(),
        Some(400),
        "a hostile id stays in its segment and is rejected as malformed"
    );
    let err = client
        .update_transaction(unknown, &UpdateTransactionRequest::default())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    let err = client
        .cancel_transaction(unknown, &CancelRequest::new(vec![1]))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
}

#[tokio::test]
async fn wrong_or_missing_credentials_get_401() {
    let (fake, _) = setup().await;
    let wrong = Client::builder()
        .base_url(fake.base_url())
        .basic_auth("id", "nope")
        .build()
        .unwrap();
    let none = Client::builder().base_url(fake.base_url()).build().unwrap();
    for client in [wrong, none] {
        assert_eq!(
            client.get_api_status().await.unwrap_err().status(),
            Some(401)
        );
        assert_eq!(
            client
                .initialize_transaction(&checkout())
                .await
                .unwrap_err()
                .status(),
            Some(401)
        );
        let form = CancelWithInvoiceRequest::new(vec![1]);
        let err = client
            .cancel_transaction_with_invoice("aaaaaaaaaaaaaaaaaaaaaaaa", form)
            .await
            .unwrap_err();
        assert_eq!(err.status(), Some(401));
    }
}

#[tokio::test]
async fn malformed_requests_get_400_with_a_body() {
    let (fake, _) = setup().await;
    let http = reqwest::Client::new();
    let resp = http
        .post(format!("{}/initialize", fake.base_url()))
        .basic_auth("id", Some("secret"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("invalid JSON body"));
    let resp = http
        .patch(format!("{}/cancel/aaaaaaaaaaaaaaaaaaaaaaaa/invoice", fake.base_url()))
        .basic_auth("id", Some("secret"))
        .header("content-type", "multipart/form-data; boundary=x")
        .body("--x\r\nContent-Disposition: form-data; name=\"itemsOrder\"\r\n\r\none,two\r\n--x--\r\n")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert!(
        body["message"].as_str().unwrap().contains("itemsOrder"),
        "{body}"
    );
}

/// A 28-significant-digit amount (the most a decimal holds below the spec's 10^15 limit, with 13
/// places) goes from the client to the fake with every digit: the request bytes carry it as
/// written, the fake's typed decode holds it exactly, and a refund of it is kept exactly.
#[tokio::test]
async fn a_28_digit_amount_travels_byte_for_byte() {
    const PRICE: &str = "123456789012345.6789012345678";
    const REFUND: &str = "98765432109876.5432109876543";
    assert_eq!(PRICE.replace(['.', '-'], "").len(), 28);
    let checkout = CorporateCheckout::new(
        "Exact".into(),
        "EUR".into(),
        vec![Item::new("Big".into(), ItemCategory::Event, dec(PRICE)).with_total(dec(PRICE))],
    );

    // What the client sends: the digits as written, in a JSON number.
    let recorder = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("POST"))
        .respond_with(
            wiremock::ResponseTemplate::new(201)
                .set_body_json(serde_json::json!({"transactionId": "667999d063824b596cf82155"})),
        )
        .mount(&recorder)
        .await;
    let recording = Client::builder()
        .base_url(recorder.uri())
        .basic_auth("id", "secret")
        .build()
        .unwrap();
    recording.initialize_transaction(&checkout).await.unwrap();
    let sent = recorder.received_requests().await.unwrap();
    let body = String::from_utf8(sent[0].body.clone()).unwrap();
    assert!(body.contains(&format!(r#""price":{PRICE}"#)), "{body}");
    assert!(body.contains(&format!(r#""total":{PRICE}"#)), "{body}");

    // What the fake receives and keeps.
    let (fake, client) = setup().await;
    let id = client
        .initialize_transaction(&checkout)
        .await
        .unwrap()
        .transaction_id;
    let stored = fake.transaction(&id).unwrap();
    assert_eq!(stored.checkout.items[0].price.to_string(), PRICE);
    assert_eq!(stored.checkout.items[0].total.unwrap().to_string(), PRICE);

    assert!(fake.mark_paid(&id));
    let refund = client
        .cancel_transaction(&id, &CancelRequest::new(vec![1]).with_amount(dec(REFUND)))
        .await
        .unwrap();
    assert_eq!(refund.status, Some(CancelStatus::Success));
    let tx = fake.transaction(&id).unwrap();
    assert_eq!(tx.refunds[0].amount.to_string(), REFUND);
}

/// The invoice upload's `amount` is a multipart text part: the fake reads it with every digit
/// (rust_decimal's own parser would round past 28 places), and refuses one a decimal cannot hold.
#[tokio::test]
async fn a_28_digit_amount_in_the_invoice_upload_reaches_the_fake_exactly() {
    const AMOUNT: &str = "123456789012345.1234567890123";
    let (fake, client) = setup().await;
    let item = Item::new("Venue".into(), ItemCategory::Event, dec(AMOUNT)).with_total(dec(AMOUNT));
    let checkout = CorporateCheckout::new("Exact".into(), "EUR".into(), vec![item]);
    let id = client
        .initialize_transaction(&checkout)
        .await
        .unwrap()
        .transaction_id;
    assert!(fake.mark_paid(&id));
    let form = CancelWithInvoiceRequest::new(vec![1]).with_amount(dec(AMOUNT));
    let refund = client
        .cancel_transaction_with_invoice(&id, form)
        .await
        .unwrap();
    assert_eq!(refund.status, Some(CancelStatus::Success));
    assert_eq!(
        fake.transaction(&id).unwrap().refunds[0].amount.to_string(),
        AMOUNT
    );

    // 29 places: refused with the part named, not rounded to 28.
    let form = reqwest::multipart::Form::new()
        .text("itemsOrder", "1")
        .text("amount", "0.00000000000000000000000000001");
    let response = reqwest::Client::new()
        .patch(format!("{}/cancel/{id}/invoice", fake.base_url()))
        .basic_auth("id", Some("secret"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    assert_eq!(status, 400, "{body}");
    assert!(
        body.contains("`amount`") && body.contains("decimal places"),
        "{body}"
    );
}

#[tokio::test]
async fn api_errors_display_as_a_status_line_and_the_body_as_json() {
    let (_fake, client) = setup().await;
    let error = client
        .get_transaction_status("not-an-id")
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        r#"the API answered 400 Bad Request: {"message":"malformed transaction id \"not-an-id\""}"#
    );
    let missing = client
        .get_transaction_status("aaaaaaaaaaaaaaaaaaaaaaaa")
        .await
        .unwrap_err();
    assert_eq!(
        missing.to_string(),
        r#"the API answered 404 Not Found: {"message":"no transaction aaaaaaaaaaaaaaaaaaaaaaaa"}"#
    );
    // The typed body stays at hand for code that wants its fields.
    match missing.error_body() {
        Some(ErrorBody::ErrorResponse(body)) => {
            assert_eq!(body.message, "no transaction aaaaaaaaaaaaaaaaaaaaaaaa");
            assert_eq!(body.code, None);
        }
        other => panic!("expected an ErrorResponse body, got {other:?}"),
    }
}

#[tokio::test]
async fn an_undocumented_status_displays_its_reason_phrase_and_body() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::any())
        .respond_with(wiremock::ResponseTemplate::new(418).set_body_string("short and stout"))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let error = client.get_api_status().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "unexpected status 418 I'm a teapot: short and stout"
    );
}

#[test]
fn a_call_shows_its_arguments_but_never_the_credentials_in_debug() {
    let client = Client::builder()
        .base_url("https://api.1-cp.io")
        .basic_auth("widget-7", "s3cr3t-P4ss")
        .build()
        .unwrap();
    let update = UpdateTransactionRequest::new().with_title("New title".into());
    let call = client.update_transaction("tx-42", &update);
    let shown = format!("{call:?}");
    assert!(shown.contains("UpdateTransactionCall"), "{shown}");
    assert!(
        shown.contains("tx-42") && shown.contains("New title"),
        "{shown}"
    );
    assert!(shown.contains("[redacted]"), "{shown}");
    assert!(!shown.contains("s3cr3t-P4ss"), "{shown}");
}
