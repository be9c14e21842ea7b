//! Reordering a spec renames nothing: where two spec names spell the same Rust name (`pet` and
//! `Pet`, `fooBar` and `foo_bar`, `getPet` and `get_pet`), which one is numbered does not depend
//! on the order of the document's maps, and the one the spec already spells as Rust keeps the
//! plain name.

use std::collections::BTreeSet;

use syn::visit::Visit;

/// A spec with colliding names in every kind of map, each map's members in the order given.
fn spec(reversed: bool) -> String {
    let order = |mut items: Vec<String>| {
        if reversed {
            items.reverse();
        }
        items.join("\n")
    };
    let lines = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let both_fields = order(lines(&[
        "        fooBar: {type: string}",
        "        foo_bar: {type: integer}",
        "        FooBar: {type: boolean}",
    ]));
    let schemas = order(vec![
        "    pet:\n      type: object\n      properties: {lower: {type: string}}".into(),
        "    Pet:\n      type: object\n      required: [kind]\n      properties:\n        kind: {$ref: '#/components/schemas/Kind'}".into(),
        "    Kind:\n      type: string\n      enum: [pending_payment, PendingPayment, pending-payment]".into(),
        format!("    Both:\n      type: object\n      properties:\n{both_fields}"),
    ]);
    let params = order(lines(&[
        "        - {name: petId, in: query, schema: {type: string}}",
        "        - {name: pet_id, in: header, schema: {type: string}}",
    ]));
    let ops = order(vec![
        format!("  /a:\n    get:\n      operationId: getPet\n      parameters:\n{params}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Pet'}}}}}}}}"),
        "  /b:\n    get:\n      operationId: get_pet\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/pet'}}}}".into(),
        "  /c:\n    post:\n      operationId: GetPet\n      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Both'}}}}\n      responses:\n        '204': {description: done}".into(),
    ]);
    format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{ops}\ncomponents:\n  schemas:\n{schemas}\n")
}

/// Every name binding in the generated code that says which spec name became which Rust name:
/// `(container, wire name, Rust name)` for serde renames and plain fields and variants, and the
/// client's methods with the path they call.
#[derive(Default)]
struct Bindings {
    container: String,
    found: BTreeSet<(String, String, String)>,
}

fn rename_of(attrs: &[syn::Attribute]) -> Option<String> {
    let mut rename = None;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                rename = Some(value.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    rename
}

impl<'ast> Visit<'ast> for Bindings {
    fn visit_item_struct(&mut self, i: &'ast syn::ItemStruct) {
        self.container = i.ident.to_string();
        for field in &i.fields {
            if let Some(ident) = &field.ident {
                let rust = ident.to_string();
                let wire = rename_of(&field.attrs).unwrap_or_else(|| rust.clone());
                self.found.insert((self.container.clone(), wire, rust));
            }
        }
    }

    fn visit_item_enum(&mut self, i: &'ast syn::ItemEnum) {
        for variant in &i.variants {
            let rust = variant.ident.to_string();
            let wire = rename_of(&variant.attrs).unwrap_or_else(|| rust.clone());
            self.found.insert((i.ident.to_string(), wire, rust));
        }
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        // A client method's docs name its path: `` `GET /a` ``.
        let docs: String = f
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("doc"))
            .map(|a| quote::ToTokens::to_token_stream(a).to_string())
            .collect();
        for path in ["/a", "/b", "/c"] {
            if docs.contains(&format!(" {path}`")) {
                self.found
                    .insert(("fn".into(), path.into(), f.sig.ident.to_string()));
            }
        }
        // A call builder's setter says which parameter it sets: "The `petId` parameter."
        if let Some(wire) = docs
            .split("The `")
            .nth(1)
            .and_then(|rest| rest.split_once("` parameter."))
            .map(|(wire, _)| wire.to_string())
        {
            self.found
                .insert(("param".into(), wire, f.sig.ident.to_string()));
        }
        syn::visit::visit_impl_item_fn(self, f);
    }
}

fn bindings(spec: &str) -> BTreeSet<(String, String, String)> {
    let generated = codegen::Generator::new()
        .generate_str(spec, Some("reorder.yaml"))
        .unwrap_or_else(|d| panic!("{d}\n{spec}"));
    let file = syn::parse_file(&generated.code).expect("generated code parses");
    let mut bindings = Bindings::default();
    bindings.visit_file(&file);
    bindings.found
}

fn has(found: &BTreeSet<(String, String, String)>, container: &str, wire: &str, rust: &str) {
    let entry = (container.to_string(), wire.to_string(), rust.to_string());
    assert!(found.contains(&entry), "no {entry:?} in {found:#?}");
}

#[test]
fn reordering_the_spec_renames_nothing() {
    let forward = bindings(&spec(false));
    let reversed = bindings(&spec(true));
    assert_eq!(forward, reversed);

    // The schema the spec spells as Rust keeps the plain name.
    has(&forward, "Pet", "kind", "kind");
    has(&forward, "Pet2", "lower", "lower");
    // Properties: `foo_bar` is already snake_case; the others by spec name (`FooBar` < `fooBar`).
    has(&forward, "Both", "foo_bar", "foo_bar");
    has(&forward, "Both", "FooBar", "foo_bar_2");
    has(&forward, "Both", "fooBar", "foo_bar_3");
    // Enum values: `PendingPayment` is already a variant name.
    has(&forward, "Kind", "PendingPayment", "PendingPayment");
    has(&forward, "Kind", "pending-payment", "PendingPayment2");
    has(&forward, "Kind", "pending_payment", "PendingPayment3");
    // Operations: `get_pet` is already a method name.
    has(&forward, "fn", "/b", "get_pet");
    has(&forward, "fn", "/c", "get_pet_2");
    has(&forward, "fn", "/a", "get_pet_3");
    // Parameters: `pet_id` is already snake_case.
    has(&forward, "param", "pet_id", "pet_id");
    has(&forward, "param", "petId", "pet_id_2");
}
