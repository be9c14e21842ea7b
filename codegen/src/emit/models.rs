//! Models: structs, open string enums, unions, aliases and multipart forms.

use proc_macro2::TokenStream;
use quote::quote;

use super::{article, doc_attrs, doc_attrs_with, doc_lines, ty_tokens, type_ident, At, Cx};
use crate::ir::{Docs, Field, Form, Shape, StringEnum, Struct, Ty, TypeDef, Union};
use crate::naming::{Name, Scope};

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
    let name = type_ident(&def.name);
    match &def.shape {
        Shape::Struct(s) => emit_struct(cx, &def.name, docs, s),
        Shape::Enum(e) => emit_enum(cx, &def.name, &def.docs, e),
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
        Shape::Form(f) => emit_form(cx, &def.name, &def.docs, f),
    }
}

/// A type as written in a model; decimals nested where no serde adapter reaches are carried as
/// exact JSON numbers (`serde_json::Number`), never as `f64`.
fn field_ty(ty: &Ty) -> TokenStream {
    ty_tokens(ty, At::Types)
}

/// How a decimal inside `ty` (alone, or in containers to any depth; `Option` included) is read
/// and written: the runtime's `decimal_json` (or `decimal_text`), which writes the exact digits.
pub(crate) fn decimal_attr(cx: &Cx, ty: &Ty) -> TokenStream {
    match decimal_inside(cx, ty) {
        Some(form) => {
            let module = form.module();
            quote!(#[serde(with = #module)])
        }
        None => TokenStream::new(),
    }
}

/// How the decimals inside a type are written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecimalForm {
    /// JSON numbers (`type: number, format: decimal`).
    Number,
    /// JSON strings (`type: string, format: decimal`).
    Text,
}

impl DecimalForm {
    /// The runtime's `#[serde(with)]` adapter.
    pub(crate) fn module(self) -> &'static str {
        match self {
            Self::Number => "super::runtime::decimal_json",
            Self::Text => "super::runtime::decimal_text",
        }
    }

    /// The runtime's adapter for `Option<Option<_>>` (absent, `null` or a value).
    fn double_option_module(self) -> &'static str {
        match self {
            Self::Number => "super::runtime::decimal_double_option",
            Self::Text => "super::runtime::decimal_text_double_option",
        }
    }

    /// The runtime's wrapper that serializes a value so (`AsJson(&value)`).
    pub(crate) fn wrapper(self) -> TokenStream {
        match self {
            Self::Number => quote!(super::runtime::AsJson),
            Self::Text => quote!(super::runtime::AsText),
        }
    }

    /// The runtime's wrapper that deserializes a value so (`FromJson(value)`).
    pub(crate) fn reader(self) -> TokenStream {
        match self {
            Self::Number => quote!(super::runtime::FromJson),
            Self::Text => quote!(super::runtime::FromText),
        }
    }
}

/// How the decimal inside `ty` is written, if a decimal sits there through vectors, options, maps
/// and boxes (not through named structs, which carry their own adapters).
pub(crate) fn decimal_inside(cx: &Cx, ty: &Ty) -> Option<DecimalForm> {
    decimal_within(cx, ty, 0)
}

fn decimal_within(cx: &Cx, ty: &Ty, depth: usize) -> Option<DecimalForm> {
    // Type expressions are shallow; the bound only guards against a malformed IR.
    if depth > 64 {
        return None;
    }
    match cx.resolve(ty) {
        Ty::Decimal => Some(DecimalForm::Number),
        Ty::DecimalText => Some(DecimalForm::Text),
        Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) | Ty::Boxed(inner) => {
            decimal_within(cx, inner, depth + 1)
        }
        _ => None,
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

/// The field's one `#[serde(...)]` attribute: rename, presence and the decimal adapter together.
fn field_serde_attr(cx: &Cx, f: &Field) -> TokenStream {
    let mut parts: Vec<TokenStream> = Vec::new();
    if cx.names.field(f).name.as_str() != f.wire {
        let wire = &f.wire;
        parts.push(quote!(rename = #wire));
    }
    let decimal = decimal_inside(cx, &f.ty);
    let with = match (f.required, f.nullable) {
        (true, false) => decimal.map(DecimalForm::module),
        // `with` makes serde require the field: absent is an error, `null` is `None`.
        (true, true) if decimal.is_some() => decimal.map(DecimalForm::module),
        (true, true) => Some("super::runtime::nullable"),
        (false, false) => {
            parts.push(quote!(default, skip_serializing_if = "Option::is_none"));
            decimal.map(DecimalForm::module)
        }
        (false, true) => {
            // Absent (`None`) and explicit `null` (`Some(None)`) are different on the wire.
            parts.push(quote!(default, skip_serializing_if = "Option::is_none"));
            Some(match decimal {
                Some(form) => form.double_option_module(),
                None => "super::runtime::double_option",
            })
        }
    };
    if let Some(with) = with {
        parts.push(quote!(with = #with));
    }
    if parts.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[serde(#(#parts),*)])
    }
}

/// The Rust type of a struct field: `Option` for optional and nullable fields, both for fields
/// that are optional and nullable (absent and `null` differ).
fn field_full_ty(f: &Field) -> TokenStream {
    let inner = field_ty(&f.ty);
    match (f.required, f.nullable) {
        (true, false) => inner,
        (true, true) | (false, false) => quote!(Option<#inner>),
        (false, true) => quote!(Option<Option<#inner>>),
    }
}

fn emit_field(cx: &Cx, f: &Field) -> TokenStream {
    let docs = doc_attrs(&f.docs);
    let name = &cx.names.field(f).name;
    let attr = field_serde_attr(cx, f);
    let ty = field_full_ty(f);
    quote! {
        #docs
        #attr
        pub #name: #ty,
    }
}

fn emit_struct(cx: &Cx, name: &str, docs: TokenStream, s: &Struct) -> TokenStream {
    let id = type_ident(name);
    let fields = s.fields.iter().map(|f| emit_field(cx, f));
    let additional = s.additional.as_ref().map(|ty| {
        let field = cx.names.additional(s);
        // Written with the decimal adapter where the values hold decimals (exact).
        let attr = match decimal_inside(cx, ty) {
            Some(form) => {
                let serialize = format!("{}::serialize", form.module());
                quote!(#[serde(flatten, serialize_with = #serialize)])
            }
            None => quote!(#[serde(flatten)]),
        };
        let ty = field_ty(ty);
        quote! {
            /// Properties not named in the schema, kept as received.
            #attr
            pub #field: std::collections::BTreeMap<String, #ty>,
        }
    });
    let flattened = s.flattened.as_ref().map(|flat| {
        let field = cx.names.flattened(s);
        let ty = field_ty(&flat.ty);
        quote! {
            /// The rest of the object: what the schema's `oneOf`/`anyOf` (or the schema it
            /// extends) says, read from and written into the same JSON object.
            #[serde(flatten)]
            pub #field: #ty,
        }
    });
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    // `Default` only where it builds a value the spec allows: no required field, or a spec
    // default for each.
    let required_defaults: Option<Vec<TokenStream>> = required
        .iter()
        .map(|f| {
            // A `const` field has its one value.
            if fixed(cx, &f.ty) && f.default.is_none() {
                return Some(quote!(Default::default()));
            }
            let value = f.default.as_ref()?;
            if f.nullable {
                match value {
                    serde_json::Value::Null => Some(quote!(None)),
                    value => default_value(cx, &f.ty, value).map(|v| quote!(Some(#v))),
                }
            } else {
                default_value(cx, &f.ty, value)
            }
        })
        .collect();
    let derive_default = (s.flattened.is_none()
        && required
            .iter()
            .all(|f| fixed(cx, &f.ty) && f.default.is_none() && !f.nullable))
    .then(|| quote!(Default,));
    let additional_init = s.additional.as_ref().map(|_| {
        let field = cx.names.additional(s);
        quote!(#field: std::collections::BTreeMap::new(),)
    });
    let impl_default = match required_defaults {
        Some(values)
            if !required.is_empty() && derive_default.is_none() && s.flattened.is_none() =>
        {
            let inits = s.fields.iter().map(|f| {
                let n = &cx.names.field(f).name;
                match required.iter().position(|r| std::ptr::eq(*r, f)) {
                    Some(i) => {
                        let v = &values[i];
                        quote!(#n: #v,)
                    }
                    None => quote!(#n: None,),
                }
            });
            Some(quote! {
                impl Default for #id {
                    /// Every required field at the spec's default, every optional field absent.
                    fn default() -> Self {
                        Self {
                            #(#inits)*
                            #additional_init
                        }
                    }
                }
            })
        }
        _ => None,
    };
    let mut members: Vec<Member> = s
        .fields
        .iter()
        .map(|f| Member {
            name: &cx.names.field(f).name,
            setter: &cx.names.field(f).setter,
            wire: &f.wire,
            required: f.required,
            fixed: f.required && !f.nullable && fixed(cx, &f.ty),
            deprecated: f.docs.deprecated,
            ty: field_full_ty(f),
            setter_ty: match f.nullable {
                false => field_ty(&f.ty),
                true => {
                    let inner = field_ty(&f.ty);
                    quote!(Option<#inner>)
                }
            },
            // A nullable box is taken as the `Option<Box<_>>` it is.
            boxed: matches!(f.ty, Ty::Boxed(_)) && !f.nullable,
        })
        .collect();
    if let Some(flat) = &s.flattened {
        // Required: the object is always one of the union's members.
        let ty = field_ty(&flat.ty);
        let name = cx.names.flattened(s);
        members.push(Member {
            name,
            setter: name,
            wire: name.as_str(),
            required: true,
            fixed: false,
            deprecated: false,
            ty: ty.clone(),
            setter_ty: ty,
            boxed: matches!(flat.ty, Ty::Boxed(_)),
        });
    }
    let constructor = constructor(name, &members, additional_init);
    let accessors: Vec<TokenStream> = s
        .fields
        .iter()
        .filter_map(|f| default_accessor(cx, f))
        .collect();
    let (derive_de, flattened_de) = match (&s.additional, &s.flattened) {
        (None, None) => (quote!(Deserialize), None),
        _ => (quote!(), Some(flattened_deserialize(cx, &id, s))),
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_default Serialize, #derive_de)]
        #[non_exhaustive]
        pub struct #id {
            #(#fields)*
            #flattened
            #additional
        }
        #flattened_de
        impl #id {
            #constructor
            #(#accessors)*
        }
        #impl_default
    }
}
/// `Deserialize` for a struct with `additionalProperties` or a flattened union: serde's `flatten`
/// would buffer the object and read every number in it as an `f64`, so the named properties are
/// read by a derived struct, the flattened value and the other properties on their own, all from
/// the object's text by serde_json itself.
fn flattened_deserialize(cx: &Cx, id: &Name, s: &Struct) -> TokenStream {
    let capture = capture_raw();
    let names: Vec<&Name> = s.fields.iter().map(|f| &cx.names.field(f).name).collect();
    // The locals bound below, which the flattened value's local must not shadow.
    let mut locals = Scope::reserving(["deserializer", "raw", "text", "known", "rest"]);
    let known = (!s.fields.is_empty()).then(|| {
        let fields = s.fields.iter().map(|f| {
            let name = &cx.names.field(f).name;
            let attr = field_serde_attr(cx, f);
            let ty = field_full_ty(f);
            quote!(#attr #name: #ty,)
        });
        quote! {
            #[derive(Deserialize)]
            struct Known {
                #(#fields)*
            }
            // The error names the property that failed (`price: ...`).
            let known: Known = super::runtime::decode_json(text.as_bytes()).map_err(serde::de::Error::custom)?;
        }
    });
    let (flat_read, flat_init) = match &s.flattened {
        Some(flat) => {
            let field = cx.names.flattened(s);
            let local = locals.claim(field.clone());
            let ty = field_ty(&flat.ty);
            let own = s.fields.iter().map(|f| &f.wire);
            let init = if local == *field {
                quote!(#field,)
            } else {
                quote!(#field: #local,)
            };
            (
                Some(quote! {
                    let rest = super::runtime::without_keys(text, &[#(#own),*]).map_err(serde::de::Error::custom)?;
                    let #local: #ty = super::runtime::decode_json(rest.as_bytes()).map_err(serde::de::Error::custom)?;
                }),
                Some(init),
            )
        }
        None => (None, None),
    };
    let (map_read, map_init) = match &s.additional {
        Some(ty) => {
            let map = cx.names.additional(s);
            let read = read_raw(cx, ty, quote!(value.get()));
            // The flattened value's properties are its own, not additional ones.
            let mut wires: Vec<String> = s.fields.iter().map(|f| f.wire.clone()).collect();
            if let Some(flat) = &s.flattened {
                wire_names(cx, &flat.ty, &mut wires, 0);
            }
            (
                Some(quote! {
                    let mut #map = std::collections::BTreeMap::new();
                    for (key, value) in super::runtime::raw_properties(text).map_err(serde::de::Error::custom)? {
                        if [#(#wires),*].contains(&key.as_str()) {
                            continue;
                        }
                        let value = #read.map_err(|e| serde::de::Error::custom(format!("{key}: {e}")))?;
                        #map.insert(key, value);
                    }
                }),
                Some(quote!(#map,)),
            )
        }
        None => (None, None),
    };
    quote! {
        impl<'de> Deserialize<'de> for #id {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                #capture
                #known
                #flat_read
                #map_read
                Ok(Self {
                    #(#names: known.#names,)*
                    #flat_init
                    #map_init
                })
            }
        }
    }
}

/// The property names a value of `ty` reads from its object: a struct's (its flattened value's
/// included), and every member's of a union, its tag too.
pub(super) fn wire_names(cx: &Cx, ty: &Ty, out: &mut Vec<String>, depth: usize) {
    // Named types nest shallowly; the bound guards against a cycle of flattened types.
    if depth > 16 {
        return;
    }
    let n = match cx.resolve(ty) {
        Ty::Named(n) => n,
        // A flattened value in a cycle is boxed.
        Ty::Boxed(inner) => return wire_names(cx, inner, out, depth + 1),
        _ => return,
    };
    match cx.api.types.iter().find(|t| t.name == *n).map(|t| &t.shape) {
        Some(Shape::Struct(s)) => {
            out.extend(s.fields.iter().map(|f| f.wire.clone()));
            if let Some(flat) = &s.flattened {
                wire_names(cx, &flat.ty, out, depth + 1);
            }
        }
        Some(Shape::Union(u)) => {
            out.extend(u.tag.iter().cloned());
            for v in &u.variants {
                wire_names(cx, &v.ty, out, depth + 1);
            }
        }
        _ => {}
    }
    out.sort();
    out.dedup();
}

/// A field of a generated struct, as its constructor and setters see it.
struct Member<'a> {
    name: &'a Name,
    /// The setter of an optional member.
    setter: &'a Name,
    wire: &'a str,
    required: bool,
    /// A required `const` field: `new` sets its one value.
    fixed: bool,
    deprecated: bool,
    /// The field's type.
    ty: TokenStream,
    /// What an optional field's setter takes: the field's type without the `Option` that
    /// optionality adds.
    setter_ty: TokenStream,
    /// A box (a recursive field, `Box<Node>`): `new` and the setter take `impl Into<Box<Node>>`,
    /// so a caller passes the `Node` itself (or a box it already has).
    boxed: bool,
}

/// `pub fn new(<required fields, in spec order>) -> Self` and one `with_<field>` setter per
/// optional field; `rest` initialises any members beyond `members` (the additional-properties map).
fn constructor(type_name: &str, members: &[Member], rest: Option<TokenStream>) -> TokenStream {
    let required: Vec<&Member> = members.iter().filter(|m| m.required && !m.fixed).collect();
    let args = required.iter().map(|m| {
        let (n, ty) = (m.name, &m.ty);
        if m.boxed {
            quote!(#n: impl Into<#ty>)
        } else {
            quote!(#n: #ty)
        }
    });
    let inits = members.iter().map(|m| {
        let n = m.name;
        if m.fixed {
            quote!(#n: Default::default(),)
        } else if m.required && m.boxed {
            quote!(#n: #n.into(),)
        } else if m.required {
            quote!(#n,)
        } else {
            quote!(#n: None,)
        }
    });
    let arg_names: Vec<&str> = required.iter().map(|m| m.name.as_str()).collect();
    let mut doc = vec![if required.is_empty() {
        format!(
            "{} `{type_name}` with every field absent.",
            article(type_name)
        )
    } else {
        let listed: Vec<String> = arg_names.iter().map(|n| format!("`{n}`")).collect();
        format!(
            "{} `{type_name}` from its required fields ({}); every optional field is absent.",
            article(type_name),
            listed.join(", ")
        )
    }];
    if let Some(m) = members.iter().find(|m| !m.required && !m.deprecated) {
        doc.push(String::new());
        doc.push("Optional fields are set with the chained `with_*` methods, for example".into());
        let args: Vec<String> = required.iter().map(|m| m.name.code()).collect();
        doc.push(format!(
            "`{type_name}::new({}).{}({})`.",
            args.join(", "),
            m.setter,
            m.name.code()
        ));
    }
    let doc = doc_lines(&doc, None);
    let setters = members.iter().filter(|m| !m.required).map(|m| {
        let (n, method) = (m.name, m.setter);
        let ty = &m.setter_ty;
        let doc = format!(" Sets `{}`.", m.wire);
        let deprecated = m.deprecated.then(|| quote!(#[deprecated]));
        let (ty, value) = if m.boxed {
            (quote!(impl Into<#ty>), quote!(value.into()))
        } else {
            (ty.clone(), quote!(value))
        };
        quote! {
            #[doc = #doc]
            #deprecated
            pub fn #method(mut self, value: #ty) -> Self {
                self.#n = Some(#value);
                self
            }
        }
    });
    quote! {
        #doc
        pub fn new(#(#args),*) -> Self {
            Self {
                #(#inits)*
                #rest
            }
        }
        #(#setters)*
    }
}

/// `fn <field>_or_default(&self)` for an optional field whose spec `default` is a plain value:
/// the field stays an `Option` (absent is not sent, and the server applies its default), and the
/// reader gets the effective value without repeating the default by hand.
fn default_accessor(cx: &Cx, f: &Field) -> Option<TokenStream> {
    if f.required || f.nullable {
        return None;
    }
    let default = f.default.as_ref()?;
    let names = cx.names.field(f);
    let field = &names.name;
    let value = default_value(cx, &f.ty, default)?;
    let (ret, body) = match (cx.resolve(&f.ty), default) {
        (Ty::Bool | Ty::I32 | Ty::I64 | Ty::U64, _) => (
            field_ty(cx.resolve(&f.ty)),
            quote!(self.#field.unwrap_or(#value)),
        ),
        (Ty::F64 | Ty::F32 | Ty::Decimal | Ty::DecimalText, _) => {
            (field_ty(&f.ty), quote!(self.#field.unwrap_or(#value)))
        }
        (Ty::String, serde_json::Value::String(text)) => (
            quote!(&str),
            quote!(self.#field.as_deref().unwrap_or(#text)),
        ),
        (Ty::Named(enum_name), _) => {
            let ty = type_ident(enum_name);
            (quote!(#ty), quote!(self.#field.clone().unwrap_or(#value)))
        }
        _ => return None,
    };
    let method = &names.accessor;
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

/// The spec default `default` as a Rust expression of type `ty`, for the plain values that can be
/// written as literals (booleans, numbers, decimals, strings, known enum values).
fn default_value(cx: &Cx, ty: &Ty, default: &serde_json::Value) -> Option<TokenStream> {
    use serde_json::Value;
    Some(match (cx.resolve(ty), default) {
        (Ty::Bool, Value::Bool(b)) => quote!(#b),
        (Ty::I32, Value::Number(n)) => {
            let v = proc_macro2::Literal::i32_unsuffixed(i32::try_from(n.as_i64()?).ok()?);
            quote!(#v)
        }
        (Ty::I64, Value::Number(n)) => {
            let v = proc_macro2::Literal::i64_unsuffixed(n.as_i64()?);
            quote!(#v)
        }
        (Ty::U64, Value::Number(n)) => {
            let v = proc_macro2::Literal::u64_unsuffixed(n.as_u64()?);
            quote!(#v)
        }
        (Ty::F64 | Ty::F32, Value::Number(n)) => {
            let v = n.as_f64().filter(|v| v.is_finite())?;
            let v = proc_macro2::Literal::f64_unsuffixed(v);
            quote!(#v as _)
        }
        (Ty::Decimal | Ty::DecimalText, Value::Number(n)) => {
            let (mantissa, scale) = decimal_parts(&n.to_string())?;
            quote!(rust_decimal::Decimal::from_i128_with_scale(#mantissa, #scale))
        }
        (Ty::DecimalText, Value::String(text)) => {
            let (mantissa, scale) = decimal_parts(text.trim())?;
            quote!(rust_decimal::Decimal::from_i128_with_scale(#mantissa, #scale))
        }
        (Ty::String, Value::String(text)) => quote!(#text.to_string()),
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
            let index = e.variants.iter().position(|v| v.value == *text)?;
            let (ty, v) = (type_ident(enum_name), &cx.names.enum_variants(e)[index]);
            quote!(#ty::#v)
        }
        _ => return None,
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

fn emit_enum(cx: &Cx, name: &str, docs: &Docs, e: &StringEnum) -> TokenStream {
    let docs = doc_attrs_with(
        docs,
        &["Open enum: a value this version does not know is kept in `Other` and sent back unchanged.".into()],
    );
    let id = type_ident(name);
    let named: Vec<_> = e.variants.iter().zip(cx.names.enum_variants(e)).collect();
    let variants = named.iter().map(|(v, vid)| {
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
    let arms = named.iter().map(|(v, vid)| {
        let value = &v.value;
        quote!(Self::#vid => #value,)
    });
    // A `const`: its one value is the default, so a struct holding it can be built without it.
    let fixed = match (e.fixed, named.as_slice()) {
        (true, [(only, vid)]) => {
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
    let parse = named.iter().map(|(v, vid)| {
        let value = &v.value;
        quote!(#value => Self::#vid,)
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[non_exhaustive]
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

            fn from_str(value: &str) -> Result<Self, std::convert::Infallible> {
                Ok(match value {
                    #(#parse)*
                    other => Self::Other(other.to_string()),
                })
            }
        }

        #fixed
    }
}

/// `serde_json::from_str` of a value of type `ty` from the JSON text `text`, with decimals (at any
/// depth of containers) read from their exact digits.
fn read_raw(cx: &Cx, ty: &Ty, text: TokenStream) -> TokenStream {
    let written = field_ty(ty);
    match decimal_inside(cx, ty) {
        Some(DecimalForm::Number) => quote!(super::runtime::decimal_from_str::<#written>(#text)),
        Some(DecimalForm::Text) => {
            quote!(super::runtime::decimal_text_from_str::<#written>(#text))
        }
        None => quote!(serde_json::from_str::<#written>(#text)),
    }
}

/// The first statement of a hand-written `Deserialize`: the value's JSON text as received. Its
/// parts are then read from that text by serde_json itself, never through serde's buffering
/// (which `untagged` and `flatten` use, and which reads every number as an `f64`).
fn capture_raw() -> TokenStream {
    quote! {
        let raw = <Box<serde_json::value::RawValue> as Deserialize>::deserialize(deserializer)?;
        let text = raw.get();
    }
}

fn emit_union(cx: &Cx, name: &str, spec_docs: &Docs, u: &Union) -> TokenStream {
    let docs = doc_attrs(spec_docs);
    let id = type_ident(name);
    let named: Vec<_> = u.variants.iter().zip(cx.names.union_variants(u)).collect();
    let variants = named.iter().map(|(v, vid)| {
        let ty = field_ty(&v.ty);
        let attr = decimal_attr(cx, &v.ty);
        quote!(#attr #vid(#ty),)
    });
    let capture = capture_raw();
    match &u.tag {
        None => {
            let tries = named.iter().map(|(v, vid)| {
                let read = read_raw(cx, &v.ty, quote!(text));
                quote! {
                    if let Ok(value) = #read {
                        return Ok(Self::#vid(value));
                    }
                }
            });
            let message = format!("data did not match any variant of untagged enum {name}");
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Serialize)]
                #[serde(untagged)]
                pub enum #id {
                    #(#variants)*
                }

                impl<'de> Deserialize<'de> for #id {
                    /// Each variant in turn, in the spec's order, read from the value's exact text.
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        #capture
                        #(#tries)*
                        Err(serde::de::Error::custom(#message))
                    }
                }
            }
        }
        Some(tag) => {
            let arms = named.iter().map(|(v, vid)| {
                let values = &v.tag_values;
                // The tag chose the member, so its error is the error, naming the member's
                // field (`amount: ...`).
                let read = if decimal_inside(cx, &v.ty).is_some() {
                    read_raw(cx, &v.ty, quote!(text))
                } else {
                    let ty = field_ty(&v.ty);
                    quote!(super::runtime::decode_json::<#ty>(text.as_bytes()))
                };
                quote! {
                    #(Some(#values))|* => #read.map(Self::#vid).map_err(serde::de::Error::custom),
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
                #[non_exhaustive]
                pub enum #id {
                    #(#variants)*
                    /// A variant not known when this code was generated, kept as received
                    /// (its exact text: every digit of its numbers).
                    Other(super::runtime::RawJson),
                }

                impl<'de> Deserialize<'de> for #id {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        #capture
                        match super::runtime::tag_of(text, #tag).as_deref() {
                            #(#arms)*
                            _ => serde_json::from_str(text).map(Self::Other).map_err(serde::de::Error::custom),
                        }
                    }
                }
            }
        }
    }
}

fn emit_form(cx: &Cx, name: &str, docs: &Docs, f: &Form) -> TokenStream {
    let mut lines = vec![
        "A `multipart/form-data` body: each field is sent as one part (arrays as the spec's".into(),
        "`encoding` says).".into(),
    ];
    if f.other_parts {
        let (field, adder) = cx.names.other_parts(f);
        lines.extend([
            String::new(),
            format!("Parts the spec does not name go in `{field}`, in order, each added with"),
            format!("`form.{adder}(\"file\", FilePart::from_path(\"scan.pdf\")?)`, say."),
        ]);
    }
    let docs = doc_attrs_with(docs, &lines);
    let id = type_ident(name);
    let fields = f.fields.iter().map(|field| {
        // After a blank line: the spec's docs may end in a list, which the line would continue.
        let part = format!("Part `{}` ({}).", field.wire, field.content_type);
        let docs = doc_attrs_with(&field.docs, &[part]);
        let name = &cx.names.form_field(field).name;
        let ty = field_ty(&field.ty);
        let ty = if field.required {
            ty
        } else {
            quote!(Option<#ty>)
        };
        quote! {
            #docs
            pub #name: #ty,
        }
    });
    let derive_default = f
        .fields
        .iter()
        .all(|field| !field.required)
        .then(|| quote!(Default,));
    let (other_field, other_methods, other_init) =
        match f.other_parts.then(|| cx.names.other_parts(f)) {
            Some((field, adder)) => {
                let file = field_ty(&Ty::File);
                (
                    Some(quote! {
                        /// The parts the spec does not name, in the order they are sent: each a name
                        /// and its part (one without a file name is a plain field; set its content
                        /// type, `text/plain` say, with `FilePart::content_type`).
                        pub #field: Vec<(String, #file)>,
                    }),
                    Some(quote! {
                        /// Adds a part the spec does not name.
                        pub fn #adder(mut self, name: impl Into<String>, part: #file) -> Self {
                            self.#field.push((name.into(), part));
                            self
                        }
                    }),
                    Some(quote!(#field: Vec::new(),)),
                )
            }
            None => (None, None, None),
        };
    let members: Vec<Member> = f
        .fields
        .iter()
        .map(|field| {
            let ty = field_ty(&field.ty);
            Member {
                name: &cx.names.form_field(field).name,
                setter: &cx.names.form_field(field).setter,
                wire: &field.wire,
                required: field.required,
                fixed: false,
                deprecated: field.docs.deprecated,
                ty: if field.required {
                    ty.clone()
                } else {
                    quote!(Option<#ty>)
                },
                setter_ty: ty,
                boxed: false,
            }
        })
        .collect();
    let constructor = constructor(name, &members, other_init);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        #[non_exhaustive]
        pub struct #id {
            #(#fields)*
            #other_field
        }
        impl #id {
            #constructor
            #other_methods
        }
    }
}
