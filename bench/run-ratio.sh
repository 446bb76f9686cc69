#!/usr/bin/env bash
# The frontend against bare Kestrel, measured with wrk as the issue of record asks: 1 wrk thread, 32 connections,
# a unique body per request (so the prediction cache never answers), every answer checked (a status other than 200 or
# an answer without "default":false counts as bad, and only good answers count), 3 interleaved pairs of 10 s runs (Kestrel, then the frontend),
# for 1 and 4 noop replicas, in two CPU arrangements:
#   session: every process in its own session (setsid), as a supervisor starts them: the kernel's autogroups then
#            share the cores between the load generator and the serving processes;
#   pinned:  wrk on core 0, every serving process (Kestrel, Redis, the frontends, the replicas) on core 1.
# Prints one markdown table per arrangement and the median of each pair's ratio.
#
#   bench/run-ratio.sh [--duration 10s] [--pairs 3] [--replicas "1 4"] [--arrangements "session pinned"]
#
# Results (wrk's output, one JSON line per pair) go to artifacts/bench/ratio/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

duration=10s; pairs=3; replica_counts="1 4"; arrangements="session pinned"; connections=32
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --pairs) pairs="$2"; shift 2 ;;
    --replicas) replica_counts="$2"; shift 2 ;;
    --arrangements) arrangements="$2"; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (expected --duration, --pairs, --replicas or --arrangements)" >&2; exit 2 ;;
  esac
done
for a in $arrangements; do
  [[ $a == session || $a == pinned ]] || { echo "--arrangements takes session and/or pinned, got $a" >&2; exit 2; }
done
[[ $(nproc) -ge 2 ]] || { echo "the pinned arrangement needs 2 cores; this machine has $(nproc)" >&2; exit 1; }

out="$root/artifacts/bench/ratio"; rm -rf "$out"; mkdir -p "$out"
scripts/ensure-redis.sh
if ! command -v wrk >/dev/null || ! command -v curl >/dev/null || ! command -v setsid >/dev/null; then
  [[ $(id -u) -eq 0 ]] || { echo "wrk, curl and setsid are needed: sudo apt-get install -y wrk curl util-linux" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk curl util-linux >/dev/null
fi

echo "building (Release)..." >&2
./clipper --help >/dev/null
dotnet publish bench/Clipper.BaselineServer -c Release -o artifacts/bench/baseline --nologo -v quiet -p:UseAppHost=false

# The local cluster's helpers: free_port, wait_for, admin, connected, and the pids killed on exit.
source bench/lib/local-cluster.sh
# Between arrangements too: the next one starts with none of the last one's processes.
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; pids=(); }

# A unique body per request; a bad answer is counted, and printed by done().
cat >"$out/unique.lua" <<'EOF'
-- bad is a global: done() reads each thread's copy with thread:get. Each run starts its counter where the caller says
-- (wrk ... -- BASE), so that no run repeats another's bodies: the prediction cache stays cold.
local counter, threads = 0, {}
bad = 0
function setup(thread) table.insert(threads, thread) end
function init(args) counter = tonumber(args[1] or "0") end
request = function()
  counter = counter + 1
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, '{"input":[' .. counter .. '.0,2.0,3.0,4.0]}')
end
response = function(status, headers, body)
  if status ~= 200 or not string.find(body, '"default":false', 1, true) then bad = bad + 1 end
end
done = function(summary, latency, requests)
  local total = 0
  for _, t in ipairs(threads) do total = total + t:get("bad") end
  io.write(string.format("bad answers: %d\n", total))
end
EOF

# next_base: where a run's counter starts: a million per second of the clock, so that a run, which sends far fewer than a
# million requests per second, never reaches the next one's bodies (and the numbers stay below 10^14, which Lua prints
# exactly).
next_base() { echo $(( $(date +%s) % 100000 * 1000000 )); }

# serve ARRANGEMENT CMD...: starts a serving process as the arrangement wants it.
serve() {
  local how=$1; shift
  if [[ $how == pinned ]]; then taskset -c 1 "$@" & else setsid "$@" & fi
  pids+=($!)
}
# measure ARRANGEMENT NAME URL: one wrk run; prints the good answers per second and the number of bad ones (an error
# status, or a default answer: a query that missed its objective). A socket error fails the run.
measure() {
  local how=$1 name=$2 url=$3
  if [[ $how == pinned ]]; then
    taskset -c 0 wrk -t1 -c"$connections" -d"$duration" -s "$out/unique.lua" "$url" -- "$(next_base)" >"$out/$name.txt"
  else
    setsid -w wrk -t1 -c"$connections" -d"$duration" -s "$out/unique.lua" "$url" -- "$(next_base)" >"$out/$name.txt"
  fi
  if grep -q 'Socket errors' "$out/$name.txt"; then echo "$name: socket errors (see $out/$name.txt)" >&2; exit 1; fi
  awk '/requests in/ {n = $1; d = $4 + 0} /^bad answers:/ {b = $3} END {printf "%.1f %d\n", (n - b) / d, b}' "$out/$name.txt"
}

for how in $arrangements; do
  echo "arrangement: $how" >&2
  serve "$how" dotnet artifacts/bench/baseline/clipper-baseline.dll --port 0 >"$out/$how-baseline.log" 2>&1
  for _ in $(seq 1 100); do grep -q '^listening on ' "$out/$how-baseline.log" && break; sleep 0.1; done
  base_url="$(awk '/^listening on / {print $3}' "$out/$how-baseline.log")/bench/predict"

  redis_port=$(free_port); mgmt_port=$(free_port); query_port=$(free_port); rpc_port=$(free_port)
  serve "$how" redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$out/$how-redis.log" 2>&1
  serve "$how" ./clipper management-frontend --redis "127.0.0.1:$redis_port" --port "$mgmt_port" >"$out/$how-management.log" 2>&1
  serve "$how" ./clipper query-frontend --redis "127.0.0.1:$redis_port" --http-port "$query_port" --rpc-port "$rpc_port" --bind 127.0.0.1 >"$out/$how-query.log" 2>&1
  wait_for "http://127.0.0.1:$mgmt_port/admin/ping"
  wait_for "http://127.0.0.1:$query_port/healthz"
  # The model keeps the default prediction cache: with a unique body per request it never answers, as in a service
  # whose inputs do not repeat.
  admin add_app '{"name": "noop", "input_type": "doubles", "default_output": "-1.0", "latency_slo_micros": 100000}'
  admin add_model '{"model_name": "noop", "model_version": "1", "labels": [], "input_type": "doubles", "container_name": "example-noop", "model_data_path": "", "batch_size": -1}'
  admin add_model_links '{"app_name": "noop", "model_names": ["noop"]}'
  url="http://127.0.0.1:$query_port/noop/predict"
  running=0
  for want in $replica_counts; do
    while [[ $running -lt $want ]]; do
      CLIPPER_MODEL_NAME=noop CLIPPER_MODEL_VERSION=1 CLIPPER_IP=127.0.0.1 CLIPPER_PORT=$rpc_port CLIPPER_INPUT_TYPE=doubles \
        serve "$how" ./clipper example-model noop >"$out/$how-replica-$running.log" 2>&1
      running=$((running + 1))
    done
    connected "$want"
    # Warm-up: both servers' code tiered up before anything is measured.
    wrk -t1 -c"$connections" -d5s -s "$out/unique.lua" "$base_url" -- "$(next_base)" >/dev/null
    wrk -t1 -c"$connections" -d5s -s "$out/unique.lua" "$url" -- "$(next_base)" >/dev/null
    for pair in $(seq 1 "$pairs"); do
      read -r k kbad < <(measure "$how" "$how-$want-kestrel-$pair" "$base_url")
      read -r f fbad < <(measure "$how" "$how-$want-frontend-$pair" "$url")
      echo "{\"arrangement\": \"$how\", \"replicas\": $want, \"pair\": $pair, \"kestrel\": $k, \"frontend\": $f, \"kestrel_bad\": $kbad, \"frontend_bad\": $fbad}" >>"$out/pairs.jsonl"
      echo "  $how, $want replica(s), pair $pair: Kestrel $k, frontend $f (bad answers: $kbad, $fbad)" >&2
    done
  done
  cleanup
done

python3 - "$out/pairs.jsonl" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("| arrangement | replicas | Kestrel answers/s (pairs) | frontend answers/s (pairs) | ratio per pair | median ratio | bad answers (frontend) |")
print("|---|---:|---|---|---|---:|---:|")
for key in sorted({(r["arrangement"], r["replicas"]) for r in rows}):
    rs = [r for r in rows if (r["arrangement"], r["replicas"]) == key]
    ratios = [r["frontend"] / r["kestrel"] for r in rs]
    fmt = lambda xs: ", ".join(f"{x:,.0f}" for x in xs)
    print(f"| {key[0]} | {key[1]} | {fmt(r['kestrel'] for r in rs)} | {fmt(r['frontend'] for r in rs)} | "
          f"{', '.join(f'{x:.2f}' for x in ratios)} | **{statistics.median(ratios):.2f}** | {sum(r['frontend_bad'] for r in rs)} |")
EOF
