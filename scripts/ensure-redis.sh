#!/usr/bin/env bash
# Installs redis-server with apt when it is missing (idempotent). Tests start their own servers.
set -euo pipefail
if command -v redis-server >/dev/null 2>&1; then exit 0; fi
if [[ $(id -u) -ne 0 ]]; then
  echo "redis-server is missing; install it with: sudo apt-get install -y redis-server" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends redis-server >/dev/null
# Debian's package starts a system server on 6379; the project starts its own on free ports.
command -v redis-server >/dev/null
