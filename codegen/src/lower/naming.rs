//! Rust names for spec names: case conversion, keywords, invalid identifiers and collisions.
//!
//! # The names a user reads
//!
//! - Every type the crate declares, wherever it lives, takes its name from one scope: schemas
//!   first (in spec order), then hoisted inline schemas, then each operation's own types, named
//!   after the operation with the suffix of their role: `<Op>Call` (the client's call builder),
//!   `<Op>Success` (the client's success enum), `<Op>Reply` (the server's response enum). So no
//!   two types in the crate share a name: a schema that is already called `CancelTransactionReply`
//!   keeps it, and the operation's enum becomes `CancelTransactionReply2`.
//! - Response variants are named after the status's reason phrase (`Created`, `NotFound`), except
//!   `200 OK`, which is `Success` (a variant `Ok` would read as `Result::Ok`).
//! - Functions generated per type are snake_case, from a stem unique among the types
//!   ([`function_stems`]): `check_corporate_checkout`, `decode_cancel_with_invoice_request`.
//! - Type names never take a prelude or runtime name (`Option`, `Client`, `Error`, ...); those get
//!   `Model` appended.

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords that are raw identifiers when used as a field or argument name.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "false", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
    "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try", "typeof",
    "unsized", "virtual", "yield",
];

/// Keywords that cannot even be raw identifiers.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "extern", "_"];

/// Type names the generated code itself relies on (prelude and std items used unqualified).
const RESERVED_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "Self",
    "Default",
    "Clone",
    "Debug",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "Iterator",
    "ToString",
    "From",
    "Into",
    "PartialEq",
    "Eq",
    "ErrorBody",
    "Client",
    "ClientBuilder",
    "Error",
    "FilePart",
];

/// Replaces everything but ASCII letters and digits with word breaks, so that heck sees words.
fn words(raw: &str) -> String {
    // A plural acronym (`refIDs`, `URLs`) is one word, not `I` + `Ds`.
    let chars: Vec<char> = raw.chars().collect();
    let mut raw = String::with_capacity(raw.len());
    let mut i = 0;
    while i < chars.len() {
        let run = chars[i..]
            .iter()
            .take_while(|c| c.is_ascii_uppercase())
            .count();
        let plural = run >= 2
            && chars.get(i + run) == Some(&'s')
            && !chars
                .get(i + run + 1)
                .is_some_and(|c| c.is_ascii_lowercase());
        if plural {
            raw.push(chars[i]);
            raw.extend(chars[i + 1..i + run].iter().map(|c| c.to_ascii_lowercase()));
            raw.push('s');
            i += run + 1;
        } else {
            raw.push(chars[i]);
            i += 1;
        }
    }
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// An UpperCamelCase type name for `raw`.
pub fn type_name(raw: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Unnamed".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("Type{name}");
    }
    if RESERVED_TYPES.contains(&name.as_str()) {
        name.push_str("Model");
    }
    name
}

/// An UpperCamelCase enum variant name for `raw`.
pub fn variant_name(raw: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name = "Empty".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("Value{name}");
    }
    if name == "Self" || name == "Other" {
        name.push_str("Value");
    }
    name
}

/// A snake_case field, argument or method name for `raw`, raw-escaped when it is a keyword.
pub fn field_name(raw: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name = "field".into();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("field_{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name = format!("r#{name}");
    }
    name
}

/// The snake_case stems of the functions generated per type (`check_corporate_checkout`), unique
/// among `types`: `AB` and `Ab` would both be `ab`, so the second is `ab_2`.
pub fn function_stems<'a>(
    types: impl IntoIterator<Item = &'a str>,
) -> std::collections::BTreeMap<String, String> {
    let mut scope = Scope::default();
    types
        .into_iter()
        .map(|name| {
            let stem = field_name(name);
            let stem = stem.strip_prefix("r#").map_or(stem.clone(), str::to_string);
            (name.to_string(), scope.claim(stem))
        })
        .collect()
}

/// Hands out unique names within one scope, deterministically: the first claimant of a name keeps
/// it, later ones get `2`, `3`, ... appended (the separator is `_` for snake_case names).
#[derive(Debug, Default)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    /// A scope that already holds `names`.
    pub fn with_reserved<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Self {
            taken: names.into_iter().map(str::to_string).collect(),
        }
    }

    /// Claims `name`, or the first free numbered variant of it.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let (base, sep) = match name.strip_prefix("r#") {
            Some(stripped) => (stripped.to_string(), "_"),
            None if name.starts_with(|c: char| c.is_ascii_lowercase()) || name.starts_with('_') => {
                (name.clone(), "_")
            }
            None => (name.clone(), ""),
        };
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_become_valid_identifiers() {
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("$ref"), "r#ref");
        assert_eq!(field_name("123abc"), "field_123abc");
        assert_eq!(field_name("a-b"), "a_b");
        assert_eq!(field_name("refIDs"), "ref_ids");
        assert_eq!(field_name("imageURLs"), "image_urls");
        assert_eq!(field_name("IDsList"), "ids_list");
        assert_eq!(field_name(""), "field");
        assert_eq!(type_name("self"), "SelfModel");
        assert_eq!(type_name("123abc"), "Type123abc");
        assert_eq!(type_name(""), "Unnamed");
        assert_eq!(type_name("Option"), "OptionModel");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("1st"), "Value1st");
        assert_eq!(type_name("ünïcode-näme"), "NCodeNMe");
    }

    #[test]
    fn collisions_are_numbered_in_claim_order() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim(field_name("fooBar")), "foo_bar");
        assert_eq!(scope.claim(field_name("foo_bar")), "foo_bar_2");
        assert_eq!(scope.claim(field_name("FooBar")), "foo_bar_3");
        assert_eq!(scope.claim(field_name("type")), "r#type");
        assert_eq!(scope.claim(field_name("type")), "type_2");
        let mut types = Scope::default();
        assert_eq!(types.claim(type_name("pet")), "Pet");
        assert_eq!(types.claim(type_name("Pet")), "Pet2");
    }
}
