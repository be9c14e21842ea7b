//! Models: structs, open string enums, unions, aliases and multipart forms.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, doc_attrs_with, ident, ty_tokens, At, Cx};
use crate::ir::{Docs, Field, Form, Shape, StringEnum, Struct, Ty, TypeDef, Union};

/// The `use` lines the model items need, at the top of the `types` module.
pub(super) fn imports() -> TokenStream {
    quote!(
        use serde::{Deserialize, Serialize};
    )
}

/// The items for `types`, one or more per type definition.
pub(super) fn emit(cx: &Cx, types: &[TypeDef]) -> TokenStream {
    let items = types.iter().map(|t| emit_type(cx, t));
    quote!(#(#items)*)
}

fn emit_type(cx: &Cx, def: &TypeDef) -> TokenStream {
    let docs = doc_attrs(&def.docs);
    let name = ident(&def.name);
    match &def.shape {
        Shape::Struct(s) => emit_struct(cx, &def.name, docs, s),
        Shape::Enum(e) => emit_enum(&def.name, &def.docs, e),
        Shape::Union(u) => emit_union(cx, &def.name, &def.docs, u),
        Shape::Alias(ty) => {
            let ty = field_ty(ty);
            quote! { #docs pub type #name = #ty; }
        }
        Shape::Newtype(ty) => {
            let attr = decimal_attr(cx, ty);
            let ty = field_ty(ty);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                #[serde(transparent)]
                pub struct #name(#attr pub #ty);
            }
        }
        Shape::Form(f) => emit_form(&def.name, &def.docs, f),
    }
}

/// A type as written in a model; decimals nested where no serde adapter reaches are carried as
/// exact JSON numbers (`serde_json::Number`), never as `f64`.
fn field_ty(ty: &Ty) -> TokenStream {
    ty_tokens(ty, At::Types)
}

/// How a decimal inside `ty` (alone, or in containers to any depth; `Option` included) is read
/// and written as a JSON number: the runtime's `decimal_json`, which writes the exact digits.
pub(crate) fn decimal_attr(cx: &Cx, ty: &Ty) -> TokenStream {
    if holds_decimal(cx, ty, 0) {
        quote!(#[serde(with = "super::runtime::decimal_json")])
    } else {
        TokenStream::new()
    }
}

/// Whether a decimal sits inside `ty` through vectors, options, maps and boxes (not through named
/// structs, which carry their own adapters).
fn holds_decimal(cx: &Cx, ty: &Ty, depth: usize) -> bool {
    // Type expressions are shallow; the bound only guards against a malformed IR.
    if depth > 64 {
        return false;
    }
    match cx.resolve(ty) {
        Ty::Decimal => true,
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => {
            holds_decimal(cx, inner, depth + 1)
        }
        _ => false,
    }
}

/// Whether `ty` is a `const` enum, whose `Default` is its one value.
fn fixed(cx: &Cx, ty: &Ty) -> bool {
    match ty {
        Ty::Named(n) => cx
            .api
            .types
            .iter()
            .any(|t| t.name == *n && matches!(&t.shape, Shape::Enum(e) if e.fixed)),
        _ => false,
    }
}

fn defaultable(ty: &Ty) -> bool {
    matches!(
        ty,
        Ty::String
            | Ty::Bool
            | Ty::I32
            | Ty::I64
            | Ty::F32
            | Ty::F64
            | Ty::Decimal
            | Ty::Json
            | Ty::JsonMap
            | Ty::Vec(_)
            | Ty::Map(_)
            | Ty::Option(_)
    )
}

fn emit_field(cx: &Cx, f: &Field) -> TokenStream {
    let docs = doc_attrs(&f.docs);
    let name = ident(&f.name);
    let inner = field_ty(&f.ty);
    let rename = (f.name.trim_start_matches("r#") != f.wire).then(|| {
        let wire = &f.wire;
        quote!(#[serde(rename = #wire)])
    });
    let (ty, attrs) = match (f.required, f.nullable) {
        (true, false) => (inner, decimal_attr(cx, &f.ty)),
        (true, true) => (quote!(Option<#inner>), {
            let d = decimal_attr(cx, &f.ty);
            quote!(#d)
        }),
        (false, false) => {
            let d = decimal_attr(cx, &f.ty);
            let default = quote!(default,);
            (
                quote!(Option<#inner>),
                quote!(#[serde(#default skip_serializing_if = "Option::is_none")] #d),
            )
        }
        (false, true) => {
            // Absent (`None`) and explicit `null` (`Some(None)`) are different on the wire.
            let with = if decimal_attr(cx, &f.ty).is_empty() {
                "super::runtime::double_option"
            } else {
                "super::runtime::decimal_double_option"
            };
            (
                quote!(Option<Option<#inner>>),
                quote!(#[serde(default, skip_serializing_if = "Option::is_none", with = #with)]),
            )
        }
    };
    quote! {
        #docs
        #rename
        #attrs
        pub #name: #ty,
    }
}

fn emit_struct(cx: &Cx, name: &str, docs: TokenStream, s: &Struct) -> TokenStream {
    let id = ident(name);
    let fields = s.fields.iter().map(|f| emit_field(cx, f));
    let additional = s.additional.as_ref().map(|ty| {
        let field = if s.fields.iter().any(|f| f.name == "additional_properties") {
            format_ident!("additional_properties_")
        } else {
            format_ident!("additional_properties")
        };
        let ty = field_ty(ty);
        quote! {
            /// Properties not named in the schema, kept as received.
            #[serde(flatten)]
            pub #field: std::collections::BTreeMap<String, #ty>,
        }
    });
    let default = s
        .fields
        .iter()
        .all(|f| !f.required || f.nullable || defaultable(&f.ty) || fixed(cx, &f.ty))
        .then(|| quote!(Default,));
    let accessors: Vec<TokenStream> = s
        .fields
        .iter()
        .filter_map(|f| default_accessor(cx, f))
        .collect();
    let accessors = (!accessors.is_empty()).then(|| {
        quote! {
            impl #id {
                #(#accessors)*
            }
        }
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default Serialize, Deserialize)]
        pub struct #id {
            #(#fields)*
            #additional
        }
        #accessors
    }
}

/// `fn <field>_or_default(&self)` for an optional field whose spec `default` is a plain value:
/// the field stays an `Option` (absent is not sent, and the server applies its default), and the
/// reader gets the effective value without repeating the default by hand.
fn default_accessor(cx: &Cx, f: &Field) -> Option<TokenStream> {
    use serde_json::Value;
    if f.required || f.nullable {
        return None;
    }
    let default = f.default.as_ref()?;
    let field = ident(&f.name);
    let written = field_ty(&f.ty);
    let (ret, body) = match (cx.resolve(&f.ty), default) {
        (Ty::Bool, Value::Bool(b)) => (quote!(bool), quote!(self.#field.unwrap_or(#b))),
        (Ty::I32, Value::Number(n)) => {
            let v = proc_macro2::Literal::i32_unsuffixed(i32::try_from(n.as_i64()?).ok()?);
            (quote!(i32), quote!(self.#field.unwrap_or(#v)))
        }
        (Ty::I64, Value::Number(n)) => {
            let v = proc_macro2::Literal::i64_unsuffixed(n.as_i64()?);
            (quote!(i64), quote!(self.#field.unwrap_or(#v)))
        }
        (Ty::F64 | Ty::F32, Value::Number(n)) => {
            let v = n.as_f64().filter(|v| v.is_finite())?;
            let v = proc_macro2::Literal::f64_unsuffixed(v);
            (written, quote!(self.#field.unwrap_or(#v as _)))
        }
        (Ty::Decimal, Value::Number(n)) => {
            let (mantissa, scale) = decimal_parts(&n.to_string())?;
            (
                written,
                quote!(self.#field.unwrap_or(rust_decimal::Decimal::from_i128_with_scale(#mantissa, #scale))),
            )
        }
        (Ty::String, Value::String(text)) => (
            quote!(&str),
            quote!(self.#field.as_deref().unwrap_or(#text)),
        ),
        (Ty::Named(enum_name), Value::String(text)) => {
            let Some(Shape::Enum(e)) = cx
                .api
                .types
                .iter()
                .find(|t| t.name == *enum_name)
                .map(|t| &t.shape)
            else {
                return None;
            };
            let variant = e.variants.iter().find(|v| v.value == *text)?;
            let (ty, v) = (ident(enum_name), ident(&variant.name));
            (quote!(#ty), quote!(self.#field.clone().unwrap_or(#ty::#v)))
        }
        _ => return None,
    };
    let method = format_ident!("{}_or_default", f.name.trim_start_matches("r#"));
    let doc = format!(
        " `{}`, or the spec's default `{default}` when it is absent.",
        f.wire
    );
    // A deprecated field's accessor is deprecated too, and reading the field here must not warn.
    let deprecated = f
        .docs
        .deprecated
        .then(|| quote!(#[deprecated] #[allow(deprecated)]));
    Some(quote! {
        #[doc = #doc]
        #deprecated
        pub fn #method(&self) -> #ret {
            #body
        }
    })
}

/// A plain decimal literal (`-12.50`) as rust_decimal's mantissa and scale; `None` for exponents
/// or values out of its range.
fn decimal_parts(text: &str) -> Option<(i128, u32)> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty()
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let scale = u32::try_from(frac.len()).ok().filter(|s| *s <= 28)?;
    let mantissa: i128 = format!("{int}{frac}").parse().ok()?;
    // rust_decimal holds a 96-bit mantissa.
    if mantissa >= 1 << 96 {
        return None;
    }
    Some((if negative { -mantissa } else { mantissa }, scale))
}

fn emit_enum(name: &str, docs: &Docs, e: &StringEnum) -> TokenStream {
    let docs = doc_attrs_with(
        docs,
        &["Open enum: a value this version does not know is kept in `Other` and sent back unchanged.".into()],
    );
    let id = ident(name);
    let variants = e.variants.iter().map(|v| {
        let vid = ident(&v.name);
        let value = &v.value;
        let title = format!("`{value}`");
        let doc = match &v.description {
            None => {
                let line = format!(" {title}");
                quote!(#[doc = #line])
            }
            Some(description) => doc_attrs(&Docs {
                title: Some(title),
                description: Some(description.clone()),
                ..Docs::default()
            }),
        };
        quote! {
            #doc
            #[serde(rename = #value)]
            #vid,
        }
    });
    let arms = e.variants.iter().map(|v| {
        let vid = ident(&v.name);
        let value = &v.value;
        quote!(Self::#vid => #value,)
    });
    // A `const`: its one value is the default, so a struct holding it can be built without it.
    let fixed = match (e.fixed, e.variants.as_slice()) {
        (true, [only]) => {
            let vid = ident(&only.name);
            let doc = format!(" `{}`, the only value the spec allows.", only.value);
            quote! {
                impl Default for #id {
                    #[doc = #doc]
                    fn default() -> Self {
                        Self::#vid
                    }
                }
            }
        }
        _ => TokenStream::new(),
    };
    let parse = e.variants.iter().map(|v| {
        let vid = ident(&v.name);
        let value = &v.value;
        quote!(#value => Self::#vid,)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum #id {
            #(#variants)*
            /// A value not known when this code was generated, kept as received.
            #[serde(untagged)]
            Other(String),
        }

        impl #id {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#arms)*
                    Self::Other(value) => value,
                }
            }
        }

        impl std::fmt::Display for #id {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for #id {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(match value {
                    #(#parse)*
                    other => Self::Other(other.to_string()),
                })
            }
        }

        #fixed
    }
}

fn emit_union(cx: &Cx, name: &str, spec_docs: &Docs, u: &Union) -> TokenStream {
    let docs = doc_attrs(spec_docs);
    let id = ident(name);
    let variants = u.variants.iter().map(|v| {
        let vid = ident(&v.name);
        let ty = field_ty(&v.ty);
        let attr = decimal_attr(cx, &v.ty);
        quote!(#attr #vid(#ty),)
    });
    match &u.tag {
        None => quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
            #[serde(untagged)]
            pub enum #id {
                #(#variants)*
            }
        },
        Some(tag) => {
            let arms = u.variants.iter().map(|v| {
                let vid = ident(&v.name);
                let values = &v.tag_values;
                quote! {
                    #(Some(#values))|* => serde_json::from_value(value).map(Self::#vid).map_err(serde::de::Error::custom),
                }
            });
            let docs = doc_attrs_with(
                spec_docs,
                &[format!(
                    "Selected by the `{tag}` property; an unknown value is kept in `Other`."
                )],
            );
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Serialize)]
                #[serde(untagged)]
                pub enum #id {
                    #(#variants)*
                    /// A variant not known when this code was generated, kept as received.
                    Other(serde_json::Value),
                }

                impl<'de> Deserialize<'de> for #id {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = serde_json::Value::deserialize(deserializer)?;
                        let tag = value.get(#tag).and_then(serde_json::Value::as_str).map(str::to_owned);
                        match tag.as_deref() {
                            #(#arms)*
                            _ => Ok(Self::Other(value)),
                        }
                    }
                }
            }
        }
    }
}

fn emit_form(name: &str, docs: &Docs, f: &Form) -> TokenStream {
    let docs = doc_attrs_with(
        docs,
        &[
            "A `multipart/form-data` body: each field is sent as one part (arrays as the spec's"
                .into(),
            "`encoding` says).".into(),
        ],
    );
    let id = ident(name);
    let fields = f.fields.iter().map(|field| {
        let docs = doc_attrs(&field.docs);
        let part = format!(" Part `{}` ({}).", field.wire, field.content_type);
        let name = ident(&field.name);
        let ty = field_ty(&field.ty);
        let ty = if field.required {
            ty
        } else {
            quote!(Option<#ty>)
        };
        quote! {
            #docs
            #[doc = #part]
            pub #name: #ty,
        }
    });
    let default = f
        .fields
        .iter()
        .all(|field| !field.required || defaultable(&field.ty))
        .then(|| quote!(Default,));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #id {
            #(#fields)*
        }
    }
}
