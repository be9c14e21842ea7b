//! Specs split across files (`tests/fixtures/multi_file.yaml` and the files beside it) and `$ref`s
//! to any JSON pointer (`tests/fixtures/pointer_refs.yaml`), operations and whole maps of
//! named entries in files of their own (`split_operations.yaml`, `split_maps.yaml`): the generated client talks HTTP to a
//! wiremock server, and the types round-trip JSON.

use fixture_check::{multi_file, pointer_refs, split_maps, split_operations};
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_split_spec_gives_one_client_over_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(query_param("limit", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"id": 1, "name": "Rex", "kind": "dog",
             "family": {"root": {"name": "Rex", "children": [{"name": "Pup"}]}}},
            {"id": 2, "name": "Tom", "kind": "cat", "owner": {"name": "Ann"}},
        ])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets/p%2F1"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"title": "no such pet", "status": 404})),
        )
        .mount(&server)
        .await;
    let client = multi_file::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();

    // The path item, its parameter, the schemas (whole files, one of them reached by two
    // relative paths) and the cycle across files all come from other files.
    let pets: Vec<multi_file::types::Pet> = client.list_pets().limit(2).await.unwrap();
    assert_eq!(pets.len(), 2);
    assert_eq!(pets[0].kind, Some(multi_file::types::Kind::Dog));
    let family = pets[0].family.as_ref().unwrap();
    let root: &multi_file::types::Node = family.root.as_deref().unwrap();
    assert_eq!(root.children.as_ref().unwrap()[0].name, "Pup");
    assert_eq!(pets[1].owner.as_ref().unwrap().name, "Ann");

    // The error response lives in a JSON file referred to from YAML; its schema is a pointer
    // within that file.
    let error = client.get_pet("p/1").await.unwrap_err();
    assert_eq!(error.status(), Some(404));
    match error {
        multi_file::Error::Api { body, .. } => match *body {
            multi_file::ErrorBody::Problem(problem) => {
                assert_eq!(problem.title, "no such pet");
                assert_eq!(problem.status, Some(404));
            }
            other => panic!("expected the typed Problem body, got {other:?}"),
        },
        other => panic!("expected the typed Problem body, got {other:?}"),
    }
}

#[test]
fn pointers_into_schemas_reuse_their_types() {
    use pointer_refs::types::{BaseAllOf0, CreateThingBody, PetOwner, Thing};
    let thing: Thing = serde_json::from_value(json!({
        "base": {"id": "t1"},
        "extra": {"created": "2026-12-01T10:00:00Z"},
    }))
    .unwrap();
    let base: &BaseAllOf0 = &thing.base;
    assert_eq!(base.id, "t1");
    assert!(thing.extra.unwrap().created.is_some());

    // `#/components/schemas/Pet/properties/owner` is the type `Pet.owner` has.
    let body: CreateThingBody =
        serde_json::from_value(json!({"name": "n", "owner": {"email": "a@b.c"}})).unwrap();
    let owner: Option<PetOwner> = body.owner.clone();
    let pet: pointer_refs::types::Pet =
        serde_json::from_value(json!({"name": "n", "owner": {"email": "a@b.c"}})).unwrap();
    assert_eq!(pet.owner, owner);
    // A pointer to a plain string keeps it a string where it was defined.
    let name: &String = &pet.name;
    assert_eq!(name, "n");
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"name": "n", "owner": {"email": "a@b.c"}})
    );
}

#[test]
fn pointers_into_a_file_that_refers_to_itself_share_its_types() {
    use multi_file::types::{ReplaceRouteBody, Route, RouteHopsItems, RouteScheme};
    let route: Route = serde_json::from_value(json!({
        "scheme": "https",
        "hops": [{"scheme": "http", "host": "a"}],
    }))
    .unwrap();
    // The hop's `$ref: '#/properties/scheme'`, inside the file, is the file's own enum, not
    // untyped JSON; and the body's copy of `hops` has the same item type as the route's.
    let hops: Vec<RouteHopsItems> = route.hops.clone().unwrap();
    assert_eq!(hops[0].scheme, Some(RouteScheme::Http));
    let body = ReplaceRouteBody::new()
        .with_scheme(route.scheme.clone())
        .with_hops(hops);
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"scheme": "https", "hops": [{"scheme": "http", "host": "a"}]})
    );
}

#[tokio::test]
async fn a_response_by_pointer_into_another_operation_is_typed_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/things"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"reason": "expired"})))
        .mount(&server)
        .await;
    let client = pointer_refs::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    let body: pointer_refs::types::CreateThingBody =
        serde_json::from_value(json!({"name": "n"})).unwrap();
    let error = client.create_thing(&body).await.unwrap_err();
    assert_eq!(error.status(), Some(401));
    let rendered = format!("{error:?}");
    // The 401 of `createThing` is the 401 of `listThings`, one type.
    assert!(rendered.contains("ListThingsResponse401"), "{rendered}");
    assert!(rendered.contains("expired"), "{rendered}");
}

#[test]
fn openapi_3_1_defs_anchors_and_ids_are_types() {
    use fixture_check::openapi31_refs::types::{Address, Money, Order, OrderLine};
    let order: Order = serde_json::from_value(json!({
        "id": "o1",
        "lines": [{"sku": "s", "quantity": 2}],
        "address": {"city": "Oslo"},
        "money": {"amount": "1.50"},
    }))
    .unwrap();
    // `$defs/Line`, a `$anchor` and an absolute `$id` each name the schema they point at.
    let line: &OrderLine = &order.lines[0];
    assert_eq!(line.quantity, Some(2));
    let address: &Address = order.address.as_ref().unwrap();
    assert_eq!(address.city.as_deref(), Some("Oslo"));
    let money: &Money = order.money.as_ref().unwrap();
    assert_eq!(money.amount, "1.50");
}

#[test]
fn openapi_3_1_recursive_and_dynamic_refs_are_the_types_they_name() {
    use fixture_check::openapi31_refs::types::{Filter, FilterFiltersItem, FilterOp, Tree};
    // `$recursiveRef: '#'` inside `Filter` is `Filter` itself: filters of filters.
    let wire = json!({
        "op": "and",
        "filters": [
            {"key": "status", "value": "paid"},
            {"op": "or", "filters": [{"key": "currency", "value": "EUR"}]},
        ],
    });
    let filter: Filter = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(filter.op, FilterOp::And);
    assert!(matches!(&filter.filters[0], FilterFiltersItem::Comparison(c) if c.key == "status"));
    let FilterFiltersItem::Filter(inner) = &filter.filters[1] else {
        panic!("the second filter is a filter: {:?}", filter.filters[1]);
    };
    let inner: &Filter = inner;
    assert_eq!(inner.op, FilterOp::Or);
    assert_eq!(serde_json::to_value(&filter).unwrap(), wire);
    // `$dynamicRef: '#node'` is the `$dynamicAnchor: node` schema, `Tree`.
    let tree: Tree = serde_json::from_value(json!({
        "label": "root",
        "children": [{"label": "leaf", "children": []}],
    }))
    .unwrap();
    let children: &Vec<Tree> = tree.children.as_ref().unwrap();
    assert_eq!(children[0].label, "leaf");
}

#[tokio::test]
async fn operations_in_files_of_their_own_give_one_client_over_the_wire() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/orders"))
        .and(query_param("schema", "shop"))
        .and(query_param("limit", "5"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!([{"id": "o1", "item": "tea", "quantity": 2}])),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/orders"))
        .and(wiremock::matchers::body_json(json!({"item": "tea"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "o2", "item": "tea"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/orders/o3"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"title": "no order o3", "status": 404})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/orders"))
        .and(wiremock::matchers::body_json(json!({"item": "cake"})))
        .respond_with(ResponseTemplate::new(409).set_body_json(json!({"existing": "o1"})))
        .mount(&server)
        .await;
    let client = split_operations::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();

    // The parameter component called `schema` is a parameter, not a schema keyword.
    let orders = client.list_orders("shop").limit(5).await.unwrap();
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].item, "tea");
    assert_eq!(orders[0].quantity, Some(2));
    let placed = client
        .create_order(&split_operations::types::NewOrder::new("tea".into()))
        .await
        .unwrap();
    assert_eq!(placed.id, "o2");
    // Responses written as a `$ref` to a schema file are that schema as JSON: one reached also
    // as a schema (`Problem`), one only from a response (`Conflict`, named after its file).
    let missing = client.get_order("o3").await.unwrap_err();
    assert_eq!(missing.status(), Some(404));
    match missing {
        split_operations::Error::Api { body, .. } => match *body {
            split_operations::ErrorBody::Problem(problem) => {
                assert_eq!(problem.title, "no order o3");
                assert_eq!(problem.status, Some(404));
            }
            other => panic!("expected the typed Problem body, got {other:?}"),
        },
        other => panic!("expected the typed Problem body, got {other:?}"),
    }
    let conflict = client
        .create_order(&split_operations::types::NewOrder::new("cake".into()))
        .await
        .unwrap_err();
    match conflict {
        split_operations::Error::Api { body, .. } => match *body {
            split_operations::ErrorBody::Conflict(conflict) => assert_eq!(conflict.existing, "o1"),
            other => panic!("expected the typed Conflict body, got {other:?}"),
        },
        other => panic!("expected the typed Conflict body, got {other:?}"),
    }
}

#[tokio::test]
async fn maps_of_paths_parameters_and_schemas_in_files_of_their_own_give_one_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/books"))
        .and(query_param("limit", "3"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            {"title": "Emma", "author": {"name": "Austen"}},
            {"title": "Beowulf"},
        ])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/books"))
        .and(query_param("limit", "0"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"title": "limit is 0"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/books/b1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"title": "Emma"})))
        .mount(&server)
        .await;
    let client = split_maps::Client::builder()
        .base_url(server.uri())
        .build()
        .unwrap();

    // `paths` and `components.parameters` are each a `$ref` to a file; the schemas are named in
    // an index file that points each one to a file of its own, and keep those names.
    let books: Vec<split_maps::types::Book> = client.list_books().limit(3).await.unwrap();
    let author: &split_maps::types::Author = books[0].author.as_ref().unwrap();
    assert_eq!(author.name.as_deref(), Some("Austen"));
    assert_eq!(books[1].title, "Beowulf");
    // The path item in a file of its own, reached through the paths file.
    let book = client.get_book("b1").await.unwrap();
    assert_eq!(book.title, "Emma");
    // The component written beside the schemas' `$ref` is kept, and is the error body.
    let error = client.list_books().limit(0).await.unwrap_err();
    match error {
        split_maps::Error::Api { body, .. } => match *body {
            split_maps::ErrorBody::Problem(problem) => {
                assert_eq!(problem.title.as_deref(), Some("limit is 0"))
            }
            other => panic!("expected the typed Problem body, got {other:?}"),
        },
        other => panic!("expected the typed Problem body, got {other:?}"),
    }
}
