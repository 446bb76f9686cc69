#!/usr/bin/env bash
# Installs the Debian packages the Python model containers (src/ModelRpc.Python) and their tests use,
# only those that are missing: the library's msgpack and xxhash, pytest, numpy, scikit-learn (the
# real-model tests) and zmq. Idempotent; needs root (or sudo) only when something is missing.
set -euo pipefail
packages=(python3 python3-msgpack python3-xxhash python3-pytest python3-numpy python3-sklearn python3-zmq)
missing=()
for package in "${packages[@]}"; do
  if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null)" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi
echo "installing ${missing[*]}" >&2
sudo=()
if [[ "$(id -u)" -ne 0 ]]; then sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >&2
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
