#!/usr/bin/env bash
# ONNX benchmark: the bench MLP (784 -> 256 -> 10, float; tests/Fixtures/onnx/mlp-784.onnx) served by the built-in
# ONNX container (`clipper onnx-model`) behind the query frontend, with adaptive batching and with the batch size
# fixed at 1, at the same latency objective; and ONNX Runtime called in this machine's process in a loop at every
# batch size (the physical limit). Prints one table (markdown) and writes the raw JSON to bench/results/onnx/.
#
#   bench/run-onnx.sh [--duration 15s] [--connections 64] [--slo-ms 50]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

duration=15s; connections=64; slo_ms=50
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --slo-ms) slo_ms="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (expected --duration, --connections or --slo-ms)" >&2; exit 2 ;;
  esac
done

out="$root/artifacts/bench/onnx"; rm -rf "$out"; mkdir -p "$out"
results="$root/bench/results/onnx"; mkdir -p "$results"
model="$root/tests/Fixtures/onnx/mlp-784.onnx"
scripts/ensure-redis.sh
command -v curl >/dev/null || { echo "curl is needed: apt-get install -y curl" >&2; exit 1; }

echo "building (Release)..." >&2
./clipper --help >/dev/null
# The built command line from here on (./clipper rebuilds whenever a build elsewhere touched a file under src/);
# an array, not a function, so that $! is the process itself and the cleanup stops it.
cli=(dotnet "$root/artifacts/cli/clipper.dll")
dotnet publish bench/Clipper.LoadGenerator -c Release -o artifacts/bench/load --nologo -v quiet -p:UseAppHost=false
dotnet publish bench/Clipper.OnnxLoop -c Release -o artifacts/bench/onnx-loop --nologo -v quiet -p:UseAppHost=false
load() { dotnet artifacts/bench/load/clipper-load.dll "$@"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
wait_for() {
  for _ in $(seq 1 150); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "timed out waiting for $1 (logs in $out)" >&2; exit 1
}

# One query: 784 values in [0, 1), the same for every request. The batch body carries 32 such rows
# ({"input_batch": [...]}), so the HTTP cost of a request is shared by 32 rows.
python3 -c 'import random; random.seed(3); print("{\"input\": [" + ", ".join(f"{random.random():.6f}" for _ in range(784)) + "]}")' >"$out/body.json"
python3 -c 'import random; random.seed(3); rows = ["[" + ", ".join(f"{random.random():.6f}" for _ in range(784)) + "]" for _ in range(32)]; print("{\"input_batch\": [" + ", ".join(rows) + "]}")' >"$out/body-batch.json"

# --- the physical limit: ONNX Runtime in process, every batch size ------------------------------
echo "ONNX Runtime in process..." >&2
dotnet artifacts/bench/onnx-loop/clipper-onnx-loop.dll "$model" --duration 3 >"$out/in-process.jsonl"

# --- the cluster: Redis, management frontend, query frontend -------------------------------------
redis_port=$(free_port); mgmt_port=$(free_port); query_port=$(free_port); rpc_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$out/redis.log" 2>&1 & pids+=($!)
"${cli[@]}" management-frontend --redis "127.0.0.1:$redis_port" --port "$mgmt_port" >"$out/management.log" 2>&1 & pids+=($!)
"${cli[@]}" query-frontend --redis "127.0.0.1:$redis_port" --http-port "$query_port" --rpc-port "$rpc_port" --bind 127.0.0.1 >"$out/query.log" 2>&1 & pids+=($!)
wait_for "http://127.0.0.1:$mgmt_port/admin/ping"
wait_for "http://127.0.0.1:$query_port/healthz"

admin() { curl -fsS -X POST "http://127.0.0.1:$mgmt_port/admin/$1" -H 'Content-Type: application/json' -d "$2" >/dev/null; }
# serve APP BATCH_SIZE [noop]: registers an app and a model version, links them, starts one replica of the MLP (or of
# the noop example, the serving path's own limit with the same request), waits until it answers.
serve() {
  admin add_app "{\"name\": \"$1\", \"input_type\": \"floats\", \"default_output\": \"-1\", \"latency_slo_micros\": $((slo_ms * 1000))}"
  admin add_model "{\"model_name\": \"$1\", \"model_version\": \"1\", \"labels\": [], \"input_type\": \"floats\", \"container_name\": \"onnx-model\", \"model_data_path\": \"\", \"batch_size\": $2, \"cache_bytes\": 0}"
  admin add_model_links "{\"app_name\": \"$1\", \"model_names\": [\"$1\"]}"
  if [[ "${3:-}" == noop ]]; then
    CLIPPER_MODEL_NAME=$1 CLIPPER_MODEL_VERSION=1 CLIPPER_IP=127.0.0.1 CLIPPER_PORT=$rpc_port CLIPPER_INPUT_TYPE=floats \
      "${cli[@]}" example-model noop >"$out/$1-replica.log" 2>&1 & pids+=($!)
  else
    CLIPPER_MODEL_NAME=$1 CLIPPER_MODEL_VERSION=1 CLIPPER_IP=127.0.0.1 CLIPPER_PORT=$rpc_port CLIPPER_INPUT_TYPE=floats \
      "${cli[@]}" onnx-model --model "$model" >"$out/$1-replica.log" 2>&1 & pids+=($!)
  fi
  for _ in $(seq 1 150); do
    curl -sS -X POST "http://127.0.0.1:$query_port/$1/predict" -d @"$out/body.json" 2>/dev/null | grep -q '"default":false' && return 0
    sleep 0.2
  done
  echo "timed out waiting for $1 to serve (logs in $out)" >&2; exit 1
}
closed() { load --url "http://127.0.0.1:$query_port/$1/predict" --body-file "$out/body.json" --duration "$duration" --warmup 5s --connections "$connections" --json | tail -n 1 >"$out/$1.json"; }
closed_batch() { load --url "http://127.0.0.1:$query_port/$1/predict" --body-file "$out/body-batch.json" --duration "$duration" --warmup 5s --connections 8 --json | tail -n 1 >"$out/$1-rows32.json"; }

echo "MLP, adaptive batching..." >&2
serve mlp-adaptive -1
closed mlp-adaptive
echo "MLP, adaptive batching, 32 rows per request..." >&2
closed_batch mlp-adaptive
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

echo "MLP, batch size 1..." >&2
serve mlp-batch1 1
closed mlp-batch1
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

echo "noop, the same requests, adaptive and batch size 1..." >&2
serve noop-adaptive -1 noop
closed noop-adaptive
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true
serve noop-batch1 1 noop
closed noop-batch1

cp "$out"/in-process.jsonl "$out"/mlp-adaptive.json "$out"/mlp-adaptive-rows32.json "$out"/mlp-batch1.json "$out"/noop-adaptive.json "$out"/noop-batch1.json "$results/"
python3 - "$out" "$slo_ms" <<'PY'
import json, os, sys
out, slo = sys.argv[1], sys.argv[2]
def r(name): return json.load(open(os.path.join(out, name + ".json")))
loop = [json.loads(l) for l in open(os.path.join(out, "in-process.jsonl"))]
best = loop[-1]
a, b = r("mlp-adaptive"), r("mlp-batch1")
na, nb = r("noop-adaptive"), r("noop-batch1")
ab = r("mlp-adaptive-rows32")
ok = lambda x: x["ok"] / x["duration_s"]
print(f"| scenario | answers/s | p50 ms | p99 ms | p99.9 ms | defaults | errors |")
print("|---|---:|---:|---:|---:|---:|---:|")
for label, x in ((f"MLP 784-256-10, adaptive batching, {slo} ms objective, {a['connections']} connections", a),
                 (f"MLP 784-256-10, batch size 1, {slo} ms objective, {b['connections']} connections", b),
                 (f"noop (same 784-float requests), adaptive batching, {slo} ms objective", na),
                 (f"noop (same 784-float requests), batch size 1, {slo} ms objective", nb)):
    print(f"| {label} | {ok(x):,.0f} | {x['p50_ms']:.3f} | {x['p99_ms']:.3f} | {x['p999_ms']:.3f} | {x['defaults']} | {x['errors']} |")
print()
print("| scenario | rows/s | requests/s | p50 ms | p99 ms | p99.9 ms | requests with a default | errors |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
print(f"| MLP 784-256-10, adaptive batching, 32 rows per request (input_batch), {ab['connections']} connections | {32 * ok(ab):,.0f} | {ok(ab):,.0f} | {ab['p50_ms']:.3f} | {ab['p99_ms']:.3f} | {ab['p999_ms']:.3f} | {ab['defaults']} | {ab['errors']} |")
print()
print("| batch size | ONNX Runtime in process (best of 3 settings), rows/s | Clipper's predictor in process (as the container runs it, with JSON), rows/s |")
print("|---:|---:|---:|")
for row in loop[:-1]:
    print(f"| {row['batch_size']} | {row['ort_rows_per_s']:,} | {row['predictor_rows_per_s']:,} |")
print()
print(f"Batching gain (answers/s, adaptive / batch size 1, same objective): {ok(a) / max(1e-9, ok(b)):.1f}x (noop with the same requests: {ok(na) / max(1e-9, ok(nb)):.1f}x)")
print(f"MLP / noop with the same requests: adaptive {ok(a) / max(1e-9, ok(na)):.2f}, batch size 1 {ok(b) / max(1e-9, ok(nb)):.2f}")
print(f"Served / physical limit (adaptive answers/s / ONNX Runtime in process at its best batch size {best['best_batch_size']}, {best['ort_rows_per_s']:,} rows/s): {ok(a) / best['ort_rows_per_s']:.2f}")
print(f"Served with 32 rows per request / physical limit: {32 * ok(ab) / best['ort_rows_per_s']:.2f}")
print(f"Execution provider: {best['provider']}")
PY
