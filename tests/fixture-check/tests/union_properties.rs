//! `tests/fixtures/union_properties.yaml`: properties beside a `oneOf`/`anyOf` are kept. A union
//! of objects is flattened into a struct of the properties; a union with other members (a boolean,
//! a string) has its object members extended with them. Decimals and required nullable
//! properties keep working through the flattening, in JSON and over loopback HTTP through the
//! generated client and server.

mod support;

use std::str::FromStr;

use fixture_check::union_properties::client::Client;
use fixture_check::union_properties::runtime::decode_json;
use fixture_check::union_properties::server::{router, CreatePaymentReply, RequestContext, Server};
use fixture_check::union_properties::types::{
    Adjustment, AdjustmentAnyOf, Card, Cash, Charge, ChargeAnyOf, Payment, PaymentOneOf, Post,
    Refund, Reply, ReturnEnvelope, Target, TargetVariant1, Tender, Thread, ThreadOneOf,
};
use rust_decimal::Decimal;

/// The issue's amounts: rust_decimal's largest, its smallest step, a 28-digit negative one.
const EXACT: [&str; 3] = [
    "79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "-12345678901234567890.12345678",
];

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn a_discriminated_union_beside_properties_is_flattened_with_exact_decimals() {
    for amount in EXACT {
        let text = format!(
            r#"{{"id":"p1","amount":{amount},"note":null,"splits":[{amount},1],"kind":"card","fee":{amount},"last4":"4242"}}"#
        );
        let payment: Payment = decode_json(text.as_bytes()).unwrap();
        assert_eq!(payment.amount.to_string(), amount);
        assert_eq!(payment.note, None);
        assert_eq!(payment.splits.as_ref().unwrap()[0].to_string(), amount);
        let PaymentOneOf::Card(card) = &payment.one_of else {
            panic!("a card: {:?}", payment.one_of);
        };
        assert_eq!(card.fee.to_string(), amount);
        assert_eq!(card.last4.as_deref(), Some("4242"));
        // Byte for byte back: the properties, then the member's, every digit kept.
        assert_eq!(serde_json::to_string(&payment).unwrap(), text);

        let text =
            format!(r#"{{"id":"p2","amount":1.50,"note":"cash","kind":"cash","change":{amount}}}"#);
        let payment: Payment = decode_json(text.as_bytes()).unwrap();
        let PaymentOneOf::Cash(cash) = &payment.one_of else {
            panic!("cash: {:?}", payment.one_of);
        };
        assert_eq!(cash.change, Some(Some(dec(amount))));
        assert_eq!(serde_json::to_string(&payment).unwrap(), text);
    }
}

#[test]
fn a_flattened_value_is_built_from_its_required_fields() {
    let card = Card::new("card".into(), dec("0.30"));
    let payment = Payment::new("p1".into(), dec("12.50"), None, PaymentOneOf::Card(card))
        .with_splits(vec![dec("10"), dec("2.50")]);
    assert_eq!(
        serde_json::to_string(&payment).unwrap(),
        r#"{"id":"p1","amount":12.50,"note":null,"splits":[10,2.50],"kind":"card","fee":0.30}"#
    );
    let cash = Payment::new(
        "p2".into(),
        dec("1"),
        Some("n".into()),
        PaymentOneOf::Cash(Cash::new("cash".into()).with_change(None)),
    );
    assert_eq!(
        serde_json::to_string(&cash).unwrap(),
        r#"{"id":"p2","amount":1,"note":"n","kind":"cash","change":null}"#
    );
}

#[test]
fn a_required_nullable_property_beside_a_union_must_be_present() {
    let absent = r#"{"id":"p1","amount":1,"kind":"card","fee":1}"#;
    let error = decode_json::<Payment>(absent.as_bytes()).unwrap_err();
    assert!(error.contains("missing field `note`"), "{error}");
    let null = r#"{"id":"p1","amount":1,"note":null,"kind":"card","fee":1}"#;
    assert_eq!(decode_json::<Payment>(null.as_bytes()).unwrap().note, None);
}

#[test]
fn a_number_a_decimal_cannot_hold_is_an_error_naming_the_field_through_the_flattening() {
    let text =
        r#"{"id":"p1","amount":1,"note":null,"kind":"card","fee":79228162514264337593543950336}"#;
    let error = decode_json::<Payment>(text.as_bytes()).unwrap_err();
    assert!(
        error.contains("fee") && error.contains("79228162514264337593543950336"),
        "{error}"
    );
    let text =
        r#"{"id":"p1","amount":0.00000000000000000000000000001,"note":null,"kind":"card","fee":1}"#;
    let error = decode_json::<Payment>(text.as_bytes()).unwrap_err();
    assert!(error.starts_with("amount: "), "{error}");
    assert!(error.contains("decimal places"), "{error}");
}

#[test]
fn an_unknown_tag_is_kept_beside_the_properties() {
    let text = r#"{"id":"p1","amount":1,"note":null,"kind":"voucher","code":"X"}"#;
    let payment: Payment = decode_json(text.as_bytes()).unwrap();
    let PaymentOneOf::Other(other) = &payment.one_of else {
        panic!("an unknown member: {:?}", payment.one_of);
    };
    // The member holds the rest of the object, as received.
    assert_eq!(other.get(), r#"{"kind":"voucher","code":"X"}"#);
    // Written back byte for byte, each key once.
    assert_eq!(serde_json::to_string(&payment).unwrap(), text);
    // Its numbers keep every digit, where `serde_json::Value` would round them through `f64`.
    for amount in EXACT.iter().chain(&["1e3"]) {
        let text =
            format!(r#"{{"id":"p1","amount":1,"note":null,"kind":"voucher","face":{amount}}}"#);
        let payment: Payment = decode_json(text.as_bytes()).unwrap();
        assert_eq!(serde_json::to_string(&payment).unwrap(), text);
        let PaymentOneOf::Other(other) = &payment.one_of else {
            panic!("an unknown member: {:?}", payment.one_of);
        };
        let value: serde_json::Value = other.parse().unwrap();
        assert_eq!(value["kind"], "voucher");
    }
}

#[test]
fn an_untagged_union_beside_properties_and_a_map() {
    for amount in EXACT {
        let text = format!(r#"{{"currency":"EUR","net":{amount},"tax":1.5,"fx":{amount}}}"#);
        let charge: Charge = decode_json(text.as_bytes()).unwrap();
        assert_eq!(charge.currency, "EUR");
        let ChargeAnyOf::ChargeVariant2(parts) = &charge.any_of else {
            panic!("net and tax: {:?}", charge.any_of);
        };
        assert_eq!(parts.net.to_string(), amount);
        // The members' properties are theirs, not additional ones.
        assert_eq!(charge.additional_properties.len(), 1);
        assert_eq!(charge.additional_properties["fx"].to_string(), amount);
        assert_eq!(serde_json::to_string(&charge).unwrap(), text);
    }
    let gross: Charge = decode_json(br#"{"currency":"EUR","gross":2}"#).unwrap();
    assert!(matches!(gross.any_of, ChargeAnyOf::ChargeVariant1(ref g) if g.gross == dec("2")));
}

#[test]
fn object_members_of_a_mixed_union_carry_the_properties() {
    // Lob's return envelope: `true`, or an object the properties describe.
    assert_eq!(
        decode_json::<ReturnEnvelope>(b"true").unwrap(),
        ReturnEnvelope::Bool(true)
    );
    for amount in EXACT {
        let text = format!(r#"{{"id":"env_1","price":{amount}}}"#);
        let envelope: ReturnEnvelope = decode_json(text.as_bytes()).unwrap();
        let ReturnEnvelope::ReturnEnvelopeVariant2(object) = &envelope else {
            panic!("an object: {envelope:?}");
        };
        assert_eq!(object.id.as_deref(), Some("env_1"));
        assert_eq!(object.price, Some(dec(amount)));
        assert_eq!(serde_json::to_string(&envelope).unwrap(), text);
    }
    // A `$ref` member is flattened into a struct of the properties beside it.
    assert_eq!(
        decode_json::<Tender>(br#""voucher""#).unwrap(),
        Tender::String("voucher".into())
    );
    let text = r#"{"reference":"r1","kind":"card","fee":0.0000000000000000000000000001}"#;
    let tender: Tender = decode_json(text.as_bytes()).unwrap();
    let Tender::TenderCard(card) = &tender else {
        panic!("a card: {tender:?}");
    };
    assert_eq!(card.reference.as_deref(), Some("r1"));
    assert_eq!(card.value.fee, dec("0.0000000000000000000000000001"));
    assert_eq!(serde_json::to_string(&tender).unwrap(), text);
}

#[test]
fn a_union_joined_by_all_of_is_flattened_and_loses_no_property() {
    for amount in EXACT {
        // The union by `$ref` (a transaction or an order) beside the allOf's own object.
        let text = format!(r#"{{"amount":{amount},"transaction_id":"t1"}}"#);
        let refund: Refund = decode_json(text.as_bytes()).unwrap();
        assert_eq!(refund.amount.to_string(), amount);
        let Target::TargetVariant1(by_id) = &refund.target else {
            panic!("a transaction: {:?}", refund.target);
        };
        assert_eq!(by_id.transaction_id, "t1");
        assert_eq!(serde_json::to_string(&refund).unwrap(), text);

        let text = format!(r#"{{"amount":{amount},"order_number":7,"shop":"s1"}}"#);
        let refund: Refund = decode_json(text.as_bytes()).unwrap();
        let Target::TargetVariant2(by_order) = &refund.target else {
            panic!("an order: {:?}", refund.target);
        };
        assert_eq!((by_order.order_number, by_order.shop.as_str()), (7, "s1"));
        assert_eq!(serde_json::to_string(&refund).unwrap(), text);

        // An inline anyOf beside a `$ref` member and a property of the schema itself.
        let text = format!(r#"{{"by":"ops","reason":"late","debit":{amount}}}"#);
        let adjustment: Adjustment = decode_json(text.as_bytes()).unwrap();
        assert_eq!(adjustment.by.as_deref(), Some("ops"));
        assert_eq!(adjustment.reason, "late");
        let AdjustmentAnyOf::AdjustmentAnyOfVariant2(debit) = &adjustment.any_of else {
            panic!("a debit: {:?}", adjustment.any_of);
        };
        assert_eq!(debit.debit.to_string(), amount);
        assert_eq!(serde_json::to_string(&adjustment).unwrap(), text);
    }
    // Neither member of the union: refused, not read as an empty object.
    let error = decode_json::<Refund>(br#"{"amount":1}"#).unwrap_err();
    assert!(error.contains("Target"), "{error}");
    // Built from its required fields, the union's value among them.
    let refund = Refund::new(
        dec("2.50"),
        Target::TargetVariant1(TargetVariant1::new("t9".into())),
    );
    assert_eq!(
        serde_json::to_string(&refund).unwrap(),
        r#"{"amount":2.50,"transaction_id":"t9"}"#
    );
}

#[test]
fn a_recursive_union_joined_by_all_of_is_boxed() {
    let text = r#"{"id":"a","parent":{"id":"b","text":"first"}}"#;
    let thread: Thread = decode_json(text.as_bytes()).unwrap();
    let ThreadOneOf::Reply(reply) = thread.one_of.as_ref() else {
        panic!("a reply: {:?}", thread.one_of);
    };
    assert_eq!(reply.parent.id, "b");
    assert!(matches!(reply.parent.one_of.as_ref(), ThreadOneOf::Post(p) if p.text == "first"));
    assert_eq!(serde_json::to_string(&thread).unwrap(), text);
    // Boxed fields are given as their values (`new` boxes them) or as boxes.
    let built = Thread::new(
        "a".into(),
        ThreadOneOf::Reply(Box::new(Reply::new(Thread::new(
            "b".into(),
            Box::new(ThreadOneOf::Post(Post::new("first".into()))),
        )))),
    );
    assert_eq!(built, thread);
}

/// Answers with the payment it decoded.
struct Echo;

impl Server for Echo {
    async fn create_payment(&self, _ctx: RequestContext, body: Payment) -> CreatePaymentReply {
        CreatePaymentReply::Success(body)
    }
}

async fn serve() -> String {
    support::serve(router(Echo)).await
}

#[tokio::test]
async fn the_flattened_shape_crosses_the_wire_through_client_and_server() {
    let base = serve().await;
    let client = Client::builder().base_url(&base).build().unwrap();
    for amount in EXACT {
        let payment = Payment::new(
            "p1".into(),
            dec(amount),
            None,
            PaymentOneOf::Card(Card::new("card".into(), dec(amount))),
        );
        let echoed = client.create_payment(&payment).await.unwrap();
        assert_eq!(echoed, payment);

        // The server reads and writes the same bytes.
        let text = format!(
            r#"{{"id":"p1","amount":{amount},"note":null,"kind":"cash","change":{amount}}}"#
        );
        let response = reqwest::Client::new()
            .post(format!("{base}/payments"))
            .header("content-type", "application/json")
            .body(text.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.text().await.unwrap(), text);
    }
    // The server refuses a required nullable property that is absent, and a member's property of
    // the wrong JSON type.
    for body in [
        r#"{"id":"p1","amount":1,"kind":"card","fee":1}"#,
        r#"{"id":"p1","amount":1,"note":null,"kind":"card","fee":"1"}"#,
    ] {
        let response = reqwest::Client::new()
            .post(format!("{base}/payments"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{body}");
    }
}
