# Sourced by the curve benches (run-latency-curve.sh, run-replica-curve.sh): publishes the tools, starts a local
# cluster (Redis, management frontend, query frontend) on free ports, and the helpers to load it and draw charts.
# The caller sets $out (a fresh folder for logs and results) and runs from the repository root.

publish_tools() {
  scripts/ensure-redis.sh
  scripts/ensure-fonts.sh
  if ! command -v curl >/dev/null; then
    [[ $(id -u) -eq 0 ]] || { echo "curl is needed: sudo apt-get install -y curl" >&2; exit 1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends curl >/dev/null
  fi
  echo "building (Release)..." >&2
  ./clipper --help >/dev/null
  dotnet publish bench/Clipper.LoadGenerator -c Release -o artifacts/bench/load --nologo -v quiet -p:UseAppHost=false
  dotnet publish bench/Clipper.BaselineServer -c Release -o artifacts/bench/baseline --nologo -v quiet -p:UseAppHost=false
  dotnet publish bench/Clipper.Plots -c Release -o artifacts/bench/plots --nologo -v quiet -p:UseAppHost=false
}
load() { dotnet artifacts/bench/load/clipper-load.dll "$@"; }
plots() { dotnet artifacts/bench/plots/clipper-plots.dll "$@"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
wait_for() {
  for _ in $(seq 1 150); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "timed out waiting for $1 (logs in $out)" >&2; exit 1
}
body='{"input":[1.0,2.0,3.0,4.0]}'

# tag JSON: the last line of stdin (a clipper-load --json result) with the fields of JSON added.
tag() { python3 -c 'import json,sys; d=json.loads(sys.stdin.read().strip().splitlines()[-1]); d.update(json.loads(sys.argv[1])); print(json.dumps(d))' "$1"; }
# field FILE NAME: a field of the last JSON line of FILE.
field() { python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])[sys.argv[2]])' "$1" "$2"; }

start_baseline() {
  dotnet artifacts/bench/baseline/clipper-baseline.dll --port 0 >"$out/baseline.log" 2>&1 & pids+=($!)
  for _ in $(seq 1 100); do grep -q '^listening on ' "$out/baseline.log" && break; sleep 0.1; done
  base_url="$(awk '/^listening on / {print $3}' "$out/baseline.log")/bench/predict"
}

start_cluster() {
  redis_port=$(free_port); mgmt_port=$(free_port); query_port=$(free_port); rpc_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$out/redis.log" 2>&1 & pids+=($!)
  ./clipper management-frontend --redis "127.0.0.1:$redis_port" --port "$mgmt_port" >"$out/management.log" 2>&1 & pids+=($!)
  ./clipper query-frontend --redis "127.0.0.1:$redis_port" --http-port "$query_port" --rpc-port "$rpc_port" --bind 127.0.0.1 >"$out/query.log" 2>&1 & pids+=($!)
  wait_for "http://127.0.0.1:$mgmt_port/admin/ping"
  wait_for "http://127.0.0.1:$query_port/healthz"
}

admin() { curl -fsS -X POST "http://127.0.0.1:$mgmt_port/admin/$1" -H 'Content-Type: application/json' -d "$2" >/dev/null; }
# noop_app NAME: an app with one noop model version (adaptive batching, the prediction cache off: every request of a
# run carries the same input, so a cache would answer them all).
noop_app() {
  admin add_app "{\"name\": \"$1\", \"input_type\": \"doubles\", \"default_output\": \"-1.0\", \"latency_slo_micros\": 100000}"
  admin add_model "{\"model_name\": \"$1\", \"model_version\": \"1\", \"labels\": [], \"input_type\": \"doubles\", \"container_name\": \"example-noop\", \"model_data_path\": \"\", \"batch_size\": -1, \"cache_bytes\": 0}"
  admin add_model_links "{\"app_name\": \"$1\", \"model_names\": [\"$1\"]}"
}
# noop_replica MODEL: starts one replica of the noop example.
noop_replica() {
  CLIPPER_MODEL_NAME=$1 CLIPPER_MODEL_VERSION=1 CLIPPER_IP=127.0.0.1 CLIPPER_PORT=$rpc_port CLIPPER_INPUT_TYPE=doubles \
    ./clipper example-model noop >"$out/$1-${#pids[@]}.log" 2>&1 & pids+=($!)
}
url() { echo "http://127.0.0.1:$query_port/$1/predict"; }
# serving APP: waits until the app answers with its model's output (not a default).
serving() {
  for _ in $(seq 1 150); do
    curl -sS -X POST "$(url "$1")" -d "$body" 2>/dev/null | grep -q '"default":false' && return 0
    sleep 0.2
  done
  echo "timed out waiting for $1 to serve (logs in $out)" >&2; exit 1
}
# connected N: waits until the query frontend counts N connected replicas.
connected() {
  for _ in $(seq 1 150); do
    n=$(curl -fs -H 'Accept: application/json' "http://127.0.0.1:$query_port/metrics" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["replicas"]))' 2>/dev/null || echo 0)
    [[ "$n" == "$1" ]] && return 0
    sleep 0.2
  done
  echo "timed out waiting for $1 connected replicas (logs in $out)" >&2; exit 1
}
