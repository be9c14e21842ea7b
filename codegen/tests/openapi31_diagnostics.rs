//! Diagnostics on an OpenAPI 3.1 document point at its own pointers and lines, although the
//! document is normalised into the 3.0 model (webhooks moved, unions rewritten) before it is read.

const SPEC: &str = r#"openapi: 3.1.0
info: {title: t, version: "1"}
webhooks:
  ping:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                count:
                  type: integer
                  minimum: 99999999999999999999999
      callbacks:
        later:
          "{$request.body#/url}":
            post:
              responses:
                "200": {description: ok}
      responses:
        "200": {description: ok}
components:
  schemas:
    A:
      type: object
      properties:
        b:
          anyOf:
            - type: "null"
            - type: wrong
"#;

/// A warning's pointer, message and line and column.
type Found = (String, String, Option<(usize, usize)>);

#[test]
fn warnings_name_the_31_places() {
    let generated = codegen::Generator::new()
        .generate_str(SPEC, Some("spec31.yaml"))
        .unwrap_or_else(|d| panic!("{d}"));
    let found: Vec<Found> = generated
        .warnings
        .iter()
        .map(|w| {
            (
                w.pointer.clone(),
                w.message.clone(),
                w.position.map(|p| (p.line, p.column)),
            )
        })
        .collect();
    let at = |pointer: &str| {
        found
            .iter()
            .find(|(p, _, _)| p == pointer)
            .unwrap_or_else(|| panic!("no warning at {pointer}: {found:#?}"))
            .clone()
    };
    // Found by load after the webhooks moved to `x-codegen-webhooks`.
    let (_, message, position) = at(
        "#/webhooks/ping/post/requestBody/content/application~1json/schema/properties/count/minimum",
    );
    assert!(
        message.contains("does not fit a 64-bit integer"),
        "{message}"
    );
    assert_eq!(position, Some((14, 19)));
    // Found by lower in the moved webhook.
    let (_, message, position) = at("#/webhooks/ping/post/callbacks/later");
    assert!(
        message.contains("callback `later` of a webhook or callback is skipped"),
        "{message}"
    );
    assert_eq!(position, Some((16, 9)));
    // Found by lower in a union member that moved (`anyOf: [null, X]` is `allOf: [X]`).
    let (_, message, position) = at("#/components/schemas/A/properties/b/anyOf/1");
    assert!(message.contains("unknown schema type `wrong`"), "{message}");
    assert_eq!(position, Some((31, 19)));
    assert_eq!(found.len(), 3, "{found:#?}");
}
