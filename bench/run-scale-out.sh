#!/usr/bin/env bash
# Query-frontend scale-out on this machine: a local cluster whose frontends share the query port
# (SO_REUSEPORT) and four replicas of the `sleep` example (1 ms + 10 µs per input), loaded in closed
# loop by clipper-load through the shared port with 1, 2 and 3 frontends. Prints, per frontend count,
# answers/s and the max/min shares of the frontends and of the replicas; then, under a constant load,
# --changes scale changes 1 → 2 → 1 …: the time from `clipper scale-frontends` to every replica
# connected to every frontend (median and max), and the answers lost meanwhile (the goal is 0). Draws answers/s against
# the number of frontends as bench/results/plots/frontends.png (its JSON lines beside it, frontends.jsonl).
#
#   bench/run-scale-out.sh [--duration 15s] [--connections 32] [--changes 10]
#
# Logs and raw results go to artifacts/bench/scale-out/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

duration=15s; connections=32; changes=10
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --changes) changes="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (expected --duration, --connections or --changes)" >&2; exit 2 ;;
  esac
done

out="$root/artifacts/bench/scale-out"; rm -rf "$out"; mkdir -p "$out"
scripts/ensure-redis.sh
scripts/ensure-fonts.sh
if ! command -v curl >/dev/null; then
  [[ $(id -u) -eq 0 ]] || { echo "curl is needed: sudo apt-get install -y curl" >&2; exit 1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl >/dev/null
fi
# Connections queued on a frontend that stops move to the others of the shared port (Linux 5.14+).
if [[ -w /proc/sys/net/ipv4/tcp_migrate_req ]]; then echo 1 > /proc/sys/net/ipv4/tcp_migrate_req; fi

echo "building (Release)..." >&2
./clipper --help >/dev/null
dotnet publish bench/Clipper.LoadGenerator -c Release -o artifacts/bench/load --nologo -v quiet -p:UseAppHost=false
dotnet publish bench/Clipper.Plots -c Release -o artifacts/bench/plots --nologo -v quiet -p:UseAppHost=false
export CLIPPER_HOME="$out/home"
cluster="--cluster bench-scale"
cleanup() { ./clipper stop-all --force $cluster >/dev/null 2>&1 || true; }
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
query_port=$(free_port); management_port=$(free_port); rpc_port=$(free_port)
query="http://127.0.0.1:$query_port/"
management="http://127.0.0.1:$management_port/"
body='{"input":[1.0,2.0,3.0,4.0]}'

echo "starting the cluster, 4 sleep replicas..." >&2
./clipper start $cluster --frontends 1 --query-port "$query_port" --management-port "$management_port" --rpc-port "$rpc_port" >"$out/start.txt"
./clipper register-app slow --input-type doubles --default-output=-1 --slo-micros 100000 $cluster >/dev/null
./clipper deploy slow --version 1 --input-type doubles --example sleep --replicas 4 --cache-bytes 0 $cluster >/dev/null
./clipper link slow slow $cluster >/dev/null
for _ in $(seq 1 100); do curl -fs -X POST "${query}slow/predict" -d "$body" | grep -q '"default":false' && break; sleep 0.2; done

frontends_json() { curl -fs -X POST "${management}admin/get_query_frontends" -d '{}'; }

# Every live frontend lists all four replicas of slow:1.
all_connected() {
  frontends_json | python3 -c '
import json, sys
frontends = json.load(sys.stdin)
want = int(sys.argv[1])
sys.exit(0 if len(frontends) == want and all(f["replicas"].get("slow:1") == 4 for f in frontends) else 1)' "$1"
}

# Each frontend's counters: answered_by_model, and answers per container (summed over frontends later).
snapshot() {
  frontends_json | python3 -c '
import json, sys, urllib.request
result = {"frontends": {}, "replicas": {}}
for f in json.load(sys.stdin):
    request = urllib.request.Request(f["http_address"].rstrip("/") + "/metrics", headers={"Accept": "application/json"})
    metrics = json.load(urllib.request.urlopen(request, timeout=10))
    result["frontends"][f["id"]] = metrics["counters"]["answered_by_model"]
    for r in metrics["replicas"]:
        result["replicas"][r["container_id"]] = result["replicas"].get(r["container_id"], 0) + r["answered"]
print(json.dumps(result))'
}

load() {
  dotnet artifacts/bench/load/clipper-load.dll --url "${query}slow/predict" --body "$body" --duration "$1" --warmup "$2" \
    --connections "$connections" --json | tail -n 1 >"$3"
}

for n in 1 2 3; do
  echo "$n frontend(s): scaling, then loading for $duration..." >&2
  ./clipper scale-frontends "$n" $cluster >/dev/null
  for _ in $(seq 1 150); do all_connected "$n" && break; sleep 0.2; done
  snapshot >"$out/before-$n.json"
  load "$duration" 5s "$out/load-$n.json"
  snapshot >"$out/after-$n.json"
done
./clipper scale-frontends 1 $cluster >/dev/null

echo "$changes changes between 1 and 2 frontends under load..." >&2
# Runs until told to stop (SIGTERM makes clipper-load end early and still report what it measured).
dotnet artifacts/bench/load/clipper-load.dll --url "${query}slow/predict" --body "$body" --duration 3600s --warmup 0s \
  --connections "$connections" --json >"$out/load-changes.raw" &
load_pid=$!
sleep 3
: >"$out/changes.txt"
live_count() { frontends_json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))'; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$1" "$2"; }
# Each line: target, seconds from the command to every replica connected to every frontend, and from
# the membership reaching the target (the new lease visible, or the old one withdrawn) to the same.
for i in $(seq 1 "$changes"); do
  target=$(( i % 2 == 1 ? 2 : 1 ))
  started=$(date +%s.%N)
  ./clipper scale-frontends "$target" $cluster >/dev/null &
  cli=$!
  until [[ "$(live_count)" == "$target" ]]; do sleep 0.1; done
  membership=$(date +%s.%N)
  until all_connected "$target"; do sleep 0.1; done
  done_at=$(date +%s.%N)
  wait "$cli"
  echo "$target $(elapsed "$started" "$done_at") $(elapsed "$membership" "$done_at")" >>"$out/changes.txt"
done
sleep 2
kill -TERM "$load_pid" 2>/dev/null || true
wait "$load_pid" || true
tail -n 1 "$out/load-changes.raw" >"$out/load-changes.json"
./clipper logs --dir "$out/logs" $cluster >/dev/null

# The chart: each load-N.json with its frontend count, as clipper-plots reads them.
charts="$root/bench/results/plots"; mkdir -p "$charts"
for n in 1 2 3; do
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.update({"series": "sleep model, 4 replicas", "frontends": int(sys.argv[2])}); print(json.dumps(d))' \
    "$out/load-$n.json" "$n"
done >"$charts/frontends.jsonl"
dotnet artifacts/bench/plots/clipper-plots.dll frontends --input "$charts/frontends.jsonl" --output "$charts/frontends.png" \
  --title "Answers/s against query frontends (sleep model, 4 replicas, closed loop)" >&2

python3 - "$out" "$connections" "$changes" <<'PY'
import json, statistics, sys
out, connections, changes = sys.argv[1], sys.argv[2], int(sys.argv[3])
print(f"| frontends | answers/s | p50 ms | p99 ms | frontend shares (max/min) | replica shares (max/min) | defaults | errors |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
for n in (1, 2, 3):
    r = json.load(open(f"{out}/load-{n}.json"))
    before, after = json.load(open(f"{out}/before-{n}.json")), json.load(open(f"{out}/after-{n}.json"))
    def ratio(kind):
        deltas = [after[kind][k] - before[kind].get(k, 0) for k in after[kind]]
        deltas = [d for d in deltas if d > 0] or [0]
        return f"{max(deltas) / min(deltas):.2f} ({len(deltas)})" if min(deltas) > 0 else "n/a"
    print(f"| {n} | {r['throughput']:,.0f} | {r['p50_ms']:.3f} | {r['p99_ms']:.3f} | {ratio('frontends')} | {ratio('replicas')} | {r['defaults']} | {r['errors']} |")
rows = [line.split() for line in open(f"{out}/changes.txt")]
times = [float(r[1]) for r in rows]
up = [float(r[1]) for r in rows if r[0] == "2"]
after_membership = [float(r[2]) for r in rows if r[0] == "2"]
try:
    changes_load = json.load(open(f"{out}/load-changes.json"))
    lost = f"{changes_load['errors']} errors, {changes_load['defaults']} defaults of {changes_load['requests']:,} requests"
except (ValueError, KeyError, FileNotFoundError):
    lost = "the load's result is missing (see artifacts)"
print()
print(f"{len(times)} changes 1 ↔ 2 frontends under {connections} connections: time from `scale-frontends` to every replica connected "
      f"to every frontend: median {statistics.median(times):.2f} s, max {max(times):.2f} s (scale-ups alone: median {statistics.median(up):.2f} s, "
      f"of which from the new frontend's lease to every replica connected: median {statistics.median(after_membership):.2f} s, max {max(after_membership):.2f} s); {lost}.")
PY
