//! The async client: one method per operation, typed success and error responses.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs_with, doc_lines, ident, ty_tokens, At, Cx};
use crate::ir::{
    BodyKind, Form, Method, Operation, Param, ParamLocation, PathSegment, QueryStyle, Response,
    ResponseBody, Shape, StatusMatch, Ty,
};

pub(super) fn emit(cx: &Cx) -> TokenStream {
    let template = super::runtime::client(cx.doc_crate);
    let default_url = match cx
        .api
        .servers
        .iter()
        .find(|s| s.starts_with("http://") || s.starts_with("https://"))
    {
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
    let success_enums = cx.api.operations.iter().filter_map(success_enum);
    let methods = cx.api.operations.iter().map(|op| emit_method(cx, op));
    let forms = cx.api.types.iter().filter_map(|t| match &t.shape {
        Shape::Form(f) => Some(emit_multipart(&t.name, f)),
        _ => None,
    });
    let lints = super::lints(super::Module::Client);
    quote! {
        /// The async client and its errors.
        #lints
        pub mod client {
            #template

            /// The spec's first absolute server URL, used when the builder is given none.
            pub const DEFAULT_BASE_URL: Option<&str> = #default_url;

            /// The `User-Agent` sent unless the builder sets another.
            pub const DEFAULT_USER_AGENT: &str = #user_agent;

            #error_body
            #auth
            #(#success_enums)*

            impl Client {
                #(#methods)*
            }

            #(#forms)*
        }
    }
}

fn emit_error_body(cx: &Cx) -> TokenStream {
    let variants = cx.api.error_bodies.iter().map(|v| {
        let name = ident(&v.name);
        let ty = ty_tokens(&v.ty, At::Sibling);
        let doc = format!(" A `{}` body.", v.name);
        quote!(#[doc = #doc] #name(#ty),)
    });
    quote! {
        /// The typed body of a documented error response.
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum ErrorBody {
            #(#variants)*
        }
    }
}

fn emit_auth(cx: &Cx) -> TokenStream {
    let auth = &cx.api.auth;
    let basic = auth.basic.then(|| quote! {
        /// HTTP Basic credentials, sent with every operation that requires authentication.
        pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
            self.credentials.basic = Some((username.into(), Secret::new(password)));
            self
        }
    });
    let bearer = auth.bearer.then(|| {
        quote! {
            /// A bearer token, sent as `Authorization: Bearer …` with every operation that requires
            /// authentication.
            pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
                self.credentials.bearer = Some(Secret::new(token));
                self
            }
        }
    });
    let keys = auth.api_keys.iter().map(|k| {
        let method = format_ident!("{}", k.method);
        let name = &k.name;
        let (place, where_) = match k.location {
            ParamLocation::Header => (quote!(ApiKeyPlace::Header), "header"),
            ParamLocation::Query => (quote!(ApiKeyPlace::Query), "query parameter"),
            _ => (quote!(ApiKeyPlace::Cookie), "cookie"),
        };
        let doc = format!(" The API key sent as the `{name}` {where_}.");
        quote! {
            #[doc = #doc]
            pub fn #method(mut self, key: impl Into<String>) -> Self {
                self.credentials.api_keys.retain(|(p, n, _)| !(*p == #place && n == #name));
                self.credentials.api_keys.push((#place, #name.to_string(), Secret::new(key)));
                self
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

fn success_enum_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}Success", op.type_stem)
}

fn success_enum(op: &Operation) -> Option<TokenStream> {
    if single_success(op).is_some() {
        return None;
    }
    let name = success_enum_name(op);
    let variants = successes(op).into_iter().map(|r| {
        let v = ident(&r.variant);
        let doc = doc_lines(&[status_doc(r)], None);
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
    let doc = format!(" The success responses of `{}`.", op.name);
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    })
}

fn status_doc(r: &Response) -> String {
    let status = match r.status {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(x) => format!("{x}XX"),
        StatusMatch::Default => "default".into(),
    };
    match &r.description {
        Some(d) => format!("{status}: {}", d.lines().next().unwrap_or_default()),
        None => status,
    }
}

/// Types passed by value rather than by reference.
fn is_copy(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::Bool
            | Ty::I32
            | Ty::I64
            | Ty::F32
            | Ty::F64
            | Ty::Decimal
            | Ty::DateTime
            | Ty::Date
            | Ty::Uuid
    )
}

fn param_arg(p: &Param) -> TokenStream {
    let ty = match &p.ty {
        Ty::String => quote!(&str),
        t if is_copy(t) => ty_tokens(t, At::Sibling),
        t => {
            let t = ty_tokens(t, At::Sibling);
            quote!(&#t)
        }
    };
    if p.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(c) => quote!(#c),
        StatusMatch::Range(r) => {
            let lo = r * 100;
            let hi = r * 100 + 99;
            quote!(#lo..=#hi)
        }
        StatusMatch::Default => quote!(_),
    }
}

fn decode(body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Empty => quote!(()),
        ResponseBody::Json(_) => quote!(response.json()?),
        ResponseBody::Text => quote!(response.text()),
        ResponseBody::Binary => quote!(response.bytes.clone()),
    }
}

fn emit_method(cx: &Cx, op: &Operation) -> TokenStream {
    let name = ident(&op.name);
    let mut trailer = vec![format!("`{} {}`", op.method.as_str(), op.path)];
    for p in &op.params {
        let name = p.name.trim_start_matches("r#");
        if let Some(default) = p.default.as_ref().filter(|_| !p.required) {
            trailer.push(format!(
                "- `{name}`: the API takes `{default}` when it is `None`."
            ));
        }
        if p.allow_empty {
            trailer.push(format!("- `{name}` may be sent with an empty value."));
        }
    }
    let docs = doc_attrs_with(&op.docs, &trailer);

    // Arguments: path parameters first (in path order), then the others, then the body.
    let mut ordered: Vec<&Param> = op
        .segments
        .iter()
        .filter_map(|s| match s {
            PathSegment::Param(i) => op.params.get(*i),
            PathSegment::Literal(_) => None,
        })
        .collect();
    ordered.extend(
        op.params
            .iter()
            .filter(|p| p.location != ParamLocation::Path),
    );
    let args = ordered.iter().map(|p| {
        let n = ident(&p.name);
        let ty = param_arg(p);
        quote!(#n: #ty)
    });

    let path = op.segments.iter().map(|s| match s {
        PathSegment::Literal(text) => quote!(path.push_str(#text);),
        PathSegment::Param(i) => {
            let p = &op.params[*i];
            let n = ident(&p.name);
            let wire = &p.wire;
            let value = match delimiter(p.style) {
                Some(sep) => {
                    let joined = joined(quote!(to_param(#wire, &#n)?), sep);
                    quote!(serde_json::Value::String(#joined))
                }
                None => quote!(to_param(#wire, &#n)?),
            };
            quote! {
                path.push_str(&super::runtime::path_segment(#wire, &#value).map_err(Error::InvalidInput)?);
            }
        }
    });

    let query = op.params.iter().filter(|p| p.location == ParamLocation::Query).map(|p| {
        let n = ident(&p.name);
        let wire = &p.wire;
        let style = match p.style {
            QueryStyle::Form => quote!(super::runtime::QueryStyle::Form),
            QueryStyle::SpaceDelimited => quote!(super::runtime::QueryStyle::SpaceDelimited),
            QueryStyle::PipeDelimited => quote!(super::runtime::QueryStyle::PipeDelimited),
            QueryStyle::DeepObject => quote!(super::runtime::QueryStyle::DeepObject),
            QueryStyle::TabDelimited => quote!(super::runtime::QueryStyle::Form),
        };
        let explode = p.explode;
        let push = if p.style == QueryStyle::TabDelimited {
            // No 3.0 style, so not in the runtime: the items joined with tabs, as one value.
            let joined = joined(quote!(to_param(#wire, &value)?), "\t");
            quote!(query.push((#wire.to_string(), #joined));)
        } else {
            quote!(super::runtime::query_pairs(&mut query, #wire, &to_param(#wire, &value)?, #style, #explode);)
        };
        if p.required {
            quote!({ let value = #n; #push })
        } else {
            quote!(if let Some(value) = #n { #push })
        }
    });

    let headers = op.params.iter().filter(|p| matches!(p.location, ParamLocation::Header | ParamLocation::Cookie)).map(|p| {
        let n = ident(&p.name);
        let wire = &p.wire;
        let push = if p.location == ParamLocation::Header {
            let text = match delimiter(p.style) {
                Some(sep) => joined(quote!(to_param(#wire, &value)?), sep),
                None => quote!(super::runtime::simple_value(&to_param(#wire, &value)?)),
            };
            quote!(headers.push((#wire, #text));)
        } else {
            quote!(headers.push(("cookie", format!("{}={}", #wire, super::runtime::simple_value(&to_param(#wire, &value)?))));)
        };
        if p.required {
            quote!({ let value = #n; #push })
        } else {
            quote!(if let Some(value) = #n { #push })
        }
    });

    let (body_arg, body_expr) = match &op.body {
        None => (None, quote!(RequestBody::None)),
        Some(body) => {
            let ct = body.content_type.clone();
            let (arg_name, arg_ty) = body_arg_parts(body);
            let arg_name = ident(arg_name);
            let encode = match body.kind {
                BodyKind::Json => quote!(RequestBody::Json(to_json(body)?, #ct)),
                BodyKind::Form => {
                    let encode = form_property_encoding(&body.form_fields);
                    quote!({
                        let mut pairs = Vec::new();
                        if let serde_json::Value::Object(map) = to_param("body", body)? {
                            for (key, value) in &map {
                                #encode
                                super::runtime::query_pairs(&mut pairs, key, value, style, explode);
                            }
                        }
                        RequestBody::Form(pairs)
                    })
                }
                BodyKind::Multipart => quote!(RequestBody::Multipart(body.to_multipart()?)),
                BodyKind::Binary => quote!(RequestBody::Bytes(body, #ct)),
                BodyKind::Text => quote!(RequestBody::Bytes(body.into(), #ct)),
            };
            if body.required {
                let rebind = (arg_name != "body").then(|| quote!(let body = #arg_name;));
                (
                    Some(quote!(#arg_name: #arg_ty)),
                    quote!({ #rebind #encode }),
                )
            } else {
                (
                    Some(quote!(#arg_name: Option<#arg_ty>)),
                    quote!(match #arg_name { Some(body) => #encode, None => RequestBody::None }),
                )
            }
        }
    };

    // The return type and the status dispatch.
    let single = single_success(op);
    let ret = match &single {
        Some(body) => body_ty(body),
        None => {
            let e = success_enum_name(op);
            quote!(#e)
        }
    };
    let mut ordered_responses: Vec<&Response> = op.responses.iter().collect();
    ordered_responses.sort_by_key(|r| match r.status {
        StatusMatch::Code(_) => 0,
        StatusMatch::Range(_) => 1,
        StatusMatch::Default => 2,
    });
    let has_default = op
        .responses
        .iter()
        .any(|r| r.status == StatusMatch::Default);
    let arms = ordered_responses.iter().map(|r| {
        let pattern = status_pattern(r.status);
        let value = decode(&r.body);
        if r.status.is_success() {
            match &single {
                Some(_) => quote!(#pattern => Ok(#value),),
                None => {
                    let e = success_enum_name(op);
                    let v = ident(&r.variant);
                    match (&r.body, r.status) {
                        (ResponseBody::Empty, StatusMatch::Code(_)) => quote!(#pattern => Ok(#e::#v),),
                        (_, StatusMatch::Code(_)) => quote!(#pattern => Ok(#e::#v(#value)),),
                        _ => quote!(#pattern => Ok(#e::#v { status: response.status, body: #value }),),
                    }
                }
            }
        } else {
            match &r.body {
                ResponseBody::Json(ty) => {
                    let variant = cx
                        .api
                        .error_bodies
                        .iter()
                        .find(|v| v.ty == *ty)
                        .map(|v| ident(&v.name))
                        .expect("every JSON error body has an ErrorBody variant (built from the same responses)");
                    quote!(#pattern => Err(Error::Api { status: response.status, body: Box::new(ErrorBody::#variant(response.json()?)) }),)
                }
                _ => quote!(#pattern => Err(response.unexpected()),),
            }
        }
    });
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
    let ret = if successes(op).is_empty() && !has_default {
        quote!(())
    } else {
        ret
    };

    let method = match op.method {
        Method::Get => quote!(reqwest::Method::GET),
        Method::Put => quote!(reqwest::Method::PUT),
        Method::Post => quote!(reqwest::Method::POST),
        Method::Delete => quote!(reqwest::Method::DELETE),
        Method::Options => quote!(reqwest::Method::OPTIONS),
        Method::Head => quote!(reqwest::Method::HEAD),
        Method::Patch => quote!(reqwest::Method::PATCH),
        Method::Trace => quote!(reqwest::Method::TRACE),
    };
    let template = &op.path;
    let authenticated = op.authenticated;
    let accept = if op
        .responses
        .iter()
        .any(|r| matches!(r.body, ResponseBody::Json(_)))
    {
        quote!(Some("application/json"))
    } else {
        quote!(None)
    };
    let example = cx.doc_crate.map(|krate| {
        let mut inputs: Vec<(String, String)> = ordered
            .iter()
            .map(|p| (p.name.clone(), type_text(&param_arg(p), krate)))
            .collect();
        if let Some(body) = &op.body {
            let (name, ty) = body_arg_parts(body);
            let ty = type_text(&ty, krate);
            inputs.push((
                name.to_string(),
                if body.required {
                    ty
                } else {
                    format!("Option<{ty}>")
                },
            ));
        }
        let returns_nothing = matches!(single, Some(ResponseBody::Empty))
            || (successes(op).is_empty() && !has_default);
        doc_lines(
            &example_lines(cx, op, krate, &inputs, returns_nothing),
            None,
        )
    });
    let args = args.chain(body_arg);
    quote! {
        #docs
        #example
        pub async fn #name(&self, #(#args),*) -> Result<#ret, Error> {
            let mut path = String::new();
            #(#path)*
            let mut query: Vec<(String, String)> = Vec::new();
            #(#query)*
            let mut headers: Vec<(&'static str, String)> = Vec::new();
            #(#headers)*
            let body = #body_expr;
            let response = self
                .execute(#method, #template, &path, query, headers, body, #authenticated, #accept)
                .await?;
            match response.status {
                #(#arms)*
                #fallback
            }
        }
    }
}

/// The name and type of a body argument.
fn body_arg_parts(body: &crate::ir::Body) -> (&str, TokenStream) {
    let ty = ty_tokens(&body.ty, At::Sibling);
    let (default, ty) = match body.kind {
        BodyKind::Json | BodyKind::Form => ("body", quote!(&#ty)),
        BodyKind::Multipart => ("form", ty),
        BodyKind::Binary => ("body", quote!(bytes::Bytes)),
        BodyKind::Text => ("body", quote!(String)),
    };
    (body.arg.as_deref().unwrap_or(default), ty)
}

/// The delimiter of a header or path array that is not comma-separated (a Swagger 2.0
/// `collectionFormat`).
fn delimiter(style: QueryStyle) -> Option<&'static str> {
    match style {
        QueryStyle::SpaceDelimited => Some(" "),
        QueryStyle::PipeDelimited => Some("|"),
        QueryStyle::TabDelimited => Some("\t"),
        QueryStyle::Form | QueryStyle::DeepObject => None,
    }
}

/// A `String` expression: the JSON value `value`'s items (or the value itself) as text, joined
/// with `sep`.
fn joined(value: TokenStream, sep: &str) -> TokenStream {
    quote! {
        match #value {
            serde_json::Value::Array(items) => items.iter().map(super::runtime::scalar_text).collect::<Vec<_>>().join(#sep),
            other => super::runtime::scalar_text(&other),
        }
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
        .replace("& ", "&")
        .replace(" ,", ",")
}

/// A compiling (`no_run`) usage example for a method. Its inputs are parameters of the hidden
/// wrapper function, so the example compiles whatever the types need to be built.
fn example_lines(
    cx: &Cx,
    op: &Operation,
    krate: &str,
    inputs: &[(String, String)],
    returns_nothing: bool,
) -> Vec<String> {
    let signature = inputs
        .iter()
        .map(|(name, ty)| format!("{name}: {ty}"))
        .collect::<Vec<_>>()
        .join(", ");
    let base_url = cx
        .api
        .servers
        .iter()
        .find(|s| s.starts_with("http://") || s.starts_with("https://"))
        .map_or("https://api.example.com", String::as_str);
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
    if op.authenticated {
        if auth.basic {
            lines.push(r#"    .basic_auth("client-id", "client-secret")"#.into());
        } else if auth.bearer {
            lines.push(r#"    .bearer_token("token")"#.into());
        } else if let Some(key) = auth.api_keys.first() {
            lines.push(format!(r#"    .{}("key")"#, key.method));
        }
    }
    lines.push("    .build()?;".into());
    let args = inputs
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let call = format!("client.{}({args}).await?", op.name);
    if returns_nothing {
        lines.push(format!("{call};"));
    } else {
        lines.push(format!("let response = {call};"));
        lines.push("println!(\"{response:?}\");".into());
    }
    lines.push("# Ok(())".into());
    lines.push("# }".into());
    lines.push("```".into());
    lines
}

fn emit_multipart(name: &str, form: &Form) -> TokenStream {
    let ty = ident(name);
    let parts = form.fields.iter().map(|f| {
        let field = ident(&f.name);
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
            Ty::Vec(_) if delimiter(f.style).is_some() => {
                let text = joined(quote!(to_param(#wire, value)?), delimiter(f.style).unwrap_or(","));
                quote!(form = form.part(#wire, text_part(#text, #ct)?);)
            }
            _ => quote!(form = form.part(#wire, text_part(super::runtime::simple_value(&to_param(#wire, value)?), #ct)?);),
        };
        if f.required {
            quote!({ let value = &self.#field; #add })
        } else {
            quote!(if let Some(value) = &self.#field { #add })
        }
    });
    quote! {
        impl super::types::#ty {
            /// Encodes the form as `multipart/form-data`, each part with its content type.
            pub fn to_multipart(&self) -> Result<reqwest::multipart::Form, Error> {
                let mut form = reqwest::multipart::Form::new();
                #(#parts)*
                Ok(form)
            }
        }
    }
}

/// Binds `style` and `explode` for the form property `key`: the default (`form`, exploded) unless
/// the body's `encoding` (or a Swagger 2.0 `collectionFormat`) says otherwise for it.
fn form_property_encoding(fields: &[crate::ir::FormEncoding]) -> TokenStream {
    let default = quote!((super::runtime::QueryStyle::Form, true));
    let arms: Vec<TokenStream> = fields
        .iter()
        .filter(|f| !(f.style == QueryStyle::Form && f.explode))
        .map(|f| {
            let wire = &f.wire;
            let style = runtime_query_style(f.style);
            let explode = f.explode;
            quote!(#wire => (#style, #explode),)
        })
        .collect();
    if arms.is_empty() {
        quote!(let (style, explode) = #default;)
    } else {
        quote!(let (style, explode) = match key.as_str() { #(#arms)* _ => #default };)
    }
}

/// The runtime's `QueryStyle` for an IR style.
fn runtime_query_style(style: QueryStyle) -> TokenStream {
    match style {
        QueryStyle::Form => quote!(super::runtime::QueryStyle::Form),
        QueryStyle::SpaceDelimited => quote!(super::runtime::QueryStyle::SpaceDelimited),
        QueryStyle::PipeDelimited => quote!(super::runtime::QueryStyle::PipeDelimited),
        QueryStyle::DeepObject => quote!(super::runtime::QueryStyle::DeepObject),
        QueryStyle::TabDelimited => quote!(super::runtime::QueryStyle::TabDelimited),
    }
}
