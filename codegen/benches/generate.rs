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
        let loaded = codegen::load::load(&text).unwrap_or_else(|d| panic!("{name}: {d:?}"));
        let (api, _) =
            codegen::lower::lower(&loaded.api).unwrap_or_else(|d| panic!("{name}: {d:?}"));
        let tokens = codegen::emit::emit_tokens(&api, codegen::Parts::default());

        let mut group = c.benchmark_group(name);
        // Whole generations of the big specs take around a second: few samples, bounded time.
        group.sample_size(10);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(8));
        group.bench_function("parse", |b| b.iter(|| codegen::load::load(&text).is_ok()));
        group.bench_function("lower", |b| {
            b.iter(|| codegen::lower::lower(&loaded.api).is_ok())
        });
        group.bench_function("emit", |b| {
            b.iter(|| codegen::emit::emit_tokens(&api, codegen::Parts::default()))
        });
        group.bench_function("format", |b| {
            b.iter_batched(
                || tokens.clone(),
                |tokens| codegen::emit::format(tokens).map(|code| code.len()),
                BatchSize::LargeInput,
            )
        });
        group.bench_function("render", |b| {
            b.iter(|| codegen::emit::render(&api, codegen::Parts::default(), None).map(|c| c.len()))
        });
        group.bench_function("total", |b| {
            b.iter(|| generator.generate_str(&text, None).map(|g| g.code.len()))
        });
        group.finish();
    }
}

criterion_group!(benches, stages);
criterion_main!(benches);
