#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need, builds, and runs every test project.
# Ends with one summary line, "N passed, N failed".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/ensure-redis.sh
scripts/ensure-docker.sh   # the Docker tests run against a real engine
scripts/ensure-python.sh   # Debian's python3 packages: the Python model containers and their tests
scripts/ensure-iproute2.sh # the ip command: the fault harness's partition test makes a network namespace
scripts/ensure-tmux.sh     # tmux: the command-line tests read clipper on a real terminal
scripts/ensure-chromium.sh # headless Chromium: the dashboard tests load its page
scripts/ensure-prometheus.sh # Debian's prometheus: the start --prometheus tests run a real server (local process, Docker and Kubernetes image)
scripts/ensure-fonts.sh    # DejaVu fonts: the chart tests render text into PNGs
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
test_args=(-c Release --no-build --nologo --logger "console;verbosity=normal")
if [[ $# -gt 0 ]]; then
  dotnet test Clipper.sln "${test_args[@]}" "$@" 2>&1 | tee "$log" || status=$?
else
  # The fault runs judge a cluster's latency and recovery on this machine's two cores: they run after the other
  # projects, alone, so they measure their own cluster rather than the four hundred tests beside them.
  dotnet test Clipper.sln "${test_args[@]}" --filter "FullyQualifiedName!~Clipper.Faults.Tests" 2>&1 | tee "$log" || status=$?
  dotnet test tests/Clipper.Faults.Tests "${test_args[@]}" 2>&1 | tee -a "$log" || status=$?
fi
passed=$(awk '/^ +Passed: +[0-9]+/ {n += $2} END {print n + 0}' "$log")
failed=$(awk '/^ +Failed: +[0-9]+/ {n += $2} END {print n + 0}' "$log")
# The Python model-container library's own tests (Debian's pytest and python3, not a pyenv one on PATH).
pylog="$(mktemp)"
trap 'rm -f "$log" "$pylog"' EXIT
PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -m pytest -p no:cacheprovider -q src/ModelRpc.Python/tests 2>&1 | tee "$pylog" || status=1
summary="$(grep -E '^[0-9=]* *[0-9]+ (passed|failed|error)' "$pylog" | tail -1 || true)"
passed=$((passed + $(grep -oE '[0-9]+ passed' <<<"$summary" | grep -oE '[0-9]+' || echo 0)))
failed=$((failed + $(grep -oE '[0-9]+ failed' <<<"$summary" | grep -oE '[0-9]+' || echo 0) + $(grep -oE '[0-9]+ errors?' <<<"$summary" | grep -oE '[0-9]+' || echo 0)))
# The names of failed tests come last, so the end of the output says which ones they were.
grep -E '^ +Failed [A-Za-z_]' "$log" | sed -E 's/^ +/failed: /' || true
grep -E '^(FAILED|ERROR) ' "$pylog" | sed -E 's/^/failed: /' || true
echo "$passed passed, $failed failed"
if [[ "$passed" -eq 0 ]]; then
  echo "no test ran" >&2
  exit 1
fi
exit "$status"
