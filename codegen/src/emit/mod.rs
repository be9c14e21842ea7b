//! Stage 3, emit: the IR into Rust tokens (`quote!`), then one prettyplease pass. The only stage
//! that knows Rust.

mod client;
mod format;
mod models;
mod server;
mod stream;
mod strict;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Docs, Shape, Ty};
use crate::naming::{Name, Names, Reserved};

/// Which parts to emit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    /// The async client.
    pub client: bool,
    /// The server trait and router, behind `#[cfg(feature = "server")]`.
    pub server: bool,
}

impl Default for Parts {
    fn default() -> Self {
        Self {
            client: true,
            server: true,
        }
    }
}

/// The generated code as one token stream (unformatted). With `doc_crate` (the path users write
/// to reach the generated items, e.g. `my_api`), every client method's docs get a compiling
/// `no_run` example.
pub(crate) fn emit_tokens(api: &Api, parts: Parts, doc_crate: Option<&str>) -> TokenStream {
    let cx = Cx::new(api, doc_crate);
    let all_types = [format::TypesPart::Whole(&api.types[..])];
    sections(parts, &all_types)
        .iter()
        .map(|section| section.tokens(&cx))
        .collect()
}

/// How many threads format by default: the cores, at most eight.
pub(crate) fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

/// The generated code, formatted: the same text as `format(emit_tokens(..))` (a test checks it,
/// whatever `workers`), but emitted and formatted in pieces on `workers` threads (formatting is
/// most of a generation's time).
pub(crate) fn render(
    api: &Api,
    parts: Parts,
    doc_crate: Option<&str>,
    workers: usize,
) -> Result<String, syn::Error> {
    let cx = Cx::new(api, doc_crate);
    let types = format::split_types(&api.types, workers);
    match format::format_sections(&cx, &sections(parts, &types), workers) {
        Some(code) => Ok(code),
        // A chunk printed in an unexpected shape: format the whole file at once instead.
        None => format(emit_tokens(api, parts, doc_crate)),
    }
}

/// The output's top-level pieces in order; `types` is the `types` module, whole or in chunks.
fn sections<'a>(parts: Parts, types: &'a [format::TypesPart<'a>]) -> Vec<format::Section<'a>> {
    let mut sections: Vec<format::Section> =
        types.iter().map(|t| format::Section::Types(*t)).collect();
    sections.push(format::Section::Runtime);
    if parts.client {
        sections.push(format::Section::Client);
    }
    if parts.server {
        sections.push(format::Section::Server);
    }
    sections.push(format::Section::Reexports {
        client: parts.client,
    });
    sections
}

/// A top-level module of the generated code, for its lint allowances.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Module {
    Types,
    Client,
    Server,
}

/// The lints a generated module allows, each for what the generated code cannot avoid; clippy's
/// default lints are otherwise on (the fixture crates and the One-CP crate are linted with
/// `-D warnings`).
///
/// - `deprecated`: the spec's deprecations are meant for the crate's users; the generated code's
///   own uses (an enum's `as_str`, the router calling a deprecated operation) must not warn.
/// - `rustdoc::*`: docs are the spec's Markdown, written for humans, not rustdoc: `[text]` that
///   is no item, bare URLs, HTML-like `<id>`, and code blocks that are not Rust.
/// - `clippy::too_many_arguments` in `types`, `client` and `server`: a constructor takes one
///   argument per required field, a method one per parameter of the spec.
/// - `clippy::large_enum_variant` in `types`, `client` and `server`: a union and a response
///   enum hold each variant's value inline, as users build and match them (boxing the large
///   ones would put a `Box` in the API wherever a spec's sizes happen to differ).
/// - `clippy::wrong_self_convention` in `client` and `server`: methods are named after the
///   spec's operations, and one called `intoQueue` or `fromTemplate` takes `&self` like any
///   other (the convention is for conversions).
/// - `clippy::enum_variant_names` in `types`: variants are named after the spec's values and
///   schemas, which may share a prefix or suffix (`pending_payment`, `failed_payment`).
pub(crate) fn lints(module: Module) -> TokenStream {
    let own = match module {
        Module::Types => quote! {
            clippy::too_many_arguments,
            clippy::large_enum_variant,
            clippy::enum_variant_names,
        },
        Module::Client => quote! {
            clippy::too_many_arguments,
            clippy::large_enum_variant,
            clippy::wrong_self_convention,
        },
        Module::Server => quote! {
            clippy::too_many_arguments,
            clippy::large_enum_variant,
            clippy::wrong_self_convention,
        },
    };
    quote! {
        #[allow(
            deprecated,
            #own
            rustdoc::broken_intra_doc_links,
            rustdoc::bare_urls,
            rustdoc::invalid_html_tags,
            rustdoc::invalid_rust_codeblocks,
        )]
    }
}

/// Formats generated tokens as a Rust file.
pub(crate) fn format(tokens: TokenStream) -> Result<String, syn::Error> {
    let mut file: syn::File = syn::parse2(tokens)?;
    syn::visit_mut::VisitMut::visit_file_mut(&mut SafeDocs, &mut file);
    Ok(prettyplease::unparse(&file))
}

/// Makes every `#[doc = "..."]` safe to print as a `///` comment, which prettyplease does with
/// any doc string without a newline: spec text may hold a lone CR (rustc: "bare CR not allowed in
/// doc-comment"), bidirectional-override characters (`text_direction_codepoint_in_comment` is
/// deny-by-default) and other control characters (NUL makes the file binary to every tool).
struct SafeDocs;

impl syn::visit_mut::VisitMut for SafeDocs {
    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        let syn::Meta::NameValue(meta) = &mut attr.meta else {
            return;
        };
        if !meta.path.is_ident("doc") {
            return;
        }
        if let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) = &mut meta.value
        {
            let value = text.value();
            // Most doc lines need nothing: check before building a copy.
            if value.chars().any(unsafe_in_comment) {
                *text = syn::LitStr::new(&comment_safe(&value), text.span());
            }
        }
    }
}

/// `text` with CRs as line breaks and other control and bidirectional-control characters
/// written as `\u{..}` escapes.
pub(crate) fn comment_safe(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if unsafe_in_comment(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `c` cannot stand as itself in a `///` comment ([`comment_safe`] rewrites it; a CR
/// becomes a line break there).
fn unsafe_in_comment(c: char) -> bool {
    let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    (c.is_control() && c != '\n' && c != '\t') || bidi
}

/// "A" or "An" before a type name in generated prose (`An `Order``, `A `User``), by the sound
/// its first letters usually make: a vowel, except a "you" sound (`Unit`, `User`, `Uuid`).
pub(crate) fn article(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    let you_sound = [
        "uni", "usa", "use", "usi", "usu", "ure", "uri", "url", "uti", "uu",
    ]
    .iter()
    .any(|p| lower.starts_with(p));
    match lower.chars().next() {
        Some('a' | 'e' | 'i' | 'o') => "An",
        Some('u') if !you_sound => "An",
        _ => "A",
    }
}

/// The Rust names of `api`'s items, kept clear of what the emitters bind beside them.
pub(crate) fn names(api: &Api) -> Names {
    Names::of(
        api,
        &Reserved {
            methods: &[client::CLIENT_METHODS, server::ARC_METHODS].concat(),
            params: &[client::CALL_MEMBERS, server::TRAIT_ARGS].concat(),
        },
    )
}

/// Shared context of the emitters.
pub(crate) struct Cx<'a> {
    pub api: &'a Api,
    /// Where the generated items live for a user (`one_cp`), for doc examples.
    pub doc_crate: Option<&'a str>,
    /// The Rust names of the API's items.
    pub names: Names,
}

impl<'a> Cx<'a> {
    fn new(api: &'a Api, doc_crate: Option<&'a str>) -> Self {
        Self {
            api,
            doc_crate,
            names: names(api),
        }
    }

    /// Follows aliases from `ty` to what it finally is.
    pub fn resolve<'t>(&'t self, ty: &'t Ty) -> &'t Ty {
        let mut ty = ty;
        for _ in 0..64 {
            let Ty::Named(n) = ty else { return ty };
            match self
                .api
                .types
                .iter()
                .find(|t| t.name == *n)
                .map(|t| &t.shape)
            {
                Some(Shape::Alias(inner)) => ty = inner,
                _ => return ty,
            }
        }
        ty
    }
}

/// The identifier of a named type (its name in the IR is its Rust name).
pub(crate) fn type_ident(name: &str) -> Name {
    Name::plain(name)
}

/// Where a type expression is written: inside `types`, or in a sibling module.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum At {
    Types,
    Sibling,
}

/// A type expression.
pub(crate) fn ty_tokens(ty: &Ty, at: At) -> TokenStream {
    match ty {
        Ty::Named(n) => {
            let id = type_ident(n);
            match at {
                At::Types => quote!(#id),
                At::Sibling => quote!(super::types::#id),
            }
        }
        Ty::Boxed(inner) => {
            let inner = ty_tokens(inner, at);
            quote!(Box<#inner>)
        }
        Ty::String => quote!(String),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::U64 => quote!(u64),
        Ty::F32 => quote!(f32),
        Ty::F64 => quote!(f64),
        Ty::Decimal | Ty::DecimalText => quote!(rust_decimal::Decimal),
        Ty::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        Ty::Date => quote!(chrono::NaiveDate),
        Ty::Uuid => quote!(uuid::Uuid),
        Ty::Bytes => quote!(bytes::Bytes),
        Ty::File => match at {
            At::Types => quote!(super::runtime::FilePart),
            At::Sibling => quote!(super::runtime::FilePart),
        },
        Ty::Json => quote!(serde_json::Value),
        Ty::JsonMap => quote!(serde_json::Map<String, serde_json::Value>),
        Ty::Vec(inner) => {
            let inner = ty_tokens(inner, at);
            quote!(Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty_tokens(inner, at);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        Ty::Option(inner) => {
            let inner = ty_tokens(inner, at);
            quote!(Option<#inner>)
        }
        Ty::Tuple(items) => {
            let items = items.iter().map(|t| ty_tokens(t, at));
            quote!((#(#items,)*))
        }
    }
}

/// Doc attributes for `docs`. Spec text is Markdown meant for humans, not rustdoc: indented code
/// blocks and unlabelled fences would become doctests, so they are neutralised. Every line goes in
/// as a string literal, so nothing in a description can turn into code.
pub(crate) fn doc_attrs(docs: &Docs) -> TokenStream {
    doc_attrs_with(docs, &[])
}

/// [`doc_attrs`], then the generator's own paragraph `trailer`, after a blank line only when spec
/// text comes before it (so undocumented items do not open with an empty line).
pub(crate) fn doc_attrs_with(docs: &Docs, trailer: &[String]) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    if let Some(t) = &docs.title {
        lines.extend(clean_markdown(t));
    }
    if let Some(d) = &docs.description {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(clean_markdown(d));
    }
    if !docs.notes.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push("Constraints:".into());
        lines.extend(
            docs.notes
                .iter()
                .map(|n| format!("- {}", n.replace('\n', " "))),
        );
    }
    if !trailer.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend_from_slice(trailer);
    }
    let deprecated = docs.deprecated.then(|| quote!(#[deprecated]));
    doc_lines(&lines, deprecated)
}

pub(crate) fn doc_lines(lines: &[String], extra: Option<TokenStream>) -> TokenStream {
    let attrs = lines.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#[doc = #l])
    });
    quote!(#(#attrs)* #extra)
}

fn clean_markdown(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            out.push(if in_fence {
                "```".to_string()
            } else {
                "```text".to_string()
            });
            in_fence = !in_fence;
            continue;
        }
        out.push(if in_fence {
            line.trim_end().to_string()
        } else {
            trimmed.to_string()
        });
    }
    if in_fence {
        out.push("```".into());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// A response's status and the first line of its description: `404: Not found.`.
fn status_doc(response: &crate::ir::Response) -> String {
    match &response.description {
        Some(d) => format!(
            "{}: {}",
            response.status,
            d.lines().next().unwrap_or_default()
        ),
        None => response.status.to_string(),
    }
}

/// One doc line per header the `responses` declare: `` - `Location` (202, always sent): ... ``.
fn declared_headers<'r>(
    responses: impl IntoIterator<Item = &'r crate::ir::Response>,
) -> Vec<String> {
    responses
        .into_iter()
        .flat_map(|response| {
            response.headers.iter().map(move |header| {
                let status = response.status;
                let required = if header.required { ", always sent" } else { "" };
                let about = header
                    .description
                    .as_deref()
                    .map(|d| format!(": {}", d.split_whitespace().collect::<Vec<_>>().join(" ")))
                    .unwrap_or_default();
                format!("- `{}` ({status}{required}){about}", header.name)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::article;

    #[test]
    fn the_article_follows_the_sound_of_the_name() {
        for (name, expected) in [
            ("Order", "An"),
            ("ErrorResponse", "An"),
            ("Item", "An"),
            ("Address", "An"),
            ("Update", "An"),
            ("Unknown", "An"),
            ("User", "A"),
            ("Uuid", "A"),
            ("UnitPrice", "A"),
            ("UrlList", "A"),
            ("CorporateCheckout", "A"),
            ("Pet", "A"),
            ("", "A"),
        ] {
            assert_eq!(article(name), expected, "{name}");
        }
    }
}
