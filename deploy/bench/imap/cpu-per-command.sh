#!/usr/bin/env bash
# CPU time per IMAP command of the running local stack, by process, over the mixed workload of ImapBench: steadier
# than commands/s on a shared machine (whose speed drifts by 10-20 % between runs), and it says where the time goes.
# Prerequisites as run.sh (local stack running, accounts made by run.sh or by setup.py accounts and fill).
# Usage: deploy/bench/imap/cpu-per-command.sh CLIENTS_FILE [DURATION=30] [WARMUP=90] [platform|dovecot] [PORT]
#   CLIENTS_FILE: "address password" lines, one per concurrent client: the platform-clients.txt that run.sh leaves
#   in its work folder (/tmp/imap-bench.*) with KEEP=1; its accounts stay in the stack until a --clean start.
#   dovecot: the Dovecot that run.sh starts (port 11143, dovecot-clients.txt); run.sh with CPU=1 measures both.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
CLIENTS_FILE=$(realpath "$1")
DURATION=${2:-30}
WARMUP=${3:-90}
SERVER=${4:-platform}
case "$SERVER" in
  platform) IMAP_PORT=${5:-${MAIL_IMAP_PORT:-1143}} ;;
  dovecot) IMAP_PORT=${5:-11143} ;;
  *) echo "unknown server $SERVER (platform or dovecot)" >&2; exit 2 ;;
esac
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
javac -d "$WORK" "$ROOT/deploy/bench/imap/ImapBench.java"

# utime+stime (clock ticks) of every process of the stack, tagged by what it is
snapshot() {
  [[ "$SERVER" == dovecot ]] && { dovecot_snapshot; return; }
  for p in $( (pgrep -f 'quarkus-run.jar|local-stack.jar|s3proxy' || true; pgrep -x postgres || true) ); do
    local cmd group
    cmd=$(tr '\0' ' ' < /proc/$p/cmdline 2>/dev/null) || continue
    case "$cmd" in
      *http.port=8080*) group=mailbox-service ;;
      *http.port=8082*) group=gateway-imap ;;
      *http.port=8081*) group=gateway-smtp ;;
      *http.port=8083*) group=gateway-pop3 ;;
      *http.port=8084*) group=delivery-worker ;;
      *s3proxy*) group=s3proxy ;;
      *local-stack*) group=kafka+launcher ;;
      *) group=postgresql ;;
    esac
    echo "$group $p $(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null || echo 0)"
  done
}

# Dovecot forks a process per connection (imap) next to its login, auth, config, log and stats processes, all
# children of its master (/proc/PID/exe is not readable for them: Dovecot makes its processes non-dumpable)
dovecot_snapshot() {
  local master p
  for master in $(pgrep -x dovecot || true); do
    for p in $master $(pgrep -P "$master" || true); do
      echo "dovecot-$(cat /proc/$p/comm 2>/dev/null) $p $(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null || echo 0)"
    done
  done
}

java -cp "$WORK" ImapBench mixed "$SERVER" 127.0.0.1 "$IMAP_PORT" "$CLIENTS_FILE" "$DURATION" "$WARMUP" \
  > "$WORK/bench.out" 2>&1 &
BENCH=$!
# the snapshots fall a second inside the client's measured window: Dovecot's per-connection processes (and their
# CPU time) are gone once the client has logged out
sleep $((WARMUP + 1)); start=$(date +%s.%N); snapshot > "$WORK/before"
sleep $((DURATION - 2)); end=$(date +%s.%N); snapshot > "$WORK/after"
wait $BENCH
cat "$WORK/bench.out"
python3 - "$WORK/before" "$WORK/after" "$WORK/bench.out" "$start" "$end" "$(getconf CLK_TCK)" <<'PY'
import collections, re, sys
before, after, bench, hz = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[6])
duration = float(sys.argv[5]) - float(sys.argv[4])
rate = float(re.search(r"(\d+) commands/s", open(bench).read()).group(1))
def read(path):
    return {(l.split()[0], l.split()[1]): int(l.split()[2]) for l in open(path)}
a, b = read(before), read(after)
used = collections.Counter()
for key, ticks in b.items():
    used[key[0]] += ticks - a.get(key, 0)   # a process started meanwhile counts from zero
commands = rate * duration
total = sum(used.values())
print(f"CPU per command {1000 * total / hz / commands:.3f} ms ({total / hz / duration:.2f} cores at {rate:.0f} commands/s)")
for group, ticks in used.most_common():
    print(f"  {group:16s} {1000 * ticks / hz / commands:.3f} ms/command  {ticks / hz / duration:.2f} cores")
PY
