//! The public Rust API of the generated crate, read from the code `emit` writes for a lowering.
//!
//! Who a change breaks depends on how the generated code exposes it: whether a client method takes
//! an optional parameter as an argument or sets it on the request it returns, whether an enum is
//! `#[non_exhaustive]`. Those are `emit`'s decisions, so they are read here from its output, never
//! assumed: the report follows the emitted code when the code changes.

use std::collections::HashMap;

use quote::ToTokens;

use crate::emit::{self, Parts};
use crate::ir::Api;

/// The parts of the generated crate's public API the diff decides breakage from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Surface {
    /// `impl Client` methods: name → arguments (after `self`), in order.
    client: HashMap<String, Vec<Arg>>,
    /// `trait Server` methods: name → arguments (after `self`), in order.
    server: HashMap<String, Vec<Arg>>,
    /// `trait Server` methods: name → the enum their future resolves to, as `module::Name`.
    server_returns: HashMap<String, String>,
    /// Enums by `module::Name`: whether they are `#[non_exhaustive]`.
    non_exhaustive: HashMap<String, bool>,
}

/// A method argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Arg {
    /// Its name, as written (`r#type` for a raw identifier).
    pub(super) name: String,
    /// Its type, as tokens.
    pub(super) ty: String,
}

impl Surface {
    /// The surface of the code emitted for `api` (all parts: a change may break either side).
    /// Runs where lowering does (on the big stack): emitting recurses with the types' nesting.
    pub(super) fn of(api: &Api) -> Result<Surface, syn::Error> {
        let file: syn::File = syn::parse2(emit::emit_tokens(api, Parts::default(), None))?;
        Ok(Surface::from_items(&file.items))
    }

    /// The surface of generated items (a whole file, or what a test writes by hand).
    pub(super) fn from_items(items: &[syn::Item]) -> Surface {
        let mut out = Surface::default();
        out.visit(items, "");
        out
    }

    fn visit(&mut self, items: &[syn::Item], module: &str) {
        for item in items {
            match item {
                syn::Item::Mod(m) => {
                    if let Some((_, inner)) = &m.content {
                        let path = if module.is_empty() {
                            m.ident.to_string()
                        } else {
                            format!("{module}::{}", m.ident)
                        };
                        self.visit(inner, &path);
                    }
                }
                syn::Item::Impl(i) if i.trait_.is_none() && is_named(&i.self_ty, "Client") => {
                    for item in &i.items {
                        if let syn::ImplItem::Fn(f) = item {
                            if matches!(f.vis, syn::Visibility::Public(_)) {
                                self.client.insert(f.sig.ident.to_string(), args(&f.sig));
                            }
                        }
                    }
                }
                syn::Item::Trait(t) if t.ident == "Server" => {
                    for item in &t.items {
                        if let syn::TraitItem::Fn(f) = item {
                            let name = f.sig.ident.to_string();
                            if let syn::ReturnType::Type(_, ty) = &f.sig.output {
                                if let Some(ret) = output_name(ty) {
                                    let path = if module.is_empty() {
                                        ret
                                    } else {
                                        format!("{module}::{ret}")
                                    };
                                    self.server_returns.insert(name.clone(), path);
                                }
                            }
                            self.server.insert(name, args(&f.sig));
                        }
                    }
                }
                syn::Item::Enum(e) => {
                    let open = e.attrs.iter().any(|a| a.path().is_ident("non_exhaustive"));
                    let name = if module.is_empty() {
                        e.ident.to_string()
                    } else {
                        format!("{module}::{}", e.ident)
                    };
                    self.non_exhaustive.insert(name, open);
                }
                _ => {}
            }
        }
    }

    /// The arguments of the client method `method` (none when there is no such method).
    pub(super) fn client_args(&self, method: &str) -> &[Arg] {
        self.client.get(method).map_or(&[], Vec::as_slice)
    }

    /// The arguments of the server trait's method `method`.
    pub(super) fn server_args(&self, method: &str) -> &[Arg] {
        self.server.get(method).map_or(&[], Vec::as_slice)
    }

    /// Whether the server trait's method `method` answers with an enum a `match` outside the crate
    /// must list every variant of: one more response is then one more variant that breaks it.
    pub(super) fn server_answer_is_exhaustive(&self, method: &str) -> bool {
        self.server_returns
            .get(method)
            .is_some_and(|path| self.is_exhaustive(path))
    }

    /// Whether the enum `path` (`client::ErrorBody`) exists and a `match` on it outside the crate
    /// must name every variant (it is not `#[non_exhaustive]`).
    pub(super) fn is_exhaustive(&self, path: &str) -> bool {
        self.non_exhaustive.get(path) == Some(&false)
    }
}

/// Whether `ty` is the path `name` (or ends in it).
fn is_named(ty: &syn::Type, name: &str) -> bool {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().is_some_and(|s| s.ident == name),
        _ => false,
    }
}

/// The name of the type `ty` is, or of what the future `ty` is resolves to
/// (`impl Future<Output = GetPetResponse> + Send`).
fn output_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        syn::Type::ImplTrait(t) => t.bounds.iter().find_map(|b| {
            let syn::TypeParamBound::Trait(b) = b else {
                return None;
            };
            let syn::PathArguments::AngleBracketed(args) = &b.path.segments.last()?.arguments
            else {
                return None;
            };
            args.args.iter().find_map(|a| match a {
                syn::GenericArgument::AssocType(a) if a.ident == "Output" => output_name(&a.ty),
                _ => None,
            })
        }),
        _ => None,
    }
}

/// The typed arguments of a signature, `self` left out.
fn args(sig: &syn::Signature) -> Vec<Arg> {
    sig.inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(t) => Some(Arg {
                name: match &*t.pat {
                    syn::Pat::Ident(i) => i.ident.to_string(),
                    other => other.to_token_stream().to_string(),
                },
                ty: t.ty.to_token_stream().to_string(),
            }),
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(code: &str) -> Surface {
        Surface::from_items(&syn::parse_file(code).unwrap().items)
    }

    #[test]
    fn positional_optional_arguments_and_request_builders_read_apart() {
        // Optional parameters as positional arguments: `limit` is an argument.
        let positional = surface(
            "pub mod client { impl Client { pub async fn list_pets(&self, kind: &str, limit: Option<i32>) -> Result<(), Error> { self.send() } } }",
        );
        let names = |args: &[Arg]| args.iter().map(|a| a.name.clone()).collect::<Vec<_>>();
        assert_eq!(
            names(positional.client_args("list_pets")),
            ["kind", "limit"]
        );
        // Optional parameters as setters of the returned request: `limit` is not an argument.
        let builder = surface(
            "pub mod client { impl Client { pub fn list_pets(&self, kind: &str) -> requests::ListPets<'_> { self.send() } }
              pub mod requests { impl<'a> ListPets<'a> { pub fn limit(mut self, limit: i32) -> Self { self } } } }",
        );
        assert_eq!(names(builder.client_args("list_pets")), ["kind"]);
        assert!(
            builder.client_args("limit").is_empty(),
            "a setter is not a client method"
        );
        assert!(builder.client_args("missing").is_empty());
    }

    #[test]
    fn server_trait_methods_and_enum_exhaustiveness() {
        let s = surface(
            "pub mod server { pub trait Server { fn list_pets(&self, ctx: RequestContext, limit: Option<i32>) -> impl std::future::Future<Output = ListPetsResponse> + Send; fn other(&self) -> F; }
                pub enum ListPetsResponse { Ok } #[non_exhaustive] pub enum F { A } }
             pub mod client { #[non_exhaustive] pub enum ErrorBody { A(A) } pub enum Closed { B } }",
        );
        let names: Vec<&str> = s
            .server_args("list_pets")
            .iter()
            .map(|a| a.name.as_str())
            .collect();
        assert_eq!(names, ["ctx", "limit"]);
        assert_eq!(s.server_args("list_pets")[1].ty, "Option < i32 >");
        assert!(!s.is_exhaustive("client::ErrorBody"));
        assert!(s.is_exhaustive("client::Closed"));
        assert!(!s.is_exhaustive("client::Missing"));
        assert!(s.server_answer_is_exhaustive("list_pets"));
        assert!(
            !s.server_answer_is_exhaustive("other"),
            "`F` is non_exhaustive"
        );
        assert!(!s.server_answer_is_exhaustive("missing"));
    }

    #[test]
    fn the_emitted_code_is_read() {
        let spec = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      parameters: [{name: limit, in: query, schema: {type: integer, format: int32}}]
      responses:
        "200": {description: ok}
        "404": {description: no, content: {application/json: {schema: {type: object, properties: {m: {type: string}}}}}}
"#;
        let lowered = crate::Generator::new().lower_str(spec, None).unwrap();
        let s = Surface::of(&lowered.api).unwrap();
        assert!(s.client.contains_key("list_pets"), "{s:?}");
        assert!(s.server.contains_key("list_pets"), "{s:?}");
        assert!(s.non_exhaustive.contains_key("client::ErrorBody"), "{s:?}");
    }
}
