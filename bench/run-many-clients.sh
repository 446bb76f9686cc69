#!/usr/bin/env bash
# Many clients: the query frontend (one noop replica, prediction cache off) and bare Kestrel, each at
# 32 kept-alive connections and at --connections (default 10,000) at the same open-loop rate, in one
# run. Every connection is opened before the warm-up and used in turn; the 10,000-connection runs first
# hold them all idle while the server's resident memory is read, which gives its memory per connection:
# (RSS with every connection open and idle - RSS before) / connections.
#
#   bench/run-many-clients.sh [--duration 10s] [--connections 10000] [--rate 2000]
#
# JSON lines (one per run) go to artifacts/bench/many-clients/results.jsonl with the logs; the table is
# printed as markdown.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

duration=10s; connections=10000; rate=2000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (expected --duration, --connections or --rate)" >&2; exit 2 ;;
  esac
done

# One descriptor per connection in the load generator and in the server (each process has its own limit).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
if (( $(ulimit -n) < connections + 200 )); then
  echo "--connections $connections needs an open-file limit of at least $((connections + 200)); this shell's is $(ulimit -n) (hard limit $(ulimit -Hn))" >&2
  exit 1
fi

out="$root/artifacts/bench/many-clients"; rm -rf "$out"; mkdir -p "$out"
scripts/ensure-redis.sh
command -v curl >/dev/null || { echo "curl is needed: sudo apt-get install -y curl" >&2; exit 1; }

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
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }   # user + system time, in clock ticks
hold=20   # seconds every connection stays idle; the memory is read 10 s into it, once the opening's garbage is collected

# run SERVER NAME URL CONNECTIONS PID: one open-loop run at --rate. With more than 32 connections, the connections
# are first held idle and the server's RSS read before (no client connected), 10 s into the hold, and 5 s after
# the load generator closed them all (what the server keeps).
run() {
  local server=$1 name=$2 url=$3 conns=$4 pid=$5 before=0 idle=0 after=0 hold_arg=0s cpu_before cpu_idle=0
  (( conns > 32 )) && hold_arg=${hold}s
  before=$(rss_kib "$pid"); cpu_before=$(cpu_ticks "$pid")
  load --url "$url" --body "$body" --duration "$duration" --warmup 5s --connections "$conns" --rate "$rate" \
    --hold-idle "$hold_arg" --timeout 10s --json >"$out/$name.json" 2>"$out/$name.err" &
  local lp=$!
  if (( conns > 32 )); then
    for _ in $(seq 1 1200); do grep -q 'holding them idle' "$out/$name.err" && break; kill -0 "$lp" 2>/dev/null || break; sleep 0.1; done
    grep -q 'holding them idle' "$out/$name.err" || { echo "$name: the connections were not opened: $(cat "$out/$name.err")" >&2; exit 1; }
    sleep 10
    idle=$(rss_kib "$pid"); cpu_idle=$(cpu_ticks "$pid")
  fi
  wait "$lp" || { echo "$name: clipper-load failed: $(cat "$out/$name.err")" >&2; exit 1; }
  if (( conns > 32 )); then sleep 5; after=$(rss_kib "$pid"); fi
  python3 - "$out/$name.json" "$server" "$name" "$before" "$idle" "$after" "$(( cpu_idle > 0 ? cpu_idle - cpu_before : 0 ))" "$(getconf CLK_TCK)" >>"$out/results.jsonl" <<'EOF'
import json, sys
path, server, name, before, idle, after = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
cpu_ms = int(sys.argv[7]) * 1000 / int(sys.argv[8])
r = json.loads(open(path).read().strip().splitlines()[-1])
# The server's CPU from before the load generator started to 10 s into the idle hold: the opening, and idle time.
r.update(server_cpu_opening_ms=round(cpu_ms) if idle else None)
r.update(server=server, name=name, rss_before_kib=before, rss_idle_kib=idle, rss_after_kib=after,
         rss_per_connection_bytes=round((idle - before) * 1024 / r["connections"]) if idle else None)
print(json.dumps(r))
EOF
}

# --- bare Kestrel with a constant answer ------------------------------------------------------
echo "baseline: 32 connections, then $connections..." >&2
dotnet artifacts/bench/baseline/clipper-baseline.dll --port 0 >"$out/baseline.log" 2>&1 & pids+=($!)
baseline_pid=${pids[-1]}
for _ in $(seq 1 100); do grep -q '^listening on ' "$out/baseline.log" && break; sleep 0.1; done
base_url="$(awk '/^listening on / {print $3}' "$out/baseline.log")/bench/predict"
run kestrel baseline-32 "$base_url" 32 "$baseline_pid"
run kestrel baseline-many "$base_url" "$connections" "$baseline_pid"
kill "$baseline_pid"; wait "$baseline_pid" 2>/dev/null || true

# --- the cluster: Redis, management frontend, query frontend, one noop replica --------------------
redis_port=$(free_port); mgmt_port=$(free_port); query_port=$(free_port); rpc_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$out/redis.log" 2>&1 & pids+=($!)
./clipper management-frontend --redis "127.0.0.1:$redis_port" --port "$mgmt_port" >"$out/management.log" 2>&1 & pids+=($!)
# Headroom over the clients: the readiness checks and the load generator's probe hold connections too.
./clipper query-frontend --redis "127.0.0.1:$redis_port" --http-port "$query_port" --rpc-port "$rpc_port" --bind 127.0.0.1 \
  --max-connections $((connections + 100)) >"$out/query.log" 2>&1 & pids+=($!)
query_pid=${pids[-1]}
wait_for "http://127.0.0.1:$mgmt_port/admin/ping"
wait_for "http://127.0.0.1:$query_port/healthz"

admin() { curl -fsS -X POST "http://127.0.0.1:$mgmt_port/admin/$1" -H 'Content-Type: application/json' -d "$2" >/dev/null; }
admin add_app '{"name": "noop", "input_type": "doubles", "default_output": "-1.0", "latency_slo_micros": 100000}'
admin add_model '{"model_name": "noop", "model_version": "1", "labels": [], "input_type": "doubles", "container_name": "example-noop", "model_data_path": "", "batch_size": -1, "cache_bytes": 0}'
admin add_model_links '{"app_name": "noop", "model_names": ["noop"]}'
CLIPPER_MODEL_NAME=noop CLIPPER_MODEL_VERSION=1 CLIPPER_IP=127.0.0.1 CLIPPER_PORT=$rpc_port CLIPPER_INPUT_TYPE=doubles \
  ./clipper example-model noop >"$out/noop.log" 2>&1 & pids+=($!)
url="http://127.0.0.1:$query_port/noop/predict"
for _ in $(seq 1 150); do
  curl -sS -X POST "$url" -d "$body" 2>/dev/null | grep -q '"default":false' && break
  sleep 0.2
done
curl -sS -X POST "$url" -d "$body" | grep -q '"default":false' || { echo "noop never answered (logs in $out)" >&2; exit 1; }

echo "query frontend: 32 connections, $connections, 32 again..." >&2
run frontend frontend-32 "$url" 32 "$query_pid"
run frontend frontend-many "$url" "$connections" "$query_pid"
run frontend frontend-32-again "$url" 32 "$query_pid"

python3 - "$out/results.jsonl" "$rate" <<'EOF'
import json, sys
rows = {r["name"]: r for r in map(json.loads, open(sys.argv[1]))}
labels = {
  "baseline-32": "bare Kestrel, 32 connections", "baseline-many": "bare Kestrel, {c:,} connections",
  "frontend-32": "query frontend, 32 connections", "frontend-many": "query frontend, {c:,} connections",
  "frontend-32-again": "query frontend, 32 connections again",
}
print(f"Open loop at {float(sys.argv[2]):,.0f} requests/s; latency from the intended send time, in ms.")
print()
print("| scenario | answers/s | defaults | errors | p50 | p99 | p99.9 | client send delay p99 | opening (server CPU) | RSS before → idle-open → after close (MiB) | RSS per connection |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
mib = lambda kib: f"{kib / 1024:.0f}"
for name, label in labels.items():
  r = rows[name]
  per = f"{r['rss_per_connection_bytes'] / 1024:.1f} KiB" if r["rss_per_connection_bytes"] is not None else ""
  cpu = f" ({r['server_cpu_opening_ms'] / 1000:.1f} s)" if r.get("server_cpu_opening_ms") is not None else ""
  rss = f"{mib(r['rss_before_kib'])} → {mib(r['rss_idle_kib'])} → {mib(r['rss_after_kib'])}" if r["rss_idle_kib"] else ""
  print(f"| {label.format(c=r['connections'])} | {r['ok'] / r['duration_s']:,.0f} | {r['defaults']} | {r['errors']} | {r['p50_ms']:.3f} | "
        f"{r['p99_ms']:.3f} | {r['p999_ms']:.3f} | {r['send_delay_p99_ms']:.3f} | {r['open_s']:.1f} s{cpu} | {rss} | {per} |")
f32, fmany, fagain, k32, kmany = (rows[n] for n in ("frontend-32", "frontend-many", "frontend-32-again", "baseline-32", "baseline-many"))
ratio = lambda a, b: f"{a['p99_ms'] / max(1e-9, b['p99_ms']):.2f}x"
print()
print(f"p99 at {fmany['connections']:,} connections / at 32: frontend {ratio(fmany, f32)} (the 32-connection run before) and "
      f"{ratio(fmany, fagain)} (after), bare Kestrel {ratio(kmany, k32)}; the goal for the frontend is within 2x. A client send "
      f"delay near the p99 means the load generator itself was late (CPU taken by other processes), not the server.")
EOF
