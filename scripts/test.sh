#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need, builds, and runs every test project.
# Ends with one summary line, "N passed, N failed".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/ensure-redis.sh
scripts/ensure-docker.sh   # the Docker tests run against a real engine
# Frontends sharing a port (SO_REUSEPORT) hand the connections queued on a stopping one to the others
# instead of resetting them (Linux 5.14+); the scale-down tests under load count on it.
if [[ -w /proc/sys/net/ipv4/tcp_migrate_req ]]; then echo 1 > /proc/sys/net/ipv4/tcp_migrate_req; fi
# The Kubernetes tests run against a real single-node cluster: built once (about 7 minutes, kept in
# $K8S_HOME), started and stopped by the tests themselves.
scripts/k8s-local.sh build >/dev/null
dotnet build Clipper.sln -c Release --nologo -v quiet
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
dotnet test Clipper.sln -c Release --no-build --nologo --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log" || status=$?
passed=$(awk '/^ +Passed: +[0-9]+/ {n += $2} END {print n + 0}' "$log")
failed=$(awk '/^ +Failed: +[0-9]+/ {n += $2} END {print n + 0}' "$log")
echo "$passed passed, $failed failed"
if [[ "$passed" -eq 0 ]]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
