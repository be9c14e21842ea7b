#!/usr/bin/env bash
# Generation benchmark: median wall time and peak memory of `codegen generate` (the release CLI,
# formatting included) on four specs, beside progenitor generating the same specs, and the per-
# stage split from the criterion bench, then the check time of the generated crates beside
# progenitor's (scripts/check-time.sh). Prints markdown tables for the README.
#
#   scripts/bench.sh            # everything (installs cargo-progenitor into target/bench-tools)
#   RUNS=9 scripts/bench.sh     # more runs per median (default 5)
#   SKIP_CRITERION=1 scripts/bench.sh
#   SKIP_CHECK_TIME=1 scripts/bench.sh   # without the check-time table (scripts/check-time.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
corpus=../shared/corpus
tools=target/bench-tools
out=target/bench-out
mkdir -p "$out"

cargo build --quiet --release -p codegen --features cli
codegen=target/release/codegen
progenitor_version=0.15.1
if [ ! -x "$tools/bin/cargo-progenitor" ]; then
  echo "installing cargo-progenitor $progenitor_version into $tools (once)" >&2
  cargo install --quiet --locked --root "$tools" cargo-progenitor --version "$progenitor_version" >&2
fi

# measure CMD...: runs CMD $runs times; prints "median_wall_seconds median_cpu_seconds peak_kib"
# (CPU = user + system, children included: progenitor's rustfmt counts).
measure() {
  local times=() cpus=() peak=0 measured
  measured=$(mktemp)
  for _ in $(seq "$runs"); do
    local line
    /usr/bin/time -o "$measured" -f '%e %U %S %M' "$@" >/dev/null 2>&1
    line=$(tail -1 "$measured")
    read -r wall user sys kib <<<"$line"
    times+=("$wall")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}')")
    (( kib > peak )) && peak=$kib
  done
  rm -f "$measured"
  local wall cpu
  wall=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf '%.2f %.2f %d\n' "$wall" "$cpu" "$peak"
}

echo "| spec | codegen: wall | CPU | peak memory | progenitor $progenitor_version: wall | CPU | wall ratio | CPU ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for entry in "one-cp:spec/one-cp.yaml" \
             "progenitor-nexus:$corpus/progenitor-nexus.json" \
             "github:$corpus/progenitor-api.github.com.json" \
             "asana:$corpus/asana.yaml"; do
  name=${entry%%:*}; spec=${entry#*:}
  read -r ours ours_cpu peak < <(measure "$codegen" generate "$spec" --out "$out/codegen-$name" --name "$name")
  # progenitor reads JSON and YAML; it fails on some specs, which the table then says.
  if "$tools/bin/cargo-progenitor" progenitor -i "$spec" -o "$out/progenitor-$name" -n "$name" -v 0.1.0 >/dev/null 2>&1; then
    read -r theirs theirs_cpu _ < <(measure "$tools/bin/cargo-progenitor" progenitor -i "$spec" -o "$out/progenitor-$name" -n "$name" -v 0.1.0)
    ratio=$(awk -v a="$theirs" -v b="$ours" 'BEGIN {printf "%.1fx", a / b}')
    cpu_ratio=$(awk -v a="$theirs_cpu" -v b="$ours_cpu" 'BEGIN {printf "%.1fx", a / b}')
    theirs="${theirs} s"; theirs_cpu="${theirs_cpu} s"
  else
    theirs="fails"; theirs_cpu="-"; ratio="-"; cpu_ratio="-"
  fi
  echo "| $name | ${ours} s | ${ours_cpu} s | $((peak / 1024)) MiB | $theirs | $theirs_cpu | $ratio | $cpu_ratio |"
done

if [ -z "${SKIP_CRITERION:-}" ]; then
  echo
  echo "Per-stage medians (criterion, target/criterion):"
  cargo bench --quiet -p codegen --bench generate 2>/dev/null | awk '/time:/ {print $1, $5, $6}'
fi

if [ -z "${SKIP_CHECK_TIME:-}" ]; then
  echo
  echo "Check time of the generated crate (scripts/check-time.sh; median of $runs alternating runs):"
  RUNS=$runs scripts/check-time.sh
fi
