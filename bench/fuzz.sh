#!/usr/bin/env bash
# Runs one afl++ campaign on one parser: bench/fuzz.sh TARGET MINUTES (targets: bench/fuzz.sh --list).
#
# Builds bench/Clipper.Fuzz (Release) into artifacts/fuzz/TARGET/bin, instruments the Clipper assemblies under test
# there with sharpfuzz (never the harness, SharpFuzz or the runtime), and runs one afl-fuzz instance (the machine is
# small) for MINUTES from the committed corpus tests/Fixtures/fuzz/TARGET. Afterwards the inputs afl kept are
# minimized with afl-cmin and stored back into the corpus as found-*, crashes and hangs are copied to
# artifacts/fuzz/findings/TARGET, and one summary line gives executions, execs/s, corpus size, crashes and hangs.
# Reproduce a finding with: dotnet artifacts/fuzz/TARGET/plain/Clipper.Fuzz.dll TARGET FILE
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
targets="frame handshake batch predict-body management-request zmtp clipper-rpc"
usage="usage: bench/fuzz.sh TARGET MINUTES, TARGET one of: $targets"
if [[ "${1:-}" == "--list" ]]; then echo "$targets" | tr ' ' '\n'; exit 0; fi
if [[ $# -ne 2 ]]; then echo "$usage" >&2; exit 2; fi
target="$1"
minutes="$2"
if ! grep -qw -- "$target" <<<"$targets"; then echo "unknown target '$target'; $usage" >&2; exit 2; fi
if ! [[ "$minutes" =~ ^[0-9]+$ ]] || [[ "$minutes" -lt 1 ]]; then echo "MINUTES must be a whole number of at least 1, got '$minutes'; $usage" >&2; exit 2; fi

sharpfuzz="$(scripts/ensure-afl.sh | tail -1)"
corpus="$root/tests/Fixtures/fuzz/$target"
work="$root/artifacts/fuzz/$target"
findings="$root/artifacts/fuzz/findings/$target"
mkdir -p "$work" "$findings"

# Two builds: "plain" to reproduce findings and minimize, "bin" instrumented for afl (sharpfuzz rewrites in place).
rm -rf "$work/bin" "$work/plain" "$work/out" "$work/min"
dotnet publish bench/Clipper.Fuzz -c Release --nologo -v quiet -o "$work/plain" >/dev/null
cp -r "$work/plain" "$work/bin"
for assembly in Clipper.ModelRpc Clipper.QueryFrontend Clipper.Configuration Clipper.Admin; do
  "$sharpfuzz" "$work/bin/$assembly.dll" >/dev/null
done

# afl++ in a container: core dumps go to a pipe we do not own, the CPU governor is not ours, the cores are shared
# (no pinning), and the target is a managed program, not an afl-compiled binary. The runtime starts slowly, so the
# fork server gets a minute to answer; one input gets 2 s (the parsers take microseconds: more is a hang). Inputs of
# the corpus that crash are skipped rather than stopping the campaign: tests/Clipper.Fuzz.Tests fails on them anyway.
export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 AFL_SKIP_BIN_CHECK=1
export AFL_NO_UI=1 AFL_FORKSRV_INIT_TMOUT=60000 AFL_SKIP_CRASHES=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
timeout_ms=2000
dotnet="$(command -v dotnet)"
echo "fuzzing $target for $minutes min from $(find "$corpus" -type f | wc -l) corpus inputs (load: $(cut -d' ' -f1-3 /proc/loadavg))"
# afl-fuzz 4.04c sometimes exits non-zero after reaching its time limit with the managed fork server: the campaign
# ran when its log says the limit was reached and its statistics were written.
status=0
afl-fuzz -i "$corpus" -o "$work/out" -t "$timeout_ms" -m none -V "$((minutes * 60))" -- \
  "$dotnet" "$work/bin/Clipper.Fuzz.dll" "$target" >"$work/afl.log" 2>&1 || status=$?
stats="$work/out/default/fuzzer_stats"
if [[ ! -s "$stats" ]] || ! grep -q "Time limit was reached" "$work/afl.log"; then
  echo "afl-fuzz stopped before its time limit (exit code $status); the end of its log ($work/afl.log):" >&2
  tail -30 "$work/afl.log" >&2
  exit 1
fi
stat() { awk -F' *: *' -v key="$1" '$1 == key {print $2}' "$stats"; }
executions="$(stat execs_done)"
elapsed="$(($(stat last_update) - $(stat start_time)))"
execs_per_sec="$(awk -v e="$executions" -v s="$elapsed" 'BEGIN {printf "%.1f", (s > 0 ? e / s : 0)}')"
paths="$(stat corpus_count)"
crashes="$(stat saved_crashes)"
hangs="$(stat saved_hangs)"

# Keep what afl found, minimized: afl-cmin over the whole queue (seeds and earlier finds included), then the inputs
# that are not seeds replace the earlier found-* files. If minimizing takes too long, the queue is kept as it is.
queue="$work/out/default/queue"
if timeout 600 afl-cmin -i "$queue" -o "$work/min" -t "$timeout_ms" -m none -- "$dotnet" "$work/bin/Clipper.Fuzz.dll" "$target" >"$work/cmin.log" 2>&1; then
  kept="$work/min"
else
  echo "afl-cmin did not finish (see $work/cmin.log); storing the queue unminimized" >&2
  kept="$queue"
fi
declare -A seeds=()
for seed in "$corpus"/seed-*; do seeds["$(sha1sum <"$seed" | cut -c1-16)"]=1; done
rm -f "$corpus"/found-*
stored=0
for input in "$kept"/*; do
  [[ -f "$input" ]] || continue
  hash="$(sha1sum <"$input" | cut -c1-16)"
  if [[ -z "${seeds[$hash]:-}" ]]; then cp "$input" "$corpus/found-$hash"; stored=$((stored + 1)); fi
done

for kind in crash hang; do
  for input in "$work/out/default/${kind}es"/id:* "$work/out/default/${kind}s"/id:*; do
    [[ -f "$input" ]] || continue
    cp "$input" "$findings/$kind-$(sha1sum <"$input" | cut -c1-16)"
  done
done

echo "$target: $minutes min, $executions executions, $execs_per_sec execs/s, $paths paths, corpus $(find "$corpus" -type f | wc -l) files ($stored found), $crashes crashes, $hangs hangs"
echo "findings (crashes and hangs): $findings"
