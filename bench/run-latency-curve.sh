#!/usr/bin/env bash
# Latency against offered load, bare Kestrel beside the query frontend (issue 18, goals 2 and 7). Finds the saturating
# rate of the bare Kestrel baseline and of the frontend with one noop replica (closed loop, 32 connections), then runs
# an open loop (clipper-load --rate: latency from each request's intended send time) at --points fractions from 10 % to
# 100 % of EACH one's saturating rate, and both at half the frontend's saturating rate (goal 2: there the frontend's
# p99 <= 1.5x Kestrel's and <= 2 ms). Prints a table and draws bench/results/plots/latency.png.
#
#   bench/run-latency-curve.sh [--duration 10s] [--points 8]
#
# Logs and raw results (JSON lines: clipper-load --json with series, point and fraction added) go to
# artifacts/bench/latency-curve/; the lines are also copied beside the chart (bench/results/plots/latency.jsonl).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

duration=10s; points=8
while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --points) points="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (expected --duration or --points)" >&2; exit 2 ;;
  esac
done
[[ "$points" =~ ^[0-9]+$ && "$points" -ge 2 ]] || { echo "--points must be a whole number >= 2, got '$points'" >&2; exit 2; }

out="$root/artifacts/bench/latency-curve"; rm -rf "$out"; mkdir -p "$out"
charts="$root/bench/results/plots"; mkdir -p "$charts"
# shellcheck source=lib/local-cluster.sh
source bench/lib/local-cluster.sh
publish_tools

start_baseline
start_cluster
noop_app noop
noop_replica noop
serving noop
connected 1
front_url="$(url noop)"

# The warm-up covers the JIT's tiering of both processes (see run-e2e.sh); later runs find them warm.
echo "saturating rates (closed loop, 32 connections)..." >&2
load --url "$base_url" --body "$body" --duration "$duration" --warmup 5s --connections 32 --json \
  | tag '{"series": "kestrel", "point": "saturation"}' >>"$out/saturation.jsonl"
load --url "$front_url" --body "$body" --duration "$duration" --warmup 5s --connections 32 --json \
  | tag '{"series": "frontend", "point": "saturation"}' >>"$out/saturation.jsonl"
kestrel_sat=$(python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1])][0]["throughput"])' "$out/saturation.jsonl")
front_sat=$(python3 -c 'import json,sys; print([json.loads(l) for l in open(sys.argv[1])][1]["throughput"])' "$out/saturation.jsonl")
half=$(python3 -c 'import sys; print(round(float(sys.argv[1]) / 2, 1))' "$front_sat")

# open SERIES URL RATE EXTRA_JSON: one open-loop run, appended to the curve.
open() {
  load --url "$2" --body "$body" --duration "$duration" --warmup 2s --connections 64 --rate "$3" --json \
    | tag "{\"series\": \"$1\", $4}" >>"$out/curve.jsonl"
}
# Kestrel and the frontend alternate at each fraction, so a drift of the shared machine touches both curves alike.
for i in $(seq 0 $((points - 1))); do
  fraction=$(python3 -c 'import sys; print(round(0.1 + 0.9 * int(sys.argv[1]) / (int(sys.argv[2]) - 1), 4))' "$i" "$points")
  for series in kestrel frontend; do
    if [[ $series == kestrel ]]; then sat=$kestrel_sat; target=$base_url; else sat=$front_sat; target=$front_url; fi
    rate=$(python3 -c 'import sys; print(max(1.0, round(float(sys.argv[1]) * float(sys.argv[2]), 1)))' "$sat" "$fraction")
    echo "$series at $fraction of its saturating rate: $rate/s..." >&2
    open "$series" "$target" "$rate" "\"point\": \"curve\", \"fraction\": $fraction"
  done
done
echo "both at half the frontend's saturating rate: $half/s..." >&2
open kestrel "$base_url" "$half" '"point": "frontend-half"'
open frontend "$front_url" "$half" '"point": "frontend-half"'

cp "$out/curve.jsonl" "$charts/latency.jsonl"
cp "$out/saturation.jsonl" "$charts/latency-saturation.jsonl"
plots latency --input "$charts/latency.jsonl" --output "$charts/latency.png" --mark-rate "$half" --mark-label "half the frontend's saturating rate" --goal-ms 2 >&2

python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
sat = [json.loads(l) for l in open(f"{out}/saturation.jsonl")]
curve = [json.loads(l) for l in open(f"{out}/curve.jsonl")]
print(f"Saturating rates (closed loop, 32 connections): Kestrel {sat[0]['throughput']:,.0f}/s, frontend {sat[1]['throughput']:,.0f}/s "
      f"({sat[1]['throughput'] / sat[0]['throughput']:.0%})")
print()
print("| series | point | offered /s | answered /s | p50 ms | p99 ms | p99.9 ms | send delay p99 ms | defaults | errors |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in curve:
    point = f"{r['fraction']:.0%} of its saturation" if r["point"] == "curve" else "frontend's half rate"
    print(f"| {r['series']} | {point} | {r['rate']:,.0f} | {r['throughput']:,.0f} | {r['p50_ms']:.3f} | {r['p99_ms']:.3f} | "
          f"{r['p999_ms']:.3f} | {r.get('send_delay_p99_ms', 0):.3f} | {r['defaults']} | {r['errors']} |")
k, f = [r for r in curve if r["point"] == "frontend-half"]
print()
print(f"At half the frontend's saturating rate ({f['rate']:,.0f}/s): frontend p99 {f['p99_ms']:.3f} ms, Kestrel p99 {k['p99_ms']:.3f} ms, "
      f"ratio {f['p99_ms'] / k['p99_ms']:.2f} (goal 2: ratio <= 1.5 and p99 <= 2 ms; one run on a shared machine is no verdict)")
PY
