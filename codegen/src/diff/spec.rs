//! The spec side of a diff: the two loaded documents walked side by side.
//!
//! Operations are paired by method and path (parameter names ignored), then by `operationId` for
//! one that moved; parameters by name and location; properties by name (through `allOf`); union
//! members by position. `$ref`s are resolved, so moving an inline schema into a component, or
//! reordering anything, changes nothing. A change's effect on the wire depends on the direction
//! its schema travels in: a NEW server must accept every request an OLD client sends, and an OLD
//! client must read every response a NEW server sends. Components are compared once, in the
//! directions the operations of either spec use them in.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde_json::Value;

use super::rust::{Names, Which};
use super::{Audience, Change, Semver, Side};
use crate::diagnostic::{child, escape_token};
use crate::ir::Ty;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Where an operation is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct OpKey {
    /// `get`, `post`, ...
    pub(super) method: String,
    /// The path template.
    pub(super) path: String,
    /// `#/paths/<path>/<method>`.
    pub(super) pointer: String,
    /// The `operationId`.
    id: Option<String>,
}

impl OpKey {
    /// The path with parameter names dropped: `/a/{id}` and `/a/{name}` are the same path.
    fn shape(&self) -> (String, String) {
        let mut out = String::new();
        let mut in_param = false;
        for c in self.path.chars() {
            match c {
                '{' => {
                    in_param = true;
                    out.push('{');
                }
                '}' => {
                    in_param = false;
                    out.push('}');
                }
                _ if in_param => {}
                c => out.push(c),
            }
        }
        (self.method.clone(), out)
    }
}

fn operations(doc: &Value) -> Vec<OpKey> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let item_pointer = child("#/paths", path);
        for method in METHODS {
            if let Some(op) = item.get(method).filter(|v| v.is_object()) {
                out.push(OpKey {
                    method: method.to_string(),
                    path: path.clone(),
                    pointer: child(&item_pointer, method),
                    id: op
                        .get("operationId")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                });
            }
        }
    }
    out
}

/// An operation the generated `Webhooks` trait receives: a webhook's, or a callback's of an
/// operation. `key` tells the same receiver apart in OLD and NEW; `label` names it in a message.
struct Receiver {
    key: String,
    label: String,
    pointer: String,
}

/// Every webhook and callback operation of a loaded document (its webhooks are under
/// `x-codegen-webhooks`), in document order.
fn receivers(doc: &Value) -> Vec<Receiver> {
    let mut out = Vec::new();
    let methods_of = |item: &Value, base: &str, key: &str, label: &str, out: &mut Vec<Receiver>| {
        for method in METHODS {
            if item.get(method).is_some_and(Value::is_object) {
                out.push(Receiver {
                    key: format!("{key} {method}"),
                    label: format!("{label} (`{}`)", method.to_uppercase()),
                    pointer: child(base, method),
                });
            }
        }
    };
    if let Some(hooks) = doc.get("x-codegen-webhooks").and_then(Value::as_object) {
        for (name, item) in hooks {
            let base = child("#/x-codegen-webhooks", name);
            methods_of(
                item,
                &base,
                &format!("webhook {name}"),
                &format!("webhook `{name}`"),
                &mut out,
            );
        }
    }
    for op in operations(doc) {
        let Some(callbacks) = get(doc, &op.pointer)
            .and_then(|o| o.get("callbacks"))
            .and_then(Value::as_object)
        else {
            continue;
        };
        for (callback, expressions) in callbacks {
            let Some(expressions) = expressions.as_object() else {
                continue;
            };
            for (expression, item) in expressions {
                let base = child(
                    &child(&child(&op.pointer, "callbacks"), callback),
                    expression,
                );
                let key = format!("callback {} {} {callback} {expression}", op.method, op.path);
                let label = format!(
                    "callback `{callback}` of `{} {}`, sent to `{expression}`",
                    op.method.to_uppercase(),
                    op.path
                );
                methods_of(item, &base, &key, &label, &mut out);
            }
        }
    }
    out
}

/// A test that two operations are the same one.
type SameOp = dyn Fn(&OpKey, &OpKey) -> bool;

/// The operations of OLD and NEW that are the same operation: same method and path, else the
/// same `operationId`, else the same path with other parameter names.
pub(super) fn op_pairs(old: &Side, new: &Side) -> Vec<(OpKey, OpKey)> {
    let olds = operations(&old.doc);
    let news = operations(&new.doc);
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    let mut used_old = HashSet::new();
    let mut used_new = HashSet::new();
    // Same method and path first; then the same `operationId` (an operation that moved); then
    // the same path with its parameters renamed (`/a/{id}` and `/a/{name}`).
    let passes: [&SameOp; 3] = [
        &|o, n| o.method == n.method && o.path == n.path,
        &|o, n| o.id.is_some() && o.id == n.id,
        &|o, n| o.shape() == n.shape(),
    ];
    for same in passes {
        for (i, o) in olds.iter().enumerate() {
            if used_old.contains(&i) {
                continue;
            }
            if let Some(j) = (0..news.len()).find(|j| !used_new.contains(j) && same(o, &news[*j])) {
                used_old.insert(i);
                used_new.insert(j);
                pairs.push((i, j));
            }
        }
    }
    pairs.sort();
    pairs
        .into_iter()
        .map(|(i, j)| (olds[i].clone(), news[j].clone()))
        .collect()
}

/// Components of OLD that NEW has under another name with the same content.
pub(super) fn component_renames(old: &Side, new: &Side) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let schemas = |doc: &Value| {
        doc.pointer("/components/schemas")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let (o, n) = (schemas(&old.doc), schemas(&new.doc));
    let mut taken = HashSet::new();
    for (key, value) in &o {
        if n.contains_key(key) {
            continue;
        }
        if let Some((new_key, _)) = n
            .iter()
            .find(|(k, v)| !o.contains_key(*k) && *v == value && !taken.contains(*k))
        {
            taken.insert(new_key.clone());
            out.insert(
                child("#/components/schemas", key),
                child("#/components/schemas", new_key),
            );
        }
    }
    out
}

/// Which ways a schema travels.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Dir {
    /// In a request: a NEW server must accept what an OLD client sends.
    request: bool,
    /// In a response: an OLD client must read what a NEW server sends.
    response: bool,
}

const REQUEST: Dir = Dir {
    request: true,
    response: false,
};
const RESPONSE: Dir = Dir {
    request: false,
    response: true,
};

impl Dir {
    fn or(self, other: Dir) -> Dir {
        Dir {
            request: self.request || other.request,
            response: self.response || other.response,
        }
    }

    /// Whether a change that breaks requests (`request`) or responses (`response`) breaks this.
    fn breaks(self, request: bool, response: bool) -> bool {
        (self.request && request) || (self.response && response)
    }
}

/// The Rust types of a schema in OLD and NEW, where the lowerings have one.
#[derive(Debug, Clone, Default)]
struct Rust {
    old: Option<Ty>,
    new: Option<Ty>,
    /// The field holding the value changes its `Option`s (a property that becomes nullable).
    wrapping_changed: bool,
}

/// The walk's state.
struct Walk<'a> {
    old: &'a Side,
    new: &'a Side,
    names: &'a Names<'a>,
    out: Vec<Change>,
    /// Pairs of (OLD, NEW) schema pointers already compared (recursion and shared schemas).
    seen: HashSet<(String, String, bool, bool)>,
    /// Component pointer → the directions either spec uses it in.
    usage: HashMap<String, Dir>,
}

/// Compares the two documents.
pub(super) fn compare(old: &Side, new: &Side, names: &Names) -> Vec<Change> {
    let mut usage = usage(&old.doc);
    for (k, d) in self::usage(&new.doc) {
        let e = usage.entry(k).or_default();
        *e = e.or(d);
    }
    for (o, n) in &names.component_renames {
        let d = usage.get(o).copied().unwrap_or_default();
        let e = usage.entry(n.clone()).or_default();
        *e = e.or(d);
    }
    let mut w = Walk {
        old,
        new,
        names,
        out: Vec::new(),
        seen: HashSet::new(),
        usage,
    };
    w.info();
    w.servers();
    w.operations();
    w.receivers();
    w.components();
    w.security_schemes();
    w.out
}

/// Every `$ref` in `v`.
fn refs<'v>(v: &'v Value, out: &mut Vec<&'v str>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// The directions every component is used in, following `$ref`s from the operations.
fn usage(doc: &Value) -> HashMap<String, Dir> {
    let mut out: HashMap<String, Dir> = HashMap::new();
    let mut roots: Vec<(&Value, Dir)> = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for item in paths.values() {
            if let Some(p) = item.get("parameters") {
                roots.push((p, REQUEST));
            }
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                for (key, dir) in [
                    ("parameters", REQUEST),
                    ("requestBody", REQUEST),
                    ("responses", RESPONSE),
                ] {
                    if let Some(v) = op.get(key) {
                        roots.push((v, dir));
                    }
                }
            }
        }
    }
    for (root, dir) in roots {
        let mut stack = Vec::new();
        refs(root, &mut stack);
        let mut seen = HashSet::new();
        while let Some(r) = stack.pop() {
            if !seen.insert(r) {
                continue;
            }
            let e = out.entry(r.to_string()).or_default();
            *e = e.or(dir);
            if let Some(target) = r.strip_prefix('#').and_then(|p| doc.pointer(p)) {
                refs(target, &mut stack);
            }
        }
    }
    out
}

fn get<'v>(doc: &'v Value, pointer: &str) -> Option<&'v Value> {
    doc.pointer(pointer.strip_prefix('#')?)
}

/// `node` with its `$ref` chain followed: the node and its pointer.
fn resolve<'v>(doc: &'v Value, pointer: &str, node: &'v Value) -> (String, &'v Value) {
    let mut pointer = pointer.to_string();
    let mut node = node;
    for _ in 0..64 {
        let Some(r) = node.get("$ref").and_then(Value::as_str) else {
            break;
        };
        match get(doc, r) {
            Some(target) => {
                pointer = r.to_string();
                node = target;
            }
            None => break,
        }
    }
    (pointer, node)
}

fn str_of<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

impl Walk<'_> {
    fn push(
        &mut self,
        kind: &'static str,
        location: String,
        message: String,
        breaks: impl IntoIterator<Item = Audience>,
        semver: Semver,
    ) {
        self.out.push(Change {
            kind,
            location,
            message,
            breaks: breaks.into_iter().collect(),
            semver,
        });
    }

    fn at_new(&self, pointer: &str) -> String {
        self.new.original(pointer)
    }

    fn at_old(&self, pointer: &str) -> String {
        self.old.original(pointer)
    }

    fn info(&mut self) {
        let (o, n) = (self.old.doc.get("info"), self.new.doc.get("info"));
        if o != n {
            self.push(
                "info-changed",
                self.at_new("#/info"),
                "the API's title, version or description changed".into(),
                [],
                Semver::None,
            );
        }
    }

    fn servers(&mut self) {
        let default = |api: &crate::ir::Api| {
            api.servers
                .iter()
                .find(|s| s.starts_with("http://") || s.starts_with("https://"))
                .cloned()
        };
        let (o, n) = (default(&self.old.api), default(&self.new.api));
        if o != n {
            self.push(
                "server-url-changed",
                self.at_new("#/servers"),
                format!(
                    "the default base URL changes from {} to {}; clients built from OLD still call the old one",
                    o.as_deref().map_or("none".into(), |u| format!("`{u}`")),
                    n.as_deref().map_or("none".into(), |u| format!("`{u}`")),
                ),
                // Without a default, every client was given its base URL.
                o.is_some().then_some(Audience::Wire),
                Semver::Patch,
            );
        } else if self.old.doc.get("servers") != self.new.doc.get("servers") {
            self.push(
                "servers-changed",
                self.at_new("#/servers"),
                "the list of servers changed; the default base URL stays".into(),
                [],
                Semver::None,
            );
        }
    }

    fn security_schemes(&mut self) {
        let schemes = |doc: &Value| {
            doc.pointer("/components/securitySchemes")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let (o, n) = (schemes(&self.old.doc), schemes(&self.new.doc));
        for (name, scheme) in &n {
            let pointer = child("#/components/securitySchemes", name);
            match o.get(name) {
                None => self.push(
                    "security-scheme-added",
                    self.at_new(&pointer),
                    format!("new security scheme `{name}`"),
                    [],
                    Semver::Minor,
                ),
                Some(old) => {
                    let strip = |v: &Value| {
                        let mut v = v.clone();
                        if let Some(m) = v.as_object_mut() {
                            m.remove("description");
                        }
                        v
                    };
                    let how =
                        |v: &Value| ["type", "scheme", "in", "name"].map(|k| v.get(k).cloned());
                    if how(old) != how(scheme) {
                        self.push(
                            "security-scheme-changed",
                            self.at_new(&pointer),
                            format!("the security scheme `{name}` changed how credentials are sent; clients built from OLD send them the old way"),
                            [Audience::Wire],
                            Semver::Patch,
                        );
                    } else if strip(old) != strip(scheme) {
                        // Flows, scopes, URLs: a client still sends the same credentials the same way.
                        self.push(
                            "security-scheme-changed",
                            self.at_new(&pointer),
                            format!("the security scheme `{name}` changed its flows, scopes or URLs; credentials are still sent the same way"),
                            [],
                            Semver::Patch,
                        );
                    } else if old != scheme {
                        self.push(
                            "documentation-changed",
                            self.at_new(&pointer),
                            format!("the description of security scheme `{name}` changed"),
                            [],
                            Semver::None,
                        );
                    }
                }
            }
        }
        for name in o.keys().filter(|k| !n.contains_key(*k)) {
            let pointer = child("#/components/securitySchemes", name);
            self.push(
                "security-scheme-removed",
                self.at_old(&pointer),
                format!("the security scheme `{name}` is gone; clients built from OLD still send its credentials"),
                [Audience::Wire],
                Semver::Patch,
            );
        }
    }

    fn components(&mut self) {
        let schemas = |doc: &Value| {
            doc.pointer("/components/schemas")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default()
        };
        let (o, n) = (schemas(&self.old.doc), schemas(&self.new.doc));
        let renamed_to: HashMap<String, String> = self
            .names
            .component_renames
            .iter()
            .map(|(a, b)| (b.clone(), a.clone()))
            .collect();
        for (key, schema) in &n {
            let pn = child("#/components/schemas", key);
            let po = match o.get(key) {
                Some(_) => pn.clone(),
                None => match renamed_to.get(&pn) {
                    Some(po) => po.clone(),
                    None => {
                        self.push(
                            "schema-added",
                            self.at_new(&pn),
                            format!("new schema `{key}`"),
                            [],
                            Semver::Minor,
                        );
                        continue;
                    }
                },
            };
            let Some(old_schema) = get(&self.old.doc, &po) else {
                continue;
            };
            let dir = self.usage.get(&pn).copied().unwrap_or_default();
            let rust = Rust {
                old: self.names.type_at(Which::Old, &po),
                new: self.names.type_at(Which::New, &pn),
                wrapping_changed: false,
            };
            self.schema(&po, old_schema, &pn, schema, dir, rust);
        }
        let renamed: HashSet<&String> = self.names.component_renames.keys().collect();
        for key in o.keys().filter(|k| !n.contains_key(*k)) {
            let po = child("#/components/schemas", key);
            if renamed.contains(&po) {
                continue;
            }
            let ty = self.names.type_at(Which::Old, &po);
            let what = ty
                .as_ref()
                .map(|t| match t {
                    Ty::Named(n) => format!("; the type `{n}` is gone"),
                    _ => String::new(),
                })
                .unwrap_or_default();
            self.push(
                "schema-removed",
                self.at_old(&po),
                format!("the schema `{key}` was removed{what}"),
                [Audience::Client],
                Semver::Major,
            );
        }
    }

    fn operations(&mut self) {
        let pairs = self.names.op_pairs.clone();
        let paired_old: HashSet<String> = pairs.iter().map(|(o, _)| o.pointer.clone()).collect();
        let by_new: HashMap<&str, &OpKey> =
            pairs.iter().map(|(o, n)| (n.pointer.as_str(), o)).collect();
        for n in operations(&self.new.doc) {
            if let Some(o) = by_new.get(n.pointer.as_str()) {
                self.operation(o, &n);
            } else {
                let name = self
                    .names
                    .operation(Which::New, &n.method, &n.path)
                    .map(|op| format!(" (method `{}`)", self.new.names.operation(op).method))
                    .unwrap_or_default();
                self.push(
                    "operation-added",
                    self.at_new(&n.pointer),
                    format!(
                        "new operation `{} {}`{name}; a server implementing the trait must add it",
                        n.method.to_uppercase(),
                        n.path
                    ),
                    [Audience::Server],
                    Semver::Minor,
                );
            }
        }
        for o in operations(&self.old.doc) {
            if !paired_old.contains(&o.pointer) {
                self.push(
                    "operation-removed",
                    self.at_old(&o.pointer),
                    format!(
                        "the operation `{} {}` was removed",
                        o.method.to_uppercase(),
                        o.path
                    ),
                    [Audience::Client, Audience::Server, Audience::Wire],
                    Semver::Major,
                );
            }
        }
    }

    /// Webhooks and callbacks that came or went: each is a method of the generated `Webhooks`
    /// trait, which a receiver implements (its other changes are reported with the schemas they
    /// use).
    fn receivers(&mut self) {
        let (olds, news) = (receivers(&self.old.doc), receivers(&self.new.doc));
        for n in &news {
            if !olds.iter().any(|o| o.key == n.key) {
                self.push(
                    "receiver-added",
                    self.at_new(&n.pointer),
                    format!(
                        "a new {}; a receiver implementing the `Webhooks` trait must add its method",
                        n.label
                    ),
                    [Audience::Server],
                    Semver::Minor,
                );
            }
        }
        for o in &olds {
            if !news.iter().any(|n| n.key == o.key) {
                self.push(
                    "receiver-removed",
                    self.at_old(&o.pointer),
                    format!(
                        "the {} was removed; its method leaves the `Webhooks` trait",
                        o.label
                    ),
                    [Audience::Server],
                    Semver::Major,
                );
            }
        }
    }

    fn operation(&mut self, o: &OpKey, n: &OpKey) {
        let (Some(old_op), Some(new_op)) = (
            get(&self.old.doc, &o.pointer),
            get(&self.new.doc, &n.pointer),
        ) else {
            return;
        };
        let label = format!("`{} {}`", n.method.to_uppercase(), n.path);
        let ir_old = self.names.operation(Which::Old, &o.method, &o.path);
        let ir_new = self.names.operation(Which::New, &n.method, &n.path);
        if o.method != n.method {
            self.push(
                "operation-method-changed",
                self.at_new(&n.pointer),
                format!(
                    "{label} was `{} {}`; clients built from OLD still send the old method",
                    o.method.to_uppercase(),
                    o.path
                ),
                [Audience::Wire],
                Semver::Patch,
            );
        } else if o.path != n.path && o.shape() != n.shape() {
            self.push(
                "operation-path-changed",
                self.at_new(&n.pointer),
                format!(
                    "{label} was at `{}`; clients built from OLD still call the old path",
                    o.path
                ),
                [Audience::Wire],
                Semver::Patch,
            );
        }
        let dep = (flag(old_op, "deprecated"), flag(new_op, "deprecated"));
        if dep == (false, true) {
            self.push(
                "operation-deprecated",
                self.at_new(&child(&n.pointer, "deprecated")),
                format!("{label} is deprecated; its method still works"),
                [],
                Semver::Patch,
            );
        } else if dep == (true, false) {
            self.push(
                "operation-undeprecated",
                self.at_new(&n.pointer),
                format!("{label} is no longer deprecated"),
                [],
                Semver::Patch,
            );
        }
        if ["summary", "description", "externalDocs", "tags"]
            .iter()
            .any(|k| old_op.get(*k) != new_op.get(*k))
        {
            self.push(
                "documentation-changed",
                self.at_new(&n.pointer),
                format!("the summary, description or tags of {label} changed"),
                [],
                Semver::None,
            );
        }
        if let (Some(a), Some(b)) = (ir_old, ir_new) {
            if !a.authenticated && b.authenticated {
                self.push(
                    "operation-security-added",
                    self.at_new(&child(&n.pointer, "security")),
                    format!("{label} now requires credentials"),
                    [Audience::Wire],
                    Semver::Patch,
                );
            } else if a.authenticated && !b.authenticated {
                self.push(
                    "operation-security-removed",
                    self.at_new(&n.pointer),
                    format!("{label} no longer requires credentials"),
                    [],
                    Semver::Patch,
                );
            }
        }
        self.parameters(o, old_op, n, new_op, &label);
        self.request_body(o, old_op, n, new_op, &label);
        self.responses(o, old_op, n, new_op, &label);
    }

    /// The parameters of an operation, path-level ones included (the operation's win): name,
    /// location, pointer and the resolved parameter.
    fn params<'v>(
        doc: &'v Value,
        op: &OpKey,
        node: &'v Value,
    ) -> Vec<(String, String, String, &'v Value)> {
        let mut out: Vec<(String, String, String, &Value)> = Vec::new();
        let item_pointer = child("#/paths", &op.path);
        let item = get(doc, &item_pointer);
        let lists = [
            (item.and_then(|i| i.get("parameters")), item_pointer.clone()),
            (node.get("parameters"), op.pointer.clone()),
        ];
        for (list, base) in lists {
            let Some(list) = list.and_then(Value::as_array) else {
                continue;
            };
            for (i, p) in list.iter().enumerate() {
                let pointer = format!("{base}/parameters/{i}");
                let (pointer, p) = resolve(doc, &pointer, p);
                let (Some(name), Some(location)) = (str_of(p, "name"), str_of(p, "in")) else {
                    continue;
                };
                let name = if location == "header" {
                    name.to_ascii_lowercase()
                } else {
                    name.to_string()
                };
                out.retain(|(n, l, _, _)| !(n == &name && l == location));
                out.push((name, location.to_string(), pointer, p));
            }
        }
        out
    }

    /// Who passes the parameter `name` in `location` of the NEW operation `op` as a method
    /// argument, as the emitted code has it: the client method's callers, the server trait
    /// method's implementers.
    fn takes_argument(&self, op: &OpKey, name: &str, location: &str) -> Vec<Audience> {
        let Some(ir) = self.names.operation(Which::New, &op.method, &op.path) else {
            return Vec::new();
        };
        let names = self.new.names.operation(ir);
        let Some(param) = ir.params.iter().zip(&names.params).find_map(|(p, n)| {
            (p.wire.eq_ignore_ascii_case(name)
                && format!("{:?}", p.location).eq_ignore_ascii_case(location))
            .then(|| n.to_string())
        }) else {
            return Vec::new();
        };
        let method = names.method.to_string();
        let surface = &self.new.surface;
        let mut out = Vec::new();
        if surface.client_args(&method).iter().any(|a| a.name == param) {
            out.push(Audience::Client);
        }
        if surface.server_args(&method).iter().any(|a| a.name == param) {
            out.push(Audience::Server);
        }
        out
    }

    fn parameters(&mut self, o: &OpKey, old_op: &Value, n: &OpKey, new_op: &Value, label: &str) {
        let olds = Self::params(&self.old.doc, o, old_op);
        let news = Self::params(&self.new.doc, n, new_op);
        // The parameter, and its Rust name.
        let (old_side, new_side, ir_names) = (self.old, self.new, self.names);
        let ir_param = move |which: Which, key: &OpKey, name: &str, location: &str| {
            let side = match which {
                Which::Old => old_side,
                Which::New => new_side,
            };
            ir_names
                .operation(which, &key.method, &key.path)
                .and_then(|op| {
                    op.params
                        .iter()
                        .zip(&side.names.operation(op).params)
                        .find(|(p, _)| {
                            p.wire.eq_ignore_ascii_case(name)
                                && format!("{:?}", p.location).eq_ignore_ascii_case(location)
                        })
                })
                .map(|(p, n)| (p.clone(), n.to_string()))
        };
        for (name, location, pn, p) in &news {
            let required = flag(p, "required") || location == "path";
            let same = olds.iter().find(|(a, l, _, _)| a == name && l == location);
            let moved = olds.iter().find(|(a, l, _, _)| a == name && l != location);
            let Some((_, _, po, q)) = same else {
                if let Some((_, from, _, _)) = moved {
                    let a = ir_param(Which::Old, o, name, from);
                    let b = ir_param(Which::New, n, name, location);
                    let rust = self
                        .names
                        .differs(
                            a.as_ref().map(|(p, _)| &p.ty),
                            b.as_ref().map(|(p, _)| &p.ty),
                        )
                        .unwrap_or(false)
                        || a.map(|(_, n)| n) != b.map(|(_, n)| n);
                    self.push(
                        "parameter-location-changed",
                        self.at_new(pn),
                        format!("parameter `{name}` of {label} moved from the {from} to the {location}; clients built from OLD still send it in the {from}"),
                        rust_or(rust, [Audience::Wire]),
                        Semver::Patch,
                    );
                    continue;
                }
                if required {
                    self.push(
                        "required-parameter-added",
                        self.at_new(pn),
                        format!("{label} has a new required {location} parameter `{name}`; the method takes a new argument"),
                        [Audience::Client, Audience::Server, Audience::Wire],
                        Semver::Major,
                    );
                } else {
                    // Whether the method callers write and the trait method implementers write
                    // take it as an argument is the emitted code's choice: read it there.
                    let takes = self.takes_argument(n, name, location);
                    let what = match takes.as_slice() {
                        [] => "no method's arguments change",
                        [Audience::Client] => "the client method takes a new argument",
                        [Audience::Server] => "the server trait method takes a new argument",
                        _ => "the client method and the server trait method take a new argument",
                    };
                    self.push(
                        "optional-parameter-added",
                        self.at_new(pn),
                        format!("{label} has a new optional {location} parameter `{name}`; {what}"),
                        takes,
                        Semver::Minor,
                    );
                }
                continue;
            };
            let was_required = flag(q, "required") || location == "path";
            let a = ir_param(Which::Old, o, name, location);
            let b = ir_param(Which::New, n, name, location);
            if was_required != required {
                let (kind, wire, text) = if required {
                    ("parameter-became-required", true, "is now required")
                } else {
                    ("parameter-became-optional", false, "is now optional")
                };
                let rust =
                    a.as_ref().map(|(p, _)| p.required) != b.as_ref().map(|(p, _)| p.required);
                let mut breaks = if rust {
                    vec![Audience::Client, Audience::Server]
                } else {
                    vec![]
                };
                if wire {
                    breaks.push(Audience::Wire);
                }
                self.push(
                    kind,
                    self.at_new(pn),
                    format!("the {location} parameter `{name}` of {label} {text}"),
                    breaks,
                    Semver::Patch,
                );
            }
            // How the value is written: its `content` media type (JSON text, say), or its style.
            let content_media = |p: &Value| {
                p.get("content")
                    .and_then(Value::as_object)
                    .and_then(|c| c.keys().next().cloned())
            };
            let serialization = |p: &Value| {
                if let Some(media) = content_media(p) {
                    return format!("content `{media}`");
                }
                let default = if matches!(location.as_str(), "query" | "cookie") {
                    "form"
                } else {
                    "simple"
                };
                let s = str_of(p, "style").unwrap_or(default);
                let explode = p
                    .get("explode")
                    .and_then(Value::as_bool)
                    .unwrap_or(s == "form");
                format!("style `{s}`, explode {explode}")
            };
            // The schema, where both give one the same way: beside the parameter, or under
            // the same `content` media type.
            let schemas = match (content_media(q), content_media(p)) {
                (None, None) => q.get("schema").zip(p.get("schema")).map(|pair| {
                    let (old_at, new_at) = (format!("{po}/schema"), format!("{pn}/schema"));
                    (pair, old_at, new_at)
                }),
                (Some(mq), Some(mp)) if mq == mp => {
                    fn schema_under<'v>(p: &'v Value, media: &str) -> Option<&'v Value> {
                        p.get("content")?.get(media)?.get("schema")
                    }
                    schema_under(q, &mq).zip(schema_under(p, &mq)).map(|pair| {
                        let media = child(&child("", "content"), &mq);
                        let (old_at, new_at) =
                            (format!("{po}{media}/schema"), format!("{pn}{media}/schema"));
                        (pair, old_at, new_at)
                    })
                }
                _ => None,
            };
            let (was, is) = (serialization(q), serialization(p));
            if was != is {
                // With no schema to compare (`content` came or went), the Rust type is compared
                // here.
                let retyped = schemas.is_none()
                    && self
                        .names
                        .differs(
                            a.as_ref().map(|(p, _)| &p.ty),
                            b.as_ref().map(|(p, _)| &p.ty),
                        )
                        .unwrap_or(false);
                self.push(
                    "parameter-style-changed",
                    self.at_new(pn),
                    format!("the {location} parameter `{name}` of {label} is serialized differently ({was} → {is}); clients built from OLD send the old form"),
                    rust_or(retyped, [Audience::Wire]),
                    if retyped { Semver::Major } else { Semver::Patch },
                );
            }
            if let Some(((sq, sp), old_at, new_at)) = schemas {
                let rust = Rust {
                    old: a.map(|(p, _)| p.ty),
                    new: b.map(|(p, _)| p.ty),
                    wrapping_changed: false,
                };
                self.schema(&old_at, sq, &new_at, sp, REQUEST, rust);
            }
        }
        for (name, location, po, _) in &olds {
            let present = news.iter().any(|(a, _, _, _)| a == name);
            if !present {
                self.push(
                    "parameter-removed",
                    self.at_old(po),
                    format!("the {location} parameter `{name}` of {label} was removed; the method loses an argument"),
                    [Audience::Client, Audience::Server],
                    Semver::Major,
                );
            }
        }
    }

    fn request_body(&mut self, o: &OpKey, old_op: &Value, n: &OpKey, new_op: &Value, label: &str) {
        let po = child(&o.pointer, "requestBody");
        let pn = child(&n.pointer, "requestBody");
        let (a, b) = (old_op.get("requestBody"), new_op.get("requestBody"));
        let ir_old = self
            .names
            .operation(Which::Old, &o.method, &o.path)
            .and_then(|op| op.body.clone());
        let ir_new = self
            .names
            .operation(Which::New, &n.method, &n.path)
            .and_then(|op| op.body.clone());
        match (a, b) {
            (None, None) => {}
            (None, Some(b)) => {
                let (_, b) = resolve(&self.new.doc, &pn, b);
                let mut breaks = vec![Audience::Client, Audience::Server];
                let required = flag(b, "required");
                if required {
                    breaks.push(Audience::Wire);
                }
                self.push(
                    "request-body-added",
                    self.at_new(&pn),
                    format!(
                        "{label} takes a{} request body; the method takes a new argument",
                        if required { " required" } else { "n optional" }
                    ),
                    breaks,
                    Semver::Major,
                );
            }
            (Some(_), None) => self.push(
                "request-body-removed",
                self.at_old(&po),
                format!("{label} no longer takes a request body; the method loses an argument"),
                [Audience::Client, Audience::Server],
                Semver::Major,
            ),
            (Some(a), Some(b)) => {
                let (po, a) = resolve(&self.old.doc, &po, a);
                let (pn, b) = resolve(&self.new.doc, &pn, b);
                let (ra, rb) = (flag(a, "required"), flag(b, "required"));
                let rust_required =
                    ir_old.as_ref().map(|x| x.required) != ir_new.as_ref().map(|x| x.required);
                if !ra && rb {
                    self.push(
                        "request-body-became-required",
                        self.at_new(&pn),
                        format!("the request body of {label} is now required"),
                        rust_or(rust_required, [Audience::Wire]),
                        Semver::Patch,
                    );
                } else if ra && !rb {
                    self.push(
                        "request-body-became-optional",
                        self.at_new(&pn),
                        format!("the request body of {label} is now optional"),
                        rust_or(rust_required, []),
                        Semver::Patch,
                    );
                }
                let rust_for = |body: &Option<crate::ir::Body>, media: &str| {
                    body.as_ref()
                        .filter(|x| x.content_type == media)
                        .map(|x| x.ty.clone())
                };
                let kind_changed = ir_old.as_ref().map(|x| (x.kind, x.content_type.clone()))
                    != ir_new.as_ref().map(|x| (x.kind, x.content_type.clone()));
                self.content(
                    &po,
                    a,
                    &pn,
                    b,
                    REQUEST,
                    label,
                    "request",
                    kind_changed,
                    &|which, media| match which {
                        Which::Old => rust_for(&ir_old, media),
                        Which::New => rust_for(&ir_new, media),
                    },
                );
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn content(
        &mut self,
        po: &str,
        a: &Value,
        pn: &str,
        b: &Value,
        dir: Dir,
        label: &str,
        what: &str,
        rust_changed: bool,
        rust_ty: &dyn Fn(Which, &str) -> Option<Ty>,
    ) {
        let empty = serde_json::Map::new();
        let ca = a
            .get("content")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let cb = b
            .get("content")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let rust = if rust_changed {
            vec![Audience::Client, Audience::Server]
        } else {
            vec![]
        };
        let mut reported_rust = false;
        for (media, mb) in cb {
            let mpn = child(&child(pn, "content"), media);
            match ca.get(media) {
                None => {
                    reported_rust = reported_rust || rust_changed;
                    self.push(
                        if what == "request" {
                            "request-media-type-added"
                        } else {
                            "response-media-type-added"
                        },
                        self.at_new(&mpn),
                        format!("the {what} of {label} can now be `{media}`"),
                        rust.clone(),
                        Semver::Minor,
                    );
                }
                Some(ma) => {
                    let mpo = child(&child(po, "content"), media);
                    if let (Some(sa), Some(sb)) = (ma.get("schema"), mb.get("schema")) {
                        let r = Rust {
                            old: rust_ty(Which::Old, media),
                            new: rust_ty(Which::New, media),
                            wrapping_changed: false,
                        };
                        self.schema(
                            &child(&mpo, "schema"),
                            sa,
                            &child(&mpn, "schema"),
                            sb,
                            dir,
                            r,
                        );
                    }
                    if ma.get("example") != mb.get("example")
                        || ma.get("examples") != mb.get("examples")
                    {
                        self.push(
                            "documentation-changed",
                            self.at_new(&mpn),
                            format!("the examples of the `{media}` {what} of {label} changed"),
                            [],
                            Semver::None,
                        );
                    }
                }
            }
        }
        for media in ca.keys().filter(|m| !cb.contains_key(*m)) {
            let mpo = child(&child(po, "content"), media);
            let mut breaks = if rust_changed && !reported_rust {
                vec![Audience::Client, Audience::Server]
            } else {
                vec![]
            };
            if dir.request {
                breaks.push(Audience::Wire);
            }
            self.push(
                if what == "request" {
                    "request-media-type-removed"
                } else {
                    "response-media-type-removed"
                },
                self.at_old(&mpo),
                format!("the {what} of {label} can no longer be `{media}`"),
                breaks,
                Semver::Patch,
            );
        }
        if a.get("description") != b.get("description") {
            self.push(
                "documentation-changed",
                self.at_new(pn),
                format!("the description of the {what} of {label} changed"),
                [],
                Semver::None,
            );
        }
    }

    fn responses(&mut self, o: &OpKey, old_op: &Value, n: &OpKey, new_op: &Value, label: &str) {
        let empty = serde_json::Map::new();
        let ra = old_op
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let rb = new_op
            .get("responses")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let ir_old = self.names.operation(Which::Old, &o.method, &o.path);
        let ir_new = self.names.operation(Which::New, &n.method, &n.path);
        let return_changed = match (ir_old, ir_new) {
            (Some(a), Some(b)) => {
                self.names.client_return(Which::Old, a) != self.names.client_return(Which::New, b)
            }
            _ => false,
        };
        let status_of = |s: &str| {
            if s == "default" {
                Some(crate::ir::StatusMatch::Default)
            } else if s.len() == 3 && s[1..].eq_ignore_ascii_case("XX") {
                s[..1].parse().ok().map(crate::ir::StatusMatch::Range)
            } else {
                s.parse().ok().map(crate::ir::StatusMatch::Code)
            }
        };
        // The IR keeps one body per response (JSON where it is listed): its type is the Rust
        // type of that media type's schema only.
        let ir_body = |op: Option<&crate::ir::Operation>, status: &str, media: &str| {
            let st = status_of(status)?;
            let r = op?.responses.iter().find(|r| r.status == st)?;
            let m = media
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            // What the lowering reads as JSON (`lower/operation.rs`, `is_json`).
            let json = m == "application/json"
                || m.ends_with("+json")
                || m == "*/*"
                || m == "application/*"
                || m.ends_with("/json");
            match &r.body {
                crate::ir::ResponseBody::Json(t) if json => Some(t.clone()),
                _ => None,
            }
        };
        // Only success statuses make the client method's return type; error bodies are reported
        // with the `ErrorBody` enum they change.
        let client = |status: &str| {
            if return_changed && status.starts_with('2') {
                vec![Audience::Client]
            } else {
                vec![]
            }
        };
        let responses = child(&n.pointer, "responses");
        let old_responses = child(&o.pointer, "responses");
        for (status, b) in rb {
            let pn = child(&responses, status);
            match ra.get(status) {
                None => {
                    let success = status.starts_with('2');
                    let mut breaks = client(status);
                    // A client from OLD takes any 2xx as done when OLD documents no success and no
                    // `default`; otherwise a status it does not know is an error to it.
                    let takes_any_success = ir_old.is_some_and(|op| {
                        op.responses.iter().all(|r| {
                            !r.status.is_success() && r.status != crate::ir::StatusMatch::Default
                        })
                    });
                    if success && !takes_any_success {
                        breaks.push(Audience::Wire);
                    }
                    // The server trait's answer is an enum with a variant per response: a new
                    // variant breaks a `match` on it unless the emitted enum is non_exhaustive.
                    let server_enum = ir_old.is_some_and(|op| {
                        let method = self.old.names.operation(op).method.to_string();
                        self.old.surface.server_answer_is_exhaustive(&method)
                    });
                    if server_enum {
                        breaks.push(Audience::Server);
                    }
                    let also = if server_enum {
                        "; the server's response enum has a new variant, which an exhaustive `match` on it must handle"
                    } else {
                        ""
                    };
                    self.push(
                        "response-added",
                        self.at_new(&pn),
                        if success {
                            format!("{label} can answer `{status}`, which clients built from OLD do not expect{also}")
                        } else {
                            format!("{label} documents a `{status}` response{also}")
                        },
                        breaks,
                        Semver::Minor,
                    );
                }
                Some(a) => {
                    let po = child(&old_responses, status);
                    let (po, a) = resolve(&self.old.doc, &po, a);
                    let (pn, b) = resolve(&self.new.doc, &pn, b);
                    let st = status.clone();
                    self.content(
                        &po,
                        a,
                        &pn,
                        b,
                        RESPONSE,
                        label,
                        &format!("`{status}` response"),
                        false,
                        &|which, media| match which {
                            Which::Old => ir_body(ir_old, &st, media),
                            Which::New => ir_body(ir_new, &st, media),
                        },
                    );
                }
            }
        }
        for status in ra.keys().filter(|s| !rb.contains_key(*s)) {
            let po = child(&old_responses, status);
            let mut breaks = client(status);
            breaks.push(Audience::Server);
            self.push(
                "response-removed",
                self.at_old(&po),
                format!("{label} no longer answers `{status}`; the server's response enum loses that variant"),
                breaks,
                Semver::Major,
            );
        }
    }

    /// Compares two schemas found at `po` (in OLD) and `pn` (in NEW).
    fn schema(&mut self, po: &str, o: &Value, pn: &str, n: &Value, dir: Dir, rust: Rust) {
        // `{allOf: [X], nullable, description}` (how a `$ref` with siblings is read) is X with
        // annotations: compare X, and the annotation that changes the type here.
        let (uo, un) = (single_all_of(o), single_all_of(n));
        if uo.is_some() || un.is_some() {
            let (po, o) = match uo {
                Some(m) => (format!("{po}/allOf/0"), m),
                None => (po.to_string(), o),
            };
            let (pn, n) = match un {
                Some(m) => (format!("{pn}/allOf/0"), m),
                None => (pn.to_string(), n),
            };
            return self.schema(&po, o, &pn, n, dir, rust);
        }
        let ro = str_of(o, "$ref");
        let rn = str_of(n, "$ref");
        if let (Some(ro), Some(rn)) = (ro, rn) {
            let mapped = self.names.map_pointer(ro);
            if mapped == rn {
                // The component is compared on its own, in every direction it is used in.
                return;
            }
        }
        let site = pn.to_string();
        let (po, o) = resolve(&self.old.doc, po, o);
        let (pn, n) = resolve(&self.new.doc, pn, n);
        if ro.is_some() || rn.is_some() {
            let rust_ty = |which: Which, pointer: &str, given: &Option<Ty>| {
                given.clone().or_else(|| self.names.type_at(which, pointer))
            };
            let rust = Rust {
                old: rust_ty(Which::Old, &po, &rust.old),
                new: rust_ty(Which::New, &pn, &rust.new),
                wrapping_changed: rust.wrapping_changed,
            };
            if !self
                .seen
                .insert((po.clone(), pn.clone(), dir.request, dir.response))
            {
                return;
            }
            if let (Some(ro), Some(rn)) = (ro, rn) {
                let changed = self
                    .names
                    .differs(rust.old.as_ref(), rust.new.as_ref())
                    .unwrap_or(true);
                self.push(
                    "schema-reference-changed",
                    self.at_new(&site),
                    format!("the schema `{ro}` is now `{rn}`"),
                    rust_or(changed, []),
                    Semver::Patch,
                );
            }
            return self.node(&po, o, &pn, n, dir, rust);
        }
        self.node(&po, o, &pn, n, dir, rust)
    }

    /// Compares two resolved schemas.
    fn node(&mut self, po: &str, o: &Value, pn: &str, n: &Value, dir: Dir, rust: Rust) {
        let loc = self.at_new(pn);
        let (Some(om), Some(nm)) = (o.as_object(), n.as_object()) else {
            if o != n {
                self.push(
                    "schema-changed",
                    loc,
                    "the schema changed".into(),
                    [Audience::Client, Audience::Server, Audience::Wire],
                    Semver::Major,
                );
            }
            return;
        };
        let changed_docs: Vec<&str> = [
            "description",
            "title",
            "example",
            "examples",
            "externalDocs",
        ]
        .into_iter()
        .filter(|k| om.get(*k) != nm.get(*k))
        .collect();
        if !changed_docs.is_empty() {
            self.push(
                "documentation-changed",
                loc.clone(),
                format!("the schema's {} changed", changed_docs.join(", ")),
                [],
                Semver::None,
            );
        }
        let rust_differs = |w: &Walk| w.names.differs(rust.old.as_ref(), rust.new.as_ref());
        // What `allOf` members say about the value itself (type, format, enum, bounds) counts as
        // said here; their properties are compared below, where they are.
        let (o_all, n_all) = (merged(&self.old.doc, o), merged(&self.new.doc, n));
        let (full_o, full_n) = (o, n);
        let (o, n) = (&o_all, &n_all);
        // The type.
        let (to, tn) = (effective_type(o), effective_type(n));
        if to != tn {
            let changed = rust_differs(self).unwrap_or(true);
            // Any value to one type narrows what is allowed: requests from OLD may not fit, responses
            // still do. A type to any value, or integer to number, widens it: the reverse.
            let narrowed = to.is_none() && !has_union(o);
            let widened = (tn.is_none() && !has_union(n))
                || (to.as_deref() == Some("integer") && tn.as_deref() == Some("number"));
            let wire = dir.breaks(!widened, !narrowed);
            self.push(
                "type-changed",
                loc,
                format!(
                    "the type changes from {} to {}",
                    to.as_deref().map_or("any".into(), |t| format!("`{t}`")),
                    tn.as_deref().map_or("any".into(), |t| format!("`{t}`"))
                ),
                rust_or(changed, wire.then_some(Audience::Wire)),
                Semver::Patch,
            );
            return;
        }
        // The format.
        let (fo, fnew) = (str_of(o, "format"), str_of(n, "format"));
        if fo != fnew {
            let changed = rust_differs(self).unwrap_or(false);
            // A new format is a constraint (requests); losing one widens what a server may send.
            let widened = matches!(
                (fo, fnew),
                (Some("int32"), Some("int64")) | (Some("float"), Some("double"))
            );
            let wire = match (fo, fnew) {
                (None, Some(_)) => dir.breaks(true, false),
                (Some(_), None) => dir.breaks(false, changed),
                // A wider number: every value a client sends still fits; not every one it reads.
                _ if widened => dir.breaks(false, true),
                _ => dir.breaks(true, true),
            };
            self.push(
                "format-changed",
                loc.clone(),
                format!(
                    "the format changes from {} to {}",
                    fo.map_or("none".into(), |f| format!("`{f}`")),
                    fnew.map_or("none".into(), |f| format!("`{f}`"))
                ),
                rust_or(changed, wire.then_some(Audience::Wire)),
                Semver::Patch,
            );
        }
        // Nullability.
        let (no, nn) = (flag(o, "nullable"), flag(n, "nullable"));
        if no != nn {
            let changed = rust_differs(self).unwrap_or(false) || rust.wrapping_changed;
            let (kind, text, wire) = if nn {
                (
                    "nullable-added",
                    "may now be `null`",
                    dir.breaks(false, true),
                )
            } else {
                (
                    "nullable-removed",
                    "may no longer be `null`",
                    dir.breaks(true, false),
                )
            };
            self.push(
                kind,
                loc.clone(),
                format!("the value {text}"),
                rust_or(changed, wire.then_some(Audience::Wire)),
                Semver::Patch,
            );
        }
        self.enumeration(o, n, dir, &rust, &loc);
        self.constraints(o, n, dir, &loc);
        if o.get("default") != n.get("default") {
            self.push(
                "default-changed",
                loc.clone(),
                format!(
                    "the default changes from {} to {}",
                    o.get("default").map_or("none".into(), show),
                    n.get("default").map_or("none".into(), show)
                ),
                [],
                Semver::Patch,
            );
        }
        let (o, n) = (full_o, full_n);
        self.properties(po, o, pn, n, dir, &rust);
        // Arrays.
        if let (Some(a), Some(b)) = (o.get("items"), n.get("items")) {
            let rust = Rust {
                old: rust
                    .old
                    .as_ref()
                    .and_then(|t| self.names.items(Which::Old, t)),
                new: rust
                    .new
                    .as_ref()
                    .and_then(|t| self.names.items(Which::New, t)),
                wrapping_changed: false,
            };
            self.schema(&child(po, "items"), a, &child(pn, "items"), b, dir, rust);
        }
        self.additional(po, o, pn, n, dir, &rust);
        self.unions(po, o, pn, n, dir, &rust);
    }

    fn enumeration(&mut self, o: &Value, n: &Value, dir: Dir, rust: &Rust, loc: &str) {
        let values = |v: &Value| -> Option<Vec<Value>> {
            v.get("enum").and_then(Value::as_array).map(|a| a.to_vec())
        };
        let (Some(a), Some(b)) = (values(o), values(n)) else {
            if values(o).is_some() != values(n).is_some() {
                // A list appears (a constraint on requests) or goes (new values in responses).
                let added = values(n).is_some();
                let rust_changed = self
                    .names
                    .differs(rust.old.as_ref(), rust.new.as_ref())
                    .unwrap_or(false);
                self.push(
                    if added { "enum-added" } else { "enum-removed" },
                    format!("{loc}/enum"),
                    if added {
                        "the value is now restricted to a list".into()
                    } else {
                        "the value is no longer restricted to a list".into()
                    },
                    rust_or(
                        rust_changed,
                        dir.breaks(added, false).then_some(Audience::Wire),
                    ),
                    Semver::Patch,
                );
            }
            return;
        };
        let is_enum =
            |w: Which, t: &Option<Ty>| t.as_ref().is_some_and(|t| self.names.is_enum(w, t));
        let rust_enum = is_enum(Which::Old, &rust.old) && is_enum(Which::New, &rust.new);
        for v in b.iter().filter(|v| !a.contains(v)) {
            self.push(
                "enum-value-added",
                format!("{loc}/enum"),
                format!(
                    "new value {}{}",
                    show(v),
                    if rust_enum && dir.response {
                        "; the generated enum is open, so clients built from OLD read it as `Other`"
                    } else {
                        ""
                    }
                ),
                [],
                if rust_enum {
                    Semver::Minor
                } else {
                    Semver::Patch
                },
            );
        }
        for v in a.iter().filter(|v| !b.contains(v)) {
            let mut breaks = if rust_enum {
                vec![Audience::Client, Audience::Server]
            } else {
                vec![]
            };
            if dir.request {
                breaks.push(Audience::Wire);
            }
            self.push(
                "enum-value-removed",
                format!("{loc}/enum"),
                format!(
                    "the value {} is gone{}",
                    show(v),
                    if rust_enum {
                        "; so is its enum variant"
                    } else {
                        ""
                    }
                ),
                breaks,
                Semver::Patch,
            );
        }
    }

    fn constraints(&mut self, o: &Value, n: &Value, dir: Dir, loc: &str) {
        // An upper bound tightens when it appears or falls; a lower bound when it appears or rises.
        let uppers = ["maxLength", "maxItems", "maxProperties", "maximum"];
        let lowers = ["minLength", "minItems", "minProperties", "minimum"];
        let num = |v: &Value, k: &str| v.get(k).and_then(Value::as_f64);
        for (keys, upper) in [(uppers, true), (lowers, false)] {
            for key in keys {
                let (a, b) = (num(o, key), num(n, key));
                if a == b {
                    continue;
                }
                let tightened = match (a, b) {
                    (None, Some(_)) => true,
                    (Some(_), None) => false,
                    (Some(a), Some(b)) => (b < a) == upper,
                    (None, None) => continue,
                };
                let show_n = |x: Option<f64>| x.map_or("none".into(), |x| format!("{x}"));
                self.constraint(
                    key,
                    tightened,
                    format!("{} → {}", show_n(a), show_n(b)),
                    dir,
                    loc,
                );
            }
        }
        for key in ["exclusiveMinimum", "exclusiveMaximum", "uniqueItems"] {
            let (a, b) = (flag(o, key), flag(n, key));
            if a != b {
                self.constraint(key, b, format!("{a} → {b}"), dir, loc);
            }
        }
        let (a, b) = (o.get("multipleOf"), n.get("multipleOf"));
        if a != b {
            self.constraint("multipleOf", b.is_some(), "changed".into(), dir, loc);
            if a.is_some() && b.is_some() {
                self.constraint("multipleOf", false, "changed".into(), dir, loc);
            }
        }
        let (a, b) = (str_of(o, "pattern"), str_of(n, "pattern"));
        if a != b {
            let text = format!(
                "{} → {}",
                a.map_or("none".into(), |p| format!("`{p}`")),
                b.map_or("none".into(), |p| format!("`{p}`"))
            );
            // A different pattern may refuse what the old one accepted, and accept what it refused.
            self.constraint("pattern", b.is_some(), text.clone(), dir, loc);
            if a.is_some() && b.is_some() {
                self.constraint("pattern", false, text, dir, loc);
            }
        }
    }

    fn constraint(&mut self, key: &str, tightened: bool, text: String, dir: Dir, loc: &str) {
        let (kind, message) = if tightened {
            (
                "constraint-tightened",
                format!(
                    "`{key}` tightened ({text}){}",
                    if dir.request {
                        "; a server speaking NEW may refuse requests a client built from OLD sends"
                    } else {
                        ""
                    }
                ),
            )
        } else {
            (
                "constraint-loosened",
                format!(
                    "`{key}` loosened ({text}){}",
                    if dir.response {
                        "; generated clients do not check it on responses"
                    } else {
                        ""
                    }
                ),
            )
        };
        let wire = tightened && dir.request;
        self.push(
            kind,
            format!("{loc}/{key}"),
            message,
            wire.then_some(Audience::Wire),
            Semver::Patch,
        );
    }

    fn properties(&mut self, po: &str, o: &Value, pn: &str, n: &Value, dir: Dir, rust: &Rust) {
        let (op, oreq) = flatten(&self.old.doc, po, o);
        let (np, nreq) = flatten(&self.new.doc, pn, n);
        if op.is_empty() && np.is_empty() {
            return;
        }
        let prop = |w: &Walk, which: Which, ty: &Option<Ty>, name: &str| {
            ty.as_ref().and_then(|t| w.names.prop(which, t, name))
        };
        for (name, (ppn, pv)) in &np {
            let required = nreq.contains(name);
            let new_prop = prop(self, Which::New, &rust.new, name);
            let Some((ppo, qv)) = op.get(name) else {
                let in_new = new_prop.as_ref().is_none_or(|p| p.in_constructor);
                if required {
                    let breaks: Vec<Audience> = if in_new {
                        rust.new
                            .as_ref()
                            .map(|t| self.names.builders(Which::New, t))
                            .unwrap_or_else(|| vec![Audience::Client])
                    } else {
                        vec![]
                    };
                    let wire = dir.breaks(true, false);
                    let builders: Vec<&str> = breaks.iter().map(|a| a.as_str()).collect();
                    self.push(
                        "required-property-added",
                        self.at_new(ppn),
                        format!(
                            "new required property `{name}`{}{}",
                            if wire {
                                "; requests from clients built from OLD lack it"
                            } else {
                                ""
                            },
                            if builders.is_empty() {
                                String::new()
                            } else {
                                format!(
                                    "; `new` takes it (the {} builds this type)",
                                    builders.join(" and ")
                                )
                            }
                        ),
                        breaks.into_iter().chain(wire.then_some(Audience::Wire)),
                        Semver::Minor,
                    );
                } else {
                    self.push(
                        "property-added",
                        self.at_new(ppn),
                        format!("new optional property `{name}`"),
                        [],
                        Semver::Minor,
                    );
                }
                continue;
            };
            let was_required = oreq.contains(name);
            let old_prop = prop(self, Which::Old, &rust.old, name);
            if was_required != required {
                let rust_changed = match (&old_prop, &new_prop) {
                    (Some(a), Some(b)) => {
                        self.names
                            .differs(Some(&a.declared), Some(&b.declared))
                            .unwrap_or(false)
                            || a.in_constructor != b.in_constructor
                    }
                    _ => true,
                };
                let (kind, text, wire) = if required {
                    (
                        "property-became-required",
                        "is now required",
                        dir.breaks(true, false),
                    )
                } else {
                    (
                        "property-became-optional",
                        "is now optional",
                        dir.breaks(false, true),
                    )
                };
                self.push(
                    kind,
                    self.at_new(ppn),
                    format!("the property `{name}` {text}"),
                    rust_or(rust_changed, wire.then_some(Audience::Wire)),
                    Semver::Patch,
                );
            }
            let wrapping_changed = was_required == required
                && match (&old_prop, &new_prop) {
                    (Some(a), Some(b)) => {
                        self.names.differs(Some(&a.declared), Some(&b.declared)) == Some(true)
                            && self.names.differs(Some(&a.inner), Some(&b.inner)) == Some(false)
                    }
                    _ => false,
                };
            let sub = Rust {
                old: old_prop.map(|p| p.inner),
                new: new_prop.map(|p| p.inner),
                wrapping_changed,
            };
            self.schema(ppo, qv, ppn, pv, dir, sub);
        }
        for (name, (ppo, _)) in &op {
            if np.contains_key(name) {
                continue;
            }
            let was_required = oreq.contains(name);
            let wire = dir.breaks(false, was_required);
            self.push(
                "property-removed",
                self.at_old(ppo),
                format!(
                    "the property `{name}` was removed; so is its field{}",
                    if wire {
                        ", and clients built from OLD require it in responses"
                    } else {
                        ""
                    }
                ),
                [Audience::Client, Audience::Server]
                    .into_iter()
                    .chain(wire.then_some(Audience::Wire)),
                Semver::Major,
            );
        }
    }

    fn additional(&mut self, po: &str, o: &Value, pn: &str, n: &Value, dir: Dir, rust: &Rust) {
        let (a, b) = (o.get("additionalProperties"), n.get("additionalProperties"));
        if a == b {
            return;
        }
        let pa = child(po, "additionalProperties");
        let pb = child(pn, "additionalProperties");
        match (a, b) {
            (Some(x), Some(y)) if x.is_object() && y.is_object() => {
                let rust = Rust {
                    old: rust
                        .old
                        .as_ref()
                        .and_then(|t| self.names.values(Which::Old, t)),
                    new: rust
                        .new
                        .as_ref()
                        .and_then(|t| self.names.values(Which::New, t)),
                    wrapping_changed: false,
                };
                self.schema(&pa, x, &pb, y, dir, rust);
            }
            _ => {
                let allowed = |v: Option<&Value>| v != Some(&Value::Bool(false));
                let rust_changed = self
                    .names
                    .differs(rust.old.as_ref(), rust.new.as_ref())
                    .unwrap_or(false)
                    || rust
                        .old
                        .as_ref()
                        .and_then(|t| self.names.values(Which::Old, t))
                        .is_some()
                        != rust
                            .new
                            .as_ref()
                            .and_then(|t| self.names.values(Which::New, t))
                            .is_some();
                let tightened = allowed(a) && !allowed(b);
                self.push(
                    "additional-properties-changed",
                    self.at_new(&pb),
                    format!(
                        "what other properties the object may have changed{}",
                        if tightened {
                            ": none are allowed now"
                        } else {
                            ""
                        }
                    ),
                    rust_or(
                        rust_changed,
                        dir.breaks(tightened, !tightened && b.is_some())
                            .then_some(Audience::Wire),
                    ),
                    Semver::Patch,
                );
            }
        }
    }

    fn unions(&mut self, po: &str, o: &Value, pn: &str, n: &Value, dir: Dir, rust: &Rust) {
        for key in ["oneOf", "anyOf"] {
            let empty = Vec::new();
            let a = o.get(key).and_then(Value::as_array).unwrap_or(&empty);
            let b = n.get(key).and_then(Value::as_array).unwrap_or(&empty);
            if a.is_empty() && b.is_empty() {
                continue;
            }
            let is_union =
                |w: Which, t: &Option<Ty>| t.as_ref().is_some_and(|t| self.names.is_union(w, t));
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                let sub = Rust {
                    old: rust
                        .old
                        .as_ref()
                        .and_then(|t| self.names.variant(Which::Old, t, i)),
                    new: rust
                        .new
                        .as_ref()
                        .and_then(|t| self.names.variant(Which::New, t, i)),
                    wrapping_changed: false,
                };
                self.schema(
                    &format!("{po}/{key}/{i}"),
                    x,
                    &format!("{pn}/{key}/{i}"),
                    y,
                    dir,
                    sub,
                );
            }
            if b.len() > a.len() {
                let readers = match &rust.new {
                    Some(t) if is_union(Which::New, &rust.new) => self.names.readers(Which::New, t),
                    _ => vec![],
                };
                for i in a.len()..b.len() {
                    self.push(
                        "union-member-added",
                        self.at_new(&format!("{pn}/{key}/{i}")),
                        "the value may now be of a new kind; the union enum has a new variant, which exhaustive matches must handle".into(),
                        readers.iter().copied().chain(dir.breaks(false, true).then_some(Audience::Wire)),
                        Semver::Minor,
                    );
                }
            }
            for i in b.len()..a.len() {
                self.push(
                    "union-member-removed",
                    self.at_old(&format!("{po}/{key}/{i}")),
                    "the value may no longer be of this kind; the union enum loses a variant"
                        .into(),
                    [Audience::Client, Audience::Server]
                        .into_iter()
                        .chain(dir.breaks(true, false).then_some(Audience::Wire)),
                    Semver::Major,
                );
            }
        }
        let tag = |v: &Value| {
            v.pointer("/discriminator/propertyName")
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        if tag(o) != tag(n) {
            self.push(
                "discriminator-changed",
                self.at_new(&child(pn, "discriminator")),
                format!(
                    "the discriminator property changes from {} to {}",
                    tag(o).map_or("none".into(), |t| format!("`{t}`")),
                    tag(n).map_or("none".into(), |t| format!("`{t}`"))
                ),
                [Audience::Wire],
                Semver::Patch,
            );
        }
    }
}

/// The audiences: the Rust sides when `rust` (the generated type changes: everything that names
/// it breaks), then `others`.
fn rust_or(rust: bool, others: impl IntoIterator<Item = Audience>) -> BTreeSet<Audience> {
    let mut out: BTreeSet<Audience> = others.into_iter().collect();
    if rust {
        out.insert(Audience::Client);
        out.insert(Audience::Server);
    }
    out
}

/// The member of `{allOf: [member]}` when the schema says nothing else but annotations.
fn single_all_of(v: &Value) -> Option<&Value> {
    let map = v.as_object()?;
    let members = map.get("allOf")?.as_array()?;
    let annotations = [
        "allOf",
        "description",
        "title",
        "readOnly",
        "writeOnly",
        "deprecated",
        "default",
        "example",
        "externalDocs",
        "xml",
    ];
    (members.len() == 1
        && map
            .keys()
            .all(|k| annotations.contains(&k.as_str()) || k.starts_with("x-")))
    .then(|| &members[0])
}

fn has_union(v: &Value) -> bool {
    ["oneOf", "anyOf", "allOf"]
        .iter()
        .any(|k| v.get(*k).is_some())
}

/// `v` with the keywords of its `allOf` members (`$ref`s followed) beside its own, which win.
fn merged(doc: &Value, v: &Value) -> Value {
    fn walk(doc: &Value, v: &Value, out: &mut serde_json::Map<String, Value>, depth: usize) {
        let (_, v) = resolve(doc, "#", v);
        if depth > 32 {
            return;
        }
        if let Some(members) = v.get("allOf").and_then(Value::as_array) {
            for m in members {
                walk(doc, m, out, depth + 1);
            }
        }
        if let Some(map) = v.as_object() {
            for (k, x) in map {
                if k != "allOf" && k != "properties" && k != "required" {
                    out.insert(k.clone(), x.clone());
                }
            }
        }
    }
    if v.get("allOf").is_none() {
        return v.clone();
    }
    let mut out = serde_json::Map::new();
    walk(doc, v, &mut out, 0);
    if let Some(p) = v.get("properties") {
        out.insert("properties".into(), p.clone());
    }
    Value::Object(out)
}

/// The schema's `type`, or what its keywords imply.
fn effective_type(v: &Value) -> Option<String> {
    if let Some(t) = str_of(v, "type") {
        return Some(t.to_string());
    }
    if v.get("properties").is_some() || v.get("additionalProperties").is_some() {
        return Some("object".into());
    }
    if v.get("items").is_some() {
        return Some("array".into());
    }
    if let Some(members) = v.get("allOf").and_then(Value::as_array) {
        // `allOf` of objects is an object.
        if !members.is_empty() {
            return Some("object".into());
        }
    }
    None
}

/// The properties of an object schema, `allOf` members merged (`$ref`s followed): name →
/// (pointer, schema); and the required names.
fn flatten<'v>(
    doc: &'v Value,
    pointer: &str,
    v: &'v Value,
) -> (
    indexmap::IndexMap<String, (String, &'v Value)>,
    BTreeSet<String>,
) {
    let mut props = indexmap::IndexMap::new();
    let mut required = BTreeSet::new();
    let mut stack = vec![(pointer.to_string(), v, 0usize)];
    while let Some((pointer, v, depth)) = stack.pop() {
        if depth > 32 {
            continue;
        }
        let (pointer, v) = resolve(doc, &pointer, v);
        if let Some(map) = v.get("properties").and_then(Value::as_object) {
            for (name, schema) in map {
                props.entry(name.clone()).or_insert_with(|| {
                    (
                        format!("{pointer}/properties/{}", escape_token(name)),
                        schema,
                    )
                });
            }
        }
        if let Some(list) = v.get("required").and_then(Value::as_array) {
            required.extend(list.iter().filter_map(Value::as_str).map(str::to_string));
        }
        if let Some(members) = v.get("allOf").and_then(Value::as_array) {
            for (i, m) in members.iter().enumerate().rev() {
                stack.push((format!("{pointer}/allOf/{i}"), m, depth + 1));
            }
        }
    }
    (props, required)
}
