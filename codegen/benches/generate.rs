//! Generation time per stage on real specs: parse (text → `openapiv3`, what any tool pays
//! first), lower (→ IR), emit (IR → tokens) and format (tokens → prettyplease text) each on one
//! thread, render (emit and format together, spread over all cores, as generation runs them),
//! and the whole `generate_str`. Run with `cargo bench -p codegen --bench generate`; `scripts/bench.sh` adds
//! peak memory and the comparison with progenitor, and the README holds the medians.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};

/// The specs the README reports on: ours, and three large real ones from the corpus.
fn specs() -> Vec<(&'static str, PathBuf)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let corpus = root.join("../shared/corpus");
    vec![
        ("one-cp", root.join("spec/one-cp.yaml")),
        ("progenitor-nexus", corpus.join("progenitor-nexus.json")),
        ("github", corpus.join("progenitor-api.github.com.json")),
        ("asana", corpus.join("asana.yaml")),
    ]
}

fn stages(c: &mut Criterion) {
    let generator = codegen::Generator::new();
    for (name, path) in specs() {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let document = generator
            .load_str(&text, None)
            .unwrap_or_else(|d| panic!("{name}: {d}"));
        let lowered = generator
            .lower(&document)
            .unwrap_or_else(|d| panic!("{name}: {d}"));
        let unformatted = generator.emit_unformatted(&lowered);

        let mut group = c.benchmark_group(name);
        // Whole generations of the big specs take around a second: few samples, bounded time.
        group.sample_size(10);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(8));
        group.bench_function("parse", |b| {
            b.iter(|| generator.load_str(&text, None).is_ok())
        });
        group.bench_function("lower", |b| b.iter(|| generator.lower(&document).is_ok()));
        group.bench_function("emit", |b| b.iter(|| generator.emit_unformatted(&lowered)));
        group.bench_function("format", |b| {
            b.iter_batched(
                || unformatted.clone(),
                |unformatted| unformatted.format().map(|code| code.len()),
                BatchSize::LargeInput,
            )
        });
        group.bench_function("render", |b| {
            b.iter_batched(
                || lowered.clone(),
                |lowered| generator.emit(lowered).map(|g| g.code.len()),
                BatchSize::LargeInput,
            )
        });
        group.bench_function("total", |b| {
            b.iter(|| generator.generate_str(&text, None).map(|g| g.code.len()))
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
