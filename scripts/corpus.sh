#!/usr/bin/env bash
# Generates a crate for every spec in the real-world corpus and `cargo check`s each one, then prints
# a Markdown table: spec, operations, types, generated lines, generate time, check time, result.
#
#   scripts/corpus.sh [CORPUS_DIR] [SPEC_NAME...]
#
# CORPUS_DIR defaults to ../shared/corpus (relative to the repository). Its top level (OpenAPI
# 3.0), its `v2/` (Swagger 2.0), `v31/` (OpenAPI 3.1) and `multi/` (split specs) directories are
# read, and, for the default corpus, this repository's own additions in tests/corpus/ (the same
# directories). A split spec is a directory holding a ROOT file that names its root document; it
# is named after the directory. Its REMOTE_REFS file, if any, names local copies of the remote
# documents it refers to (`URL=PATH` lines, PATH from the directory; `--remote-ref`). Naming
# specs (file names without extension, e.g. `oai-petstore`,
# `v2-gotify` or `v31-letta`, or a split spec's directory, `lob`) limits the run to those. The
# generated crates go to
# target/corpus/<spec>/, members of one workspace written to target/corpus/Cargo.toml, so that the
# dependencies compile once into the one shared target dir target/corpus/target; each crate is then
# checked on its own (with `--all-features`, so the server code is checked too) to time it. Then
# every generated server router (and webhook router) is built with axum
# (codegen/tests/generated_routers.rs): "server routes" counts the operations and webhooks routed. A failure never stops the run: every spec gets its
# row. Logs: target/corpus/logs/.
#
# CARGO_TARGET_DIR, if set, is where the codegen binary is built (the corpus crates always use
# target/corpus/target); CORPUS_OUT moves target/corpus.
set -uo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
corpus_given="${1:-}"
corpus="${1:-$repo/../shared/corpus}"
shift $(( $# > 0 ? 1 : 0 ))
corpus="$(cd "$corpus" && pwd)" || { echo "no corpus directory" >&2; exit 2; }
out="${CORPUS_OUT:-$repo/target/corpus}"
logs="$out/logs"
mkdir -p "$out" "$logs"
export CARGO_TERM_COLOR=never
# Every check compiles its crate from scratch: with incremental compilation a rerun on unchanged
# output would time a cache lookup, not a check.
export CARGO_INCREMENTAL=0

echo "building codegen (release)..." >&2
if ! cargo build --quiet --release -p codegen --features cli --manifest-path "$repo/Cargo.toml" 2>"$logs/codegen-build.log"; then
  cat "$logs/codegen-build.log" >&2
  exit 2
fi
codegen="${CARGO_TARGET_DIR:-$repo/target}/release/codegen"

# The directories specs are read from: the corpus and its Swagger 2.0, OpenAPI 3.1 and split-spec
# directories; for the default corpus, also this repository's own additions in tests/corpus/.
dirs=("$corpus")
for sub in v2 v31 multi; do [ -d "$corpus/$sub" ] && dirs+=("$corpus/$sub"); done
if [ -z "${corpus_given:-}" ]; then
  for sub in v2 v31 multi; do
    [ -d "$repo/tests/corpus/$sub" ] && dirs+=("$(cd "$repo/tests/corpus/$sub" && pwd)")
  done
fi
specs=()
declare -A split_dir  # a split spec's root document → its directory's name
declare -A split_home # a split spec's root document → its directory
if [ $# -gt 0 ]; then
  for name in "$@"; do
    found=()
    for dir in "${dirs[@]}"; do
      if [ -f "$dir/$name/ROOT" ]; then
        found+=("$dir/$name/$(cat "$dir/$name/ROOT")"); split_dir["${found[-1]}"]="$name"
        split_home["${found[-1]}"]="$dir/$name"
      fi
      for f in "$dir/$name".*; do [ -e "$f" ] && found+=("$f"); done
    done
    [ ${#found[@]} -gt 0 ] || { echo "no spec named $name in ${dirs[*]}" >&2; exit 2; }
    specs+=("${found[0]}")
  done
else
  for dir in "${dirs[@]}"; do
    while IFS= read -r spec; do specs+=("$spec"); done < <(
      find "$dir" -maxdepth 1 -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) | LC_ALL=C sort)
    # A split spec is a directory whose ROOT file names its root document.
    while IFS= read -r root; do
      specs+=("$(dirname "$root")/$(cat "$root")"); split_dir["${specs[-1]}"]="$(basename "$(dirname "$root")")"
      split_home["${specs[-1]}"]="$(dirname "$root")"
    done < <(
      find "$dir" -mindepth 2 -maxdepth 2 -type f -name ROOT | LC_ALL=C sort)
  done
fi

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f s", b - a }'; }
# A spec's file name without extension (a split spec's: its directory's), made a valid crate
# (and directory) name.
crate_of() {
  local file
  # A split spec's root may sit deeper than its ROOT file (`spec/openapi.yaml`).
  if [ -n "${split_dir[$1]:-}" ]; then file="${split_dir[$1]}"; else file="$(basename "$1")"; file="${file%.*}"; fi
  file="${file//[^A-Za-z0-9_-]/-}"
  # Crate names are lowercase (rustc warns about `DigitalOcean`).
  echo "${file,,}"
}
# The first line of a log matching a pattern, made safe for a Markdown table cell.
first_line() { grep -m1 -E "$1" "$2" | sed -e 's/|/\\|/g' -e 's/^[[:space:]]*//' | cut -c1-160; }
# The first rustc diagnostic of a level in a log, with its location in the generated crate.
first_diagnostic() {
  awk -v level="$1" '
    !found && index($0, level) == 1 && !/generated [0-9]+ warning/ && !/could not compile/ {
      message = $0; found = 1; next
    }
    found && /-->/ { sub(/.*--> */, ""); sub(/^[^\/]*\//, ""); print message " (" $0 ")"; printed = 1; exit }
    END { if (found && !printed) print message }
  ' "$2" | sed -e 's/|/\\|/g' | cut -c1-200
}

declare -A ops types lines gen_time gen_result warnings_gen
generated=()
for spec in "${specs[@]}"; do
  name="$(crate_of "$spec")"
  log="$logs/$name.generate.log"
  start="$(now)"
  # A split spec's REMOTE_REFS file names local copies of the remote documents it refers to,
  # one `URL=PATH` a line, PATH relative to the spec's directory.
  remote_refs=()
  home="${split_home[$spec]:-}"
  if [ -n "$home" ] && [ -f "$home/REMOTE_REFS" ]; then
    while IFS= read -r line; do
      [ -n "$line" ] && remote_refs+=(--remote-ref "${line%%=*}=$home/${line#*=}")
    done < <(grep -v '^#' "$home/REMOTE_REFS" | sed 's/\r$//')
  fi
  "$codegen" generate "$spec" --out "$out/$name" --name "corpus-$name" "${remote_refs[@]}" >"$log" 2>&1
  status=$?
  gen_time[$name]="$(elapsed "$start" "$(now)")"
  summary="$(grep -m1 -E '^generated crate' "$log")"
  if [ $status -eq 0 ] && [ -n "$summary" ]; then
    ops[$name]="$(sed -E 's/.*: ([0-9]+) operations.*/\1/' <<<"$summary")"
    types[$name]="$(sed -E 's/.*, ([0-9]+) types.*/\1/' <<<"$summary")"
    lines[$name]="$(sed -E 's/.*, ([0-9]+) lines.*/\1/' <<<"$summary")"
    warnings_gen[$name]="$(grep -c '^warning' "$log")"
    generated+=("$name")
  else
    ops[$name]="-"; types[$name]="-"; lines[$name]="-"; warnings_gen[$name]="-"
    if [ $status -eq 101 ]; then
      gen_result[$name]="generate PANICKED: $(first_line 'panick|internal error' "$log")"
    else
      gen_result[$name]="generate failed (exit $status): $(first_line '^(error|internal)' "$log")"
    fi
  fi
done

# One workspace over the generated crates (written below), so dependencies build once; the lock file
# starts from the repository's, so the versions are the ones already known to build here.
[ -f "$out/Cargo.lock" ] || cp "$repo/Cargo.lock" "$out/Cargo.lock"

# `_deps` depends on every dependency any generated crate lists (optional ones made plain), with the
# same features, so checking it first compiles them all and the per-crate check times are the
# crates' own. The runtime crate (codegen-runtime) is the exception: the crates ask for different
# features of it (`decimal`, `multipart`, both or neither), and each set is its own build, so every set is warmed by a
# crate of its own, `_rt<N>` (checked alone, as each generated crate then is), with the `server`
# feature that `--all-features` turns on.
mapfile -t runtime_lines < <(for name in "${generated[@]}"; do grep -h -E '^codegen-runtime = ' "$out/$name/Cargo.toml"; done | sort -u)
mkdir -p "$out/_deps/src"
: >"$out/_deps/src/lib.rs"
{
  printf '[package]\nname = "corpus-deps"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n'
  for name in "${generated[@]}"; do
    sed -n '/^\[dependencies\]/,/^\[/p' "$out/$name/Cargo.toml" | grep -E '^[a-z_-]+ = ' | grep -v -E '^codegen-runtime = '
  done | sed -e 's/, optional = true//' | sort -u
} >"$out/_deps/Cargo.toml"
warmers=()
for i in "${!runtime_lines[@]}"; do
  mkdir -p "$out/_rt$i/src"
  : >"$out/_rt$i/src/lib.rs"
  printf '[package]\nname = "corpus-rt%s"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\n%s\n' \
    "$i" "$(sed -E 's/features = \[/features = ["server", /' <<<"${runtime_lines[$i]}")" >"$out/_rt$i/Cargo.toml"
  warmers+=("_rt$i")
done
{
  echo "# Written by scripts/corpus.sh: the generated corpus crates and crates of their dependencies."
  echo "[workspace]"
  echo "resolver = \"2\""
  printf 'members = ["_deps"'
  for name in "${warmers[@]}" "${generated[@]}"; do printf ', "%s"' "$name"; done
  echo "]"
} >"$out/Cargo.toml"

echo "compiling the dependencies once..." >&2
start="$(now)"
if ! cargo check --quiet --manifest-path "$out/Cargo.toml" --target-dir "$out/target" -p corpus-deps >"$logs/_deps.check.log" 2>&1; then
  echo "the dependencies do not build; see $logs/_deps.check.log" >&2
fi
for i in "${!warmers[@]}"; do
  if ! cargo check --quiet --manifest-path "$out/Cargo.toml" --target-dir "$out/target" -p "corpus-rt$i" >>"$logs/_deps.check.log" 2>&1; then
    echo "the runtime crate does not build; see $logs/_deps.check.log" >&2
  fi
done
deps_time="$(elapsed "$start" "$(now)")"

declare -A check_time result
for spec in "${specs[@]}"; do
  name="$(crate_of "$spec")"
  if [ -n "${gen_result[$name]:-}" ]; then
    check_time[$name]="-"
    result[$name]="${gen_result[$name]}"
    continue
  fi
  echo "checking $name..." >&2
  log="$logs/$name.check.log"
  start="$(now)"
  cargo check --manifest-path "$out/Cargo.toml" --target-dir "$out/target" -p "corpus-$name" --all-features >"$log" 2>&1
  status=$?
  check_time[$name]="$(elapsed "$start" "$(now)")"
  rust_warnings="$(grep -m1 -oE "\`corpus-$name\` \(lib\) generated [0-9]+ warning" "$log" | grep -oE '[0-9]+ warning' | grep -oE '[0-9]+')"
  if [ $status -eq 0 ]; then
    if [ -n "$rust_warnings" ]; then
      result[$name]="$rust_warnings rustc warning(s), first: $(first_diagnostic warning "$log")"
    else
      result[$name]="ok"
    fi
  else
    result[$name]="check failed: $(first_diagnostic error "$log")"
  fi
done

# A crate that compiles can still panic when its server router is built (axum refuses some
# routes at run time): codegen/tests/generated_routers.rs builds every corpus router with axum.
echo "building every generated server router with axum..." >&2
CODEGEN_CORPUS="$(IFS=:; echo "${dirs[*]}")" cargo test --quiet --manifest-path "$repo/Cargo.toml" -p codegen \
  --test generated_routers -- --nocapture >"$logs/routers.log" 2>&1
declare -A routed
for spec in "${specs[@]}"; do
  name="$(crate_of "$spec")"
  # generated_routers names a split spec by its directory (`name/`), a spec file by its file name.
  if [ -n "${split_dir[$spec]:-}" ]; then label="${split_dir[$spec]}/"; else label="$(basename "$spec")"; fi
  line="$(grep -m1 -F "router $label: " "$logs/routers.log")"
  line="${line#*: }"
  case "$line" in
    ok,*) routed[$name]="$(grep -oE '[0-9]+' <<<"$line" | head -1)" ;;
    panics:*)
      routed[$name]="panics"
      [ "${result[$name]}" = ok ] && result[$name]="router $(sed 's/|/\\|/g' <<<"$line" | cut -c1-160)"
      ;;
    *) routed[$name]="-" ;;
  esac
done

table="$out/table.md"
{
  echo "| spec | operations | types | generated lines | generator warnings | generate | check | server routes | result |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
  for spec in "${specs[@]}"; do
    name="$(crate_of "$spec")"
    label="$(basename "$spec")"
    [ -n "${split_dir[$spec]:-}" ] && label="${split_dir[$spec]}/ ($label)"
    echo "| $label | ${ops[$name]} | ${types[$name]} | ${lines[$name]} | ${warnings_gen[$name]} | ${gen_time[$name]} | ${check_time[$name]} | ${routed[$name]} | ${result[$name]} |"
  done
  echo
  echo "Dependencies compiled once beforehand in $deps_time (not counted above)."
} | tee "$table"

failures=0
for spec in "${specs[@]}"; do
  name="$(crate_of "$spec")"
  [[ "${result[$name]}" == ok ]] || failures=$((failures + 1))
done
echo "${#specs[@]} specs, $failures failed; table in $table, logs in $logs" >&2
[ $failures -eq 0 ]
