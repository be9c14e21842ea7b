#!/usr/bin/env bash
# Cold `cargo build` of a small crate that generates its client in build.rs: with codegen as the
# build dependency, and with progenitor (its documented build.rs usage), from the same spec, each
# in a fresh target directory. Two shapes per generator:
#   full   the crate as a user has it: the build dependency, the build script run, and the
#          generated client compiled with the dependencies it needs;
#   build  only the build dependency and the build script run (an empty library): the part the
#          generator's own dependencies decide.
# Runs alternate between the crates (RUNS rounds, 2 by default), and each build's wall and CPU
# time is printed, then the median per crate; downloads happen before any timing.
#
#   scripts/build-time.sh                      # keeper, 2 rounds
#   RUNS=3 SPEC=path/to/spec.json scripts/build-time.sh
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
runs=${RUNS:-2}
spec=$(realpath "${SPEC:-../shared/corpus/progenitor-keeper.json}")
progenitor_version=0.15.1
work=$repo/target/build-time
rm -rf "$work"
mkdir -p "$work"
export CARGO_INCREMENTAL=0

# codegen and its runtime crate as they are in the work tree, copied, so that editing them while
# this runs changes nothing; their manifests inherit from the workspace, which the copies spell out.
mkdir -p "$work/codegen-src" "$work/codegen-runtime-src"
cp -r codegen/src codegen/benches "$work/codegen-src/"
cp -r codegen/runtime/src "$work/codegen-runtime-src/"
for crate in codegen codegen/runtime; do
  case $crate in codegen) copy=$work/codegen-src ;; *) copy=$work/codegen-runtime-src ;; esac
  sed -e 's/^edition.workspace = true/edition = "2021"/' \
      -e 's/^rust-version.workspace = true/rust-version = "1.85"/' \
      -e 's/^license.workspace = true/license = "MIT OR Apache-2.0"/' \
      "$crate/Cargo.toml" >"$copy/Cargo.toml"
  printf '\n[workspace]\n' >>"$copy/Cargo.toml"
done

# The dependencies the generated code needs are the ones `codegen generate` writes into its
# Cargo.toml, so that manifest is the crate's (its runtime dependency pointed at the copy), plus
# the build dependency.
cargo run --quiet --release -p codegen --features cli -- generate "$spec" --out "$work/manifest" --name api >/dev/null 2>&1
sed -i -E "s|^(codegen-runtime = \{.*path = )\"[^\"]*\"|\1\"$work/codegen-runtime-src\"|" "$work/manifest/Cargo.toml"
grep -q "path = \"$work/codegen-runtime-src\"" "$work/manifest/Cargo.toml" ||
  { echo "the generated manifest names no codegen-runtime path" >&2; exit 1; }
for shape in full build; do
  dir=$work/codegen-$shape
  mkdir -p "$dir/src"
  cp "$spec" "$dir/spec.json"
  if [ "$shape" = full ]; then
    cp "$work/manifest/Cargo.toml" "$dir/Cargo.toml"
    echo 'include!(concat!(env!("OUT_DIR"), "/api.rs"));' >"$dir/src/lib.rs"
  else
    printf '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n' >"$dir/Cargo.toml"
    : >"$dir/src/lib.rs"
  fi
  printf '\n[build-dependencies]\ncodegen = { path = "%s" }\n\n[workspace]\n' "$work/codegen-src" >>"$dir/Cargo.toml"
  cat >"$dir/build.rs" <<'EOF'
fn main() {
    let out_dir = std::env::var("OUT_DIR").unwrap();
    if let Err(diagnostics) = codegen::build_script("spec.json", out_dir, "api.rs") {
        eprintln!("{diagnostics}");
        std::process::exit(1);
    }
}
EOF
done

# progenitor: the dependency lines and build.rs of its README.
for shape in full build; do
  dir=$work/progenitor-$shape
  mkdir -p "$dir/src"
  cp "$spec" "$dir/spec.json"
  printf '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n\n' >"$dir/Cargo.toml"
  if [ "$shape" = full ]; then
    cat >>"$dir/Cargo.toml" <<EOF
[dependencies]
chrono = { version = "0.4", features = ["serde"] }
futures = "0.3"
progenitor-client = "$progenitor_version"
reqwest = { version = "0.13", features = ["json", "stream"] }
serde = { version = "1.0", features = ["derive"] }
serde_json = "1"

EOF
    echo 'include!(concat!(env!("OUT_DIR"), "/api.rs"));' >"$dir/src/lib.rs"
  else
    : >"$dir/src/lib.rs"
  fi
  cat >>"$dir/Cargo.toml" <<EOF
[build-dependencies]
prettyplease = "0.2"
progenitor = "$progenitor_version"
serde_json = "1"
syn = "2"

[workspace]
EOF
  cat >"$dir/build.rs" <<'EOF'
fn main() {
    println!("cargo:rerun-if-changed=spec.json");
    let file = std::fs::File::open("spec.json").unwrap();
    let spec = serde_json::from_reader(file).unwrap();
    let mut generator = progenitor::Generator::default();
    let tokens = generator.generate_tokens(&spec).unwrap();
    let ast = syn::parse2(tokens).unwrap();
    let content = prettyplease::unparse(&ast);
    let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("api.rs");
    std::fs::write(out, content).unwrap();
}
EOF
done

crates=(codegen-build progenitor-build codegen-full progenitor-full)
for crate in "${crates[@]}"; do
  (cd "$work/$crate" && cargo fetch --quiet)
done

declare -A walls cpus
echo "spec: $spec; $(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq "$runs"); do
  for crate in "${crates[@]}"; do
    target=$work/target-$crate
    rm -rf "$target"
    timing=$(mktemp)
    if ! (cd "$work/$crate" && /usr/bin/time -o "$timing" -f '%e %U %S' \
        cargo build --quiet --offline --target-dir "$target" >"$work/$crate.log" 2>&1); then
      echo "$crate: the build failed, see $work/$crate.log" >&2
      exit 1
    fi
    read -r wall user sys <"$timing"
    rm -f "$timing"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.1f", u + s}')
    echo "round $round: $crate: wall ${wall} s, CPU ${cpu} s (load average $(cut -d' ' -f1 /proc/loadavg))"
    walls[$crate]+="$wall "
    cpus[$crate]+="$cpu "
    rm -rf "$target"
  done
done

median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo
echo "| crate | wall (each run) | median wall | CPU (each run) | median CPU |"
echo "|---|---|---:|---|---:|"
for crate in "${crates[@]}"; do
  echo "| $crate | ${walls[$crate]% } | $(median <<<"${walls[$crate]}") s | ${cpus[$crate]% } | $(median <<<"${cpus[$crate]}") s |"
done
