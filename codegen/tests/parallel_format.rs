//! Formatting in parallel chunks gives byte-identical output to formatting the whole file at
//! once, whatever the number of threads: on the feature fixtures and on large real specs.

use std::path::{Path, PathBuf};

fn lowered(path: &Path) -> codegen::Lowered {
    codegen::Generator::new()
        .lower_file(path)
        .unwrap_or_else(|d| panic!("{}: {d}", path.display()))
}

fn assert_same_output(path: &Path) {
    let lowered = lowered(path);
    let generator = codegen::Generator::new().doc_examples("some_api");
    let whole = generator.emit_unformatted(&lowered).format().unwrap();
    for threads in [1, 2, 3, 8] {
        let chunked = generator
            .clone()
            .threads(threads)
            .emit(lowered.clone())
            .unwrap()
            .code;
        if chunked != whole {
            let line = whole
                .lines()
                .zip(chunked.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(whole.lines().count().min(chunked.lines().count()));
            let around = |text: &str| {
                let lines: Vec<&str> = text.lines().skip(line.saturating_sub(3)).take(6).collect();
                lines.join("\n")
            };
            panic!(
                "{} on {threads} threads differs from the whole-file formatting at line {}:\n\
                 whole:\n{}\nin sections:\n{}",
                path.display(),
                line + 1,
                around(&whole),
                around(&chunked)
            );
        }
    }
}

#[test]
fn large_real_specs_format_identically_in_chunks() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    // Hundreds of types each: many chunks, uneven ones included.
    for spec in ["progenitor-nexus.json", "spotify.yaml"] {
        assert_same_output(&corpus.join(spec));
    }
}

#[test]
fn fixtures_format_identically_in_chunks() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    assert!(specs.len() > 15);
    for spec in specs {
        assert_same_output(&spec);
    }
}
