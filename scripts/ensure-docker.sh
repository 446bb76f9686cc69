#!/usr/bin/env bash
# Makes sure a Docker engine answers on /var/run/docker.sock: installs docker.io with apt when
# dockerd is missing, and starts dockerd in the background (no systemd) when it does not answer.
# Also installs docker-registry (a real image registry the tests push model images to; it is not
# started here). Idempotent; needs root for both steps. Prints the engine's version.
set -euo pipefail
sock=/var/run/docker.sock
log=${DOCKERD_LOG:-/var/log/dockerd.log}
ping_engine() { curl -sf -m 2 --unix-socket "$sock" http://localhost/_ping >/dev/null 2>&1; }

if ! command -v dockerd >/dev/null 2>&1 || ! command -v curl >/dev/null 2>&1 || ! command -v docker-registry >/dev/null 2>&1; then
  [[ $(id -u) -eq 0 ]] || { echo "Docker is not installed: sudo apt-get install -y docker.io docker-registry curl" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends docker.io docker-registry curl >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq --no-install-recommends docker.io docker-registry curl >/dev/null; }
fi

if ! ping_engine; then
  [[ $(id -u) -eq 0 ]] || { echo "The Docker engine is not running: start dockerd as root" >&2; exit 1; }
  # A stale pid file is replaced by dockerd itself; a live engine makes this second start exit harmlessly.
  # No userland proxy: ports published on 127.0.0.1 are forwarded by iptables rather than copied by a
  # docker-proxy process per port, which halved the query frontend's throughput (bench/README.md).
  setsid nohup dockerd --host "unix://$sock" --userland-proxy=false >>"$log" 2>&1 </dev/null &
  for _ in $(seq 1 120); do ping_engine && break; sleep 0.25; done
fi

if ! ping_engine; then
  echo "dockerd did not come up; its last log lines:" >&2
  tail -n 40 "$log" >&2
  exit 1
fi
echo "docker engine ready: $(curl -s --unix-socket "$sock" http://localhost/version | grep -o '"Version":"[^"]*"' | head -1)"
