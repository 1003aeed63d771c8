#!/usr/bin/env bash
# Builds what is needed and starts the whole platform locally: Kafka, PostgreSQL and S3 (all embedded, no Docker),
# the five services as separate processes, and a demo tenant/user. Ctrl-C stops everything.
#   --clean        start from an empty data folder (default data folder: .local-data/, or $MAIL_DATA_DIR)
#   --data DIR     use another data folder
# Ports are overridable: MAIL_SMTP_PORT MAIL_IMAP_PORT MAIL_POP3_PORT MAIL_API_PORT MAIL_KAFKA_PORT
# MAIL_POSTGRES_PORT MAIL_S3_PORT (defaults 1025 1143 1110 8080 19092 15432 19000).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  echo "building (skip with SKIP_BUILD=1)..."
  ./mvnw -B -q -DskipTests package
fi
exec java -jar deploy/local-stack/target/local-stack.jar --root "$PWD" "$@"
