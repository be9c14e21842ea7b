//! `codegen`: generate a standalone Rust crate from a Swagger 2.0 or OpenAPI 3.0/3.1/3.2 spec (one file
//! or many), or check a spec.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "codegen",
    version,
    about = "Swagger 2.0 and OpenAPI 3.0/3.1/3.2 (one file or many) → Rust models, async client and axum server"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Where the remote documents a spec refers to are read from (`--remote-ref`, repeatable).
#[derive(clap::Args, Clone, Default)]
struct RemoteRefs {
    /// Read the remote documents under URL from PATH, a local copy (generation never reads the
    /// network): `URL=PATH`, the file the URL names, or for a URL ending in `/` the directory
    /// holding what is under it. Repeatable; the longest matching URL wins.
    #[arg(long = "remote-ref", value_name = "URL=PATH", value_parser = parse_remote_ref)]
    remote_refs: Vec<(String, PathBuf)>,
}

impl RemoteRefs {
    /// A generator that reads remote documents from these copies.
    fn generator(&self) -> codegen::Generator {
        self.remote_refs
            .iter()
            .fold(codegen::Generator::new(), |g, (url, path)| {
                g.remote_ref(url.clone(), path.clone())
            })
    }
}

/// `URL=PATH`, split at the first `=` after the URL's scheme (`https://…`).
fn parse_remote_ref(arg: &str) -> Result<(String, PathBuf), String> {
    let scheme_end = arg.find("://").map_or(0, |i| i + 3);
    match arg[scheme_end..].find('=') {
        Some(i) if !arg[scheme_end + i + 1..].is_empty() => {
            let (url, path) = arg.split_at(scheme_end + i);
            Ok((url.to_string(), PathBuf::from(&path[1..])))
        }
        _ => Err(format!("expected URL=PATH, got `{arg}`")),
    }
}

#[derive(Subcommand)]
enum Command {
    /// Generate a crate (Cargo.toml + src/lib.rs) into DIR. DIR is replaced only on success.
    Generate {
        /// The spec (YAML or JSON); the files its relative `$ref`s name are read beside it.
        spec: PathBuf,
        /// The output directory.
        #[arg(long)]
        out: PathBuf,
        /// The crate name (default: derived from the spec's title).
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        remote: RemoteRefs,
    },
    /// Print every diagnostic; exit 1 if the spec cannot be generated.
    Check {
        /// The spec (YAML or JSON); the files its relative `$ref`s name are read beside it.
        spec: PathBuf,
        #[command(flatten)]
        remote: RemoteRefs,
    },
    /// Report what changes from OLD to NEW, and whom it breaks. Exit 0 when nothing breaks the
    /// chosen audience, 1 when something does, 2 when a spec cannot be read or generated.
    Diff {
        /// The old spec: a file, or `REV:PATH` (the file at a git revision, e.g.
        /// `origin/main:spec/one-cp.yaml`).
        old: String,
        /// The new spec: a file, or `REV:PATH`.
        new: String,
        /// How to print the report.
        #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
        format: DiffFormat,
        /// Whose breakage sets the exit status: code calling the client, or code implementing
        /// the server trait.
        #[arg(long = "for", value_enum, default_value_t = DiffAudience::Client)]
        audience: DiffAudience,
        #[command(flatten)]
        remote: RemoteRefs,
    },
}

/// `--format` of `codegen diff`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    /// Grouped by severity, for a terminal.
    Text,
    /// A summary line and a table, for a pull-request comment.
    Markdown,
    /// One object with `changes` and `semver`.
    Json,
}

/// `--for` of `codegen diff`.
#[derive(Clone, Copy, clap::ValueEnum)]
enum DiffAudience {
    /// Code that calls the generated client or uses its models.
    Client,
    /// Code that implements the generated server trait.
    Server,
}

#[cfg(feature = "cli")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A bug must never surface as a panic backtrace: report it as an internal error instead.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "internal error: {info}\nthis is a bug in codegen; please report it with the spec"
        );
    }));
    let result = std::panic::catch_unwind(|| match cli.command {
        Command::Generate {
            spec,
            out,
            name,
            remote,
        } => generate(&spec, &out, name.as_deref(), &remote),
        Command::Check { spec, remote } => check(&spec, &remote),
        Command::Diff {
            old,
            new,
            format,
            audience,
            remote,
        } => diff(&old, &new, format, audience, &remote),
    });
    result.unwrap_or(ExitCode::from(2))
}

fn check(spec: &Path, remote: &RemoteRefs) -> ExitCode {
    match remote.generator().generate_file(spec) {
        Ok(generated) => {
            for w in &generated.warnings {
                eprintln!("{w}\n");
            }
            eprintln!(
                "ok: {} operations, {} types, {} warning(s)",
                generated.api.operations.len(),
                generated.api.types.len(),
                generated.warnings.len()
            );
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            eprintln!("{diagnostics}");
            ExitCode::FAILURE
        }
    }
}

fn diff(
    old: &str,
    new: &str,
    format: DiffFormat,
    audience: DiffAudience,
    remote: &RemoteRefs,
) -> ExitCode {
    use codegen::diff::{report, source::SpecSource, Audience};
    let copies = &remote.remote_refs;
    let (old, new) = (
        SpecSource::parse(old).load(copies),
        SpecSource::parse(new).load(copies),
    );
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            for diagnostics in [old.err(), new.err()].into_iter().flatten() {
                eprintln!("{diagnostics}");
            }
            return ExitCode::from(2);
        }
    };
    let report = codegen::diff::diff(&old, &new);
    let format = match format {
        DiffFormat::Text => report::Format::Text,
        DiffFormat::Markdown => report::Format::Markdown,
        DiffFormat::Json => report::Format::Json,
    };
    print!("{}", report::render(&report, format));
    let audience = match audience {
        DiffAudience::Client => Audience::Client,
        DiffAudience::Server => Audience::Server,
    };
    if report.breaks(audience) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn crate_name(title: &str) -> String {
    let name: String = title
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("api-{name}").trim_end_matches('-').to_string()
    } else {
        name
    }
}

/// Why `name` cannot be a crate's name (cargo's rule: ASCII letters, digits, `-` and `_`,
/// starting with a letter), so that `generate` never writes a crate that cannot build.
fn invalid_crate_name(name: &str) -> Option<String> {
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some(format!(
            "crate name {name:?} must start with an ASCII letter"
        ));
    }
    name.chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
        .map(|c| {
            format!("crate name {name:?} contains {c:?}; use ASCII letters, digits, `-` and `_`")
        })
}

fn generate(spec: &Path, out: &Path, name: Option<&str>, remote: &RemoteRefs) -> ExitCode {
    if let Some(problem) = name.and_then(invalid_crate_name) {
        eprintln!("error: {problem}\nnothing was written to {}", out.display());
        return ExitCode::FAILURE;
    }
    let failed = |diagnostics: codegen::Diagnostics| {
        eprintln!("{diagnostics}");
        eprintln!("nothing was written to {}", out.display());
        ExitCode::FAILURE
    };
    let lowered = match remote.generator().lower_file(spec) {
        Ok(lowered) => lowered,
        Err(diagnostics) => return failed(diagnostics),
    };
    // The name is known once the title is: the docs' examples are written against it.
    let name = name
        .map(str::to_string)
        .unwrap_or_else(|| crate_name(&lowered.api.title));
    let generator = codegen::Generator::new().doc_examples(name.replace('-', "_"));
    let generated = match generator.emit(lowered) {
        Ok(g) => g,
        Err(diagnostics) => return failed(diagnostics),
    };
    for w in &generated.warnings {
        eprintln!("{w}\n");
    }
    match write_crate(out, &name, &generated) {
        Ok(()) => {
            eprintln!(
                "generated crate `{name}` in {}: {} operations, {} types, {} lines",
                out.display(),
                generated.api.operations.len(),
                generated.api.types.len(),
                generated.code.lines().count()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}

/// `text` for a `//!` line: control characters (a CR would end the comment for rustc, "bare CR
/// not allowed in doc-comment") and bidirectional overrides (a deny-by-default lint) become spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Writes into a temporary sibling directory, then swaps it in: a failure never leaves a half
/// written or emptied `out`.
fn write_crate(out: &Path, name: &str, generated: &codegen::Generated) -> std::io::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let staging = tempfile::Builder::new()
        .prefix(".codegen-")
        .tempdir_in(&parent)?;
    std::fs::create_dir_all(staging.path().join("src"))?;
    std::fs::write(
        staging.path().join("Cargo.toml"),
        codegen::manifest(name, &generated.api),
    )?;
    // Deeply nested types need a higher limit for rustc to prove them `Send`.
    let limit = codegen::recursion_limit(&generated.api)
        .map(|limit| format!("#![recursion_limit = \"{limit}\"]\n"))
        .unwrap_or_default();
    let lib = format!(
        "{limit}//! Generated by codegen from `{}`. Do not edit.\n\n{}",
        one_line(&generated.api.title),
        generated.code
    );
    std::fs::write(staging.path().join("src/lib.rs"), lib)?;
    let staged = staging.keep();
    if out.exists() {
        let old = parent.join(format!(".codegen-old-{}", std::process::id()));
        std::fs::rename(out, &old)?;
        if let Err(e) = std::fs::rename(&staged, out) {
            std::fs::rename(&old, out)?;
            return Err(e);
        }
        std::fs::remove_dir_all(&old)?;
    } else {
        std::fs::rename(&staged, out)?;
    }
    Ok(())
}
