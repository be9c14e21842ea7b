#!/usr/bin/env bash
# Generation benchmark: median wall time and peak memory of `codegen generate` (the release CLI,
# formatting included) on four specs, beside progenitor generating the same specs, and the per-
# stage split from the criterion bench. Prints markdown tables for the README.
#
#   scripts/bench.sh            # everything (installs cargo-progenitor into target/bench-tools)
#   RUNS=9 scripts/bench.sh     # more runs per median (default 5)
#   SKIP_CRITERION=1 scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
corpus=../shared/corpus
tools=target/bench-tools
out=target/bench-out
mkdir -p "$out"

cargo build --quiet --release -p codegen
codegen=target/release/codegen
progenitor_version=0.15.1
if [ ! -x "$tools/bin/cargo-progenitor" ]; then
  echo "installing cargo-progenitor $progenitor_version into $tools (once)" >&2
  cargo install --quiet --locked --root "$tools" cargo-progenitor --version "$progenitor_version" >&2
fi

# median_and_peak CMD...: runs CMD $runs times; prints "median_seconds peak_kib".
median_and_peak() {
  local times=() peak=0
  for _ in $(seq "$runs"); do
    local line
    line=$( { /usr/bin/time -f '%e %M' "$@" >/dev/null 2>/dev/null; } 2>&1 | tail -1)
    times+=("${line% *}")
    local kib=${line#* }
    (( kib > peak )) && peak=$kib
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v peak="$peak" '{a[NR]=$1} END {printf "%.2f %d\n", a[int((NR+1)/2)], peak}'
}

echo "| spec | codegen generate (median) | peak memory | progenitor (median) | speed-up |"
echo "|---|---|---|---|---|"
for entry in "one-cp:spec/one-cp.yaml" \
             "progenitor-nexus:$corpus/progenitor-nexus.json" \
             "github:$corpus/progenitor-api.github.com.json" \
             "asana:$corpus/asana.yaml"; do
  name=${entry%%:*}; spec=${entry#*:}
  read -r ours peak < <(median_and_peak "$codegen" generate "$spec" --out "$out/codegen-$name" --name "$name")
  # progenitor reads JSON and YAML; it fails on some specs, which the table then says.
  if "$tools/bin/cargo-progenitor" progenitor -i "$spec" -o "$out/progenitor-$name" -n "$name" -v 0.1.0 >/dev/null 2>&1; then
    read -r theirs _ < <(median_and_peak "$tools/bin/cargo-progenitor" progenitor -i "$spec" -o "$out/progenitor-$name" -n "$name" -v 0.1.0)
    speedup=$(awk -v a="$theirs" -v b="$ours" 'BEGIN {printf "%.1fx", a / b}')
    theirs="${theirs} s"
  else
    theirs="fails"; speedup="-"
  fi
  echo "| $name | ${ours} s | $((peak / 1024)) MiB | $theirs | $speedup |"
done

if [ -z "${SKIP_CRITERION:-}" ]; then
  echo
  echo "Per-stage medians (criterion, target/criterion):"
  cargo bench --quiet -p codegen --bench generate 2>/dev/null | awk '/time:/ {print $1, $5, $6}'
fi
