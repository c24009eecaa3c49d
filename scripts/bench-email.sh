#!/usr/bin/env bash
# Benchmark: MESSAGES messages in a local mailbox into IWD tasks through the real API.  Usually run as ./iwd bench email.
#
#  1. PostgreSQL, Redis and dovecot (./iwd services start when one does not answer); the iwd-api and email-ingest
#     jars; a fresh scratch database iwd_bench_email; the API on free ports (4135/10163 by default, never 4024)
#     with random admin and cluster email keys and a random mailbox encryption key; a tenant "bench".
#  2. MESSAGES distinct plain-text messages appended over IMAP to the folder BenchInbox of dovecot's user mailtest
#     (scripts/bench/imap_load.py; untimed). BenchInbox/BenchProcessed/BenchUnparsable are dropped before and after,
#     so the user's INBOX (the acceptance tests') is never touched.
#  3. email-ingest (its exec jar, -Xmx512m) on a free management port, then a mailbox "bench" on that folder
#     (poll interval 5 s). Timed: from the mailbox's creation until iwdEmail_inbound_emails_processed_total reaches
#     MESSAGES; then checked through the API: MESSAGES email items, as many distinct tasks, BenchInbox empty.
#  4. Prints messages/s and the CPU of each process. Everything started is stopped and the database dropped on exit.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
LOGS=$ROOT/.iwd/logs
API_LOG=$LOGS/bench-email-api.log
EMAIL_LOG=$LOGS/bench-email-ingest.log
BUILD_LOG=$LOGS/build-bench-email.log
API_JAR=$ROOT/iwd-api/target/iwd-api-exec.jar
EMAIL_JAR=$ROOT/email-ingest/target/email-ingest-exec.jar
DB=${IWD_BENCH_DB:-iwd_bench_email}
TENANT=bench
CORES=$(nproc 2>/dev/null || echo 2)
IMAP=(127.0.0.1 143 mailtest secret)
FOLDERS=(BenchInbox BenchProcessed BenchUnparsable)

MESSAGES=5000
PORT=4135
MANAGEMENT_PORT=10163
EMAIL_PORT=10164
BATCH=200
BUILD=1
KEEP=0

usage() {
  cat <<'EOF2'
usage: ./iwd bench email [OPTIONS]
  --messages N         messages to load and ingest (5000)
  --batch-size N       iwd.email.inbound.batch-size (200)
  --port P             the API's HTTP port (4135, or the next free one)
  --no-build           use the jars already built
  --keep               keep the scratch database (dropped at the next run)
env: IWD_BENCH_DB (iwd_bench_email): the scratch database
EOF2
}

die() { echo "bench-email: $*" >&2; exit 1; }
say() { echo "bench-email: $*"; }
# shellcheck source=bench/common.sh
source "$ROOT/scripts/bench/common.sh"
is_number() { [[ $1 =~ ^[0-9]+$ ]]; }
imap() { python3 "$ROOT/scripts/bench/imap_load.py" "${IMAP[@]}" "$@"; }
while (( $# > 0 )); do
  case $1 in
    --messages) MESSAGES=${2:?--messages needs a number}; shift 2 ;;
    --batch-size) BATCH=${2:?--batch-size needs a number}; shift 2 ;;
    --port) PORT=${2:?--port needs a port}; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done
for v in MESSAGES BATCH PORT; do is_number "${!v}" || die "--${v,,} must be a number, not '${!v}'"; done
(( MESSAGES >= 1 )) || die "--messages must be at least 1"

API_PID=""
EMAIL_PID=""
DB_CREATED=0
WORK=""

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [[ -n $EMAIL_PID ]] && stop_pid "$EMAIL_PID"
  [[ -n $API_PID ]] && stop_pid "$API_PID"
  imap drop "${FOLDERS[@]}" >/dev/null 2>&1 || true
  [[ -n $WORK ]] && rm -rf "$WORK"
  if (( DB_CREATED && ! KEEP )); then
    psql_db postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 \
      || echo "bench-email: could not drop database $DB" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'echo "bench-email: failed at line $LINENO" >&2' ERR

# ---------------------------------------------------------------- prerequisites

export JAVA_HOME=${JAVA_HOME:-$("$ROOT/iwd" java-home)}
export PATH=$JAVA_HOME/bin:$PATH
have java || die "needs a JDK 21+ (./iwd bench email finds one; or set JAVA_HOME)"
have curl || die "needs curl (apt-get install curl)"
have psql || die "needs the psql client (apt-get install postgresql-client)"
have python3 || die "needs python3 to fill the mailbox over IMAP (apt-get install python3)"
if ! psql_db postgres -c 'SELECT 1' >/dev/null 2>&1 || ! port_open 143 || ! port_open 6379; then
  say "PostgreSQL, Redis or dovecot does not answer: ./iwd services start"
  "$ROOT/iwd" services start || say "services start reported failures; going on if what is needed answers"
fi
psql_db postgres -c 'SELECT 1' >/dev/null 2>&1 || die "PostgreSQL does not answer on 127.0.0.1:5432 as iwd/iwd"
port_open 143 || die "dovecot does not answer on 127.0.0.1:143 (./iwd services start)"
port_open 6379 || die "Redis does not answer on 127.0.0.1:6379 (./iwd services start)"

mkdir -p "$LOGS"
if (( BUILD )); then
  have mvn || die "needs Maven 3.8+ (apt-get install maven), or --no-build with built jars"
  say "building iwd-api and email-ingest (mvn -B -q -DskipTests -pl iwd-api,email-ingest -am package; log ${BUILD_LOG#"$ROOT"/})"
  if [[ ${MAVEN_OPTS:-} != *sun-misc-unsafe* ]] && java --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
  (cd "$ROOT" && mvn -B -q -DskipTests -pl iwd-api,email-ingest -am package) >"$BUILD_LOG" 2>&1 \
    || { tail -n 40 "$BUILD_LOG" >&2; die "the build failed (whole log: $BUILD_LOG)"; }
fi
[[ -f $API_JAR && -f $EMAIL_JAR ]] || die "no ${API_JAR#"$ROOT"/} or ${EMAIL_JAR#"$ROOT"/}: build them (drop --no-build)"
# Run copies: a build during the run must not replace the jars under the running JVMs.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/iwd-bench-email.XXXXXX")
cp "$API_JAR" "$WORK/iwd-api.jar" && cp "$EMAIL_JAR" "$WORK/email-ingest.jar" || die "cannot copy the jars to $WORK"
API_JAR=$WORK/iwd-api.jar
EMAIL_JAR=$WORK/email-ingest.jar

# ---------------------------------------------------------------- API, tenant, mailbox contents

[[ $DB =~ ^[a-z_][a-z0-9_]*$ ]] || die "$DB: the scratch database needs a plain lower-case name"
psql_db postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null || die "could not drop database $DB"
DB_CREATED=1
psql_db postgres -c "CREATE DATABASE $DB OWNER iwd" >/dev/null || die "could not create database $DB"

PORT=$(free_port "$PORT")
(( PORT != 4024 )) || PORT=$(free_port 4135)
MANAGEMENT_PORT=$(free_port "$MANAGEMENT_PORT")
EMAIL_PORT=$(free_port "$EMAIL_PORT")
(( EMAIL_PORT != MANAGEMENT_PORT )) || EMAIL_PORT=$(free_port $((MANAGEMENT_PORT + 1)))
API=http://127.0.0.1:$PORT/iwd/v3
ADMIN_KEY=$(random_key)
EMAIL_KEY=$(random_key)
ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64)
PREFIX=bench-email-$(random_key | cut -c1-8)

wait_health() {  # wait_health NAME PID PORT LOG
  local deadline=$((SECONDS + 300)) health=""
  until [[ $health =~ \"status\"[[:space:]]*:[[:space:]]*\"(UP|DEGRADED)\" ]]; do
    kill -0 "$2" 2>/dev/null || { tail -n 40 "$4" >&2; die "$1 exited during start-up (see above)"; }
    (( SECONDS < deadline )) || { tail -n 40 "$4" >&2; die "$1 not healthy on :$3 after 300 s"; }
    sleep 1
    health=$(curl -sS -m 2 "http://127.0.0.1:$3/actuator/health" 2>/dev/null) || health=""
  done
}

say "starting iwd-api on :$PORT (management :$MANAGEMENT_PORT), log ${API_LOG#"$ROOT"/}"
env SERVER_PORT="$PORT" MANAGEMENT_SERVER_PORT="$MANAGEMENT_PORT" \
  IWD_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" IWD_DB_USER=iwd IWD_DB_PASSWORD=iwd \
  IWD_ADMIN_API_KEY="$ADMIN_KEY" IWD_DATAMART_API_KEY= IWD_EMAIL_API_KEY="$EMAIL_KEY" \
  IWD_MAILBOX_ENCRYPTION_KEY="$ENCRYPTION_KEY" IWD_SEARCH_BACKEND=postgres IWD_REDIS_URL=redis://127.0.0.1:6379 \
  java -Xmx1g -jar "$API_JAR" --iwd.api.redis.key-prefix="$PREFIX" --iwd.api.redis.requests-per-second-per-key=0 \
  </dev/null >"$API_LOG" 2>&1 &
API_PID=$!
wait_health iwd-api "$API_PID" "$MANAGEMENT_PORT" "$API_LOG"
TENANT_KEY=$(http POST provisioning "$ADMIN_KEY" "{\"id\":\"$TENANT\",\"name\":\"Benchmark\",\"timeZone\":\"Europe/Paris\"}" \
  | sed -n 's/.*"tenant"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p') || die "could not provision tenant $TENANT"
[[ -n $TENANT_KEY ]] || die "no tenant key in the provisioning answer"

imap drop "${FOLDERS[@]}" >/dev/null 2>&1 || true
say "appending $MESSAGES messages to dovecot's mailtest/BenchInbox over IMAP (untimed)"
started=$(now_ns)
imap fill BenchInbox "$MESSAGES" || die "could not fill BenchInbox"
say "loaded in $(awk -v a="$started" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }') s"

say "starting email-ingest (management :$EMAIL_PORT), log ${EMAIL_LOG#"$ROOT"/}"
env SERVER_PORT="$EMAIL_PORT" IWD_API_URL="$API" IWD_EMAIL_API_KEY="$EMAIL_KEY" IWD_REDIS_URL=redis://127.0.0.1:6379 \
  java -Xmx512m -jar "$EMAIL_JAR" --iwd.email.redis.key-prefix="$PREFIX" --iwd.email.mailboxes.reload-interval=1s \
  --iwd.email.inbound.batch-size="$BATCH" \
  </dev/null >"$EMAIL_LOG" 2>&1 &
EMAIL_PID=$!
wait_health email-ingest "$EMAIL_PID" "$EMAIL_PORT" "$EMAIL_LOG"

api_cpu0=$(cpu_ticks "$API_PID"); email_cpu0=$(cpu_ticks "$EMAIL_PID")
started=$(now_ns)
http POST mailboxes "$TENANT_KEY" "{\"id\":\"bench\",\"name\":\"Benchmark\",\"type\":\"imap\",
  \"address\":\"mailtest@example.test\",\"pollInterval\":\"PT5S\",
  \"inbound\":{\"host\":\"127.0.0.1\",\"port\":143,\"security\":\"none\",\"user\":\"mailtest\",\"auth\":\"password\",
  \"password\":\"secret\",\"folders\":{\"inbox\":\"BenchInbox\",\"processed\":\"BenchProcessed\",
  \"unparsable\":\"BenchUnparsable\"}}}" >/dev/null || die "could not create the mailbox"
say "mailbox created; waiting for $MESSAGES processed messages"
processed=0
while (( processed < MESSAGES )); do
  kill -0 "$EMAIL_PID" 2>/dev/null || { tail -n 40 "$EMAIL_LOG" >&2; die "email-ingest died"; }
  sleep 0.5
  processed=$(curl -sS -m 5 "http://127.0.0.1:$EMAIL_PORT/actuator/prometheus" 2>/dev/null \
    | awk '/^iwdEmail_inbound_emails_processed_total\{.*mailbox="bench"/ { v = $NF } END { printf "%d", v }') || processed=0
done
ended=$(now_ns)
api_cpu=$(( $(cpu_ticks "$API_PID") - api_cpu0 )); email_cpu=$(( $(cpu_ticks "$EMAIL_PID") - email_cpu0 ))
seconds=$(awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')

# ---------------------------------------------------------------- checks

read -r items unparsable unique < <(python3 - "$API" "$TENANT_KEY" <<'PY'
import json, sys, urllib.request
api, key = sys.argv[1], sys.argv[2]
items, unparsable, tasks, after = 0, 0, set(), None
while True:
    url = f"{api}/emails?mailboxId=bench&limit=1000" + (f"&after={after}" if after else "")
    with urllib.request.urlopen(urllib.request.Request(url, headers={"x-api-key": key}), timeout=60) as r:
        page = json.load(r)
    for item in page["items"]:
        items += 1
        unparsable += bool(item.get("unparsable"))
        if item.get("taskId") is not None:
            tasks.add(item["taskId"])
    after = page.get("next")
    if not after:
        break
print(items, unparsable, len(tasks))
PY
) || die "cannot list the email items through the API"
left=$(imap count BenchInbox) || die "cannot count BenchInbox"
(( items == MESSAGES )) || die "the API holds $items email items, not $MESSAGES"
(( unique == MESSAGES )) || die "$unique distinct tasks for $MESSAGES messages ($unparsable unparsable)"
(( left == 0 )) || die "$left messages left in BenchInbox"

CLK=$(getconf CLK_TCK 2>/dev/null || echo 100)
cat <<EOF2

bench-email: $MESSAGES messages from dovecot (IMAP, one mailbox, batch $BATCH) into $MESSAGES email items and tasks
  time        ${seconds} s from the mailbox's creation to the last message processed
  throughput  $(awk -v n="$MESSAGES" -v s="$seconds" 'BEGIN { printf "%.0f", n / s }') messages/s
  cpu         email-ingest $(awk -v t="$email_cpu" -v c="$CLK" -v s="$seconds" 'BEGIN { printf "%.2f", t / c / s }') cores, iwd-api $(awk -v t="$api_cpu" -v c="$CLK" -v s="$seconds" 'BEGIN { printf "%.2f", t / c / s }') cores (of $CORES)
  checked     $items items ($unparsable unparsable), $unique distinct tasks, BenchInbox empty
EOF2
