//! The server side: a trait with one async method per operation, typed response enums, and an
//! axum router that decodes requests into the trait's inputs. Behind `feature = "server"`.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

use super::models::{decimal_inside, DecimalForm};
use super::{doc_attrs_with, doc_lines, ty_tokens, type_ident, At, Cx};
use crate::ir::{
    BodyKind, Form, Method, Operation, Param, ParamLocation, QueryStyle, Response, ResponseBody,
    Shape, StatusMatch, Ty,
};
use crate::naming::{Name, Scope};

/// Methods an operation's method must not take: the router holds the server in an `Arc`, and a
/// method call on it finds these (of `Arc`, `Clone`, `Borrow`, ...) before the trait's.
pub(super) const ARC_METHODS: &[&str] = &[
    "clone",
    "clone_from",
    "to_owned",
    "into",
    "as_ref",
    "borrow",
    "fmt",
    "type_id",
];

/// What a trait method binds beside the parameters: `self` and the request's `ctx`.
pub(super) const TRAIT_ARGS: &[&str] = &["self", "ctx"];

/// What a handler binds or calls unqualified beside the parameters' locals (see [`handler`]):
/// its extractors and locals, and the server runtime's functions.
pub(super) const HANDLER_LOCALS: &[&str] = &[
    "server",
    "path",
    "query",
    "headers",
    "multipart",
    "bytes",
    "raw",
    "value",
    "form",
    "body",
    "ctx",
    "response_headers",
    "reply",
    "bad_request",
    "required",
    "optional",
    "header_one",
    "header_split",
    "cookie_one",
    "cookie_split",
    "or_default",
    "coerce",
    "coerce_list",
    "coerce_json",
    "split_list",
    "read_multipart",
    "read_optional_multipart",
    "parts",
    "read_form",
    "form_json",
    "form_number",
    "json_body",
];

pub(super) fn emit(cx: &Cx) -> TokenStream {
    let server = server_module(cx);
    let webhooks = webhooks_module(cx);
    quote!(#server #webhooks)
}

/// A list of skipped routes as doc lines (empty when none is).
fn skipped_doc(skipped: Vec<String>, what: &str) -> TokenStream {
    if skipped.is_empty() {
        return TokenStream::new();
    }
    let mut lines = vec![String::new(), format!("{what} the router cannot serve:")];
    lines.extend(skipped);
    doc_lines(&lines, None)
}

/// What a router over `ops` needs: the trait's methods, response enums, handlers (bound by
/// `bound`), JSON body checks, and the `.route(..)` calls.
fn service(cx: &Cx, ops: &[&Operation], bound: &proc_macro2::Ident) -> TokenStream {
    let response_enums = ops.iter().map(|op| response_enum(cx, op));
    let handlers = ops.iter().map(|op| handler(cx, op, bound));
    // The decoders of the multipart forms these operations read (the server and the webhook
    // receiver each declare their own; one nobody calls would be dead code).
    let read_forms: HashSet<&str> = ops
        .iter()
        .filter_map(|op| op.body.as_ref())
        .filter(|body| body.kind == BodyKind::Multipart)
        .filter_map(|body| match &body.ty {
            Ty::Named(n) => Some(n.as_str()),
            _ => None,
        })
        .collect();
    let forms = cx.api.types.iter().filter_map(|t| match &t.shape {
        Shape::Form(f) if read_forms.contains(t.name.as_str()) => {
            Some(form_decoder(cx, &t.name, f))
        }
        _ => None,
    });
    let strict = super::strict::emit(cx, ops);
    quote! {
        #(#response_enums)*
        #(#forms)*
        #(#handlers)*
        #strict
    }
}

fn server_module(cx: &Cx) -> TokenStream {
    let (ops, skipped) = served(cx, &cx.api.operations);
    let skipped_doc = skipped_doc(skipped, "Operations");
    let trait_methods = ops.iter().map(|op| trait_method(cx, op));
    let service = service(cx, &ops, &format_ident!("Server"));
    let routes = routes(cx, &ops);
    let lints = super::lints(super::Module::Server);
    let extractors = extractor_imports(&ops);
    // The reply enums and the handlers are what use it; a spec without operations has neither.
    let into_response = (!ops.is_empty()).then(|| {
        quote!(
            use axum::response::IntoResponse;
        )
    });
    quote! {
        /// The server side: implement [`server::Server`] and serve [`server::router`].
        #[cfg(feature = "server")]
        #lints
        pub mod server {
            use std::sync::Arc;

            #extractors
            #into_response

            pub use ::codegen_runtime::server::*;

            /// One async method per operation. Inputs arrive decoded and typed; the returned enum
            /// says the status and carries the typed body.
            pub trait Server: Send + Sync + 'static {
                #(#trait_methods)*
            }

            #service

            /// An axum router serving every operation through `server`.
            #skipped_doc
            pub fn router<S: Server>(server: S) -> axum::Router {
                router_with(Arc::new(server))
            }

            /// Like [`router`], sharing an `Arc` the caller keeps (to inspect the server's state).
            pub fn router_with<S: Server>(server: Arc<S>) -> axum::Router {
                axum::Router::new()
                    #routes
                    .with_state(server)
            }
        }
    }
}

/// The receiving side of the spec's webhooks (OpenAPI 3.1) and of its operations' callbacks: a
/// trait with one typed handler per webhook or callback operation, and a router serving each at
/// `/<webhook name>` (a callback at the path its URL expression ends in). Empty when the spec has
/// none.
fn webhooks_module(cx: &Cx) -> TokenStream {
    if cx.api.webhooks.is_empty() {
        return TokenStream::new();
    }
    let (ops, skipped) = served(cx, &cx.api.webhooks);
    let skipped_doc = skipped_doc(skipped, "Webhooks");
    let trait_methods = ops.iter().map(|op| trait_method(cx, op));
    let service = service(cx, &ops, &format_ident!("Webhooks"));
    let routes = routes(cx, &ops);
    let table: Vec<String> = ops
        .iter()
        .map(|op| {
            format!(
                "- `{} {}`: [`Webhooks::{}`]",
                op.method.as_str(),
                op.path,
                cx.names.operation(op).method
            )
        })
        .collect();
    let table = doc_lines(&table, None);
    let lints = super::lints(super::Module::Server);
    let extractors = extractor_imports(&ops);
    quote! {
        /// The webhooks and callbacks the API sends: implement [`webhooks::Webhooks`] and serve
        /// [`webhooks::router`] where the API delivers them.
        #[cfg(feature = "server")]
        #lints
        pub mod webhooks {
            use std::sync::Arc;

            #extractors
            use axum::response::IntoResponse;

            // The server runtime's helpers, which the handlers call (each some of them).
            use super::server::*;

            /// One async method per webhook or callback: the request the API sends arrives
            /// decoded and typed; the returned enum says the status to answer with.
            pub trait Webhooks: Send + Sync + 'static {
                #(#trait_methods)*
            }

            #service

            /// An axum router receiving every webhook and callback through `server`, each at its
            /// own path (nest it under the URL registered with the API):
            ///
            #table
            #skipped_doc
            pub fn router<S: Webhooks>(server: S) -> axum::Router {
                router_with(Arc::new(server))
            }

            /// Like [`router`], sharing an `Arc` the caller keeps (to inspect the receiver's state).
            pub fn router_with<S: Webhooks>(server: Arc<S>) -> axum::Router {
                axum::Router::new()
                    #routes
                    .with_state(server)
            }
        }
    }
}

/// The axum extractor the handlers of `ops` name (the path and query are the runtime's
/// `PathParams` and `QueryPairs`).
fn extractor_imports(ops: &[&Operation]) -> TokenStream {
    if ops.is_empty() {
        return TokenStream::new();
    }
    quote!(
        use axum::extract::State;
    )
}

/// Whether a handler of `op` reads the query string.
fn takes_query(op: &Operation) -> bool {
    op.params.iter().any(|p| p.location == ParamLocation::Query)
}

/// The operations the router serves, and a doc line for each it cannot: a path axum refuses (see
/// [`route_of`]), or the method and route of an operation before it (paths that differ only in
/// parameter names are the same path; the first operation keeps it).
fn served<'a>(cx: &Cx, operations: &'a [Operation]) -> (Vec<&'a Operation>, Vec<String>) {
    let mut served: Vec<(&Operation, String)> = Vec::new();
    let mut skipped = Vec::new();
    for op in operations {
        let reason = match route_of(op) {
            Err(reason) => reason.to_string(),
            Ok(route) => match served.iter().find(|(other, r)| {
                *r == route
                    && other.method == op.method
                    && segment_shapes(other) == segment_shapes(op)
                    && routed_query(other) == routed_query(op)
            }) {
                Some((other, _)) => format!(
                    "the same method and route as `{}` (`{}`)",
                    cx.names.operation(other).method,
                    other.path
                ),
                None => {
                    served.push((op, route));
                    continue;
                }
            },
        };
        skipped.push(format!(
            "- `{} {}`: {reason}",
            op.method.as_str(),
            op.written_path()
        ));
    }
    (served.into_iter().map(|(op, _)| op).collect(), skipped)
}

/// A segment's place in the path, and the literal text around its parameters.
type SegmentShape = (usize, Vec<String>);

/// The literal text around the parameters of each segment that holds any, by the segment's
/// place in the path (`/users/{user}:getStats` → `[(2, ["", ":getStats"])]`): operations on one
/// route (Google-style custom methods: `/users/{user}` and `/users/{user}:getStats`) differ in it.
fn segment_shapes(op: &Operation) -> Vec<SegmentShape> {
    op.path
        .split('/')
        .enumerate()
        .filter(|(_, segment)| is_captured(segment))
        .map(|(i, segment)| {
            let mut literals = Vec::new();
            let mut rest = segment;
            while let Some(open) = rest.find('{') {
                let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
                literals.push(rest[..open].to_string());
                rest = &rest[close..];
            }
            literals.push(rest.to_string());
            (i, literals)
        })
        .collect()
}

/// Whether the router captures a path segment whole: one holding a parameter, or literal text
/// that axum would read as its old capture syntax (`:name`, `*rest`) and refuse, such as
/// `/instance/{id}/*` or `/v1/:batchGet`; the text is then checked by [`dispatcher`].
fn is_captured(segment: &str) -> bool {
    segment.contains('{') || is_guarded_literal(segment)
}

/// A literal segment that must be captured and compared (see [`is_captured`]).
fn is_guarded_literal(segment: &str) -> bool {
    !segment.contains('{') && segment.starts_with([':', '*'])
}

/// A path parameter's place: the segment that holds it (axum captures whole segments, so
/// `/{Sid}.json` is routed as `/{p0}` and the handler strips `.json`), the literal text around
/// the segment's parameters (`["", ".json"]`; `["", ".", ""]` for `{name}.{format}`), and which
/// of them it is.
struct Capture {
    segment: usize,
    literals: Vec<String>,
    index: usize,
}

/// Each path parameter's [`Capture`], in order; `None` when two parameters of one segment have
/// no text between them (`{a}{b}`), which no split can tell apart.
fn captures(op: &Operation) -> Option<Vec<Capture>> {
    let mut out = Vec::new();
    let mut segment_index = 0;
    for segment in op.path.split('/') {
        if is_guarded_literal(segment) {
            segment_index += 1;
            continue;
        }
        if !segment.contains('{') {
            continue;
        }
        let mut literals = Vec::new();
        let mut rest = segment;
        while let Some(open) = rest.find('{') {
            let close = open + rest[open..].find('}')?;
            literals.push(rest[..open].to_string());
            rest = &rest[close + 1..];
        }
        literals.push(rest.to_string());
        if literals[1..literals.len() - 1].iter().any(String::is_empty) {
            return None;
        }
        for index in 0..literals.len() - 1 {
            out.push(Capture {
                segment: segment_index,
                literals: literals.clone(),
                index,
            });
        }
        segment_index += 1;
    }
    Some(out)
}

/// The route of an operation, with each segment holding a path parameter (or literal text axum
/// would misread, see [`is_captured`]) captured whole and named by position (so operations that
/// name the same segment differently share one route), or why axum cannot route it (its
/// `Router::route` would panic on the last one).
fn route_of(op: &Operation) -> Result<String, &'static str> {
    if captures(op).is_none() {
        return Err("two path parameters share a segment with no text between them");
    }
    if !op.path.starts_with('/') {
        return Err("the path does not start with `/`");
    }
    let mut index = 0;
    let segments: Vec<String> = op
        .path
        .split('/')
        .map(|segment| {
            if is_captured(segment) {
                index += 1;
                format!("{{p{}}}", index - 1)
            } else {
                segment.to_string()
            }
        })
        .collect();
    let route = segments.join("/");
    Ok(if route.is_empty() { "/".into() } else { route })
}

fn routes(cx: &Cx, ops: &[&Operation]) -> TokenStream {
    let mut grouped: Vec<(String, Vec<&Operation>)> = Vec::new();
    for op in ops {
        let Ok(route) = route_of(op) else { continue };
        match grouped.iter_mut().find(|(r, _)| *r == route) {
            Some((_, list)) => list.push(op),
            None => grouped.push((route, vec![op])),
        }
    }
    let calls = grouped.iter().map(|(route, list)| {
        // One handler per method: several operations of one method here differ in the text
        // around their parameters, and a dispatcher picks the one the request's path matches.
        let mut by_method: Vec<(Method, Vec<&Operation>)> = Vec::new();
        for op in list {
            match by_method.iter_mut().find(|(m, _)| *m == op.method) {
                Some((_, same)) => same.push(op),
                None => by_method.push((op.method, vec![op])),
            }
        }
        let methods = by_method.iter().enumerate().map(|(i, (method, same))| {
            let guarded = |op: &Operation| {
                op.path.split('/').any(is_guarded_literal) || !op.fixed_query().is_empty()
            };
            let handler = match same.as_slice() {
                [op] if !guarded(op) => {
                    let handler = &cx.names.operation(op).handler;
                    quote!(#handler::<S>)
                }
                _ => dispatcher(cx, same),
            };
            let m = match method {
                Method::Get => "get",
                Method::Put => "put",
                Method::Post => "post",
                Method::Delete => "delete",
                Method::Options => "options",
                Method::Head => "head",
                Method::Patch => "patch",
                Method::Trace => "trace",
            };
            let m = format_ident!("{}", m);
            if i == 0 {
                quote!(axum::routing::#m(#handler))
            } else {
                quote!(.#m(#handler))
            }
        });
        quote!(.route(#route, #(#methods)*))
    });
    quote!(#(#calls)*)
}

/// The pairs the server looks for in a request's query to pick `op`: a key written alone
/// (`?refresh`) matches as one with an empty value, as `refresh=` does.
fn routed_query(op: &Operation) -> Vec<(String, String)> {
    op.fixed_query()
        .into_iter()
        .map(|(name, value)| (name, value.unwrap_or_default()))
        .collect()
}

/// A handler for operations of one method and route: the first whose segments' literal text the
/// request's path has, the most literal text first (`{user}:getStats` before `{user}`), and whose
/// path's query string (`/responses?beta=true`) the request's query holds, the most pairs first;
/// or 404.
fn dispatcher(cx: &Cx, ops: &[&Operation]) -> TokenStream {
    // Each operation with what tells it apart: its segments' literal text, its path's query.
    let mut ordered: Vec<_> = ops
        .iter()
        .map(|op| (*op, segment_shapes(op), routed_query(op)))
        .collect();
    let literal_len = |shapes: &[SegmentShape]| -> usize {
        shapes
            .iter()
            .flat_map(|(_, literals)| literals.iter().map(String::len))
            .sum()
    };
    // Stable: operations with as much literal text keep the spec's order.
    // One with nothing to check (`/responses` beside `/responses?beta=true`) comes last: it takes
    // what the others do not.
    ordered.sort_by_key(|(_, shapes, query)| {
        (
            std::cmp::Reverse(literal_len(shapes)),
            std::cmp::Reverse(query.len()),
            shapes.is_empty() && query.is_empty(),
        )
    });
    let fallback = match ordered.last() {
        Some((op, shapes, query)) if shapes.is_empty() && query.is_empty() => {
            let handler = &cx.names.operation(op).handler;
            ordered.pop();
            quote!(axum::handler::Handler::call(#handler::<S>, request, server).await)
        }
        _ => quote!(self::empty_response(404)),
    };
    let tries = ordered.iter().map(|(op, shapes, query)| {
        let handler = &cx.names.operation(op).handler;
        let mut checks: Vec<TokenStream> = shapes.iter().map(|(i, literals)| {
            let i = proc_macro2::Literal::usize_unsuffixed(*i);
            quote!(self::segment_matches(segments.get(#i).copied().unwrap_or_default(), &[#(#literals),*]))
        }).collect();
        if !query.is_empty() {
            let pairs = query.iter().map(|(n, v)| quote!((#n, #v)));
            checks.push(quote!(self::query_has(request.uri().query(), &[#(#pairs),*])));
        }
        quote! {
            if #(#checks)&&* {
                return axum::handler::Handler::call(#handler::<S>, request, server).await;
            }
        }
    });
    // (Operations told apart by their query strings alone read no segment.)
    let segments = ordered
        .iter()
        .any(|(_, shapes, _)| !shapes.is_empty())
        .then(|| {
            quote! {
                let path = request.uri().path().to_owned();
                let segments: Vec<&str> = path.split('/').collect();
            }
        });
    quote! {
        |axum::extract::State(server): axum::extract::State<Arc<S>>, request: axum::extract::Request| async move {
            #segments
            #(#tries)*
            #fallback
        }
    }
}

fn body_ty(body: &ResponseBody) -> Option<TokenStream> {
    match body {
        ResponseBody::Empty => None,
        ResponseBody::Json(ty) => Some(ty_tokens(ty, At::Sibling)),
        ResponseBody::Text => Some(quote!(String)),
        ResponseBody::Binary => Some(quote!(bytes::Bytes)),
    }
}

fn response_enum(cx: &Cx, op: &Operation) -> TokenStream {
    let names = cx.names.operation(op);
    let name = &names.reply;
    let named: Vec<(&Response, &Name)> = op.responses.iter().zip(&names.responses).collect();
    let variants = named.iter().map(|(r, v)| {
        let doc = doc_lines(&[super::status_doc(r)], None);
        match (body_ty(&r.body), r.status) {
            (None, StatusMatch::Code(_)) => quote!(#doc #v,),
            (Some(ty), StatusMatch::Code(_)) => quote!(#doc #v(#ty),),
            (None, _) => quote!(#doc #v { status: u16 },),
            (Some(ty), _) => quote!(#doc #v { status: u16, body: #ty },),
        }
    });
    let arms = named.iter().map(|(r, v)| {
        let (pattern, status) = match (r.status, &r.body) {
            (StatusMatch::Code(c), ResponseBody::Empty) => (
                quote!(Self::#v),
                proc_macro2::Literal::u16_unsuffixed(c).into_token_stream(),
            ),
            (StatusMatch::Code(c), _) => (
                quote!(Self::#v(body)),
                proc_macro2::Literal::u16_unsuffixed(c).into_token_stream(),
            ),
            (_, ResponseBody::Empty) => (quote!(Self::#v { status }), quote!(status)),
            _ => (quote!(Self::#v { status, body }), quote!(status)),
        };
        let encode = match &r.body {
            ResponseBody::Empty => quote!(empty_response(#status)),
            ResponseBody::Json(ty) => match decimal_inside(cx, ty).map(DecimalForm::wrapper) {
                Some(wrapper) => quote!(json_response(#status, &#wrapper(&body))),
                None => quote!(json_response(#status, &body)),
            },
            ResponseBody::Text => quote!(raw_response(#status, "text/plain; charset=utf-8", body)),
            ResponseBody::Binary => quote!(raw_response(#status, "application/octet-stream", body)),
        };
        quote!(#pattern => #encode,)
    });
    let doc = format!(" The responses `{}` may send.", names.method);
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }

        impl IntoResponse for #name {
            fn into_response(self) -> axum::response::Response {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

/// The parameters in the order the trait method takes them (path parameters in path order, then
/// the others), each with its name.
fn ordered_params<'a>(cx: &'a Cx, op: &'a Operation) -> Vec<(&'a Param, &'a Name)> {
    let named: Vec<(&Param, &Name)> = op
        .params
        .iter()
        .zip(&cx.names.operation(op).params)
        .collect();
    let mut ordered: Vec<(&Param, &Name)> = op
        .path_params()
        .into_iter()
        .filter_map(|(i, _)| named.get(i).copied())
        .collect();
    ordered.extend(
        named
            .iter()
            .filter(|(p, _)| p.location != ParamLocation::Path),
    );
    ordered
}

fn param_ty(p: &Param) -> TokenStream {
    let ty = ty_tokens(&p.ty, At::Sibling);
    if p.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

fn body_arg<'a>(cx: &'a Cx, op: &Operation) -> Option<(&'a Name, TokenStream)> {
    let body = op.body.as_ref()?;
    let ty = match body.kind {
        BodyKind::Json | BodyKind::Form | BodyKind::Multipart => ty_tokens(&body.ty, At::Sibling),
        BodyKind::Binary => quote!(bytes::Bytes),
        BodyKind::Text => quote!(String),
    };
    let ty = if body.required {
        ty
    } else {
        quote!(Option<#ty>)
    };
    Some((cx.names.operation(op).body.as_ref()?, ty))
}

fn trait_method(cx: &Cx, op: &Operation) -> TokenStream {
    let names = cx.names.operation(op);
    let name = &names.method;
    let mut extra = vec![format!("`{} {}`", op.method.as_str(), op.written_path())];
    let declared = super::declared_headers(&op.responses);
    if !declared.is_empty() {
        extra.push(String::new());
        extra.push(
            "The response headers the spec declares (set them with \
             [`RequestContext::set_response_header`]):"
                .into(),
        );
        extra.extend(declared);
    }
    let docs = doc_attrs_with(&op.docs, &extra);
    let params = ordered_params(cx, op).into_iter().map(|(p, n)| {
        let ty = param_ty(p);
        quote!(#n: #ty)
    });
    let body = body_arg(cx, op).map(|(n, ty)| quote!(#n: #ty));
    let ret = &names.reply;
    let args = params.chain(body);
    quote! {
        #docs
        fn #name(&self, ctx: RequestContext, #(#args),*) -> impl std::future::Future<Output = #ret> + Send;
    }
}

fn is_list(ty: &Ty) -> bool {
    matches!(ty, Ty::Vec(_))
}

fn handler(cx: &Cx, op: &Operation, bound: &proc_macro2::Ident) -> TokenStream {
    let names = cx.names.operation(op);
    let (name, method) = (&names.handler, &names.method);
    let mut path_index = 0usize;
    let captures = captures(op).unwrap_or_default();
    // Where in the path each path parameter is first named: a variable named twice is read from
    // its first place.
    let places: Vec<usize> = op
        .path_params()
        .into_iter()
        .map(|(_, place)| place)
        .collect();
    let mut decodes = Vec::new();
    // Each parameter is decoded into a local of its own, apart from what the handler binds.
    let mut locals = Scope::reserving(HANDLER_LOCALS.iter().copied());
    let mut args = Vec::new();
    for (p, public) in ordered_params(cx, op) {
        let n = locals.claim(public.clone());
        args.push(n.clone());
        let wire = &p.wire;
        let ty = param_ty(p);
        let decode = match p.location {
            ParamLocation::Path => {
                let capture = captures.get(places.get(path_index).copied().unwrap_or(path_index));
                let key = format!("p{}", capture.map_or(path_index, |c| c.segment));
                // Text beside the parameter in its segment must be there, or the path is not this
                // operation's.
                let segment = capture.and_then(|c| match c.literals.as_slice() {
                    [prefix, suffix] if prefix.is_empty() && suffix.is_empty() => None,
                    literals => {
                        let index = proc_macro2::Literal::usize_unsuffixed(c.index);
                        Some(quote!(path.segment(#key, &[#(#literals),*], #index)?))
                    }
                });
                path_index += 1;
                let (one, many) = (coerce_param(cx, p), coerce_many(cx, &p.ty));
                let list = (is_list(&p.ty) && !p.json).then(|| delimiter(p.style));
                match (segment, list) {
                    (None, None) => quote! { let #n: #ty = path.read(#key, #wire, #one)?; },
                    (None, Some(delimiter)) => quote! {
                        let #n: #ty = path.read(#key, #wire, |name, raw| #many(name, &split_list(raw, #delimiter)))?;
                    },
                    (Some(segment), list) => {
                        let read = match list {
                            Some(delimiter) => quote!(#many(#wire, &split_list(raw, #delimiter))),
                            None => quote!(#one(#wire, raw)),
                        };
                        quote! {
                            let raw = #segment;
                            let #n: #ty = #read.map_err(bad_request)?;
                        }
                    }
                }
            }
            ParamLocation::Query => {
                let (one, many) = (coerce_param(cx, p), coerce_many(cx, &p.ty));
                let read = if p.style == QueryStyle::DeepObject && !p.json {
                    quote!(query.deep_object(#wire))
                } else if is_list(&p.ty) && !p.json {
                    // An exploded list is one pair per item; any other, one delimited value.
                    if p.explode && p.style == QueryStyle::Form {
                        quote!(query.exploded(#wire, #many))
                    } else {
                        let delimiter = delimiter(p.style);
                        quote!(query.split(#wire, #delimiter, #many))
                    }
                } else if p.allow_empty && p.ty != Ty::String {
                    quote!(query.one_nonempty(#wire, #one))
                } else {
                    quote!(query.one(#wire, #one))
                };
                let value = finish_optional(p, with_default(p, read));
                quote! { let #n: #ty = #value; }
            }
            ParamLocation::Header | ParamLocation::Cookie => {
                let header = p.location == ParamLocation::Header;
                let (one, many) = (coerce_param(cx, p), coerce_many(cx, &p.ty));
                let read = if is_list(&p.ty) && !p.json {
                    let delimiter = delimiter(p.style);
                    let split = if header {
                        quote!(header_split)
                    } else {
                        quote!(cookie_split)
                    };
                    quote!(#split(&headers, #wire, #delimiter, #many))
                } else {
                    let read = if header {
                        quote!(header_one)
                    } else {
                        quote!(cookie_one)
                    };
                    quote!(#read(&headers, #wire, #one))
                };
                let value = finish_optional(p, with_default(p, read));
                quote! { let #n: #ty = #value; }
            }
        };
        decodes.push(decode);
    }
    let mut extractors = vec![quote!(State(server): State<Arc<S>>)];
    if path_index > 0 {
        extractors.push(quote!(path: PathParams));
    }
    // The query string is read only by a handler with query parameters.
    if takes_query(op) {
        extractors.push(quote!(query: QueryPairs));
    }
    extractors.push(quote!(headers: axum::http::HeaderMap));
    let body_decode = op.body.as_ref().map(|body| {
        let required = body.required;
        match body.kind {
            BodyKind::Multipart => {
                extractors.push(quote!(multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>));
                let decoder = match &body.ty {
                    Ty::Named(n) => cx.names.decode_fn(n),
                    _ => Name::plain("decode_unknown_form"),
                };
                if required {
                    quote! {
                        let parts = read_multipart(multipart).await?;
                        let form = self::#decoder(&parts).map_err(bad_request)?;
                    }
                } else {
                    quote! {
                        let form = match read_optional_multipart(multipart).await? {
                            Some(parts) => Some(self::#decoder(&parts).map_err(bad_request)?),
                            None => None,
                        };
                    }
                }
            }
            kind => {
                extractors.push(quote!(bytes: bytes::Bytes));
                let parse = match kind {
                    BodyKind::Json => {
                        let check = &names.body_check;
                        match decimal_inside(cx, &body.ty).map(DecimalForm::reader) {
                            Some(reader) => quote!(self::json_body(&bytes, self::strict::#check).map(|#reader(body)| body)),
                            None => quote!(self::json_body(&bytes, self::strict::#check)),
                        }
                    }
                    BodyKind::Form => form_body_decoder(cx, body),
                    BodyKind::Text => quote!(String::from_utf8(bytes.to_vec()).map_err(|_| "the body is not UTF-8 text".to_string())),
                    _ => quote!(Ok::<_, String>(bytes.clone())),
                };
                if required {
                    quote! { let body = #parse.map_err(bad_request)?; }
                } else {
                    quote! { let body = if bytes.is_empty() { None } else { Some(#parse.map_err(bad_request)?) }; }
                }
            }
        }
    });
    // The body is decoded into `form` or `body` (reserved above).
    let body_local = op.body.as_ref().map(|b| match b.kind {
        BodyKind::Multipart => quote!(form),
        _ => quote!(body),
    });
    let call_args = args.iter().map(|a| quote!(#a)).chain(body_local);
    quote! {
        async fn #name<S: #bound>(#(#extractors),*) -> HandlerResult {
            #(#decodes)*
            #body_decode
            let (ctx, response_headers) = RequestContext::for_route(headers);
            let reply = server.#method(ctx, #(#call_args),*).await;
            Ok(response_headers.apply(reply))
        }
    }
}

/// Reads an `application/x-www-form-urlencoded` body (an expression of type
/// `Result<Body, String>`): each property of the body's struct as its `encoding` says and as its
/// type reads it (the runtime's `read_form`).
fn form_body_decoder(cx: &Cx, body: &crate::ir::Body) -> TokenStream {
    let fields = match &body.ty {
        Ty::Named(name) => {
            cx.api
                .types
                .iter()
                .find(|t| &t.name == name)
                .and_then(|t| match &t.shape {
                    Shape::Struct(s) => Some(&s.fields),
                    _ => None,
                })
        }
        _ => None,
    };
    let properties = fields.into_iter().flatten().map(|f| {
        let wire = &f.wire;
        let encoding = body.form_fields.iter().find(|e| &e.wire == wire);
        let ty = ty_tokens(&f.ty, At::Sibling);
        let decimal = match cx.resolve(&f.ty) {
            Ty::Vec(item) => is_decimal(cx, item),
            other => is_decimal(cx, other),
        };
        let read = if decimal {
            quote!(form_number)
        } else {
            quote!(form_json::<#ty>)
        };
        let property = if is_list(&f.ty) {
            let (explode, delim) =
                encoding.map_or((true, ','), |e| (e.explode, delimiter(e.style)));
            quote!(FormProperty::list(#wire, #explode, #delim, #read))
        } else {
            quote!(FormProperty::scalar(#wire, #read))
        };
        if encoding.is_some_and(|e| e.allow_empty) {
            quote!(#property.allow_empty())
        } else {
            property
        }
    });
    quote!(read_form(&bytes, &[#(#properties),*]))
}

/// The character a non-exploded array parameter's items are separated by.
fn delimiter(style: QueryStyle) -> char {
    match style {
        QueryStyle::SpaceDelimited => ' ',
        QueryStyle::PipeDelimited => '|',
        QueryStyle::TabDelimited => '\t',
        QueryStyle::Form | QueryStyle::DeepObject => ',',
    }
}

/// `read` (an expression of type `Result<Option<T>, String>`), with the parameter's spec default
/// taken when it was not sent.
fn with_default(p: &Param, read: TokenStream) -> TokenStream {
    let Some(default) = &p.default else {
        return read;
    };
    let text = default.to_string();
    let wire = &p.wire;
    quote!(or_default(#wire, #read, #text))
}

/// The parameter's value from `read` (as [`with_default`] takes it), ending the handler with a
/// 400 when it cannot be read, or is required and was not sent.
fn finish_optional(p: &Param, read: TokenStream) -> TokenStream {
    let wire = &p.wire;
    if p.required {
        quote!(required(#wire, #read)?)
    } else {
        quote!(optional(#read)?)
    }
}

/// The function that reads one parameter's text: as [`coerce_one`] does, or as JSON text for a
/// parameter sent so (its decimals, outside models, with exact digits).
fn coerce_param(cx: &Cx, p: &Param) -> TokenStream {
    match (p.json, decimal_inside(cx, &p.ty)) {
        (true, Some(DecimalForm::Number)) => quote!(super::runtime::coerce_json_decimal),
        (true, Some(DecimalForm::Text)) => quote!(super::runtime::coerce_json_decimal_text),
        (true, None) => quote!(coerce_json),
        (false, _) => coerce_one(cx, &p.ty),
    }
}

/// The function that reads one text as `ty`: exact digits for a decimal (serde's reading goes
/// through rust_decimal's parser, which rounds past 28 places).
fn coerce_one(cx: &Cx, ty: &Ty) -> TokenStream {
    if is_decimal(cx, ty) {
        quote!(super::runtime::coerce_decimal)
    } else {
        quote!(coerce)
    }
}

/// Whether `ty` is a decimal (as text, a number or a string on the JSON wire read alike).
fn is_decimal(cx: &Cx, ty: &Ty) -> bool {
    matches!(cx.resolve(ty), Ty::Decimal | Ty::DecimalText)
}

/// The function that reads a list of texts as `ty`, as [`coerce_one`] reads one.
fn coerce_many(cx: &Cx, ty: &Ty) -> TokenStream {
    match cx.resolve(ty) {
        Ty::Vec(item) if is_decimal(cx, item) => {
            quote!(super::runtime::coerce_decimal_list)
        }
        _ => quote!(coerce_list),
    }
}

fn form_decoder(cx: &Cx, name: &str, form: &Form) -> TokenStream {
    let ty = type_ident(name);
    let fn_name = cx.names.decode_fn(name);
    // Each part is read into a local (apart from the `parts` argument), then the struct is built.
    let mut locals = Scope::reserving(["parts"]);
    let mut reads = Vec::new();
    let mut inits = Vec::new();
    for f in &form.fields {
        let field = &cx.names.form_field(f).name;
        let local = locals.claim(field.clone());
        let wire = &f.wire;
        let (one, many) = (coerce_one(cx, &f.ty), coerce_many(cx, &f.ty));
        let value = match &f.ty {
            Ty::File => quote!(parts.iter().find(|p| p.name == #wire).map(|p| p.file())),
            Ty::Vec(inner) if **inner == Ty::File => {
                quote!({ let files: Vec<_> = parts.iter().filter(|p| p.name == #wire).map(|p| p.file()).collect(); (!files.is_empty()).then_some(files) })
            }
            _ if f.content_type.contains("json") => quote! {
                match parts.iter().find(|p| p.name == #wire) {
                    Some(p) => Some(serde_json::from_slice(&p.bytes).map_err(|e| format!("part `{}`: {e}", #wire))?),
                    None => None,
                }
            },
            Ty::Vec(_) => {
                let explode = f.explode;
                let delimiter = delimiter(f.style);
                quote! {{
                    let texts = parts.iter().filter(|p| p.name == #wire).map(|p| p.text(#wire)).collect::<Result<Vec<_>, _>>()?;
                    if texts.is_empty() {
                        None
                    } else {
                        let items: Vec<String> = if #explode { texts } else { texts.iter().flat_map(|t| split_list(t, #delimiter)).collect() };
                        Some(#many(#wire, &items)?)
                    }
                }}
            }
            _ => quote! {
                match parts.iter().find(|p| p.name == #wire) {
                    Some(p) => Some(#one(#wire, &p.text(#wire)?)?),
                    None => None,
                }
            },
        };
        reads.push(quote!(let #local = #value;));
        inits.push(if f.required {
            quote!(#field: match #local { Some(v) => v, None => return Err(format!("missing required part `{}`", #wire)) },)
        } else if local == *field {
            quote!(#field,)
        } else {
            quote!(#field: #local,)
        });
    }
    if form.other_parts {
        // Every part the spec does not name, in the order received.
        let field = &cx.names.other_parts(form).0;
        let named: Vec<&str> = form.fields.iter().map(|f| f.wire.as_str()).collect();
        let unnamed = (!named.is_empty())
            .then(|| quote!(.filter(|p| ![#(#named),*].contains(&p.name.as_str()))));
        inits.push(quote! {
            #field: parts
                .iter()
                #unnamed
                .map(|p| (p.name.clone(), p.file()))
                .collect(),
        });
    }
    // A form without fields reads no part.
    let parts = if form.fields.is_empty() && !form.other_parts {
        quote!(_)
    } else {
        quote!(parts)
    };
    quote! {
        /// Decodes the parts of a multipart body into the form type.
        fn #fn_name(#parts: &[RawPart]) -> Result<super::types::#ty, String> {
            #(#reads)*
            Ok(super::types::#ty {
                #(#inits)*
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// `tests/fixtures/param_names.yaml` names a parameter like every name reserved beside the
    /// parameters, and an operation like every method name reserved: its crate compiling (and
    /// `tests/fixture-check/tests/param_names.rs` round-tripping every value) is what shows that
    /// nothing a parameter or method is named shadows or repeats what the emitters bind.
    #[test]
    fn the_param_names_fixture_uses_every_reserved_name() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/param_names.yaml"
        );
        let text = std::fs::read_to_string(path).expect("the fixture is readable");
        let spec: serde_yaml::Value = serde_yaml::from_str(&text).expect("the fixture is YAML");
        let mut params = BTreeSet::new();
        let mut operations = BTreeSet::new();
        for item in spec["paths"].as_mapping().expect("paths").values() {
            for op in item.as_mapping().expect("a path item").values() {
                if let Some(id) = op["operationId"].as_str() {
                    operations.insert(id.to_string());
                }
                for p in op["parameters"].as_sequence().into_iter().flatten() {
                    params.insert(p["name"].as_str().expect("a name").to_string());
                }
            }
        }
        let reserved_params = super::HANDLER_LOCALS
            .iter()
            .chain(super::TRAIT_ARGS)
            .chain(super::super::client::CALL_MEMBERS);
        let missing: Vec<&&str> = reserved_params.filter(|n| !params.contains(**n)).collect();
        assert!(missing.is_empty(), "no parameter is named {missing:?}");
        let reserved_methods = super::ARC_METHODS
            .iter()
            .chain(super::super::client::CLIENT_METHODS);
        let missing: Vec<&&str> = reserved_methods
            .filter(|n| !operations.contains(**n))
            .collect();
        assert!(missing.is_empty(), "no operation is named {missing:?}");
    }
}
