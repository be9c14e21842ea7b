//! Component schemas that are both a multipart body and JSON.
//!
//! A component used as a `multipart/form-data` body is lowered as a form (one part per
//! property), under its own name, before the operations are. When the same component is also
//! JSON somewhere (a property, a response, a JSON body; Redocly's Cafe sends `MenuItem` as a form
//! and answers with it as JSON), the form cannot stand in for it: it has no serde. So once
//! everything is lowered, such a component becomes its ordinary type again, and the multipart
//! bodies that named it get a form of their own, `<Name>Form`.

use std::collections::HashSet;

use openapiv3::ReferenceOr;

use super::view::View;
use super::Lowerer;
use crate::ir::{BodyKind, Operation, ResponseBody, Shape, Ty, TypeDef};
use crate::naming::type_name;

/// The named types `ty` mentions.
fn mentioned(ty: &Ty, out: &mut HashSet<String>) {
    match ty {
        Ty::Named(n) => {
            out.insert(n.clone());
        }
        Ty::Boxed(i) | Ty::Vec(i) | Ty::Map(i) | Ty::Option(i) => mentioned(i, out),
        Ty::Tuple(items) => items.iter().for_each(|t| mentioned(t, out)),
        _ => {}
    }
}

/// The named types used as JSON (or as a part's value): everywhere but a multipart body.
fn used_as_json(types: &[TypeDef], operations: &[&Operation]) -> HashSet<String> {
    let mut out = HashSet::new();
    for t in types {
        match &t.shape {
            Shape::Struct(s) => {
                s.fields.iter().for_each(|f| mentioned(&f.ty, &mut out));
                if let Some(a) = &s.additional {
                    mentioned(a, &mut out);
                }
                if let Some(flat) = &s.flattened {
                    mentioned(&flat.ty, &mut out);
                }
            }
            Shape::Union(u) => u.variants.iter().for_each(|v| mentioned(&v.ty, &mut out)),
            Shape::Alias(ty) | Shape::Newtype(ty) => mentioned(ty, &mut out),
            Shape::Form(f) => f.fields.iter().for_each(|x| mentioned(&x.ty, &mut out)),
            Shape::Enum(_) => {}
        }
    }
    for op in operations {
        op.params.iter().for_each(|p| mentioned(&p.ty, &mut out));
        if let Some(body) = op.body.as_ref().filter(|b| b.kind != BodyKind::Multipart) {
            mentioned(&body.ty, &mut out);
        }
        for r in &op.responses {
            if let ResponseBody::Json(ty) = &r.body {
                mentioned(ty, &mut out);
            }
        }
    }
    out
}

impl<'a> Lowerer<'a> {
    /// See the module docs.
    pub(crate) fn split_shared_forms(
        &mut self,
        operations: &mut [Operation],
        webhooks: &mut [Operation],
    ) {
        let shared: Vec<(usize, String, String)> = {
            let all: Vec<&Operation> = operations.iter().chain(webhooks.iter()).collect();
            let json = used_as_json(&self.types, &all);
            self.types
                .iter()
                .enumerate()
                .filter(|(_, t)| matches!(t.shape, Shape::Form(_)) && json.contains(&t.name))
                .filter_map(|(i, t)| {
                    let key = t.origin.strip_prefix("#/components/schemas/")?;
                    Some((i, t.name.clone(), key.replace("~1", "/").replace("~0", "~")))
                })
                .collect()
        };
        let spec = self.spec;
        for (slot, name, key) in shared {
            let Some(ReferenceOr::Item(schema)) =
                spec.components.as_ref().and_then(|c| c.schemas.get(&key))
            else {
                continue;
            };
            let pointer = self.types[slot].origin.clone();
            let encoding = self.form_components.get(&key).copied().flatten();
            let form_name = self
                .type_names
                .claim_type(type_name(&format!("{name}Form")));
            let form = self.form_of(&form_name, schema, &pointer, encoding);
            self.types.push(TypeDef {
                name: form_name.clone(),
                origin: pointer.clone(),
                docs: super::schema::docs_of(&View::of(schema)),
                shape: form,
            });
            self.types[slot].shape = self.shape_of(&name, schema, &pointer, 0);
            for op in operations.iter_mut().chain(webhooks.iter_mut()) {
                if let Some(body) = op.body.as_mut() {
                    if body.kind == BodyKind::Multipart && body.ty == Ty::Named(name.clone()) {
                        body.ty = Ty::Named(form_name.clone());
                    }
                }
            }
        }
    }
}
