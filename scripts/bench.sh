#!/usr/bin/env bash
# Generation benchmark: median wall time, CPU time and peak memory of `codegen generate` (the CLI
# built with the `cli` profile, formatting included) on four specs, beside progenitor generating
# the same specs, and the per-stage split from the criterion bench, then the check time of the
# generated crates beside progenitor's (scripts/check-time.sh). Prints markdown tables for the
# README.
#
#   scripts/bench.sh                  # everything (installs cargo-progenitor into target/bench-tools)
#   RUNS=9 scripts/bench.sh           # more runs per median (default 5)
#   BEFORE=path/to/codegen scripts/bench.sh   # also an older build of the CLI, in the same runs
#   SKIP_CRITERION=1 scripts/bench.sh
#   SKIP_CHECK_TIME=1 scripts/bench.sh   # without the check-time table (scripts/check-time.sh)
#
# The machine may be shared, so the programs take turns: run 1 of each, then run 2 of each, and
# so on; a change in load then reaches all of them alike, and the ratios come from the same runs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-5}
corpus=../shared/corpus
tools=target/bench-tools
out=target/bench-out
mkdir -p "$out"

cargo build --quiet --profile cli -p codegen --features cli
codegen=target/cli/codegen
before=${BEFORE:-}
progenitor_version=0.15.1
if [ ! -x "$tools/bin/cargo-progenitor" ]; then
  echo "installing cargo-progenitor $progenitor_version into $tools (once)" >&2
  cargo install --quiet --locked --root "$tools" cargo-progenitor --version "$progenitor_version" >&2
fi

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# measure NAME CMD... (several, each "name|command"): runs the commands in turn, $runs times; for
# each prints "name median_wall_seconds median_cpu_seconds peak_kib" (CPU = user + system,
# children included: progenitor's rustfmt counts).
measure() {
  local measured
  measured=$(mktemp)
  declare -A walls cpus peaks
  for _ in $(seq "$runs"); do
    for entry in "$@"; do
      local name=${entry%%|*} argv wall user sys kib
      # The command's words (no path here has spaces); run directly, without a shell to time.
      read -ra argv <<<"${entry#*|}"
      /usr/bin/time -o "$measured" -f '%e %U %S %M' "${argv[@]}" >/dev/null 2>&1
      read -r wall user sys kib < <(tail -1 "$measured")
      walls[$name]+="$wall "
      cpus[$name]+="$(awk -v u="$user" -v s="$sys" 'BEGIN {print u + s}') "
      (( kib > ${peaks[$name]:-0} )) && peaks[$name]=$kib
    done
  done
  rm -f "$measured"
  for entry in "$@"; do
    local name=${entry%%|*}
    printf '%s %.3f %.3f %d\n' "$name" \
      "$(tr ' ' '\n' <<<"${walls[$name]}" | grep . | median)" \
      "$(tr ' ' '\n' <<<"${cpus[$name]}" | grep . | median)" \
      "${peaks[$name]}"
  done
}

header="| spec | codegen: wall | CPU | peak memory |"
rule="|---|---:|---:|---:|"
if [ -n "$before" ]; then
  header+=" before: wall | CPU | peak memory |"
  rule+="---:|---:|---:|"
fi
echo "$header progenitor $progenitor_version: wall | CPU | wall ratio | CPU ratio |"
echo "$rule---:|---:|---:|---:|"
for entry in "one-cp:spec/one-cp.yaml" \
             "progenitor-nexus:$corpus/progenitor-nexus.json" \
             "github:$corpus/progenitor-api.github.com.json" \
             "asana:$corpus/asana.yaml"; do
  name=${entry%%:*}; spec=${entry#*:}
  commands=("ours|$codegen generate $spec --out $out/codegen-$name --name $name")
  if [ -n "$before" ]; then
    commands+=("before|$before generate $spec --out $out/before-$name --name $name")
  fi
  progenitor="$tools/bin/cargo-progenitor progenitor -i $spec -o $out/progenitor-$name -n $name -v 0.1.0"
  # progenitor reads JSON and YAML; it fails on some specs, which the table then says.
  progenitor_works=
  if $progenitor >/dev/null 2>&1; then
    progenitor_works=1
    commands+=("progenitor|$progenitor")
  fi
  declare -A wall cpu peak
  while read -r who w c p; do
    wall[$who]=$w; cpu[$who]=$c; peak[$who]=$p
  done < <(measure "${commands[@]}")
  row="| $name | ${wall[ours]} s | ${cpu[ours]} s | $((peak[ours] / 1024)) MiB |"
  if [ -n "$before" ]; then
    row+=" ${wall[before]} s | ${cpu[before]} s | $((peak[before] / 1024)) MiB |"
  fi
  if [ -n "$progenitor_works" ]; then
    ratio=$(awk -v a="${wall[progenitor]}" -v b="${wall[ours]}" 'BEGIN {printf "%.1fx", a / b}')
    cpu_ratio=$(awk -v a="${cpu[progenitor]}" -v b="${cpu[ours]}" 'BEGIN {printf "%.1fx", a / b}')
    row+=" ${wall[progenitor]} s | ${cpu[progenitor]} s | $ratio | $cpu_ratio |"
  else
    row+=" fails | - | - | - |"
  fi
  echo "$row"
  unset wall cpu peak
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
