#!/usr/bin/env bash
# IMAP side by side: the platform's gateway-imap and Dovecot's imapd (Debian dovecot-imapd) on the same machine, with
# the same mailboxes, the same client (ImapBench.java) and the same number of concurrent clients:
#  1. commands/s of a mixed workload (SELECT, FETCH FLAGS, FETCH BODY[], STORE, SEARCH, APPEND, EXPUNGE), CLIENTS
#     concurrent clients, one mailbox each;
#  2. memory per IDLE connection: the gateway's heap after a full GC (jcmd) before and while IDLE connections are
#     held open; for Dovecot, which forks one imap process per connection, the RSS of its imap processes.
# Rerunnable: every run creates a fresh tenant and fresh Dovecot maildirs in a temporary folder.
#
# Prerequisites: the local stack running in another terminal (./deploy/start-local.sh, or SKIP_BUILD=1 with the
# packaged modules), apt-get install -y dovecot-imapd, and a JDK (java, jcmd) on the PATH.
# Usage: deploy/bench/imap/run.sh   (environment: CLIENTS=50 MESSAGES=20 DURATION=30 WARMUP=60 ROUNDS=1
#                                    IDLE=10000 DOVECOT_IDLE=1000 HOLD=15 KEEP= CPU=)
# CPU=1: after the rounds, the CPU time per command of each side over one more warm run (cpu-per-command.sh), the
# figure that the machine's drift moves least.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
CLIENTS=${CLIENTS:-50}
MESSAGES=${MESSAGES:-20}
DURATION=${DURATION:-30}
WARMUP=${WARMUP:-60}
ROUNDS=${ROUNDS:-1}
IDLE=${IDLE:-10000}
DOVECOT_IDLE=${DOVECOT_IDLE:-1000}
HOLD=${HOLD:-15}
IMAP_PORT=${MAIL_IMAP_PORT:-1143}
API="http://127.0.0.1:${MAIL_API_PORT:-8080}"
DOVECOT_PORT=${DOVECOT_PORT:-11143}
DATA=${MAIL_DATA_DIR:-$ROOT/.local-data}

command -v dovecot >/dev/null || { echo "dovecot is not installed: apt-get install -y dovecot-imapd" >&2; exit 2; }
[[ -f "$DATA/secrets.properties" ]] || { echo "no $DATA/secrets.properties: start ./deploy/start-local.sh first" >&2; exit 2; }
TOKEN=$(grep '^admin-token=' "$DATA/secrets.properties" | cut -d= -f2-)
curl -sf "$API/q/health/ready" >/dev/null || { echo "mailbox service not ready at $API" >&2; exit 2; }
GATEWAY_PID=$(pgrep -f 'gateway-imap/target/quarkus-app/quarkus-run.jar' | head -n 1 || true)
[[ -n "$GATEWAY_PID" ]] || { echo "gateway-imap process not found" >&2; exit 2; }

WORK=$(mktemp -d /tmp/imap-bench.XXXXXX)
# Dovecot stops and the work folder (its maildirs, the account lists) goes with the run, unless KEEP=1 (then
# platform-clients.txt there serves cpu-per-command.sh)
trap 'dovecot -c "$WORK/dovecot.conf" stop 2>/dev/null || true; [[ "${KEEP:-}" == 1 ]] || rm -rf "$WORK"' EXIT
chmod 755 "$WORK"
echo "work folder $WORK"
python3 "$HERE/setup.py" accounts "$WORK" "$API" "$TOKEN" "$CLIENTS"

mkdir -p "$WORK/dovecot-run" "$WORK/dovecot-state" "$WORK/home"
while read -r user _; do mkdir -p "$WORK/home/$user"; done < "$WORK/dovecot-users.txt"
chown -R dovecot:dovecot "$WORK/home"
cat > "$WORK/dovecot.conf" <<CONF
protocols = imap
listen = 127.0.0.1
base_dir = $WORK/dovecot-run
state_dir = $WORK/dovecot-state
log_path = $WORK/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 1
default_client_limit = 30000
default_process_limit = 30000
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $WORK/passwd
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$WORK/home/%n
}
service imap-login {
  inet_listener imap {
    port = $DOVECOT_PORT
  }
  inet_listener imaps {
    port = 0
  }
  # Dovecot's documented high-performance mode: login processes are reused
  service_count = 0
  process_min_avail = 2
}
service imap {
  process_limit = 30000
}
protocol imap {
  # the IDLE measurement holds many connections of one user from one address (default limit: 10)
  mail_max_userip_connections = 30000
}
CONF
dovecot -c "$WORK/dovecot.conf"
sleep 1

python3 "$HERE/setup.py" fill "$IMAP_PORT" "$WORK/platform-users.txt" "$MESSAGES"
python3 "$HERE/setup.py" fill "$DOVECOT_PORT" "$WORK/dovecot-users.txt" "$MESSAGES"
head -n "$CLIENTS" "$WORK/platform-users.txt" > "$WORK/platform-clients.txt"
head -n "$CLIENTS" "$WORK/dovecot-users.txt" > "$WORK/dovecot-clients.txt"
IDLE_PLATFORM=$(tail -n 1 "$WORK/platform-users.txt")
IDLE_DOVECOT=$(tail -n 1 "$WORK/dovecot-users.txt")

javac -d "$WORK/classes" "$HERE/ImapBench.java"
BENCH="java -Xmx1g -cp $WORK/classes ImapBench"

echo "== mixed workload, $CLIENTS concurrent clients, ${DURATION}s after ${WARMUP}s warm-up"
[[ "${SKIP_MIXED:-}" == "1" ]] && ROUNDS=0
for round in $(seq 1 "$ROUNDS"); do
  $BENCH mixed platform 127.0.0.1 "$IMAP_PORT" "$WORK/platform-clients.txt" "$DURATION" "$WARMUP"
  $BENCH mixed dovecot 127.0.0.1 "$DOVECOT_PORT" "$WORK/dovecot-clients.txt" "$DURATION" "$WARMUP"
done
if [[ "${CPU:-}" == "1" && "${SKIP_MIXED:-}" != "1" ]]; then
  echo "== CPU per command, platform"
  "$HERE/cpu-per-command.sh" "$WORK/platform-clients.txt" "$DURATION" 20 platform "$IMAP_PORT" | grep -A 20 '^CPU per'
  echo "== CPU per command, Dovecot"
  "$HERE/cpu-per-command.sh" "$WORK/dovecot-clients.txt" "$DURATION" 20 dovecot "$DOVECOT_PORT" | grep -A 20 '^CPU per'
fi

heap_kib() {
  jcmd "$GATEWAY_PID" GC.run >/dev/null
  sleep 1
  # the heap's generations (Serial/Parallel) or regions (G1), not metaspace
  jcmd "$GATEWAY_PID" GC.heap_info | grep -E 'generation|heap' | grep -o 'used [0-9]*K' | grep -o '[0-9]*' \
    | awk '{s+=$1} END {print s+0}'
}
rss_kib() { ps -o rss= -p "$1" | tr -d ' '; }
# proportional set size: shared library pages are split among the processes instead of counted once per process
dovecot_rss_kib() {
  for pid in $(pgrep -x 'imap|imap-login'); do grep '^Pss:' "/proc/$pid/smaps_rollup" 2>/dev/null; done \
    | awk '{s+=$2} END {print s+0}'
}
hold_idle() { # NAME PORT USER PASSWORD COUNT -> runs until the connections are open, leaves them held
  $BENCH idle "$1" 127.0.0.1 "$2" "$3" "$4" "$5" "$HOLD" > "$WORK/idle-$1.log" 2>&1 &
  IDLE_CLIENT=$!
  until grep -q IDLE-READY "$WORK/idle-$1.log"; do
    kill -0 "$IDLE_CLIENT" 2>/dev/null || { cat "$WORK/idle-$1.log"; return 1; }
    sleep 1
  done
  grep IDLE-READY "$WORK/idle-$1.log"
}

echo "== memory per IDLE connection"
before_heap=$(heap_kib); before_rss=$(rss_kib "$GATEWAY_PID")
read -r user password <<< "$IDLE_PLATFORM"
hold_idle platform "$IMAP_PORT" "$user" "$password" "$IDLE"
held=$(grep -o 'IDLE-READY [0-9]*' "$WORK/idle-platform.log" | grep -o '[0-9]*')
after_heap=$(heap_kib); after_rss=$(rss_kib "$GATEWAY_PID")
wait "$IDLE_CLIENT" || true
echo "platform: $held IDLE connections: heap +$(( (after_heap - before_heap) * 1024 / held )) bytes/connection" \
     "(heap ${before_heap}K -> ${after_heap}K), RSS +$(( (after_rss - before_rss) * 1024 / held )) bytes/connection"

before_rss=$(dovecot_rss_kib)
read -r user password <<< "$IDLE_DOVECOT"
hold_idle dovecot "$DOVECOT_PORT" "$user" "$password" "$DOVECOT_IDLE"
held=$(grep -o 'IDLE-READY [0-9]*' "$WORK/idle-dovecot.log" | grep -o '[0-9]*')
after_rss=$(dovecot_rss_kib)
wait "$IDLE_CLIENT" || true
echo "dovecot: $held IDLE connections: PSS of imap processes +$(( (after_rss - before_rss) * 1024 / held ))" \
     "bytes/connection (one process each; ${before_rss}K -> ${after_rss}K)"
