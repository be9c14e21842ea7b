//! Diagnostics: every problem the generator finds, with where it found it.
//!
//! A diagnostic always carries the JSON pointer of the offending node; the file, line and column are
//! filled in by [`crate::locate`] when the source text is known.

use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The spec cannot be generated.
    Error,
    /// Generation went on, skipping or approximating the named construct.
    Warning,
}

/// A line and column in the spec file, both 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// JSON pointer of the offending node, e.g. `#/paths/~1status/get`.
    pub pointer: String,
    /// The spec file's path, when known.
    pub file: Option<String>,
    /// Line and column of the node, when known.
    pub position: Option<Position>,
    /// More context: for a node reached through a `$ref` into another file or place, which
    /// reference led there.
    pub note: Option<String>,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, pointer, message)
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, pointer, message)
    }

    fn new(severity: Severity, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity,
            message: message.into(),
            pointer: pointer.into(),
            file: None,
            position: None,
            note: None,
        }
    }

    /// Whether this diagnostic stops generation.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let file = self.file.as_deref().unwrap_or("<spec>");
        match self.position {
            Some(p) => write!(f, "  --> {file}:{}:{}", p.line, p.column)?,
            None => write!(f, "  --> {file}")?,
        }
        write!(f, "\n   = at {}", self.pointer)?;
        if let Some(note) = &self.note {
            write!(f, "\n   = note: {note}")?;
        }
        Ok(())
    }
}

/// All the diagnostics of a failed generation; `Display` prints them rustc-style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

/// `diagnostics` with each one said once, in order: a schema that load copied to several places
/// (a shared map, an array read by pointer from two operations) is lowered at each, and its
/// diagnostics, located back in the spec, are then the same words at the same place.
pub(crate) fn without_repeats(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::new();
    let keep: Vec<bool> = diagnostics
        .iter()
        .map(|d| {
            seen.insert((
                d.is_error(),
                d.pointer.as_str(),
                d.message.as_str(),
                d.file.as_deref(),
                d.note.as_deref(),
            ))
        })
        .collect();
    diagnostics
        .into_iter()
        .zip(keep)
        .filter_map(|(d, keep)| keep.then_some(d))
        .collect()
}

impl Diagnostics {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{d}")?;
        }
        let errors = self.errors().count();
        let warnings = self.0.len() - errors;
        write!(f, "{errors} error(s), {warnings} warning(s)")
    }
}

impl std::error::Error for Diagnostics {}

/// Escapes one JSON-pointer reference token (RFC 6901).
pub fn escape_token(token: &str) -> String {
    let mut out = String::with_capacity(token.len());
    push_escaped(&mut out, token);
    out
}

/// Appends `token` to `pointer`. The loader builds one for every node of a document it walks,
/// so this allocates once.
pub fn child(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 1 + token.len());
    out.push_str(pointer);
    out.push('/');
    push_escaped(&mut out, token);
    out
}

/// Appends `token` to `out`, escaped as a JSON-pointer reference token.
fn push_escaped(out: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pointer_tokens_are_escaped_per_rfc_6901() {
        assert_eq!(
            super::child("#/paths", "/pets/{id}"),
            "#/paths/~1pets~1{id}"
        );
        // `~` first: `~1` in a key is `~01`, not a slash.
        assert_eq!(super::child("#", "a~1/b"), "#/a~01~1b");
        assert_eq!(super::escape_token("plain"), "plain");
        assert_eq!(super::escape_token("~"), "~0");
    }
}
