//! Where `codegen diff` reads a spec from: a file, or a file at a git revision (`REV:PATH`).
//!
//! Every byte of a spec is read through [`SpecSource::read`], which maps a path to bytes, so a
//! multi-file spec can be read at a revision the same way: the loader asks for each file the root
//! references, and the reader answers from the working tree or from `git show REV:PATH`.

use std::path::{Component, Path, PathBuf};
use std::process::Command;

use super::Side;
use crate::{Diagnostic, Diagnostics};

/// A spec to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpecSource {
    /// A file on disk.
    File(PathBuf),
    /// The file at `path` in the git repository around the current directory, at revision `rev`.
    Git {
        /// A revision git understands: a branch, tag, commit, `origin/main`, `HEAD~1`.
        rev: String,
        /// The path as git resolves it (from the repository root, or `./…` from the current
        /// directory).
        path: String,
    },
}

impl SpecSource {
    /// Reads a command-line argument: an existing file is a file, otherwise `REV:PATH` is a file
    /// at a revision, and anything else is a file (which will not be found).
    pub fn parse(arg: &str) -> SpecSource {
        if Path::new(arg).exists() {
            return SpecSource::File(arg.into());
        }
        match arg.split_once(':') {
            Some((rev, path)) if !rev.is_empty() && !path.is_empty() => SpecSource::Git {
                rev: rev.to_string(),
                path: path.to_string(),
            },
            _ => SpecSource::File(arg.into()),
        }
    }

    /// How diagnostics name it: the path, or `REV:PATH`.
    pub fn label(&self) -> String {
        match self {
            SpecSource::File(path) => path.display().to_string(),
            SpecSource::Git { rev, path } => format!("{rev}:{path}"),
        }
    }

    /// The root document's path, as [`Self::read`] takes it.
    pub fn root(&self) -> PathBuf {
        match self {
            SpecSource::File(path) => path.clone(),
            SpecSource::Git { path, .. } => PathBuf::from(path),
        }
    }

    /// The bytes of the file at `path` (the root, or a file it references, relative to the
    /// root's directory once joined by the caller): from disk, or from git at this revision.
    pub fn read(&self, path: &Path) -> Result<Vec<u8>, String> {
        match self {
            SpecSource::File(_) => std::fs::read(path).map_err(|e| format!("cannot read it: {e}")),
            SpecSource::Git { rev, .. } => {
                let path = normalize(path);
                let spec = format!("{rev}:{}", path.display());
                let output = Command::new("git")
                    .args(["show", "--no-textconv", &spec])
                    .output()
                    .map_err(|e| format!("cannot run `git show {spec}`: {e}"))?;
                if output.status.success() {
                    Ok(output.stdout)
                } else {
                    let stderr = String::from_utf8_lossy(&output.stderr);
                    Err(format!(
                        "`git show {spec}` failed: {}",
                        stderr.trim().lines().next().unwrap_or("no message")
                    ))
                }
            }
        }
    }

    /// Reads, loads and lowers the spec, with every file it refers to (all at the revision, for
    /// `REV:PATH`); the diagnostics are those of `codegen check`, naming `REV:PATH` for a file
    /// read from git.
    pub fn load(&self, remote_copies: crate::load::RemoteCopies<'_>) -> Result<Side, Diagnostics> {
        match self {
            SpecSource::File(path) => {
                Side::from_file_with(path, &crate::load::read_from_disk, remote_copies)
            }
            SpecSource::Git { rev, path } => {
                let label = self.label();
                let top = toplevel().map_err(|message| {
                    let mut d = Diagnostic::error("#", message);
                    d.file = Some(label.clone());
                    Diagnostics(vec![d])
                })?;
                let cwd = std::env::current_dir().unwrap_or_default();
                // `./x` is from the current directory, anything else from the repository root.
                let root = if path.starts_with("./") || path.starts_with("../") {
                    normalize(&cwd.join(path))
                } else {
                    top.join(path)
                };
                // The loader asks for normalised absolute paths; git wants them from the root.
                let read = |p: &Path| -> std::io::Result<Vec<u8>> {
                    let relative = p.strip_prefix(&top).map_err(|_| {
                        std::io::Error::other(format!(
                            "{} is outside the git repository {}",
                            p.display(),
                            top.display()
                        ))
                    })?;
                    self.read(relative).map_err(std::io::Error::other)
                };
                Side::from_file_with(&root, &read, remote_copies).map_err(|mut diags| {
                    let prefix = format!("{}/", top.display());
                    for d in &mut diags.0 {
                        if let Some(file) = &d.file {
                            if let Some(rest) = file.strip_prefix(&prefix) {
                                d.file = Some(format!("{rev}:{rest}"));
                            }
                        }
                        if let Some(note) = &d.note {
                            d.note = Some(note.replace(&prefix, &format!("{rev}:")));
                        }
                    }
                    diags
                })
            }
        }
    }
}

/// The git repository's root around the current directory.
fn toplevel() -> Result<PathBuf, String> {
    let output = Command::new("git")
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .map_err(|e| format!("cannot run `git rev-parse --show-toplevel`: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "not in a git repository: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(PathBuf::from(
        String::from_utf8_lossy(&output.stdout).trim(),
    ))
}

/// `a/./b/../c` as `a/c`, which is how git names files in a tree.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    // `./x` means "relative to the current directory" to git; keep that meaning.
    if path.starts_with(".") && !out.starts_with("..") {
        return Path::new(".").join(out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_files_or_revisions() {
        assert_eq!(
            SpecSource::parse("origin/main:spec/one-cp.yaml"),
            SpecSource::Git {
                rev: "origin/main".into(),
                path: "spec/one-cp.yaml".into()
            }
        );
        assert_eq!(
            SpecSource::parse("no-such-file.yaml"),
            SpecSource::File("no-such-file.yaml".into())
        );
        assert_eq!(SpecSource::parse(":x"), SpecSource::File(":x".into()));
        assert_eq!(
            SpecSource::parse("Cargo.toml"),
            SpecSource::File("Cargo.toml".into())
        );
    }

    #[test]
    fn paths_are_normalized_as_git_names_them() {
        assert_eq!(
            normalize(Path::new("spec/./a/../b.yaml")),
            PathBuf::from("spec/b.yaml")
        );
        assert_eq!(
            normalize(Path::new("./spec/b.yaml")),
            PathBuf::from("./spec/b.yaml")
        );
    }
}
