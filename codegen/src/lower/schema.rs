//! Schemas into types: where a oneOf becomes an enum, an allOf a merged struct, an inline object a
//! hoisted named type.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use serde_json::Value;

use super::view::{RefOr, View};
use super::Lowerer;
use crate::diagnostic::child;
use crate::ir::{
    Docs, EnumVariant, Field, Flattened, Form, FormEncoding, FormField, QueryStyle, Shape,
    StringEnum, Struct, Ty, TypeDef, Union, UnionVariant,
};
use crate::naming::type_name;

/// How deep inline schemas may nest before we stop descending (the parsers already cap input depth;
/// this guards the recursion of lowering itself).
const MAX_DEPTH: usize = 200;

/// How deep allOf members may nest, `$ref`s followed (real inheritance chains are a few levels).
const MAX_ALL_OF_DEPTH: usize = 64;

impl<'a> Lowerer<'a> {
    /// Lowers a schema into the named type `name` (already claimed).
    pub(crate) fn lower_named(
        &mut self,
        name: &str,
        schema: RefOr<'a>,
        pointer: &str,
        form: Option<Option<&'a IndexMap<String, openapiv3::Encoding>>>,
    ) {
        let slot = self.types.len();
        self.types.push(TypeDef {
            name: name.to_string(),
            origin: pointer.to_string(),
            docs: Docs::default(),
            shape: Shape::Alias(Ty::Json),
        });
        let (docs, shape) = match schema {
            RefOr::Ref(reference) => {
                let ty = self.resolve_ref(reference, pointer);
                (Docs::default(), Shape::Alias(ty))
            }
            RefOr::Item(s) => {
                let docs = docs_of(&View::of(s));
                let shape = if let Some(encoding) = form {
                    self.form_of(name, s, pointer, encoding)
                } else {
                    self.shape_of(name, s, pointer, 0)
                };
                (docs, shape)
            }
        };
        self.types[slot].docs = docs;
        self.types[slot].shape = shape;
    }

    /// The type of a `$ref` to a component schema; `Ty::Json` after reporting a broken one.
    pub(crate) fn resolve_ref(&mut self, reference: &str, pointer: &str) -> Ty {
        if let Some(name) = self.hoisted.get(reference.trim_start_matches('#')) {
            return Ty::Named(name.clone());
        }
        match self.component_key(reference, pointer) {
            Some(key) => {
                // A `$ref` chain that loops can never be a type; report it once per entry point.
                if self.component_schema(&key, pointer).is_none() {
                    return Ty::Json;
                }
                Ty::Named(self.component_names[&key].clone())
            }
            None => Ty::Json,
        }
    }

    /// Whether the component schema a local `$ref` names (following `$ref` chains) says
    /// `nullable: true`: a property that refers to it may then be `null` (OpenAPI 3.0). Reports
    /// nothing: [`Self::resolve_ref`] reports broken references.
    fn ref_nullable(&self, reference: &str) -> bool {
        let Some(schemas) = self.spec.components.as_ref().map(|c| &c.schemas) else {
            return false;
        };
        let mut reference = reference.to_string();
        for _ in 0..=schemas.len() {
            let Some(key) = reference.strip_prefix("#/components/schemas/") else {
                return false;
            };
            match schemas.get(&key.replace("~1", "/").replace("~0", "~")) {
                Some(ReferenceOr::Item(s)) => return s.schema_data.nullable,
                Some(ReferenceOr::Reference { reference: next }) => reference = next.clone(),
                None => return false,
            }
        }
        false
    }

    /// The type of a schema found at `pointer`; inline objects, enums and unions are hoisted into
    /// named types called `hint`.
    pub(crate) fn ty_of(
        &mut self,
        schema: RefOr<'a>,
        hint: &str,
        pointer: &str,
        depth: usize,
    ) -> Ty {
        match schema {
            RefOr::Ref(reference) => self.resolve_ref(reference, pointer),
            RefOr::Item(s) => self.inline_ty(s, hint, pointer, depth),
        }
    }

    fn inline_ty(&mut self, s: &'a Schema, hint: &str, pointer: &str, depth: usize) -> Ty {
        if depth > MAX_DEPTH {
            self.warn(
                pointer,
                format!("schemas nest more than {MAX_DEPTH} levels deep; this one is untyped JSON"),
            );
            return Ty::Json;
        }
        let v = View::of(s);
        if let Some(ty) = self.simple_ty(&v, hint, pointer, depth) {
            return ty;
        }
        // One node, one type: a shared component response or body reached from several
        // operations names its inline schema once.
        if let Some(name) = self.hoisted.get(pointer.trim_start_matches('#')) {
            return Ty::Named(name.clone());
        }
        let name = self.type_names.claim_type(type_name(hint));
        self.hoisted
            .insert(pointer.trim_start_matches('#').to_string(), name.clone());
        let slot = self.types.len();
        self.types.push(TypeDef {
            name: name.clone(),
            origin: pointer.to_string(),
            docs: docs_of(&v),
            shape: Shape::Alias(Ty::Json),
        });
        let shape = self.shape_of(&name, s, pointer, depth + 1);
        self.types[slot].shape = shape;
        Ty::Named(name)
    }

    /// The type of a schema that needs no named type of its own, or `None` when it does.
    fn simple_ty(&mut self, v: &View<'a>, hint: &str, pointer: &str, depth: usize) -> Option<Ty> {
        // `allOf: [$ref]` (often with `nullable`, beside it or in a member of its own) is just
        // that type.
        if let Some((i, member)) = v.single_all_of() {
            if !v.has_properties() && v.one_of.is_empty() && v.any_of.is_empty() {
                return Some(self.ty_of(
                    RefOr::from(member),
                    hint,
                    &format!("{pointer}/allOf/{i}"),
                    depth + 1,
                ));
            }
        }
        // `allOf: [$ref: Buckets, {oneOf: [...]}]`: unions refined by unions, with no
        // properties of their own. A value holds for every member, so the last, which refines
        // the others, reads each valid value.
        if let Some((i, member)) = self.refined_union(v) {
            return Some(self.ty_of(
                RefOr::from(member),
                hint,
                &format!("{pointer}/allOf/{i}"),
                depth + 1,
            ));
        }
        // Members that only annotate leave the schema what its other keywords say (an
        // `anyOf: [{}, {type: "null"}]`, normalised to `allOf: [{}]` and nullable, is any value).
        if !v.all_of.is_empty() && !v.all_of_only_annotates() {
            return None;
        }
        let (members, key) = v.union_members();
        if !members.is_empty() {
            let non_null: Vec<(usize, &ReferenceOr<Schema>)> = members
                .iter()
                .enumerate()
                .filter(|(_, m)| !is_null_schema(m))
                .collect();
            if non_null.len() == 1 && !v.has_properties() {
                let (i, m) = non_null[0];
                return Some(self.ty_of(
                    RefOr::from(m),
                    hint,
                    &format!("{pointer}/{key}/{i}"),
                    depth + 1,
                ));
            }
            return None;
        }
        if v.has_properties() {
            return None;
        }
        if !v.enum_values.is_empty()
            && v.enum_values.iter().all(Value::is_string)
            && matches!(v.typ, None | Some("string"))
        {
            return None;
        }
        // A type name from a programming language (`bool`, `int64`) where JSON Schema's is
        // meant: hand-written annotations (go-swagger's, swaggo's) write them.
        let (typ, format) = match v.typ.and_then(|t| Some((t, type_alias(t)?))) {
            Some((written, (typ, implied))) => {
                self.warn(
                    pointer,
                    format!("unknown schema type `{written}`; read as `{typ}`, the JSON Schema type it names"),
                );
                (Some(typ), v.format.or(implied))
            }
            None => (v.typ, v.format),
        };
        Some(match typ {
            Some("string") => match format {
                Some("date-time") => Ty::DateTime,
                Some("date") => Ty::Date,
                Some("uuid") => Ty::Uuid,
                Some("decimal") => Ty::DecimalText,
                _ => Ty::String,
            },
            Some("number") => match format {
                Some("decimal") | Some("money") => Ty::Decimal,
                Some("float") => Ty::F32,
                _ => Ty::F64,
            },
            Some("integer") => match format {
                Some("int32") | Some("int16") | Some("int8") => Ty::I32,
                Some("uint64") | Some("uint") => Ty::U64,
                _ => Ty::I64,
            },
            Some("boolean") => Ty::Bool,
            Some("array") => match v.items {
                Some(ReferenceOr::Item(tuple)) if v.tuple && !View::of(tuple).one_of.is_empty() => {
                    let members = View::of(tuple).one_of;
                    let at = child(&child(pointer, "items"), "oneOf");
                    Ty::Tuple(
                        members
                            .iter()
                            .enumerate()
                            .map(|(i, m)| {
                                let ty = self.ty_of(
                                    RefOr::from(m),
                                    &format!("{hint}Item{}", i + 1),
                                    &format!("{at}/{i}"),
                                    depth + 1,
                                );
                                nullable_element(m, ty)
                            })
                            .collect(),
                    )
                }
                Some(items) => {
                    let item = self.ty_of(
                        RefOr::from(items),
                        &format!("{hint}Item"),
                        &child(pointer, "items"),
                        depth + 1,
                    );
                    Ty::Vec(Box::new(nullable_element(items, item)))
                }
                None => Ty::Vec(Box::new(Ty::Json)),
            },
            Some("object") | None => match v.additional {
                Some(AdditionalProperties::Schema(s)) => {
                    let value = self.ty_of(
                        RefOr::from(s.as_ref()),
                        &format!("{hint}Value"),
                        &child(pointer, "additionalProperties"),
                        depth + 1,
                    );
                    Ty::Map(Box::new(nullable_element(s, value)))
                }
                _ if v.typ == Some("object") => Ty::JsonMap,
                _ => Ty::Json,
            },
            // A schema whose only value is `null` (JSON Schema's `null` type, also written in
            // 2.0 and 3.0 specs): any JSON value holds it, and a later spec version may widen it.
            Some("null") => Ty::Json,
            Some(other) => {
                self.warn(
                    pointer,
                    format!("unknown schema type `{other}`; generated as an untyped JSON value"),
                );
                Ty::Json
            }
        })
    }

    /// The shape of the named type `name` for schema `s`.
    pub(crate) fn shape_of(
        &mut self,
        name: &str,
        s: &'a Schema,
        pointer: &str,
        depth: usize,
    ) -> Shape {
        let v = View::of(s);
        if let Some((i, member)) = self.refined_union(&v) {
            // The named type is the refining union itself (see `simple_ty`).
            let at = format!("{pointer}/allOf/{i}");
            return match member {
                ReferenceOr::Item(member) => self.shape_of(name, member, &at, depth + 1),
                ReferenceOr::Reference { .. } => {
                    Shape::Alias(self.ty_of(RefOr::from(member), name, &at, depth + 1))
                }
            };
        }
        if !v.all_of.is_empty() && (v.single_all_of().is_none() || v.has_properties()) {
            return self.all_of_shape(name, &v, pointer, depth);
        }
        let (members, key) = v.union_members();
        if !members.is_empty() && members.iter().filter(|m| !is_null_schema(m)).count() > 1 {
            if let Some(values) = self.enum_members(members) {
                return Shape::Enum(enum_of(values));
            }
            if v.has_properties() {
                return self.beside_union(name, &v, members, key, pointer, depth);
            }
            return self.union_of(name, &v, pointer, depth, None);
        }
        if v.has_properties() {
            let mut merged = Merged::default();
            merged.absorb(&v, pointer);
            return Shape::Struct(self.struct_of(name, merged, None, depth));
        }
        if !v.enum_values.is_empty()
            && v.enum_values.iter().all(Value::is_string)
            && matches!(v.typ, None | Some("string"))
        {
            let mut e = enum_of(
                v.enum_values
                    .iter()
                    .filter_map(Value::as_str)
                    .map(|value| (value.to_string(), None)),
            );
            e.fixed = v.is_const && e.variants.len() == 1;
            return Shape::Enum(e);
        }
        match self.simple_ty(&v, name, pointer, depth) {
            Some(ty) => Shape::Alias(ty),
            None => Shape::Alias(Ty::Json),
        }
    }

    /// The struct of the `merged` properties; `flatten` is a type whose value shares the
    /// struct's JSON object, and the stem of the field that holds it.
    fn struct_of(
        &mut self,
        name: &str,
        merged: Merged<'a>,
        flatten: Option<(&str, Ty)>,
        depth: usize,
    ) -> Struct {
        let mut fields = Vec::new();
        for (wire, (schema, prop_pointer)) in &merged.properties {
            let hint = format!("{name}{}", wire.to_upper_camel_case());
            let ty = self.ty_of(*schema, &hint, prop_pointer, depth + 1);
            let (nullable, docs, write_or_read_only, default) = match schema {
                RefOr::Item(s) => {
                    let v = View::of(s);
                    // `nullable` beside `allOf: [$ref]`, or on the schema it names.
                    let via_all_of = matches!(v.single_all_of(), Some((_, ReferenceOr::Reference { reference })) if self.ref_nullable(reference));
                    (
                        v.nullable || via_all_of,
                        docs_of(&v),
                        s.schema_data.read_only || s.schema_data.write_only,
                        s.schema_data.default.clone(),
                    )
                }
                RefOr::Ref(reference) => {
                    (self.ref_nullable(reference), Docs::default(), false, None)
                }
            };
            // readOnly/writeOnly properties are absent in one direction, so they cannot be required.
            let required = merged.required.iter().any(|r| r == wire) && !write_or_read_only;
            fields.push(Field {
                wire: wire.clone(),
                ty,
                required,
                nullable,
                default,
                docs,
            });
        }
        let additional = match merged.additional {
            Some(AdditionalProperties::Any(true)) => Some(Ty::Json),
            Some(AdditionalProperties::Schema(s)) => {
                let value = self.ty_of(
                    RefOr::from(s.as_ref()),
                    &format!("{name}Value"),
                    &child(&merged.additional_pointer, "additionalProperties"),
                    depth + 1,
                );
                Some(nullable_element(s, value))
            }
            _ => None,
        };
        let flattened = flatten.map(|(stem, ty)| Flattened {
            stem: stem.to_string(),
            ty,
        });
        Struct {
            fields,
            additional,
            flattened,
        }
    }

    /// A schema with `properties` beside a `oneOf`/`anyOf` of several members: the value is one
    /// of the members and has the properties too. When every member is an object, a struct of
    /// the properties with the union flattened into it (`OrderOneOf`, in the field `one_of`);
    /// otherwise (`oneOf: [boolean, object]`, where the properties describe the object case) the
    /// union, each object member extended with the properties.
    fn beside_union(
        &mut self,
        name: &str,
        v: &View<'a>,
        members: &'a [ReferenceOr<Schema>],
        key: &str,
        pointer: &str,
        depth: usize,
    ) -> Shape {
        let all_objects = members
            .iter()
            .filter(|m| !is_null_schema(m))
            .all(|m| self.is_object_member(m));
        if !all_objects {
            return self.union_of(name, v, pointer, depth, Some(v));
        }
        let union_name = self
            .type_names
            .claim_type(type_name(&format!("{name}{}", key.to_upper_camel_case())));
        let slot = self.types.len();
        self.types.push(TypeDef {
            name: union_name.clone(),
            origin: child(pointer, key),
            docs: Docs {
                description: Some(format!(
                    "The `{key}` members of `{}`, whose properties sit beside them in the same JSON object.",
                    name.trim_start_matches("r#")
                )),
                ..Docs::default()
            },
            shape: Shape::Alias(Ty::Json),
        });
        let union = self.union_of(name, v, pointer, depth, None);
        self.types[slot].shape = union;
        let mut merged = Merged::default();
        merged.absorb(v, pointer);
        let stem = key.to_snake_case();
        Shape::Struct(self.struct_of(name, merged, Some((&stem, Ty::Named(union_name))), depth))
    }

    /// Whether a union member is an object schema (`type: object`, or properties, a map or an
    /// `allOf` without a `type`), following a local `$ref`; one that cannot be read counts as
    /// one.
    fn is_object_member(&self, member: &ReferenceOr<Schema>) -> bool {
        let schema = match member {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => match self.peek_component(reference) {
                Some(s) => s,
                None => return true,
            },
        };
        let v = View::of(schema);
        match v.typ {
            Some("object") => true,
            Some(_) => false,
            None => {
                v.has_properties()
                    || v.additional.is_some()
                    || !v.all_of.is_empty()
                    || ((!v.one_of.is_empty() || !v.any_of.is_empty()) && v.enum_values.is_empty())
            }
        }
    }

    /// A union member extended with the `properties` beside the union: an inline object has them
    /// merged into its own, a `$ref` is flattened into a struct of them (`<Union><Member>`). Other
    /// members (a boolean, a string) are themselves.
    fn extended_member(
        &mut self,
        member: &'a ReferenceOr<Schema>,
        (beside, union_pointer): (&View<'a>, &str),
        union_name: &str,
        hint: &str,
        member_pointer: &str,
        depth: usize,
    ) -> Ty {
        if !self.is_object_member(member) {
            return self.ty_of(RefOr::from(member), hint, member_pointer, depth + 1);
        }
        let (hint, flatten) = match member {
            ReferenceOr::Reference { reference } => {
                let ty = self.resolve_ref(reference, member_pointer);
                let hint = match &ty {
                    Ty::Named(n) => format!("{union_name}{n}"),
                    _ => hint.to_string(),
                };
                (hint, Some(ty))
            }
            ReferenceOr::Item(_) => (hint.to_string(), None),
        };
        let name = self.type_names.claim_type(type_name(&hint));
        let slot = self.types.len();
        self.types.push(TypeDef {
            name: name.clone(),
            origin: member_pointer.to_string(),
            docs: match member {
                ReferenceOr::Item(s) => docs_of(&View::of(s)),
                ReferenceOr::Reference { .. } => Docs::default(),
            },
            shape: Shape::Alias(Ty::Json),
        });
        let mut merged = Merged {
            // A `$ref` member is flattened whole; an inline one may flatten a union of its allOf.
            keep_union: flatten.is_none(),
            ..Merged::default()
        };
        merged.absorb(beside, union_pointer);
        if let ReferenceOr::Item(s) = member {
            let mv = View::of(s);
            if !mv.all_of.is_empty() {
                self.absorb_all_of(&mut merged, s, member_pointer, 0);
                self.report_too_deep(&merged, member_pointer);
            } else {
                merged.absorb(&mv, member_pointer);
            }
        }
        // A `$ref` that names nothing (reported) has no properties to flatten.
        let flatten = match flatten {
            Some(ty) => (ty != Ty::Json).then(|| ("value".to_string(), ty)),
            None => self.flattened_union(&name, &mut merged, depth + 1),
        };
        let flatten = flatten
            .as_ref()
            .map(|(stem, ty)| (stem.as_str(), ty.clone()));
        let shape = Shape::Struct(self.struct_of(&name, merged, flatten, depth + 1));
        self.types[slot].shape = shape;
        Ty::Named(name)
    }

    fn all_of_shape(&mut self, name: &str, v: &View<'a>, pointer: &str, depth: usize) -> Shape {
        let mut merged = Merged {
            keep_union: true,
            ..Merged::default()
        };
        for (i, member) in v.all_of.iter().enumerate() {
            let member_pointer = format!("{pointer}/allOf/{i}");
            if self.keeps_union(&merged, member) {
                merged.union = Some((member, member_pointer));
                continue;
            }
            let schema = match member {
                ReferenceOr::Reference { reference } => {
                    match self.component_key(reference, &member_pointer) {
                        Some(key) => self
                            .component_schema(&key, &member_pointer)
                            .map(|(s, key)| (s, child("#/components/schemas", &key))),
                        None => None,
                    }
                }
                ReferenceOr::Item(s) => Some((s, member_pointer.clone())),
            };
            let Some((s, at)) = schema else { continue };
            self.absorb_all_of(&mut merged, s, &at, 0);
        }
        self.report_too_deep(&merged, pointer);
        merged.absorb(v, pointer);
        let flatten = self.flattened_union(name, &mut merged, depth);
        let flatten = flatten
            .as_ref()
            .map(|(stem, ty)| (stem.as_str(), ty.clone()));
        Shape::Struct(self.struct_of(name, merged, flatten, depth))
    }

    /// The last of two or more `allOf` members that are each a `oneOf`/`anyOf` and nothing else
    /// (no properties, no `allOf`), beside no properties or union of `v`'s own.
    fn refined_union(&self, v: &View<'a>) -> Option<(usize, &'a ReferenceOr<Schema>)> {
        self.refined_union_within(v, 0)
    }

    /// [`Self::refined_union`], a member being itself such an `allOf` up to a few levels down.
    fn refined_union_within(
        &self,
        v: &View<'a>,
        depth: usize,
    ) -> Option<(usize, &'a ReferenceOr<Schema>)> {
        if depth > 4
            || v.all_of.len() < 2
            || v.has_properties()
            || !v.one_of.is_empty()
            || !v.any_of.is_empty()
        {
            return None;
        }
        let mut last = None;
        let mut unions = 0;
        for (i, member) in v.all_of.iter().enumerate() {
            let schema = match member {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference } => self.peek_component(reference)?,
            };
            let mv = View::of(schema);
            let union = (!mv.one_of.is_empty() || !mv.any_of.is_empty())
                && !mv.has_properties()
                && mv.all_of.is_empty();
            if !union && self.refined_union_within(&mv, depth + 1).is_none() {
                return None;
            }
            unions += 1;
            last = Some((i, member));
        }
        (unions >= 2).then_some(last).flatten()
    }

    /// Whether an allOf member is kept whole for `merged` (see [`Merged::keep_union`]): the
    /// first member that is a `oneOf`/`anyOf` whose members are all objects, so that its type
    /// can be flattened into the struct (a `oneOf` of scalars has no fields to flatten).
    fn keeps_union(&self, merged: &Merged<'a>, member: &ReferenceOr<Schema>) -> bool {
        if !merged.keep_union || merged.union.is_some() {
            return false;
        }
        let schema = match member {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => match self.peek_component(reference) {
                Some(s) => s,
                None => return false,
            },
        };
        let (members, _) = View::of(schema).union_members();
        !members.is_empty()
            && members
                .iter()
                .all(|m| !is_null_schema(m) && self.is_object_member(m))
    }

    /// The field an allOf's union member (kept whole, see [`Merged::union`]) becomes: its type
    /// (the component's, or one hoisted as `<Name>OneOf`), flattened into the struct, so that
    /// the members' properties are read and written beside the others instead of being lost.
    fn flattened_union(
        &mut self,
        name: &str,
        merged: &mut Merged<'a>,
        depth: usize,
    ) -> Option<(String, Ty)> {
        let (member, pointer) = merged.union.take()?;
        let hint = match member {
            ReferenceOr::Item(s) => {
                let (_, key) = View::of(s).union_members();
                format!("{name}{}", key.to_upper_camel_case())
            }
            ReferenceOr::Reference { .. } => name.to_string(),
        };
        let ty = self.ty_of(RefOr::from(member), &hint, &pointer, depth + 1);
        let stem = match (&ty, member) {
            (Ty::Named(n), ReferenceOr::Reference { .. }) => n.to_snake_case(),
            (Ty::Named(_), ReferenceOr::Item(s)) => View::of(s).union_members().1.to_snake_case(),
            // A member that cannot be typed has no fields to flatten.
            _ => return None,
        };
        Some((stem, ty))
    }

    /// The error for a struct whose allOf members nest past [`MAX_ALL_OF_DEPTH`].
    fn report_too_deep(&mut self, merged: &Merged<'a>, pointer: &str) {
        if let Some(at) = &merged.too_deep {
            self.warn(
                pointer,
                format!(
                    "allOf inheritance is more than {MAX_ALL_OF_DEPTH} levels deep (past {at}); the members past that level are left out"
                ),
            );
        }
    }

    /// Adds an allOf member's properties, following nested allOfs and `$ref`s.
    fn absorb_all_of(
        &mut self,
        merged: &mut Merged<'a>,
        s: &'a Schema,
        pointer: &str,
        depth: usize,
    ) {
        if merged.too_deep.is_some() {
            return;
        }
        if depth > MAX_ALL_OF_DEPTH {
            // Reported once, for the struct (`report_too_deep`): a 10,000-long allOf chain gave
            // two errors per schema and took a minute to walk to the old limit of 200.
            merged.too_deep = Some(pointer.to_string());
            return;
        }
        // A schema reached again through another member (a diamond: A and B both `allOf` the
        // same C) is merged once. Following every path instead took time exponential in the
        // depth of such inheritance (30 levels of diamonds never finished).
        if !merged.absorbed.insert(pointer.to_string()) {
            return;
        }
        let v = View::of(s);
        for (i, member) in v.all_of.iter().enumerate() {
            let member_pointer = format!("{pointer}/allOf/{i}");
            if self.keeps_union(merged, member) {
                merged.union = Some((member, member_pointer));
                continue;
            }
            match member {
                ReferenceOr::Reference { reference } => {
                    if let Some(key) = self.component_key(reference, &member_pointer) {
                        if let Some((s, key)) = self.component_schema(&key, &member_pointer) {
                            self.absorb_all_of(
                                merged,
                                s,
                                &child("#/components/schemas", &key),
                                depth + 1,
                            );
                        }
                    }
                }
                ReferenceOr::Item(s) => self.absorb_all_of(merged, s, &member_pointer, depth + 1),
            }
        }
        if merged.members_too {
            let (members, keyword) = v.union_members();
            for (i, member) in members.iter().enumerate() {
                let member_pointer = format!("{pointer}/{keyword}/{i}");
                let Some(schema) = self.resolved_property(&RefOr::from(member), &member_pointer)
                else {
                    continue;
                };
                let mut gathered = Merged {
                    members_too: true,
                    absorbed: std::mem::take(&mut merged.absorbed),
                    ..Merged::default()
                };
                self.absorb_all_of(&mut gathered, schema, &member_pointer, depth + 1);
                merged.absorbed = gathered.absorbed;
                merged.too_deep = merged.too_deep.take().or(gathered.too_deep);
                for (wire, property) in gathered.properties {
                    merged.properties.entry(wire).or_insert(property);
                }
            }
        } else if (!v.one_of.is_empty() || !v.any_of.is_empty())
            && !super::view::only_requires(v.union_members().0)
        {
            self.warn(
                pointer,
                "a oneOf/anyOf inside allOf is not merged; only the properties are kept",
            );
        }
        merged.absorb(&v, pointer);
    }

    /// The union of `v`'s `oneOf` (or `anyOf`) members; `beside`, the schema whose properties
    /// sit beside them, extends its object members.
    fn union_of(
        &mut self,
        name: &str,
        v: &View<'a>,
        pointer: &str,
        depth: usize,
        beside: Option<&View<'a>>,
    ) -> Shape {
        let (members, key) = v.union_members();
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            if is_null_schema(member) {
                continue;
            }
            let member_pointer = format!("{pointer}/{key}/{i}");
            let hint = format!("{name}Variant{}", i + 1);
            let ty = match beside {
                Some(beside) => self.extended_member(
                    member,
                    (beside, pointer),
                    name,
                    &hint,
                    &member_pointer,
                    depth,
                ),
                None => self.ty_of(RefOr::from(member), &hint, &member_pointer, depth + 1),
            };
            // A `$ref` member's implicit tag is its schema's name; an inline member has none
            // unless its discriminator property is fixed (found below).
            let tag_values = match member {
                ReferenceOr::Reference { reference } => {
                    vec![reference.rsplit('/').next().unwrap_or_default().to_string()]
                }
                ReferenceOr::Item(_) => Vec::new(),
            };
            variants.push(UnionVariant {
                member: i,
                ty,
                tag_values,
            });
        }
        let tag = match &v.data.discriminator {
            Some(d) => {
                if !d.mapping.is_empty() {
                    for variant in &mut variants {
                        let target = match &variant.ty {
                            Ty::Named(n) => n.clone(),
                            _ => continue,
                        };
                        // The member's own `$ref`: beside properties, the variant's type is a
                        // new struct extending it, so the type's name alone does not match.
                        let referenced = match &members[variant.member] {
                            ReferenceOr::Reference { reference } => Some(reference.as_str()),
                            ReferenceOr::Item(_) => None,
                        };
                        let mapped: Vec<String> = d
                            .mapping
                            .iter()
                            .filter(|(_, r)| {
                                let key = r.rsplit('/').next().unwrap_or(r);
                                referenced.is_some_and(|m| {
                                    m == r.as_str() || m.rsplit('/').next() == Some(key)
                                }) || self.component_names.get(key).is_some_and(|n| *n == target)
                                    || type_name(key) == target
                            })
                            .map(|(value, _)| value.clone())
                            .collect();
                        if !mapped.is_empty() {
                            variant.tag_values = mapped;
                        }
                    }
                    // A value mapped to a schema that is not a member selects nothing.
                    for (value, target) in &d.mapping {
                        if !variants.iter().any(|v| v.tag_values.contains(value)) {
                            self.warn(
                                child(&child(&child(pointer, "discriminator"), "mapping"), value),
                                format!(
                                    "the discriminator maps `{value}` to `{target}`, which is not \
                                     one of the `{key}` members; that value is read as `Other`"
                                ),
                            );
                        }
                    }
                }
                // Without a mapping entry, a member whose discriminator property has one
                // possible value (`enum: [dessert]`, `const: dessert`) is tagged by it: the
                // implicit tag, the schema's name, could never validate against that member.
                // Only a value no other member takes: OpenAI's input and output messages both
                // say `type: message`, and one tag cannot choose between them.
                let mapped_values: Vec<&String> = d.mapping.keys().collect();
                let mut inferred: Vec<(usize, String)> = Vec::new();
                for (i, variant) in variants.iter().enumerate() {
                    let member_pointer = format!("{pointer}/{key}/{}", variant.member);
                    if variant
                        .tag_values
                        .iter()
                        .any(|t| mapped_values.contains(&t))
                    {
                        continue;
                    }
                    if let Some(value) = self.fixed_value(
                        &members[variant.member],
                        &member_pointer,
                        &d.property_name,
                    ) {
                        inferred.push((i, value));
                    }
                }
                for (i, value) in &inferred {
                    let shared = inferred.iter().any(|(j, v)| j != i && v == value)
                        || variants
                            .iter()
                            .enumerate()
                            .any(|(j, v)| j != *i && v.tag_values.contains(value));
                    if !shared {
                        variants[*i].tag_values = vec![value.clone()];
                    }
                }
                // A member no tag value selects would only ever be read as `Other`: untagged,
                // every member is tried instead.
                match variants.iter().find(|v| v.tag_values.is_empty()) {
                    None => Some(d.property_name.clone()),
                    Some(untagged) => {
                        self.warn(
                            child(pointer, "discriminator"),
                            format!(
                                "the discriminator is ignored because member {} is an inline \
                                 schema whose `{}` has no one fixed value; the union is untagged",
                                untagged.member, d.property_name
                            ),
                        );
                        None
                    }
                }
            }
            None => None,
        };
        Shape::Union(Union { variants, tag })
    }

    /// The one string value property `property` of an object schema can take (`enum` of one
    /// value, or a 3.1 `const`), its allOf members merged.
    fn fixed_value(
        &mut self,
        member: &'a ReferenceOr<Schema>,
        pointer: &str,
        property: &str,
    ) -> Option<String> {
        let schema = self.resolved_property(&RefOr::from(member), pointer)?;
        let merged = self.merged_properties(schema, pointer);
        let (property, at) = merged.properties.get(property)?.clone();
        let v = View::of(self.resolved_property(&property, &at)?);
        match v.enum_values.as_slice() {
            [only] => only.as_str().map(str::to_string),
            _ => None,
        }
    }

    /// The values of a `oneOf`/`anyOf` whose members (`null` aside) are all string enums, inline
    /// or `$ref`, each value with its member's description: the way Dropshot and schemars
    /// document every value (Oxide's Nexus). One open enum of all the values, rather than a union
    /// whose first member, being open, would take every string.
    fn enum_members(
        &self,
        members: &'a [ReferenceOr<Schema>],
    ) -> Option<Vec<(String, Option<String>)>> {
        let mut values = Vec::new();
        for member in members.iter().filter(|m| !is_null_schema(m)) {
            let schema = match member {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference } => self.peek_component(reference)?,
            };
            let v = View::of(schema);
            let only_strings = !v.enum_values.is_empty()
                && matches!(v.typ, None | Some("string"))
                && !v.has_properties()
                && v.one_of.is_empty()
                && v.any_of.is_empty()
                && v.all_of.is_empty();
            if !only_strings {
                return None;
            }
            for value in &v.enum_values {
                let value = value.as_str()?.to_string();
                values.push((value, schema.schema_data.description.clone()));
            }
        }
        Some(values)
    }

    /// The schema a local `$ref` names, following `$ref` chains, without reporting anything (the
    /// caller falls back to lowering that reports).
    fn peek_component(&self, reference: &str) -> Option<&'a Schema> {
        let schemas = &self.spec.components.as_ref()?.schemas;
        let mut reference = reference;
        for _ in 0..=schemas.len() {
            let key = reference.strip_prefix("#/components/schemas/")?;
            match schemas.get(&key.replace("~1", "/").replace("~0", "~"))? {
                ReferenceOr::Item(s) => return Some(s),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        None
    }

    /// Whether values of `ty` are JSON primitives (a string, number or boolean), as a named string
    /// enum or an alias of a primitive is: a multipart part sends one as text.
    fn is_primitive(&self, ty: &Ty) -> bool {
        let mut ty = ty;
        // Bounded: an alias chain cannot be longer than the types there are.
        for _ in 0..=self.types.len() {
            match ty {
                Ty::Named(name) => match self.types.iter().find(|t| t.name == *name) {
                    Some(TypeDef {
                        shape: Shape::Enum(_),
                        ..
                    }) => return true,
                    Some(TypeDef {
                        shape: Shape::Alias(inner) | Shape::Newtype(inner),
                        ..
                    }) => ty = inner,
                    _ => return false,
                },
                Ty::Boxed(inner) | Ty::Option(inner) => ty = inner,
                Ty::Json
                | Ty::JsonMap
                | Ty::Vec(_)
                | Ty::Map(_)
                | Ty::Tuple(_)
                | Ty::File
                | Ty::Bytes => return false,
                _ => return true,
            }
        }
        false
    }

    /// A multipart form type for an object schema.
    pub(crate) fn form_of(
        &mut self,
        name: &str,
        s: &'a Schema,
        pointer: &str,
        encoding: Option<&'a IndexMap<String, openapiv3::Encoding>>,
    ) -> Shape {
        let (merged, strings) = self.form_properties(s, pointer);
        let mut fields = Vec::new();
        for (wire, (schema, prop_pointer)) in &merged.properties {
            if strings.contains(wire) {
                fields.push(FormField {
                    wire: wire.clone(),
                    ty: Ty::String,
                    required: merged.required.iter().any(|r| r == wire),
                    content_type: "text/plain".into(),
                    explode: true,
                    style: QueryStyle::Form,
                    docs: Docs::default(),
                });
                continue;
            }
            let resolved = self.resolved_property(schema, prop_pointer);
            // A form is only ever sent: what the server alone writes has no part.
            if resolved.is_some_and(|s| s.schema_data.read_only) {
                continue;
            }
            let pv = resolved.map(View::of);
            let is_binary = |v: &View| {
                v.typ == Some("string") && matches!(v.format, Some("binary") | Some("byte"))
            };
            let ty = match &pv {
                Some(pv) if is_binary(pv) => Ty::File,
                Some(pv)
                    if pv.typ == Some("array")
                        && pv.items.is_some_and(
                            |i| matches!(RefOr::from(i), RefOr::Item(s) if is_binary(&View::of(s))),
                        ) =>
                {
                    Ty::Vec(Box::new(Ty::File))
                }
                _ => self.ty_of(
                    *schema,
                    &format!("{name}{}", wire.to_upper_camel_case()),
                    prop_pointer,
                    1,
                ),
            };
            let enc = encoding.and_then(|e| e.get(wire));
            // OpenAPI's defaults: a primitive, or an array of them, is text; a file is bytes;
            // anything else JSON.
            let default_type = match &ty {
                Ty::File | Ty::Bytes => "application/octet-stream",
                Ty::Vec(inner) if **inner == Ty::File => "application/octet-stream",
                Ty::Vec(inner) if self.is_primitive(inner) => "text/plain",
                Ty::Vec(_) => "application/json",
                ty if self.is_primitive(ty) => "text/plain",
                _ => "application/json",
            };
            // A file's own media type (3.1 `contentMediaType`) when the encoding names none.
            let own_type = pv
                .as_ref()
                .and_then(|v| v.content_media_type)
                .filter(|_| matches!(ty, Ty::File));
            let content_type = enc
                .and_then(|e| e.content_type.clone())
                .or_else(|| own_type.map(str::to_string))
                .unwrap_or_else(|| default_type.to_string());
            let encoded = property_encoding(wire, enc, resolved);
            let docs = pv.as_ref().map(docs_of).unwrap_or_default();
            fields.push(FormField {
                wire: wire.clone(),
                ty,
                required: merged.required.iter().any(|r| r == wire),
                content_type,
                explode: encoded.explode,
                style: encoded.style,
                docs,
            });
        }
        // Parts the spec does not name: a body that is not an object of properties (dropshot's
        // `type: string, format: binary` for "any parts"), or one allowing other properties.
        let other_parts = merged.properties.is_empty()
            || matches!(
                View::of(s).additional,
                Some(AdditionalProperties::Any(true)) | Some(AdditionalProperties::Schema(_))
            );
        Shape::Form(Form {
            fields,
            other_parts,
        })
    }

    /// How each property of an `application/x-www-form-urlencoded` body's schema is encoded.
    pub(crate) fn form_encodings(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        pointer: &str,
        encoding: &'a IndexMap<String, openapiv3::Encoding>,
    ) -> Vec<FormEncoding> {
        let s = match RefOr::from(schema) {
            RefOr::Item(s) => s,
            RefOr::Ref(r) => match self
                .component_key(r, pointer)
                .and_then(|k| self.component_schema(&k, pointer))
            {
                Some((s, _)) => s,
                None => return Vec::new(),
            },
        };
        let merged = self.merged_properties(s, pointer);
        merged
            .properties
            .iter()
            .map(|(wire, (schema, prop_pointer))| {
                let resolved = self.resolved_property(schema, prop_pointer);
                property_encoding(wire, encoding.get(wire), resolved)
            })
            .collect()
    }

    /// A form's properties: the schema's own (allOf merged), and for a `oneOf`/`anyOf` of
    /// objects the properties of every member, since a part can only be sent for a field the
    /// form has (the caller sets those of the member it means). A property is required when the
    /// schema or every member requires it. A property the members give different schemas that
    /// are all strings (a discriminator's `const` in each) is a plain string, returned apart.
    fn form_properties(&mut self, s: &'a Schema, pointer: &str) -> (Merged<'a>, HashSet<String>) {
        let mut merged = self.merged_properties(s, pointer);
        let (members, keyword) = View::of(s).union_members();
        let mut strings = HashSet::new();
        if members.is_empty() {
            return (merged, strings);
        }
        let mut required_by_all: Option<Vec<String>> = None;
        for (i, member) in members.iter().enumerate() {
            let member_pointer = format!("{pointer}/{keyword}/{i}");
            let Some(schema) = self.resolved_property(&RefOr::from(member), &member_pointer) else {
                continue;
            };
            let member_merged = self.merged_properties(schema, &member_pointer);
            for (wire, (property, at)) in member_merged.properties {
                let Some((first, first_at)) = merged.properties.get(&wire).cloned() else {
                    merged.properties.insert(wire, (property, at));
                    continue;
                };
                if first_at != at
                    && self.is_string_property(&first, &first_at)
                    && self.is_string_property(&property, &at)
                {
                    strings.insert(wire);
                }
            }
            required_by_all = Some(match required_by_all {
                None => member_merged.required,
                Some(all) => all
                    .into_iter()
                    .filter(|r| member_merged.required.contains(r))
                    .collect(),
            });
        }
        for r in required_by_all.unwrap_or_default() {
            if !merged.required.contains(&r) {
                merged.required.push(r);
            }
        }
        (merged, strings)
    }

    /// Whether a property's schema (its `$ref` followed) is a string.
    fn is_string_property(&mut self, property: &RefOr<'a>, pointer: &str) -> bool {
        self.resolved_property(property, pointer)
            .is_some_and(|s| View::of(s).typ == Some("string"))
    }

    /// A schema's properties, its allOf members merged in.
    fn merged_properties(&mut self, s: &'a Schema, pointer: &str) -> Merged<'a> {
        let v = View::of(s);
        let mut merged = Merged {
            members_too: true,
            ..Merged::default()
        };
        if !v.all_of.is_empty() {
            self.absorb_all_of(&mut merged, s, pointer, 0);
            self.report_too_deep(&merged, pointer);
        } else {
            merged.absorb(&v, pointer);
        }
        merged
    }

    /// A property's schema, its `$ref` followed.
    fn resolved_property(&mut self, schema: &RefOr<'a>, pointer: &str) -> Option<&'a Schema> {
        match schema {
            RefOr::Item(s) => Some(*s),
            RefOr::Ref(r) => self
                .component_key(r, pointer)
                .and_then(|k| self.component_schema(&k, pointer))
                .map(|(s, _)| s),
        }
    }
}

/// How a form property travels: its `encoding` entry's style (3.0: `form` and exploded unless it
/// says otherwise), or the Swagger 2.0 `collectionFormat` that 3.0 has no style for, kept as the
/// property's `x-collection-format`; and the 2.0 form parameter's `allowEmptyValue`.
fn property_encoding(
    wire: &str,
    encoding: Option<&openapiv3::Encoding>,
    schema: Option<&Schema>,
) -> FormEncoding {
    let extension = |key: &str| schema.and_then(|s| s.schema_data.extensions.get(key));
    let collection_format = match extension("x-collection-format").and_then(Value::as_str) {
        Some("tsv") => Some(QueryStyle::TabDelimited),
        Some("ssv") => Some(QueryStyle::SpaceDelimited),
        Some("pipes") => Some(QueryStyle::PipeDelimited),
        _ => None,
    };
    let (style, explode) = match (collection_format, encoding) {
        (Some(style), _) => (style, false),
        (None, Some(e)) if e.style.is_some() => {
            let style = match e.style {
                Some(openapiv3::QueryStyle::SpaceDelimited) => QueryStyle::SpaceDelimited,
                Some(openapiv3::QueryStyle::PipeDelimited) => QueryStyle::PipeDelimited,
                Some(openapiv3::QueryStyle::DeepObject) => QueryStyle::DeepObject,
                _ => QueryStyle::Form,
            };
            (style, e.explode)
        }
        _ => (QueryStyle::Form, true),
    };
    FormEncoding {
        wire: wire.to_string(),
        style,
        explode,
        allow_empty: extension("x-allow-empty-value") == Some(&Value::Bool(true)),
    }
}

/// Properties gathered from a schema and its allOf members, later ones overriding.
#[derive(Default)]
struct Merged<'a> {
    properties: IndexMap<String, (RefOr<'a>, String)>,
    required: Vec<String>,
    additional: Option<&'a AdditionalProperties>,
    additional_pointer: String,
    /// Pointers of the allOf members merged so far.
    absorbed: HashSet<String>,
    /// Where the allOf members first nested too deep.
    too_deep: Option<String>,
    /// Whether an allOf member that is a union of objects is kept whole, to be flattened into
    /// the struct (see [`Lowerer::flattened_union`]), instead of having only its properties
    /// merged.
    keep_union: bool,
    /// The first such member, and where it is.
    union: Option<(&'a ReferenceOr<Schema>, String)>,
    /// Whether a union's members met inside an allOf give their properties too (optional: the
    /// value holds one member), for what reads a schema's properties without building its type:
    /// a form's fields and their encodings, a discriminator's value.
    members_too: bool,
}

impl<'a> Merged<'a> {
    fn absorb(&mut self, v: &View<'a>, pointer: &str) {
        if let Some(props) = v.properties {
            for (key, schema) in props {
                let at = child(&child(pointer, "properties"), key);
                self.properties
                    .insert(key.clone(), (RefOr::from(schema), at));
            }
        }
        for r in v.required {
            if !self.required.contains(r) {
                self.required.push(r.clone());
            }
        }
        if v.additional.is_some() {
            self.additional = v.additional;
            self.additional_pointer = pointer.to_string();
        }
    }
}

/// The type of an array item or map value: `Option` when its schema says `nullable` (a map value
/// of `null` is how GitHub deletes a gist's file).
fn nullable_element<S: std::borrow::Borrow<Schema>>(schema: &ReferenceOr<S>, ty: Ty) -> Ty {
    match schema {
        ReferenceOr::Item(s) if View::of(s.borrow()).nullable => Ty::Option(Box::new(ty)),
        _ => ty,
    }
}

fn is_null_schema(s: &ReferenceOr<Schema>) -> bool {
    match s {
        ReferenceOr::Item(s) => {
            let v = View::of(s);
            v.typ == Some("null")
        }
        ReferenceOr::Reference { .. } => false,
    }
}

/// A string enum of `values` (each with what it means, if known), first occurrence kept.
fn enum_of(values: impl IntoIterator<Item = (String, Option<String>)>) -> StringEnum {
    let mut seen = Vec::new();
    let mut variants = Vec::new();
    for (value, description) in values {
        if seen.contains(&value) {
            continue;
        }
        seen.push(value.clone());
        variants.push(EnumVariant { value, description });
    }
    StringEnum {
        variants,
        fixed: false,
    }
}

/// Docs from a schema's title, description and constraints.
pub(crate) fn docs_of(v: &View) -> Docs {
    // The default is what the server assumes when the value is absent: part of the meaning, not
    // a constraint, so it ends the description.
    let own_or_member = v
        .data
        .description
        .clone()
        .or_else(|| v.member_description.map(str::to_string));
    let description = match (&own_or_member, &v.data.default) {
        (text, None) => text.clone(),
        (None, Some(default)) => Some(format!("Default: `{default}`.")),
        (Some(text), Some(default)) => {
            // Close a fence the description left open, or the line would be read as code.
            let fences = text
                .lines()
                .map(str::trim_start)
                .filter(|l| l.starts_with("```") || l.starts_with("~~~"))
                .count();
            let close = if fences % 2 == 1 { "\n```" } else { "" };
            Some(format!(
                "{}{close}\n\nDefault: `{default}`.",
                text.trim_end()
            ))
        }
    };
    Docs {
        title: v.data.title.clone(),
        description,
        notes: v.notes.clone(),
        deprecated: v.data.deprecated,
    }
}

/// The JSON Schema type (and the format it implies) that a programming language's type name
/// written as a schema `type` means.
fn type_alias(written: &str) -> Option<(&'static str, Option<&'static str>)> {
    Some(match written {
        // (A JSON Schema type capitalised, `Boolean`, is load's to repair.)
        "bool" | "Bool" => ("boolean", None),
        "int" | "long" | "int64" => ("integer", None),
        "int32" => ("integer", Some("int32")),
        "float" => ("number", Some("float")),
        "double" => ("number", None),
        "str" | "text" => ("string", None),
        _ => return None,
    })
}
