#!/usr/bin/env bash
# Judges, with cargo-semver-checks, what spec changes do to the Rust API of the generated crate.
#
#   scripts/semver-check.sh
#
# For each spec in tests/semver/ other than base.yaml, generates a crate from base.yaml (the
# baseline) and one from the changed spec, under the same crate name, and runs
# `cargo semver-checks check-release --default-features` on the pair: the client, which is what a
# generated crate offers by default (the server trait is behind the non-default `server` feature,
# and its implementers may be broken by an added operation; see the README). Each spec's name says
# what it changes and its expected verdict:
#   added_property, added_enum_value, added_operation, added_parameter: minor (no breaking change);
#   removed_field: major (cargo-semver-checks must report it).
# Prints a Markdown table and exits non-zero when a verdict is not the expected one.
#
# cargo-semver-checks is used from PATH when it is there, else from $SEMVER_TOOLS/bin (a
# `cargo install --root` directory), else installed with `cargo install --locked` into
# target/semver-tools on first run (several minutes to compile). The generated crates and their
# shared target dir are under target/semver/ (SEMVER_OUT moves it); logs in target/semver/logs/.
set -uo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${SEMVER_OUT:-$repo/target/semver}"
tools="${SEMVER_TOOLS:-$repo/target/semver-tools}"
logs="$out/logs"
mkdir -p "$out" "$logs"
export CARGO_TERM_COLOR=never

if ! command -v cargo-semver-checks >/dev/null; then
  if [ ! -x "$tools/bin/cargo-semver-checks" ]; then
    echo "installing cargo-semver-checks into $tools (first run only)..." >&2
    mkdir -p "$tools"
    if ! cargo install --locked --quiet cargo-semver-checks --root "$tools" 2>"$logs/install.log"; then
      cat "$logs/install.log" >&2
      exit 2
    fi
  fi
  export PATH="$tools/bin:$PATH"
fi
echo "using $(command -v cargo-semver-checks) ($(cargo-semver-checks --version))" >&2

echo "building codegen..." >&2
if ! cargo build --quiet -p codegen --features cli --manifest-path "$repo/Cargo.toml" 2>"$logs/codegen-build.log"; then
  cat "$logs/codegen-build.log" >&2
  exit 2
fi
codegen="${CARGO_TARGET_DIR:-$repo/target}/debug/codegen"

# One generated crate, standalone (its own workspace), named like every other so the pair compares.
generate() {
  "$codegen" generate "$1" --out "$2" --name semver-demo >"$3" 2>&1 || return 1
  printf '\n[workspace]\n' >>"$2/Cargo.toml"
}

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f s", b - a }'; }

# The generated crates share one target dir, so their dependencies compile once.
export CARGO_TARGET_DIR="$out/target"
failures=0
echo "| spec change | expected | cargo-semver-checks | time | result |"
echo "|---|---|---|---:|---|"
for spec in "$repo"/tests/semver/*.yaml; do
  case="$(basename "$spec" .yaml)"
  [ "$case" = base ] && continue
  case "$case" in
    removed_*) expected=major ;;
    *) expected=minor ;;
  esac
  dir="$out/$case"
  rm -rf "$dir"
  log="$logs/$case.log"
  if ! generate "$repo/tests/semver/base.yaml" "$dir/old" "$log" || ! generate "$spec" "$dir/new" "$log"; then
    echo "| $case | $expected | generate failed | - | FAIL |"
    failures=$((failures + 1))
    continue
  fi
  start="$(now)"
  cargo semver-checks check-release --default-features \
    --manifest-path "$dir/new/Cargo.toml" --baseline-root "$dir/old" >"$log" 2>&1
  status=$?
  took="$(elapsed "$start" "$(now)")"
  if [ $status -eq 0 ]; then
    verdict="no breaking change"
    got=minor
  elif grep -q "requires new major version" "$log"; then
    lints="$(grep -oE '^--- failure [a-z_]+' "$log" | sed 's/--- failure //' | sort -u | paste -sd, -)"
    verdict="major: ${lints:-see log}"
    got=major
  else
    verdict="error (see $log)"
    got=error
  fi
  if [ "$got" = "$expected" ]; then result=ok; else result=FAIL; failures=$((failures + 1)); fi
  echo "| $case | $expected | $verdict | $took | $result |"
done
exit $(( failures > 0 ))
