#!/usr/bin/env bash
# Runs the whole test suite: installs what the tests need, builds, and runs every test project.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/ensure-redis.sh
dotnet build Clipper.sln -c Release --nologo -v quiet
dotnet test Clipper.sln -c Release --no-build --nologo --logger "console;verbosity=normal" "$@"
