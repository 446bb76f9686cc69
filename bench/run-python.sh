#!/usr/bin/env bash
# Python noop container vs .NET noop container, and Clipper's own protocol (ZeroMQ) vs ours from Python, side by
# side in one run: one query frontend (adaptive batching), one replica of `clipper example-model noop` (ModelRpc),
# one of bench/python/noop.py (clipper_rpc under Debian's python3) and one of the Clipper-protocol container
# (tests/ClipperContainers/clipper_container.py --mode noop: pyzmq and numpy, as Clipper's rpc.py), each
# behind its own app. For each: a saturating closed-loop run
# (answers/s, latency), then an open-loop run of both at the same rate (half the Python container's
# saturating rate) so their tails compare at equal load; then both closed loop again with the batch
# size fixed at 1, where every query is a round trip to the container, so its own cost per batch shows.
# Prints one markdown table.
#
#   bench/run-python.sh [--duration 10s] [--connections 32]
#
# Logs and raw JSON results go to artifacts/bench/python/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

duration=10s; connections=32
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (expected --duration or --connections)" >&2; exit 2 ;;
  esac
done

out="$root/artifacts/bench/python"; rm -rf "$out"; mkdir -p "$out"
scripts/ensure-redis.sh
scripts/ensure-python.sh
command -v curl >/dev/null || { echo "curl is needed: apt-get install -y curl" >&2; exit 1; }

echo "building (Release)..." >&2
./clipper --help >/dev/null
dotnet publish bench/Clipper.LoadGenerator -c Release -o artifacts/bench/load --nologo -v quiet -p:UseAppHost=false
load() { dotnet artifacts/bench/load/clipper-load.dll "$@"; }

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
wait_for() {
  for _ in $(seq 1 150); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "timed out waiting for $1 (logs in $out)" >&2; exit 1
}
body='{"input":[1.0,2.0,3.0,4.0]}'
closed() { load --url "$2" --body "$body" --duration "$duration" --warmup 5s --connections "$connections" --json | tail -n 1 >"$out/$1.json"; }
open() { load --url "$2" --body "$body" --duration "$duration" --warmup 5s --connections 64 --rate "$3" --json | tail -n 1 >"$out/$1.json"; }
field() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$out/$1.json" "$2"; }

redis_port=$(free_port); mgmt_port=$(free_port); query_port=$(free_port); rpc_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$out/redis.log" 2>&1 & pids+=($!)
./clipper management-frontend --redis "127.0.0.1:$redis_port" --port "$mgmt_port" >"$out/management.log" 2>&1 & pids+=($!)
./clipper query-frontend --redis "127.0.0.1:$redis_port" --http-port "$query_port" --rpc-port "$rpc_port" --bind 127.0.0.1 >"$out/query.log" 2>&1 & pids+=($!)
wait_for "http://127.0.0.1:$mgmt_port/admin/ping"
wait_for "http://127.0.0.1:$query_port/healthz"

admin() { curl -fsS -X POST "http://127.0.0.1:$mgmt_port/admin/$1" -H 'Content-Type: application/json' -d "$2" >/dev/null; }
# app NAME [BATCH_SIZE]: an app and a model version of the same name, linked (adaptive batching by default).
app() {
  admin add_app "{\"name\": \"$1\", \"input_type\": \"doubles\", \"default_output\": \"-1.0\", \"latency_slo_micros\": 100000}"
  admin add_model "{\"model_name\": \"$1\", \"model_version\": \"1\", \"labels\": [], \"input_type\": \"doubles\", \"container_name\": \"$1\", \"model_data_path\": \"\", \"batch_size\": ${2:--1}, \"cache_bytes\": 0}"
  admin add_model_links "{\"app_name\": \"$1\", \"model_names\": [\"$1\"]}"
}
serving() {
  for _ in $(seq 1 150); do
    curl -sS -X POST "http://127.0.0.1:$query_port/$1/predict" -d "$body" 2>/dev/null | grep -q '"default":false' && return 0
    sleep 0.2
  done
  echo "timed out waiting for $1 to serve (logs in $out)" >&2; exit 1
}
url() { echo "http://127.0.0.1:$query_port/$1/predict"; }
export CLIPPER_MODEL_VERSION=1 CLIPPER_IP=127.0.0.1 CLIPPER_PORT=$rpc_port CLIPPER_INPUT_TYPE=doubles

app noop-dotnet
CLIPPER_MODEL_NAME=noop-dotnet ./clipper example-model noop >"$out/noop-dotnet.log" 2>&1 & pids+=($!)
app noop-python
CLIPPER_MODEL_NAME=noop-python /usr/bin/python3 src/ModelRpc.Python --entry noop:predict --path bench/python >"$out/noop-python.log" 2>&1 & pids+=($!)
app noop-dotnet-b1 1
CLIPPER_MODEL_NAME=noop-dotnet-b1 ./clipper example-model noop >"$out/noop-dotnet-b1.log" 2>&1 & pids+=($!)
app noop-python-b1 1
CLIPPER_MODEL_NAME=noop-python-b1 /usr/bin/python3 src/ModelRpc.Python --entry noop:predict --path bench/python >"$out/noop-python-b1.log" 2>&1 & pids+=($!)
app noop-zmq
CLIPPER_MODEL_NAME=noop-zmq /usr/bin/python3 tests/ClipperContainers/clipper_container.py --mode noop >"$out/noop-zmq.log" 2>&1 & pids+=($!)
app noop-zmq-b1 1
CLIPPER_MODEL_NAME=noop-zmq-b1 /usr/bin/python3 tests/ClipperContainers/clipper_container.py --mode noop >"$out/noop-zmq-b1.log" 2>&1 & pids+=($!)
for name in noop-dotnet noop-python noop-dotnet-b1 noop-python-b1 noop-zmq noop-zmq-b1; do serving "$name"; done

echo ".NET noop, closed loop..." >&2
closed dotnet-closed "$(url noop-dotnet)"
echo "Python noop, closed loop..." >&2
closed python-closed "$(url noop-python)"
echo "Clipper-protocol noop, closed loop..." >&2
closed zmq-closed "$(url noop-zmq)"
rate=$(/usr/bin/python3 -c 'import sys; print(max(1, int(float(sys.argv[1]) / 2)))' "$(field python-closed throughput)")
echo ".NET noop, open loop at $rate/s..." >&2
open dotnet-open "$(url noop-dotnet)" "$rate"
echo "Python noop, open loop at $rate/s..." >&2
open python-open "$(url noop-python)" "$rate"
echo "Clipper-protocol noop, open loop at $rate/s..." >&2
open zmq-open "$(url noop-zmq)" "$rate"
echo ".NET noop, batch size 1, closed loop..." >&2
closed dotnet-b1 "$(url noop-dotnet-b1)"
echo "Python noop, batch size 1, closed loop..." >&2
closed python-b1 "$(url noop-python-b1)"
echo "Clipper-protocol noop, batch size 1, closed loop..." >&2
closed zmq-b1 "$(url noop-zmq-b1)"
curl -fsS -H "Accept: application/json" "http://127.0.0.1:$query_port/metrics" >"$out/metrics.json"

/usr/bin/python3 - "$out" <<'PY'
import json, os, sys
out = sys.argv[1]
def r(name): return json.load(open(os.path.join(out, name + ".json")))
rows = [
    (".NET noop (ModelRpc)", "dotnet-closed"),
    ("Python noop (clipper_rpc)", "python-closed"),
    ("Clipper-protocol noop (pyzmq)", "zmq-closed"),
    (".NET noop (ModelRpc)", "dotnet-open"),
    ("Python noop (clipper_rpc)", "python-open"),
    ("Clipper-protocol noop (pyzmq)", "zmq-open"),
    (".NET noop (ModelRpc), batch size 1", "dotnet-b1"),
    ("Python noop (clipper_rpc), batch size 1", "python-b1"),
    ("Clipper-protocol noop (pyzmq), batch size 1", "zmq-b1"),
]
print("| container | load | answers/s | p50 ms | p99 ms | p99.9 ms | defaults | errors |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for label, name in rows:
    x = r(name)
    mode = f"open loop @ {x['rate']:.0f}/s" if x["mode"] == "open" else f"closed loop, {x['connections']} connections"
    print(f"| {label} | {mode} | {x['ok'] / x['duration_s']:,.0f} | {x['p50_ms']:.3f} | {x['p99_ms']:.3f} | {x['p999_ms']:.3f} | {x['defaults']} | {x['errors']} |")
def ratio(python, dotnet): return (r(python)["ok"] / r(python)["duration_s"]) / (r(dotnet)["ok"] / r(dotnet)["duration_s"])
print()
print(f"Python / .NET answers/s at saturation: {ratio('python-closed', 'dotnet-closed'):.0%} with adaptive batching, {ratio('python-b1', 'dotnet-b1'):.0%} with batch size 1")
print(f"Clipper-protocol / our Python container answers/s at saturation: {ratio('zmq-closed', 'python-closed'):.0%} with adaptive batching, {ratio('zmq-b1', 'python-b1'):.0%} with batch size 1")
PY
