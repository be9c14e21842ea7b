//! The async client: one method per operation, typed success and error responses.

use proc_macro2::TokenStream;
use quote::quote;

use super::models::{decimal_inside, DecimalForm};
use super::{article, declared_headers, doc_attrs_with, doc_lines, ty_tokens, type_ident, At, Cx};
use crate::ir::{
    BodyKind, Form, Method, Operation, Param, ParamLocation, PathSegment, QueryStyle, Response,
    ResponseBody, Shape, StatusMatch, Ty,
};
use crate::naming::Name;

/// The generated `Client`'s own methods, which an operation's method must not repeat.
pub(super) const CLIENT_METHODS: &[&str] = &["builder", "base_url"];

/// What a client method and its call bind beside the parameters, which are the call's fields
/// and setters: `self`, the call's `client` field and its `send`, `send_with_response` and
/// `into_exchange` methods (`client` is also the doc example's local).
pub(super) const CALL_MEMBERS: &[&str] = &[
    "self",
    "client",
    "send",
    "send_with_response",
    "into_exchange",
];

/// The client's default base URL: the spec's first absolute server.
fn default_server<'c>(cx: &'c Cx) -> Option<&'c str> {
    cx.api
        .servers
        .iter()
        .find(|s| s.starts_with("http://") || s.starts_with("https://"))
        .map(String::as_str)
}

pub(super) fn emit(cx: &Cx) -> TokenStream {
    let core = emit_core();
    let default_url = match default_server(cx) {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let user_agent = format!(
        "{}/{} (generated client)",
        cx.api.title.replace(['\n', '\r'], " "),
        cx.api.version.replace(['\n', '\r'], " ")
    );
    let error_body = emit_error_body(cx);
    let auth = emit_auth(cx);
    let success_enums = cx
        .api
        .operations
        .iter()
        .filter_map(|op| success_enum(cx, op));
    let methods = cx.api.operations.iter().map(|op| emit_method(cx, op));
    let forms = cx.api.types.iter().filter_map(|t| match &t.shape {
        Shape::Form(f) => Some(emit_multipart(cx, &t.name, f)),
        _ => None,
    });
    let lints = super::lints(super::Module::Client);
    quote! {
        /// The async client and its errors.
        #lints
        pub mod client {
            #core

            /// The spec's first absolute server URL, used when the builder is given none.
            pub const DEFAULT_BASE_URL: Option<&str> = #default_url;

            /// The `User-Agent` sent unless the builder sets another.
            pub const DEFAULT_USER_AGENT: &str = #user_agent;

            #error_body
            #auth
            #(#success_enums)*

            #(#methods)*

            #(#forms)*
        }
    }
}

fn emit_error_body(cx: &Cx) -> TokenStream {
    let variants = cx.names.error_bodies().iter().map(|(ty, name)| {
        let ty = ty_tokens(ty, At::Sibling);
        let doc = format!(" {} `{name}` body.", article(name.as_str()));
        quote!(#[doc = #doc] #name(#ty),)
    });
    let display_arms = cx
        .names
        .error_bodies()
        .iter()
        .map(|(_, name)| quote!(ErrorBody::#name(body) => write_json(f, body),));
    // Without error bodies the enum is empty and the formatter unused.
    let (formatter, display) = if cx.api.error_bodies.is_empty() {
        (quote!(_), quote!(match *self {}))
    } else {
        (quote!(f), quote!(match self { #(#display_arms)* }))
    };
    // What each operation's `decode` reads (unused, so absent, without operations).
    let response = (!cx.api.operations.is_empty()).then(|| {
        quote! {
            /// A response as the runtime read it, for an operation to decode.
            type Response = RawResponse<ErrorBody>;
        }
    });
    quote! {
        /// Everything that can go wrong with a call, with the spec's error bodies typed. No
        /// variant's `Display` or `Debug` ever contains a credential.
        pub type Error = ::codegen_runtime::client::Error<ErrorBody>;

        #response

        /// The typed body of a documented error response.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum ErrorBody {
            #(#variants)*
        }

        /// The body as compact JSON, as the server sent it (less what the type does not keep).
        impl std::fmt::Display for ErrorBody {
            fn fmt(&self, #formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                #display
            }
        }
    }
}

/// What every generated client has: the runtime's client items it re-exports, and `Client` and
/// `ClientBuilder`, wrappers of the runtime's core (so that the operations and the spec's
/// credentials are their own methods).
fn emit_core() -> TokenStream {
    let builder_docs = doc_lines(
        &BUILDER_DOCS.lines().map(str::to_string).collect::<Vec<_>>(),
        None,
    );
    quote! {
        pub use ::codegen_runtime::client::{
            Attempt, BoxError, BoxFuture, Interceptor, Outcome, DEFAULT_MAX_RESPONSE_BYTES,
            DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_AFTER, DEFAULT_MAX_RETRY_BACKOFF,
            DEFAULT_RETRY_BACKOFF, DEFAULT_RETRY_BUDGET_EXTRA_LOAD,
            DEFAULT_RETRY_BUDGET_MIN_PER_SECOND,
        };
        use ::codegen_runtime::client::*;

        #builder_docs
        #[derive(Default)]
        pub struct ClientBuilder(Builder);

        impl std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl ClientBuilder {
            /// The API's base URL (scheme, host, optional path prefix). Defaults to
            /// [`DEFAULT_BASE_URL`], the spec's first absolute server.
            pub fn base_url(self, url: impl Into<String>) -> Self {
                Self(self.0.base_url(url))
            }

            /// A timeout for each attempt of a request, response body included (a retried call
            /// can take up to `max_retries + 1` times as long, plus the waits between attempts).
            pub fn timeout(self, timeout: std::time::Duration) -> Self {
                Self(self.0.timeout(timeout))
            }

            /// A timeout for establishing connections (ignored with [`Self::http_client`]).
            pub fn connect_timeout(self, timeout: std::time::Duration) -> Self {
                Self(self.0.connect_timeout(timeout))
            }

            /// The `User-Agent` header (default [`DEFAULT_USER_AGENT`]).
            pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
                Self(self.0.user_agent(user_agent))
            }

            /// Uses this `reqwest::Client` (for proxies, custom TLS, connection pools). Its
            /// redirect policy is then the caller's: the default client never follows a redirect
            /// to another origin, so credentials cannot leak through one. The client's own
            /// retries (and interceptors) still apply.
            pub fn http_client(self, client: reqwest::Client) -> Self {
                Self(self.0.http_client(client))
            }

            /// The largest response body accepted, in bytes (default
            /// [`DEFAULT_MAX_RESPONSE_BYTES`]).
            pub fn max_response_bytes(self, limit: usize) -> Self {
                Self(self.0.max_response_bytes(limit))
            }

            /// How many times an idempotent request (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`)
            /// is retried after a connection failure or a `429`, `502`, `503` or `504` (default
            /// [`DEFAULT_MAX_RETRIES`]); `0` turns retries off. `POST` and `PATCH` are never
            /// retried, whatever this says.
            pub fn max_retries(self, retries: u32) -> Self {
                Self(self.0.max_retries(retries))
            }

            /// The wait before the first retry, doubling for each further one (plus random
            /// jitter of up to as much again), and the longest wait (defaults
            /// [`DEFAULT_RETRY_BACKOFF`] and [`DEFAULT_MAX_RETRY_BACKOFF`]). `build` fails if
            /// `first` is longer than `max`.
            pub fn retry_backoff(self, first: std::time::Duration, max: std::time::Duration) -> Self {
                Self(self.0.retry_backoff(first, max))
            }

            /// The longest `Retry-After` waited for (default [`DEFAULT_MAX_RETRY_AFTER`]). A
            /// retryable answer asking for a longer wait is returned to the caller without a
            /// retry.
            pub fn max_retry_after(self, cap: std::time::Duration) -> Self {
                Self(self.0.max_retry_after(cap))
            }

            /// The retry budget shared by this client's clones: over a sliding 10 s window,
            /// retries may add `extra_load` times the calls made (0.2 is 20 %, at most 1000), on
            /// top of `min_per_second` retries a second (defaults
            /// [`DEFAULT_RETRY_BUDGET_EXTRA_LOAD`] and [`DEFAULT_RETRY_BUDGET_MIN_PER_SECOND`]).
            /// A call that finds the budget spent returns its failure without retrying.
            pub fn retry_budget(self, extra_load: f32, min_per_second: u32) -> Self {
                Self(self.0.retry_budget(extra_load, min_per_second))
            }

            /// Adds an [`Interceptor`]: it sees every attempt of every request before it is sent
            /// (after the built-in credentials are set) and its response or error after.
            /// Interceptors run in the order they were added.
            pub fn interceptor(self, interceptor: impl Interceptor) -> Self {
                Self(self.0.interceptor(interceptor))
            }

            /// Builds the client; fails on a malformed base URL or retry settings out of range.
            pub fn build(self) -> Result<Client, Error> {
                self.0
                    .build(DEFAULT_BASE_URL, DEFAULT_USER_AGENT)
                    .map(|core| Client { core })
            }
        }

        /// The async client. Cheap to clone (clones share one connection pool, one retry budget
        /// and the interceptors).
        #[derive(Clone)]
        pub struct Client {
            core: Core,
        }

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.core.fmt(f)
            }
        }

        impl Client {
            /// Starts building a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }

        }
    }
}

/// The docs of a generated `ClientBuilder`: its defaults, which are the runtime's.
const BUILDER_DOCS: &str = "Builds a [`Client`].

# Defaults

- **Retries** (see [`Self::max_retries`]): a `GET`, `HEAD`, `PUT`, `DELETE` or `OPTIONS` is
  retried up to [`DEFAULT_MAX_RETRIES`] times when the connection fails before any response
  (refused, reset, or closed without an answer) or when the server answers `429`, `502`, `503`
  or `504`. `POST` and `PATCH` are **never** retried: they may have been acted upon (a payment,
  a refund) and must not be sent twice. Timeouts are not retried either.
- **Backoff**: [`DEFAULT_RETRY_BACKOFF`] before the first retry, doubling, plus random jitter of
  up to as much again, never more than [`DEFAULT_MAX_RETRY_BACKOFF`]
  ([`Self::retry_backoff`]).
- **`Retry-After`** (seconds or an HTTP date) on a retryable answer is waited for when it is
  longer than the backoff, up to [`DEFAULT_MAX_RETRY_AFTER`]; a server asking for longer gets
  no retry, and its answer is returned ([`Self::max_retry_after`]).
- **Retry budget**: all clones of a client share one budget, so an outage is not amplified:
  over a sliding 10 s window, retries may add [`DEFAULT_RETRY_BUDGET_EXTRA_LOAD`] (20 %) of the
  calls made, on top of [`DEFAULT_RETRY_BUDGET_MIN_PER_SECOND`] retries a second
  ([`Self::retry_budget`]). Past it, the failure is returned at once.
- No timeout ([`Self::timeout`] applies to each attempt), response bodies up to
  [`DEFAULT_MAX_RESPONSE_BYTES`], redirects followed only within the base URL's origin, and
  no [`Interceptor`].

The span of each call (`http_request`) records `attempts`, the number of attempts made.";

fn emit_auth(cx: &Cx) -> TokenStream {
    let auth = &cx.api.auth;
    let basic = auth.basic.then(|| quote! {
        /// HTTP Basic credentials, sent with every operation that requires authentication.
        pub fn basic_auth(self, username: impl Into<String>, password: impl Into<String>) -> Self {
            Self(self.0.basic_auth(username, password))
        }
    });
    let bearer = auth.bearer.then(|| {
        quote! {
            /// A bearer token, sent as `Authorization: Bearer …` with every operation that requires
            /// authentication.
            pub fn bearer_token(self, token: impl Into<String>) -> Self {
                Self(self.0.bearer_token(token))
            }
        }
    });
    let keys = auth
        .api_keys
        .iter()
        .zip(cx.names.api_keys())
        .map(|(k, method)| {
            let name = &k.name;
            let (place, where_) = match k.location {
                ParamLocation::Header => (quote!(ApiKeyPlace::Header), "header"),
                ParamLocation::Query => (quote!(ApiKeyPlace::Query), "query parameter"),
                _ => (quote!(ApiKeyPlace::Cookie), "cookie"),
            };
            let doc = format!(" The API key sent as the `{name}` {where_}.");
            quote! {
                #[doc = #doc]
                pub fn #method(self, key: impl Into<String>) -> Self {
                    Self(self.0.api_key(#place, #name, key))
                }
            }
        });
    quote! {
        impl ClientBuilder {
            #basic
            #bearer
            #(#keys)*
        }
    }
}

fn successes(op: &Operation) -> Vec<&Response> {
    op.responses
        .iter()
        .filter(|r| r.status.is_success())
        .collect()
}

/// Whether all success responses share one body type (then the method returns it directly).
fn single_success(op: &Operation) -> Option<ResponseBody> {
    let s = successes(op);
    let first = s
        .first()
        .map(|r| r.body.clone())
        .unwrap_or(ResponseBody::Empty);
    s.iter().all(|r| r.body == first).then_some(first)
}

fn body_ty(body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Empty => quote!(()),
        ResponseBody::Json(ty) => ty_tokens(ty, At::Sibling),
        ResponseBody::Text => quote!(String),
        ResponseBody::Binary => quote!(bytes::Bytes),
    }
}

/// `op`'s responses, each with its variant's name.
fn named_responses<'a>(
    cx: &'a Cx,
    op: &'a Operation,
) -> impl Iterator<Item = (&'a Response, &'a Name)> {
    op.responses.iter().zip(&cx.names.operation(op).responses)
}

fn success_enum(cx: &Cx, op: &Operation) -> Option<TokenStream> {
    if single_success(op).is_some() {
        return None;
    }
    let names = cx.names.operation(op);
    let name = &names.success;
    let variants = named_responses(cx, op)
        .filter(|(r, _)| r.status.is_success())
        .map(|(r, v)| {
            let doc = doc_lines(&[super::status_doc(r)], None);
            match (&r.body, r.status) {
                (ResponseBody::Empty, StatusMatch::Code(_)) => quote!(#doc #v,),
                (body, StatusMatch::Code(_)) => {
                    let ty = body_ty(body);
                    quote!(#doc #v(#ty),)
                }
                (body, _) => {
                    let ty = body_ty(body);
                    quote!(#doc #v { status: u16, body: #ty },)
                }
            }
        });
    let doc = format!(" The success responses of `{}`.", names.method);
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    })
}

/// Types passed by value rather than by reference.
fn is_copy(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::Bool
            | Ty::I32
            | Ty::I64
            | Ty::U64
            | Ty::F32
            | Ty::F64
            | Ty::Decimal
            | Ty::DecimalText
            | Ty::DateTime
            | Ty::Date
            | Ty::Uuid
    )
}

/// The type a parameter's value is taken as (by value or borrowed for `'a`), without the
/// `Option` an optional parameter is kept in.
fn param_ty(p: &Param) -> TokenStream {
    match &p.ty {
        Ty::String => quote!(&'a str),
        t if is_copy(t) => ty_tokens(t, At::Sibling),
        t => {
            let t = ty_tokens(t, At::Sibling);
            quote!(&'a #t)
        }
    }
}

/// A reference to a parameter's value as the call holds it (see [`param_ty`]), as it is
/// serialized: values holding decimals through the runtime's exact adapter, whatever
/// rust_decimal's serde features.
fn param_value(cx: &Cx, p: &Param, n: &Name) -> TokenStream {
    let borrowed = !(p.ty == Ty::String || is_copy(&p.ty));
    let required = p.required || p.location == ParamLocation::Path;
    let decimal = decimal_inside(cx, &p.ty);
    if p.json {
        return json_text_value(decimal, borrowed, required, n);
    }
    let Some(form) = decimal else {
        return quote!(&self.#n);
    };
    let wrapper = form.wrapper();
    match (borrowed, required) {
        (false, _) => quote!(&#wrapper(&self.#n)),
        (true, true) => quote!(&#wrapper(self.#n)),
        (true, false) => quote!(&self.#n.map(#wrapper)),
    }
}

/// A reference to a parameter's value wrapped to travel as its JSON text (see
/// [`param_value`]); an absent optional parameter stays `None`, sent as nothing. The fields a
/// call holds are all `Copy` (`&str`, `&T` or a `Copy` value).
fn json_text_value(
    decimal: Option<DecimalForm>,
    borrowed: bool,
    required: bool,
    n: &Name,
) -> TokenStream {
    let Some(form) = decimal else {
        return match (borrowed, required) {
            (true, true) => quote!(&super::runtime::client::JsonText(self.#n)),
            (false, true) => quote!(&super::runtime::client::JsonText(&self.#n)),
            (_, false) => quote!(&self.#n.map(super::runtime::client::JsonText)),
        };
    };
    let wrapper = form.wrapper();
    match (borrowed, required) {
        (true, true) => quote!(&super::runtime::client::JsonText(#wrapper(self.#n))),
        (false, true) => quote!(&super::runtime::client::JsonText(#wrapper(&self.#n))),
        (true, false) => quote!(&self
            .#n
            .map(|value| super::runtime::client::JsonText(#wrapper(value)))),
        (false, false) => quote!(&self
            .#n
            .as_ref()
            .map(|value| super::runtime::client::JsonText(#wrapper(value)))),
    }
}

/// An unsuffixed integer literal (`200`, not `200u16`).
fn int(n: u16) -> proc_macro2::Literal {
    proc_macro2::Literal::u16_unsuffixed(n)
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(c) => {
            let c = int(c);
            quote!(#c)
        }
        StatusMatch::Range(r) => {
            let lo = int(r * 100);
            let hi = int(r * 100 + 99);
            quote!(#lo..=#hi)
        }
        StatusMatch::Default => quote!(_),
    }
}

/// The value of a body (`?` on a decode error).
fn value(cx: &Cx, body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Empty => quote!(()),
        ResponseBody::Json(ty) => {
            let json = json(cx, ty);
            quote!(#json?)
        }
        ResponseBody::Text => quote!(response.text()),
        ResponseBody::Binary => quote!(response.bytes.clone()),
    }
}

/// The response's JSON body read as a `ty` (a `Result`): decimals that no model's adapter
/// reaches (a bare decimal, a list of them) through the runtime's exact reader.
fn json(cx: &Cx, ty: &Ty) -> TokenStream {
    match decimal_inside(cx, ty).map(DecimalForm::reader) {
        Some(reader) => quote!(response.json().map(|#reader(body)| body)),
        None => quote!(response.json()),
    }
}

/// The runtime's `Style` of a parameter.
fn style(p: &Param) -> TokenStream {
    // Outside a query, `form` is a path's or header's `simple`: comma-joined either way.
    wire_style(p.style, p.explode || p.location != ParamLocation::Query)
}

/// The runtime's `Style` of a query parameter or urlencoded form property, or (not exploded) of a
/// multipart array part.
fn wire_style(style: QueryStyle, explode: bool) -> TokenStream {
    match style {
        QueryStyle::Form if !explode => quote!(Style::FormUnexploded),
        QueryStyle::Form => quote!(Style::Form),
        QueryStyle::SpaceDelimited => quote!(Style::SpaceDelimited),
        QueryStyle::PipeDelimited => quote!(Style::PipeDelimited),
        QueryStyle::TabDelimited => quote!(Style::TabDelimited),
        QueryStyle::DeepObject => quote!(Style::DeepObject),
    }
}

/// The match arms of a response: `(pattern, outcome)`, with the patterns of equal outcomes joined
/// (`400 | 401 => ...`). Codes, ranges and `default` keep their order, so that a range never
/// shadows a code.
fn arms(cx: &Cx, op: &Operation, single: bool) -> Vec<TokenStream> {
    let success = &cx.names.operation(op).success;
    let mut ordered: Vec<(&Response, &Name)> = named_responses(cx, op).collect();
    ordered.sort_by_key(|(r, _)| match r.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    // (class, outcome text, patterns, outcome)
    let mut groups: Vec<(u8, String, Vec<TokenStream>, TokenStream)> = Vec::new();
    for (r, v) in ordered {
        let class = match r.status {
            StatusMatch::Code(_) => 0,
            StatusMatch::Range(_) => 1,
            StatusMatch::Default => 2,
        };
        let outcome = if r.status.is_success() {
            match (&r.body, r.status) {
                (ResponseBody::Json(ty), StatusMatch::Code(_)) if single => json(cx, ty),
                (body, _) if single => {
                    let value = value(cx, body);
                    quote!(Ok(#value))
                }
                (ResponseBody::Empty, StatusMatch::Code(_)) => quote!(Ok(#success::#v)),
                (ResponseBody::Json(ty), StatusMatch::Code(_)) => {
                    let json = json(cx, ty);
                    quote!(#json.map(#success::#v))
                }
                (body, StatusMatch::Code(_)) => {
                    let value = value(cx, body);
                    quote!(Ok(#success::#v(#value)))
                }
                (body, _) => {
                    let value = value(cx, body);
                    quote!(Ok(#success::#v { status: response.status, body: #value }))
                }
            }
        } else {
            match &r.body {
                ResponseBody::Json(ty) => {
                    let variant = cx
                        .names
                        .error_body(ty)
                        .expect("every JSON error body has an ErrorBody variant (built from the same responses)");
                    quote!(Err(response.api_error(ErrorBody::#variant)))
                }
                _ => quote!(Err(response.unexpected())),
            }
        };
        let key = outcome.to_string();
        let pattern = status_pattern(r.status);
        match groups
            .iter_mut()
            .find(|(c, k, _, _)| *c == class && *k == key)
        {
            Some((_, _, patterns, _)) => patterns.push(pattern),
            None => groups.push((class, key, vec![pattern], outcome)),
        }
    }
    groups
        .into_iter()
        .map(|(_, _, patterns, outcome)| quote!(#(#patterns)|* => #outcome,))
        .collect()
}

/// A parameter's doc lines, with what the API does when an optional one is left out.
fn param_docs(p: &Param) -> Vec<String> {
    let mut lines: Vec<String> = [&p.docs.title, &p.docs.description]
        .into_iter()
        .flatten()
        .flat_map(|text| text.lines().map(str::to_string))
        .collect();
    if lines.is_empty() {
        lines.push(format!("The `{}` parameter.", p.wire));
    }
    if let Some(default) = &p.default {
        lines.push(String::new());
        lines.push(format!("The API takes `{default}` when it is not set."));
    }
    if p.allow_empty {
        lines.push(String::new());
        lines.push("It may be sent with an empty value.".into());
    }
    if p.json {
        lines.push(String::new());
        lines.push("It is sent as its JSON text.".into());
    }
    lines
}

/// A parameter with its name.
type NamedParam<'a> = (&'a Param, &'a Name);

fn emit_method(cx: &Cx, op: &Operation) -> TokenStream {
    let names = cx.names.operation(op);
    let name = &names.method;
    let call = &names.call;
    let route = format!("`{} {}`", op.method.as_str(), op.written_path());
    let docs = doc_attrs_with(&op.docs, std::slice::from_ref(&route));

    // Inputs: path parameters first (in path order), then the other required ones, then the
    // body. Optional parameters (and an optional body) are setters of the call.
    let named: Vec<(&Param, &Name)> = op.params.iter().zip(&names.params).collect();
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
    let (required, optional): (Vec<NamedParam>, Vec<NamedParam>) = ordered
        .iter()
        .partition(|(p, _)| p.required || p.location == ParamLocation::Path);
    let body_parts = op
        .body
        .as_ref()
        .zip(names.body.as_ref())
        .map(|(b, name)| (name, body_arg_ty(b), b));

    let mut args = Vec::new();
    let mut fields = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for (p, n) in &required {
        let ty = param_ty(p);
        args.push(quote!(#n: #ty));
        fields.push(quote!(#n: #ty,));
        inits.push(quote!(#n,));
    }
    for (p, n) in &optional {
        let ty = param_ty(p);
        fields.push(quote!(#n: Option<#ty>,));
        inits.push(quote!(#n: None,));
        let doc = doc_lines(&param_docs(p), None);
        setters.push(quote! {
            #doc
            pub fn #n(mut self, #n: #ty) -> Self {
                self.#n = Some(#n);
                self
            }
        });
    }
    if let Some((n, ty, body)) = &body_parts {
        if body.required {
            args.push(quote!(#n: #ty));
            fields.push(quote!(#n: #ty,));
            inits.push(quote!(#n,));
        } else {
            fields.push(quote!(#n: Option<#ty>,));
            inits.push(quote!(#n: None,));
            let doc = doc_lines(
                &["The request body (sent only when set).".to_string()],
                None,
            );
            setters.push(quote! {
                #doc
                pub fn #n(mut self, #n: #ty) -> Self {
                    self.#n = Some(#n);
                    self
                }
            });
        }
    }

    // The request: method, path, parameters, body.
    let method = match op.method {
        Method::Get => quote!(GET),
        Method::Put => quote!(PUT),
        Method::Post => quote!(POST),
        Method::Delete => quote!(DELETE),
        Method::Options => quote!(OPTIONS),
        Method::Head => quote!(HEAD),
        Method::Patch => quote!(PATCH),
        Method::Trace => quote!(TRACE),
    };
    let template = &op.path;
    let credentialed = if op.authenticated {
        quote!(Credentialed::Yes)
    } else {
        quote!(Credentialed::No)
    };
    let accept = op
        .responses
        .iter()
        .any(|r| matches!(r.body, ResponseBody::Json(_)))
        .then(|| quote!(.accept_json()));
    let path = op.segments.iter().map(|s| match s {
        PathSegment::Literal(text) => quote!(.path(#text)),
        PathSegment::Param(i) => {
            let (p, n) = named[*i];
            let wire = &p.wire;
            let style = style(p);
            let value = param_value(cx, p, n);
            quote!(.path_param(#wire, #value, #style))
        }
    });
    let fixed_query: Vec<TokenStream> = op
        .fixed_query()
        .into_iter()
        .map(|(name, value)| match value {
            Some(value) => quote!(.query(#name, #value, Style::Form)),
            None => quote!(.query_key(#name)),
        })
        .collect();
    let params = ordered
        .iter()
        .filter(|(p, _)| p.location != ParamLocation::Path)
        .map(|(p, n)| {
            let wire = &p.wire;
            let style = style(p);
            let value = param_value(cx, p, n);
            match p.location {
                ParamLocation::Query => quote!(.query(#wire, #value, #style)),
                ParamLocation::Header => quote!(.header(#wire, #value, #style)),
                _ => quote!(.cookie(#wire, #value)),
            }
        });
    let encode = |value: TokenStream, body: &crate::ir::Body| {
        let ct = &body.content_type;
        match body.kind {
            BodyKind::Json => match decimal_inside(cx, &body.ty).map(DecimalForm::wrapper) {
                Some(wrapper) => quote!(.json(&#wrapper(#value), #ct)),
                None => quote!(.json(#value, #ct)),
            },
            BodyKind::Form => {
                let styles = body
                    .form_fields
                    .iter()
                    .filter(|f| !(f.style == QueryStyle::Form && f.explode))
                    .map(|f| {
                        let wire = &f.wire;
                        let style = wire_style(f.style, f.explode);
                        quote!((#wire, #style))
                    });
                quote!(.form(#value, &[#(#styles),*]))
            }
            BodyKind::Multipart => quote!(.multipart(#value.to_multipart())),
            BodyKind::Binary | BodyKind::Text => quote!(.bytes(#value, #ct)),
        }
    };
    let (body_chain, optional_body) = match &body_parts {
        None => (None, None),
        Some((n, _, body)) if body.required => (Some(encode(quote!(self.#n), body)), None),
        Some((n, _, body)) => {
            let set = encode(quote!(body), body);
            (
                None,
                Some(quote! {
                    let request = match self.#n {
                        Some(body) => request #set,
                        None => request,
                    };
                }),
            )
        }
    };

    // The return type and the status dispatch.
    let single = single_success(op);
    let no_responses = successes(op).is_empty()
        && !op
            .responses
            .iter()
            .any(|r| r.status == StatusMatch::Default);
    let ret = match &single {
        _ if no_responses => quote!(()),
        Some(body) => body_ty(body),
        None => {
            let success = &names.success;
            quote!(#success)
        }
    };
    let arms = arms(cx, op, single.is_some());
    let has_default = op
        .responses
        .iter()
        .any(|r| r.status == StatusMatch::Default);
    let fallback = (!has_default).then(|| {
        if successes(op).is_empty() {
            quote! {
                200..=299 => Ok(()),
                _ => Err(response.unexpected()),
            }
        } else {
            quote!(_ => Err(response.unexpected()),)
        }
    });

    let example = cx.doc_crate.map(|krate| {
        let mut inputs: Vec<(String, String)> = required
            .iter()
            .map(|(p, n)| (n.code(), type_text(&param_ty(p), krate)))
            .collect();
        if let Some((n, ty, body)) = &body_parts {
            if body.required {
                inputs.push((n.code(), type_text(ty, krate)));
            }
        }
        let setter = optional
            .first()
            .map(|(p, n)| (n.code(), type_text(&param_ty(p), krate)));
        let returns_nothing = matches!(single, Some(ResponseBody::Empty)) || no_responses;
        doc_lines(
            &example_lines(
                cx,
                name,
                op.authenticated,
                krate,
                &inputs,
                setter,
                returns_nothing,
            ),
            None,
        )
    });
    let mut call_lines = vec![format!(
        "The [`Client::{name}`] call ({route}): it is sent when it is awaited, and a call that is \
         dropped unawaited sends nothing."
    )];
    if !setters.is_empty() {
        call_lines.push(String::new());
        call_lines.push("Its methods set the optional parameters.".into());
    }
    let call_doc = doc_lines(&call_lines, None);
    let with_response_doc = doc_lines(&with_response_lines(op), None);
    let must_use = format!("`{call}` does nothing unless it is awaited");
    quote! {
        impl Client {
            #docs
            #example
            pub fn #name<'a>(&'a self, #(#args),*) -> #call<'a> {
                #call { client: self, #(#inits)* }
            }
        }

        #call_doc
        #[derive(Debug)]
        #[must_use = #must_use]
        pub struct #call<'a> {
            client: &'a Client,
            #(#fields)*
        }

        impl<'a> #call<'a> {
            #(#setters)*

            /// Sends the call (what `.await` does).
            pub fn send(self) -> BoxFuture<'a, Result<#ret, Error>> {
                self.into_exchange().body()
            }

            #with_response_doc
            pub fn send_with_response(self) -> BoxFuture<'a, Result<http::Response<#ret>, Error>> {
                self.into_exchange().response()
            }

            fn into_exchange(self) -> Exchange<'a, ErrorBody, #ret> {
                fn decode(response: Response) -> Result<#ret, Error> {
                    match response.status {
                        #(#arms)*
                        #fallback
                    }
                }
                let request = Request::new(reqwest::Method::#method, #template, #credentialed)
                    #accept
                    #(#path)*
                    #(#fixed_query)*
                    #(#params)*
                    #body_chain;
                #optional_body
                self.client.core.exchange(request, decode)
            }
        }

        impl<'a> std::future::IntoFuture for #call<'a> {
            type Output = Result<#ret, Error>;
            type IntoFuture = BoxFuture<'a, Self::Output>;

            fn into_future(self) -> Self::IntoFuture {
                self.send()
            }
        }
    }
}

/// The docs of a call's `send_with_response`, with the response headers the spec declares.
fn with_response_lines(op: &Operation) -> Vec<String> {
    let mut lines = vec![
        "Sends the call, and returns the whole response: its status and headers (`headers()`), \
         and the decoded body (`body()`, `into_body()`)."
            .to_string(),
    ];
    // An error status's headers do not reach the caller: those responses are the `Err`.
    let declared = declared_headers(successes(op));
    if !declared.is_empty() {
        lines.push(String::new());
        lines.push("The headers the spec declares:".into());
        lines.extend(declared);
    }
    lines
}

/// The type of a body argument (borrowed for `'a` where it is borrowed).
fn body_arg_ty(body: &crate::ir::Body) -> TokenStream {
    let ty = ty_tokens(&body.ty, At::Sibling);
    match body.kind {
        BodyKind::Json | BodyKind::Form => quote!(&'a #ty),
        BodyKind::Multipart => ty,
        BodyKind::Binary => quote!(bytes::Bytes),
        BodyKind::Text => quote!(String),
    }
}

/// A type as a user writes it outside the crate: `super::types::X` becomes `krate::types::X`.
fn type_text(ty: &TokenStream, krate: &str) -> String {
    ty.to_string()
        .replace("super :: ", &format!("{krate} :: "))
        .replace(" :: ", "::")
        .replace(" < ", "<")
        .replace(" <", "<")
        .replace(" >", ">")
        .replace("& 'a ", "&")
        .replace("& ", "&")
        .replace(" ,", ",")
}

/// A compiling (`no_run`) usage example for a method. Its inputs are parameters of the hidden
/// wrapper function, so the example compiles whatever the types need to be built.
fn example_lines(
    cx: &Cx,
    method: &Name,
    authenticated: bool,
    krate: &str,
    inputs: &[(String, String)],
    setter: Option<(String, String)>,
    returns_nothing: bool,
) -> Vec<String> {
    let signature = inputs
        .iter()
        .chain(&setter)
        .map(|(name, ty)| format!("{name}: {ty}"))
        .collect::<Vec<_>>()
        .join(", ");
    let base_url = default_server(cx).unwrap_or("https://api.example.com");
    let mut lines = vec![
        String::new(),
        "# Example".into(),
        String::new(),
        "```no_run".into(),
        format!("# async fn example({signature}) -> Result<(), {krate}::Error> {{"),
        format!("let client = {krate}::Client::builder()"),
        format!("    .base_url({base_url:?})"),
    ];
    let auth = &cx.api.auth;
    if authenticated {
        if auth.basic {
            lines.push(r#"    .basic_auth("client-id", "client-secret")"#.into());
        } else if auth.bearer {
            lines.push(r#"    .bearer_token("token")"#.into());
        } else if let Some(key) = cx.names.api_keys().first() {
            lines.push(format!(r#"    .{key}("key")"#));
        }
    }
    lines.push("    .build()?;".into());
    let args = inputs
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let call = match &setter {
        Some((name, _)) => format!(
            "client.{}({args})\n    .{name}({name})\n    .await?",
            method.code()
        ),
        None => format!("client.{}({args}).await?", method.code()),
    };
    if setter.is_some() {
        lines.push("// Optional parameters are set on the call before it is awaited.".into());
    }
    if returns_nothing {
        lines.extend(format!("{call};").lines().map(str::to_string));
    } else {
        lines.extend(
            format!("let response = {call};")
                .lines()
                .map(str::to_string),
        );
        lines.push("println!(\"{response:?}\");".into());
    }
    lines.push("# Ok(())".into());
    lines.push("# }".into());
    lines.push("```".into());
    lines
}

fn emit_multipart(cx: &Cx, name: &str, form: &Form) -> TokenStream {
    let ty = type_ident(name);
    let parts = form.fields.iter().map(|f| {
        let field = &cx.names.form_field(f).name;
        let wire = &f.wire;
        let ct = &f.content_type;
        let json = ct.contains("json");
        let add = match &f.ty {
            Ty::File => quote!(form = form.part(#wire, file_part(value, #ct)?);),
            Ty::Vec(inner) if **inner == Ty::File => quote! {
                for file in value {
                    form = form.part(#wire, file_part(file, #ct)?);
                }
            },
            _ if json => quote!(form = form.part(#wire, json_part(value, #ct)?);),
            Ty::Vec(_) if f.explode => quote! {
                if let serde_json::Value::Array(items) = to_param(#wire, value)? {
                    for item in &items {
                        form = form.part(#wire, text_part(super::runtime::scalar_text(item), #ct)?);
                    }
                }
            },
            Ty::Vec(_) => {
                // One part, the items joined as the encoding (or 2.0 `collectionFormat`) says.
                let style = wire_style(f.style, false);
                quote!(form = form.part(#wire, text_part(super::runtime::simple_value(&joined(&to_param(#wire, value)?, #style)), #ct)?);)
            }
            _ => quote!(form = form.part(#wire, text_part(super::runtime::simple_value(&to_param(#wire, value)?), #ct)?);),
        };
        // Decimals go through the exact adapter (files never hold one).
        let exact = decimal_inside(cx, &f.ty).map(|form| {
            let wrapper = form.wrapper();
            quote!(let value = &#wrapper(value);)
        });
        if f.required {
            quote!({ let value = &self.#field; #exact #add })
        } else {
            quote!(if let Some(value) = &self.#field { #exact #add })
        }
    });
    let other_parts = form.other_parts.then(|| {
        let field = &cx.names.other_parts(form).0;
        // (no spec type: the part's own, else one guessed from its file name)
        quote! {
            for (name, part) in &self.#field {
                form = form.part(name.clone(), file_part(part, "")?);
            }
        }
    });
    // A form without parts is sent empty.
    let binding = if form.fields.is_empty() && !form.other_parts {
        quote!(let form)
    } else {
        quote!(let mut form)
    };
    quote! {
        impl super::types::#ty {
            /// Encodes the form as `multipart/form-data`, each part with its content type.
            pub fn to_multipart(&self) -> Result<reqwest::multipart::Form, Error> {
                #binding = reqwest::multipart::Form::new();
                #(#parts)*
                #other_parts
                Ok(form)
            }
        }
    }
}
