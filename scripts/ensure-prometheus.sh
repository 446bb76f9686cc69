#!/usr/bin/env bash
# Installs Debian's prometheus with apt when it is missing (idempotent). `clipper start --prometheus` runs the binary
# itself (as a supervised process, or copied into an image built FROM scratch); the package's own service is not wanted.
set -euo pipefail
stop_service() {
  # The package's service would hold 9090 and scrape nothing of ours; clusters start their own server on a free port.
  if command -v systemctl >/dev/null 2>&1 && [[ -d /run/systemd/system ]]; then
    systemctl disable --now prometheus >/dev/null 2>&1 || true
  elif [[ -x /etc/init.d/prometheus ]]; then
    /etc/init.d/prometheus stop >/dev/null 2>&1 || true
  fi
}
if command -v prometheus >/dev/null 2>&1; then exit 0; fi
if [[ $(id -u) -ne 0 ]]; then
  echo "prometheus is missing; install it with: sudo apt-get install -y --no-install-recommends prometheus" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends prometheus >/dev/null
stop_service
command -v prometheus >/dev/null
