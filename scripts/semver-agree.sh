#!/usr/bin/env bash
# Does `codegen diff` agree with cargo-semver-checks? For each pair of specs, generates a crate from
# each side, asks both for the bump the generated crate needs, and prints them side by side.
#
#   scripts/semver-agree.sh            # every pair
#   PAIRS=enum scripts/semver-agree.sh # the pairs whose name matches the regex
#
# The pairs: tests/semver/base.yaml against each other spec there, and every case of the table in
# codegen/tests/diff_table.rs (its ignored test `export_cases` writes them out).
#
# Both judge the whole crate, client and server (cargo-semver-checks with `--all-features`; the
# server trait is behind the `server` feature), which is what `codegen diff`'s `semver` is about.
# cargo-semver-checks says `major` when a lint requires a new major version, otherwise `not major`
# (both crates are 0.1.0, so it assumes a minor bump and skips the lints that would need one). The
# two agree when both or neither say `major`. Where they disagree, the table shows which changes `codegen diff`
# reported and which lints fired; the README says who is right for each.
#
# Needs cargo-semver-checks on PATH (or in target/semver-tools/bin, where scripts/semver-check.sh
# installs it). Each spec's crate is generated and documented (rustdoc JSON) once, so a pair costs
# one rustdoc run plus the check; the generated crates share one target dir under target/semver-agree
# (SEMVER_OUT moves it), logs in its logs/. Exits 1 when a pair disagrees, 2 when a step fails.
set -uo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
out="${SEMVER_OUT:-$repo/target/semver-agree}"
logs="$out/logs"
filter="${PAIRS:-.}"
rm -rf "$out/cases" "$out/crates"
mkdir -p "$out/cases" "$out/crates" "$logs"
export CARGO_TERM_COLOR=never

if ! command -v cargo-semver-checks >/dev/null; then
  if [ -x "$repo/target/semver-tools/bin/cargo-semver-checks" ]; then
    export PATH="$repo/target/semver-tools/bin:$PATH"
  else
    echo "cargo-semver-checks is not on PATH (cargo install --locked cargo-semver-checks)" >&2
    exit 2
  fi
fi

echo "building codegen and exporting the diff_table cases..." >&2
if ! cargo build --quiet -p codegen --manifest-path "$repo/Cargo.toml" 2>"$logs/codegen-build.log" ||
  ! DIFF_CASES_OUT="$out/cases" cargo test --quiet -p codegen --manifest-path "$repo/Cargo.toml" \
    --test diff_table export_cases -- --ignored >"$logs/export.log" 2>&1; then
  cat "$logs/codegen-build.log" "$logs/export.log" >&2
  exit 2
fi
codegen="${CARGO_TARGET_DIR:-$repo/target}/debug/codegen"

# The generated crates share one target dir, so their dependencies compile once.
export CARGO_TARGET_DIR="$out/target"

# The rustdoc JSON of the crate generated from spec $1, made once per distinct spec; prints its path.
rustdoc_of() {
  local key dir
  key="$(sha256sum "$1" | cut -c1-16)"
  dir="$out/crates/$key"
  if [ ! -f "$dir.json" ]; then
    "$codegen" generate "$1" --out "$dir" --name semver-demo >"$dir.log" 2>&1 || return 1
    # Standalone: not a member of this workspace.
    printf '\n[workspace]\n' >>"$dir/Cargo.toml"
    # What cargo-semver-checks runs itself (rustdoc JSON is unstable, so it bootstraps too).
    RUSTC_BOOTSTRAP=1 RUSTDOCFLAGS="-Z unstable-options --output-format json --cap-lints allow" \
      cargo doc --quiet --lib --no-deps --all-features --manifest-path "$dir/Cargo.toml" \
      >>"$dir.log" 2>&1 || return 1
    cp "$CARGO_TARGET_DIR/doc/semver_demo.json" "$dir.json" || return 1
  fi
  echo "$dir.json"
}

pairs=()
for spec in "$repo"/tests/semver/*.yaml; do
  [ "$(basename "$spec")" = base.yaml ] && continue
  pairs+=("semver/$(basename "$spec" .yaml)|$repo/tests/semver/base.yaml|$spec")
done
for dir in "$out"/cases/*/; do
  pairs+=("table/$(basename "$dir")|$dir/old.yaml|$dir/new.yaml")
done

start="$(date +%s)"
disagree=0
failed=0
echo "| pair | codegen diff | cargo-semver-checks | agree |"
echo "|---|---|---|---|"
for pair in "${pairs[@]}"; do
  IFS='|' read -r name old new <<<"$pair"
  [[ "$name" =~ $filter ]] || continue
  log="$logs/${name//\//-}.log"
  "$codegen" diff "$old" "$new" --format json >"$log.json" 2>"$log"
  ours="$(jq -r .semver "$log.json" 2>/dev/null)"
  breaking="$(jq -r '[.changes[] | select(.breaks | index("client") or index("server")) | .kind] | unique | join(", ")' "$log.json" 2>/dev/null)"
  if ! old_json="$(rustdoc_of "$old")" || ! new_json="$(rustdoc_of "$new")" || [ -z "$ours" ]; then
    echo "| $name | ${ours:-error} | generate or rustdoc failed (see $out/crates) | - |"
    failed=$((failed + 1))
    continue
  fi
  cargo semver-checks check-release --baseline-rustdoc "$old_json" --current-rustdoc "$new_json" \
    >"$log" 2>&1
  status=$?
  lints="$(grep -oE '^--- failure [a-z_]+' "$log" | sed 's/--- failure //' | sort -u | paste -sd, -)"
  if grep -q "requires new major version" "$log"; then
    theirs=major
  elif grep -q "requires new minor version" "$log"; then
    theirs=minor
  elif [ $status -eq 0 ]; then
    # Both crates are 0.1.0: it assumes a minor bump and checks only what would need a major one.
    theirs="not major"
  else
    echo "| $name | $ours | error (see $log) | - |"
    failed=$((failed + 1))
    continue
  fi
  if { [ "$ours" = major ] && [ "$theirs" = major ]; } || { [ "$ours" != major ] && [ "$theirs" != major ]; }; then
    agree=yes
  else
    agree=NO
    disagree=$((disagree + 1))
  fi
  echo "| $name | $ours${breaking:+ ($breaking)} | $theirs${lints:+ ($lints)} | $agree |"
done
echo >&2
echo "$disagree disagreements, $failed failures, $(($(date +%s) - start)) s" >&2
if [ $failed -gt 0 ]; then exit 2; fi
exit $((disagree > 0))
