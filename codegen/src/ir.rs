//! The intermediate representation: what the generated Rust code says, with no trace of OpenAPI.
//!
//! `lower` builds it; `emit` turns it into tokens. It keeps the spec's names (wire names,
//! `operationId`s, enum values); `crate::naming` turns them into Rust identifiers. The one
//! exception is a type's name ([`TypeDef::name`]): which types exist is lower's decision, and it
//! keys each by a unique UpperCamelCase name (spelled by the naming module's rules), which is the
//! type's Rust name.

/// A whole API.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `info.summary` (OpenAPI 3.1).
    pub summary: Option<String>,
    /// `info.license.identifier`, an SPDX licence expression (OpenAPI 3.1).
    pub license: Option<String>,
    /// Server URLs, in spec order.
    pub servers: Vec<String>,
    /// Every named type, in a stable order.
    pub types: Vec<TypeDef>,
    /// Every operation, in spec order.
    pub operations: Vec<Operation>,
    /// The webhooks the API sends (OpenAPI 3.1), as operations a receiver serves: `path` is
    /// `/<webhook name>`.
    pub webhooks: Vec<Operation>,
    /// The authentication schemes the spec declares.
    pub auth: Auth,
    /// The distinct types of error-response bodies, in the order operations first use them
    /// (the client's `ErrorBody` enum has one variant for each).
    pub error_bodies: Vec<Ty>,
}

/// Authentication schemes, reduced to what a client needs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Auth {
    /// HTTP Basic.
    pub basic: bool,
    /// HTTP Bearer (or OAuth2 / OpenID Connect, which send bearer tokens).
    pub bearer: bool,
    /// API keys, by where they are sent.
    pub api_keys: Vec<ApiKey>,
}

/// An API-key scheme.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiKey {
    /// Header, query or cookie name.
    pub name: String,
    /// Where the key goes.
    pub location: ParamLocation,
}

/// Documentation carried into the output.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    /// Title or summary line.
    pub title: Option<String>,
    /// Description paragraphs.
    pub description: Option<String>,
    /// Constraint notes (`pattern`, `minimum`, ...), one per line.
    pub notes: Vec<String>,
    /// Marked deprecated in the spec.
    pub deprecated: bool,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// The type's key and Rust name (UpperCamelCase, unique among the types).
    pub name: String,
    /// The JSON pointer of the schema it was lowered from (`#/components/schemas/Pet`, or where an
    /// inline schema was hoisted from): `codegen diff` pairs the types of two lowerings by it.
    pub origin: String,
    /// Docs.
    pub docs: Docs,
    /// What it is.
    pub shape: Shape,
}

/// The representation chosen for a type.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// A struct with named fields.
    Struct(Struct),
    /// A string enum with a catch-all variant for unknown values.
    Enum(StringEnum),
    /// A oneOf/anyOf union.
    Union(Union),
    /// A type alias.
    Alias(Ty),
    /// A transparent newtype: an alias that is part of a reference cycle, which Rust aliases
    /// cannot express.
    Newtype(Ty),
    /// A multipart form (no serde; encoded part by part).
    Form(Form),
}

/// A struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    /// Fields in spec order.
    pub fields: Vec<Field>,
    /// `additionalProperties`: the value type of a flattened map of the other properties.
    pub additional: Option<Ty>,
    /// The union the properties sit beside (`properties` with a `oneOf`/`anyOf` of objects), or a
    /// `$ref` member they extend: a field read from and written into the same JSON object.
    pub flattened: Option<Flattened>,
}

/// A field whose value shares its struct's JSON object (`#[serde(flatten)]`).
#[derive(Debug, Clone, PartialEq)]
pub struct Flattened {
    /// What the field is named after: the union's keyword (`one_of`), or the schema extended.
    pub stem: String,
    /// Its type: a union, or a struct.
    pub ty: Ty,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Property name on the wire.
    pub wire: String,
    /// Value type (without the `Option` that optionality adds).
    pub ty: Ty,
    /// Listed in `required`.
    pub required: bool,
    /// `nullable: true`.
    pub nullable: bool,
    /// The spec's `default`, which the server applies when the field is absent.
    pub default: Option<serde_json::Value>,
    /// Docs.
    pub docs: Docs,
}

/// A string enum.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnum {
    /// Known values.
    pub variants: Vec<EnumVariant>,
    /// The schema is a `const` (OpenAPI 3.1): its one value is the type's `Default`, so a struct
    /// field of this type is filled in by `..Default::default()`.
    pub fixed: bool,
}

/// One known enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// The value on the wire.
    pub value: String,
    /// What the value means, when the spec says (a `oneOf` of documented one-value enums).
    pub description: Option<String>,
}

/// A union.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// Variants in spec order.
    pub variants: Vec<UnionVariant>,
    /// The discriminator property, when the spec gives one and every variant is an object.
    pub tag: Option<String>,
}

/// A union variant.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    /// The member's position among the spec's `oneOf`/`anyOf` members.
    pub member: usize,
    /// Payload type.
    pub ty: Ty,
    /// The discriminator values that select this variant.
    pub tag_values: Vec<String>,
}

/// A multipart form body.
#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    /// One part per field.
    pub fields: Vec<FormField>,
    /// The spec lets the form hold parts it does not name (its schema has no properties, or
    /// says `additionalProperties`): the caller names each, and sends it as a file part.
    pub other_parts: bool,
}

/// One multipart part.
#[derive(Debug, Clone, PartialEq)]
pub struct FormField {
    /// Part name.
    pub wire: String,
    /// Value type; `Ty::File` for file parts.
    pub ty: Ty,
    /// Required part.
    pub required: bool,
    /// The part's content type (from `encoding`, else the OpenAPI default for its type).
    pub content_type: String,
    /// Arrays: `true` sends one part per item; `false` one part with the items joined by the
    /// delimiter of `style` (a comma for `Form`; the others only a Swagger 2.0
    /// `collectionFormat` gives).
    pub explode: bool,
    /// The delimiter of a non-exploded array, as for a header parameter (see [`Param::style`]).
    pub style: QueryStyle,
    /// Docs.
    pub docs: Docs,
}

/// A type expression.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Ty {
    /// A named type from `Api::types`.
    Named(String),
    /// A heap indirection that breaks a recursive cycle.
    Boxed(Box<Ty>),
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u64` (`format: uint64`, whose values go past `i64::MAX`).
    U64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// Exact decimal (`rust_decimal::Decimal`), a JSON number on the wire.
    Decimal,
    /// Exact decimal (`rust_decimal::Decimal`), a JSON string on the wire (`type: string,
    /// format: decimal`).
    DecimalText,
    /// `chrono::DateTime<Utc>`.
    DateTime,
    /// `chrono::NaiveDate`.
    Date,
    /// `uuid::Uuid`.
    Uuid,
    /// Raw bytes of a non-JSON body.
    Bytes,
    /// A file part of a multipart form.
    File,
    /// Any JSON value.
    Json,
    /// A free-form JSON object.
    JsonMap,
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// An ordered string-keyed map.
    Map(Box<Ty>),
    /// `Option<T>` inside containers (nullable items).
    Option(Box<Ty>),
    /// A tuple `(A, B, ..)`: a JSON array of exactly these items (OpenAPI 3.1 `prefixItems`).
    Tuple(Vec<Ty>),
}

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// OPTIONS
    Options,
    /// HEAD
    Head,
    /// PATCH
    Patch,
    /// TRACE
    Trace,
}

impl Method {
    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// What the operation is called: its `operationId`, else a name derived from its method and
    /// path (`get_pets_by_id`), or a webhook's name.
    pub id: String,
    /// The stem of the names of the types hoisted from the operation (`<stem>Body`), and of its
    /// own types (`<stem>Call`): UpperCamelCase, unique among the operations.
    pub type_stem: String,
    /// HTTP method.
    pub method: Method,
    /// Path template as in the spec, e.g. `/status/{transactionId}`.
    pub path: String,
    /// The template split into literal text and parameters.
    pub segments: Vec<PathSegment>,
    /// Docs (summary as title).
    pub docs: Docs,
    /// Parameters in spec order (path first as they appear, then the rest).
    pub params: Vec<Param>,
    /// The request body.
    pub body: Option<Body>,
    /// Documented responses.
    pub responses: Vec<Response>,
    /// Sends credentials (the spec requires security on it).
    pub authenticated: bool,
    /// The query string the spec writes in the path itself, as written (`recursion=1`; empty
    /// when it has none). OpenAPI does not allow one, but real specs write it to tell two
    /// operations apart; its pairs ([`Self::fixed_query`]) are sent with every request.
    pub path_query: String,
}

impl Operation {
    /// The pairs of the query string written in the path, decoded (`None` for a key written
    /// without `=`): sent with every request, and how the server tells the operation from others
    /// on its route.
    pub fn fixed_query(&self) -> Vec<(String, Option<String>)> {
        crate::uri::query_pairs(&self.path_query)
    }

    /// The path as the spec writes it (its key in `paths`), with its query string if it holds
    /// one.
    pub fn written_path(&self) -> String {
        if self.path_query.is_empty() {
            return self.path.clone();
        }
        format!("{}?{}", self.path, self.path_query)
    }

    /// The path parameters in the order the path first names them, each once (a path may name
    /// one variable twice: `/accounts/{id}/maps/{map}/accounts/{id}`), as `(index into params,
    /// index among the path's parameter places)`.
    pub fn path_params(&self) -> Vec<(usize, usize)> {
        let mut out: Vec<(usize, usize)> = Vec::new();
        let places = self.segments.iter().filter_map(|s| match s {
            PathSegment::Param(i) => Some(*i),
            PathSegment::Literal(_) => None,
        });
        for (place, param) in places.enumerate() {
            if !out.iter().any(|(p, _)| *p == param) {
                out.push((param, place));
            }
        }
        out
    }
}

/// Literal text or a parameter in a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum PathSegment {
    /// Text sent as is.
    Literal(String),
    /// The index of a path parameter in `Operation::params`.
    Param(usize),
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    /// Path.
    Path,
    /// Query string.
    Query,
    /// Header.
    Header,
    /// Cookie.
    Cookie,
}

/// How an array query parameter is serialized.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`: repeated (`a=1&a=2`) or comma-joined (`a=1,2`).
    Form,
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `deepObject`.
    DeepObject,
    /// Tab-separated (`a=1%092`): Swagger 2.0's `collectionFormat: tsv`, which 3.0 has no style
    /// for.
    TabDelimited,
}

/// A parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name on the wire.
    pub wire: String,
    /// Location.
    pub location: ParamLocation,
    /// Type.
    pub ty: Ty,
    /// Required.
    pub required: bool,
    /// Style (query parameters). For a header or path array it is the delimiter its items are
    /// joined with: `Form` is a comma (3.0's `simple`); the others, which only a Swagger 2.0
    /// `collectionFormat` gives there, a space, a pipe or a tab.
    pub style: QueryStyle,
    /// Explode.
    pub explode: bool,
    /// `allowEmptyValue`: the parameter may be sent with an empty value, which the server reads
    /// as absent when its type has no empty value.
    pub allow_empty: bool,
    /// The value travels as its JSON text (a parameter with `content` of a JSON media type,
    /// `?filter={"a":1}`), not serialized by `style`.
    pub json: bool,
    /// The schema's `default`: what the server takes when the parameter is absent.
    pub default: Option<serde_json::Value>,
    /// Docs.
    pub docs: Docs,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The media type sent.
    pub content_type: String,
    /// How it is encoded.
    pub kind: BodyKind,
    /// Its type (`Named` form struct for multipart, `Bytes` for binary, ...).
    pub ty: Ty,
    /// `required: true`.
    pub required: bool,
    /// The body's name when the spec gives one (a Swagger 2.0 body parameter's `name`, kept as
    /// `x-codegen-request-body-name`): the client method's argument is named after it.
    pub arg: Option<String>,
    /// `application/x-www-form-urlencoded` bodies: how each property of the body's schema is
    /// encoded (its `encoding` entry, or a Swagger 2.0 `collectionFormat`), in schema order.
    /// Empty for other bodies.
    pub form_fields: Vec<FormEncoding>,
}

/// How one property of an `application/x-www-form-urlencoded` body travels, as a query
/// parameter would: 3.0's `encoding` gives `style` and `explode` (default `form`, exploded).
#[derive(Debug, Clone, PartialEq)]
pub struct FormEncoding {
    /// The property's name on the wire.
    pub wire: String,
    /// Style of an array or object value.
    pub style: QueryStyle,
    /// Explode.
    pub explode: bool,
    /// `allowEmptyValue` (Swagger 2.0 form parameters): an empty value is the property absent.
    pub allow_empty: bool,
}

/// Body encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// JSON.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// Raw bytes.
    Binary,
    /// Text.
    Text,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusMatch {
    /// One code.
    Code(u16),
    /// `4XX` and the like: the hundreds digit.
    Range(u16),
    /// `default`.
    Default,
}

impl StatusMatch {
    /// Whether this covers only success (2xx) statuses.
    pub fn is_success(self) -> bool {
        match self {
            StatusMatch::Code(c) => (200..300).contains(&c),
            StatusMatch::Range(r) => r == 2,
            StatusMatch::Default => false,
        }
    }
}

/// As the spec writes it: `404`, `4XX`, `default`.
impl std::fmt::Display for StatusMatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatusMatch::Code(code) => write!(f, "{code}"),
            StatusMatch::Range(hundreds) => write!(f, "{hundreds}XX"),
            StatusMatch::Default => f.write_str("default"),
        }
    }
}

/// A documented response.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// Statuses covered.
    pub status: StatusMatch,
    /// Body.
    pub body: ResponseBody,
    /// The response's description.
    pub description: Option<String>,
    /// The headers it declares, in spec order.
    pub headers: Vec<ResponseHeader>,
}

/// A header a response declares: what a client reads through a call's `send_with_response`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    /// The header's name, as the spec writes it.
    pub name: String,
    /// Whether the spec says the response always has it.
    pub required: bool,
    /// The header's description.
    pub description: Option<String>,
}

/// A response body.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// No body.
    Empty,
    /// A JSON body of this type.
    Json(Ty),
    /// Text.
    Text,
    /// Raw bytes.
    Binary,
}

impl Api {
    /// Whether any type expression in the API (a field, a variant, a parameter, a body) satisfies
    /// `pred`: what the emitter asks to include optional support code, and what the manifest asks
    /// to list optional dependencies.
    pub(crate) fn uses(&self, pred: &dyn Fn(&Ty) -> bool) -> bool {
        fn walk(ty: &Ty, pred: &dyn Fn(&Ty) -> bool) -> bool {
            pred(ty)
                || match ty {
                    Ty::Boxed(i) | Ty::Vec(i) | Ty::Map(i) | Ty::Option(i) => walk(i, pred),
                    Ty::Tuple(items) => items.iter().any(|t| walk(t, pred)),
                    _ => false,
                }
        }
        let in_types = self.types.iter().any(|t| match &t.shape {
            Shape::Struct(s) => {
                s.fields.iter().any(|f| walk(&f.ty, pred))
                    || s.additional.as_ref().is_some_and(|a| walk(a, pred))
            }
            Shape::Union(u) => u.variants.iter().any(|v| walk(&v.ty, pred)),
            Shape::Alias(t) | Shape::Newtype(t) => walk(t, pred),
            Shape::Form(f) => f.fields.iter().any(|x| walk(&x.ty, pred)),
            Shape::Enum(_) => false,
        });
        in_types
            || self.operations.iter().chain(&self.webhooks).any(|op| {
                op.params.iter().any(|p| walk(&p.ty, pred))
                    || op.body.as_ref().is_some_and(|b| walk(&b.ty, pred))
                    || op
                        .responses
                        .iter()
                        .any(|r| matches!(&r.body, ResponseBody::Json(t) if walk(t, pred)))
            })
    }
}
