#!/usr/bin/env bash
# Fault injection, the long run: each fault in turn against a fresh cluster of real processes (redis-server, the
# management and query frontends, three sleep-model replicas) under a constant open-loop load, one line per fault
# (format in bench/README.md, "Fault injection"). Needs root for the partition fault's network namespace.
#
#   bench/faults.sh [--hold 60s] [--rate 200] [--faults replica-kill,overload,...]
#
# Lines go to stdout and to artifacts/bench/faults/lines.txt; progress to artifacts/bench/faults/progress.log.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

hold=60s; rate=200; faults=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --hold) hold="$2"; shift 2 ;;
    --rate) rate="$2"; shift 2 ;;
    --faults) faults="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (expected --hold, --rate or --faults)" >&2; exit 2 ;;
  esac
done

scripts/ensure-redis.sh
scripts/ensure-iproute2.sh
out="$root/artifacts/bench/faults"; rm -rf "$out"; mkdir -p "$out"
echo "building (Release)..." >&2
dotnet build bench/Clipper.Faults -c Release --nologo -v quiet -o "$out/bin" >/dev/null
args=(run --hold "$hold" --rate "$rate" --before 5s --after 10s)
[[ -n "$faults" ]] && args+=(--faults "$faults")
status=0
dotnet "$out/bin/clipper-faults.dll" "${args[@]}" 2>"$out/progress.log" | tee "$out/lines.txt" || status=$?
exit "$status"
