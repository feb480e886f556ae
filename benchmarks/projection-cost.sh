#!/usr/bin/env bash
# CPU per projected event of the query side for a client with 1 session and one with 100, in one run
# (docs/performance.md "Projection cost"; com.precautionfirst.benchmark.ProjectionCost). Builds the jars, starts both
# services on a throw-away PostgreSQL database (127.0.0.1:5432, user postgres; -Dbench.database=h2 for the embedded
# default) and writes benchmarks/results/projection-cost.json. About 5 minutes. Settings: -Dbench.costEvents=300
# -Dbench.costTrickle=60 -Dbench.costRounds=5. PostgreSQL is started if it is down.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -q -B -Pbenchmark -DskipTests package
fi
exec java -Xmx512m -Dtreatment.root="${TREATMENT_ROOT:-.}" -Dtreatment.logs=benchmarks/target/logs "$@" \
  -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" com.precautionfirst.benchmark.ProjectionCost
