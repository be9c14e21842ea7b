//! Every field of a generated model has at most one `#[serde(...)]` attribute: rename, presence
//! (`default`, `skip_serializing_if`), `flatten` and the adapter (`with`) are written together, so a
//! reader sees all of a field's wire behaviour in one place. Walks the code generated for every
//! fixture and for the One-CP spec.

use std::path::{Path, PathBuf};

use syn::visit::Visit;

fn specs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .expect("tests/fixtures exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    specs.push(root.join("spec/one-cp.yaml"));
    specs
}

/// Fields and variants with more than one `serde` attribute, as `Type.field`.
#[derive(Default)]
struct Doubled {
    item: String,
    found: Vec<String>,
    fields: usize,
}

fn serde_attrs(attrs: &[syn::Attribute]) -> usize {
    attrs.iter().filter(|a| a.path().is_ident("serde")).count()
}

impl<'ast> Visit<'ast> for Doubled {
    fn visit_item_struct(&mut self, i: &'ast syn::ItemStruct) {
        self.item = i.ident.to_string();
        syn::visit::visit_item_struct(self, i);
    }

    fn visit_item_enum(&mut self, i: &'ast syn::ItemEnum) {
        self.item = i.ident.to_string();
        for v in &i.variants {
            self.fields += 1;
            if serde_attrs(&v.attrs) > 1 {
                self.found.push(format!("{}::{}", self.item, v.ident));
            }
        }
        syn::visit::visit_item_enum(self, i);
    }

    fn visit_field(&mut self, f: &'ast syn::Field) {
        self.fields += 1;
        if serde_attrs(&f.attrs) > 1 {
            let name = f
                .ident
                .as_ref()
                .map(ToString::to_string)
                .unwrap_or_default();
            self.found.push(format!("{}.{name}", self.item));
        }
        syn::visit::visit_field(self, f);
    }
}

#[test]
fn every_field_has_one_serde_attribute_at_most() {
    let mut fields = 0;
    for spec in specs() {
        let generated = codegen::Generator::new()
            .generate_file(&spec)
            .unwrap_or_else(|d| panic!("{}: {d}", spec.display()));
        let file = syn::parse_file(&generated.code).expect("generated code parses");
        let mut doubled = Doubled::default();
        doubled.visit_file(&file);
        assert!(
            doubled.found.is_empty(),
            "{}: fields with two #[serde(...)] attributes: {:?}",
            spec.display(),
            doubled.found
        );
        fields += doubled.fields;
    }
    // The walk reached the models (not an empty visit that passes by doing nothing).
    assert!(fields > 500, "only {fields} fields and variants seen");
}
