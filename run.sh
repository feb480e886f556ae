#!/usr/bin/env bash
# Builds both services and starts them on the embedded default (one H2 database under $TREATMENT_DATA_DIR,
# default ./data). The command side starts first so that it owns the database file (the fast embedded path);
# the query side joins it. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")"

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -q -DskipTests package
fi
export TREATMENT_DATA_DIR="${TREATMENT_DATA_DIR:-./data}"
# everything the services create (the database, its lock file, the generated password) for this user only;
# the services also make the folder 0700 and the database files 0600 themselves (decision 0006)
umask 077
mkdir -p "$TREATMENT_DATA_DIR"

pids=()
stop() {
  trap - INT TERM EXIT
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap stop INT TERM EXIT

java ${JAVA_OPTS:-} -jar command-side/target/command-side.jar "$@" &
pids+=($!)
# let the command side open the database first; the query side would also work alone, but slower
for _ in $(seq 1 120); do
  curl -fs "http://localhost:${COMMAND_SIDE_PORT:-8080}/actuator/health" >/dev/null 2>&1 && break
  kill -0 "${pids[0]}" 2>/dev/null || exit 1
  sleep 1
done
java ${JAVA_OPTS:-} -jar query-side/target/query-side.jar "$@" &
pids+=($!)
echo "command side: http://localhost:${COMMAND_SIDE_PORT:-8080}  query side: http://localhost:${QUERY_SIDE_PORT:-8081}  (Ctrl-C stops both)"
wait -n "${pids[@]}"
