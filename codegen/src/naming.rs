//! Names: the one place where spec names become Rust identifiers.
//!
//! The IR keeps what the spec says: a property's, parameter's or enum value's wire name, an
//! operation's `operationId`, a response's status, a union member's position. This module turns
//! those into Rust identifiers ([`Names::of`], once per API, read by emit and by `codegen diff`),
//! and holds the spelling rules lower uses for the one decision it makes itself: which types
//! exist, keyed by a unique UpperCamelCase name ([`type_name`], claimed in a [`Scope`]), which is
//! the type's Rust name.
//!
//! # The rule
//!
//! - **Spelling.** Spec text is split into words (any character but an ASCII letter or digit is
//!   a break, except a sign starting a number: `+1` is `plus_1`, `-1` `minus_1`; a plural
//!   acronym such as `URLs` is one word) and cased by heck: UpperCamelCase for
//!   types and variants, snake_case for fields, parameters and methods. A name that would start
//!   with a digit gets a prefix (`Type`, `Value`, `field_`); an empty one is `Unnamed`, `Empty`
//!   or `field`.
//! - **Keywords.** A field or parameter that is a keyword is a raw identifier (`r#type`); one
//!   that cannot be raw (`self`, `crate`, ...) gets `_`. An operation's method that is a keyword
//!   gets `_` too (`type_`), since it is spliced into other names (`handle_type_`).
//! - **Collisions.** Every name is claimed in a scope: the first claimant keeps its name, later
//!   ones get `_2`, `_3`, ... (snake_case) or `2`, `3`, ... (UpperCamelCase). A raw identifier
//!   numbered loses its `r#` (`type_2`). The members of a spec map (component schemas,
//!   properties, enum values, operations, an operation's parameters) claim in [`claim_order`],
//!   not the document's: a name the spec already spells as Rust does first (`Pet` before `pet`,
//!   `pet_id` before `petId`), then the rest by spec name, so that reordering a spec renames
//!   nothing.
//! - **Types.** Every type the crate declares takes its name from one scope: schemas first (in
//!   claim order), then hoisted inline schemas (in the order lower meets them, which follows the
//!   document), then each operation's own types, named after the
//!   operation with the suffix of their role: `<Op>Call` (the client's call builder),
//!   `<Op>Success` (the client's success enum), `<Op>Reply` (the server's response enum). So no
//!   two types in the crate share a name: a schema already called `CancelTransactionReply` keeps
//!   it, and the operation's enum becomes `CancelTransactionReply2`. A type never takes a prelude
//!   or runtime name (`Option`, `Client`, `Error`, ...): those get `Model` appended.
//! - **Variants.** Response variants are named after the status's reason phrase (`Created`,
//!   `NotFound`), except `200 OK`, which is `Success` (a variant `Ok` would read as
//!   `Result::Ok`). An open enum's variants never take `Other` (its catch-all); a union's are
//!   named after the member's type (`Pet`, `String`, `Integer`, or `Variant<n>` for the n-th
//!   member); the client's `ErrorBody` variants after the body type.
//! - **Functions per type** are snake_case, from a stem unique among the types:
//!   `check_corporate_checkout` (server body checks), `decode_cancel_with_invoice_request`
//!   (multipart forms).
//! - **Methods.** An operation's method is unique among the operations and never one the
//!   generated `Client` or an `Arc` already has (the emitters say which: `emit::client`,
//!   `emit::server`); its handler is `handle_<method>` and its body check `body_<method>`. A
//!   model's optional field `f` is set by `with_f` and read with its default by `f_or_default`,
//!   unique among the type's methods (`new` included). The client builder's API-key setters are
//!   `api_key_<name>`, unique among the keys: `X-Api-Key` in a header and `x_api_key` in the
//!   query are `api_key_x_api_key` and `api_key_x_api_key_2`.
//! - **Parameters** are unique within their operation and never a name the operation's public
//!   items bind beside them (the call's `client` field and `send` method, the trait method's
//!   `ctx`, the body argument); the client and the server name a parameter alike. Locals that
//!   emitted function bodies bind are reserved by the emitter that binds them, which takes its
//!   own local names for the parameters from a [`Scope`] (`emit::server`'s handlers).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span, TokenStream};
use quote::ToTokens;

use crate::ir::{
    Api, BodyKind, Field, Form, FormField, Operation, Shape, StatusMatch, StringEnum, Struct, Ty,
    Union,
};

/// Keywords that are raw identifiers when used as a field or argument name.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof",
    "unsized", "virtual", "yield",
];

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "extern", "_"];

/// Type names the generated code itself relies on (prelude and std items used unqualified, and
/// the runtime's own types).
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Self",
    "Default",
    "Clone",
    "Debug",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "Iterator",
    "ToString",
    "From",
    "Into",
    "PartialEq",
    "Eq",
    "ErrorBody",
    "Client",
    "ClientBuilder",
    "Error",
    "FilePart",
];

/// A Rust identifier: its text, and whether it is written raw (`r#type`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Name {
    text: String,
    raw: bool,
}

impl Name {
    /// An identifier that is not a keyword (a type name, or a name built with a prefix).
    pub(crate) fn plain(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            raw: false,
        }
    }

    /// The identifier's text without `r#`: how docs and messages write it.
    pub(crate) fn as_str(&self) -> &str {
        &self.text
    }

    /// The identifier as code is written (`r#type`), for examples in docs.
    pub(crate) fn code(&self) -> String {
        if self.raw {
            format!("r#{}", self.text)
        } else {
            self.text.clone()
        }
    }

    /// The identifier as a token.
    pub(crate) fn ident(&self) -> Ident {
        if self.raw {
            Ident::new_raw(&self.text, Span::call_site())
        } else {
            Ident::new(&self.text, Span::call_site())
        }
    }
}

impl ToTokens for Name {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.ident().to_tokens(tokens);
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Replaces everything but ASCII letters and digits with word breaks, so that heck sees words.
fn words(raw: &str) -> String {
    // A plural acronym (`refIDs`, `URLs`) is one word, not `I` + `Ds`.
    let chars: Vec<char> = raw.chars().collect();
    let mut raw = String::with_capacity(raw.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_uppercase())
            .count();
        let plural = run >= 2
            && chars.get(i + run) == Some(&'s')
            && !chars
                .get(i + run + 1)
                .is_some_and(|c| c.is_ascii_lowercase());
        if plural {
            raw.push(chars[i]);
            raw.extend(chars[i + 1..i + run].iter().map(|c| c.to_ascii_lowercase()));
            raw.push('s');
            i += run + 1;
        } else {
            // A sign that starts a number (`+1`, `-1`, GitHub's reactions) is a word, not a break.
            let starts_number = (i == 0 || !chars[i - 1].is_ascii_alphanumeric())
                && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            match chars[i] {
                '+' if starts_number => raw.push_str(" plus "),
                '-' if starts_number => raw.push_str(" minus "),
                c => raw.push(c),
            }
            i += 1;
        }
    }
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// An UpperCamelCase type name for `raw`.
pub(crate) fn type_name(raw: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Unnamed".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("Type{name}");
    }
    if RESERVED_TYPES.contains(&name.as_str()) {
        name.push_str("Model");
    }
    name
}

/// An UpperCamelCase enum variant name for `raw`.
fn variant_name(raw: &str) -> Name {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Empty".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("Value{name}");
    }
    if name == "Self" || name == "Other" {
        name.push_str("Value");
    }
    Name::plain(name)
}

/// The snake_case words of `raw`, never empty and never starting with a digit.
fn snake(raw: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = "field".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("field_{name}");
    }
    name
}

/// A snake_case field, argument or method name for `raw`, raw when it is a keyword.
pub(crate) fn value_name(raw: &str) -> Name {
    let name = snake(raw);
    if NOT_RAW.contains(&name.as_str()) {
        Name::plain(format!("{name}_"))
    } else if KEYWORDS.contains(&name.as_str()) {
        Name {
            text: name,
            raw: true,
        }
    } else {
        Name::plain(name)
    }
}

/// A snake_case name that other names are built from (`handle_<name>`): a keyword gets `_`
/// rather than `r#`.
fn stem_name(raw: &str) -> Name {
    let name = snake(raw);
    if NOT_RAW.contains(&name.as_str()) || KEYWORDS.contains(&name.as_str()) {
        Name::plain(format!("{name}_"))
    } else {
        Name::plain(name)
    }
}

/// The order in which the names spelled from `wires` are claimed in one scope, as indices into
/// `wires`: a wire name that is already its own spelling (`is_spelled`) first (`Pet` before
/// `pet`, `foo_bar` before `fooBar`), then the rest by wire name. Spec maps (schemas,
/// properties, enum values, operations) are claimed in this order rather than the document's,
/// so reordering a spec never renames anything, and a name spelled exactly as the spec spells it
/// is never numbered in favour of one that had to be respelled.
pub(crate) fn claim_order(wires: &[&str], is_spelled: impl Fn(&str) -> bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..wires.len()).collect();
    order.sort_by_cached_key(|&i| (!is_spelled(wires[i]), wires[i]));
    order
}

/// [`claim_order`] for operations, whose names are claimed twice, as methods and as the stems of
/// their types, in the same order, so that the method numbered `_2` has the types numbered `2`:
/// an `operationId` spelled as a method first (`get_pet`), then one spelled as a type (`GetPet`),
/// then the rest, each group by `operationId`.
pub(crate) fn operation_order(ids: &[&str]) -> Vec<usize> {
    let rank = |id: &str| {
        if stem_name(id).text == id {
            0
        } else if type_name(id) == id {
            1
        } else {
            2
        }
    };
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by_cached_key(|&i| (rank(ids[i]), ids[i]));
    order
}

/// Hands out unique names within one scope, deterministically: the first claimant of a name keeps
/// it, later ones get `2`, `3`, ... appended (the separator is `_` for snake_case names).
#[derive(Debug, Default, Clone)]
pub(crate) struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    /// A scope that already holds `names` (the locals or items bound beside what it names).
    pub(crate) fn reserving<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            taken: names.into_iter().map(str::to_string).collect(),
        }
    }

    /// Reserves `name` as well.
    pub(crate) fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    /// Whether `name` is taken.
    fn holds(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Claims `name`, or the first free numbered variant of it.
    pub(crate) fn claim(&mut self, name: Name) -> Name {
        if self.taken.insert(name.text.clone()) {
            return name;
        }
        let sep = if name
            .text
            .starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        {
            "_"
        } else {
            ""
        };
        let text = (2..)
            .map(|n| format!("{}{sep}{n}", name.text))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name");
        Name::plain(text)
    }

    /// Claims the names `spell` makes of each of `wires` (the members of one spec map), in
    /// [`claim_order`]; returns them in the order of `wires`.
    pub(crate) fn claim_each(&mut self, wires: &[&str], spell: impl Fn(&str) -> Name) -> Vec<Name> {
        let mut names = vec![Name::plain(""); wires.len()];
        for i in claim_order(wires, |w| spell(w).text == w) {
            names[i] = self.claim(spell(wires[i]));
        }
        names
    }

    /// [`Self::claim`] for a type name.
    pub(crate) fn claim_type(&mut self, name: String) -> String {
        self.claim(Name::plain(name)).text
    }
}

/// What the emitters bind beside the names this module hands out, so that none of those takes it.
pub(crate) struct Reserved<'a> {
    /// Method names an operation's method never takes (the `Client`'s own, and what method calls
    /// on the router's `Arc` would find before the `Server` trait's).
    pub methods: &'a [&'a str],
    /// Names a parameter never takes (bound beside the parameters in public items).
    pub params: &'a [&'a str],
}

/// The names of a struct field (or multipart form field) and of its methods.
#[derive(Debug, Clone)]
pub(crate) struct FieldNames {
    /// The field.
    pub name: Name,
    /// `with_<field>`, which sets an optional field.
    pub setter: Name,
    /// `<field>_or_default`, which reads an optional field with the spec's default.
    pub accessor: Name,
}

/// The names of an operation and of the items generated for it.
#[derive(Debug, Clone)]
pub(crate) struct OperationNames {
    /// The client method, the server trait's method.
    pub method: Name,
    /// The router's handler (`handle_<method>`).
    pub handler: Name,
    /// The server's check of a JSON body (`body_<method>`).
    pub body_check: Name,
    /// The client's call builder type (`<Op>Call`); empty for a webhook, which has no client
    /// side.
    pub call: Name,
    /// The client's success enum (`<Op>Success`); empty for a webhook.
    pub success: Name,
    /// The server's response enum (`<Op>Reply`).
    pub reply: Name,
    /// The body argument (`body`, `form`, or the spec's name for it).
    pub body: Option<Name>,
    /// One per parameter, in the operation's order.
    pub params: Vec<Name>,
    /// One per response, in the operation's order.
    pub responses: Vec<Name>,
}

/// The Rust names of one API's items. Items are looked up by identity (their place in the
/// [`Api`] these names were made for), so an IR node needs no name of its own.
#[derive(Debug, Default)]
pub(crate) struct Names {
    type_fns: BTreeMap<String, String>,
    fields: HashMap<usize, FieldNames>,
    flattened: HashMap<usize, Name>,
    additional: HashMap<usize, Name>,
    /// A form's parts the spec does not name: the field holding them, and the method adding one.
    other_parts: HashMap<usize, (Name, Name)>,
    variants: HashMap<usize, Vec<Name>>,
    operations: HashMap<usize, OperationNames>,
    api_keys: Vec<Name>,
    error_bodies: Vec<(Ty, Name)>,
}

/// The address of an IR node, its key in [`Names`].
fn key<T>(node: &T) -> usize {
    std::ptr::from_ref(node) as usize
}

impl Names {
    /// Names every item of `api`, in spec order, keeping clear of `reserved`.
    pub(crate) fn of(api: &Api, reserved: &Reserved<'_>) -> Self {
        let mut names = Names {
            type_fns: function_stems(api.types.iter().map(|t| t.name.as_str())),
            ..Names::default()
        };
        for t in &api.types {
            match &t.shape {
                Shape::Struct(s) => names.name_struct(s),
                Shape::Form(f) => {
                    let mut fields = Scope::default();
                    let mut methods = Scope::reserving(["new"]);
                    let wires: Vec<&str> = f.fields.iter().map(|f| f.wire.as_str()).collect();
                    for i in claim_order(&wires, |w| value_name(w).text == w) {
                        let named = field_names(wires[i], &mut fields, &mut methods);
                        names.fields.insert(key(&f.fields[i]), named);
                    }
                    if f.other_parts {
                        let field = fields.claim(Name::plain("parts"));
                        let adder = methods.claim(Name::plain("with_part"));
                        names.other_parts.insert(key(f), (field, adder));
                    }
                }
                Shape::Enum(e) => {
                    let mut scope = Scope::reserving(["Other"]);
                    let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
                    let variants = scope.claim_each(&values, variant_name);
                    names.variants.insert(key(e), variants);
                }
                Shape::Union(u) => {
                    let mut scope = Scope::default();
                    let variants = u
                        .variants
                        .iter()
                        .map(|v| {
                            // A member in a cycle is boxed, and named after its type all the same.
                            let ty = match &v.ty {
                                Ty::Boxed(inner) => inner.as_ref(),
                                ty => ty,
                            };
                            scope.claim(match ty {
                                Ty::Named(n) => Name::plain(n.clone()),
                                other => Name::plain(variant_for_ty(other, v.member)),
                            })
                        })
                        .collect();
                    names.variants.insert(key(u), variants);
                }
                Shape::Alias(_) | Shape::Newtype(_) => {}
            }
        }
        names.name_operations(api, reserved);
        let mut methods = Scope::default();
        names.api_keys = api
            .auth
            .api_keys
            .iter()
            .map(|k| methods.claim(Name::plain(format!("api_key_{}", value_name(&k.name)))))
            .collect();
        let mut variants = Scope::reserving(["Other"]);
        names.error_bodies = api
            .error_bodies
            .iter()
            .map(|ty| {
                let name = match ty {
                    Ty::Named(n) => n.clone(),
                    Ty::Json | Ty::JsonMap => "Json".into(),
                    Ty::String => "String".into(),
                    _ => "Value".into(),
                };
                (ty.clone(), variants.claim(Name::plain(name)))
            })
            .collect();
        names
    }

    fn name_struct(&mut self, s: &Struct) {
        let mut fields = Scope::default();
        let mut methods = Scope::reserving(["new"]);
        let wires: Vec<&str> = s.fields.iter().map(|f| f.wire.as_str()).collect();
        for i in claim_order(&wires, |w| value_name(w).text == w) {
            let named = field_names(wires[i], &mut fields, &mut methods);
            self.fields.insert(key(&s.fields[i]), named);
        }
        // Claimed after the properties, so a property keeps its own name.
        if let Some(flat) = &s.flattened {
            self.flattened
                .insert(key(s), fields.claim(value_name(&flat.stem)));
        }
        if s.additional.is_some() {
            let name = if fields.holds("additional_properties") {
                fields.claim(Name::plain("additional_properties_"))
            } else {
                fields.claim(Name::plain("additional_properties"))
            };
            self.additional.insert(key(s), name);
        }
    }

    fn name_operations(&mut self, api: &Api, reserved: &Reserved<'_>) {
        let mut methods = Scope::reserving(reserved.methods.iter().copied());
        let mut types = Scope::reserving(api.types.iter().map(|t| t.name.as_str()));
        let all: Vec<(&Operation, bool)> = api
            .operations
            .iter()
            .map(|op| (op, false))
            .chain(api.webhooks.iter().map(|op| (op, true)))
            .collect();
        let ids: Vec<&str> = all.iter().map(|(op, _)| op.id.as_str()).collect();
        let mut method_names = vec![Name::plain(""); ids.len()];
        for i in operation_order(&ids) {
            method_names[i] = methods.claim(stem_name(ids[i]));
        }
        for ((op, webhook), method) in all.into_iter().zip(method_names) {
            let stem = &op.type_stem;
            // Webhooks only have a server side, so only a reply type.
            let (call, success) = if webhook {
                (Name::plain(""), Name::plain(""))
            } else {
                (
                    types.claim(Name::plain(format!("{stem}Call"))),
                    types.claim(Name::plain(format!("{stem}Success"))),
                )
            };
            let reply = types.claim(Name::plain(format!("{stem}Reply")));
            let mut params = Scope::reserving(reserved.params.iter().copied());
            let default_body = op.body.as_ref().map(|b| match b.kind {
                BodyKind::Multipart => "form",
                _ => "body",
            });
            // The body's own name, when the spec gives one, is claimed after the parameters.
            let spec_body = op
                .body
                .as_ref()
                .and_then(|b| b.arg.as_deref())
                .map(value_name)
                .filter(|n| Some(n.as_str()) != default_body);
            if let (Some(default), None) = (default_body, &spec_body) {
                params.reserve(default);
            }
            let wires: Vec<&str> = op.params.iter().map(|p| p.wire.as_str()).collect();
            let param_names = params.claim_each(&wires, value_name);
            let body = match (spec_body, default_body) {
                (Some(name), _) => Some(params.claim(name)),
                (None, Some(default)) => Some(Name::plain(default)),
                (None, None) => None,
            };
            let mut variants = Scope::default();
            let responses = op
                .responses
                .iter()
                .map(|r| variants.claim(Name::plain(status_variant(r.status))))
                .collect();
            self.operations.insert(
                key(op),
                OperationNames {
                    handler: Name::plain(format!("handle_{method}")),
                    body_check: Name::plain(format!("body_{method}")),
                    method,
                    call,
                    success,
                    reply,
                    body,
                    params: param_names,
                    responses,
                },
            );
        }
    }

    /// The names of `op` (an operation or webhook of the API these names were made for).
    pub(crate) fn operation(&self, op: &Operation) -> &OperationNames {
        self.operations
            .get(&key(op))
            .expect("every operation of the API is named")
    }

    /// The names of a struct's field.
    pub(crate) fn field(&self, f: &Field) -> &FieldNames {
        self.fields.get(&key(f)).expect("every field is named")
    }

    /// The names of a multipart form's field.
    pub(crate) fn form_field(&self, f: &FormField) -> &FieldNames {
        self.fields.get(&key(f)).expect("every form field is named")
    }

    /// The field that holds a struct's flattened value.
    pub(crate) fn flattened(&self, s: &Struct) -> &Name {
        self.flattened
            .get(&key(s))
            .expect("a flattened value is named")
    }

    /// The field holding a form's parts the spec does not name, and the method adding one.
    pub(crate) fn other_parts(&self, f: &Form) -> &(Name, Name) {
        self.other_parts
            .get(&key(f))
            .expect("a form's other parts are named")
    }

    /// The field that holds a struct's other properties.
    pub(crate) fn additional(&self, s: &Struct) -> &Name {
        self.additional
            .get(&key(s))
            .expect("the map of other properties is named")
    }

    /// The variants of an open enum, in its order (`Other` aside).
    pub(crate) fn enum_variants(&self, e: &StringEnum) -> &[Name] {
        self.variants.get(&key(e)).map_or(&[], Vec::as_slice)
    }

    /// The variants of a union, in its order.
    pub(crate) fn union_variants(&self, u: &Union) -> &[Name] {
        self.variants.get(&key(u)).map_or(&[], Vec::as_slice)
    }

    /// `check_<type>`, the server's check of a named type's JSON.
    pub(crate) fn check_fn(&self, type_name: &str) -> Name {
        Name::plain(format!("check_{}", self.type_fns[type_name]))
    }

    /// `decode_<type>`, the server's reader of a multipart form.
    pub(crate) fn decode_fn(&self, type_name: &str) -> Name {
        Name::plain(format!("decode_{}", self.type_fns[type_name]))
    }

    /// The client builder's setters of the API keys, in `Auth::api_keys` order.
    pub(crate) fn api_keys(&self) -> &[Name] {
        &self.api_keys
    }

    /// The `ErrorBody` variant of an error body type.
    pub(crate) fn error_body(&self, ty: &Ty) -> Option<&Name> {
        self.error_bodies
            .iter()
            .find(|(t, _)| t == ty)
            .map(|(_, n)| n)
    }

    /// The `ErrorBody` variants with their types, in `Api::error_bodies` order.
    pub(crate) fn error_bodies(&self) -> &[(Ty, Name)] {
        &self.error_bodies
    }
}

/// A field's names, claimed in its type's scopes of fields and methods.
fn field_names(wire: &str, fields: &mut Scope, methods: &mut Scope) -> FieldNames {
    let name = fields.claim(value_name(wire));
    let setter = methods.claim(Name::plain(format!("with_{name}")));
    let accessor = methods.claim(Name::plain(format!("{name}_or_default")));
    FieldNames {
        name,
        setter,
        accessor,
    }
}

/// The snake_case stems of the functions generated per type (`check_corporate_checkout`), unique
/// among `types`: `AB` and `Ab` would both be `ab`, so the second is `ab_2`.
fn function_stems<'a>(types: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let mut scope = Scope::default();
    types
        .into_iter()
        .map(|name| (name.to_string(), scope.claim(Name::plain(snake(name))).text))
        .collect()
}

/// A union variant's name for a member that is not a named type (`index` is its position among
/// the spec's members).
fn variant_for_ty(ty: &Ty, index: usize) -> String {
    match ty {
        Ty::String => "String".into(),
        Ty::Bool => "Bool".into(),
        Ty::I32 | Ty::I64 | Ty::U64 => "Integer".into(),
        Ty::F32 | Ty::F64 | Ty::Decimal | Ty::DecimalText => "Number".into(),
        Ty::DateTime => "DateTime".into(),
        Ty::Date => "Date".into(),
        Ty::Uuid => "Uuid".into(),
        Ty::Vec(_) => "Array".into(),
        Ty::Map(_) | Ty::JsonMap => "Object".into(),
        _ => format!("Variant{}", index + 1),
    }
}

/// A variant name for a status: the reason phrase (`Created`, `NotFound`), else `Status418`.
/// `200 OK` is `Success`: a variant called `Ok` would read as `Result::Ok`.
fn status_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(200) => "Success".into(),
        StatusMatch::Code(c) => match reason(c) {
            Some(r) => variant_name(r).text,
            None => format!("Status{c}"),
        },
        StatusMatch::Range(1) => "Informational".into(),
        StatusMatch::Range(2) => "Success".into(),
        StatusMatch::Range(3) => "Redirection".into(),
        StatusMatch::Range(4) => "ClientError".into(),
        StatusMatch::Range(5) => "ServerError".into(),
        StatusMatch::Range(r) => format!("Status{r}xx"),
        StatusMatch::Default => "Default".into(),
    }
}

fn reason(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        201 => "Created",
        202 => "Accepted",
        203 => "Non Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi Status",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        423 => "Locked",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(name: Name) -> String {
        if name.raw {
            format!("r#{}", name.text)
        } else {
            name.text
        }
    }

    #[test]
    fn hostile_names_become_valid_identifiers() {
        assert_eq!(text(value_name("type")), "r#type");
        assert_eq!(text(value_name("self")), "self_");
        assert_eq!(text(value_name("$ref")), "r#ref");
        assert_eq!(text(value_name("123abc")), "field_123abc");
        assert_eq!(text(value_name("a-b")), "a_b");
        assert_eq!(text(value_name("refIDs")), "ref_ids");
        assert_eq!(text(value_name("imageURLs")), "image_urls");
        assert_eq!(text(value_name("IDsList")), "ids_list");
        assert_eq!(text(value_name("")), "field");
        assert_eq!(text(stem_name("type")), "type_");
        assert_eq!(type_name("self"), "SelfModel");
        assert_eq!(type_name("123abc"), "Type123abc");
        assert_eq!(type_name(""), "Unnamed");
        assert_eq!(type_name("Option"), "OptionModel");
        assert_eq!(text(variant_name("")), "Empty");
        assert_eq!(text(variant_name("1st")), "Value1st");
        assert_eq!(type_name("ünïcode-näme"), "NCodeNMe");
        // A sign starting a number is a word; a dash between words or digits is a break.
        assert_eq!(text(value_name("+1")), "plus_1");
        assert_eq!(text(value_name("-1")), "minus_1");
        assert_eq!(text(variant_name("-1.5")), "Minus15");
        assert_eq!(text(value_name("utc+2")), "utc_2");
        assert_eq!(text(value_name("2024-01")), "field_2024_01");
        assert_eq!(text(value_name("a-1")), "a_1");
    }

    #[test]
    fn collisions_are_numbered_in_claim_order() {
        let mut scope = Scope::default();
        assert_eq!(text(scope.claim(value_name("fooBar"))), "foo_bar");
        assert_eq!(text(scope.claim(value_name("foo_bar"))), "foo_bar_2");
        assert_eq!(text(scope.claim(value_name("FooBar"))), "foo_bar_3");
        assert_eq!(text(scope.claim(value_name("type"))), "r#type");
        assert_eq!(text(scope.claim(value_name("type"))), "type_2");
        let mut types = Scope::default();
        assert_eq!(types.claim_type(type_name("pet")), "Pet");
        assert_eq!(types.claim_type(type_name("Pet")), "Pet2");
    }

    #[test]
    fn spec_maps_claim_spelled_names_first_then_by_wire_name() {
        fn order<'a>(wires: &[&'a str]) -> Vec<&'a str> {
            claim_order(wires, |w| value_name(w).text == w)
                .into_iter()
                .map(|i| wires[i])
                .collect()
        }
        assert_eq!(
            order(&["userId", "user_id", "UserID"]),
            ["user_id", "UserID", "userId"]
        );
        assert_eq!(
            order(&["UserID", "userId", "user_id"]),
            ["user_id", "UserID", "userId"]
        );
        // An operation spelled as a method, then one spelled as a type, then the others.
        let ops = ["getPet", "GetPet", "get_pet"];
        let ordered: Vec<&str> = operation_order(&ops).into_iter().map(|i| ops[i]).collect();
        assert_eq!(ordered, ["get_pet", "GetPet", "getPet"]);
    }

    #[test]
    fn locals_reserved_first_number_the_parameters() {
        let mut scope = Scope::reserving(["query", "headers"]);
        assert_eq!(text(scope.claim(value_name("query"))), "query_2");
        assert_eq!(text(scope.claim(value_name("Headers"))), "headers_2");
        assert_eq!(text(scope.claim(value_name("limit"))), "limit");
    }
}
