#!/usr/bin/env bash
# Installs iproute2 (the ip command) with apt when it is missing (idempotent). The fault harness's partition fault
# makes a network namespace and a veth pair with it (bench/Clipper.Faults, tests/Clipper.Faults.Tests); that needs root.
set -euo pipefail
if command -v ip >/dev/null 2>&1; then exit 0; fi
if [[ $(id -u) -ne 0 ]]; then
  echo "ip is missing; install it with: sudo apt-get install -y iproute2" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends iproute2 >/dev/null
command -v ip >/dev/null
