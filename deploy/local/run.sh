#!/usr/bin/env bash
# Runs t4t as separate processes on this machine and the shop example through them:
# a standalone Kafka broker and a PostgreSQL 17 (both from Maven artifacts), the state-service,
# the planner-service and TWO executor-service processes. Needs only a JDK.
#
#   deploy/local/run.sh [PROJECT]      (default: a copy of examples/shop)
#
# Logs and data go to a temporary folder printed at the start; everything stops at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d -t t4t-local-XXXXXX)
echo "work folder: $work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT

cd "$root"
echo "building (first time: downloads dependencies)..."
./mvnw -q -B install -DskipTests -Dspotless.check.skip=true

project=${1:-}
if [ -z "$project" ]; then
  mkdir -p "$work/shop"
  (cd examples/shop && tar --exclude=./data -cf - .) | (cd "$work/shop" && tar -xf -)
  project="$work/shop"
fi
project=$(cd "$project" && pwd)
./t4t seed "$project" > "$work/seed.log" 2>&1

wait_for_file() { for _ in $(seq 1 600); do [ -s "$1" ] && return 0; sleep 0.1; done; echo "timed out waiting for $1" >&2; exit 1; }
wait_ready() {
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$1/q/health/ready" > /dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "service on port $1 did not become ready; see $work/*.log" >&2; exit 1
}

java -cp "cli/target/t4t-cli.jar:cli/target/lib/*" io.t4t.runtime.StandaloneKafka "$work/kafka.txt" 4 \
  > "$work/kafka.log" 2>&1 & pids+=($!)
./mvnw -q -B -pl testing/services dependency:build-classpath -Dmdep.outputFile="$work/pg.cp" \
  -Dmdep.includeScope=runtime > /dev/null
java -cp "testing/services/target/t4t-services-test-support-0.1.0-SNAPSHOT.jar:$(cat "$work/pg.cp")" \
  io.t4t.testsupport.StandalonePostgres "$work/pg.txt" > "$work/postgres.log" 2>&1 & pids+=($!)
wait_for_file "$work/kafka.txt"
wait_for_file "$work/pg.txt"
export T4T_BOOTSTRAP_SERVERS=$(cat "$work/kafka.txt")
export T4T_PROJECT="$project"
export T4T_LOG_JSON=false  # human-readable lines in the log files of a laptop run
echo "Kafka: $T4T_BOOTSTRAP_SERVERS   PostgreSQL: $(cat "$work/pg.txt")"

T4T_API_AUTH=false T4T_HTTP_PORT=18082 T4T_DB_URL=$(cat "$work/pg.txt") T4T_DB_USER=postgres T4T_DB_PASSWORD=postgres \
  java -jar state-service/target/quarkus-app/quarkus-run.jar > "$work/state.log" 2>&1 & pids+=($!)
T4T_HTTP_PORT=18083 java -Dt4t.executor.name=executor-a \
  -jar executor-service/target/quarkus-app/quarkus-run.jar > "$work/executor-a.log" 2>&1 & pids+=($!)
T4T_HTTP_PORT=18084 java -Dt4t.executor.name=executor-b \
  -jar executor-service/target/quarkus-app/quarkus-run.jar > "$work/executor-b.log" 2>&1 & pids+=($!)
# on a laptop the REST API takes requests without a token (deployed, it needs a bearer JWT)
T4T_API_AUTH=false T4T_HTTP_PORT=18080 T4T_STATE_URL=http://127.0.0.1:18082 java -jar planner-service/target/quarkus-app/quarkus-run.jar \
  > "$work/planner.log" 2>&1 & pids+=($!)
for port in 18082 18083 18084 18080; do wait_ready $port; done
echo "services ready: planner :18080, executors :18083 :18084, state :18082"

run_id=$(curl -fs -X POST -H 'Content-Type: application/json' -d '{}' http://127.0.0.1:18080/runs \
  | sed 's/.*"run_id":"\([^"]*\)".*/\1/')
echo "run $run_id requested"
for _ in $(seq 1 600); do
  progress=$(curl -fs "http://127.0.0.1:18080/runs/$run_id" || true)
  case "$progress" in *'"done":true'*) break ;; esac
  sleep 0.2
done
echo "progress: $progress"
echo "executor-a ran: $(grep -o 'Executing model: [a-z_.]*' "$work/executor-a.log" | sed 's/Executing model: //' | tr '\n' ' ')"
echo "executor-b ran: $(grep -o 'Executing model: [a-z_.]*' "$work/executor-b.log" | sed 's/Executing model: //' | tr '\n' ' ')"
for _ in $(seq 1 100); do
  state=$(curl -fs http://127.0.0.1:18082/state || true)
  [ "$(echo "$state" | grep -o '"model"' | wc -l)" -ge 6 ] && break
  sleep 0.2
done
echo "state-service: $state"
case "$progress" in *'"done":true'*) ;; *) echo "the run did not finish" >&2; exit 1 ;; esac
case "$progress" in *failed*|*skipped*) echo "a model failed" >&2; exit 1 ;; esac
echo "OK"
