#!/usr/bin/env bash
# Installs what a fuzzing campaign (bench/fuzz.sh) needs, each step only when missing (idempotent):
# Debian's afl++ (afl-fuzz, afl-cmin, afl-showmap) and the SharpFuzz command-line tool, which instruments
# .NET assemblies for afl. The tool goes into artifacts/tools of this repository, not the global tool path.
# Prints the path of the sharpfuzz executable on its last line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sharpfuzz_version=2.3.0
tools="$root/artifacts/tools"

if ! command -v afl-fuzz >/dev/null 2>&1; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "afl-fuzz is missing; install it with: sudo apt-get install -y afl++" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends afl++ >/dev/null
fi
command -v afl-fuzz >/dev/null

installed=""
if [[ -d "$tools" ]]; then
  installed="$(dotnet tool list --tool-path "$tools" | awk 'tolower($1) == "sharpfuzz.commandline" {print $2}')"
fi
if [[ "$installed" != "$sharpfuzz_version" ]]; then
  if [[ -n "$installed" ]]; then
    dotnet tool uninstall --tool-path "$tools" SharpFuzz.CommandLine >/dev/null
  fi
  dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version "$sharpfuzz_version" >/dev/null
fi
test -x "$tools/sharpfuzz"
echo "$tools/sharpfuzz"
