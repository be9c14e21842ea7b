//! Every `example` in `spec/one-cp.yaml` decodes into the generated type and encodes back to the
//! same JSON (numbers compared numerically: `450` and `450.0` are equal).
//!
//! Covered: schema-level examples under `components/schemas`, examples of the members of a
//! `oneOf`/`anyOf`, property-level examples (each one put into its parent schema's example, so it
//! goes through the real field type: decimals, date-times, nullable, maps), media-type examples
//! of request bodies and responses (there are none today; a new one is checked the same way), and
//! the `TransactionId` parameter example. A schema or media type with an example that no
//! generated type covers fails the test.

use one_cp::types;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/spec/one-cp.yaml");
    let text = std::fs::read_to_string(path).expect("spec readable");
    serde_yaml::from_str(&text).expect("spec is YAML that maps onto JSON")
}

fn schemas(spec: &Value) -> &Map<String, Value> {
    spec["components"]["schemas"]
        .as_object()
        .expect("components/schemas")
}

/// Decodes `value` as `T`, encodes it back and compares. `is_enum`: the value must also be a
/// known variant (not kept in `Other`), since the example is one of the listed values.
fn roundtrip<T: DeserializeOwned + Serialize + std::fmt::Debug>(
    value: &Value,
    is_enum: bool,
) -> Result<(), String> {
    let typed: T = serde_json::from_value(value.clone())
        .map_err(|e| format!("does not decode as {}: {e}", std::any::type_name::<T>()))?;
    if is_enum && format!("{typed:?}").starts_with("Other(") {
        return Err(format!("decodes to the unknown-value variant: {typed:?}"));
    }
    let back = serde_json::to_value(&typed).map_err(|e| format!("does not encode: {e}"))?;
    json_eq_numeric(&back, value, "").map_err(|diff| {
        format!("changes on a round trip at {diff}\n  example: {value}\n  back:    {back}")
    })
}

/// `CancelWithInvoiceRequest` is a multipart form (no serde): its example's fields are read
/// with the JSON twin `CancelRequest`, put into the form, encoded as multipart, and read back out
/// of the form's fields.
fn form_roundtrip(value: &Value) -> Result<(), String> {
    if value.get("invoice").is_some() {
        return Err("a binary `invoice` cannot be given as a JSON example".into());
    }
    let fields: types::CancelRequest =
        serde_json::from_value(value.clone()).map_err(|e| format!("does not decode: {e}"))?;
    let mut form = types::CancelWithInvoiceRequest::new(fields.items_order);
    form.amount = fields.amount;
    form.invoice_title = fields.invoice_title;
    form.invoice_number = fields.invoice_number;
    form.to_multipart()
        .map_err(|e| format!("does not encode as multipart: {e}"))?;
    let mut back = types::CancelRequest::new(form.items_order);
    back.amount = form.amount;
    back.invoice_title = form.invoice_title;
    back.invoice_number = form.invoice_number;
    let back = serde_json::to_value(back).unwrap();
    json_eq_numeric(&back, value, "").map_err(|diff| format!("changes at {diff}"))
}

/// The generated type for each schema name. `None`: no type covers this schema, which fails the
/// test when the schema has an example.
fn check(name: &str, value: &Value, is_enum: bool) -> Option<Result<(), String>> {
    use types::*;
    let v = value;
    let e = is_enum;
    Some(match name {
        "ApiStatus" => roundtrip::<ApiStatus>(v, e),
        "TransactionStatus" => roundtrip::<TransactionStatus>(v, e),
        "TransactionStatusResponse" => roundtrip::<TransactionStatusResponse>(v, e),
        "CheckoutDetails" => roundtrip::<CheckoutDetails>(v, e),
        "PaymentDetails" => roundtrip::<PaymentDetails>(v, e),
        "Customer" => roundtrip::<Customer>(v, e),
        "Beneficiary" => roundtrip::<Beneficiary>(v, e),
        "Billing" => roundtrip::<Billing>(v, e),
        // `nullable: true`: the schema's own type is `Option<Address>` wherever it is used.
        "Address" => roundtrip::<Option<Address>>(v, e),
        "CorporateCheckout" => roundtrip::<CorporateCheckout>(v, e),
        "Item" => roundtrip::<Item>(v, e),
        "ItemCategory" => roundtrip::<ItemCategory>(v, e),
        "ServiceClass" => roundtrip::<ServiceClass>(v, e),
        "FlightLocation" => roundtrip::<FlightLocation>(v, e),
        "Location" => roundtrip::<Location>(v, e),
        "Quantity" => roundtrip::<Quantity>(v, e),
        "Period" => roundtrip::<Period>(v, e),
        "Tax" => roundtrip::<Tax>(v, e),
        "TaxType" => roundtrip::<TaxType>(v, e),
        "TaxUnit" => roundtrip::<TaxUnit>(v, e),
        "TaxBasis" => roundtrip::<TaxBasis>(v, e),
        "TaxApplyTo" => roundtrip::<TaxApplyTo>(v, e),
        "CancellationPolicy" => roundtrip::<CancellationPolicy>(v, e),
        "CancellationReference" => roundtrip::<CancellationReference>(v, e),
        "Penalty" => roundtrip::<Penalty>(v, e),
        "PenaltyType" => roundtrip::<PenaltyType>(v, e),
        "PenaltyOffset" => roundtrip::<PenaltyOffset>(v, e),
        "OffsetUnit" => roundtrip::<OffsetUnit>(v, e),
        "PenaltyValue" => roundtrip::<PenaltyValue>(v, e),
        "PenaltyValueUnit" => roundtrip::<PenaltyValueUnit>(v, e),
        "PenaltyCondition" => roundtrip::<PenaltyCondition>(v, e),
        "Attachment" => roundtrip::<Attachment>(v, e),
        "AttachmentType" => roundtrip::<AttachmentType>(v, e),
        "Email" => roundtrip::<Email>(v, e),
        "InitializeResponse" => roundtrip::<InitializeResponse>(v, e),
        "CancelRequest" => roundtrip::<CancelRequest>(v, e),
        "CancelWithInvoiceRequest" => form_roundtrip(v),
        "CancelStatus" => roundtrip::<CancelStatus>(v, e),
        "CancelResponse" => roundtrip::<CancelResponse>(v, e),
        "UpdateTransactionRequest" => roundtrip::<UpdateTransactionRequest>(v, e),
        "UpdateTransactionResponse" => roundtrip::<UpdateTransactionResponse>(v, e),
        "ErrorResponse" => roundtrip::<ErrorResponse>(v, e),
        "ValidationIssue" => roundtrip::<ValidationIssue>(v, e),
        "ValidationError" => roundtrip::<ValidationError>(v, e),
        _ => return None,
    })
}

fn ref_name(schema: &Value) -> Option<&str> {
    schema
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
}

fn is_enum(schema: &Value) -> bool {
    schema.get("enum").is_some()
}

#[derive(Default)]
struct Report {
    checked: usize,
    failures: Vec<String>,
}

impl Report {
    fn record(&mut self, what: &str, result: Option<Result<(), String>>) {
        match result {
            Some(Ok(())) => self.checked += 1,
            Some(Err(e)) => self.failures.push(format!("{what}: {e}")),
            None => self
                .failures
                .push(format!("{what}: no generated type covers this example")),
        }
    }

    fn finish(self, at_least: usize) {
        assert!(
            self.failures.is_empty(),
            "{} example(s) failed:\n{}",
            self.failures.len(),
            self.failures.join("\n")
        );
        assert!(
            self.checked >= at_least,
            "only {} examples checked, expected at least {at_least}",
            self.checked
        );
    }
}

#[test]
fn every_schema_example_round_trips() {
    let spec = spec();
    let mut report = Report::default();
    for (name, schema) in schemas(&spec) {
        if let Some(example) = schema.get("example") {
            report.record(
                &format!("#/components/schemas/{name}/example"),
                check(name, example, is_enum(schema)),
            );
        }
        // An enum's example must be one of its listed values.
        if let (Some(values), Some(example)) = (schema.get("enum"), schema.get("example")) {
            if !values.as_array().unwrap().contains(example) {
                report
                    .failures
                    .push(format!("{name}: example {example} is not in its enum"));
            }
        }
    }
    // 44 schemas, every one with an example.
    report.finish(44);
}

#[test]
fn every_schema_is_covered_by_a_generated_type() {
    // Independent of examples: a new schema needs a line in `check` (so its examples are tested).
    let spec = spec();
    let missing: Vec<&String> = schemas(&spec)
        .keys()
        .filter(|name| check(name, &Value::Null, false).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "schemas without a case in `check`: {missing:?}"
    );
}

#[test]
fn one_of_member_examples_round_trip_through_the_union() {
    let spec = spec();
    let mut report = Report::default();
    for (name, schema) in schemas(&spec) {
        for keyword in ["oneOf", "anyOf"] {
            for (i, member) in schema
                .get(keyword)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                if let Some(example) = member.get("example") {
                    report.record(
                        &format!("#/components/schemas/{name}/{keyword}/{i}/example"),
                        check(name, example, false),
                    );
                }
            }
        }
    }
    // FlightLocation's string member (`FRA`).
    report.finish(1);
}

/// The properties of a schema with their pointers: its own, and those of its `allOf` members
/// (inline or `$ref`).
fn properties<'a>(
    all: &'a Map<String, Value>,
    name: &str,
    schema: &'a Value,
) -> Vec<(String, &'a String, &'a Value)> {
    let mut out = Vec::new();
    let mut collect = |pointer: String, props: Option<&'a Value>| {
        for (key, prop) in props.and_then(Value::as_object).into_iter().flatten() {
            out.push((format!("{pointer}/properties/{key}"), key, prop));
        }
    };
    collect(
        format!("#/components/schemas/{name}"),
        schema.get("properties"),
    );
    for (i, member) in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        match ref_name(member) {
            Some(target) => collect(
                format!("#/components/schemas/{target}"),
                all[target].get("properties"),
            ),
            None => collect(
                format!("#/components/schemas/{name}/allOf/{i}"),
                member.get("properties"),
            ),
        }
    }
    out
}

#[test]
fn every_property_example_round_trips_inside_its_parent() {
    // Each property example replaces that property in the parent schema's own example, and the
    // parent type must round-trip the result: the example goes through the real field type.
    let spec = spec();
    let all = schemas(&spec);
    let mut report = Report::default();
    for (name, schema) in all {
        for (pointer, key, prop) in properties(all, name, schema) {
            let Some(example) = prop.get("example") else {
                continue;
            };
            let what = format!("{pointer}/example");
            let Some(Value::Object(parent)) = schema.get("example") else {
                report.failures.push(format!(
                    "{what}: parent {name} has no object example to embed it in"
                ));
                continue;
            };
            let mut embedded = parent.clone();
            embedded.insert(key.clone(), example.clone());
            report.record(&what, check(name, &Value::Object(embedded), false));

            // A property typed by a named schema: the example is also an example of that schema.
            if let Some(target) = ref_name(prop) {
                report.record(
                    &format!("{what} as {target}"),
                    check(target, example, is_enum(&all[target])),
                );
            }
        }
    }
    // 71 property examples (ValidationError counts its own and the inherited ErrorResponse ones).
    report.finish(71);
}

/// Examples of a media type object: `example`, and each `examples/*/value`.
fn media_examples(media: &Value) -> Vec<(String, &Value)> {
    let mut out = Vec::new();
    if let Some(example) = media.get("example") {
        out.push(("example".to_string(), example));
    }
    for (key, example) in media
        .get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(value) = example.get("value") {
            out.push((format!("examples/{key}/value"), value));
        }
    }
    out
}

fn check_content(spec: &Value, pointer: &str, content: Option<&Value>, report: &mut Report) {
    for (media_type, media) in content.and_then(Value::as_object).into_iter().flatten() {
        for (key, example) in media_examples(media) {
            let what = format!("{pointer}/content/{media_type}/{key}");
            match media.get("schema").and_then(ref_name) {
                Some(name) => {
                    let schema = &schemas(spec)[name];
                    report.record(&what, check(name, example, is_enum(schema)));
                }
                None => report.failures.push(format!(
                    "{what}: inline schema, no generated type to check it with"
                )),
            }
        }
    }
}

#[test]
fn every_media_type_example_round_trips() {
    let spec = spec();
    let mut report = Report::default();
    let escape = |p: &str| p.replace('~', "~0").replace('/', "~1");
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (verb, operation) in item.as_object().unwrap() {
            let base = format!("#/paths/{}/{verb}", escape(path));
            if let Some(body) = operation.get("requestBody") {
                check_content(
                    &spec,
                    &format!("{base}/requestBody"),
                    body.get("content"),
                    &mut report,
                );
            }
            for (code, response) in operation
                .get("responses")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                check_content(
                    &spec,
                    &format!("{base}/responses/{code}"),
                    response.get("content"),
                    &mut report,
                );
            }
        }
    }
    for section in ["responses", "requestBodies"] {
        for (name, object) in spec["components"][section]
            .as_object()
            .into_iter()
            .flatten()
        {
            check_content(
                &spec,
                &format!("#/components/{section}/{name}"),
                object.get("content"),
                &mut report,
            );
        }
    }
    // The spec has no media-type examples today; this only fails when a new one does not fit.
    report.finish(0);
}

#[test]
fn transaction_id_parameter_example_is_one_plain_segment() {
    let spec = spec();
    let parameter = &spec["components"]["parameters"]["TransactionId"];
    for example in [&parameter["example"], &parameter["schema"]["example"]] {
        let id = example.as_str().expect("a string example");
        let segment = one_cp::runtime::path_segment("transactionId", &json!(id));
        assert_eq!(segment.as_deref(), Ok(id), "a 24-hex id needs no encoding");
    }
}

#[test]
fn comparison_is_numeric_but_otherwise_strict() {
    // The comparison itself: 450 == 450.0, but nothing else is loosened.
    assert!(json_eq_numeric(&json!({"a": 450.0}), &json!({"a": 450}), "").is_ok());
    assert!(json_eq_numeric(&json!([13.27]), &json!([13.27]), "").is_ok());
    assert!(json_eq_numeric(&json!({"a": 450.5}), &json!({"a": 450}), "").is_err());
    assert!(json_eq_numeric(&json!({"a": "450"}), &json!({"a": 450}), "").is_err());
    assert!(json_eq_numeric(&json!({"a": null}), &json!({}), "").is_err());
    assert!(json_eq_numeric(&json!({}), &json!({"a": null}), "").is_err());
    assert!(json_eq_numeric(&json!([1, 2]), &json!([2, 1]), "").is_err());
    // And the round trip catches a dropped field or a type mismatch.
    assert!(
        roundtrip::<types::PaymentDetails>(&json!({"reference": "x", "typo": 1}), false).is_err()
    );
    assert!(roundtrip::<types::ApiStatus>(&json!({"status": "ready"}), false).is_err());
    assert!(roundtrip::<types::TaxType>(&json!("GST"), true).is_err());
    assert!(roundtrip::<types::TaxType>(&json!("GST"), false).is_ok());
}

/// Structural JSON equality where numbers compare by value (`450` == `450.0`).
fn json_eq_numeric(actual: &Value, expected: &Value, at: &str) -> Result<(), String> {
    match (actual, expected) {
        (Value::Number(a), Value::Number(e)) => {
            let (a, e) = (a.as_f64().unwrap(), e.as_f64().unwrap());
            if a == e {
                Ok(())
            } else {
                Err(format!("{at}: {a} != {e}"))
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            if a.len() != e.len() {
                return Err(format!("{at}: {} items != {}", a.len(), e.len()));
            }
            a.iter()
                .zip(e)
                .enumerate()
                .try_for_each(|(i, (a, e))| json_eq_numeric(a, e, &format!("{at}/{i}")))
        }
        (Value::Object(a), Value::Object(e)) => {
            for key in e.keys() {
                if !a.contains_key(key) {
                    return Err(format!("{at}/{key}: missing"));
                }
            }
            for (key, value) in a {
                match e.get(key) {
                    Some(expected) => json_eq_numeric(value, expected, &format!("{at}/{key}"))?,
                    None => return Err(format!("{at}/{key}: unexpected {value}")),
                }
            }
            Ok(())
        }
        _ if actual == expected => Ok(()),
        _ => Err(format!("{at}: {actual} != {expected}")),
    }
}
