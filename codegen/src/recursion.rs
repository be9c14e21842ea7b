//! The `#![recursion_limit]` a crate of the generated types needs.
//!
//! The client's calls require their response types to be `Send`, which rustc proves by walking
//! each type's fields, and the fields' fields, through every `Option`, `Box` and `Vec`. Specs whose
//! types nest dozens of distinct types deep (Stripe's expandable fields: a subscription holds a
//! schedule, which holds a customer, which holds ...) pass the default limit of 128 on that walk,
//! and the crate fails to compile (`E0275: overflow evaluating the requirement `..: Send``). The
//! depth is estimated here from the IR, as the longest chain of nested types with a cost per
//! wrapper, and the limit set above it.

use std::collections::HashMap;

use crate::ir::{Api, ResponseBody, Shape, Ty};

/// rustc's default `recursion_limit`.
const DEFAULT_LIMIT: usize = 128;

/// The `recursion_limit` the crate root including the generated code needs, or `None` when the
/// default is enough. Estimated as twice the deepest nesting (see the module docs), rounded up to
/// a power of two, and never below 256.
pub fn recursion_limit(api: &Api) -> Option<usize> {
    let depth = nesting_depth(api);
    // Half the default leaves room for what the estimate does not count (serde's and the
    // client's own types around the response type).
    if depth * 2 <= DEFAULT_LIMIT {
        return None;
    }
    Some((depth * 2).next_power_of_two().max(256))
}

/// The deepest nesting of the types the API's operations take and answer, in trait-solver
/// steps: one per named type, one per `Option` or `Vec`, two per `Box`. A type met again on its
/// own chain (a recursive type) ends the chain, as it ends rustc's walk.
pub(crate) fn nesting_depth(api: &Api) -> usize {
    let index: HashMap<&str, usize> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    let mut walk = Walk {
        api,
        index,
        depth: vec![None; api.types.len()],
        on_chain: vec![false; api.types.len()],
    };
    // What an operation takes or answers is what rustc proves `Send` (the client's futures and
    // results, the server's handlers); types no operation uses are never checked.
    let mut roots: Vec<&Ty> = Vec::new();
    for op in api.operations.iter().chain(&api.webhooks) {
        roots.extend(op.params.iter().map(|p| &p.ty));
        roots.extend(op.body.iter().map(|b| &b.ty));
        roots.extend(op.responses.iter().filter_map(|r| match &r.body {
            ResponseBody::Json(ty) => Some(ty),
            _ => None,
        }));
    }
    roots
        .into_iter()
        .map(|ty| walk.ty(ty, 0))
        .max()
        .unwrap_or(0)
}

struct Walk<'a> {
    api: &'a Api,
    index: HashMap<&'a str, usize>,
    /// Each type's depth, once known.
    depth: Vec<Option<usize>>,
    /// Whether the type is on the chain being walked.
    on_chain: Vec<bool>,
}

/// How deep the walk itself may recurse (far beyond any real spec's nesting).
const MAX_WALK: usize = 4096;

impl Walk<'_> {
    fn named(&mut self, i: usize, level: usize) -> usize {
        if let Some(d) = self.depth[i] {
            return d;
        }
        if self.on_chain[i] || level > MAX_WALK {
            return 0;
        }
        self.on_chain[i] = true;
        let api = self.api;
        let inner = match &api.types[i].shape {
            Shape::Struct(s) => {
                // An optional or nullable field is an `Option` around its type.
                let fields: Vec<(&Ty, usize)> = s
                    .fields
                    .iter()
                    .map(|f| (&f.ty, usize::from(!f.required || f.nullable)))
                    .chain(s.additional.iter().map(|ty| (ty, 1)))
                    .chain(s.flattened.iter().map(|f| (&f.ty, 0)))
                    .collect();
                fields
                    .into_iter()
                    .map(|(ty, wrapped)| wrapped + self.ty(ty, level))
                    .max()
                    .unwrap_or(0)
            }
            Shape::Union(u) => self.deepest(u.variants.iter().map(|v| &v.ty), level),
            Shape::Alias(ty) | Shape::Newtype(ty) => self.ty(ty, level),
            Shape::Form(f) => self.deepest(f.fields.iter().map(|f| &f.ty), level),
            Shape::Enum(_) => 0,
        };
        self.on_chain[i] = false;
        let d = 1 + inner;
        self.depth[i] = Some(d);
        d
    }

    /// The depth of the deepest of `types` (0 for none).
    fn deepest<'t>(&mut self, types: impl Iterator<Item = &'t Ty>, level: usize) -> usize {
        types.map(|ty| self.ty(ty, level)).max().unwrap_or(0)
    }

    fn ty(&mut self, ty: &Ty, level: usize) -> usize {
        match ty {
            Ty::Named(name) => match self.index.get(name.as_str()) {
                Some(&i) => self.named(i, level + 1),
                None => 0,
            },
            Ty::Boxed(inner) => 2 + self.ty(inner, level),
            Ty::Vec(inner) | Ty::Map(inner) | Ty::Option(inner) => 1 + self.ty(inner, level),
            Ty::Tuple(items) => items.iter().map(|t| self.ty(t, level)).max().unwrap_or(0),
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{nesting_depth, recursion_limit};

    /// A spec whose schemas `S0 .. S<n>` each hold the next in an optional property.
    fn chain(n: usize) -> crate::ir::Api {
        let mut text = String::from(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /s:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: {application/json: {schema: {$ref: '#/components/schemas/S0'}}}\ncomponents:\n  schemas:\n",
        );
        for i in 0..n {
            text.push_str(&format!(
                "    S{i}: {{type: object, properties: {{next: {{$ref: '#/components/schemas/S{}'}}}}}}\n",
                i + 1
            ));
        }
        text.push_str(&format!(
            "    S{n}: {{type: object, properties: {{leaf: {{type: string}}}}}}\n"
        ));
        let loaded = crate::load::load_text(&text, None).unwrap_or_else(|d| panic!("{d:?}"));
        crate::lower::lower(&loaded.api)
            .unwrap_or_else(|d| panic!("{d:?}"))
            .0
    }

    #[test]
    fn a_long_chain_of_nested_types_needs_a_higher_limit() {
        // Each of S0 .. S9 is a named type in an `Option` (two steps), then S10 and its
        // optional string (two more).
        assert_eq!(nesting_depth(&chain(10)), 22);
        assert_eq!(recursion_limit(&chain(10)), None);
        assert_eq!(recursion_limit(&chain(40)), Some(256));
        assert_eq!(recursion_limit(&chain(100)), Some(512));
    }

    #[test]
    fn types_no_operation_uses_are_not_counted() {
        let mut api = chain(100);
        api.operations.clear();
        assert_eq!(nesting_depth(&api), 0);
        assert_eq!(recursion_limit(&api), None);
    }

    #[test]
    fn a_recursive_type_ends_its_chain() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /n:\n    post:\n      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/Node'}}}}\n      responses: {'204': {description: ok}}\ncomponents:\n  schemas:\n    Node: {type: object, properties: {next: {$ref: '#/components/schemas/Node'}, children: {type: array, items: {$ref: '#/components/schemas/Node'}}}}\n";
        let loaded = crate::load::load_text(text, None).unwrap_or_else(|d| panic!("{d:?}"));
        let api = crate::lower::lower(&loaded.api).unwrap().0;
        // Node, then `Option<Box<Node>>` (1 + 2) or `Option<Vec<Node>>` (1 + 1), where it ends.
        assert_eq!(nesting_depth(&api), 4);
        assert_eq!(recursion_limit(&api), None);
    }
}
