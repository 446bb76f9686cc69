#!/usr/bin/env bash
# The soak: a cluster of real processes (Redis with AOF) under a constant load at half its saturating rate (measured
# first, or --rate) for MINUTES, a replica killed (SIGKILL) and restarted every minute, Redis killed and restarted
# every 10 minutes, the RSS, threads and open descriptors of every process sampled every 10 s into
# bench/results/soak/samples.csv. Prints the summary line and each process's trend (least-squares slope per hour).
#
#   bench/soak.sh [MINUTES] [--rate R]        # MINUTES default 60
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

minutes=60; rate=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rate) rate="$2"; shift 2 ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    [0-9]*) minutes="$1"; shift ;;
    *) echo "unknown argument $1 (expected MINUTES or --rate R)" >&2; exit 2 ;;
  esac
done

scripts/ensure-redis.sh
out="$root/bench/results/soak"; mkdir -p "$out"
bin="$root/artifacts/bench/soak/bin"
echo "building (Release)..." >&2
dotnet build bench/Clipper.Faults -c Release --nologo -v quiet -o "$bin" >/dev/null
status=0
dotnet "$bin/clipper-faults.dll" soak --duration "${minutes}m" --rate "$rate" --csv "$out/samples.csv" | tee "$out/summary.md" || status=$?
exit "$status"
