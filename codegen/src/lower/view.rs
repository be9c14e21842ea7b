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
        };
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
        v
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
