//! The Rust side of a diff: what the two lowerings (the IR) say the generated crate holds.
//!
//! Names are decided once, in `lower`; this module only reads them. Types of the two lowerings are
//! paired by the schema they were lowered from ([`ir::TypeDef::origin`]), mapped through the
//! component renames and moved operations the spec walk found, so a type whose name changed while
//! its schema stayed is a rename, and a type comparison can look through it.
//!
//! What the generated code does with each IR construct, which decides who a change breaks, is
//! this generator's contract (see the models issue and `DESIGN.md`):
//! - structs are `#[non_exhaustive]` with public fields, a `new(<required fields>)` constructor
//!   and `with_<field>` setters: an added optional field breaks nobody, an added required field
//!   changes `new` (breaking whoever builds the type: the client for request types, the server
//!   implementer for response types), a removed or retyped field breaks both sides;
//! - string enums are open (`Other(String)`) and `#[non_exhaustive]`: an added value breaks
//!   nobody, a removed one breaks both sides;
//! - the server trait has one method per operation without a default body: an added operation
//!   breaks the server;
//! - a removed, retyped or newly required parameter breaks callers.
//!
//! What depends on the shape of the emitted methods and enums (which parameters are arguments,
//! in which order; whether an enum is `#[non_exhaustive]`) is read from the emitted code
//! ([`super::surface`]), not assumed here.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::{spec, Audience, Change, Semver, Side};
use crate::diagnostic::child;
use crate::ir::{self, Api, Shape, Ty, TypeDef};

/// The two lowerings, indexed, and the pairing of their types.
pub(super) struct Names<'a> {
    old: Index<'a>,
    new: Index<'a>,
    /// Old type name → new type name, for types lowered from the same (or a renamed, or a moved)
    /// schema.
    type_map: HashMap<String, String>,
    /// Old component pointer → new component pointer, for renamed components.
    pub(super) component_renames: HashMap<String, String>,
    /// Old operation pointer → new operation pointer, for every operation in both.
    pub(super) op_pairs: Vec<(spec::OpKey, spec::OpKey)>,
}

/// One lowering, indexed by name and by origin, with who uses each type.
struct Index<'a> {
    api: &'a Api,
    names: &'a crate::naming::Names,
    by_name: HashMap<&'a str, &'a TypeDef>,
    /// A schema used at several places (one under `#/components/responses`, say) may be lowered
    /// once per use: several types, in lowering order.
    by_origin: HashMap<&'a str, Vec<&'a TypeDef>>,
    /// Types reachable from a request (parameters, bodies): the client builds them.
    inputs: HashSet<&'a str>,
    /// Types reachable from a response: the server implementer builds them.
    outputs: HashSet<&'a str>,
}

impl<'a> Index<'a> {
    fn new(api: &'a Api, names: &'a crate::naming::Names) -> Self {
        let by_name = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let mut by_origin: HashMap<&str, Vec<&TypeDef>> = HashMap::new();
        for t in &api.types {
            by_origin.entry(t.origin.as_str()).or_default().push(t);
        }
        let mut ix = Index {
            api,
            names,
            by_name,
            by_origin,
            inputs: HashSet::new(),
            outputs: HashSet::new(),
        };
        let mut inputs = Vec::new();
        let mut outputs = Vec::new();
        for op in &api.operations {
            inputs.extend(op.params.iter().map(|p| &p.ty));
            inputs.extend(op.body.iter().map(|b| &b.ty));
            for r in &op.responses {
                if let ir::ResponseBody::Json(ty) = &r.body {
                    outputs.push(ty);
                }
            }
        }
        ix.inputs = ix.reachable(inputs);
        ix.outputs = ix.reachable(outputs);
        ix
    }

    /// The named types `roots` reach.
    fn reachable(&self, roots: Vec<&'a Ty>) -> HashSet<&'a str> {
        let mut seen = HashSet::new();
        let mut stack = roots;
        while let Some(ty) = stack.pop() {
            match ty {
                Ty::Named(name) => {
                    if let Some(def) = self.by_name.get(name.as_str()) {
                        if seen.insert(def.name.as_str()) {
                            stack.extend(shape_tys(&def.shape));
                        }
                    }
                }
                Ty::Boxed(t) | Ty::Vec(t) | Ty::Map(t) | Ty::Option(t) => stack.push(t),
                _ => {}
            }
        }
        seen
    }

    /// `ty` with boxes, options and aliases looked through.
    fn strip(&self, ty: &Ty) -> Ty {
        let mut ty = ty.clone();
        for _ in 0..64 {
            ty = match ty {
                Ty::Boxed(t) | Ty::Option(t) => *t,
                Ty::Named(ref name) => match self.by_name.get(name.as_str()).map(|d| &d.shape) {
                    Some(Shape::Alias(t)) | Some(Shape::Newtype(t)) => t.clone(),
                    _ => return ty,
                },
                other => return other,
            };
        }
        ty
    }

    fn def_of(&self, ty: &Ty) -> Option<&'a TypeDef> {
        match self.strip(ty) {
            Ty::Named(name) => self.by_name.get(name.as_str()).copied(),
            _ => None,
        }
    }
}

/// The types a shape mentions directly.
fn shape_tys(shape: &Shape) -> Vec<&Ty> {
    match shape {
        Shape::Struct(s) => s
            .fields
            .iter()
            .map(|f| &f.ty)
            .chain(s.additional.iter())
            .chain(s.flattened.iter().map(|flat| &flat.ty))
            .collect(),
        Shape::Enum(_) => Vec::new(),
        Shape::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        Shape::Alias(t) | Shape::Newtype(t) => vec![t],
        Shape::Form(f) => f.fields.iter().map(|f| &f.ty).collect(),
    }
}

/// Which lowering a type belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Which {
    /// OLD.
    Old,
    /// NEW.
    New,
}

/// A property of a generated struct or form, as the Rust code sees it.
pub(super) struct Prop {
    /// The field's type as declared (with the `Option`s optionality and nullability add).
    pub(super) declared: Ty,
    /// The value's type.
    pub(super) inner: Ty,
    /// A parameter of `new` (required, so it has no setter).
    pub(super) in_constructor: bool,
}

impl<'a> Names<'a> {
    /// Indexes both lowerings and pairs their types.
    pub(super) fn pair(old: &'a Side, new: &'a Side) -> Self {
        let mut names = Names {
            old: Index::new(&old.api, &old.names),
            new: Index::new(&new.api, &new.names),
            type_map: HashMap::new(),
            component_renames: spec::component_renames(old, new),
            op_pairs: spec::op_pairs(old, new),
        };
        // Types from the same schema pair up: by name first (nothing renamed), then in lowering
        // order.
        let mut origins: Vec<&str> = old.api.types.iter().map(|t| t.origin.as_str()).collect();
        origins.dedup();
        let mut done = HashSet::new();
        for origin in origins {
            if !done.insert(origin) {
                continue;
            }
            let Some(olds) = names.old.by_origin.get(origin) else {
                continue;
            };
            let Some(news) = names.new.by_origin.get(names.map_pointer(origin).as_str()) else {
                continue;
            };
            let mut free_old: Vec<&TypeDef> = Vec::new();
            let mut taken: HashSet<&str> = HashSet::new();
            for o in olds {
                if news.iter().any(|n| n.name == o.name) {
                    taken.insert(o.name.as_str());
                    names.type_map.insert(o.name.clone(), o.name.clone());
                } else {
                    free_old.push(o);
                }
            }
            let free_new = news.iter().filter(|n| !taken.contains(n.name.as_str()));
            for (o, n) in free_old.into_iter().zip(free_new) {
                names.type_map.insert(o.name.clone(), n.name.clone());
            }
        }
        names
    }

    /// An OLD pointer where NEW has the same node: through renamed components and moved
    /// operations.
    pub(super) fn map_pointer(&self, pointer: &str) -> String {
        let under = |prefix: &str| {
            pointer == prefix
                || pointer
                    .strip_prefix(prefix)
                    .is_some_and(|rest| rest.starts_with('/'))
        };
        for (old, new) in &self.component_renames {
            if under(old) {
                return format!("{new}{}", &pointer[old.len()..]);
            }
        }
        for (old, new) in &self.op_pairs {
            if old.pointer != new.pointer && under(&old.pointer) {
                return format!("{}{}", new.pointer, &pointer[old.pointer.len()..]);
            }
        }
        pointer.to_string()
    }

    fn ix(&self, which: Which) -> &Index<'a> {
        match which {
            Which::Old => &self.old,
            Which::New => &self.new,
        }
    }

    /// The Rust type of the schema at `pointer`, when it was lowered into a named type.
    pub(super) fn type_at(&self, which: Which, pointer: &str) -> Option<Ty> {
        self.ix(which)
            .by_origin
            .get(pointer)
            .and_then(|defs| defs.first())
            .map(|d| Ty::Named(d.name.clone()))
    }

    /// The IR operation at `method` and `path`.
    pub(super) fn operation(
        &self,
        which: Which,
        method: &str,
        path: &str,
    ) -> Option<&'a ir::Operation> {
        self.ix(which)
            .api
            .operations
            .iter()
            .find(|o| o.method.as_str().eq_ignore_ascii_case(method) && o.written_path() == path)
    }

    /// The property `wire` of the struct or form `ty` is.
    pub(super) fn prop(&self, which: Which, ty: &Ty, wire: &str) -> Option<Prop> {
        let def = self.ix(which).def_of(ty)?;
        match &def.shape {
            Shape::Struct(s) => s.fields.iter().find(|f| f.wire == wire).map(|f| {
                let declared = match (f.required, f.nullable) {
                    (true, false) => f.ty.clone(),
                    (true, true) | (false, false) => Ty::Option(Box::new(f.ty.clone())),
                    (false, true) => Ty::Option(Box::new(Ty::Option(Box::new(f.ty.clone())))),
                };
                Prop {
                    declared,
                    inner: f.ty.clone(),
                    in_constructor: f.required && f.default.is_none(),
                }
            }),
            Shape::Form(form) => form.fields.iter().find(|f| f.wire == wire).map(|f| Prop {
                declared: if f.required {
                    f.ty.clone()
                } else {
                    Ty::Option(Box::new(f.ty.clone()))
                },
                inner: f.ty.clone(),
                in_constructor: f.required,
            }),
            _ => None,
        }
    }

    /// The item type of the array `ty` is.
    pub(super) fn items(&self, which: Which, ty: &Ty) -> Option<Ty> {
        match self.ix(which).strip(ty) {
            Ty::Vec(t) => Some(*t),
            _ => None,
        }
    }

    /// The value type of the map `ty` is (or of its `additionalProperties`).
    pub(super) fn values(&self, which: Which, ty: &Ty) -> Option<Ty> {
        match self.ix(which).strip(ty) {
            Ty::Map(t) => Some(*t),
            other => match self.ix(which).def_of(&other).map(|d| &d.shape) {
                Some(Shape::Struct(s)) => s.additional.clone(),
                _ => None,
            },
        }
    }

    /// The payload type of variant `i` of the union `ty` is.
    pub(super) fn variant(&self, which: Which, ty: &Ty, i: usize) -> Option<Ty> {
        match self.ix(which).def_of(ty).map(|d| &d.shape) {
            Some(Shape::Union(u)) => u.variants.get(i).map(|v| v.ty.clone()),
            _ => None,
        }
    }

    /// Whether `ty` is a generated string enum.
    pub(super) fn is_enum(&self, which: Which, ty: &Ty) -> bool {
        matches!(
            self.ix(which).def_of(ty).map(|d| &d.shape),
            Some(Shape::Enum(_))
        )
    }

    /// Whether `ty` is a generated union.
    pub(super) fn is_union(&self, which: Which, ty: &Ty) -> bool {
        matches!(
            self.ix(which).def_of(ty).map(|d| &d.shape),
            Some(Shape::Union(_))
        )
    }

    /// `ty` written with NEW's names: an OLD type is renamed to the NEW type lowered from the same
    /// schema, so that a rename (reported once, on its own) does not make every use differ.
    /// Aliases are not types of their own in Rust: they are written as what they stand for.
    fn canonical(&self, which: Which, ty: &Ty) -> String {
        self.canonical_at(which, ty, 0)
    }

    fn canonical_at(&self, which: Which, ty: &Ty, depth: usize) -> String {
        if depth > 64 {
            return "..".into();
        }
        match ty {
            Ty::Named(_) => match self.ix(which).strip(ty) {
                Ty::Named(n) => match which {
                    Which::Old => self.type_map.get(&n).cloned().unwrap_or(n),
                    Which::New => n,
                },
                other => self.canonical_at(which, &other, depth + 1),
            },
            Ty::Boxed(t) => self.canonical_at(which, t, depth + 1),
            Ty::Vec(t) => format!("Vec<{}>", self.canonical_at(which, t, depth + 1)),
            Ty::Map(t) => format!("Map<{}>", self.canonical_at(which, t, depth + 1)),
            Ty::Option(t) => format!("Option<{}>", self.canonical_at(which, t, depth + 1)),
            other => format!("{other:?}"),
        }
    }

    /// Whether the Rust type changes from `old` to `new` (when both are known).
    /// A type that keeps its name but changes what it is (a struct that becomes an enum) changes.
    pub(super) fn differs(&self, old: Option<&Ty>, new: Option<&Ty>) -> Option<bool> {
        let (old, new) = (old?, new?);
        if self.canonical(Which::Old, old) != self.canonical(Which::New, new) {
            return Some(true);
        }
        let kind = |which: Which, ty: &Ty| {
            self.ix(which)
                .def_of(ty)
                .map(|d| std::mem::discriminant(&d.shape))
        };
        Some(kind(Which::Old, old) != kind(Which::New, new))
    }

    /// Who builds a value of `ty` (and so breaks when its constructor changes): the client for
    /// request types, the server implementer for response types. A type no operation uses is the
    /// client's.
    pub(super) fn builders(&self, which: Which, ty: &Ty) -> Vec<Audience> {
        let Some(def) = self.ix(which).def_of(ty) else {
            return vec![Audience::Client];
        };
        let ix = self.ix(which);
        let mut out = Vec::new();
        if ix.inputs.contains(def.name.as_str()) {
            out.push(Audience::Client);
        }
        if ix.outputs.contains(def.name.as_str()) {
            out.push(Audience::Server);
        }
        if out.is_empty() {
            out.push(Audience::Client);
        }
        out
    }

    /// Who reads a value of `ty` and so breaks when a variant it matches on is added: the server
    /// for request types, the client for response types (and the client for unused types).
    pub(super) fn readers(&self, which: Which, ty: &Ty) -> Vec<Audience> {
        let ix = self.ix(which);
        let Some(def) = ix.def_of(ty) else {
            return vec![Audience::Client];
        };
        let mut out = Vec::new();
        if ix.outputs.contains(def.name.as_str()) || !ix.inputs.contains(def.name.as_str()) {
            out.push(Audience::Client);
        }
        if ix.inputs.contains(def.name.as_str()) {
            out.push(Audience::Server);
        }
        out
    }

    /// The client method's return type for an operation, with NEW's names.
    pub(super) fn client_return(&self, which: Which, op: &ir::Operation) -> String {
        let op_names = self.ix(which).names.operation(op);
        let successes: Vec<(&ir::Response, &crate::naming::Name)> = op
            .responses
            .iter()
            .zip(&op_names.responses)
            .filter(|(r, _)| r.status.is_success())
            .collect();
        let body = |b: &ir::ResponseBody| match b {
            ir::ResponseBody::Json(t) => self.canonical(which, t),
            other => format!("{other:?}"),
        };
        let first = successes.first().map(|(r, _)| &r.body);
        if successes.iter().all(|(r, _)| Some(&r.body) == first) {
            return first.map(body).unwrap_or_else(|| "()".into());
        }
        let variants: Vec<String> = successes
            .iter()
            .map(|(r, v)| format!("{v}({})", body(&r.body)))
            .collect();
        format!("{}{{{}}}", op_names.success, variants.join(","))
    }

    /// The client builder's authentication methods.
    fn auth_methods(&self, which: Which) -> BTreeSet<String> {
        let ix = self.ix(which);
        let auth = &ix.api.auth;
        let mut out = BTreeSet::new();
        if auth.basic {
            out.insert("basic_auth".to_string());
        }
        if auth.bearer {
            out.insert("bearer_token".to_string());
        }
        out.extend(ix.names.api_keys().iter().map(ToString::to_string));
        out
    }
}

/// Where the `ErrorBody` variant `variant` of `side` comes from: the pointer of the first error
/// response whose body it is (by pointer, so that reordering the spec changes nothing), in the document as written, and the words that name
/// those responses in a message (` (the 404 response of GET /pets/{id}, and 2 more)`).
fn error_responses(side: &Side, variant: &str) -> (String, String) {
    let Some(ty) = side
        .names
        .error_bodies()
        .iter()
        .find(|(_, name)| name.as_str() == variant)
        .map(|(ty, _)| ty)
    else {
        return ("#/paths".into(), String::new());
    };
    let mut found: Vec<(String, String)> = Vec::new();
    for op in &side.api.operations {
        for r in &op.responses {
            if r.status.is_success() || r.body != ir::ResponseBody::Json(ty.clone()) {
                continue;
            }
            let method = op.method.as_str().to_ascii_lowercase();
            let responses = child(
                &child(&child("#/paths", &op.written_path()), &method),
                "responses",
            );
            // The key as the spec writes it (`4XX` or `4xx`), so the pointer resolves.
            let keys = side
                .doc
                .pointer(responses.trim_start_matches('#'))
                .and_then(serde_json::Value::as_object);
            let key = keys.and_then(|keys| {
                keys.keys()
                    .find(|k| match r.status {
                        ir::StatusMatch::Code(c) => **k == c.to_string(),
                        ir::StatusMatch::Range(h) => k.eq_ignore_ascii_case(&format!("{h}XX")),
                        ir::StatusMatch::Default => *k == "default",
                    })
                    .cloned()
            });
            let Some(key) = key else { continue };
            found.push((
                side.original(&child(&responses, &key)),
                format!(
                    "the {key} response of `{} {}`",
                    op.method.as_str(),
                    op.written_path()
                ),
            ));
        }
    }
    found.sort();
    match found.as_slice() {
        [] => ("#/paths".into(), String::new()),
        [(pointer, what)] => (pointer.clone(), format!(" ({what})")),
        [(pointer, what), rest @ ..] => (
            pointer.clone(),
            format!(" ({what}, and {} more)", rest.len()),
        ),
    }
}

/// The first two items that both lists hold in a different relative order.
fn swapped<T: PartialEq + Clone>(old: &[T], new: &[T]) -> Option<(T, T)> {
    let common_old: Vec<&T> = old.iter().filter(|x| new.contains(x)).collect();
    let common_new: Vec<&T> = new.iter().filter(|x| old.contains(x)).collect();
    let i = common_old
        .iter()
        .zip(&common_new)
        .position(|(a, b)| a != b)?;
    Some((common_old[i].clone(), common_new[i].clone()))
}

/// What only the Rust side sees: renamed operations, types, fields and enum variants, and client
/// builder methods that disappear.
pub(super) fn renames(old: &Side, new: &Side, names: &Names) -> Vec<Change> {
    let mut out = Vec::new();
    let both = BTreeSet::from([Audience::Client, Audience::Server]);
    for (o, n) in &names.op_pairs {
        let (Some(op_old), Some(op_new)) = (
            names.operation(Which::Old, &o.method, &o.path),
            names.operation(Which::New, &n.method, &n.path),
        ) else {
            continue;
        };
        let (method_old, method_new) = (
            old.names.operation(op_old).method.to_string(),
            new.names.operation(op_new).method.to_string(),
        );
        if method_old != method_new {
            out.push(Change {
                kind: "operation-renamed",
                location: new.original(&n.pointer),
                message: format!(
                    "the operation's generated method `{}` is now `{}`, on the client and in the server trait",
                    method_old, method_new
                ),
                breaks: both.clone(),
                semver: Semver::Major,
            });
        }
        // Arguments are positional, in the order the emitted methods list them: two that swap
        // places change the signature, or, with the same type, silently what each argument means.
        let mut swaps = Vec::new();
        let mut breaks = BTreeSet::new();
        let sides = [
            (
                Audience::Client,
                old.surface.client_args(&method_old),
                new.surface.client_args(&method_new),
            ),
            (
                Audience::Server,
                old.surface.server_args(&method_old),
                new.surface.server_args(&method_new),
            ),
        ];
        for (audience, a, b) in sides {
            let names = |args: &[super::surface::Arg]| -> Vec<String> {
                args.iter().map(|a| a.name.clone()).collect()
            };
            if let Some(pair) = swapped(&names(a), &names(b)) {
                breaks.insert(audience);
                if !swaps.contains(&pair) {
                    swaps.push(pair);
                }
            }
        }
        if let Some((a, b)) = swaps.first() {
            let on = match (
                breaks.contains(&Audience::Client),
                breaks.contains(&Audience::Server),
            ) {
                (true, true) => "on the client and in the server trait",
                (true, false) => "on the client",
                _ => "in the server trait",
            };
            out.push(Change {
                kind: "parameters-reordered",
                location: new.original(&n.pointer),
                message: format!(
                    "the arguments of `{method_new}` change order (`{a}` and `{b}` swap places), {on}"
                ),
                breaks,
                semver: Semver::Major,
            });
        }
    }
    for def in &old.api.types {
        let Some(new_name) = names.type_map.get(&def.name) else {
            continue;
        };
        let Some(new_def) = names.new.by_name.get(new_name.as_str()) else {
            continue;
        };
        let location = new.original(&new_def.origin);
        if def.name != *new_name {
            let mut breaks = BTreeSet::from([Audience::Client]);
            let used = names.old.inputs.contains(def.name.as_str())
                || names.old.outputs.contains(def.name.as_str());
            if used {
                breaks.insert(Audience::Server);
            }
            out.push(Change {
                kind: "type-renamed",
                location: location.clone(),
                message: format!("the generated type `{}` is now `{new_name}`", def.name),
                breaks,
                semver: Semver::Major,
            });
        }
        match (&def.shape, &new_def.shape) {
            (Shape::Struct(a), Shape::Struct(b)) => {
                // `new` takes the required fields in order.
                let ctor = |s: &ir::Struct| -> Vec<String> {
                    s.fields
                        .iter()
                        .filter(|f| f.required && f.default.is_none())
                        .map(|f| f.wire.clone())
                        .collect()
                };
                if let Some((x, y)) = swapped(&ctor(a), &ctor(b)) {
                    out.push(Change {
                        kind: "constructor-arguments-reordered",
                        location: location.clone(),
                        message: format!(
                            "`{new_name}::new` takes its arguments in another order (`{x}` and `{y}` swap places)"
                        ),
                        breaks: names.builders(Which::New, &Ty::Named(new_name.clone())).into_iter().collect(),
                        semver: Semver::Major,
                    });
                }
                for f in &a.fields {
                    if let Some(g) = b.fields.iter().find(|g| g.wire == f.wire) {
                        let (f_name, g_name) = (&old.names.field(f).name, &new.names.field(g).name);
                        if f_name != g_name {
                            out.push(Change {
                                kind: "field-renamed",
                                location: format!(
                                    "{location}/properties/{}",
                                    crate::diagnostic::escape_token(&f.wire)
                                ),
                                message: format!(
                                    "the field `{}.{}` (property `{}`) is now `{}`",
                                    new_name, f_name, f.wire, g_name
                                ),
                                breaks: both.clone(),
                                semver: Semver::Major,
                            });
                        }
                    }
                }
            }
            (Shape::Enum(a), Shape::Enum(b)) => {
                let (a_names, b_names) = (old.names.enum_variants(a), new.names.enum_variants(b));
                for (v, v_name) in a.variants.iter().zip(a_names) {
                    if let Some((_, w_name)) = b
                        .variants
                        .iter()
                        .zip(b_names)
                        .find(|(w, _)| w.value == v.value)
                    {
                        if v_name != w_name {
                            out.push(Change {
                                kind: "enum-variant-renamed",
                                location: format!("{location}/enum"),
                                message: format!(
                                    "the variant `{new_name}::{}` (value `{}`) is now `{}`",
                                    v_name, v.value, w_name
                                ),
                                breaks: both.clone(),
                                semver: Semver::Major,
                            });
                        }
                    }
                }
            }
            _ => {}
        }
    }
    // A variant added to `ErrorBody` breaks an exhaustive `match` on it (when the emitted enum
    // is exhaustive); one removed breaks the code that names it. Each is located at the error
    // responses whose body it is.
    let variants = |side: &Side| -> BTreeSet<String> {
        side.names
            .error_bodies()
            .iter()
            .map(|(_, name)| name.to_string())
            .collect()
    };
    let (old_errors, new_errors) = (variants(old), variants(new));
    let to_new = |n: &String| names.type_map.get(n).cloned().unwrap_or_else(|| n.clone());
    let mapped: BTreeSet<String> = old_errors.iter().map(to_new).collect();
    let exhaustive = old.surface.is_exhaustive("client::ErrorBody");
    for added in new_errors.difference(&mapped) {
        let (location, from) = error_responses(new, added);
        out.push(Change {
            kind: "error-body-variant-added",
            location,
            message: if exhaustive {
                format!("the client's `ErrorBody` enum has a new variant `{added}`{from}; an exhaustive `match` on it must handle it")
            } else {
                format!("the client's `ErrorBody` enum has a new variant `{added}`{from}; it is `#[non_exhaustive]`, so every `match` on it already has a wildcard arm")
            },
            breaks: exhaustive.then_some(Audience::Client).into_iter().collect(),
            semver: if exhaustive { Semver::Major } else { Semver::Minor },
        });
    }
    for gone in old_errors
        .iter()
        .filter(|n| !new_errors.contains(&to_new(n)))
    {
        let (location, from) = error_responses(old, gone);
        out.push(Change {
            kind: "error-body-variant-removed",
            location,
            message: format!(
                "the client's `ErrorBody` enum loses its variant `{}`{from}",
                to_new(gone)
            ),
            breaks: BTreeSet::from([Audience::Client]),
            semver: Semver::Major,
        });
    }
    let old_auth = names.auth_methods(Which::Old);
    let new_auth = names.auth_methods(Which::New);
    for gone in old_auth.difference(&new_auth) {
        out.push(Change {
            kind: "client-auth-method-removed",
            location: "#/components/securitySchemes".into(),
            message: format!("the client builder no longer has `{gone}`"),
            breaks: BTreeSet::from([Audience::Client]),
            semver: Semver::Major,
        });
    }
    for added in new_auth.difference(&old_auth) {
        out.push(Change {
            kind: "client-auth-method-added",
            location: "#/components/securitySchemes".into(),
            message: format!("the client builder has a new method `{added}`"),
            breaks: BTreeSet::new(),
            semver: Semver::Minor,
        });
    }
    out
}
