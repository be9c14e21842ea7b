//! Nothing in a spec reaches the generated code except as a string literal, a doc string or an
//! identifier derived from it. `tests/fixtures/code_injection.yaml` puts `*/`, `/*`, quotes,
//! `#[`, `}`, newlines, CR, NUL, bidirectional overrides and `r#"` into every title,
//! description, name, operationId, enum value, default, pattern and server URL, each carrying a
//! `pwned...` item that would appear if any of them broke out. Here: the output parses, declares
//! exactly the spec's types, and has no identifier but the derived ones; `tests/fixture-check`
//! compiles it warning-free.

use std::collections::BTreeSet;
use std::path::Path;

use syn::visit::Visit;

fn generate() -> codegen::Generated {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/code_injection.yaml");
    codegen::Generator::new()
        .generate_file(&spec)
        .unwrap_or_else(|d| panic!("{d}"))
}

#[derive(Default)]
struct Collect {
    idents: BTreeSet<String>,
    docs: Vec<String>,
}

impl<'ast> Visit<'ast> for Collect {
    fn visit_ident(&mut self, ident: &'ast proc_macro2::Ident) {
        self.idents.insert(ident.to_string());
    }

    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        if let syn::Meta::NameValue(meta) = &attr.meta {
            if meta.path.is_ident("doc") {
                if let syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) = &meta.value
                {
                    self.docs.push(s.value());
                }
            }
        }
        syn::visit::visit_attribute(self, attr);
    }
}

#[test]
fn hostile_spec_text_never_becomes_code() {
    let generated = generate();
    assert!(generated.warnings.is_empty(), "{:?}", generated.warnings);
    let file = syn::parse_file(&generated.code).expect("the output parses");
    let mut seen = Collect::default();
    seen.visit_file(&file);

    // The only identifiers mentioning `pwned` are the names derived from the spec's names.
    let pwned: BTreeSet<&str> = seen
        .idents
        .iter()
        .map(String::as_str)
        .filter(|i| i.to_ascii_lowercase().contains("pwned"))
        .collect();
    assert_eq!(
        pwned.into_iter().collect::<Vec<_>>(),
        [
            "DerivePwned",
            "FnPwnedVariant",
            "GetItemFnPwnedOpCall",
            "GetItemFnPwnedOpReply",
            "get_item_fn_pwned_op",
            "handle_get_item_fn_pwned_op",
        ]
    );

    // Exactly the spec's four schemas and one inline enum (property `r#"`) become types.
    let names: Vec<&str> = generated
        .api
        .types
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["EvilItem", "EvilItemR", "ErrOr", "DerivePwned", "Unnamed"]
    );
    let types = file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref().map(|(_, i)| i),
            _ => None,
        })
        .expect("a types module");
    let declared: Vec<String> = types
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            syn::Item::Type(t) => Some(t.ident.to_string()),
            syn::Item::Fn(f) => Some(format!("fn {}", f.sig.ident)),
            syn::Item::Static(s) => Some(format!("static {}", s.ident)),
            syn::Item::Const(c) => Some(format!("const {}", c.ident)),
            syn::Item::Mod(m) => Some(format!("mod {}", m.ident)),
            syn::Item::Macro(_) => Some("macro".into()),
            _ => None,
        })
        .collect();
    let mut expected: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    expected.sort();
    let mut declared_sorted = declared.clone();
    declared_sorted.sort();
    assert_eq!(declared_sorted, expected, "{declared:?}");
    assert_eq!(generated.api.operations.len(), 2);

    // The hostile text is still there, as documentation.
    let docs = seen.docs.join("\n");
    for text in [
        "*/ pub struct PwnedTitle; /*",
        "*/ fn pwned_summary() {} /*",
        "\"] pub pwned_field: u8, #[doc = \"",
        "fn pwned_description() {}",
        "\\u{202e}}{ fn pwned_bidi() \\u{2066}",
        "\\u{0} NUL and \\u{7} BEL",
    ] {
        assert!(docs.contains(text), "`{text}` is not in the docs");
    }
    // No raw control or bidirectional-override character in any doc string (rustc rejects a
    // bare CR in a doc comment and denies bidi overrides by default).
    for doc in &seen.docs {
        assert!(
            !doc.chars()
                .any(|c| (c.is_control() && c != '\n' && c != '\t')
                    || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')),
            "{doc:?}"
        );
    }
    assert!(!generated.code.contains('\r'));
    assert!(!generated.code.contains('\0'));
}

#[test]
fn hostile_enum_values_and_property_names_stay_exact_on_the_wire() {
    // serde renames carry the spec's strings exactly, escaped as literals.
    let code = generate().code;
    for literal in [
        r#"#[serde(rename = "na\"me")]"#,
        r#"#[serde(rename = "*/")]"#,
        r##"#[serde(rename = "r#\"")]"##,
        r#"#[serde(rename = "\n")]"#,
        r#"#[serde(rename = "a\0b")]"#,
        r#"#[serde(rename = "\u{202e}evil")]"#,
        r#"#[serde(rename = "*/ fn pwned_variant() {} /*")]"#,
    ] {
        assert!(code.contains(literal), "missing {literal}");
    }
}
