#!/usr/bin/env bash
# Load benchmark of the standalone fake One-CP (examples/fake-server.rs, release build) with wrk:
# requests per second and resident memory for `POST /initialize` (a one-item checkout, each one a
# new stored transaction) and `GET /status/{id}`. Prints a markdown table for the README.
#
#   scripts/load.sh                 # the work tree
#   scripts/load.sh 6b68039         # a past commit (exported with git archive into target/load/)
#   DURATION=10 CONNECTIONS=64 THREADS=2 scripts/load.sh
#   FAKE_ARGS="--max-transactions 1000000" scripts/load.sh
#
# Needs wrk (Debian: apt-get install -y wrk) and curl. The POST phase runs twice back to back, so
# the table shows whether memory keeps growing once the store is full.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${DURATION:-5}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
port=${PORT:-18080}
rev=${1:-}
out=target/load
mkdir -p "$out"

for tool in wrk curl; do
  command -v "$tool" >/dev/null || { echo "load.sh needs $tool (apt-get install -y $tool)" >&2; exit 1; }
done

src=.
sha=
label="work tree ($(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
if [ -n "$rev" ]; then
  sha=$(git rev-parse --short "$rev")
  src=$out/src-$sha
  label="commit $sha"
  if [ ! -f "$src/Cargo.toml" ]; then
    mkdir -p "$src"
    git archive "$sha" | tar -x -C "$src"
  fi
fi
# A target directory per revision: cargo names path packages' artifacts (and the build script's
# OUT_DIR) by their path inside the workspace, so two revisions sharing one would mix generated
# code. The first build of a revision compiles everything in release mode.
target=$PWD/$out/target-${sha:-worktree}
CARGO_TARGET_DIR=$target cargo build --quiet --release --example fake-server \
  --manifest-path "$src/Cargo.toml"
binary=$target/release/examples/fake-server

id=load-client
secret=load-secret
auth="Basic $(printf '%s:%s' "$id" "$secret" | base64)"
base=http://127.0.0.1:$port
# shellcheck disable=SC2086
"$binary" --addr "127.0.0.1:$port" --client-id "$id" --client-secret "$secret" ${FAKE_ARGS:-} \
  >"$out/fake.log" 2>&1 &
fake=$!
trap 'kill "$fake" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -fsS -o /dev/null -H "Authorization: $auth" "$base/status" 2>/dev/null && break
  sleep 0.1
done

rss_mib() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$fake/status"; }

checkout='{"title":"Load test","currency":"EUR","items":[{"stockId":"12345","name":"Flight FRA-MUC","category":"FLIGHT","price":450.0,"totalTax":85.5,"total":535.5}]}'
cat >"$out/post.lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "$auth"
wrk.body = '$checkout'
EOF
cat >"$out/get.lua" <<EOF
wrk.method = "GET"
wrk.headers["Authorization"] = "$auth"
EOF

# run NAME LUA PATH: one wrk run; prints "requests/s non-2xx".
run() {
  local log=$out/wrk-$1.log
  wrk -t"$threads" -c"$connections" -d"${duration}s" -s "$2" "$base$3" >"$log"
  local rps errors
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$log")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$log")
  echo "$rps ${errors:-0}"
}

loadavg=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(rss_mib)
read -r post1 post1_errors < <(run post1 "$out/post.lua" /initialize)
after_post1=$(rss_mib)
read -r post2 post2_errors < <(run post2 "$out/post.lua" /initialize)
after_post2=$(rss_mib)
tx=$(curl -fsS -H "Authorization: $auth" -H 'Content-Type: application/json' -d "$checkout" \
  "$base/initialize" | sed 's/.*"transactionId":"\([0-9a-f]*\)".*/\1/')
read -r get get_errors < <(run get "$out/get.lua" "/status/$tx")
after_get=$(rss_mib)
peak=$(awk '/^VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$fake/status")

echo "$label, wrk -t$threads -c$connections -d${duration}s${FAKE_ARGS:+, fake args: $FAKE_ARGS}; nproc $(nproc), load average before: $loadavg"
echo
echo "| phase | requests/s | non-2xx | resident memory after |"
echo "|---|---:|---:|---:|"
echo "| start | | | $start MiB |"
echo "| POST /initialize, first ${duration} s | $post1 | $post1_errors | $after_post1 MiB |"
echo "| POST /initialize, next ${duration} s | $post2 | $post2_errors | $after_post2 MiB |"
echo "| GET /status/{id} | $get | $get_errors | $after_get MiB |"
echo
echo "peak resident memory: $peak MiB"
