#!/usr/bin/env bash
# SMTP accept-rate benchmark: the platform's gateway (MX listener of the local stack) side by side with Postfix from
# Debian, both driven by Postfix's smtp-source with the same parameters in the same run.
#
#   deploy/bench/smtp/run.sh [MESSAGES] [SESSIONS] [SIZE]        defaults: 2000 messages, 20 sessions, 10240 bytes
#
# Environment:
#   GATEWAY_PORT=1025        MX port of a running local stack (./deploy/start-local.sh); if nothing listens there the
#                            script starts the stack itself (SKIP_BUILD=1, data in $BENCH_DATA) and stops it at the end
#   GATEWAY_METRICS=http://127.0.0.1:8081/q/metrics
#   GATEWAY_RCPT=alice@demo.mail.test   a local recipient of the stack (the demo user)
#   POSTFIX_PORT=2525        loopback port of the Postfix instance this script configures
#   SKIP_POSTFIX=1           only measure the gateway
#   WARMUP_MESSAGES=3000     sent to each server first, not counted (JIT warm-up of the stack's JVMs)
#   MAIL_SMTP_AUTH_POLICY_ENABLED=false   passed to a stack the script starts: no SPF/DKIM/DMARC on MX (Postfix does
#                            none either; without a reachable DNS resolver every message would wait for timeouts)
#   PAUSE_DELIVERY=1         also measure the accept path alone: a second gateway run with the delivery worker stopped
#                            (SIGSTOP), so local delivery does not share the CPUs with the gateway, S3 and Kafka; the
#                            worker is resumed afterwards and the script waits until it has routed the backlog
#
# What is measured: wall-clock time for smtp-source to get 250 for every message, i.e. messages per second accepted
# durably (gateway: S3 upload + Kafka acks=all; Postfix: queue file fsync'd, then discarded by the discard transport).
# Not run by the Maven build: it needs root (Postfix), a packaged stack and minutes of exclusive CPU.
set -euo pipefail
cd "$(dirname "$0")/../../.."

MESSAGES=${1:-2000}
SESSIONS=${2:-20}
SIZE=${3:-10240}
GATEWAY_PORT=${GATEWAY_PORT:-1025}
GATEWAY_METRICS=${GATEWAY_METRICS:-http://127.0.0.1:8081/q/metrics}
WORKER_METRICS=${WORKER_METRICS:-http://127.0.0.1:8084/q/metrics}
GATEWAY_RCPT=${GATEWAY_RCPT:-alice@demo.mail.test}
POSTFIX_PORT=${POSTFIX_PORT:-2525}
WARMUP_MESSAGES=${WARMUP_MESSAGES:-3000}
BENCH_DATA=${BENCH_DATA:-/tmp/mail-bench-stack}
STACK_PID=""

log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

cleanup() {
  if [[ -n "$STACK_PID" ]]; then
    log "stopping the local stack (pid $STACK_PID)"
    kill "$STACK_PID" 2>/dev/null || true
    wait "$STACK_PID" 2>/dev/null || true
  fi
}
trap cleanup EXIT

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_for_port() {
  local port=$1 seconds=$2
  for _ in $(seq "$seconds"); do
    if port_open "$port"; then return 0; fi
    sleep 1
  done
  log "nothing listens on port $port after ${seconds}s"; return 1
}

ensure_smtp_source() {
  if ! command -v smtp-source >/dev/null; then
    log "installing postfix (for smtp-source and the reference server)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y postfix >/dev/null
  fi
}

setup_postfix() {
  ensure_smtp_source
  log "configuring Postfix on 127.0.0.1:$POSTFIX_PORT: accepts any user@bench.test, queues durably, then discards"
  postconf -e "myhostname = bench.local" "mydestination = bench.test" "local_recipient_maps =" \
    "inet_interfaces = loopback-only" "inet_protocols = ipv4" "transport_maps = inline:{bench.test=discard:}" \
    "default_process_limit = 200" "smtpd_client_connection_count_limit = 0" \
    "smtpd_client_connection_rate_limit = 0" "smtpd_client_message_rate_limit = 0" \
    "smtpd_peername_lookup = no" "message_size_limit = 26214400" "maillog_file = /var/log/postfix-bench.log"
  postconf -M "127.0.0.1:$POSTFIX_PORT/inet=127.0.0.1:$POSTFIX_PORT inet n - n - - smtpd"
  if postfix status >/dev/null 2>&1; then postfix reload >/dev/null; else postfix start >/dev/null; fi
  wait_for_port "$POSTFIX_PORT" 30
}

ensure_gateway() {
  if port_open "$GATEWAY_PORT"; then
    log "using the gateway already listening on $GATEWAY_PORT"
    return
  fi
  log "starting the local stack (SKIP_BUILD=1; build first with ./mvnw -B -DskipTests package), data in $BENCH_DATA"
  mkdir -p "$BENCH_DATA"
  # all benchmark sessions come from 127.0.0.1; with one connection per message a closing session can still count
  # when its successor connects, so the per-IP cap (default 20) is raised for the benchmark only
  export MAIL_SMTP_MAX_CONNECTIONS_PER_IP=${MAIL_SMTP_MAX_CONNECTIONS_PER_IP:-200}
  SKIP_BUILD=1 MAIL_SMTP_PORT=$GATEWAY_PORT ./deploy/start-local.sh --data "$BENCH_DATA" \
    >"$BENCH_DATA/stack.out" 2>&1 &
  STACK_PID=$!
  wait_for_port "$GATEWAY_PORT" 240
  # the demo user exists once the banner is printed
  for _ in $(seq 120); do grep -q "Demo user" "$BENCH_DATA/stack.out" && break; sleep 1; done
}

routed_count() {
  curl -s "$WORKER_METRICS" | awk '/^mail_delivery_routed_total\{/ {s+=$2} END {printf "%d", s}'
}

accepted_count() {
  curl -s "$GATEWAY_METRICS" | awk '/^mail_smtp_messages_total\{.*result="accepted"/ {s+=$2} END {printf "%d", s}'
}

# Runs smtp-source and prints messages/second (wall clock, including connection setup per message).
measure() {
  local name=$1 target=$2 rcpt=$3
  local cmd=(smtp-source -c -l "$SIZE" -m "$MESSAGES" -s "$SESSIONS" -f bench@sender.example -t "$rcpt" "$target")
  log "$name: ${cmd[*]}"
  local start end
  start=$(date +%s.%N)
  "${cmd[@]}" >/dev/null
  end=$(date +%s.%N)
  awk -v n="$MESSAGES" -v s="$start" -v e="$end" -v name="$name" \
    'BEGIN { printf "%-8s %6d messages in %7.2f s = %8.1f msg/s\n", name, n, e - s, n / (e - s) }'
}

ensure_smtp_source
[[ "${SKIP_POSTFIX:-}" == "1" ]] || setup_postfix
ensure_gateway

# warm-up, not counted: the JVMs of a freshly started stack spend about half their CPU in the JIT compiler for the
# first few thousand messages (seen with async-profiler), which says nothing about a server that has been running
log "warm-up: $WARMUP_MESSAGES messages to each server, not counted"
smtp-source -l "$SIZE" -m "$WARMUP_MESSAGES" -s "$SESSIONS" -f bench@sender.example -t "$GATEWAY_RCPT" \
  "127.0.0.1:$GATEWAY_PORT"
[[ "${SKIP_POSTFIX:-}" == "1" ]] || smtp-source -l "$SIZE" -m "$WARMUP_MESSAGES" -s "$SESSIONS" \
  -f bench@sender.example -t user@bench.test "127.0.0.1:$POSTFIX_PORT"

before=$(accepted_count)
echo "# $MESSAGES messages of $SIZE bytes, $SESSIONS concurrent sessions, $(nproc) CPUs, $(date -u +%FT%TZ)"
measure gateway "127.0.0.1:$GATEWAY_PORT" "$GATEWAY_RCPT"
after=$(accepted_count)
echo "gateway accepted (mail_smtp_messages_total{result=accepted}): $((after - before)) of $MESSAGES"
[[ "${SKIP_POSTFIX:-}" == "1" ]] || measure postfix "127.0.0.1:$POSTFIX_PORT" user@bench.test

# waits until the delivery worker has routed as many messages as the gateway accepted (both count since start-up)
await_routed() {
  for _ in $(seq 600); do
    (( $(routed_count) >= $(accepted_count) )) && return 0
    sleep 1
  done
  log "the delivery worker has routed $(routed_count) of $(accepted_count) accepted messages after 600 s"
  return 1
}

if [[ "${PAUSE_DELIVERY:-}" == "1" ]]; then
  WORKER_PID=$(pgrep -f 'delivery-worker/target/quarkus-app/quarkus-run.jar' | head -n 1)
  await_routed
  kill -STOP "$WORKER_PID"
  trap 'kill -CONT "$WORKER_PID" 2>/dev/null || true; cleanup' EXIT
  before=$(accepted_count)
  measure "gateway (delivery worker paused)" "127.0.0.1:$GATEWAY_PORT" "$GATEWAY_RCPT"
  after=$(accepted_count)
  kill -CONT "$WORKER_PID"
  echo "gateway accepted with the worker paused: $((after - before)) of $MESSAGES"
  start=$(date +%s)
  await_routed
  echo "delivery worker resumed and routed the backlog in $(( $(date +%s) - start )) s ($(routed_count) routed of $(accepted_count) accepted since start-up)"
fi
