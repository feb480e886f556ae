#!/usr/bin/env bash
# The benchmark of docs/performance.md (README "Benchmark"). Builds the service jars and the benchmark, then runs
# com.precautionfirst.benchmark.Benchmark: it starts the jars on H2 and on PostgreSQL (127.0.0.1:5432, user
# postgres, a throw-away database), and writes benchmarks/results/latest.json and the table in docs/performance.md.
# Settings are Java system properties passed through, e.g. ./benchmarks/run.sh -Dbench.phaseSeconds=10
# -Dbench.largeStore=200000 -Dbench.databases=postgres (see Benchmark.java). PostgreSQL is started if it is down.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
./mvnw -q -B -Pbenchmark -DskipTests package
exec java -Xmx1g -Dtreatment.root=. -Dtreatment.logs=benchmarks/target/logs "$@" \
  -cp "benchmarks/target/benchmarks.jar:benchmarks/target/lib/*" com.precautionfirst.benchmark.Benchmark
