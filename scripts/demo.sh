#!/usr/bin/env bash
# Runs a whole cluster on this machine: Redis, the management frontend, a query frontend and two
# replicas of the example `sum` model. Registers an app, links the model, sends predictions and
# keeps everything running until Ctrl+C (or `--once` to stop after the predictions).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
once=no; [[ "${1:-}" == "--once" ]] && once=yes

scripts/ensure-redis.sh
command -v curl >/dev/null || { apt-get install -y -qq curl >/dev/null; }
./clipper --help >/dev/null   # builds the CLI once, before the processes start

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
redis_port=$(free_port); mgmt_port=$(free_port); query_port=$(free_port); rpc_port=$(free_port)
logs="$root/artifacts/demo-logs"; mkdir -p "$logs"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$logs/redis.log" 2>&1 & pids+=($!)
./clipper management-frontend --redis "127.0.0.1:$redis_port" --port "$mgmt_port" >"$logs/management.log" 2>&1 & pids+=($!)
./clipper query-frontend --redis "127.0.0.1:$redis_port" --http-port "$query_port" --rpc-port "$rpc_port" >"$logs/query.log" 2>&1 & pids+=($!)

wait_for() { for _ in $(seq 1 100); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done; echo "timed out waiting for $1 (logs in $logs)" >&2; exit 1; }
wait_for "http://127.0.0.1:$mgmt_port/admin/ping"
wait_for "http://127.0.0.1:$query_port/healthz"

admin() { curl -fsS -X POST "http://127.0.0.1:$mgmt_port/admin/$1" -H 'Content-Type: application/json' -d "$2"; echo; }
admin add_app '{"name": "sum-app", "input_type": "doubles", "default_output": "-1.0", "latency_slo_micros": 100000}'
admin add_model '{"model_name": "sum", "model_version": "1", "labels": [], "input_type": "doubles", "container_name": "example-sum", "model_data_path": "", "batch_size": -1}'
admin add_model_links '{"app_name": "sum-app", "model_names": ["sum"]}'

for i in 1 2; do
  CLIPPER_MODEL_NAME=sum CLIPPER_MODEL_VERSION=1 CLIPPER_IP=127.0.0.1 CLIPPER_PORT=$rpc_port CLIPPER_INPUT_TYPE=doubles \
    ./clipper example-model sum >"$logs/sum-$i.log" 2>&1 & pids+=($!)
done

predict() { curl -sS -X POST "http://127.0.0.1:$query_port/sum-app/predict" -H 'Content-Type: application/json' -d "$1"; echo; }
for _ in $(seq 1 50); do
  out=$(predict '{"input": [1.0, 2.0, 3.5]}')
  [[ "$out" == *'"default":false'* ]] && break
  sleep 0.2
done
echo "\$ curl -X POST http://127.0.0.1:$query_port/sum-app/predict -d '{\"input\": [1.0, 2.0, 3.5]}'"
echo "$out"
echo "\$ curl -X POST http://127.0.0.1:$query_port/sum-app/predict -d '{\"input_batch\": [[1, 2], [3, 4], [5]]}'"
predict '{"input_batch": [[1, 2], [3, 4], [5]]}'
[[ "$once" == yes ]] && exit 0
echo "Cluster running (logs in $logs). Try the curl lines above. Ctrl+C stops everything."
wait
