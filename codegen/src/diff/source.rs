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

    /// Reads, loads and lowers the spec; the diagnostics are those of `codegen check`.
    pub fn load(&self) -> Result<Side, Diagnostics> {
        let label = self.label();
        let fail = |message: String| {
            let mut d = Diagnostic::error("#", message);
            d.file = Some(label.clone());
            Diagnostics(vec![d])
        };
        // Where the multi-file loader takes a reader, this becomes
        // `Generator::lower_file_with(self.root(), |p| self.read(p))`.
        let bytes = self.read(&self.root()).map_err(fail)?;
        let text = String::from_utf8(bytes).map_err(|e| {
            fail(format!(
                "the spec is not UTF-8 text (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        Side::from_str(&text, Some(&label))
    }
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
