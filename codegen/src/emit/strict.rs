//! Server-side checks of JSON request bodies: what serde lets through but the schema forbids.
//!
//! The models read leniently on purpose (a client must not break on a real server's stray `null`),
//! and serde adds two leniencies of its own: an `Option` field reads `null` as absent, and a struct
//! reads a JSON array positionally (`[]` is a struct whose fields are all absent). A server must
//! refuse both with 400. For every operation with a JSON body this emits
//! `server::strict::body_<operation>`, which walks the parsed `serde_json::Value` before the typed
//! decode and checks the JSON type of every value the body's type reaches: objects where the schema
//! says object, arrays where it says array, `null` only where it says `nullable`, union values that
//! fit at least one member. Everything else (required properties, number ranges, enum values) stays
//! serde's job or the server's. Locked by `tests/fixtures/strict_bodies.yaml` (snapshot, and
//! `tests/fixture-check/tests/strict_bodies.rs` over HTTP).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::Cx;
use crate::ir::{BodyKind, Operation, Shape, Struct, Ty, TypeDef};

/// The `strict` module of the server: one `body_*` function per operation with a JSON body, and
/// one `check_*` function per named type those bodies reach.
pub(super) fn emit(cx: &Cx, ops: &[&Operation]) -> TokenStream {
    let json_ops: Vec<(&Operation, &Ty)> = ops
        .iter()
        .filter_map(|op| match &op.body {
            Some(body) if body.kind == BodyKind::Json => Some((*op, &body.ty)),
            _ => None,
        })
        .collect();
    if json_ops.is_empty() {
        return TokenStream::new();
    }
    if json_ops.iter().all(|(_, ty)| accepts_anything(cx, ty)) {
        // No body is checked, so nothing would build a pointer or call a type's check.
        let bodies = json_ops.iter().map(|(op, _)| {
            let names = cx.names.operation(op);
            let name = &names.body_check;
            let doc = format!(
                " Checks the JSON body of `{}`: any JSON value.",
                names.method
            );
            quote! {
                #[doc = #doc]
                pub(super) fn #name(_: &serde_json::Value) -> Result<(), String> {
                    Ok(())
                }
            }
        });
        return quote! {
            /// Checks of JSON request bodies, run before the typed decode: these bodies take any
            /// JSON value.
            mod strict {
                #(#bodies)*
            }
        };
    }
    let reached = reached(cx, json_ops.iter().map(|(_, ty)| *ty));
    let functions = |steps: &Steps, pointer: &TokenStream| -> Vec<TokenStream> {
        let bodies = json_ops.iter().map(|(op, ty)| {
            let names = cx.names.operation(op);
            let name = &names.body_check;
            let doc = format!(" Checks the JSON body of `{}`.", names.method);
            if accepts_anything(cx, ty) {
                return quote! {
                    #[doc = #doc]
                    pub(super) fn #name(_: &serde_json::Value) -> Result<(), String> {
                        Ok(())
                    }
                };
            }
            let check = check(cx, steps, ty, &quote!(v), &quote!(&Pointer::Body));
            quote! {
                #[doc = #doc]
                pub(super) fn #name(v: &serde_json::Value) -> Result<(), String> {
                    #check
                }
            }
        });
        let types = cx
            .api
            .types
            .iter()
            .filter(|t| reached.contains(&t.name))
            .filter_map(|t| type_fn(cx, steps, t, pointer));
        bodies.chain(types).collect()
    };
    let steps = &Steps::default();
    let mut items = functions(steps, &quote!(Pointer<'_>));
    let descends = steps.key.get() || steps.index.get();
    if !descends {
        // No check looks inside a value: every value checked is the body, so the pointer has
        // no steps to borrow (a lifetime would go unused) and is never printed.
        items = functions(steps, &quote!(Pointer));
        return quote! {
            /// Checks of JSON request bodies, run before the typed decode: the JSON type of
            /// every value (`null` only where the spec says `nullable`).
            mod strict {
                /// Where a value sits in the body: these checks look at the body only.
                enum Pointer {
                    Body,
                }

                /// The error for the body `v`, which should have been `expected`.
                fn mismatch(_: &Pointer, expected: &str, v: &serde_json::Value) -> String {
                    let found = match v {
                        serde_json::Value::Null => "null",
                        serde_json::Value::Bool(_) => "a boolean",
                        serde_json::Value::Number(_) => "a number",
                        serde_json::Value::String(_) => "a string",
                        serde_json::Value::Array(_) => "an array",
                        serde_json::Value::Object(_) => "an object",
                    };
                    format!("the body: expected {expected}, found {found}")
                }

                #(#items)*
            }
        };
    }
    // Only the steps some check takes are declared (a variant never built would be dead code).
    let key = steps
        .key
        .get()
        .then(|| quote!(Key(&'a Pointer<'a>, &'a str),));
    let index = steps
        .index
        .get()
        .then(|| quote!(Index(&'a Pointer<'a>, usize),));
    let key_fmt = steps.key.get().then(|| {
        quote! {
            Pointer::Key(parent, key) => {
                write!(f, "{parent}/{}", key.replace('~', "~0").replace('/', "~1"))
            }
        }
    });
    let index_fmt = steps
        .index
        .get()
        .then(|| quote!(Pointer::Index(parent, index) => write!(f, "{parent}/{index}"),));
    quote! {
        /// Checks of JSON request bodies, run before the typed decode: the JSON type of every
        /// value (`null` only where the spec says `nullable`, objects never read from arrays).
        mod strict {
            /// Where a value sits in the body: built as the checks descend, and written out as a
            /// JSON pointer only for an error (a body that passes allocates no path).
            enum Pointer<'a> {
                Body,
                #key
                #index
            }

            impl std::fmt::Display for Pointer<'_> {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    match self {
                        Pointer::Body => Ok(()),
                        #key_fmt
                        #index_fmt
                    }
                }
            }

            /// The error for `v` at `at`, which should have been `expected`.
            fn mismatch(at: &Pointer<'_>, expected: &str, v: &serde_json::Value) -> String {
                let found = match v {
                    serde_json::Value::Null => "null",
                    serde_json::Value::Bool(_) => "a boolean",
                    serde_json::Value::Number(_) => "a number",
                    serde_json::Value::String(_) => "a string",
                    serde_json::Value::Array(_) => "an array",
                    serde_json::Value::Object(_) => "an object",
                };
                match at {
                    Pointer::Body => format!("the body: expected {expected}, found {found}"),
                    at => format!("{at}: expected {expected}, found {found}"),
                }
            }

            #(#items)*
        }
    }
}

/// Which steps of `Pointer` (generated) the emitted checks take: a key of an object, an index
/// of an array.
#[derive(Default)]
struct Steps {
    key: std::cell::Cell<bool>,
    index: std::cell::Cell<bool>,
}

/// `check_<type>`, the check of a named type.
fn type_fn_name(cx: &Cx, name: &str) -> crate::naming::Name {
    cx.names.check_fn(name)
}

fn find<'a>(cx: &'a Cx, name: &str) -> Option<&'a TypeDef> {
    cx.api.types.iter().find(|t| t.name == name)
}

/// The named types whose values a body of one of `roots` can contain and are checked: not
/// those only reached through a type that accepts anything (a union with an untyped member),
/// which [`check`] does not look into.
fn reached<'a>(cx: &Cx, roots: impl Iterator<Item = &'a Ty>) -> BTreeSet<String> {
    fn walk(cx: &Cx, ty: &Ty, seen: &mut BTreeSet<String>) {
        if accepts_anything(cx, ty) {
            return;
        }
        match ty {
            Ty::Named(n) => {
                if !seen.insert(n.clone()) {
                    return;
                }
                let Some(t) = find(cx, n) else { return };
                match &t.shape {
                    Shape::Struct(s) => {
                        for f in &s.fields {
                            walk(cx, &f.ty, seen);
                        }
                        if let Some(a) = &s.additional {
                            walk(cx, a, seen);
                        }
                        if let Some(flat) = &s.flattened {
                            walk(cx, &flat.ty, seen);
                        }
                    }
                    Shape::Union(u) => {
                        for v in &u.variants {
                            walk(cx, &v.ty, seen);
                        }
                    }
                    Shape::Alias(t) | Shape::Newtype(t) => walk(cx, t, seen),
                    Shape::Enum(_) | Shape::Form(_) => {}
                }
            }
            Ty::Boxed(i) | Ty::Vec(i) | Ty::Map(i) | Ty::Option(i) => walk(cx, i, seen),
            Ty::Tuple(items) => items.iter().for_each(|t| walk(cx, t, seen)),
            _ => {}
        }
    }
    let mut seen = BTreeSet::new();
    for ty in roots {
        walk(cx, ty, &mut seen);
    }
    seen
}

/// The `check_*` function of a named type (none for enums and forms, which are checked inline or
/// never appear in JSON).
fn type_fn(cx: &Cx, steps: &Steps, t: &TypeDef, pointer: &TokenStream) -> Option<TokenStream> {
    if accepts_anything(cx, &Ty::Named(t.name.clone())) {
        // Never called: `check` passes such a value without a call.
        return None;
    }
    let body = match &t.shape {
        Shape::Struct(s) => struct_body(cx, steps, s),
        Shape::Union(u) => {
            let members = u.variants.iter().map(|m| {
                let check = check(cx, steps, &m.ty, &quote!(v), &quote!(at));
                quote!((#check).is_ok())
            });
            let expected = format!("a value of one of the members of `{}`", t.name);
            quote! {
                if #(#members)||* {
                    Ok(())
                } else {
                    Err(mismatch(at, #expected, v))
                }
            }
        }
        Shape::Alias(inner) | Shape::Newtype(inner) => {
            check(cx, steps, inner, &quote!(v), &quote!(at))
        }
        Shape::Enum(_) | Shape::Form(_) => return None,
    };
    let name = type_fn_name(cx, &t.name);
    let doc = format!(" Checks a value of type `{}`.", t.name);
    Some(quote! {
        #[doc = #doc]
        fn #name(v: &serde_json::Value, at: &#pointer) -> Result<(), String> {
            #body
        }
    })
}

/// Whether every JSON value passes the check of `ty`: free-form values, what JSON never holds,
/// and the aliases, newtypes, options and unions of those. Such a value is not checked at all (a
/// function taking it would never read it).
fn accepts_anything(cx: &Cx, ty: &Ty) -> bool {
    accepts_anything_within(cx, ty, 0)
}

/// [`accepts_anything`], following named types at most a bounded number of steps deep (a cycle
/// of aliases and unions is then checked, member by member, as any other value).
fn accepts_anything_within(cx: &Cx, ty: &Ty, depth: usize) -> bool {
    const MAX_DEPTH: usize = 32;
    if depth > MAX_DEPTH {
        return false;
    }
    match ty {
        Ty::Json | Ty::Bytes | Ty::File => true,
        Ty::Boxed(inner) | Ty::Option(inner) => accepts_anything_within(cx, inner, depth),
        Ty::Named(n) => match find(cx, n).map(|t| &t.shape) {
            Some(Shape::Form(_)) | None => true,
            Some(Shape::Alias(inner) | Shape::Newtype(inner)) => {
                accepts_anything_within(cx, inner, depth + 1)
            }
            Some(Shape::Union(u)) => {
                u.variants.is_empty()
                    || u.variants
                        .iter()
                        .any(|m| accepts_anything_within(cx, &m.ty, depth + 1))
            }
            Some(Shape::Struct(_) | Shape::Enum(_)) => false,
        },
        _ => false,
    }
}

fn struct_body(cx: &Cx, steps: &Steps, s: &Struct) -> TokenStream {
    let checked = s.fields.iter().filter(|f| !accepts_anything(cx, &f.ty));
    let fields: Vec<TokenStream> = checked
        .map(|f| {
            steps.key.set(true);
            let wire = &f.wire;
            let check = check(
                cx,
                steps,
                &f.ty,
                &quote!(x),
                &quote!(&Pointer::Key(at, #wire)),
            );
            if f.nullable {
                quote! {
                    if let Some(x) = object.get(#wire).filter(|x| !x.is_null()) { (#check)?; }
                }
            } else {
                quote! {
                    if let Some(x) = object.get(#wire) { (#check)?; }
                }
            }
        })
        .collect();
    let additional = s
        .additional
        .as_ref()
        .filter(|a| !accepts_anything(cx, a))
        .map(|a| {
            steps.key.set(true);
            let check = check(cx, steps, a, &quote!(x), &quote!(&Pointer::Key(at, key)));
            let mut known: Vec<String> = s.fields.iter().map(|f| f.wire.clone()).collect();
            if let Some(flat) = &s.flattened {
                super::models::wire_names(cx, &flat.ty, &mut known, 0);
            }
            let unknown = if known.is_empty() {
                quote!(true)
            } else {
                quote!(!matches!(key.as_str(), #(#known)|*))
            };
            quote! {
                for (key, x) in object {
                    if #unknown { (#check)?; }
                }
            }
        });
    // The flattened value is the same object, checked as its own type.
    let flattened = s
        .flattened
        .as_ref()
        .filter(|flat| !accepts_anything(cx, &flat.ty))
        .map(|flat| {
            let check = check(cx, steps, &flat.ty, &quote!(v), &quote!(at));
            quote!((#check)?;)
        });
    if fields.is_empty() && additional.is_none() {
        // Nothing to read from the object: only its JSON type is checked.
        return quote! {
            if !v.is_object() {
                return Err(mismatch(at, "an object", v));
            }
            #flattened
            Ok(())
        };
    }
    quote! {
        let Some(object) = v.as_object() else {
            return Err(mismatch(at, "an object", v));
        };
        #(#fields)*
        #flattened
        #additional
        Ok(())
    }
}

/// An expression of type `Result<(), String>`: whether the JSON value `v` (at pointer `at`) has
/// the JSON type `ty` needs.
fn check(cx: &Cx, steps: &Steps, ty: &Ty, v: &TokenStream, at: &TokenStream) -> TokenStream {
    if accepts_anything(cx, ty) {
        return quote!(Ok::<(), String>(()));
    }
    let json_type = |test: TokenStream, expected: &str| {
        quote! {
            if #test { Ok(()) } else { Err(mismatch(#at, #expected, #v)) }
        }
    };
    match ty {
        Ty::Named(n) => match find(cx, n).map(|t| &t.shape) {
            Some(Shape::Enum(_)) => json_type(quote!(#v.is_string()), "a string"),
            Some(Shape::Form(_)) | None => quote!(Ok::<(), String>(())),
            Some(_) => {
                let f = type_fn_name(cx, n);
                quote!(#f(#v, #at))
            }
        },
        Ty::Boxed(inner) => check(cx, steps, inner, v, at),
        Ty::String | Ty::DateTime | Ty::Date | Ty::Uuid => {
            json_type(quote!(#v.is_string()), "a string")
        }
        Ty::Bool => json_type(quote!(#v.is_boolean()), "a boolean"),
        Ty::I32 | Ty::I64 => json_type(quote!(#v.is_i64() || #v.is_u64()), "an integer"),
        Ty::U64 => json_type(quote!(#v.is_u64()), "a non-negative integer"),
        Ty::F32 | Ty::F64 | Ty::Decimal => json_type(quote!(#v.is_number()), "a number"),
        Ty::DecimalText => json_type(quote!(#v.is_string()), "a string"),
        Ty::Bytes | Ty::File | Ty::Json => quote!(Ok::<(), String>(())),
        Ty::JsonMap => json_type(quote!(#v.is_object()), "an object"),
        // Each item is checked at its own pointer, bound as `at` before the closure's body (the
        // closures of nested containers shadow `i`, `key`, `x` and `at`).
        // Items any value passes are not walked (nothing to bind them to).
        Ty::Vec(item) if accepts_anything(cx, item) => json_type(quote!(#v.is_array()), "an array"),
        Ty::Vec(item) => {
            steps.index.set(true);
            let check = check(cx, steps, item, &quote!(x), &quote!(at));
            quote! {
                match #v.as_array() {
                    Some(items) => items.iter().enumerate().try_for_each(|(i, x)| {
                        let at = &Pointer::Index(#at, i);
                        #check
                    }),
                    None => Err(mismatch(#at, "an array", #v)),
                }
            }
        }
        Ty::Map(value) if accepts_anything(cx, value) => {
            json_type(quote!(#v.is_object()), "an object")
        }
        Ty::Map(value) => {
            steps.key.set(true);
            let check = check(cx, steps, value, &quote!(x), &quote!(at));
            quote! {
                match #v.as_object() {
                    Some(object) => object.iter().try_for_each(|(key, x)| {
                        let at = &Pointer::Key(#at, key);
                        #check
                    }),
                    None => Err(mismatch(#at, "an object", #v)),
                }
            }
        }
        Ty::Option(inner) => {
            let check = check(cx, steps, inner, v, at);
            quote! {
                if #v.is_null() { Ok(()) } else { #check }
            }
        }
        // An array of exactly these items, each checked at its own index.
        Ty::Tuple(items) => {
            let len = items.len();
            let expected = format!("an array of {len} items");
            let checks: Vec<TokenStream> = items
                .iter()
                .enumerate()
                .filter(|(_, item)| !accepts_anything(cx, item))
                .map(|(i, item)| {
                    let check = check(cx, steps, item, &quote!(x), &quote!(at));
                    steps.index.set(true);
                    let index = proc_macro2::Literal::usize_unsuffixed(i);
                    quote! {
                        {
                            let x = &items[#index];
                            let at = &Pointer::Index(#at, #index);
                            (#check)?;
                        }
                    }
                })
                .collect();
            let bound = if checks.is_empty() {
                quote!(_)
            } else {
                quote!(items)
            };
            quote! {
                match #v.as_array().filter(|items| items.len() == #len) {
                    Some(#bound) => {
                        #(#checks)*
                        Ok(())
                    }
                    None => Err(mismatch(#at, #expected, #v)),
                }
            }
        }
    }
}
