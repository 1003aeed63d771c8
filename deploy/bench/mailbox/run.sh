#!/usr/bin/env bash
# Rerunnable benchmark of mailbox-service (not a test). Starts the test kit's real Kafka, PostgreSQL and S3 in a JVM,
# runs the packaged service as a child process and prints deliveries/s, listing, search and fetch latencies.
#   deploy/bench/mailbox/run.sh [messages=10000] [accounts=1000]
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
"$root/mvnw" -B -q -pl mailbox-service package -DskipTests
"$root/mvnw" -B -q -pl mailbox-service dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$root/mailbox-service/target/bench.classpath"
cd mailbox-service
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
    dev.mailplatform.mailbox.bench.MailboxBenchmark "$@"
