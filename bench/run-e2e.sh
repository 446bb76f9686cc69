#!/usr/bin/env bash
# End-to-end benchmark: runs, in one go on this machine, the bare Kestrel baseline, the query
# frontend with one and four `noop` replicas, and the `sleep` model (1 ms + 10 µs per input) with
# adaptive batching and with the batch size fixed at 1. Prints one table (markdown) with
# throughput, latency percentiles, the ratio to the baseline and the batching gain.
#
#   bench/run-e2e.sh [--duration 10s] [--connections 32] [--soak 10m]
#
# --soak D adds a run of the frontend with one noop replica at half of its saturating rate for D,
# sampling the frontend's resident memory every 10 s (the memory-flat target).
# Logs and raw JSON results go to artifacts/bench/e2e/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

duration=10s; connections=32; soak=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --soak) soak="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (expected --duration, --connections or --soak)" >&2; exit 2 ;;
  esac
done

out="$root/artifacts/bench/e2e"; rm -rf "$out"; mkdir -p "$out"
scripts/ensure-redis.sh
if ! command -v wrk >/dev/null || ! command -v curl >/dev/null; then
  [[ $(id -u) -eq 0 ]] || { echo "wrk and curl are needed: sudo apt-get install -y wrk curl" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wrk curl >/dev/null
fi

echo "building (Release)..." >&2
./clipper --help >/dev/null
dotnet publish bench/Clipper.LoadGenerator -c Release -o artifacts/bench/load --nologo -v quiet -p:UseAppHost=false
dotnet publish bench/Clipper.BaselineServer -c Release -o artifacts/bench/baseline --nologo -v quiet -p:UseAppHost=false
load() { dotnet artifacts/bench/load/clipper-load.dll "$@"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
wait_for() {
  for _ in $(seq 1 150); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "timed out waiting for $1 (logs in $out)" >&2; exit 1
}
body='{"input":[1.0,2.0,3.0,4.0]}'

# closed NAME URL [CONNECTIONS]: saturating closed-loop run; open NAME URL RATE: fixed-rate run.
# The warm-up covers the JIT's tiering of both processes: with 2 s the first measured second was still slow.
closed() { load --url "$2" --body "$body" --duration "$duration" --warmup 5s --connections "${3:-$connections}" --json | tail -n 1 >"$out/$1.json"; }
open() { load --url "$2" --body "$body" --duration "$duration" --warmup 5s --connections 64 --rate "$3" --json | tail -n 1 >"$out/$1.json"; }
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$out/$1.json" "$2"; }
half() { python3 -c 'import sys; print(max(1, int(float(sys.argv[1]) / 2)))' "$(field "$1" throughput)"; }
wrk_rate() {
  cat >"$out/post.lua" <<EOF
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
EOF
  wrk -t2 -c"$connections" -d"$duration" -s "$out/post.lua" "$2" >"$out/$1.wrk.txt"
  awk '/Requests\/sec/ {print $2}' "$out/$1.wrk.txt"
}

# --- the baseline: bare Kestrel with a constant answer -------------------------------------
echo "baseline..." >&2
dotnet artifacts/bench/baseline/clipper-baseline.dll --port 0 >"$out/baseline.log" 2>&1 & pids+=($!)
for _ in $(seq 1 100); do grep -q '^listening on ' "$out/baseline.log" && break; sleep 0.1; done
base_url="$(awk '/^listening on / {print $3}' "$out/baseline.log")/bench/predict"
closed baseline "$base_url"
baseline_wrk=$(wrk_rate baseline "$base_url")
open baseline-half "$base_url" "$(half baseline)"
baseline_pid=${pids[-1]}   # kept (idle) for a run at the frontend's half rate, for a like-for-like tail

# --- the cluster: Redis, management frontend, query frontend --------------------------------
redis_port=$(free_port); mgmt_port=$(free_port); query_port=$(free_port); rpc_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$out/redis.log" 2>&1 & pids+=($!)
./clipper management-frontend --redis "127.0.0.1:$redis_port" --port "$mgmt_port" >"$out/management.log" 2>&1 & pids+=($!)
./clipper query-frontend --redis "127.0.0.1:$redis_port" --http-port "$query_port" --rpc-port "$rpc_port" --bind 127.0.0.1 >"$out/query.log" 2>&1 & pids+=($!)
query_pid=${pids[-1]}
wait_for "http://127.0.0.1:$mgmt_port/admin/ping"
wait_for "http://127.0.0.1:$query_port/healthz"

admin() { curl -fsS -X POST "http://127.0.0.1:$mgmt_port/admin/$1" -H 'Content-Type: application/json' -d "$2" >/dev/null; }
# model NAME BATCH_SIZE [CACHE_BYTES] [VERSION]: registers a model version (the prediction cache off unless given: every
# request of a run carries the same input, so a cache would answer them all and the rows would not measure the model).
model() {
  admin add_model "{\"model_name\": \"$1\", \"model_version\": \"${4:-1}\", \"labels\": [], \"input_type\": \"doubles\", \"container_name\": \"example-$1\", \"model_data_path\": \"\", \"batch_size\": $2, \"cache_bytes\": ${3:-0}}"
}
# app NAME MODEL BATCH_SIZE SLO_MICROS [CACHE_BYTES]: registers an app and a model version and links them.
app() {
  admin add_app "{\"name\": \"$1\", \"input_type\": \"doubles\", \"default_output\": \"-1.0\", \"latency_slo_micros\": $4}"
  model "$2" "$3" "${5:-0}"
  admin add_model_links "{\"app_name\": \"$1\", \"model_names\": [\"$2\"]}"
}
# replica MODEL KIND [VERSION]: starts one replica of an example model.
replica() {
  CLIPPER_MODEL_NAME=$1 CLIPPER_MODEL_VERSION=${3:-1} CLIPPER_IP=127.0.0.1 CLIPPER_PORT=$rpc_port CLIPPER_INPUT_TYPE=doubles \
    ./clipper example-model "$2" >"$out/$1-$((${#pids[@]})).log" 2>&1 & pids+=($!)
}
# serving APP: waits until the app answers with its model's output (not a default).
serving() {
  for _ in $(seq 1 150); do
    curl -sS -X POST "http://127.0.0.1:$query_port/$1/predict" -d "$body" 2>/dev/null | grep -q '"default":false' && return 0
    sleep 0.2
  done
  echo "timed out waiting for $1 to serve (logs in $out)" >&2; exit 1
}
url() { echo "http://127.0.0.1:$query_port/$1/predict"; }

echo "noop, one replica..." >&2
app noop noop -1 100000
replica noop noop
serving noop
closed noop1 "$(url noop)"
noop1_wrk=$(wrk_rate noop1 "$(url noop)")
open noop1-half "$(url noop)" "$(half noop1)"
open baseline-at-noop1-half "$base_url" "$(half noop1)"

# The prediction cache: every request the same input, so all but the first are hits (the 'noop' model behind it).
echo "prediction cache hits..." >&2
app cached cachednoop -1 100000 33554432
replica cachednoop noop
serving cached
closed cache-hits "$(url cached)"
cache_wrk=$(wrk_rate cache-hits "$(url cached)")
kill "$baseline_pid"; wait "$baseline_pid" 2>/dev/null || true

# An ensemble of three noop models against one, at the same fixed rate: what answering from three models adds.
echo "ensemble of three..." >&2
admin add_app '{"name": "trio", "input_type": "doubles", "default_output": "-1.0", "latency_slo_micros": 100000}'
for m in left middle right; do
  model "$m" -1
  admin set_model_link "{\"app_name\": \"trio\", \"model_name\": \"$m\"}"
  replica "$m" noop
done
admin set_app_policy '{"app_name": "trio", "policy": "ensemble"}'
serving trio
# A sixth of one replica's saturating rate: the ensemble sends three model queries per request, so at half of it the
# models would be past saturation and the tail would measure the overload, not the ensemble.
sixth=$(python3 -c 'import sys; print(max(1, int(float(sys.argv[1]) / 6)))' "$(field noop1 throughput)")
open ensemble3-half "$(url trio)" "$sixth"
open noop1-again-half "$(url noop)" "$sixth"

if [[ -n "$soak" ]]; then
  echo "soak: noop, one replica, half rate for $soak..." >&2
  rate=$(half noop1)
  rss() { awk '/^VmRSS/ {r=$2} /^Threads/ {t=$2} END {print r, t}' "/proc/$query_pid/status"; }
  : >"$out/soak-rss.txt"
  load --url "$(url noop)" --body "$body" --duration "$soak" --warmup 0s --connections 64 --rate "$rate" --json | tail -n 1 >"$out/soak.json" &
  soak_pid=$!
  while kill -0 "$soak_pid" 2>/dev/null; do echo "$(date +%s) $(rss)" >>"$out/soak-rss.txt"; sleep 10; done
  wait "$soak_pid"
fi

echo "noop, four replicas..." >&2
for _ in 1 2 3; do replica noop noop; done
sleep 3   # the new replicas connect and take batches
closed noop4 "$(url noop)"
noop4_wrk=$(wrk_rate noop4 "$(url noop)")

# The sleep model gets 128 connections in both runs, so that batches can grow past a handful of
# queries. Adaptive batching must stay inside a 20 ms objective; batch size 1 gets a 1 s objective
# so that its figure is the model's whole throughput at that size, not cut down by defaults.
echo "sleep model, adaptive batching..." >&2
app sleepy sleep -1 20000
replica sleep sleep
serving sleepy
closed sleep-adaptive "$(url sleepy)" 128

echo "sleep model, batch size 1..." >&2
app sleepy1 sleep1 1 1000000
replica sleep1 sleep
serving sleepy1
closed sleep-batch1 "$(url sleepy1)" 128

# A canary whose version fails every query, at a fixed rate: from its start (its first failures come within
# milliseconds) to the rollback, and how many answers failed meanwhile.
echo "canary rollback..." >&2
model noop 1 0 2
replica noop fail 2
admin set_model_version '{"model_name": "noop", "model_version": "1"}'
sleep 2   # the version 2 replica connects
load --url "$(url noop)" --body "$body" --duration 8s --warmup 0s --connections 64 --rate "$(half noop1)" --json | tail -n 1 >"$out/canary.json" &
canary_load=$!
sleep 2
python3 - "$mgmt_port" >"$out/canary-rollback.txt" <<'EOF'
import json, sys, time, urllib.request
port = sys.argv[1]
def post(op, body):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/admin/{op}", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    text = urllib.request.urlopen(req).read()
    try:
        return json.loads(text)
    except ValueError:
        return {}   # the changes answer text, as Clipper's do
start = time.monotonic()
post("start_canary", {"app_name": "noop", "model_name": "noop", "model_version": "2", "percent": 10, "step": 10, "interval_seconds": 30})
while True:
    c = post("get_canary", {"app_name": "noop"})
    if c["state"] != "running":
        break
    if time.monotonic() - start > 30:
        raise SystemExit("the canary was not rolled back within 30 s")
    time.sleep(0.005)
print(f"{(time.monotonic() - start) * 1000:.0f} {c['state']} {c['reason']}")
EOF
wait "$canary_load"

python3 - "$out" "$baseline_wrk" "$noop1_wrk" "$noop4_wrk" "$soak" "$cache_wrk" <<'EOF'
import json, os, sys
out, wrk = sys.argv[1], {"baseline": float(sys.argv[2]), "noop1": float(sys.argv[3]), "noop4": float(sys.argv[4]), "cache": float(sys.argv[6])}
soak = sys.argv[5]
def r(name): return json.load(open(os.path.join(out, name + ".json")))
base = r("baseline")["throughput"]
rows = [
  ("baseline: bare Kestrel, constant answer", "baseline", "baseline"),
  ("baseline at half its rate (open loop)", "baseline-half", None),
  ("query frontend, 1 noop replica", "noop1", "noop1"),
  ("1 noop replica at half its rate (open loop)", "noop1-half", None),
  ("baseline at that same rate (open loop)", "baseline-at-noop1-half", None),
  ("query frontend, 4 noop replicas", "noop4", "noop4"),
  ("prediction cache hits (1 noop replica behind)", "cache-hits", "cache"),
  ("ensemble of 3 noop models (open loop)", "ensemble3-half", None),
  ("1 noop model at that same rate (open loop)", "noop1-again-half", None),
  ("sleep 1 ms + 10 µs/input, adaptive batching, 20 ms objective", "sleep-adaptive", None),
  ("sleep 1 ms + 10 µs/input, batch size 1, 1 s objective", "sleep-batch1", None),
]
print("| scenario | answers/s | wrk req/s | vs baseline | p50 ms | p99 ms | p99.9 ms | defaults | errors |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for label, name, w in rows:
  x = r(name)
  mode = f" @ {x['rate']:.0f}/s" if x["mode"] == "open" else f", {x['connections']} connections"
  ok = x["ok"] / x["duration_s"]
  print(f"| {label}{mode} | {ok:,.0f} | {wrk[w]:,.0f} | {x['throughput'] / base:.0%} | {x['p50_ms']:.3f} | {x['p99_ms']:.3f} | {x['p999_ms']:.3f} | {x['defaults']} | {x['errors']} |"
        if w else
        f"| {label}{mode} | {ok:,.0f} | | {x['throughput'] / base:.0%} | {x['p50_ms']:.3f} | {x['p99_ms']:.3f} | {x['p999_ms']:.3f} | {x['defaults']} | {x['errors']} |")
a, b = r("sleep-adaptive"), r("sleep-batch1")
gain = (a["ok"] / a["duration_s"]) / max(1e-9, b["ok"] / b["duration_s"])
print()
print(f"Batching gain (model answers per second, adaptive / batch size 1): {gain:.1f}x")
c, b1 = r("cache-hits"), r("baseline")
print(f"Cache hits vs bare Kestrel (answers/s): {(c['ok'] / c['duration_s']) / (b1['ok'] / b1['duration_s']):.2f}")
e, one = r("ensemble3-half"), r("noop1-again-half")
print(f"Ensemble of 3 vs 1 model at {e['rate']:.0f}/s: p50 +{e['p50_ms'] - one['p50_ms']:.3f} ms, p99 +{e['p99_ms'] - one['p99_ms']:.3f} ms")
ms, state, *reason = open(os.path.join(out, "canary-rollback.txt")).read().split(" ", 2)
k = r("canary")
print(f"Canary of a failing version at 10% of {k['rate']:.0f}/s: {state} {ms} ms after its start; {k['defaults']} failed answers in all ({' '.join(reason).strip()})")
if soak:
  lines = [l.split() for l in open(os.path.join(out, "soak-rss.txt")) if len(l.split()) == 3]
  samples = [int(l[1]) for l in lines]
  threads = [int(l[2]) for l in lines]
  if len(samples) > 6:
    settled = samples[6:]   # after the first minute
    first, last, peak = settled[0], settled[-1], max(settled)
    s = r("soak")
    print(f"Soak {soak} @ {s['rate']:.0f}/s: frontend RSS after 1 min {first / 1024:.1f} MiB, at the end {last / 1024:.1f} MiB "
          f"({(last - first) / first:+.1%}), peak {peak / 1024:.1f} MiB; threads {threads[6]} to {threads[-1]}; "
          f"p99 {s['p99_ms']:.3f} ms, {s['defaults']} defaults, {s['errors']} errors")
EOF
