//! A uniform view of an `openapiv3` schema, whichever of its `SchemaKind` shapes it was read into.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// A `$ref` or an inline schema, whether boxed or not.
#[derive(Clone, Copy)]
pub enum RefOr<'a> {
    /// A `$ref` string.
    Ref(&'a str),
    /// An inline schema.
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for RefOr<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => RefOr::Ref(reference),
            ReferenceOr::Item(s) => RefOr::Item(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for RefOr<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => RefOr::Ref(reference),
            ReferenceOr::Item(s) => RefOr::Item(s),
        }
    }
}

/// Everything lowering asks of a schema.
pub struct View<'a> {
    /// Description, nullable, discriminator, ...
    pub data: &'a SchemaData,
    /// `type`.
    pub typ: Option<&'a str>,
    /// `format`.
    pub format: Option<&'a str>,
    /// `enum` values, `null` excluded.
    pub enum_values: Vec<Value>,
    /// `properties`.
    pub properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    /// `required`.
    pub required: &'a [String],
    /// `additionalProperties`.
    pub additional: Option<&'a AdditionalProperties>,
    /// `items`.
    pub items: Option<&'a ReferenceOr<Box<Schema>>>,
    /// `oneOf`.
    pub one_of: &'a [ReferenceOr<Schema>],
    /// `anyOf`.
    pub any_of: &'a [ReferenceOr<Schema>],
    /// `allOf`.
    pub all_of: &'a [ReferenceOr<Schema>],
    /// Constraints worth a line in the docs.
    pub notes: Vec<String>,
    /// `nullable: true` on the schema or on one of its annotation-only `allOf` members.
    pub nullable: bool,
    /// The description of an annotation-only `allOf` member, when the schema has none of its own
    /// (`allOf: [$ref, {description: ...}]`).
    pub member_description: Option<&'a str>,
    /// An array of exactly the `oneOf` members of its `items`, in order (an OpenAPI 3.1
    /// `prefixItems` tuple, which load marks `x-codegen-tuple`).
    pub tuple: bool,
    /// The media type of a string's content (OpenAPI 3.1 `contentMediaType`).
    pub content_media_type: Option<&'a str>,
    /// The schema is a `const` (OpenAPI 3.1), its one value in `enum_values`.
    pub is_const: bool,
}

/// An unrecognised `format` (such as `decimal` or `uuid`), which `openapiv3` keeps as text.
fn format_str<T>(f: &VariantOrUnknownOrEmpty<T>) -> Option<&str> {
    match f {
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.as_str()),
        _ => None,
    }
}

impl<'a> View<'a> {
    /// Reads `schema`.
    pub fn of(schema: &'a Schema) -> Self {
        let mut v = View {
            data: &schema.schema_data,
            typ: None,
            format: None,
            enum_values: Vec::new(),
            properties: None,
            required: &[],
            additional: None,
            items: None,
            one_of: &[],
            any_of: &[],
            all_of: &[],
            notes: Vec::new(),
            nullable: schema.schema_data.nullable,
            member_description: None,
            tuple: false,
            content_media_type: None,
            is_const: false,
        };
        // What load carried over from OpenAPI 3.1 (see `load::openapi31`).
        let extensions = &schema.schema_data.extensions;
        v.tuple = extensions.get("x-codegen-tuple") == Some(&Value::Bool(true));
        v.is_const = extensions.contains_key("x-codegen-const");
        v.content_media_type = extensions
            .get("x-codegen-content-media-type")
            .and_then(Value::as_str);
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                v.typ = Some("string");
                v.format = match &t.format {
                    VariantOrUnknownOrEmpty::Item(f) => Some(match f {
                        openapiv3::StringFormat::Date => "date",
                        openapiv3::StringFormat::DateTime => "date-time",
                        openapiv3::StringFormat::Password => "password",
                        openapiv3::StringFormat::Byte => "byte",
                        openapiv3::StringFormat::Binary => "binary",
                    }),
                    other => format_str(other),
                };
                v.enum_values = t
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|s| Value::String(s.clone()))
                    .collect();
                if let Some(p) = &t.pattern {
                    v.notes.push(format!("pattern: `{p}`"));
                }
                length_notes(&mut v.notes, t.min_length, t.max_length, "length");
            }
            SchemaKind::Type(Type::Number(t)) => {
                v.typ = Some("number");
                v.format = match &t.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => Some("float"),
                    VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Double) => {
                        Some("double")
                    }
                    other => format_str(other),
                };
                v.enum_values = t
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|n| Value::from(*n))
                    .collect();
                bound_notes(
                    &mut v.notes,
                    t.minimum,
                    t.maximum,
                    t.exclusive_minimum,
                    t.exclusive_maximum,
                );
            }
            SchemaKind::Type(Type::Integer(t)) => {
                v.typ = Some("integer");
                v.format = match &t.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Some("int32"),
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int64) => Some("int64"),
                    other => format_str(other),
                };
                v.enum_values = t
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|n| Value::from(*n))
                    .collect();
                bound_notes(
                    &mut v.notes,
                    t.minimum.map(|m| m as f64),
                    t.maximum.map(|m| m as f64),
                    t.exclusive_minimum,
                    t.exclusive_maximum,
                );
            }
            SchemaKind::Type(Type::Boolean(_)) => v.typ = Some("boolean"),
            SchemaKind::Type(Type::Object(t)) => {
                v.typ = Some("object");
                v.properties = Some(&t.properties);
                v.required = &t.required;
                v.additional = t.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(t)) => {
                v.typ = Some("array");
                v.items = t.items.as_ref();
                length_notes(&mut v.notes, t.min_items, t.max_items, "items");
                if t.unique_items {
                    v.notes.push("items must be unique".into());
                }
            }
            SchemaKind::OneOf { one_of } => v.one_of = one_of,
            SchemaKind::AnyOf { any_of } => v.any_of = any_of,
            SchemaKind::AllOf { all_of } => v.all_of = all_of,
            SchemaKind::Not { .. } => {}
            SchemaKind::Any(a) => {
                v.typ = a.typ.as_deref();
                v.format = a.format.as_deref();
                v.enum_values = a
                    .enumeration
                    .iter()
                    .filter(|x| !x.is_null())
                    .cloned()
                    .collect();
                if !a.properties.is_empty() || v.typ == Some("object") {
                    v.properties = Some(&a.properties);
                }
                v.required = &a.required;
                v.additional = a.additional_properties.as_ref();
                v.items = a.items.as_ref();
                v.one_of = &a.one_of;
                v.any_of = &a.any_of;
                v.all_of = &a.all_of;
                if v.typ.is_none() && v.properties.is_none() && v.items.is_none() {
                    v.typ = type_of_values(&v.enum_values);
                }
                if let Some(p) = &a.pattern {
                    v.notes.push(format!("pattern: `{p}`"));
                }
                bound_notes(
                    &mut v.notes,
                    a.minimum,
                    a.maximum,
                    a.exclusive_minimum.unwrap_or(false),
                    a.exclusive_maximum.unwrap_or(false),
                );
                length_notes(&mut v.notes, a.min_length, a.max_length, "length");
                length_notes(&mut v.notes, a.min_items, a.max_items, "items");
            }
        }
        for member in v.all_of {
            if let Some(data) = annotation_only(member) {
                v.nullable |= data.nullable;
                if v.member_description.is_none() {
                    v.member_description = data.description.as_deref();
                }
            }
        }
        if let Some(Value::Array(notes)) = extensions.get("x-codegen-notes") {
            v.notes
                .extend(notes.iter().filter_map(Value::as_str).map(str::to_string));
        }
        v.drop_constraint_only_union();
        v
    }

    /// The one `allOf` member that says what the value is, when every other member only annotates
    /// it (`allOf: [$ref, {nullable: true}]`), with its index.
    pub fn single_all_of(&self) -> Option<(usize, &'a ReferenceOr<Schema>)> {
        let mut structural = self
            .all_of
            .iter()
            .enumerate()
            .filter(|(_, m)| annotation_only(m).is_none());
        let one = structural.next()?;
        structural.next().is_none().then_some(one)
    }

    /// Whether every `allOf` member only annotates (`allOf: [{}]`, `allOf: [{description: ..}]`):
    /// the members then say nothing about the value's shape.
    pub fn all_of_only_annotates(&self) -> bool {
        self.all_of.iter().all(|m| annotation_only(m).is_some())
    }

    /// `properties` beside a `oneOf`/`anyOf` whose members only add constraints on those
    /// properties (`anyOf: [{required: [a]}, {required: [b]}]`, GitHub's and OpenAI's way of
    /// saying "at least one of"): the value is the object; the alternatives become a doc note
    /// instead of a union of untyped variants.
    /// The members of the schema's union, `oneOf` if it has one, else `anyOf` (possibly empty),
    /// with that keyword, for pointers.
    pub fn union_members(&self) -> (&'a [ReferenceOr<Schema>], &'static str) {
        if self.one_of.is_empty() {
            (self.any_of, "anyOf")
        } else {
            (self.one_of, "oneOf")
        }
    }

    fn drop_constraint_only_union(&mut self) {
        let Some(properties) = self.properties.filter(|p| !p.is_empty()) else {
            return;
        };
        let (members, key) = match (self.one_of, self.any_of) {
            (one_of, []) if !one_of.is_empty() => (one_of, "exactly one"),
            ([], any_of) if !any_of.is_empty() => (any_of, "at least one"),
            _ => return,
        };
        let summaries: Option<Vec<String>> = members
            .iter()
            .map(|m| constraint_summary(m, Some(properties)))
            .collect();
        if let Some(summaries) = summaries {
            self.notes
                .push(format!("{key} of: {}", summaries.join("; or ")));
            self.one_of = &[];
            self.any_of = &[];
        }
    }

    /// Whether the schema has properties to make a struct of.
    pub fn has_properties(&self) -> bool {
        self.properties.is_some_and(|p| !p.is_empty())
    }
}

fn bound_notes(
    notes: &mut Vec<String>,
    min: Option<f64>,
    max: Option<f64>,
    ex_min: bool,
    ex_max: bool,
) {
    if let Some(m) = min {
        notes.push(format!(
            "minimum: {m}{}",
            if ex_min { " (exclusive)" } else { "" }
        ));
    }
    if let Some(m) = max {
        notes.push(format!(
            "maximum: {m}{}",
            if ex_max { " (exclusive)" } else { "" }
        ));
    }
}

fn length_notes(notes: &mut Vec<String>, min: Option<usize>, max: Option<usize>, what: &str) {
    if let Some(m) = min {
        notes.push(format!("min {what}: {m}"));
    }
    if let Some(m) = max {
        notes.push(format!("max {what}: {m}"));
    }
}

/// The annotations of an `allOf` member that says nothing about the value's shape (only
/// `nullable`, `description`, `title`, `readOnly`, ...), or `None` for any other member.
fn annotation_only(member: &ReferenceOr<Schema>) -> Option<&SchemaData> {
    match member {
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::Any(any)
                if *any == openapiv3::AnySchema::default()
                    && s.schema_data.discriminator.is_none() =>
            {
                Some(&s.schema_data)
            }
            _ => None,
        },
        ReferenceOr::Reference { .. } => None,
    }
}

/// Whether every member of a union met as an `allOf` member (`allOf: [{anyOf: [{required:
/// [userId]}, {required: [email]}]}]`, Vercel's "one of these is present") only requires
/// properties: it then says nothing about the value's shape, which the properties around it
/// give.
pub(super) fn only_requires(members: &[ReferenceOr<Schema>]) -> bool {
    !members.is_empty()
        && members
            .iter()
            .all(|m| constraint_summary(m, None).is_some())
}

/// A doc line for a `oneOf`/`anyOf` member that only constrains the parent's `properties`
/// (requires some, narrows their values, limits their number), or `None` when it says more: a
/// type of its own, properties the parent does not have, items, nested unions, a `$ref`. Without
/// the parent's properties (`None`), a member passes only if it names no properties, and may
/// require any.
fn constraint_summary(
    member: &ReferenceOr<Schema>,
    parent: Option<&IndexMap<String, ReferenceOr<Box<Schema>>>>,
) -> Option<String> {
    let ReferenceOr::Item(s) = member else {
        return None;
    };
    if s.schema_data.discriminator.is_some() {
        return None;
    }
    let (properties, required, additional, max_properties) = match &s.schema_kind {
        SchemaKind::Any(a)
            if matches!(a.typ.as_deref(), None | Some("object"))
                && a.items.is_none()
                && a.one_of.is_empty()
                && a.all_of.is_empty()
                && a.any_of.is_empty()
                && a.enumeration.is_empty()
                && a.format.is_none() =>
        {
            (
                &a.properties,
                &a.required,
                a.additional_properties.as_ref(),
                a.max_properties,
            )
        }
        SchemaKind::Type(Type::Object(o)) => (
            &o.properties,
            &o.required,
            o.additional_properties.as_ref(),
            o.max_properties,
        ),
        _ => return None,
    };
    let known = |k: &String| parent.is_none_or(|p| p.contains_key(k));
    if properties.keys().any(|k| parent.is_none() || !known(k))
        || required.iter().any(|k| !known(k))
        || !matches!(additional, None | Some(AdditionalProperties::Any(true)))
    {
        return None;
    }
    let mut parts = Vec::new();
    if !required.is_empty() {
        let names: Vec<String> = required.iter().map(|r| format!("`{r}`")).collect();
        parts.push(format!("{} present", names.join(", ")));
    }
    if !properties.is_empty() {
        let names: Vec<String> = properties.keys().map(|r| format!("`{r}`")).collect();
        parts.push(format!("{} narrowed", names.join(", ")));
    }
    if max_properties == Some(0) {
        parts.push("no properties".into());
    }
    if parts.is_empty() {
        parts.push("any value".into());
    }
    Some(parts.join(", "))
}

/// The one JSON type every value of an untyped `enum` has (`enum: [a, b]` is a string enum,
/// `enum: [-1, 0, 1]` an integer one), if they share one.
fn type_of_values(values: &[Value]) -> Option<&'static str> {
    let type_of = |value: &Value| match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        _ => None,
    };
    let mut types = values.iter().map(type_of);
    let first = types.next()??;
    types.try_fold(first, |shared, typ| match (shared, typ?) {
        (a, b) if a == b => Some(a),
        // Integers among numbers are numbers.
        ("integer" | "number", "integer" | "number") => Some("number"),
        _ => None,
    })
}
