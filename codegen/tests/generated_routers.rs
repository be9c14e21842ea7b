//! Every generated router builds. axum's `Router::route` panics on what it cannot serve (two
//! handlers for one method and route, a path not starting with `/`, a segment starting with `:`),
//! and the generated `server::router` only calls it at run time, where a compiling crate can still
//! panic. This test replays the `.route(..)` calls of each generated `router_with` on a real
//! `axum::Router` with a stub handler per method.
//!
//! It covers every fixture and the One-CP spec; with `CODEGEN_CORPUS=<dir>[:<dir>...]`
//! (scripts/corpus.sh sets it) also every spec in those directories (and every split spec in
//! them, a directory with a `ROOT` file naming its root), printing one `router <file>: ok` line
//! per spec (`router <directory>/: ok` for a split spec). Each generated `router_with` (the server's, and the webhook receiver's of an OpenAPI
//! 3.1 spec) is a router of its own.

use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// A spec to generate: its root, and the local copies of the remote documents it refers to.
/// A spec: its name in the output (its file name; a split spec's directory name and `/`, as
/// several split specs' roots share a file name), its root file and its remote copies.
type Spec = (String, PathBuf, Vec<(String, PathBuf)>);

/// A split spec's `REMOTE_REFS` (scripts/corpus.sh's): `URL=PATH` lines, PATH from `dir`.
fn remote_refs(dir: &Path) -> Vec<(String, PathBuf)> {
    let text = std::fs::read_to_string(dir.join("REMOTE_REFS")).unwrap_or_default();
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .filter_map(|line| line.trim().split_once('='))
        .map(|(url, path)| (url.to_string(), dir.join(path)))
        .collect()
}

fn specs() -> Vec<Spec> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut dirs = vec![root.join("tests/fixtures")];
    if let Some(corpus) = std::env::var_os("CODEGEN_CORPUS") {
        dirs.extend(std::env::split_paths(&corpus));
    }
    let mut specs = vec![(
        "one-cp.yaml".to_string(),
        root.join("spec/one-cp.yaml"),
        Vec::new(),
    )];
    for dir in dirs {
        let mut found: Vec<Spec> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("readable dir entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    p,
                    Vec::new(),
                )
            })
            .collect();
        // A split spec: a directory whose ROOT file names its root document.
        found.extend(
            std::fs::read_dir(&dir)
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .map(|e| e.expect("readable dir entry").path())
                .filter_map(|d| {
                    let root = std::fs::read_to_string(d.join("ROOT")).ok()?;
                    let name = format!("{}/", d.file_name()?.to_string_lossy());
                    Some((name, d.join(root.trim()), remote_refs(&d)))
                }),
        );
        found.sort();
        specs.extend(found);
    }
    specs
}

/// The `(route, methods)` of every `.route(route, axum::routing::get(..).post(..))` call, one list
/// per function that makes them, and how many operations' handlers (`handle_*`) they route: a
/// method's handler may be a dispatcher that picks among several.
#[derive(Default)]
struct Routes(Vec<Vec<(String, Vec<String>)>>, usize);

/// Counts the paths to operation handlers (`handle_<method>::<S>`) in an expression.
#[derive(Default)]
struct Handlers(usize);

impl<'ast> Visit<'ast> for Handlers {
    fn visit_expr_path(&mut self, path: &'ast syn::ExprPath) {
        if path
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident.to_string().starts_with("handle_"))
        {
            self.0 += 1;
        }
        syn::visit::visit_expr_path(self, path);
    }
}

impl<'ast> Visit<'ast> for Routes {
    fn visit_item_fn(&mut self, item: &'ast syn::ItemFn) {
        self.0.push(Vec::new());
        syn::visit::visit_item_fn(self, item);
        if self.0.last().is_some_and(Vec::is_empty) {
            self.0.pop();
        }
    }

    fn visit_expr_method_call(&mut self, call: &'ast syn::ExprMethodCall) {
        if call.method == "route" && call.args.len() == 2 {
            if let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(route),
                ..
            }) = &call.args[0]
            {
                if let Some(routes) = self.0.last_mut() {
                    routes.push((route.value(), methods(&call.args[1])));
                    let mut handlers = Handlers::default();
                    handlers.visit_expr(&call.args[1]);
                    self.1 += handlers.0;
                }
            }
        }
        syn::visit::visit_expr_method_call(self, call);
    }
}

/// `axum::routing::get(h).post(h)` → `["get", "post"]`.
fn methods(expr: &syn::Expr) -> Vec<String> {
    match expr {
        syn::Expr::MethodCall(call) => {
            let mut out = methods(&call.receiver);
            out.push(call.method.to_string());
            out
        }
        syn::Expr::Call(call) => match &*call.func {
            syn::Expr::Path(path) => path
                .path
                .segments
                .last()
                .map(|s| vec![s.ident.to_string()])
                .unwrap_or_default(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

async fn stub() -> &'static str {
    ""
}

/// Builds an axum router with these routes; the panic message if axum refuses one.
fn build(routes: &[(String, Vec<String>)]) -> Result<(), String> {
    std::panic::catch_unwind(|| {
        let mut router: axum::Router = axum::Router::new();
        for (route, methods) in routes {
            let mut method_router = axum::routing::MethodRouter::new();
            for method in methods {
                method_router = match method.as_str() {
                    "get" => method_router.get(stub),
                    "put" => method_router.put(stub),
                    "post" => method_router.post(stub),
                    "delete" => method_router.delete(stub),
                    "options" => method_router.options(stub),
                    "head" => method_router.head(stub),
                    "patch" => method_router.patch(stub),
                    "trace" => method_router.trace(stub),
                    other => panic!("unknown routing method `{other}`"),
                };
            }
            router = router.route(route, method_router);
        }
    })
    .map_err(|panic| {
        panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a panic without a message".into())
    })
}

#[test]
fn every_generated_router_builds() {
    // The failures are reported below, not as panic backtraces.
    std::panic::set_hook(Box::new(|_| {}));
    let mut failures = Vec::new();
    for (name, spec, copies) in specs() {
        let generator = copies
            .into_iter()
            .fold(codegen::Generator::new(), |g, (url, path)| {
                g.remote_ref(url, path)
            });
        let generated = match generator.generate_file(&spec) {
            Ok(generated) => generated,
            // Specs that do not generate are scripts/corpus.sh's and the diagnostics tests' concern.
            Err(_) => continue,
        };
        let file = syn::parse_file(&generated.code).expect("generated code parses");
        let mut routes = Routes::default();
        routes.visit_file(&file);
        let served = routes.1;
        match routes.0.iter().try_for_each(|r| build(r)) {
            Ok(()) => println!("router {name}: ok, {served} operations routed"),
            Err(message) => {
                println!("router {name}: panics: {message}");
                failures.push(format!("{name}: {message}"));
            }
        }
    }
    let _ = std::panic::take_hook();
    assert!(
        failures.is_empty(),
        "generated routers that panic when built:\n{}",
        failures.join("\n")
    );
}
