#!/usr/bin/env bash
# POP3 RETR throughput, side by side: the platform's gateway-pop3 and Dovecot's pop3d (Debian dovecot-pop3d) on the
# same machine, with the same messages, the same client (PopBench.java) and the same number of concurrent clients.
# Rerunnable: every run creates a fresh tenant and fresh Dovecot maildirs in a temporary folder.
#
# Prerequisites: the local stack running in another terminal (./deploy/start-local.sh), and
#   apt-get install -y dovecot-pop3d
# Usage: deploy/bench/pop3/run.sh     (environment: CLIENTS=20 MESSAGES=20 DURATION=20 WARMUP=30 ROUNDS=2 KEEP=)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
CLIENTS=${CLIENTS:-20}
MESSAGES=${MESSAGES:-20}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-30}
ROUNDS=${ROUNDS:-2}
POP3_PORT=${MAIL_POP3_PORT:-1110}
SMTP_PORT=${MAIL_SMTP_PORT:-1025}
API="http://127.0.0.1:${MAIL_API_PORT:-8080}"
DOVECOT_PORT=${DOVECOT_PORT:-11110}
DATA=${MAIL_DATA_DIR:-$ROOT/.local-data}

command -v dovecot >/dev/null || { echo "dovecot is not installed: apt-get install -y dovecot-pop3d" >&2; exit 2; }
[[ -f "$DATA/secrets.properties" ]] || { echo "no $DATA/secrets.properties: start ./deploy/start-local.sh first" >&2; exit 2; }
TOKEN=$(grep '^admin-token=' "$DATA/secrets.properties" | cut -d= -f2-)
curl -sf "$API/q/health/ready" >/dev/null || { echo "mailbox service not ready at $API" >&2; exit 2; }

WORK=$(mktemp -d /tmp/pop3-bench.XXXXXX)
# Dovecot stops and the work folder (its maildirs, the account lists) goes with the run, unless KEEP=1
trap 'dovecot -c "$WORK/dovecot.conf" stop 2>/dev/null || true; [[ "${KEEP:-}" == 1 ]] || rm -rf "$WORK"' EXIT
chmod 755 "$WORK"
echo "work folder $WORK"
python3 "$HERE/setup.py" "$WORK" "$API" "$TOKEN" "$SMTP_PORT" "$POP3_PORT" "$CLIENTS" "$MESSAGES"
head -n "$CLIENTS" "$WORK/platform-users.txt" > "$WORK/platform-clients.txt"
head -n "$CLIENTS" "$WORK/dovecot-users.txt" > "$WORK/dovecot-clients.txt"

mkdir -p "$WORK/dovecot-run" "$WORK/dovecot-state"
chown -R dovecot:dovecot "$WORK/home"
cat > "$WORK/dovecot.conf" <<CONF
protocols = pop3
listen = 127.0.0.1
base_dir = $WORK/dovecot-run
state_dir = $WORK/dovecot-state
log_path = $WORK/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain
mail_location = maildir:~/Maildir
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 1
pop3_uidl_format = %08Xu%08Xv
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $WORK/passwd
}
userdb {
  driver = static
  args = uid=dovecot gid=dovecot home=$WORK/home/%n
}
service pop3-login {
  inet_listener pop3 {
    port = $DOVECOT_PORT
  }
  inet_listener pop3s {
    port = 0
  }
}
CONF
dovecot -c "$WORK/dovecot.conf"
sleep 1

cd "$HERE"
echo "RETR throughput, $CLIENTS concurrent clients, $MESSAGES messages each (4/16/64/256 KB), ${DURATION}s after ${WARMUP}s warm-up"
for round in $(seq 1 "$ROUNDS"); do
  java -Xmx512m PopBench.java platform 127.0.0.1 "$POP3_PORT" "$WORK/platform-clients.txt" "$DURATION" "$WARMUP"
  java -Xmx512m PopBench.java dovecot 127.0.0.1 "$DOVECOT_PORT" "$WORK/dovecot-clients.txt" "$DURATION" "$WARMUP"
done
