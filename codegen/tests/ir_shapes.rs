//! The lowering's shape decisions, asserted on the IR (not on generated text): which schemas
//! become a struct, an enum, a union, a map, an alias or a newtype, where a recursive type is
//! boxed, and how optional and nullable combine. One table row per decision, each a small inline
//! spec.
//!
//! Types are named by the JSON pointer they were lowered from (`TypeDef::origin`), not by their
//! Rust names, so that the rows say what the lowering decided and not how names are spelled.

use codegen::ir::{Api, Shape, Ty};

/// What a type was lowered to, with every `Ty::Named` replaced by the named type's origin.
#[derive(Debug, PartialEq)]
enum Decision {
    /// Fields as (wire name, type, required, nullable), then the map of other properties.
    Struct(Vec<(&'static str, Ty, bool, bool)>, Option<Ty>),
    /// The known values.
    Enum(Vec<&'static str>),
    /// The discriminator property, and each variant's payload with its tag values.
    Union(Option<&'static str>, Vec<(Ty, Vec<&'static str>)>),
    Alias(Ty),
    Newtype(Ty),
}

/// A spec holding `schemas` (YAML, indented for `components.schemas`).
fn spec(version: &str, schemas: &str) -> String {
    format!(
        "openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
    )
}

fn schema(name: &str) -> String {
    format!("#/components/schemas/{name}")
}

fn named(name: &str) -> Ty {
    Ty::Named(schema(name))
}

fn boxed(ty: Ty) -> Ty {
    Ty::Boxed(Box::new(ty))
}

fn vec(ty: Ty) -> Ty {
    Ty::Vec(Box::new(ty))
}

fn option(ty: Ty) -> Ty {
    Ty::Option(Box::new(ty))
}

/// `ty` with each named type written as its origin.
fn by_origin(api: &Api, ty: &Ty) -> Ty {
    let inner = |t: &Ty| Box::new(by_origin(api, t));
    match ty {
        Ty::Named(name) => Ty::Named(
            api.types
                .iter()
                .find(|t| t.name == *name)
                .unwrap_or_else(|| panic!("{name} names no type"))
                .origin
                .clone(),
        ),
        Ty::Boxed(t) => Ty::Boxed(inner(t)),
        Ty::Vec(t) => Ty::Vec(inner(t)),
        Ty::Map(t) => Ty::Map(inner(t)),
        Ty::Option(t) => Ty::Option(inner(t)),
        Ty::Tuple(items) => Ty::Tuple(items.iter().map(|t| by_origin(api, t)).collect()),
        other => other.clone(),
    }
}

/// The decision for the type lowered from `origin`.
fn decision(api: &Api, origin: &str) -> Decision {
    let def = api
        .types
        .iter()
        .find(|t| t.origin == origin)
        .unwrap_or_else(|| panic!("no type from {origin}"));
    // The test's rows hold `&'static str`s; the IR's strings are leaked to compare with them.
    let leak = |s: &str| -> &'static str { Box::leak(s.to_string().into_boxed_str()) };
    match &def.shape {
        Shape::Struct(s) => Decision::Struct(
            s.fields
                .iter()
                .map(|f| (leak(&f.wire), by_origin(api, &f.ty), f.required, f.nullable))
                .collect(),
            s.additional.as_ref().map(|t| by_origin(api, t)),
        ),
        Shape::Enum(e) => Decision::Enum(e.variants.iter().map(|v| leak(&v.value)).collect()),
        Shape::Union(u) => Decision::Union(
            u.tag.as_deref().map(leak),
            u.variants
                .iter()
                .map(|v| {
                    let tags = v.tag_values.iter().map(|t| leak(t)).collect();
                    (by_origin(api, &v.ty), tags)
                })
                .collect(),
        ),
        Shape::Alias(t) => Decision::Alias(by_origin(api, t)),
        Shape::Newtype(t) => Decision::Newtype(by_origin(api, t)),
        Shape::Form(_) => panic!("{origin}: a form is not a schema's shape"),
    }
}

struct Row {
    what: &'static str,
    version: &'static str,
    schemas: &'static str,
    /// The schema whose type is checked.
    check: &'static str,
    expected: Decision,
}

/// Two structs referring to each other, and one that refers out of the cycle.
const CYCLE: &str = "
    Address: {type: object, properties: {city: {type: string}}}
    Person:
      type: object
      properties:
        employer: {$ref: '#/components/schemas/Company'}
        home: {$ref: '#/components/schemas/Address'}
    Company:
      type: object
      required: [owner]
      properties:
        owner: {type: array, items: {$ref: '#/components/schemas/Person'}, maxItems: 1}
";

fn rows() -> Vec<Row> {
    vec![
        Row {
            what: "an allOf of unions refined by unions, with no properties, is its last union",
            version: "3.0.3",
            schemas: "
    Buckets:
      oneOf:
        - {type: object, additionalProperties: {type: string}}
        - {type: array, items: {}}
    NamedBuckets:
      allOf:
        - $ref: '#/components/schemas/Buckets'
        - oneOf:
            - {type: object, additionalProperties: {type: integer}}
            - {type: array, items: {type: integer}}
    Aggregate:
      type: object
      properties:
        buckets:
          allOf:
            - $ref: '#/components/schemas/Buckets'
            - $ref: '#/components/schemas/NamedBuckets'
",
            check: "Aggregate",
            expected: Decision::Struct(
                vec![("buckets", named("NamedBuckets"), false, false)],
                None,
            ),
        },
        Row {
            what: "a component that is an allOf of unions takes the shape of the refining one",
            version: "3.0.3",
            schemas: "
    Buckets:
      oneOf:
        - {type: object, additionalProperties: {type: string}}
        - {type: array, items: {}}
    NamedBuckets:
      allOf:
        - $ref: '#/components/schemas/Buckets'
        - oneOf:
            - {type: object, additionalProperties: {type: integer}}
            - {type: array, items: {type: integer}}
",
            check: "NamedBuckets",
            expected: Decision::Union(
                None,
                vec![(Ty::Map(Box::new(Ty::I64)), vec![]), (vec(Ty::I64), vec![])],
            ),
        },
        Row {
            what: "a JSON Schema pasted whole into a spec (pydantic's) refers to its own `$defs` \
                   from its own root, and each of those is a type",
            version: "3.1.0",
            schemas: "
    Event:
      type: object
      properties:
        kind: {$ref: '#/$defs/Kind'}
      $defs:
        Kind: {type: string, enum: [start, stop]}
",
            check: "Event",
            // Hoisted beside the schema that holds it, named from its place.
            expected: Decision::Struct(vec![("kind", named("Event_Kind"), false, false)], None),
        },
        Row {
            what: "a schema's own `$defs` entry, reached from its own root, keeps its shape",
            version: "3.1.0",
            schemas: "
    Event:
      type: object
      properties:
        kind: {$ref: '#/$defs/Kind'}
      $defs:
        Kind: {type: string, enum: [start, stop]}
",
            check: "Event_Kind",
            expected: Decision::Enum(vec!["start", "stop"]),
        },
        Row {
            what: "an inline member of a discriminated union is tagged by the one value its \
                   discriminator property takes; a `$ref` member by its name",
            version: "3.0.3",
            schemas: "
    Shape:
      discriminator: {propertyName: kind}
      oneOf:
        - type: object
          required: [kind]
          properties: {kind: {type: string, enum: [circle]}, r: {type: number}}
        - {$ref: '#/components/schemas/Square'}
    Square: {type: object, properties: {kind: {type: string}, side: {type: number}}}
",
            check: "Shape",
            expected: Decision::Union(
                Some("kind"),
                vec![
                    (
                        Ty::Named(format!("{}/oneOf/0", schema("Shape"))),
                        vec!["circle"],
                    ),
                    (named("Square"), vec!["Square"]),
                ],
            ),
        },
        Row {
            what: "a property of JSON Schema's `null` type (as 2.0 and 3.0 specs write it too) is \
                   any JSON value, with no warning",
            version: "3.0.3",
            schemas: "
    Ping:
      type: object
      required: [unused]
      properties:
        unused: {type: 'null'}
",
            check: "Ping",
            expected: Decision::Struct(vec![("unused", Ty::Json, true, false)], None),
        },
        Row {
            what: "an object with properties is a struct; required fields are plain",
            version: "3.0.3",
            schemas: "
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: integer, format: int64}
        name: {type: string}
",
            check: "Pet",
            expected: Decision::Struct(
                vec![
                    ("id", Ty::I64, true, false),
                    ("name", Ty::String, false, false),
                ],
                None,
            ),
        },
        Row {
            what: "a discriminator without a mapping tags a member by the one value its property \
                   takes, unless another member takes it too",
            version: "3.0.3",
            schemas: "
    Item:
      discriminator: {propertyName: type}
      oneOf:
        - {$ref: '#/components/schemas/In'}
        - {$ref: '#/components/schemas/Out'}
        - {$ref: '#/components/schemas/Search'}
        - {$ref: '#/components/schemas/Free'}
    In: {type: object, required: [type], properties: {type: {type: string, enum: [message]}}}
    Out: {type: object, required: [type], properties: {type: {type: string, enum: [message]}}}
    Search: {type: object, properties: {type: {type: string, enum: [search_call]}}}
    Free: {type: object, properties: {type: {type: string}}}
",
            check: "Item",
            expected: Decision::Union(
                Some("type"),
                vec![
                    (named("In"), vec!["In"]),
                    (named("Out"), vec!["Out"]),
                    (named("Search"), vec!["search_call"]),
                    (named("Free"), vec!["Free"]),
                ],
            ),
        },
        Row {
            what: "a string enum keeps its values in order",
            version: "3.0.3",
            schemas: "
    Status: {type: string, enum: [active, on-hold, '3d']}
",
            check: "Status",
            expected: Decision::Enum(vec!["active", "on-hold", "3d"]),
        },
        Row {
            what: "a oneOf with a discriminator is a tagged union, mapping values per variant",
            version: "3.0.3",
            schemas: "
    Cat: {type: object, required: [petType], properties: {petType: {type: string}}}
    Dog: {type: object, required: [petType], properties: {petType: {type: string}}}
    Animal:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator:
        propertyName: petType
        mapping: {cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog'}
",
            check: "Animal",
            expected: Decision::Union(
                Some("petType"),
                vec![(named("Cat"), vec!["cat"]), (named("Dog"), vec!["dog"])],
            ),
        },
        Row {
            what: "a oneOf of scalars is an untagged union",
            version: "3.0.3",
            schemas: "
    Scalar:
      oneOf: [{type: string}, {type: integer, format: int32}]
",
            check: "Scalar",
            expected: Decision::Union(None, vec![(Ty::String, vec![]), (Ty::I32, vec![])]),
        },
        Row {
            what: "an object of additionalProperties only is a map",
            version: "3.0.3",
            schemas: "
    Counts: {type: object, additionalProperties: {type: integer, format: int64}}
",
            check: "Counts",
            expected: Decision::Alias(Ty::Map(Box::new(Ty::I64))),
        },
        Row {
            what: "properties and additionalProperties: a struct with a map of the rest",
            version: "3.0.3",
            schemas: "
    Labelled:
      type: object
      properties: {label: {type: string}}
      additionalProperties: {type: string}
",
            check: "Labelled",
            expected: Decision::Struct(vec![("label", Ty::String, false, false)], Some(Ty::String)),
        },
        Row {
            what: "a named scalar is an alias",
            version: "3.0.3",
            schemas: "
    Id: {type: string, format: uuid}
",
            check: "Id",
            expected: Decision::Alias(Ty::Uuid),
        },
        Row {
            what: "an alias in a reference cycle is a newtype (Rust aliases cannot recurse)",
            version: "3.0.3",
            schemas: "
    Tree: {type: array, items: {$ref: '#/components/schemas/Tree'}}
",
            check: "Tree",
            expected: Decision::Newtype(vec(named("Tree"))),
        },
        Row {
            what: "a struct holding itself is boxed; through a Vec it needs no box",
            version: "3.0.3",
            schemas: "
    Node:
      type: object
      properties:
        next: {$ref: '#/components/schemas/Node'}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
",
            check: "Node",
            expected: Decision::Struct(
                vec![
                    ("next", boxed(named("Node")), false, false),
                    ("children", vec(named("Node")), false, false),
                ],
                None,
            ),
        },
        Row {
            what: "every by-value edge of a cycle is boxed, an edge out of it is not",
            version: "3.0.3",
            schemas: CYCLE,
            check: "Person",
            expected: Decision::Struct(
                vec![
                    ("employer", boxed(named("Company")), false, false),
                    ("home", named("Address"), false, false),
                ],
                None,
            ),
        },
        Row {
            what: "the other side of the cycle reaches back through a Vec, which needs no box",
            version: "3.0.3",
            schemas: CYCLE,
            check: "Company",
            expected: Decision::Struct(vec![("owner", vec(named("Person")), true, false)], None),
        },
        Row {
            what: "nullable items and values are options inside the container",
            version: "3.0.3",
            schemas: "
    Sparse:
      type: object
      required: [items, values]
      properties:
        items: {type: array, items: {type: string, nullable: true}}
        values: {type: object, additionalProperties: {type: boolean, nullable: true}}
",
            check: "Sparse",
            expected: Decision::Struct(
                vec![
                    ("items", vec(option(Ty::String)), true, false),
                    ("values", Ty::Map(Box::new(option(Ty::Bool))), true, false),
                ],
                None,
            ),
        },
        Row {
            what: "optional, nullable, and both (absent and null differ: a double option)",
            version: "3.0.3",
            schemas: "
    Patch:
      type: object
      required: [must, mustOrNull]
      properties:
        must: {type: string}
        mustOrNull: {type: string, nullable: true}
        may: {type: string}
        mayOrNull: {type: string, nullable: true}
",
            check: "Patch",
            expected: Decision::Struct(
                vec![
                    ("must", Ty::String, true, false),
                    ("mustOrNull", Ty::String, true, true),
                    ("may", Ty::String, false, false),
                    ("mayOrNull", Ty::String, false, true),
                ],
                None,
            ),
        },
        Row {
            what: "nullable through a $ref: the named schema's own nullable, or beside allOf",
            version: "3.0.3",
            schemas: "
    Note: {type: string, nullable: true}
    Tag: {type: object, properties: {label: {type: string}}}
    Holder:
      type: object
      properties:
        note: {$ref: '#/components/schemas/Note'}
        tag:
          nullable: true
          allOf: [{$ref: '#/components/schemas/Tag'}]
",
            check: "Holder",
            expected: Decision::Struct(
                vec![
                    ("note", named("Note"), false, true),
                    ("tag", named("Tag"), false, true),
                ],
                None,
            ),
        },
        Row {
            what: "OpenAPI 3.1: a type list with null is nullable, for fields and items",
            version: "3.1.0",
            schemas: "
    Reading:
      type: object
      required: [at]
      properties:
        at: {type: [string, 'null'], format: date-time}
        samples: {type: array, items: {type: [number, 'null']}}
",
            check: "Reading",
            expected: Decision::Struct(
                vec![
                    ("at", Ty::DateTime, true, true),
                    ("samples", vec(option(Ty::F64)), false, false),
                ],
                None,
            ),
        },
    ]
}

#[test]
fn each_schema_lowers_to_the_shape_its_row_says() {
    let mut failures = Vec::new();
    for row in rows() {
        let text = spec(row.version, row.schemas);
        let lowered = codegen::Generator::new()
            .lower_str(&text, None)
            .unwrap_or_else(|d| panic!("{}: {d}", row.what));
        if let Some(w) = lowered.warnings.first() {
            failures.push(format!("{}: unexpected warning {w}", row.what));
        }
        let got = decision(&lowered.api, &schema(row.check));
        if got != row.expected {
            failures.push(format!(
                "{}:\n  expected {:?}\n  got      {got:?}",
                row.what, row.expected
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The union lowered from `components.schemas.<name>` of `text` (or flattened into the struct
/// lowered from there), with the lowering's warnings.
fn union_in(text: &str, name: &str) -> (codegen::ir::Union, Vec<String>) {
    let lowered = codegen::Generator::new()
        .lower_str(text, None)
        .unwrap_or_else(|d| panic!("{d}"));
    let origin = schema(name);
    let find = |found: &dyn Fn(&codegen::ir::TypeDef) -> bool| {
        lowered
            .api
            .types
            .iter()
            .find(|t| found(t))
            .unwrap_or_else(|| panic!("no type from {origin}"))
    };
    let mut def = find(&|t| t.origin == origin);
    // Properties beside a union are a struct that flattens the union in.
    if let Shape::Struct(s) = &def.shape {
        if let Some(Ty::Named(flattened)) = s.flattened.as_ref().map(|f| &f.ty) {
            def = find(&|t| t.name == *flattened);
        }
    }
    let Shape::Union(u) = &def.shape else {
        panic!("{origin} is not a union: {:?}", def.shape)
    };
    let warnings = lowered.warnings.iter().map(|w| w.to_string()).collect();
    (u.clone(), warnings)
}

#[test]
fn a_discriminator_that_cannot_select_an_inline_member_leaves_the_union_untagged_with_a_warning() {
    let text = spec(
        "3.0.3",
        "
    Shape:
      discriminator: {propertyName: kind}
      oneOf:
        - {$ref: '#/components/schemas/Square'}
        - type: object
          properties: {kind: {type: string}, r: {type: number}}
    Square: {type: object, properties: {kind: {type: string}, side: {type: number}}}
",
    );
    let (union, warnings) = union_in(&text, "Shape");
    assert_eq!(union.tag, None);
    assert_eq!(union.variants.len(), 2);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].contains("#/components/schemas/Shape/discriminator")
            && warnings[0]
                .contains("member 1 is an inline schema whose `kind` has no one fixed value"),
        "{}",
        warnings[0]
    );
}

#[test]
fn a_discriminator_beside_properties_tags_the_extended_members_by_their_mapping() {
    let text = spec(
        "3.0.3",
        "
    Pet:
      type: object
      required: [petType]
      properties: {petType: {type: string}, name: {type: string}}
      discriminator:
        propertyName: petType
        mapping: {cat: Cat, dog: '#/components/schemas/Dog'}
      oneOf:
        - {$ref: '#/components/schemas/Cat'}
        - {$ref: '#/components/schemas/Dog'}
    Cat: {type: object, properties: {lives: {type: integer}}}
    Dog: {type: object, properties: {bark: {type: boolean}}}
",
    );
    let (union, warnings) = union_in(&text, "Pet");
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(union.tag.as_deref(), Some("petType"));
    let tags: Vec<&[String]> = union.variants.iter().map(|v| &v.tag_values[..]).collect();
    assert_eq!(tags, [&["cat".to_string()][..], &["dog".to_string()][..]]);
}
