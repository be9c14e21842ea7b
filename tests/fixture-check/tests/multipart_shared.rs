//! A component that is both a multipart body and a JSON response (`tests/fixtures/
//! multipart_shared.yaml`): the form the client sends has every member's parts and no read-only
//! one, and the JSON it gets back is the typed union.

use fixture_check::multipart_shared::types::{MenuItem, MenuItemForm, Topping};
use fixture_check::multipart_shared::{Client, FilePart};
use serde_json::json;
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn a_form_is_sent_and_the_same_component_comes_back_as_json() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::method("POST"))
        .and(wiremock::matchers::path("/menu"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "id": "prd_1", "name": "Brownie", "category": "dessert", "calories": 420,
        })))
        .mount(&server)
        .await;
    let client = Client::builder().base_url(server.uri()).build().unwrap();
    let form = MenuItemForm::new("Brownie".into(), "dessert".into())
        .with_calories(420)
        .with_topping(Topping::Caramel)
        .with_extras(vec![Topping::Chocolate, Topping::Caramel])
        .with_photo(FilePart::new(&b"\x89PNG"[..]).file_name("brownie.png"));
    let created = client.create_menu_item(form).await.unwrap();
    match created {
        MenuItem::Dessert(dessert) => {
            assert_eq!(dessert.id.as_deref(), Some("prd_1"));
            assert_eq!(dessert.calories, Some(420));
        }
        other => panic!("expected a dessert, got {other:?}"),
    }

    let got = server.received_requests().await.unwrap();
    let body = String::from_utf8_lossy(&got[0].body).into_owned();
    let part = |name: &str, value: &str| {
        format!("content-disposition: form-data; name=\"{name}\"\r\ncontent-type: text/plain\r\n\r\n{value}\r\n")
    };
    let lower = body.to_ascii_lowercase();
    for (name, value) in [
        ("name", "brownie"),
        ("category", "dessert"),
        ("calories", "420"),
        // A named string enum is text, not the JSON string `"caramel"`; each array item one part.
        ("topping", "caramel"),
        ("extras", "chocolate"),
        ("extras", "caramel"),
    ] {
        assert!(
            lower.contains(&part(name, value)),
            "no `{name}` part in:\n{body}"
        );
    }
    assert!(
        lower.contains("name=\"photo\"; filename=\"brownie.png\"\r\ncontent-type: image/png"),
        "{body}"
    );
    assert!(!body.contains("\"caramel\""), "{body}");
    // `id` is read-only: the form has no such part, and `volume` was not set.
    assert!(!lower.contains("name=\"id\""), "{body}");
    assert!(!lower.contains("name=\"volume\""), "{body}");
}
