#!/usr/bin/env bash
# End-to-end comparison of the container managers on this machine: the same cluster (one query
# frontend, one `noop` replica, the app `noop`) started with `clipper start --manager local` and
# `--manager docker`, loaded with `clipper-load` in closed loop; the Docker cluster both through its
# published port and at its query container's own address. Prints one markdown table with
# throughput and latency percentiles; raw JSON results and logs go to artifacts/bench/docker/.
#
#   bench/run-docker.sh [--duration 10s] [--connections 32]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

duration=10s; connections=32
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (expected --duration or --connections)" >&2; exit 2 ;;
  esac
done

out="$root/artifacts/bench/docker"; rm -rf "$out"; mkdir -p "$out"
scripts/ensure-redis.sh
scripts/ensure-docker.sh >&2
proxy=$(pgrep -a dockerd | grep -q -- '--userland-proxy=false' && echo "no userland proxy" || echo "userland proxy (docker-proxy) on")
echo "building (Release)..." >&2
./clipper --help >/dev/null
dotnet publish bench/Clipper.LoadGenerator -c Release -o artifacts/bench/load --nologo -v quiet -p:UseAppHost=false
export CLIPPER_HOME="$out/home"
body='{"input":[1.0,2.0,3.0,4.0]}'
clusters=()
cleanup() { for c in "${clusters[@]}"; do ./clipper stop-all --force ${c} >/dev/null 2>&1 || true; done; }
trap cleanup EXIT INT TERM

load() {
  echo "$1: loading $2 for $duration..." >&2
  dotnet artifacts/bench/load/clipper-load.dll --url "$2" --body "$body" --duration "$duration" --warmup 5s \
    --connections "$connections" --json | tail -n 1 >"$out/$1.json"
}

# run NAME MANAGER: starts a cluster, serves `noop` from one replica, loads it, stops it.
run() {
  local name="$1" args="--manager $2 --cluster bench-$1"
  clusters+=("$args")
  echo "$name: starting..." >&2
  local query
  query=$(./clipper start $args | awk '/^queries/ {print $2}')
  ./clipper register-app noop --input-type doubles --default-output=-1 --slo-micros 100000 $args >/dev/null
  ./clipper deploy noop --version 1 --input-type doubles --example noop --cache-bytes 0 $args >/dev/null
  ./clipper link noop noop $args >/dev/null
  for _ in $(seq 1 100); do curl -fs -X POST "${query}noop/predict" -d "$body" | grep -q '"default":false' && break; sleep 0.2; done
  load "$name" "${query}noop/predict"
  if [[ $2 == docker ]]; then
    local ip
    ip=$(docker inspect "bench-$1-query" --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}')
    load "$name-container" "http://$ip:1337/noop/predict"
  fi
  ./clipper logs --dir "$out/logs-$name" $args >/dev/null
  ./clipper stop-all $args >/dev/null
}

run local local
run docker docker

python3 - "$out" "$connections" "$proxy" <<'PY'
import json, sys
out, connections, proxy = sys.argv[1], sys.argv[2], sys.argv[3]
print(f"engine: {proxy}")
print(f"| manager, 1 noop replica, {connections} connections | answers/s | p50 ms | p99 ms | p99.9 ms | defaults | errors |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name, label in (("local", "local"), ("docker", "docker, published port 127.0.0.1:1337"), ("docker-container", "docker, the query container's address")):
    r = json.load(open(f"{out}/{name}.json"))
    print(f"| {label} | {r['throughput']:,.0f} | {r['p50_ms']:.3f} | {r['p99_ms']:.3f} | {r['p999_ms']:.3f} | {r['defaults']} | {r['errors']} |")
PY
