#!/usr/bin/env bash
# Benchmark: task creation through the API against its SQL floor.  Usually run as ./iwd bench api [OPTIONS].
#
#  1. PostgreSQL and Redis (./iwd services start when either does not answer); the iwd-api jar; a fresh database
#     iwd_bench; the API on free ports (4124/10152 by default, never 4024) with a random admin key.
#  2. A tenant with a solution, department, process, category, queue and capture point. Every task names the
#     process, so each create is the realistic classified path: insert the task and its Created event, then
#     update it to Queued and append the Queued event, in one transaction.
#     The database gets a history first (--history finished tasks with positioned events, analysed), so that
#     the tables and the planner's statistics look like a database in use, not an empty one.
#  3. Floor: pgbench with a custom script doing what a create is in SQL at its minimum, one task row and one
#     task_event row per transaction, 2 x cores clients, tps without connection time. Its rows are deleted
#     (and the tables vacuumed) before the API run. The API's feed sequencer is idle meanwhile (see below).
#  4. API: scripts/bench/ApiLoad.java, open loop at RATIO x floor (or --rate), an unrecorded warm-up at the same
#     rate (its open requests finish before the measured run starts), then DURATION s; latency from each request's
#     intended start (no coordinated omission).
#  5. A summary; the API is stopped and iwd_bench dropped on exit, whatever happens.
#
# The per-key rate limit (iwd.api.redis.requests-per-second-per-key, 200 by default) would refuse most of the
# load: the API runs with --rate-limit (default 1000000), i.e. the Redis limiter stays in the request path as in
# production but never refuses; --rate-limit 0 switches it off (no Redis round trip), to measure its cost.
#
# The feed sequencer positions every unpositioned event in the database, the floor's too, and would load the
# database during the floor. The API therefore runs with iwd.api.feed.sequencer-interval=1h: without writes it
# stays idle; every API write still nudges it right after commit, so the API run is unchanged.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
LOGS=$ROOT/.iwd/logs
API_LOG=$LOGS/bench-api.log
BUILD_LOG=$LOGS/build-bench.log
JAR=${IWD_BENCH_JAR:-$ROOT/iwd-api/target/iwd-api-exec.jar}
DB=${IWD_BENCH_DB:-iwd_bench}
TENANT=bench
FLOOR_TENANT=bench-floor
HISTORY_TENANT=bench-history
CORES=$(nproc 2>/dev/null || echo 2)
# This run's own names in the shared Redis and Elasticsearch, removed on exit: the API's Redis key prefix and the
# search index prefix (a tenant's alias is <prefix>-<tenant>).
RUN_PREFIX=iwd-bench-$(date +%s)-$$

DURATION=60
WARMUP=30
WARMUP_FROM=0.3
RATIO=0.4
RATE=""
CLIENTS=$((2 * CORES))
RATE_LIMIT=1000000
PORT=4124
MANAGEMENT_PORT=10152
GOAL_P99_MS=50
BUILD=1
PROFILE=0
WAIT_QUIET=0
SQL_PATH=0
SEARCH=0
ES_URL=http://127.0.0.1:9200
SQL_PATH_LINE=""
FLOOR=1
KEEP=0
HISTORY=100000
JVM_OPTS=("@$ROOT/iwd-api/jvm.options")   # the JVM options the image and ./iwd up run the API with
API_ARGS=()
LOAD_ARGS=()
LOAD_JVM=()

usage() {
  cat <<'EOF'
usage: ./iwd bench api [OPTIONS]
  --duration S         seconds of the floor run and of the measured API run (60)
  --warmup S           unrecorded seconds of API load before the measured run (30; 0: none)
  --warmup-from F      the warm-up's rate rises linearly from F x the offered rate to it (0.3; 1: flat), so that
                       the cold JIT is not driven into a backlog that the measured run would inherit
  --ratio R            offered API rate as a fraction of the floor's tps (0.4)
  --rate N             offered API rate in requests/s (instead of --ratio)
  --clients N          pgbench clients (2 x cores)
  --rate-limit N       the API's requests per second per tenant key (1000000: on but never refusing; 0: off)
  --port P             the API's HTTP port (4124, or the next free one)
  --management-port P  its management port (10152, or the next free one)
  --goal-p99-ms N      the p99 goal (50)
  --no-build           use the iwd-api jar already built
  --wait-quiet S       before each run wait up to S s for other processes to use < 0.25 cores (0: do not wait)
  --history N          finished tasks (2 events each) already in the database before the runs (100000)
  --no-floor           skip the floor (needs --rate): for experiments on the API alone
  --keep               keep the scratch database afterwards (for pgbench or psql experiments on its tables)
  --sql-path           also pgbench the SQL of a classified create (one statement per transaction), as a second floor
  --search             the production search backend: Elasticsearch, fed by the search outbox (started with
                       ./iwd services start when it does not answer); without it the API runs with the postgres
                       backend, which writes no outbox
  --profile            record the measured run with Java Flight Recorder and print the hot spots
  --jvm-opt OPT        an option for the API's JVM (repeatable), e.g. --jvm-opt -Xmx1g
  --api-opt ARG        an argument for the API (repeatable), e.g. --api-opt --spring.datasource.hikari.maximum-pool-size=10
  --load-opt ARG       an argument for scripts/bench/ApiLoad.java (repeatable), e.g. --load-opt --client=jdk
  --load-jvm-opt OPT   an option for the load generator's JVM (repeatable), e.g. --load-jvm-opt -XX:+UseParallelGC
env: IWD_BENCH_DB (iwd_bench) the scratch database, dropped and created again
     IWD_BENCH_JAR (iwd-api/target/iwd-api-exec.jar) the API jar; with --no-build, a saved copy lets the working
     tree be rebuilt while the benchmark runs
EOF
}

die() { echo "bench-api: $*" >&2; exit 1; }
say() { echo "bench-api: $*"; }
# shellcheck source=bench/common.sh
source "$ROOT/scripts/bench/common.sh"
is_number() { [[ $1 =~ ^[0-9]+([.][0-9]+)?$ ]]; }

while (( $# > 0 )); do
  case $1 in
    --duration) DURATION=${2:?--duration needs seconds}; shift 2 ;;
    --warmup) WARMUP=${2:?--warmup needs seconds}; shift 2 ;;
    --warmup-from) WARMUP_FROM=${2:?--warmup-from needs a fraction}; shift 2 ;;
    --ratio) RATIO=${2:?--ratio needs a number}; RATE=""; shift 2 ;;
    --rate) RATE=${2:?--rate needs a number}; shift 2 ;;
    --clients) CLIENTS=${2:?--clients needs a number}; shift 2 ;;
    --rate-limit) RATE_LIMIT=${2:?--rate-limit needs a number}; shift 2 ;;
    --port) PORT=${2:?--port needs a port}; shift 2 ;;
    --management-port) MANAGEMENT_PORT=${2:?--management-port needs a port}; shift 2 ;;
    --goal-p99-ms) GOAL_P99_MS=${2:?--goal-p99-ms needs a number}; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --profile) PROFILE=1; shift ;;
    --sql-path) SQL_PATH=1; shift ;;
    --keep) KEEP=1; shift ;;
    --search) SEARCH=1; shift ;;
    --no-floor) FLOOR=0; shift ;;
    --history) HISTORY=${2:?--history needs a number}; shift 2 ;;
    --wait-quiet) WAIT_QUIET=${2:?--wait-quiet needs seconds}; shift 2 ;;
    --jvm-opt) JVM_OPTS+=("${2:?--jvm-opt needs an option}"); shift 2 ;;
    --api-opt) API_ARGS+=("${2:?--api-opt needs an argument}"); shift 2 ;;
    --load-opt) LOAD_ARGS+=("${2:?--load-opt needs an argument}"); shift 2 ;;
    --load-jvm-opt) LOAD_JVM+=("${2:?--load-jvm-opt needs an option}"); shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done
for v in DURATION WARMUP WARMUP_FROM RATIO CLIENTS RATE_LIMIT PORT MANAGEMENT_PORT GOAL_P99_MS WAIT_QUIET HISTORY; do
  v_name=${v,,}; is_number "${!v}" || die "--${v_name//_/-} must be a number, not '${!v}'"
done
[[ -z $RATE ]] || is_number "$RATE" || die "--rate must be a number, not '$RATE'"
(( FLOOR )) || [[ -n $RATE ]] || die "--no-floor needs --rate"
[[ ${DURATION%.*} -ge 1 && $CLIENTS -ge 1 ]] || die "--duration and --clients must be at least 1"
[[ $DB =~ ^[a-z_][a-z0-9_]*$ ]] || die "IWD_BENCH_DB must be a plain lower-case database name"

# ---------------------------------------------------------------- helpers

# checkpoint: starts each run on a fresh checkpoint cycle; needs a superuser, silently skipped without one.
checkpoint() {
  psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -X -w -q -c CHECKPOINT >/dev/null 2>&1 || true
}

redis_up() {
  if have redis-cli; then [[ $(timeout 3 redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null) == PONG ]]
  else port_open 6379; fi
}

pg_up() { psql_db postgres -c 'SELECT 1' >/dev/null 2>&1; }

pgbench_ok() { pgbench --version >/dev/null 2>&1; }   # Debian's /usr/bin/pgbench wrapper exists without it

json_field() { sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p" | head -n 1; }

# ---------------------------------------------------------------- cleanup on exit

API_PID=""
CHILD_PID=""   # pgbench or the load generator, while one runs
WORK=""
DB_CREATED=0

stop_api() {
  local i
  [[ -n $API_PID ]] || return 0
  if kill -0 "$API_PID" 2>/dev/null; then
    kill -TERM "$API_PID" 2>/dev/null || true
    for ((i = 0; i < 60; i++)); do kill -0 "$API_PID" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$API_PID" 2>/dev/null && kill -KILL "$API_PID" 2>/dev/null
    wait "$API_PID" 2>/dev/null || true
  fi
  API_PID=""
}

# remove_run_names: this run's Redis keys and Elasticsearch indices (names under RUN_PREFIX only).
remove_run_names() {
  local indices
  if have redis-cli; then
    timeout 30 redis-cli -h 127.0.0.1 -p 6379 --scan --pattern "$RUN_PREFIX:*" 2>/dev/null \
      | timeout 30 xargs -r -n 500 redis-cli -h 127.0.0.1 -p 6379 del >/dev/null 2>&1 || true
  fi
  if (( SEARCH )); then
    indices=$(curl -sS -m 10 "$ES_URL/_cat/indices/$RUN_PREFIX-*?h=index" 2>/dev/null | tr -s ' \n' ',' ) || indices=""
    indices=${indices#,}; indices=${indices%,}
    [[ -z $indices ]] || curl -sS -m 30 -X DELETE "$ES_URL/$indices" >/dev/null 2>&1 \
      || echo "bench-api: could not delete the Elasticsearch indices $indices" >&2
  fi
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n $CHILD_PID ]] && kill -0 "$CHILD_PID" 2>/dev/null; then
    kill -TERM "$CHILD_PID" 2>/dev/null || true
    wait "$CHILD_PID" 2>/dev/null || true
  fi
  stop_api
  remove_run_names
  if (( DB_CREATED && !KEEP )); then
    psql_db postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 \
      || echo "bench-api: could not drop database $DB" >&2
  fi
  [[ -n $WORK ]] && rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- prerequisites

export JAVA_HOME=${JAVA_HOME:-$("$ROOT/iwd" java-home)}
export PATH=$JAVA_HOME/bin:$PATH
have java || die "needs a JDK 21+ (./iwd bench api finds one; or set JAVA_HOME)"
have curl || die "needs curl (apt-get install curl)"
have psql || die "needs the psql client (apt-get install postgresql-client)"

if ! pg_up || ! redis_up; then
  say "PostgreSQL or Redis does not answer: ./iwd services start"
  "$ROOT/iwd" services start || say "services start reported failures; going on if PostgreSQL and Redis answer"
  pg_up || die "PostgreSQL does not answer on 127.0.0.1:5432 as iwd/iwd (./iwd services start)"
  redis_up || die "Redis does not answer on 127.0.0.1:6379 (./iwd services start)"
else
  say "PostgreSQL 127.0.0.1:5432 and Redis 127.0.0.1:6379 answer"
fi
es_up() { curl -sf -m 3 "$ES_URL/_cluster/health" >/dev/null 2>&1; }
if (( SEARCH )); then
  if ! es_up; then
    say "Elasticsearch does not answer ($ES_URL): ./iwd services start"
    "$ROOT/iwd" services start || true
    es_up || die "--search needs Elasticsearch on $ES_URL (./iwd services start)"
  fi
  SEARCH_LINE="elasticsearch at $ES_URL, fed by the search outbox; index prefix $RUN_PREFIX"
  SEARCH_ENV=(IWD_SEARCH_BACKEND=elasticsearch IWD_ES_URL="$ES_URL")
  SEARCH_ARGS=(--iwd.api.search.index-prefix="$RUN_PREFIX" --iwd.api.search.index-replicas=0)
else
  SEARCH_LINE="postgres (no outbox; --search for Elasticsearch and its outbox)"
  SEARCH_ENV=(IWD_SEARCH_BACKEND=postgres)
  SEARCH_ARGS=()
fi

if ! pgbench_ok; then
  if (( EUID == 0 )) && have apt-get; then
    say "pgbench missing: apt-get install postgresql-contrib (Debian ships pgbench in the server package)"
    mkdir -p "$LOGS"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        postgresql-contrib; } </dev/null >>"$LOGS/apt-bench.log" 2>&1 || true
  fi
  pgbench_ok || die "needs pgbench: on Debian 12 apt-get install postgresql-contrib (package postgresql-15 \
holds it; /usr/bin/pgbench alone is only a wrapper)"
fi

mkdir -p "$LOGS"
if (( BUILD )); then
  have mvn || die "needs Maven 3.8+ (apt-get install maven), or --no-build with a built jar"
  say "building iwd-api (mvn -B -q -DskipTests -pl iwd-api -am package; log ${BUILD_LOG#"$ROOT"/})"
  if [[ ${MAVEN_OPTS:-} != *sun-misc-unsafe* ]] && java --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
  if ! (cd "$ROOT" && mvn -B -q -DskipTests -pl iwd-api -am package) >"$BUILD_LOG" 2>&1; then
    tail -n 40 "$BUILD_LOG" >&2
    die "the build failed (whole log: $BUILD_LOG)"
  fi
fi
[[ -f $JAR ]] || die "no ${JAR#"$ROOT"/}: build it (drop --no-build)"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/iwd-bench.XXXXXX")
(( PROFILE )) && JVM_OPTS+=(-XX:FlightRecorderOptions:stackdepth=256)   # Spring's stacks are deeper than 64

# ---------------------------------------------------------------- database and API

say "database $DB: dropped if present, created afresh"
psql_db postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null \
  || die "could not drop database $DB (is something else using it?)"
DB_CREATED=1
psql_db postgres -c "CREATE DATABASE $DB OWNER iwd" >/dev/null || die "could not create database $DB"

PORT=$(free_port "$PORT")
MANAGEMENT_PORT=$(free_port "$MANAGEMENT_PORT")
(( PORT != 4024 )) || PORT=$(free_port 4124)
API=http://127.0.0.1:$PORT/iwd/v3
ADMIN_KEY=$(openssl rand -hex 24 2>/dev/null || od -An -tx1 -N24 /dev/urandom | tr -d ' \n')

say "starting iwd-api on :$PORT (management :$MANAGEMENT_PORT), log ${API_LOG#"$ROOT"/}"
env SERVER_PORT="$PORT" MANAGEMENT_SERVER_PORT="$MANAGEMENT_PORT" \
  IWD_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" IWD_DB_USER=iwd IWD_DB_PASSWORD=iwd \
  IWD_REDIS_URL=redis://127.0.0.1:6379 IWD_ADMIN_API_KEY="$ADMIN_KEY" IWD_DATAMART_API_KEY= IWD_EMAIL_API_KEY= \
  "${SEARCH_ENV[@]}" \
  java "${JVM_OPTS[@]}" -jar "$JAR" \
    --iwd.api.redis.requests-per-second-per-key="$RATE_LIMIT" \
    --iwd.api.redis.key-prefix="$RUN_PREFIX" \
    "${SEARCH_ARGS[@]}" \
    --iwd.api.feed.sequencer-interval=1h \
    "${API_ARGS[@]}" </dev/null >"$API_LOG" 2>&1 &
API_PID=$!

deadline=$((SECONDS + 120))
health=""
until [[ $health =~ \"status\"[[:space:]]*:[[:space:]]*\"UP\" ]]; do
  if ! kill -0 "$API_PID" 2>/dev/null; then
    echo "---- last 40 lines of ${API_LOG#"$ROOT"/}" >&2; tail -n 40 "$API_LOG" >&2
    API_PID=""
    die "iwd-api exited during start-up (see above)"
  fi
  if (( SECONDS >= deadline )); then
    echo "---- last 40 lines of ${API_LOG#"$ROOT"/}" >&2; tail -n 40 "$API_LOG" >&2
    die "iwd-api not healthy (UP) on :$MANAGEMENT_PORT after 120 s; last health: ${health:-no answer}"
  fi
  sleep 1
  health=$(curl -sS -m 2 "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health" 2>/dev/null) || health=""
done
say "iwd-api UP (pid $API_PID; Redis rate limit per key: $RATE_LIMIT/s$( (( RATE_LIMIT == 0 )) && echo ', i.e. off'); Redis key prefix $RUN_PREFIX; search $SEARCH_LINE)"

# ---------------------------------------------------------------- tenant and configuration

out=$(http POST provisioning "$ADMIN_KEY" "{\"id\":\"$TENANT\",\"name\":\"Benchmark\",\"timeZone\":\"Europe/Paris\"}") \
  || die "could not provision tenant $TENANT"
TENANT_KEY=$(json_field tenant <<<"$out")
[[ -n $TENANT_KEY ]] || die "no tenant key in the provisioning answer: $out"
for spec in \
  'solutions|{"id":"back-office","name":"Back office"}' \
  'departments|{"id":"claims","name":"Claims","parentId":"back-office"}' \
  'processes|{"id":"claims-review","name":"Claims review","parentId":"claims"}' \
  'categories|{"id":"motor","name":"Motor"}' \
  'queues|{"id":"claims-queue","name":"Claims queue"}' \
  'capture-points|{"id":"web-portal","name":"Web portal"}'; do
  http POST "${spec%%|*}" "$TENANT_KEY" "${spec#*|}" >/dev/null || die "could not create ${spec%%|*} in tenant $TENANT"
done
out=$(http POST tasks "$TENANT_KEY" '{"captureId":"bench-smoke","capturePointId":"web-portal","processId":"claims-review","queueId":"claims-queue","priority":3}') \
  || die "the smoke-test task was refused"
[[ $(json_field status <<<"$out") == Queued ]] || die "the smoke-test task is not Queued: $out"
say "tenant $TENANT: solution back-office, department claims, process claims-review, category motor, queue claims-queue, capture point web-portal; a task naming the process is Created and Queued"

# ---------------------------------------------------------------- history

# Finished tasks of another tenant, each with a Created and a Completed event already in the feed: the API's
# sequencer has nothing to do for them. Positions are taken under the sequencer's row lock, as it does.
if (( HISTORY > 0 )); then
  say "history: $HISTORY finished tasks with $((2 * HISTORY)) positioned events (tenant $HISTORY_TENANT)"
  psql_db "$DB" -v n="$HISTORY" -v tenant="$HISTORY_TENANT" >/dev/null <<'SQL' || die "could not write the history"
BEGIN;
INSERT INTO tenant (tenant_id, name, time_zone) VALUES (:'tenant', 'Benchmark history', 'UTC');
INSERT INTO task (tenant_id, capture_point_id, capture_id, status, version, solution_id, department_id, process_id,
    category_id, queue_id, agent_id, media_type, priority, business_value, due_at, source_created_at, subject,
    description, customer, attributes, result_code, created_at, updated_at, last_event_at)
SELECT :'tenant', 'web-portal', 'history-' || g, 'Completed', 2, 'back-office', 'claims', 'claims-review', 'motor',
    'claims-queue', 'agent-' || g % 50, 'workitem', 1 + g % 5, 10 * (1 + g % 10), at + interval '4 hours',
    at - interval '30 seconds', 'Claim ' || g || ': customer asks for a review of the settlement',
    'The customer disputes the settlement amount of claim ' || g || ' and attaches two repair estimates. Please '
      || 'check the policy limits, compare the estimates with the assessor''s report and call the customer back.',
    jsonb_build_object('id', 'C-' || 100000 + g % 900000, 'name', 'Customer ' || g, 'email', 'c-' || g || '@example.test',
      'segment', 'gold'),
    jsonb_build_object('policyNumber', 'P-' || lpad((g % 100000000)::text, 8, '0'), 'claimAmount', g % 99999 / 100.0,
      'channel', 'web', 'vip', g % 20 = 0, 'region', 'region-' || g % 8 + 1),
    'solved', at, at + interval '20 minutes', at + interval '20 minutes'
FROM generate_series(1, :n) g, LATERAL (SELECT now() - interval '30 days' + g * interval '20 seconds' AS at) t;
SELECT last_position AS last FROM feed_sequencer WHERE feed = 'task' FOR UPDATE \gset
-- Positioned here, so not queued for the sequencer (the lock on task_event keeps the trigger off for this
-- transaction only).
ALTER TABLE task_event DISABLE TRIGGER task_event_queue_for_feed;
WITH appended AS (
INSERT INTO task_event (tenant_id, task_id, capture_id, capture_point_id, task_version, type, status,
    occurred_at, solution_id, department_id, process_id, category_id, queue_id, agent_id, media_type, priority,
    business_value, due_at, source_created_at, result_code, attributes, work_time_sec)
SELECT t.tenant_id, t.task_id, t.capture_id,
    t.capture_point_id, e.n, e.type, e.status, CASE e.n WHEN 1 THEN t.created_at ELSE t.updated_at END,
    t.solution_id, t.department_id, t.process_id, t.category_id, t.queue_id, CASE e.n WHEN 2 THEN t.agent_id END,
    t.media_type, t.priority, t.business_value, t.due_at, t.source_created_at,
    CASE e.n WHEN 2 THEN t.result_code END, t.attributes, CASE e.n WHEN 2 THEN 1200 ELSE 0 END
FROM task t CROSS JOIN (VALUES (1, 'Created', 'New'), (2, 'Completed', 'Completed')) e(n, type, status)
WHERE t.tenant_id = :'tenant'
ORDER BY t.task_id, e.n
RETURNING tenant_id, event_id, task_id, task_version
)
INSERT INTO task_event_position (tenant_id, feed_id, event_id)
SELECT tenant_id, :last + 2 * (dense_rank() OVER (ORDER BY task_id)) - 2 + task_version, event_id FROM appended;
ALTER TABLE task_event ENABLE TRIGGER task_event_queue_for_feed;
UPDATE feed_sequencer SET last_position = :last + 2 * :n WHERE feed = 'task';
COMMIT;
SQL
  psql_db "$DB" -c "VACUUM (ANALYZE) task" -c "VACUUM (ANALYZE) task_event" -c "VACUUM (ANALYZE) task_event_position" \
    >/dev/null || die "could not vacuum the history"
fi

# ---------------------------------------------------------------- floor: pgbench

DESCRIPTION="The customer disputes the settlement amount of claim ' || :r || ' and attaches two repair estimates. Please check the policy limits, compare the estimates with the assessor''s report and call the customer back before the due time."
# The statements of a create, as TaskRepository and TaskEventLog run them. Values vary per transaction, JSON
# included, so nothing is folded into the prepared plan; the tenant is a parameter as in the API (a literal
# tenant would let the planner pick the tenant's index for "tenant_id = X AND task_id = Y"). (pgbench takes ':name' as a variable even inside quotes:
# the JSON has a space after each colon.)
SQL_VARIABLES='\set r random(1, 999999999999999999)
\set prio random(1, 5)
\set bv 10 * random(1, 10)
\set amount random(100, 999999)'
sql_insert_task() {  # sql_insert_task STATUS VERSION RETURNING: TaskRepository.insertIfAbsent
  echo "INSERT INTO task (tenant_id, capture_point_id, capture_id, status, version, solution_id, department_id, process_id,
    category_id, queue_id, media_type, priority, business_value, due_at, activation_at, source_created_at, subject,
    description, customer, attributes, created_at, updated_at, last_event_at)
VALUES (:tenant, 'web-portal', 'floor-' || :client_id || '-' || :r, '$1', $2, 'back-office', 'claims',
    'claims-review', 'motor', 'claims-queue', 'workitem', :prio, :bv, now() + interval '4 hours', NULL,
    now() - interval '30 seconds', 'Claim ' || :r || ': customer asks for a review of the settlement',
    '$DESCRIPTION',
    CAST('{\"id\": \"C-' || (CAST(:r AS bigint) % 900000 + 100000) || '\", \"name\": \"Customer '
      || (CAST(:r AS bigint) % 900000 + 100000) || '\", \"email\": \"c-' || (CAST(:r AS bigint) % 900000 + 100000)
      || '@example.test\", \"segment\": \"gold\"}' AS jsonb),
    CAST('{\"policyNumber\": \"P-' || lpad(CAST(CAST(:r AS bigint) % 100000000 AS text), 8, '0')
      || '\", \"claimAmount\": ' || CAST(:amount AS integer) / 100.0 || ', \"channel\": \"web\", \"vip\": false, '
      || '\"region\": \"region-' || (CAST(:r AS bigint) % 8 + 1) || '\"}' AS jsonb),
    now(), now(), now())
ON CONFLICT (tenant_id, capture_point_id, capture_id) DO NOTHING
RETURNING $3 \\gset"
}
sql_append_event() {  # sql_append_event TYPE: TaskEventLog.append's INSERT ... SELECT
  cat <<SQL
INSERT INTO task_event (tenant_id, task_id, capture_id, capture_point_id, task_version, type, status, occurred_at,
    solution_id, department_id, process_id, category_id, queue_id, previous_queue_id, agent_id, previous_agent_id,
    media_type, priority, business_value, due_at, activation_at, source_created_at, result_code, reason,
    attributes, work_time_sec, held_time_sec)
SELECT tenant_id, task_id, capture_id, capture_point_id, version, '$1', status, now(), solution_id,
    department_id, process_id, category_id, queue_id, NULL, agent_id, NULL, media_type, priority, business_value,
    due_at, activation_at, source_created_at, result_code, reason, attributes, 0, 0
FROM task WHERE task_id = :task_id
RETURNING tenant_id;
SQL
}
# The floor: a task row and its event row, one transaction.
{
  echo "-- The floor: one task row and its Created event, as TaskRepository.insertIfAbsent and TaskEventLog.append"
  echo "-- write them, in one transaction."
  echo "$SQL_VARIABLES"; echo "BEGIN;"; sql_insert_task New 1 task_id; sql_append_event Created; echo "END;"
} >"$WORK/floor.sql"
# The whole SQL of a classified create, as TaskService.create runs it: one statement that inserts the task Queued
# and returns it as stored, with its Created and Queued events inserted from the inserted row
# (TaskRepository.insertIfAbsent with TaskEventLog.CREATION_EVENTS). What the database must do per POST /tasks,
# without the sequencer's positioning of the two events after commit.
{
  echo "-- Every statement of a classified create, as TaskService runs it, in one transaction."
  echo "$SQL_VARIABLES"; echo "BEGIN;"
  echo "WITH inserted AS ("
  sql_insert_task Queued 2 '*' | sed 's/ \\gset$//'
  cat <<SQL
), creation_events AS (
INSERT INTO task_event (tenant_id, task_id, capture_id, capture_point_id, task_version, type, status, occurred_at,
    solution_id, department_id, process_id, category_id, queue_id, previous_queue_id, agent_id, previous_agent_id,
    media_type, priority, business_value, due_at, activation_at, source_created_at, result_code, reason,
    attributes, work_time_sec, held_time_sec)
SELECT t.tenant_id, t.task_id, t.capture_id, t.capture_point_id, e.version, e.type,
    CASE e.version WHEN 1 THEN 'New' ELSE t.status END, now(), t.solution_id, t.department_id, t.process_id,
    t.category_id, t.queue_id, CASE e.version WHEN 1 THEN NULL ELSE t.queue_id END, t.agent_id,
    CASE e.version WHEN 1 THEN NULL ELSE t.agent_id END, t.media_type, t.priority, t.business_value, t.due_at,
    t.activation_at, t.source_created_at, t.result_code, CASE e.version WHEN 1 THEN NULL ELSE t.reason END,
    t.attributes, 0, 0
FROM inserted t CROSS JOIN (VALUES (1, 'Created'), (2, 'Queued')) e(version, type)
WHERE e.version <= t.version
ORDER BY e.version
)
SELECT * FROM inserted;
SQL
  echo "END;"
} >"$WORK/sql-path.sql"

wal_lsn() { psql_db postgres -c "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint" 2>/dev/null || echo 0; }
CLK=$(getconf CLK_TCK 2>/dev/null || echo 100)

# run_pgbench NAME SCRIPT: runs pgbench; sets PG_TPS, PG_LATENCY, PG_CPU (a line about CPU and WAL). The CPU of
# pgbench and of its backends is sampled every half second while it runs (the backends exit with it).
run_pgbench() {
  local name=$1 script=$2 out=$WORK/$1.out pid t pgb db_ticks=0 m_busy0 m_total0 m_busy1 m_total1 t0 t1 wal0 wal1 txns
  local -A ticks=()
  local backends
  checkpoint
  wal0=$(wal_lsn)
  read -r m_busy0 m_total0 < <(machine_ticks)
  t0=$(date +%s%N)
  PGPASSWORD=iwd pgbench -h 127.0.0.1 -p 5432 -U iwd -n -M prepared -c "$CLIENTS" -j "$JOBS" -T "${DURATION%.*}" \
    -D tenant="$FLOOR_TENANT" -f "$script" "$DB" >"$out" 2>&1 &
  pgb=$!
  CHILD_PID=$pgb
  sleep 1
  backends=$(psql_db "$DB" -c "SELECT string_agg(pid::text, ' ') FROM pg_stat_activity
    WHERE datname = '$DB' AND application_name = 'pgbench'") || backends=""
  while kill -0 "$pgb" 2>/dev/null; do
    for pid in $backends "pgbench:$pgb"; do
      t=$(cpu_ticks "${pid#pgbench:}" 2>/dev/null) && ticks[$pid]=$t
    done
    sleep 0.5
  done
  read -r m_busy1 m_total1 < <(machine_ticks)
  t1=$(date +%s%N)
  wal1=$(wal_lsn)
  wait "$pgb" || { cat "$out" >&2; die "pgbench ($name) failed"; }
  CHILD_PID=""
  grep -E '^(number of (transactions actually processed|failed)|latency average|tps)' "$out" | sed "s/^/  pgbench $name: /"
  PG_TPS=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$out")
  [[ -n $PG_TPS ]] || { cat "$out" >&2; die "no tps in pgbench's output ($name)"; }
  PG_LATENCY=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$out")
  txns=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out")
  for pid in "${!ticks[@]}"; do [[ $pid == pgbench:* ]] || db_ticks=$((db_ticks + ticks[$pid])); done
  PG_CPU=$(awk -v db="$db_ticks" -v pb="${ticks[pgbench:$pgb]:-0}" -v n="${txns:-0}" -v c="$CLK" \
    -v mb="$((m_busy1 - m_busy0))" -v mt="$((m_total1 - m_total0))" -v cores="$CORES" \
    -v ms="$(( (t1 - t0) / 1000000 ))" -v wal="$((wal1 - wal0))" 'BEGIN {
      busy = mt > 0 ? cores * mb / mt : 0; others = busy - (db + pb) / c / (ms / 1000); if (others < 0) others = 0
      printf "machine %.0f%% busy; PostgreSQL backends %.3f ms/txn, pgbench %.3f ms/txn; WAL %.1f kB/txn; other processes ~%.2f cores",
        100 * busy / cores, (n ? 1000 * db / c / n : 0), (n ? 1000 * pb / c / n : 0), (n ? wal / 1024 / n : 0), others }')
  say "$name: $PG_CPU"
}

# remove_floor_rows: the pgbench rows go, and the tables are vacuumed, so they do not weigh on the next run.
remove_floor_rows() {
  psql_db "$DB" -c "DELETE FROM task WHERE tenant_id = '$FLOOR_TENANT'" \
    -c "DELETE FROM task_event_pending p WHERE NOT EXISTS (SELECT FROM task_event e WHERE e.event_id = p.event_id)" \
    >/dev/null || die "could not delete the floor's rows"
  psql_db "$DB" -c "VACUUM (ANALYZE) task" -c "VACUUM (ANALYZE) task_event" -c "VACUUM (ANALYZE) task_event_pending" \
    >/dev/null || die "could not vacuum after the floor"
}

psql_db "$DB" -c "INSERT INTO tenant (tenant_id, name, time_zone) VALUES ('$FLOOR_TENANT', 'Benchmark floor', 'UTC')" \
  >/dev/null || die "could not create the floor's tenant"
JOBS=$(( CLIENTS < CORES ? CLIENTS : CORES ))
FLOOR_TPS="" FLOOR_LATENCY="" FLOOR_CPU="" LOAD_BEFORE_FLOOR="not measured (--no-floor)"
if (( FLOOR )); then
  quiet_machine
  LOAD_BEFORE_FLOOR="$(load_line); $BUSY cores busy over 3 s"
  say "before the floor: $LOAD_BEFORE_FLOOR"
  say "floor: pgbench -M prepared -c $CLIENTS -j $JOBS -T ${DURATION%.*}, one task row + one task_event row per transaction"
  run_pgbench floor "$WORK/floor.sql"
  FLOOR_TPS=$PG_TPS FLOOR_LATENCY=$PG_LATENCY FLOOR_CPU=$PG_CPU
  remove_floor_rows
fi
if (( SQL_PATH )); then
  say "sql-path: pgbench, the statement of a classified create (the task inserted Queued with its Created and Queued events)"
  run_pgbench sql-path "$WORK/sql-path.sql"
  SQL_PATH_LINE="sql path (pgbench, the create's statement per txn, $CLIENTS clients): $(printf '%.0f' "$PG_TPS") tps (latency average ${PG_LATENCY:-?} ms)
  cpu in the sql-path run: $PG_CPU"
  remove_floor_rows
fi
psql_db "$DB" -c "DELETE FROM tenant WHERE tenant_id = '$FLOOR_TENANT'" >/dev/null

# ---------------------------------------------------------------- API run: open-loop load

if [[ -n $RATE ]]; then OFFERED=$RATE
else OFFERED=$(awk -v f="$FLOOR_TPS" -v r="$RATIO" 'BEGIN { printf "%.1f", f * r }'); fi
awk -v o="$OFFERED" 'BEGIN { exit !(o > 0) }' || die "offered rate $OFFERED is not positive"

DB_PIDS=$(psql_db "$DB" -c "SELECT string_agg(pid::text, ',') FROM pg_stat_activity
  WHERE datname = '$DB' AND pid <> pg_backend_pid()")
REDIS_PID=$(timeout 3 redis-cli -h 127.0.0.1 -p 6379 info server 2>/dev/null | sed -n 's/^process_id:\([0-9]*\).*/\1/p') \
  || REDIS_PID=""
API_TICKS_BEFORE=$(cpu_ticks "$API_PID")
quiet_machine
LOAD_BEFORE_API="$(load_line); $BUSY cores busy over 3 s"
say "before the API run: $LOAD_BEFORE_API"
if (( PROFILE )); then
  jcmd "$API_PID" JFR.start name=bench settings=profile method-profiling=max delay="${WARMUP%.*}s" \
    duration="${DURATION%.*}s" filename="$WORK/api.jfr" >/dev/null || die "could not start Java Flight Recorder in the API"
fi
checkpoint
TABLE_STATS_SQL="SELECT coalesce(string_agg(relname || ' ' || n_tup_ins || ' ' || n_tup_upd || ' ' || n_tup_hot_upd, ' '), '')
  FROM pg_stat_user_tables WHERE relname IN ('task', 'task_event', 'task_event_pending', 'task_event_position', 'search_outbox')"
read -r -a TABLES_BEFORE <<<"$(psql_db "$DB" -c "$TABLE_STATS_SQL")"
TASKS_BEFORE=$(psql_db "$DB" -c "SELECT count(*) FROM task WHERE tenant_id = '$TENANT'")
COMMITS_SQL="SELECT xact_commit FROM pg_stat_database WHERE datname = '$DB'"
COMMITS_BEFORE=$(psql_db "$DB" -c "$COMMITS_SQL")
API_WAL0=$(wal_lsn)
: >"$WORK/load.out"
java "${LOAD_JVM[@]}" "$HERE/bench/ApiLoad.java" --url "$API" --key "$TENANT_KEY" --rate "$OFFERED" --duration "$DURATION" \
  --warmup "$WARMUP" --warmup-from "$WARMUP_FROM" --floor-tps "${FLOOR_TPS:-0}" --goal-p99-ms "$GOAL_P99_MS" \
  --api-pid "$API_PID" \
  --db-pids "$DB_PIDS" --redis-pid "$REDIS_PID" --clk-tck "$CLK" \
  --metrics-url "http://127.0.0.1:$MANAGEMENT_PORT/actuator/prometheus" \
  --solution back-office --department claims --process claims-review --category motor --queue claims-queue \
  --capture-point web-portal "${LOAD_ARGS[@]}" >"$WORK/load.out" 2>&1 &
CHILD_PID=$!
tail -n +1 -f --pid="$CHILD_PID" "$WORK/load.out" &   # shows the report as it comes; ends with the generator
tail_pid=$!
wait "$CHILD_PID" || { wait "$tail_pid"; die "the load generator failed"; }
CHILD_PID=""
wait "$tail_pid" || true
RESULT=$(grep '^RESULT ' "$WORK/load.out" | tail -n 1)
[[ -n $RESULT ]] || die "the load generator gave no result"
API_TICKS_AFTER=$(cpu_ticks "$API_PID") || die "iwd-api died during the run (log ${API_LOG#"$ROOT"/})"
API_WAL1=$(wal_lsn)

declare -A R=()
for kv in ${RESULT#RESULT }; do R[${kv%%=*}]=${kv#*=}; done

# What the run left in the database: every task Queued, a Created and a Queued event each.
STATES=$(psql_db "$DB" -c "SELECT string_agg(status || ' ' || n, ', ' ORDER BY status) FROM
  (SELECT status, count(*) AS n FROM task WHERE tenant_id = '$TENANT' GROUP BY status) s")
EVENTS=$(psql_db "$DB" -c "SELECT string_agg(type || ' ' || n, ', ' ORDER BY type) FROM
  (SELECT type, count(*) AS n FROM task_event WHERE tenant_id = '$TENANT' GROUP BY type) e")
UNSEQUENCED=$(psql_db "$DB" -c "SELECT count(*) FROM task_event_pending")
say "database after the run (warm-up and smoke test included): tasks {$STATES}; events {$EVENTS}; events without a feed position: $UNSEQUENCED"

if (( PROFILE )); then
  for ((i = 0; i < 30; i++)); do [[ -s $WORK/api.jfr ]] && break; sleep 1; done
  if [[ -s $WORK/api.jfr ]]; then
    mkdir -p "$ROOT/.iwd/bench"
    cp "$WORK/api.jfr" "$ROOT/.iwd/bench/api.jfr"
    java "$HERE/bench/JfrSummary.java" "$WORK/api.jfr" | sed 's/^/  jfr: /' || true
    jfr view gc-pauses "$WORK/api.jfr" 2>/dev/null | grep -E 'Total|Number|Median|P99 |Maximum' | sed 's/^/  jfr: gc /' || true
    say "the recording: .iwd/bench/api.jfr (jfr view ... / JDK Mission Control)"
  else
    say "no flight recording was written"
  fi
fi

API_CPU_TOTAL=$(awk -v t="$API_TICKS_AFTER" -v c="$CLK" 'BEGIN { printf "%.1f", t / c }')
API_CPU_RUN=$(awk -v a="$API_TICKS_BEFORE" -v b="$API_TICKS_AFTER" -v c="$CLK" 'BEGIN { printf "%.1f", (b - a) / c }')
stop_api   # its backends exit and flush their table statistics

# Rows written per created task (warm-up included): the task insert and its update to Queued, the two event
# inserts, the feed queue's rows and the positions the sequencer gives. HOT updates touch no index.
TASKS_CREATED=$(( $(psql_db "$DB" -c "SELECT count(*) FROM task WHERE tenant_id = '$TENANT'") - TASKS_BEFORE ))
COMMITS=$(( $(psql_db "$DB" -c "$COMMITS_SQL") - COMMITS_BEFORE ))
read -r -a TABLES_AFTER <<<"$(psql_db "$DB" -c "$TABLE_STATS_SQL")"
WRITES=$(awk -v before="${TABLES_BEFORE[*]}" -v after="${TABLES_AFTER[*]}" -v n="$TASKS_CREATED" -v commits="$COMMITS" \
  -v wal="$((API_WAL1 - API_WAL0))" 'BEGIN {
    nb = split(before, b, " "); na = split(after, a, " ")
    for (i = 1; i <= nb; i += 4) { ins[b[i]] = -b[i + 1]; upd[b[i]] = -b[i + 2]; hot[b[i]] = -b[i + 3] }
    for (i = 1; i <= na; i += 4) { ins[a[i]] += a[i + 1]; upd[a[i]] += a[i + 2]; hot[a[i]] += a[i + 3] }
    if (n <= 0) { print "no task created"; exit }
    printf "per created task: %.2f commits (the request'"'"'s transaction, the sequencer'"'"'s, a few of the script'"'"'s own); task %.2f inserts, %.2f updates (%.2f HOT); task_event %.2f inserts, %.2f updates (%.2f HOT); feed queue %.2f inserts, positions %.2f inserts; search_outbox %.2f inserts; WAL %.1f kB (whole cluster)",
      commits / n, ins["task"] / n, upd["task"] / n, hot["task"] / n, ins["task_event"] / n, upd["task_event"] / n, hot["task_event"] / n, ins["task_event_pending"] / n, ins["task_event_position"] / n, ins["search_outbox"] / n, wal / 1024 / n }')
say "database writes in the API run ($TASKS_CREATED tasks): $WRITES"

# ---------------------------------------------------------------- summary

if [[ ${R[ratio]:-n/a} == n/a ]]; then ratio=n/a; else ratio=${R[ratio]}; fi
cat <<EOF

==== ./iwd bench api: task creation, $(date -u +%Y-%m-%dT%H:%MZ), $CORES cores
before the floor:   $LOAD_BEFORE_FLOOR
before the API run: $LOAD_BEFORE_API
$(if (( FLOOR )); then
  echo "floor (pgbench, task+event per txn, $CLIENTS clients, ${DURATION%.*} s): $(printf '%.0f' "$FLOOR_TPS") tps (latency average ${FLOOR_LATENCY:-?} ms)"
  echo "  cpu in the floor run: $FLOOR_CPU"
else echo "floor: not measured (--no-floor)"; fi)${SQL_PATH_LINE:+
$SQL_PATH_LINE}
api (POST /tasks, Created+Queued, open loop, ${WARMUP%.*} s warm-up (rate from ${WARMUP_FROM} x) + ${DURATION%.*} s, rate limit ${RATE_LIMIT}/s per key$( (( RATE_LIMIT == 0 )) && echo ' = off'); search $SEARCH_LINE)
api offered ${R[offered]} req/s, achieved ${R[achieved]} req/s, ok ${R[ok]}, errors ${R[errors]} {${R[statuses]}}
latency p50 ${R[p50_ms]} ms  p90 ${R[p90_ms]} ms  p99 ${R[p99_ms]} ms  max ${R[max_ms]} ms   (goal p99 < $GOAL_P99_MS ms: ${R[goal]})
ratio achieved/floor $ratio
  cpu in the measured run: machine ${R[machine_busy_pct]:-?}% busy; iwd-api ${R[api_cpu_s]:-?} s (${R[api_cpu_ms_per_task]:-?} ms/task), its PostgreSQL backends ${R[db_cpu_s]:-?} s (${R[db_cpu_ms_per_task]:-?} ms/task), redis-server ${R[redis_cpu_ms_per_task]:-?} ms/task, load generator ${R[generator_cpu_s]:-?} s; other processes ~${R[others_cores]:-?} cores
  database writes $WRITES
  $(sed -n 's/^load: API meters over the measured run: /API meters: /p' "$WORK/load.out")
iwd-api process CPU: $API_CPU_TOTAL s since start ($API_CPU_RUN s during warm-up + measured run)
EOF
