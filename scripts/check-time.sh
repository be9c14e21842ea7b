#!/usr/bin/env bash
# Check time of the generated crate: `cargo check` of the crate `codegen generate` writes beside
# the one `cargo progenitor` 0.15.1 writes, from the same spec. Each crate is checked once to
# build its dependencies (codegen's: codegen-runtime and the crates its types name; progenitor's:
# progenitor-client and its own), then RUNS rounds alternate between the two: touch the generated
# src/lib.rs, time `cargo check` (wall), so that only the generated library is checked. Prints
# the medians and their ratio as a markdown table. Both crates are checked with their default
# features: the client only (ours has the server behind its `server` feature; progenitor
# generates no server).
#
# Both crates get the same HTTP stack: progenitor writes `reqwest` without a TLS backend (its
# client cannot call an `https` URL until the user adds one), ours with rustls, so reqwest's
# `rustls` feature is added to progenitor's crate. PROGENITOR_TLS=0 times it as generated.
#
#   scripts/check-time.sh                      # keeper, param-collision, buildomat, nexus; 5 rounds
#   RUNS=7 SPECS="progenitor-keeper progenitor-nexus" scripts/check-time.sh
#
# scripts/bench.sh runs it after the generation table (SKIP_CHECK_TIME=1 skips it). It expects
# the release codegen and cargo-progenitor in target/bench-tools, which bench.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
runs=${RUNS:-5}
corpus=../shared/corpus
specs=${SPECS:-progenitor-keeper progenitor-param-collision progenitor-buildomat progenitor-nexus}
progenitor=$repo/target/bench-tools/bin/cargo-progenitor
work=$repo/target/bench-out/check
mkdir -p "$work"
# A check from scratch of the generated crate each time: with incremental compilation a rerun
# would time a cache lookup.
export CARGO_INCREMENTAL=0 CARGO_TERM_COLOR=never

cargo build --quiet --release -p codegen --features cli
codegen=$repo/target/release/codegen
[ -x "$progenitor" ] || { echo "no $progenitor: run scripts/bench.sh, which installs it" >&2; exit 2; }

# check DIR TARGET: one `cargo check` of the crate in DIR; prints its wall time in seconds.
check() {
  local timing wall
  timing=$(mktemp)
  if ! /usr/bin/time -o "$timing" -f '%e' cargo check --quiet --offline \
      --manifest-path "$1/Cargo.toml" --target-dir "$2" >"$1.check.log" 2>&1; then
    echo "cargo check of $1 failed, see $1.check.log" >&2
    exit 1
  fi
  wall=$(tail -1 "$timing")
  rm -f "$timing"
  echo "$wall"
}

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

names=()
for name in $specs; do
  spec=$(ls "$corpus/$name".* | head -1)
  ours=$work/ours-$name
  theirs=$work/progenitor-$name
  rm -rf "$ours" "$theirs"
  "$codegen" generate "$spec" --out "$ours" --name "check-$name" >/dev/null
  "$progenitor" progenitor -i "$spec" -o "$theirs" -n "check-$name" -v 0.1.0 >/dev/null
  if [ "${PROGENITOR_TLS:-1}" = 1 ]; then
    sed -i 's/^\(reqwest = {.*features = \[\)/\1"rustls", /' "$theirs/Cargo.toml"
    grep -q '^reqwest = {.*"rustls"' "$theirs/Cargo.toml" \
      || { echo "could not add rustls to $theirs/Cargo.toml" >&2; exit 1; }
  fi
  # Standalone crates, not members of this repository's workspace.
  for dir in "$ours" "$theirs"; do
    grep -q '^\[workspace\]' "$dir/Cargo.toml" || printf '\n[workspace]\n' >>"$dir/Cargo.toml"
  done
  # Ours starts from this repository's lock file: the versions known to build here.
  cp Cargo.lock "$ours/Cargo.lock"
  (cd "$ours" && cargo fetch --quiet) && (cd "$theirs" && cargo fetch --quiet)
  # Untimed: builds the dependencies.
  check "$ours" "$work/target-ours" >/dev/null
  check "$theirs" "$work/target-progenitor" >/dev/null
  names+=("$name")
done

declare -A ours_times theirs_times
echo "$(nproc) cores; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for round in $(seq "$runs"); do
  for name in "${names[@]}"; do
    touch "$work/ours-$name/src/lib.rs"
    ours_times[$name]+="$(check "$work/ours-$name" "$work/target-ours") "
    touch "$work/progenitor-$name/src/lib.rs"
    theirs_times[$name]+="$(check "$work/progenitor-$name" "$work/target-progenitor") "
  done
  echo "round $round done (load average $(cut -d' ' -f1 /proc/loadavg))" >&2
done

commit=$(git rev-parse --short HEAD)
[ -z "$(git status --porcelain -- codegen)" ] || commit="$commit+dirty"
echo "| spec | codegen: check | progenitor 0.15.1: check | ours / progenitor | date | commit |"
echo "|---|---:|---:|---:|---|---|"
for name in "${names[@]}"; do
  # shellcheck disable=SC2086 # the times are a space-separated list
  ours=$(median ${ours_times[$name]})
  # shellcheck disable=SC2086
  theirs=$(median ${theirs_times[$name]})
  ratio=$(awk -v a="$ours" -v b="$theirs" 'BEGIN {printf "%.2f", a / b}')
  echo "| ${name#progenitor-} | $ours s | $theirs s | $ratio | $(date -u +%F) | $commit |"
done
