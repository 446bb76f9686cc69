#!/usr/bin/env bash
# Installs Debian's chromium with apt when it is missing (idempotent). The dashboard's tests load the management
# frontend's page in headless Chromium and read what it shows (and save a screenshot).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [[ $(id -u) -ne 0 ]]; then
  echo "chromium is missing; install it with: sudo apt-get install -y chromium" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
command -v chromium >/dev/null
