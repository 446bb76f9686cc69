#!/usr/bin/env bash
# Installs the DejaVu fonts with apt when they are missing (idempotent): clipper-plots draws its text in DejaVu Sans,
# and without any font its charts have no labels.
set -euo pipefail
if [[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]]; then exit 0; fi
if [[ $(id -u) -ne 0 ]]; then
  echo "the DejaVu fonts are missing; install them with: sudo apt-get install -y fonts-dejavu-core" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends fonts-dejavu-core >/dev/null
[[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]]
