//! JSON round trips through the types generated for every fixture in `tests/fixtures/`, with
//! assertions on the semantics each fixture exists for.

use std::path::Path;
use std::str::FromStr;

use fixture_check::*;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Reads `value` as `T`, writes it back, and checks the JSON is unchanged.
fn roundtrip<T: DeserializeOwned + Serialize>(value: Value) -> T {
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|e| panic!("cannot read {value}: {e}"));
    let back = serde_json::to_value(&typed).unwrap();
    assert_eq!(back, value, "the JSON changed in a round trip");
    typed
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn every_fixture_is_compiled_here() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    assert_eq!(
        on_disk, FEATURES,
        "add the new fixture's module to src/lib.rs"
    );
}

#[test]
fn required_optional() {
    use required_optional::types::Item;
    let item: Item = roundtrip(json!({"id": 7, "name": "a"}));
    assert_eq!(item.note, None);
    assert_eq!(item.tags, None);
    let item: Item =
        roundtrip(json!({"id": 7, "name": "a", "note": "n", "count": 2, "tags": ["x"]}));
    assert_eq!(item.count, Some(2));
    assert_eq!(item.tags.as_deref(), Some(&["x".to_string()][..]));
    // A missing required property is an error, not a default.
    assert!(serde_json::from_value::<Item>(json!({"id": 7})).is_err());
    // `None` is skipped, not written as null.
    let written = serde_json::to_value(Item::new(1, "b".into())).unwrap();
    assert_eq!(written, json!({"id": 1, "name": "b"}));
}

#[test]
fn nullable_absent_is_not_null() {
    use nullable::types::Patch;
    let absent: Patch = roundtrip(json!({"title": "t"}));
    assert_eq!(absent.note, None);
    let null: Patch = roundtrip(json!({"title": "t", "note": null}));
    assert_eq!(null.note, Some(None));
    let set: Patch = roundtrip(json!({"title": null, "note": "n"}));
    assert_eq!(set.title, None);
    assert_eq!(set.note, Some(Some("n".to_string())));
    assert_ne!(absent, null);
    // Required + nullable: `None` is written as an explicit null.
    // Required + nullable: `null` is `None`, but absent is refused (not read as `None`).
    let missing = serde_json::from_value::<Patch>(json!({"note": "n"})).unwrap_err();
    assert!(
        missing.to_string().contains("missing field `title`"),
        "{missing}"
    );
    let written = serde_json::to_value(Patch::new(None)).unwrap();
    assert_eq!(written, json!({"title": null}));
    let items: Patch = roundtrip(json!({"title": "t", "values": [1, null, 3]}));
    assert_eq!(items.values, Some(vec![Some(1), None, Some(3)]));
}

#[test]
fn string_enum_keeps_unknown_values() {
    use string_enum::types::{Order, Status};
    let order: Order = roundtrip(json!({"status": "in-progress", "previous": "2fa"}));
    assert_eq!(order.status, Status::InProgress);
    assert_eq!(order.previous, Some(Status::Value2fa));
    // A declared value named `Other` does not clash with the catch-all.
    let other: Status = roundtrip(json!("Other"));
    assert_eq!(other, Status::OtherValue);
    let unknown: Status = roundtrip(json!("REFUNDED"));
    assert_eq!(unknown, Status::Other("REFUNDED".into()));
    assert_eq!(unknown.as_str(), "REFUNDED");
    assert_eq!(Status::from_str("paid").unwrap(), Status::Paid);
    assert_eq!(
        Status::from_str("nope").unwrap(),
        Status::Other("nope".into())
    );
    assert_eq!(Status::Pending.to_string(), "PENDING");
    // Case matters: `pending` is not `PENDING`.
    let lower: Status = roundtrip(json!("pending"));
    assert_eq!(lower, Status::Other("pending".into()));
}

#[test]
fn string_enum_values_named_like_the_impls_items_are_plain_variants() {
    use string_enum::types::LogLevel;
    // `err` is a variant `Err` beside `FromStr`'s associated `Err` type: both must still work.
    assert_eq!(roundtrip::<LogLevel>(json!("err")), LogLevel::Err);
    assert_eq!(LogLevel::from_str("err").unwrap(), LogLevel::Err);
    assert_eq!(LogLevel::from_str("Ok").unwrap(), LogLevel::Ok);
    assert_eq!(LogLevel::from_str("None").unwrap(), LogLevel::None);
    assert_eq!(LogLevel::Error.as_str(), "Error");
    assert_eq!(LogLevel::SelfValue.to_string(), "Self");
    assert_eq!(
        LogLevel::from_str("debug").unwrap(),
        LogLevel::Other("debug".into())
    );
}

#[test]
fn one_of_untagged_picks_the_matching_variant() {
    use one_of_untagged::types::{Card, IdOrName, MaybeCard, Payment};
    let iban: Payment = roundtrip(json!({"iban": "DE00", "bic": "X"}));
    assert!(matches!(iban, Payment::Iban(ref i) if i.bic == "X"));
    let card: Payment = roundtrip(json!({"number": "4111"}));
    assert_eq!(card, Payment::Card(Card::new("4111".into())));
    assert_eq!(roundtrip::<IdOrName>(json!(42)), IdOrName::Integer(42));
    assert_eq!(
        roundtrip::<IdOrName>(json!("x")),
        IdOrName::String("x".into())
    );
    assert!(serde_json::from_value::<Payment>(json!({"other": 1})).is_err());
    let maybe: MaybeCard = roundtrip(json!({"number": "1"}));
    assert_eq!(maybe.number, "1");
}

#[test]
fn one_of_discriminator_dispatches_on_the_tag() {
    use one_of_discriminator::types::{Pet, Shelter};
    let shelter: Shelter = roundtrip(json!({"pets": [
        {"kind": "cat", "lives": 9},
        {"kind": "kitten", "lives": 7},
        {"kind": "dog", "good": true},
        {"kind": "parrot", "words": 12},
    ]}));
    assert!(matches!(&shelter.pets[0], Pet::Cat(c) if c.lives == 9));
    assert!(matches!(&shelter.pets[1], Pet::Cat(c) if c.kind == "kitten"));
    assert!(matches!(&shelter.pets[2], Pet::Dog(d) if d.good == Some(true)));
    assert_eq!(
        shelter.pets[3],
        Pet::Other(
            one_of_discriminator::runtime::RawJson::from_json(r#"{"kind":"parrot","words":12}"#)
                .unwrap()
        )
    );
    // The tag decides, not the shape: a `dog` with a cat's fields is a Dog.
    let dog: Pet = serde_json::from_value(json!({"kind": "dog", "lives": 9})).unwrap();
    assert!(matches!(dog, Pet::Dog(_)));
    // A known tag with a payload that does not fit is an error, not `Other`.
    assert!(serde_json::from_value::<Pet>(json!({"kind": "cat"})).is_err());
    // Without a tag the value is kept.
    let untagged: Pet = roundtrip(json!({"lives": 1}));
    assert!(matches!(untagged, Pet::Other(_)));
}

#[test]
fn any_of() {
    use any_of::types::{Amount, Contact};
    assert!(matches!(
        roundtrip::<Contact>(json!({"email": "a@b"})),
        Contact::Email(_)
    ));
    assert!(matches!(
        roundtrip::<Contact>(json!({"phone": "1"})),
        Contact::Phone(_)
    ));
    assert_eq!(roundtrip::<Amount>(json!(1.5)), Amount::Number(1.5));
    assert_eq!(
        roundtrip::<Amount>(json!("1.5")),
        Amount::String("1.5".into())
    );
}

#[test]
fn all_of_merges_members() {
    use all_of::types::{Named, Product, Wrapper};
    let named: Named =
        roundtrip(json!({"id": "1", "name": "n", "created": "2024-01-02T03:04:05Z"}));
    assert_eq!(named.created.unwrap().timestamp(), 1_704_164_645);
    // Product = Named (itself Base + name) + price; `required` beside allOf applies.
    let product: Product = roundtrip(json!({"id": "1", "name": "n", "price": 2.5}));
    assert_eq!((product.id.as_str(), product.price), ("1", 2.5));
    assert!(serde_json::from_value::<Product>(json!({"id": "1", "name": "n"})).is_err());
    assert!(serde_json::from_value::<Product>(json!({"id": "1", "price": 1.0})).is_err());
    let w: Wrapper = roundtrip(json!({"product": null}));
    assert_eq!(w.product, Some(None));
    let w: Wrapper = roundtrip(json!({}));
    assert_eq!(w.product, None);
    let w: Wrapper = roundtrip(json!({"product": {"id": "1", "name": "n", "price": 1.5}}));
    assert_eq!(w.product.flatten().unwrap().price, 1.5);
}

#[test]
fn additional_properties() {
    use additional_properties::types::{Counts, Labels, Nested, Typed};
    let counts: Counts = roundtrip(json!({"b": 2, "a": 1}));
    assert_eq!(counts.keys().collect::<Vec<_>>(), ["a", "b"]);
    let labels: Labels = roundtrip(json!({"name": "n", "x": [1], "y": {"z": null}}));
    assert_eq!(labels.name, "n");
    assert_eq!(labels.additional_properties.len(), 2);
    assert_eq!(labels.additional_properties["x"], json!([1]));
    let typed: Typed = roundtrip(json!({"name": "n", "k": "v"}));
    assert_eq!(typed.additional_properties["k"], "v");
    assert!(!typed.additional_properties.contains_key("name"));
    assert!(serde_json::from_value::<Typed>(json!({"k": 1})).is_err());
    let nested: Nested = roundtrip(json!({"groups": {"g": ["a", "b"]}}));
    assert_eq!(nested.groups.unwrap()["g"], ["a", "b"]);
}

#[test]
fn free_form() {
    use free_form::types::{Anything, Bag, Event};
    let any: Anything = roundtrip(json!([1, "two", {"three": null}]));
    assert!(any.is_array());
    let bag: Bag = roundtrip(json!({"k": [true]}));
    assert_eq!(bag["k"], json!([true]));
    assert!(serde_json::from_value::<Bag>(json!([1])).is_err());
    let event: Event =
        roundtrip(json!({"name": "e", "payload": 5, "meta": {"m": 1}, "list": [null, {}]}));
    assert_eq!(event.payload, json!(5));
    assert_eq!(event.list.unwrap().len(), 2);
}

#[test]
fn formats() {
    use formats::types::Sample;
    let sample: Sample = roundtrip(json!({
        "at": "2024-05-06T07:08:09Z",
        "day": "2024-05-06",
        "id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "small": -2147483648i64,
        "big": 9007199254740993i64,
        "ratio": 0.5,
        "precise": 0.1,
        "raw": "aGVsbG8=",
        "flag": true,
        "plain": 1,
        "email": "a@example.com",
        "counter": 18446744073709551615u64,
    }));
    assert_eq!(sample.counter, Some(u64::MAX));
    assert_eq!(sample.small, i32::MIN);
    assert_eq!(sample.big, 9_007_199_254_740_993);
    assert_eq!(sample.day.to_string(), "2024-05-06");
    assert_eq!(sample.id.get_version_num(), 4);
    assert_eq!(sample.at.timestamp(), 1_714_979_289);
    // Types are enforced: an int32 out of range and a bad date are errors.
    let mut bad = serde_json::to_value(&sample).unwrap();
    bad["small"] = json!(2147483648i64);
    assert!(serde_json::from_value::<Sample>(bad).is_err());
    let mut bad = serde_json::to_value(&sample).unwrap();
    bad["day"] = json!("2024-13-01");
    assert!(serde_json::from_value::<Sample>(bad).is_err());
    let mut bad = serde_json::to_value(&sample).unwrap();
    bad["id"] = json!("not-a-uuid");
    assert!(serde_json::from_value::<Sample>(bad).is_err());
    let mut bad = serde_json::to_value(&sample).unwrap();
    bad["counter"] = json!(-1);
    assert!(serde_json::from_value::<Sample>(bad).is_err());
    // The spec's default, past i64::MAX, is the accessor's.
    let absent: Sample = serde_json::from_value(json!({
        "at": "2024-05-06T07:08:09Z", "day": "2024-05-06",
        "id": "67e55044-10b1-426f-9247-bb680e5fe0c8", "small": 1, "big": 2, "ratio": 0.5,
        "precise": 0.1, "raw": "", "flag": false, "plain": 1,
    }))
    .unwrap();
    assert_eq!(absent.counter_or_default(), u64::MAX);
}

#[test]
fn decimal_is_exact_and_a_json_number() {
    use decimal::types::Invoice;
    let value = json!({
        "total": 1350.1,
        "discount": 0.1,
        "lines": [0.1, 0.2, 12345678.91],
        "taxes": {"vat": 0.2},
        "alias": 99.99,
        "tip": 0.3,
        "refunds": [1.5],
        "credit": null,
    });
    let invoice: Invoice = roundtrip(value);
    assert_eq!(invoice.total, dec("1350.10"));
    assert_eq!(invoice.lines[0] + invoice.lines[1], dec("0.3"));
    assert_eq!(invoice.discount.unwrap() + invoice.taxes["vat"], dec("0.3"));
    assert_eq!(invoice.lines[2], dec("12345678.91"));
    assert_eq!(invoice.alias, dec("99.99"));
    assert_eq!(invoice.tip, Some(dec("0.3")));
    assert_eq!(invoice.refunds, Some(vec![dec("1.5")]));
    assert_eq!(invoice.credit, Some(None));
    // Absent optional decimals stay absent; a set nullable one is a number.
    let minimal: Invoice = roundtrip(json!({
        "total": 1.5, "lines": [], "taxes": {}, "alias": 2.5, "credit": 0.25
    }));
    assert_eq!(minimal.discount, None);
    assert_eq!(minimal.credit, Some(Some(dec("0.25"))));
    // Integers are written as JSON numbers (as floats: 450 comes back as 450.0).
    let mut integral = minimal;
    integral.total = dec("450");
    let written = serde_json::to_value(integral).unwrap();
    assert!(written["total"].is_number(), "{written}");
    assert_eq!(written["total"].as_f64(), Some(450.0));
    assert!(written["alias"].is_number());
    assert!(written["credit"].is_number());
    // Written with the decimal's own digits: 17 significant digits survive, where a trip
    // through f64 would send 123456789012345.67 as 123456789012345.67 ± a few cents.
    let big = Invoice::new(
        dec("123456789012345.67"),
        vec![dec("-98765432109876.54")],
        [("vat".to_string(), dec("0.0000000000000000001"))].into(),
        dec("10.50"),
    )
    .with_tip(dec("99999999999999.99"))
    .with_refunds(vec![dec("1.10")])
    .with_credit(Some(dec("12345678901234.56")));
    let text = serde_json::to_string(&big).unwrap();
    for exact in [
        r#""total":123456789012345.67"#,
        r#""lines":[-98765432109876.54]"#,
        r#""vat":0.0000000000000000001"#,
        r#""alias":10.50"#,
        r#""tip":99999999999999.99"#,
        r#""refunds":[1.10]"#,
        r#""credit":12345678901234.56"#,
    ] {
        assert!(text.contains(exact), "{exact} not in {text}");
    }
}

#[test]
fn nested_decimals_are_json_numbers() {
    use decimal::types::Nested;
    let nested: Nested = roundtrip(json!({"matrix": [[0.1, 0.2]], "sparse": [0.5, null]}));
    assert_eq!(nested.matrix[0][0] + nested.matrix[0][1], dec("0.3"));
    assert_eq!(nested.sparse, vec![Some(dec("0.5")), None]);
    let full: Nested = roundtrip(json!({
        "matrix": [],
        "sparse": [],
        "ledger": {"q1": [10.05, 0.1], "q2": []},
        "adjustments": [-0.01],
    }));
    assert_eq!(full.ledger.unwrap()["q1"][0], dec("10.05"));
    assert_eq!(full.adjustments, Some(Some(vec![dec("-0.01")])));
    let null: Nested = roundtrip(json!({"matrix": [], "sparse": [], "adjustments": null}));
    assert_eq!(null.adjustments, Some(None));
    let absent: Nested = roundtrip(json!({"matrix": [], "sparse": []}));
    assert_eq!(absent.adjustments, None);
    assert_eq!(absent.ledger, None);
}

#[test]
fn recursion_uses_boxes() {
    use recursion::types::{File, Folder, Node, Tree};
    let node: Node = roundtrip(json!({
        "value": 1,
        "next": {"value": 2, "next": {"value": 3}},
        "children": [{"value": 4, "children": []}],
    }));
    let third = node.next.as_ref().unwrap().next.as_ref().unwrap();
    assert_eq!(third.value, 3);
    assert_eq!(node.children.as_ref().unwrap()[0].value, 4);
    let folder: Folder = roundtrip(json!({
        "name": "root",
        "files": [{"name": "f", "parent": {"name": "root", "files": []}}],
    }));
    let file: &File = &folder.files.as_ref().unwrap()[0];
    assert_eq!(file.parent.as_ref().unwrap().name, "root");
    let tree: Tree = roundtrip(json!([[], [[]]]));
    assert_eq!(tree.0.len(), 2);
    assert_eq!(tree.0[1].0[0].0.len(), 0);
    // Deep values do not need a deep stack to build or compare.
    let mut deep = Node::new(0);
    // A box's setter takes the value itself, or a box it already has.
    for i in 1..100 {
        deep = if i % 2 == 0 {
            Node::new(i).with_next(deep)
        } else {
            Node::new(i).with_next(Box::new(deep))
        };
    }
    assert_eq!(deep.next.as_ref().unwrap().value, 98);
    let back: Node = serde_json::from_value(serde_json::to_value(&deep).unwrap()).unwrap();
    assert_eq!(back, deep);
}

#[test]
fn naming_keeps_wire_names() {
    use naming::types::{
        ErrorModel, Keywords, OptionModel, ResultModel, UserProfile, UserProfile2,
    };
    let value = json!({
        "type": "t", "self": "s", "$ref": "r", "123abc": "n", "a-b": "ab", "": "empty",
        "userId": 1, "user_id": 2, "UserID": 3, "crate": true,
    });
    let k: Keywords = roundtrip(value);
    assert_eq!(
        (k.r#type.as_str(), k.self_.as_str(), k.r#ref.as_deref()),
        ("t", "s", Some("r"))
    );
    assert_eq!(k.field_123abc.as_deref(), Some("n"));
    assert_eq!(k.a_b.as_deref(), Some("ab"));
    assert_eq!(k.field.as_deref(), Some("empty"));
    // `user_id` is spelled as Rust already; the others number by wire name (`UserID` < `userId`).
    assert_eq!(
        (k.user_id, k.user_id_2, k.user_id_3),
        (Some(2), Some(3), Some(1))
    );
    assert_eq!(k.crate_, Some(true));
    // The schema spelled `UserProfile` keeps the name; `user-profile` is numbered.
    let profile: UserProfile2 =
        roundtrip(json!({"option": {"value": "v"}, "error": {"message": "m"}}));
    assert_eq!(
        profile.option,
        Some(OptionModel::new().with_value("v".into()))
    );
    assert_eq!(
        profile.error,
        Some(ErrorModel::new().with_message("m".into()))
    );
    let results: ResultModel = roundtrip(json!([{}, {"value": "x"}]));
    assert_eq!(results.len(), 2);
    // `a` and `A`, `""` and `self` are distinct variants.
    assert_eq!(roundtrip::<UserProfile>(json!("A")), UserProfile::A);
    assert_eq!(roundtrip::<UserProfile>(json!("a")), UserProfile::A2);
    assert_eq!(roundtrip::<UserProfile>(json!("")), UserProfile::Empty);
    assert_eq!(
        roundtrip::<UserProfile>(json!("self")),
        UserProfile::SelfValue
    );
    // The std names are not shadowed in the generated module.
    let _: Option<Result<(), std::io::Error>> = None;
}

#[test]
fn inline_schemas_are_hoisted() {
    use inline_hoisting::types::{Order, OrderCustomer, OrderLinesItemKind, OrderState};
    let order: Order = roundtrip(json!({
        "customer": {"name": "c", "address": {"city": "Berlin"}},
        "state": "open",
        "lines": [{"sku": "s", "kind": "digital"}, {"sku": "t", "kind": "gift"}],
    }));
    let customer: &OrderCustomer = &order.customer;
    assert_eq!(
        customer.address.as_ref().unwrap().city.as_deref(),
        Some("Berlin")
    );
    assert_eq!(order.state, Some(OrderState::Open));
    let lines = order.lines.unwrap();
    assert_eq!(lines[0].kind, Some(OrderLinesItemKind::Digital));
    assert_eq!(
        lines[1].kind,
        Some(OrderLinesItemKind::Other("gift".into()))
    );
}

#[test]
#[allow(deprecated)]
fn defaults_docs() {
    use defaults_docs::types::Thing;
    use defaults_docs::types::{Mode, ThingLevel};
    let thing: Thing = roundtrip(json!({"name": "y", "count": 7, "required_with_default": "r"}));
    assert_eq!(thing.count, Some(7));
    assert_eq!(thing.count_or_default(), 7);
    assert_eq!(thing.name_or_default(), "y");
    // Absent fields stay absent on the wire; the accessors give the spec's defaults.
    let empty: Thing = roundtrip(json!({"required_with_default": "r"}));
    assert_eq!(empty.count, None);
    assert_eq!(empty.count_or_default(), 3);
    assert_eq!(empty.name_or_default(), "x */");
    assert!(empty.enabled_or_default());
    assert_eq!(empty.ratio_or_default(), 0.25);
    assert_eq!(empty.fee_or_default(), Decimal::from_str("12.50").unwrap());
    assert_eq!(empty.retries_or_default(), -2);
    assert_eq!(empty.level_or_default(), ThingLevel::High);
    let set: Thing = roundtrip(json!({"required_with_default": "r", "level": "low", "fee": 0.1}));
    assert_eq!(set.level_or_default(), ThingLevel::Low);
    assert_eq!(set.fee_or_default(), Decimal::from_str("0.1").unwrap());
    // A default on the referenced schema documents that schema; the property has none of its own.
    assert_eq!(empty.mode, None::<Mode>);
    assert_eq!(
        defaults_docs::client::DEFAULT_USER_AGENT,
        "Docs */ and \"quotes\"/1 (generated client)"
    );
}

#[test]
fn multipart_form_is_typed() {
    use multipart::runtime::FilePart;
    use multipart::types::{UploadDocumentForm, UploadDocumentFormMeta};
    let form = UploadDocumentForm::new("t".into())
        .with_file(FilePart::new(&b"%PDF"[..]).file_name("a.pdf"))
        .with_items(vec![1, 2])
        .with_meta(UploadDocumentFormMeta::new().with_k("v".into()));
    let file: &Option<FilePart> = &form.file;
    assert_eq!(file.as_ref().unwrap().len(), 4);
    assert_eq!(file.as_ref().unwrap().file_name.as_deref(), Some("a.pdf"));
    let meta: UploadDocumentFormMeta = roundtrip(json!({"k": "v"}));
    assert_eq!(form.meta, Some(meta));
    // Every part but `title` is optional.
    let minimal = UploadDocumentForm::new("t".into());
    assert!(minimal.file.is_none() && minimal.items.is_none());
}

#[test]
fn query_params() {
    use query_params::runtime::{query_pairs, QueryStyle};
    use query_params::types::SearchFilter;
    let filter: SearchFilter = roundtrip(json!({"min": 1, "max": 5}));
    assert_eq!((filter.min, filter.max), (Some(1), Some(5)));
    let pairs = |value: Value, style, explode| {
        let mut out = Vec::new();
        query_pairs(&mut out, "p", &value, style, explode);
        out.into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(pairs(json!([1, 2]), QueryStyle::Form, true), ["p=1", "p=2"]);
    assert_eq!(pairs(json!(["a", "b"]), QueryStyle::Form, false), ["p=a,b"]);
    assert_eq!(
        pairs(json!(["a", "b"]), QueryStyle::SpaceDelimited, false),
        ["p=a b"]
    );
    assert_eq!(
        pairs(json!(["a", "b"]), QueryStyle::PipeDelimited, false),
        ["p=a|b"]
    );
    // Key order depends on serde_json's `preserve_order`, which workspace feature unification may
    // switch on; compare as sets.
    let mut deep = pairs(json!({"min": 1, "max": 5}), QueryStyle::DeepObject, true);
    deep.sort();
    assert_eq!(deep, ["p[max]=5", "p[min]=1"]);
}

#[test]
fn responses() {
    use responses::client::{ErrorBody, GetJobSuccess};
    use responses::types::{Job, Problem, Progress};
    let job: Job = roundtrip(json!({"id": "j"}));
    let progress: Progress = roundtrip(json!({"percent": 50}));
    let problem: Problem = roundtrip(json!({"title": "bad", "status": 400}));
    let outcomes = [
        GetJobSuccess::Success(job),
        GetJobSuccess::Accepted(progress),
        GetJobSuccess::NoContent,
    ];
    assert!(matches!(&outcomes[1], GetJobSuccess::Accepted(p) if p.percent == 50));
    let ErrorBody::Problem(p) = ErrorBody::Problem(problem) else {
        panic!("a Problem body is the Problem variant");
    };
    assert_eq!(p.status, Some(400));
}

#[test]
fn form_urlencoded() {
    use form_urlencoded::types::{Token, TokenRequest, TokenRequestGrantType};
    let request: TokenRequest =
        roundtrip(json!({"grant_type": "client_credentials", "scope": "a b"}));
    assert_eq!(request.grant_type, TokenRequestGrantType::ClientCredentials);
    let token: Token = roundtrip(json!({"access_token": "t", "expires_in": 3600}));
    assert_eq!(token.expires_in, 3600);
}

#[test]
fn no_operation_id() {
    use no_operation_id::types::User;
    let user: User = roundtrip(json!({"name": "u"}));
    assert_eq!(user.name, "u");
    // The client methods are named from method + path.
    let client = no_operation_id::client::Client::builder()
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    drop(client.get_users());
    drop(client.post_users(&user));
    drop(client.delete_users_by_user_id_avatar_image("u1"));
}

#[test]
fn swagger2_definitions_are_the_types() {
    use swagger2_components::types::{ErrorModel, Pet, Tag};
    let pet: Pet = roundtrip(json!({"name": "Rex", "tag": "dog", "id": 7}));
    assert_eq!(pet.tag, Some(Tag::Dog));
    let error: ErrorModel = roundtrip(json!({"code": 404, "message": "gone"}));
    assert_eq!(error.code, 404);
}

#[test]
fn swagger2_discriminator_dispatches_on_the_definition_name() {
    use swagger2_schemas::types::{Animal, Zoo};
    let zoo: Zoo = roundtrip(json!({
        "animals": [
            {"kind": "Lion", "name": "Leo", "maneLength": 0.5},
            {"kind": "Penguin", "name": "Pingu", "canSwim": true},
            {"kind": "Animal", "name": "Generic"},
            {"kind": "Dodo", "name": "Dodo"},
        ],
        "keeper": null,
        "closedOn": null,
        "mascot": null,
    }));
    assert!(matches!(&zoo.animals[0], Animal::Lion(l) if l.mane_length == Some(0.5)));
    assert!(matches!(&zoo.animals[1], Animal::Penguin(p) if p.can_swim));
    assert!(matches!(&zoo.animals[2], Animal::AnimalBase(a) if a.name == "Generic"));
    assert!(matches!(&zoo.animals[3], Animal::Other(_)));
    // `x-nullable` on a required property: present and null is `None`; `x-isnullable` and
    // `x-nullable` beside a `$ref` on optional ones keep null apart from absent.
    assert_eq!(zoo.keeper, None);
    assert_eq!(zoo.closed_on, Some(None));
    assert_eq!(zoo.mascot, Some(None));
    let absent: Zoo = roundtrip(json!({"animals": [], "keeper": "Ada"}));
    assert_eq!(absent.closed_on, None);
    assert_eq!(absent.keeper.as_deref(), Some("Ada"));
}

/// The issue's amounts: rust_decimal's largest, its smallest step, a 28-digit negative one.
const EXACT: [&str; 3] = [
    "79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "-12345678901234567890.12345678",
];

#[test]
fn decimals_are_read_and_written_with_every_digit_at_every_depth() {
    use decimal::types::{Amount, Invoice, Ledger, Order, Payment};
    for amount in EXACT {
        // Struct field, Vec, map field, Option, nullable Option.
        let text = format!(
            r#"{{"total":{amount},"lines":[{amount},1],"taxes":{{"vat":{amount}}},"alias":{amount},"tip":{amount},"credit":{amount}}}"#
        );
        let invoice: Invoice = serde_json::from_str(&text).unwrap();
        assert_eq!(invoice.total.to_string(), amount);
        assert_eq!(invoice.lines[0].to_string(), amount);
        assert_eq!(invoice.taxes["vat"].to_string(), amount);
        assert_eq!(invoice.credit, Some(Some(dec(amount))));
        let back = serde_json::to_string(&invoice).unwrap();
        assert!(back.contains(&format!(r#""total":{amount}"#)), "{back}");
        assert!(back.contains(&format!(r#""vat":{amount}"#)), "{back}");
        assert!(back.contains(&format!(r#""credit":{amount}"#)), "{back}");

        // Untagged union, discriminated union (a struct and a map inside it), flattened map.
        let text = format!(
            r#"{{"payment":{{"kind":"card","amount":{amount},"fees":[{amount}]}},"amounts":[{amount},"n/a"],"ledger":{{"name":"l","opening":{amount},"extra":{amount}}}}}"#
        );
        let order: Order = serde_json::from_str(&text).unwrap();
        let Payment::Card(card) = &order.payment else {
            panic!("a card payment: {:?}", order.payment);
        };
        assert_eq!(card.amount.to_string(), amount);
        assert_eq!(card.fees.as_ref().unwrap()[0].to_string(), amount);
        let amounts = order.amounts.as_ref().unwrap();
        assert_eq!(amounts[0], Amount::Number(dec(amount)));
        assert_eq!(amounts[1], Amount::String("n/a".into()));
        let ledger: &Ledger = order.ledger.as_ref().unwrap();
        assert_eq!(ledger.opening, Some(dec(amount)));
        assert_eq!(ledger.additional_properties["extra"].to_string(), amount);
        // Byte for byte back: the same keys in the same order, the same digits.
        assert_eq!(serde_json::to_string(&order).unwrap(), text);

        let cash: Payment = serde_json::from_str(&format!(
            r#"{{"kind":"cash","amounts":{{"eur":{amount}}}}}"#
        ))
        .unwrap();
        let Payment::Cash(cash) = cash else {
            panic!("a cash payment")
        };
        assert_eq!(cash.amounts["eur"].to_string(), amount);
    }
}

#[test]
fn decimal_exponents_are_applied_exactly() {
    use decimal::types::{Amount, Invoice};
    for (text, exact) in [
        ("1e3", "1000"),
        ("1E+3", "1000"),
        ("2.5e-3", "0.0025"),
        ("-1.25E2", "-125"),
        (
            "7922816251426433759354395033.5e1",
            "79228162514264337593543950335",
        ),
    ] {
        let json = format!(r#"{{"total":{text},"lines":[],"taxes":{{}},"alias":0}}"#);
        let invoice: Invoice = serde_json::from_str(&json).unwrap();
        assert_eq!(invoice.total, dec(exact), "{text}");
        assert_eq!(invoice.total.to_string(), exact, "{text}");
        let amount: Amount = serde_json::from_str(text).unwrap();
        assert_eq!(amount, Amount::Number(dec(exact)), "{text}");
    }
}

#[test]
fn a_number_a_decimal_cannot_hold_is_an_error_naming_the_field() {
    use decimal::types::{Invoice, Order};
    for (number, why) in [
        ("79228162514264337593543950336", "significant digits"),
        ("1e29", "significant digits"),
        ("0.00000000000000000000000000001", "decimal places"),
        ("123456789012345678901234567890.5", "significant digits"),
    ] {
        let json = format!(r#"{{"total":{number},"lines":[],"taxes":{{}},"alias":0}}"#);
        let error = decimal::runtime::decode_json::<Invoice>(json.as_bytes()).unwrap_err();
        assert!(error.starts_with("total: "), "{error}");
        assert!(error.contains(number) && error.contains(why), "{error}");
        // Deeper: a list inside a map inside a struct.
        let json = format!(r#"{{"total":1,"lines":[1,{number}],"taxes":{{}},"alias":0}}"#);
        let error = decimal::runtime::decode_json::<Invoice>(json.as_bytes()).unwrap_err();
        assert!(error.starts_with("lines[1]: "), "{error}");
        // Inside a union the failing variant names its field.
        let json = format!(r#"{{"payment":{{"kind":"card","amount":{number}}}}}"#);
        let error = decimal::runtime::decode_json::<Order>(json.as_bytes()).unwrap_err();
        assert!(error.starts_with("payment: "), "{error}");
        assert!(error.contains(number), "{error}");
    }
    // Trailing zeros beyond 28 places carry no value: read, not refused.
    let json = r#"{"total":1.00000000000000000000000000000000,"lines":[],"taxes":{},"alias":0}"#;
    let invoice: Invoice = serde_json::from_str(json).unwrap();
    assert_eq!(invoice.total, dec("1"));
}

#[test]
fn string_decimals_are_read_and_written_as_strings_with_every_digit() {
    use decimal::types::{Price, Quote};
    for amount in EXACT {
        let text = format!(
            r#"{{"unit":"{amount}","tiers":["{amount}","1.50"],"discount":null,"byRegion":{{"eu":"{amount}"}},"quote":"{amount}"}}"#
        );
        let price: Price = serde_json::from_str(&text).unwrap();
        assert_eq!(price.unit.to_string(), amount);
        assert_eq!(price.tiers.as_ref().unwrap()[1].to_string(), "1.50");
        assert_eq!(price.discount, Some(None));
        assert_eq!(price.by_region.as_ref().unwrap()["eu"].to_string(), amount);
        assert_eq!(price.quote, Some(Quote::Number(dec(amount))));
        // Byte for byte back: strings stay strings, with the same digits.
        assert_eq!(serde_json::to_string(&price).unwrap(), text);
    }
    // The spec's default, a string, is the accessor's.
    let minimal: Price = serde_json::from_str(r#"{"unit":"1"}"#).unwrap();
    assert_eq!(minimal.fallback_or_default(), dec("0.50"));
    // A number where the spec says a string is refused, naming the field; in the union it is the
    // other member.
    let error = decimal::runtime::decode_json::<Price>(br#"{"unit":12.5}"#).unwrap_err();
    assert!(error.starts_with("unit: "), "{error}");
    assert!(
        error.contains("expected a decimal in a JSON string"),
        "{error}"
    );
    assert_eq!(
        serde_json::from_str::<Quote>("3").unwrap(),
        Quote::Integer(3)
    );
    // And a string is not a number decimal either: an untagged union of a number decimal and a
    // string reads a numeric string as the string.
    assert_eq!(
        serde_json::from_str::<decimal::types::Amount>(r#""12.5""#).unwrap(),
        decimal::types::Amount::String("12.5".into())
    );
}
