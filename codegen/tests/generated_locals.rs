//! Parameters share a scope with what the generated code binds itself: a client method's `path`,
//! `query` and `response` locals, a handler's `server` and `headers` extractors, the helpers it calls
//! unqualified (`coerce`, `to_param`), the `client` of each method's doc example. `lower` keeps
//! parameters off the names in `codegen::ir::RESERVED_PARAM_NAMES`; this test walks the code
//! generated for every fixture and for the One-CP spec and fails when an emitter binds or calls a
//! name that list is missing (the parameter of that name would shadow it and break the crate).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use codegen::ir::RESERVED_PARAM_NAMES;
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

/// Names bound by `let` (at any depth) and functions called by a single-segment path.
#[derive(Default)]
struct Names(BTreeSet<String>);

impl Names {
    fn pattern(&mut self, pat: &syn::Pat) {
        struct Idents<'n>(&'n mut BTreeSet<String>);
        impl<'ast> Visit<'ast> for Idents<'_> {
            fn visit_pat_ident(&mut self, i: &'ast syn::PatIdent) {
                self.0.insert(i.ident.to_string());
                syn::visit::visit_pat_ident(self, i);
            }
        }
        Idents(&mut self.0).visit_pat(pat);
    }
}

impl<'ast> Visit<'ast> for Names {
    fn visit_local(&mut self, local: &'ast syn::Local) {
        self.pattern(&local.pat);
        syn::visit::visit_local(self, local);
    }

    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let syn::Expr::Path(path) = &*call.func {
            if path.qself.is_none() && path.path.leading_colon.is_none() {
                if let [segment] = path.path.segments.iter().collect::<Vec<_>>()[..] {
                    let name = segment.ident.to_string();
                    if name.starts_with(|c: char| c.is_ascii_lowercase()) {
                        self.0.insert(name);
                    }
                }
            }
        }
        syn::visit::visit_expr_call(self, call);
    }
}

fn module<'f>(items: &'f [syn::Item], name: &str) -> &'f [syn::Item] {
    items
        .iter()
        .find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, i)| &i[..]),
            _ => None,
        })
        .unwrap_or(&[])
}

/// The Rust code of the `no_run` example in a method's docs, hidden lines included.
fn doc_example(attrs: &[syn::Attribute]) -> Option<String> {
    let mut lines = Vec::new();
    let mut inside = false;
    for attr in attrs {
        let syn::Meta::NameValue(nv) = &attr.meta else {
            continue;
        };
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) = &nv.value
        else {
            continue;
        };
        let line = s.value();
        let line = line.strip_prefix(' ').unwrap_or(&line).to_string();
        if line.starts_with("```") {
            if inside {
                break;
            }
            inside = true;
            continue;
        }
        if inside {
            let code = line
                .strip_prefix("# ")
                .or_else(|| line.strip_prefix('#'))
                .unwrap_or(&line);
            lines.push(code.to_string());
        }
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

fn input_names<'a>(inputs: impl IntoIterator<Item = &'a syn::FnArg>, names: &mut Names) {
    for input in inputs {
        if let syn::FnArg::Typed(t) = input {
            names.pattern(&t.pat);
        }
    }
}

#[test]
fn generated_code_binds_and_calls_only_reserved_names_beside_parameters() {
    let reserved: BTreeSet<&str> = RESERVED_PARAM_NAMES.iter().copied().collect();
    let mut problems = Vec::new();
    for spec in specs() {
        let generated = codegen::Generator::new()
            .doc_examples("api")
            .generate_file(&spec)
            .unwrap_or_else(|d| panic!("{}: {d}", spec.display()));
        let file = syn::parse_file(&generated.code).expect("generated code parses");
        for op in &generated.api.operations {
            let params: BTreeSet<&str> = op.params.iter().map(|p| p.name.as_str()).collect();
            let mut names = Names::default();
            let handler = format!("handle_{}", op.name);
            for item in module(&file.items, "client") {
                let syn::Item::Impl(imp) = item else { continue };
                for item in &imp.items {
                    let syn::ImplItem::Fn(f) = item else { continue };
                    if f.sig.ident != op.name.trim_start_matches("r#") {
                        continue;
                    }
                    names.visit_block(&f.block);
                    if let Some(example) = doc_example(&f.attrs) {
                        let example: syn::File = syn::parse_str(&example).unwrap_or_else(|e| {
                            panic!(
                                "{}: the example of {} does not parse: {e}",
                                spec.display(),
                                op.name
                            )
                        });
                        names.visit_file(&example);
                    }
                }
            }
            for item in module(&file.items, "server") {
                match item {
                    syn::Item::Fn(f) if f.sig.ident == handler => {
                        input_names(&f.sig.inputs, &mut names);
                        names.visit_block(&f.block);
                    }
                    syn::Item::Trait(t) if t.ident == "Server" => {
                        for item in &t.items {
                            match item {
                                syn::TraitItem::Fn(f) if f.sig.ident == op.name => {
                                    input_names(&f.sig.inputs, &mut names)
                                }
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            for name in names.0 {
                if !params.contains(name.as_str()) && !reserved.contains(name.as_str()) {
                    problems.push(format!(
                        "{}: `{}` binds or calls `{name}`",
                        spec.display(),
                        op.name
                    ));
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(
        problems.is_empty(),
        "names missing from RESERVED_PARAM_NAMES (a parameter of that name would shadow them):\n{}",
        problems.join("\n")
    );
}

#[test]
fn parameters_never_take_a_reserved_name() {
    for spec in specs() {
        let generated = codegen::Generator::new().generate_file(&spec).unwrap();
        for op in &generated.api.operations {
            for p in &op.params {
                assert!(
                    !RESERVED_PARAM_NAMES.contains(&p.name.as_str()),
                    "{}: {} has a parameter named `{}`",
                    spec.display(),
                    op.name,
                    p.name
                );
            }
        }
    }
}
