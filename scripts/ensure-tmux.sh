#!/usr/bin/env bash
# Installs tmux with apt when it is missing (idempotent). The command-line tests run `clipper` on a real terminal in a
# detached tmux session (live progress, `clipper top`) and read its screen.
set -euo pipefail
if command -v tmux >/dev/null 2>&1; then exit 0; fi
if [[ $(id -u) -ne 0 ]]; then
  echo "tmux is missing; install it with: sudo apt-get install -y tmux" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends tmux >/dev/null
command -v tmux >/dev/null
