#!/usr/bin/env bash
# At rest: Redis, the management frontend and a query frontend with REPLICAS idle replicas (separate
# `clipper example-model noop` processes, as a deployment runs them) and no load. Measures each process's CPU over
# the window from /proc/PID/stat ((utime + stime) delta / elapsed / CLK_TCK) and prints it as % of one core.
# The goal is < 1 % for the query frontend: heartbeats only.
#
#   bench/run-idle.sh [--seconds 60] [--replicas 10] [--settle 60]
#
# --settle is the wait after every replica connected, before the window: the JIT tiers up code that runs once a
# second (heartbeats, the periodic loops) only after about 30 calls, so a shorter wait measures compilation, not rest.
# Logs and the JSON result go to artifacts/bench/idle/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

seconds=60; replicas=10; settle=60
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --replicas) replicas="$2"; shift 2 ;;
    --settle) settle="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (expected --seconds, --replicas or --settle)" >&2; exit 2 ;;
  esac
done
for pair in "seconds:$seconds" "replicas:$replicas" "settle:$settle"; do
  [[ "${pair#*:}" =~ ^[0-9]+$ && "${pair#*:}" -ge 1 ]] || { echo "--${pair%%:*} must be a whole number of at least 1, got '${pair#*:}'" >&2; exit 2; }
done

out="$root/artifacts/bench/idle"; rm -rf "$out"; mkdir -p "$out"
scripts/ensure-redis.sh
command -v curl >/dev/null || { echo "curl is needed: sudo apt-get install -y curl" >&2; exit 1; }
echo "building (Release)..." >&2
./clipper --help >/dev/null

# The local cluster's helpers (free ports, cleanup on exit, start_cluster, noop_app, noop_replica).
source bench/lib/local-cluster.sh
start_cluster
redis_pid=${pids[0]}; mgmt_pid=${pids[1]}; query_pid=${pids[2]}
noop_app idle

replica_pids=()
for _ in $(seq 1 "$replicas"); do
  noop_replica idle; replica_pids+=("${pids[-1]}")
done
# `./clipper` execs dotnet, so each of these pids is the replica's own process.
for _ in $(seq 1 600); do
  seen=$(curl -fsS -H 'Accept: application/json' "http://127.0.0.1:$query_port/metrics" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["replicas"]))')
  [[ "$seen" == "$replicas" ]] && break
  sleep 0.1
done
[[ "$seen" == "$replicas" ]] || { echo "the frontend counts $seen of $replicas replicas after 60 s (logs in $out)" >&2; exit 1; }
echo "$replicas replicas connected; settling ${settle} s, then measuring ${seconds} s with no load..." >&2
sleep "$settle"

python3 - "$seconds" "$out" "$query_pid" "$mgmt_pid" "$redis_pid" "${replica_pids[@]}" <<'PY'
import json, os, sys, time
seconds, out = float(sys.argv[1]), sys.argv[2]
query, mgmt, redis, *replicas = (int(p) for p in sys.argv[3:])
clk = os.sysconf("SC_CLK_TCK")
def ticks(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])   # utime, stime
def threads(pid):
    return next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith("Threads:"))
pids = [query, mgmt, redis, *replicas]
before = {p: ticks(p) for p in pids}
start = time.monotonic()
time.sleep(seconds)
elapsed = time.monotonic() - start
after = {p: ticks(p) for p in pids}
pct = {p: (after[p] - before[p]) / clk / elapsed * 100 for p in pids}
reps = [pct[p] for p in replicas]
result = {
    "seconds": round(elapsed, 2), "replicas": len(replicas),
    "query_frontend_cpu_percent": round(pct[query], 3), "query_frontend_threads": threads(query),
    "management_frontend_cpu_percent": round(pct[mgmt], 3), "redis_cpu_percent": round(pct[redis], 3),
    "replica_cpu_percent_mean": round(sum(reps) / len(reps), 3), "replica_cpu_percent_max": round(max(reps), 3),
    "replicas_cpu_percent_total": round(sum(reps), 3),
}
open(os.path.join(out, "idle.json"), "w").write(json.dumps(result) + "\n")
print(f"| at rest, {len(replicas)} idle replicas, {elapsed:.0f} s | % of one core |")
print("|---|---:|")
print(f"| query frontend (goal < 1 %) | {pct[query]:.2f} |")
print(f"| management frontend | {pct[mgmt]:.2f} |")
print(f"| Redis | {pct[redis]:.2f} |")
print(f"| one replica (mean; max) | {sum(reps) / len(reps):.2f}; {max(reps):.2f} |")
print(f"| all {len(replicas)} replicas | {sum(reps):.2f} |")
PY
