//! Recursive types: box the by-value edges of every reference cycle, and turn aliases that are
//! part of a cycle into newtypes (a Rust type alias cannot refer to itself).

use std::collections::HashMap;

use crate::ir::{Shape, Ty, TypeDef};

/// Named types `ty` mentions: `(name, by_value)`; by-value means not behind a `Vec` or map.
fn mentions(ty: &Ty, by_value: bool, out: &mut Vec<(String, bool)>) {
    match ty {
        Ty::Named(n) => out.push((n.clone(), by_value)),
        Ty::Boxed(inner) => mentions(inner, false, out),
        Ty::Option(inner) => mentions(inner, by_value, out),
        Ty::Vec(inner) | Ty::Map(inner) => mentions(inner, false, out),
        Ty::Tuple(items) => items.iter().for_each(|t| mentions(t, by_value, out)),
        _ => {}
    }
}

fn edges_of(def: &TypeDef) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    match &def.shape {
        Shape::Struct(s) => {
            for f in &s.fields {
                mentions(&f.ty, true, &mut out);
            }
            if let Some(a) = &s.additional {
                mentions(a, false, &mut out);
            }
            // A flattened value is held by value, like a field.
            if let Some(flat) = &s.flattened {
                mentions(&flat.ty, true, &mut out);
            }
        }
        Shape::Union(u) => u
            .variants
            .iter()
            .for_each(|v| mentions(&v.ty, true, &mut out)),
        Shape::Alias(t) | Shape::Newtype(t) => mentions(t, true, &mut out),
        Shape::Enum(_) | Shape::Form(_) => {}
    }
    out
}

/// Strongly connected components (iterative Tarjan, so deep chains cannot overflow the stack).
/// Returns each node's component id and whether that component is cyclic.
fn components(graph: &[Vec<usize>]) -> (Vec<usize>, Vec<bool>) {
    let n = graph.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut cyclic = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some((v, edge)) = work.pop() {
            if edge == 0 {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = graph[v].get(edge) {
                work.push((v, edge + 1));
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if low[v] == index[v] {
                let id = cyclic.len();
                let mut size = 0;
                loop {
                    let w = stack.pop().expect("v is on the stack");
                    on_stack[w] = false;
                    comp[w] = id;
                    size += 1;
                    if w == v {
                        break;
                    }
                }
                cyclic.push(size > 1 || graph[v].contains(&v));
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    (comp, cyclic)
}

fn box_if(ty: &mut Ty, same_cycle: &dyn Fn(&str) -> bool) {
    match ty {
        Ty::Named(n) if same_cycle(n) => *ty = Ty::Boxed(Box::new(ty.clone())),
        Ty::Option(inner) => box_if(inner, same_cycle),
        _ => {}
    }
}

/// Boxes by-value references inside cycles and makes cyclic aliases newtypes.
pub(crate) fn break_cycles(types: &mut [TypeDef]) {
    let ids: HashMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let graph: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            edges_of(t)
                .into_iter()
                .filter_map(|(n, _)| ids.get(&n).copied())
                .collect()
        })
        .collect();
    let (comp, cyclic) = components(&graph);
    for i in 0..types.len() {
        if !cyclic[comp[i]] {
            continue;
        }
        let same_cycle = |name: &str| ids.get(name).is_some_and(|&j| comp[j] == comp[i]);
        let def = &mut types[i];
        match &mut def.shape {
            Shape::Struct(s) => {
                s.fields
                    .iter_mut()
                    .for_each(|f| box_if(&mut f.ty, &same_cycle));
                if let Some(flat) = &mut s.flattened {
                    box_if(&mut flat.ty, &same_cycle);
                }
            }
            Shape::Union(u) => u
                .variants
                .iter_mut()
                .for_each(|v| box_if(&mut v.ty, &same_cycle)),
            Shape::Alias(t) => {
                let mut t = t.clone();
                box_if(&mut t, &same_cycle);
                def.shape = Shape::Newtype(t);
            }
            Shape::Newtype(t) => box_if(t, &same_cycle),
            Shape::Enum(_) | Shape::Form(_) => {}
        }
    }
}
