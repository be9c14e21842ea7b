//! Helpers the client tests share (`mod support;` in each): the credentials they use, a sample
//! checkout, one call of each operation with fixed valid arguments, and the check that a text
//! holds no credential.

// Each test crate includes this module and uses a part of it.
#![allow(dead_code)]

use one_cp::{types, Client, Error, FilePart};
use serde_json::{json, Value};

/// The client id every test client authenticates with.
pub const ID: &str = "widget-42";
/// Its secret, which must never appear in any output.
pub const SECRET: &str = "s3cr3t-P4ssw0rd!";
/// `base64("widget-42:s3cr3t-P4ssw0rd!")`, computed with `echo -n … | base64`.
pub const BASIC_B64: &str = "d2lkZ2V0LTQyOnMzY3IzdC1QNHNzdzByZCE=";

/// Panics if `text` holds the secret, part of it, or the encoded credentials.
#[track_caller]
pub fn assert_no_secret(text: &str) {
    assert!(!text.contains(SECRET), "secret leaked: {text}");
    assert!(
        !text.contains(BASIC_B64),
        "base64 credentials leaked: {text}"
    );
    assert!(
        !text.contains("s3cr3t"),
        "part of the secret leaked: {text}"
    );
}

/// A checkout with every kind of field set.
pub fn sample_checkout() -> types::CorporateCheckout {
    serde_json::from_value(sample_checkout_json()).expect("sample checkout decodes")
}

/// [`sample_checkout`] as the JSON the client sends.
pub fn sample_checkout_json() -> Value {
    json!({
        "refIDs": {"google-id": "667999d063824b596cf82155sdfwew334435"},
        "title": "Off site event",
        "currency": "EUR",
        "note": "Internal note",
        "items": [{
            "stockId": "12345",
            "name": "Flight",
            "category": "FLIGHT",
            "price": 450.0,
            "totalTax": 10.5,
            "total": 1350.1,
            "departure": "FRA",
            "destination": {"city": "Munich", "iata": "MUC"},
            "serviceClass": "FIRST_CLASS",
            "period": {"start": "2024-04-16T12:07:05.159Z", "end": "2024-04-16T15:07:05.159Z"},
            "taxes": [{"type": "VAT", "value": 19.0, "unit": "PERCENT",
                        "basis": "PER_QUANTITY", "applyTo": "NET_PRICE"}],
            "seatMap": "12A"
        }],
        "attachments": [{"url": "https://files.example.com/a.pdf", "type": "INVOICE"}],
        "restrictedMethods": ["PAYPAL"]
    })
}

/// Calls one operation with fixed, valid arguments.
pub async fn call(client: &Client, operation: &str) -> Result<(), Error> {
    match operation {
        "get_api_status" => client.get_api_status().await.map(|_| ()),
        "get_transaction_status" => client.get_transaction_status("t1").await.map(|_| ()),
        "initialize_transaction" => client
            .initialize_transaction(&sample_checkout())
            .await
            .map(|_| ()),
        "cancel_transaction" => client
            .cancel_transaction("t1", &types::CancelRequest::new(vec![1]))
            .await
            .map(|_| ()),
        "cancel_transaction_with_invoice" => client
            .cancel_transaction_with_invoice(
                "t1",
                types::CancelWithInvoiceRequest::new(vec![1])
                    .with_invoice(FilePart::new(&b"%PDF-1.4"[..]).file_name("i.pdf")),
            )
            .await
            .map(|_| ()),
        "update_transaction" => client
            .update_transaction("t1", &types::UpdateTransactionRequest::default())
            .await
            .map(|_| ()),
        other => panic!("unknown operation {other}"),
    }
}
