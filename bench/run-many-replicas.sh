#!/usr/bin/env bash
# Many replicas: one query frontend with MODELS models of REPLICAS replicas each, every replica a real ModelRpc
# connection opened by the swarm tool (bench/Clipper.ReplicaSwarm, one process). Measures in one run:
#   - the connect storm: from the swarm's start to the frontend counting every replica (its GET /metrics);
#   - the frontend's resident memory and threads before the swarm and with every replica connected (memory per replica);
#   - the frontend's CPU at rest with every replica connected (heartbeats only);
#   - routing throughput: the same closed loop (clipper-load, --connections) spread over the apps a0 … a{MODELS-1},
#     against one app with one model and one replica (the ratio is the many-replicas goal).
#
#   bench/run-many-replicas.sh [--duration 10s] [--models 100] [--replicas 10] [--connections 32] [--idle 10]
#
# Logs and JSON lines go to artifacts/bench/many-replicas/ (results.jsonl holds one line per measurement).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

duration=10s; models=100; replicas=10; connections=32; idle=10
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --models) models="$2"; shift 2 ;;
    --replicas) replicas="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --idle) idle="$2"; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (expected --duration, --models, --replicas, --connections or --idle)" >&2; exit 2 ;;
  esac
done
[[ "$models" =~ ^[1-9][0-9]*$ ]] || { echo "--models must be a whole number of at least 1, got '$models'" >&2; exit 2; }
[[ "$replicas" =~ ^[1-9][0-9]*$ ]] || { echo "--replicas must be a whole number of at least 1, got '$replicas'" >&2; exit 2; }
[[ "$idle" =~ ^[1-9][0-9]*$ ]] || { echo "--idle must be a whole number of seconds of at least 1, got '$idle'" >&2; exit 2; }
total=$((models * replicas))

out="$root/artifacts/bench/many-replicas"; rm -rf "$out"; mkdir -p "$out"
scripts/ensure-redis.sh
command -v curl >/dev/null || { echo "curl is needed: sudo apt-get install -y curl" >&2; exit 1; }

echo "building (Release)..." >&2
./clipper --help >/dev/null
dotnet publish bench/Clipper.LoadGenerator -c Release -o artifacts/bench/load --nologo -v quiet -p:UseAppHost=false
dotnet publish bench/Clipper.ReplicaSwarm -c Release -o artifacts/bench/swarm --nologo -v quiet -p:UseAppHost=false
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

redis_port=$(free_port); mgmt_port=$(free_port); query_port=$(free_port); rpc_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$out/redis.log" 2>&1 & pids+=($!)
./clipper management-frontend --redis "127.0.0.1:$redis_port" --port "$mgmt_port" >"$out/management.log" 2>&1 & pids+=($!)
./clipper query-frontend --redis "127.0.0.1:$redis_port" --http-port "$query_port" --rpc-port "$rpc_port" --bind 127.0.0.1 >"$out/query.log" 2>&1 & pids+=($!)
query_pid=${pids[-1]}
wait_for "http://127.0.0.1:$mgmt_port/admin/ping"
wait_for "http://127.0.0.1:$query_port/healthz"

# Apps a0 … a{M-1}, each linked to model m{i} version 1: noop, no prediction cache (every request carries the same
# input, so a cache would answer them all and the rows would not measure routing).
echo "registering $models apps and models..." >&2
python3 - "$mgmt_port" "$models" <<'PY'
import json, sys, urllib.request
port, models = sys.argv[1], int(sys.argv[2])
def post(op, body):
    req = urllib.request.Request(f"http://127.0.0.1:{port}/admin/{op}", data=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
for i in range(models):
    post("add_app", {"name": f"a{i}", "input_type": "doubles", "default_output": "-1.0", "latency_slo_micros": 100000})
    post("add_model", {"model_name": f"m{i}", "model_version": "1", "labels": [], "input_type": "doubles", "container_name": "example-noop",
                       "model_data_path": "", "batch_size": -1, "cache_bytes": 0})
    post("add_model_links", {"app_name": f"a{i}", "model_names": [f"m{i}"]})
PY

# replicas_now: the replicas the query frontend counts (its JSON metrics).
replicas_now() {
  curl -fsS -H 'Accept: application/json' "http://127.0.0.1:$query_port/metrics" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["replicas"]))'
}
# serving APP: waits until the app answers with its model's output (not a default).
serving() {
  for _ in $(seq 1 300); do
    curl -sS -X POST "http://127.0.0.1:$query_port/$1/predict" -d "$body" 2>/dev/null | grep -q '"default":false' && return 0
    sleep 0.2
  done
  echo "timed out waiting for $1 to serve (logs in $out)" >&2; exit 1
}
status() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$query_pid/status"; }
ticks() { python3 -c 'import sys; f=open(f"/proc/{sys.argv[1]}/stat").read().rsplit(")", 1)[1].split(); print(int(f[11]) + int(f[12]))' "$1"; }
# exec: the background job's pid is then the swarm's own, so killing it closes the swarm's connections.
swarm() { exec dotnet artifacts/bench/swarm/clipper-swarm.dll --rpc "127.0.0.1:$rpc_port" "$@"; }
record() { echo "$1" >>"$out/results.jsonl"; }

# --- one app, one model, one replica (the baseline) -----------------------------------------
echo "one model, one replica..." >&2
swarm --models 1 --replicas-per-model 1 >"$out/swarm-one.log" 2>&1 & pids+=($!)
one_swarm=${pids[-1]}
serving a0
load --url "http://127.0.0.1:$query_port/a0/predict" --body "$body" --duration "$duration" --warmup 5s --connections "$connections" --json | tail -n 1 >"$out/one.json"
kill "$one_swarm"; wait "$one_swarm" 2>/dev/null || true
for _ in $(seq 1 100); do [[ "$(replicas_now)" == 0 ]] && break; sleep 0.1; done
[[ "$(replicas_now)" == 0 ]] || { echo "the frontend still counts $(replicas_now) replicas after the one-replica swarm stopped (logs in $out)" >&2; exit 1; }

# --- the swarm: memory before, connect storm, memory after -----------------------------------
sleep 3
rss_before=$(status VmRSS); threads_before=$(status Threads)
echo "swarm of $total replicas over $models models..." >&2
start=$(date +%s%N)
swarm --models "$models" --replicas-per-model "$replicas" >"$out/swarm.log" 2>&1 & pids+=($!)
swarm_pid=${pids[-1]}
seen=0
for _ in $(seq 1 1200); do
  seen=$(replicas_now)
  [[ "$seen" == "$total" ]] && break
  sleep 0.05
done
storm_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[[ "$seen" == "$total" ]] || { echo "the frontend counts $seen of $total replicas after 60 s (logs in $out)" >&2; exit 1; }
for _ in $(seq 1 100); do grep -q '^{' "$out/swarm.log" && break; sleep 0.1; done
sleep 3   # Redis's replica records written, buffers settled
rss_after=$(status VmRSS); threads_after=$(status Threads)

# --- at rest with every replica connected -----------------------------------------------------
clk=$(getconf CLK_TCK)
t0=$(ticks "$query_pid"); s0=$(ticks "$swarm_pid"); n0=$(date +%s%N)
sleep "$idle"
t1=$(ticks "$query_pid"); s1=$(ticks "$swarm_pid"); n1=$(date +%s%N)

# --- the same load spread over every app -----------------------------------------------------
echo "load over $models apps..." >&2
for i in 0 $((models / 2)) $((models - 1)); do serving "a$i"; done
load --url-template "http://127.0.0.1:$query_port/a{0}/predict" --url-count "$models" --body "$body" --duration "$duration" --warmup 5s \
  --connections "$connections" --json | tail -n 1 >"$out/many.json"
[[ "$(replicas_now)" == "$total" ]] || echo "warning: the frontend counted $(replicas_now) of $total replicas after the load" >&2

python3 - "$out" "$models" "$replicas" "$storm_ms" "$rss_before" "$rss_after" "$threads_before" "$threads_after" \
  "$t0" "$t1" "$s0" "$s1" "$n0" "$n1" "$clk" <<'PY'
import json, os, sys
out = sys.argv[1]
models, replicas, storm_ms, rss0, rss1, th0, th1 = (int(x) for x in sys.argv[2:9])
t0, t1, s0, s1, n0, n1, clk = (int(x) for x in sys.argv[9:16])
total = models * replicas
swarm = json.loads(next(l for l in open(os.path.join(out, "swarm.log")) if l.startswith("{")))
one, many = (json.load(open(os.path.join(out, n + ".json"))) for n in ("one", "many"))
seconds = (n1 - n0) / 1e9
frontend_cpu = (t1 - t0) / clk / seconds * 100
swarm_cpu = (s1 - s0) / clk / seconds * 100
ratio = many["throughput"] / one["throughput"]
lines = [
  {"measure": "connect_storm", "replicas": total, "models": models, "frontend_counts_all_ms": storm_ms, "swarm_welcomed_all_ms": swarm["connect_ms"]},
  {"measure": "memory", "replicas": total, "rss_before_kib": rss0, "rss_after_kib": rss1, "per_replica_kib": round((rss1 - rss0) / total, 2),
   "threads_before": th0, "threads_after": th1, "swarm_rss_kib": swarm["swarm_rss_kib"]},
  {"measure": "at_rest", "replicas": total, "seconds": round(seconds, 1), "frontend_cpu_percent": round(frontend_cpu, 3), "swarm_cpu_percent": round(swarm_cpu, 3)},
  {"measure": "routing", "one": one, "many": many, "ratio": round(ratio, 3)},
]
with open(os.path.join(out, "results.jsonl"), "a") as f:
  for l in lines:
    f.write(json.dumps(l) + "\n")
print(f"| {total} replicas over {models} models | value | goal |")
print("|---|---:|---|")
print(f"| connect storm: swarm start to the frontend counting all | {storm_ms / 1000:.2f} s | ≤ 10 s |")
print(f"| connect storm: swarm start to its last welcome (swarm's side) | {swarm['connect_ms'] / 1000:.2f} s | |")
print(f"| frontend RSS before → with all connected | {rss0 / 1024:.1f} → {rss1 / 1024:.1f} MiB | |")
print(f"| memory per connected replica (RSS delta / replicas) | {(rss1 - rss0) / total:.1f} KiB | reported |")
print(f"| frontend threads before → after | {th0} → {th1} | |")
print(f"| frontend CPU at rest with all connected ({seconds:.0f} s) | {frontend_cpu:.2f} % of a core | |")
print(f"| swarm CPU at rest ({total} containers' heartbeats) | {swarm_cpu:.2f} % of a core | |")
print(f"| 1 app, 1 model, 1 replica: answers/s ({one['connections']} connections, closed loop) | {one['ok'] / one['duration_s']:,.0f} (p99 {one['p99_ms']:.2f} ms) | |")
print(f"| {models} apps over {total} replicas: answers/s (same load, round-robin over apps) | {many['ok'] / many['duration_s']:,.0f} (p99 {many['p99_ms']:.2f} ms) | |")
print(f"| routing throughput ratio, many / one | {ratio:.2f} | ≥ 0.9 |")
print(f"| defaults / errors (one; many) | {one['defaults']}/{one['errors']}; {many['defaults']}/{many['errors']} | 0 |")
PY
