#!/usr/bin/env bash
# Answers/s against the number of noop replicas of one model (1, 2, 4, 8), closed loop through one query frontend
# (issue 18, goals 1 and 7: more replicas must never answer fewer queries). Prints a table and draws
# bench/results/plots/replicas.png.
#
#   bench/run-replica-curve.sh [--duration 10s] [--connections 32]
#
# Logs and raw results (JSON lines: clipper-load --json with replicas added) go to artifacts/bench/replica-curve/; the
# lines are also copied beside the chart (bench/results/plots/replicas.jsonl).
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

out="$root/artifacts/bench/replica-curve"; rm -rf "$out"; mkdir -p "$out"
charts="$root/bench/results/plots"; mkdir -p "$charts"
# shellcheck source=lib/local-cluster.sh
source bench/lib/local-cluster.sh
publish_tools

start_cluster
noop_app noop
have=0
for n in 1 2 4 8; do
  while [[ $have -lt $n ]]; do noop_replica noop; have=$((have + 1)); done
  connected "$n"
  serving noop
  echo "$n noop replica(s), closed loop, $connections connections..." >&2
  load --url "$(url noop)" --body "$body" --duration "$duration" --warmup 5s --connections "$connections" --json \
    | tag "{\"series\": \"noop model\", \"replicas\": $n}" >>"$out/replicas.jsonl"
done

cp "$out/replicas.jsonl" "$charts/replicas.jsonl"
plots replicas --input "$charts/replicas.jsonl" --output "$charts/replicas.png" >&2

python3 - "$out" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(f"{sys.argv[1]}/replicas.jsonl")]
one = rows[0]["ok"] / rows[0]["duration_s"]
print("| replicas | answers/s | vs 1 replica | p50 ms | p99 ms | defaults | errors |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    a = r["ok"] / r["duration_s"]
    print(f"| {r['replicas']} | {a:,.0f} | {a / one:.0%} | {r['p50_ms']:.3f} | {r['p99_ms']:.3f} | {r['defaults']} | {r['errors']} |")
PY
