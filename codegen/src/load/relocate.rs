//! Where each part of the normalised document was in the document it came from.
//!
//! Load rewrites documents (a Swagger 2.0 `definitions/Pet` becomes `components/schemas/Pet`, an
//! OpenAPI 3.1 schema is normalised into the 3.0 model) before the rest of the pipeline sees them.
//! Diagnostics are found in the rewritten document, but must point at the author's own lines, so
//! each rewrite records which subtree of the new document came from which subtree of the old one.

use std::collections::BTreeMap;

/// Subtree moves from an old document to a new one: new pointer prefix → old pointer prefix.
/// A pointer not under any recorded prefix is where it was.
#[derive(Debug, Clone, Default)]
pub struct Relocations {
    moves: BTreeMap<String, String>,
}

impl Relocations {
    /// Records that the subtree at `new` (a pointer in the new document) was at `old`.
    pub fn record(&mut self, new: impl Into<String>, old: impl Into<String>) {
        self.moves.insert(new.into(), old.into());
    }

    /// The pointer in the old document of what is at `pointer` in the new one: the longest
    /// recorded prefix (on a segment boundary) is replaced by where it came from.
    pub fn original(&self, pointer: &str) -> String {
        let mut candidate = pointer;
        loop {
            if let Some(old) = self.moves.get(candidate) {
                return format!("{old}{}", &pointer[candidate.len()..]);
            }
            match candidate.rfind('/') {
                Some(cut) => candidate = &candidate[..cut],
                None => return pointer.to_string(),
            }
        }
    }
}

impl Relocations {
    /// `message` with each pointer it quotes (`` `#/…` ``, `` `$ref: #/…` ``) translated as
    /// [`Relocations::original`] translates a diagnostic's own pointer: a message about a 2.0
    /// spec says `#/definitions/Pet`, as its author wrote it, not `#/components/schemas/Pet`.
    pub fn original_message(&self, message: &str) -> String {
        if self.moves.is_empty() || !message.contains("`") {
            return message.to_string();
        }
        let mut out = String::with_capacity(message.len());
        let mut rest = message;
        while let Some(open) = rest.find('`') {
            let Some(len) = rest[open + 1..].find('`') else {
                break;
            };
            let quoted = &rest[open + 1..open + 1 + len];
            out.push_str(&rest[..=open]);
            let (prefix, pointer) = match quoted.strip_prefix("$ref: ") {
                Some(pointer) => ("$ref: ", pointer),
                None => ("", quoted),
            };
            if pointer.starts_with("#/") {
                out.push_str(prefix);
                out.push_str(&self.original(pointer));
            } else {
                out.push_str(quoted);
            }
            out.push('`');
            rest = &rest[open + len + 2..];
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_pointers_in_a_message_are_translated_too() {
        let mut r = Relocations::default();
        r.record("#/components/schemas", "#/definitions");
        assert_eq!(
            r.original_message(
                "unresolved `$ref: #/components/schemas/Pet`: no schema `Pet` in `#/components/schemas`"
            ),
            "unresolved `$ref: #/definitions/Pet`: no schema `Pet` in `#/definitions`"
        );
        assert_eq!(
            r.original_message("a `b` and `#/paths` `"),
            "a `b` and `#/paths` `"
        );
    }

    #[test]
    fn the_longest_recorded_prefix_wins_on_segment_boundaries() {
        let mut r = Relocations::default();
        r.record("#/components/schemas", "#/definitions");
        r.record("#/components/schemas/Pet", "#/definitions/Animal");
        assert_eq!(
            r.original("#/components/schemas/Pet/properties/id"),
            "#/definitions/Animal/properties/id"
        );
        assert_eq!(
            r.original("#/components/schemas/Pets"),
            "#/definitions/Pets"
        );
        assert_eq!(r.original("#/paths/~1pets"), "#/paths/~1pets");
        assert_eq!(r.original("#"), "#");
    }
}
