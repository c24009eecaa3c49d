#!/usr/bin/env bash
# Benchmark: the intraday chain (feed -> Data Mart) against its in-database floor.  Usually run as ./iwd bench etl.
#
#  1. PostgreSQL (./iwd services start when it does not answer); the iwd-api and etl-jobs jars; fresh scratch
#     databases iwd_bench_etl (the API's) and iwddm_bench_etl (the Data Mart); the API on free ports (4134/10162 by
#     default, never 4024) with random admin and datamart keys; a tenant "bench" (Europe/Paris). Its sequencer and
#     activation sweeps run only hourly: the events come positioned and without activation times, and the sweep's
#     scan of task would compete with the writing of the events (it cannot see them until they commit).
#  2. EVENTS task events (scripts/bench/etl-events.sql: realistic lifecycles, several departments, processes, queues,
#     agents, capture points, custom attributes, spread over DAYS days) written straight into iwd_bench_etl with
#     set-based SQL and positioned in the feed as the API's sequencer positions them.
#  3. Chain: etl-jobs (its exec jar with etl-jobs/jvm.options, -Xmx512m, GC log) in one-shot mode,
#     --run-once=intraday --tenant=bench, reads them through the API's feed into the Data Mart. Times of
#     loadIntraday and aggregateIntraday come from Spring Batch's step executions (etl.batch_step_execution); CPU of
#     each process from /proc.
#  4. Floor: the same events, already in the shape of i_task_event_fact, COPYed by psql into a table like it, then
#     the task fact upserted and the 15-minute classification aggregated, as plain SQL (one statement each).
#  5. --history N: first N events of earlier days through the chain into the Data Mart (the 512 MB heap figures
#     come from that run), then EVENTS (default 100 000) new events, loaded once into the Data Mart with the
#     history and once into a second, empty Data Mart (iwddm_bench_etl_empty, its watermark set to the end of
#     the history): both intraday runs are timed and compared.
#  6. A summary. The API is stopped and the scratch databases dropped on exit, whatever happens.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
LOGS=$ROOT/.iwd/logs
API_LOG=$LOGS/bench-etl-api.log
ETL_LOG=$LOGS/bench-etl-etl.log
BUILD_LOG=$LOGS/build-bench-etl.log
API_JAR=$ROOT/iwd-api/target/iwd-api-exec.jar
ETL_JAR=${IWD_BENCH_ETL_JAR:-$ROOT/etl-jobs/target/etl-jobs-exec.jar}
DB=${IWD_BENCH_DB:-iwd_bench_etl}
DM=${IWDDM_BENCH_DB:-iwddm_bench_etl}
DM_EMPTY=${DM}_empty
TENANT=bench
SCHEMA=tenant_bench
ZONE=Europe/Paris
CORES=$(nproc 2>/dev/null || echo 2)

EVENTS=""
HISTORY=0
DAYS=2
HEAP=512m
PAGE_SIZE=""
PORT=4134
MANAGEMENT_PORT=10162
GOAL_RATIO=0.5
GOAL_HISTORY=1.2
BUILD=1
PROFILE=0
FLOOR=1
WAIT_QUIET=0
KEEP=0
API_WARMUP=0
API_WARMED=0
REPEAT=1
JVM_OPTS=()
API_ARGS=()
ETL_ARGS=()

usage() {
  cat <<'EOF'
usage: ./iwd bench etl [OPTIONS]
  --events N           task events to load (1000000; with --history: the new events, 100000)
  --history N          first load N events of earlier days, then compare the new events' run with the same run
                       over an empty Data Mart (0: no history)
  --days D             the events' creations spread over D days, ending now (2)
  --heap SIZE          etl-jobs' -Xmx (512m)
  --page-size N        iwd.etl.load.page-size (the etl-jobs default when absent)
  --port P             the API's HTTP port (4134, or the next free one)
  --management-port P  its management port (10162, or the next free one)
  --no-build           use the jars already built
  --no-floor           skip the in-database floor
  --wait-quiet S       before each timed run wait up to S s for other processes to use < 0.25 cores (0: do not wait)
  --profile            record etl-jobs and the API with Java Flight Recorder (.iwd/bench/etl-*.jfr), print hot methods
  --keep               keep the scratch databases (dropped at the next run)
  --repeat N           N rounds of the chain (each on a fresh Data Mart) and the floor, in turn, on the same
                       events; prints each round and the medians, and the ratio of the medians (1; not with
                       --history). The machine's speed drifts by 15-30 % from run to run: quote medians. The API
                       stays up: from the second round on it is warm, as a production API is
  --api-warmup N       before the first timed run, read the feed's first N events through the API and discard them
                       (0: none, a cold API as in every figure so far), so that the API is warm as a running API
                       that has served the Data Mart before; etl-jobs itself stays cold (one-shot)
  --jvm-opt OPT        an option for the etl-jobs JVM after those of etl-jobs/jvm.options (repeatable), e.g.
                       --jvm-opt -XX:-UseParallelGC --jvm-opt -XX:+UseG1GC
  --api-opt ARG        an argument for the API (repeatable)
  --etl-opt ARG        an argument for etl-jobs (repeatable), e.g. --etl-opt --iwd.etl.load.page-size=5000
env: IWD_BENCH_DB (iwd_bench_etl), IWDDM_BENCH_DB (iwddm_bench_etl): the scratch databases;
     IWD_BENCH_ETL_JAR (etl-jobs/target/etl-jobs-exec.jar): the etl-jobs jar; with --no-build, saved copies of two
     builds run in turn make an A/B on one machine state
EOF
}

die() { echo "bench-etl: $*" >&2; exit 1; }
say() { echo "bench-etl: $*"; }
# shellcheck source=bench/common.sh
source "$ROOT/scripts/bench/common.sh"
is_number() { [[ $1 =~ ^[0-9]+([.][0-9]+)?$ ]]; }

while (( $# > 0 )); do
  case $1 in
    --events) EVENTS=${2:?--events needs a number}; shift 2 ;;
    --history) HISTORY=${2:?--history needs a number}; shift 2 ;;
    --days) DAYS=${2:?--days needs a number}; shift 2 ;;
    --heap) HEAP=${2:?--heap needs a size}; shift 2 ;;
    --page-size) PAGE_SIZE=${2:?--page-size needs a number}; shift 2 ;;
    --port) PORT=${2:?--port needs a port}; shift 2 ;;
    --management-port) MANAGEMENT_PORT=${2:?--management-port needs a port}; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --no-floor) FLOOR=0; shift ;;
    --wait-quiet) WAIT_QUIET=${2:?--wait-quiet needs seconds}; shift 2 ;;
    --profile) PROFILE=1; shift ;;
    --keep) KEEP=1; shift ;;
    --api-warmup) API_WARMUP=${2:?--api-warmup needs a number}; shift 2 ;;
    --repeat) REPEAT=${2:?--repeat needs a number}; shift 2 ;;
    --jvm-opt) JVM_OPTS+=("${2:?--jvm-opt needs an option}"); shift 2 ;;
    --api-opt) API_ARGS+=("${2:?--api-opt needs an argument}"); shift 2 ;;
    --etl-opt) ETL_ARGS+=("${2:?--etl-opt needs an argument}"); shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done
[[ -n $EVENTS ]] || { if (( HISTORY > 0 )); then EVENTS=100000; else EVENTS=1000000; fi; }
for v in EVENTS HISTORY DAYS PORT MANAGEMENT_PORT WAIT_QUIET API_WARMUP REPEAT; do
  is_number "${!v}" || die "--${v,,} must be a number, not '${!v}'"
done
[[ -z $PAGE_SIZE ]] || is_number "$PAGE_SIZE" || die "--page-size must be a number"
[[ -z $PAGE_SIZE ]] || ETL_ARGS+=("--iwd.etl.load.page-size=$PAGE_SIZE")
[[ $HEAP =~ ^[0-9]+[kKmMgG]?$ ]] || die "--heap must be a size such as 512m"
(( EVENTS >= 1 )) || die "--events must be at least 1"
(( REPEAT >= 1 )) || die "--repeat must be at least 1"
(( REPEAT == 1 || HISTORY == 0 )) || die "--repeat is for the 1,000,000-event chain, not with --history"
for d in "$DB" "$DM"; do [[ $d =~ ^[a-z_][a-z0-9_]*$ ]] || die "$d: the scratch databases need plain lower-case names"; done

# ---------------------------------------------------------------- helpers

pg_up() { psql_db postgres -c 'SELECT 1' >/dev/null 2>&1; }

secs_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }'; }

# ---------------------------------------------------------------- cleanup on exit

API_PID=""
ETL_PID=""
WORK=""
DBS_CREATED=()

cleanup() {
  local rc=$? d
  trap - EXIT INT TERM
  [[ -n $ETL_PID ]] && stop_pid "$ETL_PID"
  [[ -n $API_PID ]] && stop_pid "$API_PID"
  if (( ! KEEP )); then
    for d in "${DBS_CREATED[@]}"; do
      psql_db postgres -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 \
        || echo "bench-etl: could not drop database $d" >&2
    done
  elif (( ${#DBS_CREATED[@]} )); then
    echo "bench-etl: kept the databases ${DBS_CREATED[*]} (--keep)"
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
have java || die "needs a JDK 21+ (./iwd bench etl finds one; or set JAVA_HOME)"
have curl || die "needs curl (apt-get install curl)"
have psql || die "needs the psql client (apt-get install postgresql-client)"
if ! pg_up; then
  say "PostgreSQL does not answer: ./iwd services start"
  "$ROOT/iwd" services start || say "services start reported failures; going on if PostgreSQL answers"
  pg_up || die "PostgreSQL does not answer on 127.0.0.1:5432 as iwd/iwd (./iwd services start)"
fi

mkdir -p "$LOGS" "$ROOT/.iwd/bench"
if (( BUILD )); then
  have mvn || die "needs Maven 3.8+ (apt-get install maven), or --no-build with built jars"
  say "building iwd-api and etl-jobs (mvn -B -q -DskipTests -pl iwd-api,etl-jobs -am package; log ${BUILD_LOG#"$ROOT"/})"
  if [[ ${MAVEN_OPTS:-} != *sun-misc-unsafe* ]] && java --sun-misc-unsafe-memory-access=allow -version >/dev/null 2>&1; then
    export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
  fi
  if ! (cd "$ROOT" && mvn -B -q -DskipTests -pl iwd-api,etl-jobs -am package) >"$BUILD_LOG" 2>&1; then
    tail -n 40 "$BUILD_LOG" >&2
    die "the build failed (whole log: $BUILD_LOG)"
  fi
fi
[[ -f $API_JAR && -f $ETL_JAR ]] || die "no ${API_JAR#"$ROOT"/} or ${ETL_JAR#"$ROOT"/}: build them (drop --no-build)"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/iwd-bench-etl.XXXXXX")
CLK=$(getconf CLK_TCK 2>/dev/null || echo 100)

# ---------------------------------------------------------------- databases and API

new_database() {  # new_database NAME: dropped if present, created afresh, dropped again on exit
  psql_db postgres -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null || die "could not drop database $1"
  DBS_CREATED+=("$1")
  psql_db postgres -c "CREATE DATABASE $1 OWNER iwd" >/dev/null || die "could not create database $1"
}
DATABASES="$DB, $DM"
(( HISTORY > 0 )) && DATABASES+=", $DM_EMPTY"
say "databases $DATABASES: dropped if present, created afresh"
new_database "$DB"
new_database "$DM"
(( HISTORY > 0 )) && new_database "$DM_EMPTY"

PORT=$(free_port "$PORT")
MANAGEMENT_PORT=$(free_port "$MANAGEMENT_PORT")
(( PORT != 4024 )) || PORT=$(free_port 4134)
API=http://127.0.0.1:$PORT/iwd/v3
ADMIN_KEY=$(random_key)
DATAMART_KEY=$(random_key)

API_JVM=("@$ROOT/iwd-api/jvm.options" -Xmx1g)   # the JVM options the image and ./iwd up run the API with
(( PROFILE )) && API_JVM+=(-XX:FlightRecorderOptions:stackdepth=256)
say "starting iwd-api on :$PORT (management :$MANAGEMENT_PORT), log ${API_LOG#"$ROOT"/}"
env SERVER_PORT="$PORT" MANAGEMENT_SERVER_PORT="$MANAGEMENT_PORT" \
  IWD_DB_URL="jdbc:postgresql://127.0.0.1:5432/$DB" IWD_DB_USER=iwd IWD_DB_PASSWORD=iwd \
  IWD_ADMIN_API_KEY="$ADMIN_KEY" IWD_DATAMART_API_KEY="$DATAMART_KEY" IWD_EMAIL_API_KEY= \
  IWD_SEARCH_BACKEND=postgres IWD_REDIS_URL=redis://127.0.0.1:6379 \
  java "${API_JVM[@]}" -jar "$API_JAR" --iwd.api.feed.sequencer-interval=1h --iwd.api.activation-interval=1h \
  "${API_ARGS[@]}" \
  </dev/null >"$API_LOG" 2>&1 &
API_PID=$!
deadline=$((SECONDS + 300))
health=""
until [[ $health =~ \"status\"[[:space:]]*:[[:space:]]*\"(UP|DEGRADED)\" ]]; do
  if ! kill -0 "$API_PID" 2>/dev/null; then
    echo "---- last 40 lines of ${API_LOG#"$ROOT"/}" >&2; tail -n 40 "$API_LOG" >&2
    API_PID=""
    die "iwd-api exited during start-up (see above)"
  fi
  if (( SECONDS >= deadline )); then
    tail -n 40 "$API_LOG" >&2
    die "iwd-api not healthy on :$MANAGEMENT_PORT after 300 s; last health: ${health:-no answer}"
  fi
  sleep 1
  health=$(curl -sS -m 2 "http://127.0.0.1:$MANAGEMENT_PORT/actuator/health" 2>/dev/null) || health=""
done
say "iwd-api up (pid $API_PID)"
http POST provisioning "$ADMIN_KEY" "{\"id\":\"$TENANT\",\"name\":\"Benchmark\",\"timeZone\":\"$ZONE\"}" >/dev/null \
  || die "could not provision tenant $TENANT"

# ---------------------------------------------------------------- events

LAST_TASK=0
# generate_events COUNT FROM SPAN_S WHAT: COUNT events of tasks created from FROM over SPAN_S seconds.
generate_events() {
  local count=$1 from=$2 span=$3 what=$4 tasks t0 positions
  tasks=$(( (count * 20 + 84) / 85 + 20 ))   # 4.25 events per task (etl-events.sql)
  say "$what: $count events of $tasks tasks created from $from over $((span / 3600)) h, into $DB"
  t0=$(now_ns)
  psql_db "$DB" -1 -v tenant="$TENANT" -v first_task="$LAST_TASK" -v tasks="$tasks" -v events="$count" \
    -v from="$from" -v span_s="$span" -f "$HERE/bench/etl-events.sql" >/dev/null || die "could not write the events"
  GEN_SECS=$(secs_since "$t0")
  psql_db "$DB" -c "VACUUM (ANALYZE) task" -c "VACUUM (ANALYZE) task_event" -c "VACUUM (ANALYZE) task_event_position" \
    >/dev/null || die "could not vacuum"
  LAST_TASK=$((LAST_TASK + tasks))
  positions=$(psql_db "$DB" -c "SELECT count(*) || ' events, positions ' || min(feed_id) || '..' || max(feed_id)
    FROM task_event_position WHERE tenant_id = '$TENANT' AND feed_id > $FEED_END")
  FEED_END=$(psql_db "$DB" -c "SELECT last_position FROM feed_sequencer WHERE feed = 'task'")
  say "$what: $positions, written in $GEN_SECS s (+ vacuum); $(psql_db "$DB" -c "SELECT pg_size_pretty(pg_database_size('$DB'))") in $DB"
}
FEED_END=0

# ---------------------------------------------------------------- the chain

# run_etl DM_DB LABEL ARGS...: etl-jobs' exec jar on DM_DB; sets ETL_RC, ETL_CPU_S, ETL_WALL_S, ETL_GC_LOG.
run_etl() {
  local dm=$1 label=$2 t0 ticks=0 t jvm=()
  shift 2
  ETL_GC_LOG=$WORK/gc-$label.log
  jvm=("@$ROOT/etl-jobs/jvm.options" "-Xmx$HEAP" "-Xlog:gc:file=$ETL_GC_LOG:uptime,level" "${JVM_OPTS[@]}")
  (( PROFILE )) && jvm+=(-XX:FlightRecorderOptions:stackdepth=256
    "-XX:StartFlightRecording=settings=profile,filename=$ROOT/.iwd/bench/etl-$label.jfr")
  declare -gA BACKEND_BASE=()
  for pid in $(psql_db postgres -c "SELECT pid FROM pg_stat_activity WHERE datname IN ('$DB', '$dm')
      AND pid <> pg_backend_pid()" 2>/dev/null); do
    BACKEND_BASE[$pid]=$(cpu_ticks "$pid" 2>/dev/null || echo 0)
  done
  t0=$(now_ns)
  env IWDDM_DB_URL="jdbc:postgresql://127.0.0.1:5432/$dm" IWDDM_DB_USER=iwd IWDDM_DB_PASSWORD=iwd \
    IWD_API_URL="$API" IWD_DATAMART_API_KEY="$DATAMART_KEY" \
    java "${jvm[@]}" -jar "$ETL_JAR" --iwd.etl.info-mart.enabled=false "$@" "${ETL_ARGS[@]}" \
    </dev/null >>"$ETL_LOG" 2>&1 &
  ETL_PID=$!
  declare -A backend=()
  while kill -0 "$ETL_PID" 2>/dev/null; do   # its CPU and that of the PostgreSQL backends of the benchmark's databases
    t=$(cpu_ticks "$ETL_PID" 2>/dev/null) && ticks=$t
    for pid in $(psql_db postgres -c "SELECT pid FROM pg_stat_activity
        WHERE datname IN ('$DB', '$dm') AND pid <> pg_backend_pid()" 2>/dev/null); do
      t=$(cpu_ticks "$pid" 2>/dev/null) && backend[$pid]=$((t - ${BACKEND_BASE[$pid]:-0}))
    done
    sleep 1
  done
  local db_ticks=0
  for pid in "${!backend[@]}"; do db_ticks=$((db_ticks + backend[$pid])); done
  ETL_DB_CPU_S=$(awk -v t="$db_ticks" -v c="$CLK" 'BEGIN { printf "%.1f", t / c }')
  ETL_RC=0
  wait "$ETL_PID" || ETL_RC=$?
  ETL_PID=""
  ETL_WALL_S=$(secs_since "$t0")
  ETL_CPU_S=$(awk -v t="$ticks" -v c="$CLK" 'BEGIN { printf "%.1f", t / c }')
}

# step_times DM_DB: "loadIntraday SECONDS READ WRITE SKIP aggregateIntraday SECONDS ..." of the newest intraday run.
step_times() {
  psql_db "$1" -F ' ' -c "SELECT s.step_name, round(extract(epoch FROM s.end_time - s.start_time)::numeric, 2),
      s.read_count, s.write_count, s.read_skip_count
    FROM etl.batch_step_execution s
    WHERE s.job_execution_id = (SELECT max(job_execution_id) FROM etl.batch_job_execution)
    ORDER BY s.step_execution_id"
}

# gc_summary: the GC pauses and the heap after the last collection, from the unified GC log.
gc_summary() {
  awk '/Pause/ && /ms$/ { n++; ms = $NF; sub(/ms/, "", ms); ms += 0; total += ms; if (ms > max) max = ms;
      if (match($0, /->[0-9]+M\(/)) { after = substr($0, RSTART + 2, RLENGTH - 4) + 0; if (after > peak) peak = after } }
    END { printf "%d GC pauses, %.0f ms in total, longest %.1f ms; heap after GC at most %d MB", n, total, max, peak }' \
    "$ETL_GC_LOG" 2>/dev/null || echo "no GC log"
}

# timed_intraday DM_DB LABEL EVENTS: one intraday run; prints and sets RUN_LOAD_S, RUN_AGG_S, RUN_RATE.
# warm_api: once, before the first timed run, reads the feed's first $API_WARMUP events (pages of 10,000) as the Data
# Mart would and discards them. A production API has served feed pages before; a fresh one compiles its feed path
# during the timed run (2026-11-30: its JIT threads 2.25 s of CPU during a 1,000,000-event chain, its request threads
# 2.42 s; warmed with 200,000 events, 0.88 s and 2.16 s, and the chain no faster: docs/bench-etl.md).
warm_api() {
  (( API_WARMED || API_WARMUP == 0 )) && return 0
  API_WARMED=1
  local cursor=0 read=0 page next t0
  t0=$(now_ns)
  while (( read < API_WARMUP )); do
    page=$(curl -sS -f -m 60 -H "x-api-key: $DATAMART_KEY" -H "x-iwd-tenant: $TENANT" \
      "$API/reporting/events?after=$cursor&limit=10000") || die "API warm-up: the feed did not answer"
    next=$(grep -o '"next":[0-9]*' <<<"$page" | tail -n 1 | cut -d: -f2)
    [[ -n $next && $next != "$cursor" ]] || break
    read=$((read + next - cursor))   # positions: one per event of the only tenant
    cursor=$next
  done
  say "API warm-up: the feed's first $read events (by position) read and discarded in $(secs_since "$t0") s (not timed)"
}

timed_intraday() {
  local dm=$1 label=$2 n=$3 api0 api1 m0 m1 b0 b1 steps
  warm_api
  quiet_machine
  LOAD_BEFORE[$label]="$(load_line); $BUSY cores busy over 3 s"
  say "before the $label run: ${LOAD_BEFORE[$label]}"
  say "$label: etl-jobs -Xmx$HEAP --run-once=intraday --tenant=$TENANT on $dm (log ${ETL_LOG#"$ROOT"/})"
  api0=$(cpu_ticks "$API_PID")
  read -r b0 m0 < <(machine_ticks)
  run_etl "$dm" "$label" --run-once=intraday --tenant="$TENANT"
  read -r b1 m1 < <(machine_ticks)
  api1=$(cpu_ticks "$API_PID") || die "iwd-api died during the run (log ${API_LOG#"$ROOT"/})"
  (( ETL_RC == 0 )) || { tail -n 60 "$ETL_LOG" >&2; die "the $label run failed (exit $ETL_RC; log $ETL_LOG)"; }
  steps=$(step_times "$dm")
  RUN_LOAD_S=$(awk '$1 == "loadIntraday" { print $2 }' <<<"$steps")
  RUN_AGG_S=$(awk '$1 == "aggregateIntraday" { print $2 }' <<<"$steps")
  local read skipped
  read=$(awk '$1 == "loadIntraday" { print $3 }' <<<"$steps")
  skipped=$(awk '$1 == "loadIntraday" { print $5 }' <<<"$steps")
  [[ $read == "$n" && $skipped == 0 ]] || die "$label: loadIntraday read ${read:-?} events (${skipped:-?} quarantined), expected $n"
  RUN_RATE=$(awk -v n="$n" -v l="$RUN_LOAD_S" -v a="$RUN_AGG_S" 'BEGIN { printf "%.0f", n / (l + a) }')
  CPU_LINE[$label]=$(awk -v etl="$ETL_CPU_S" -v api="$(( api1 - api0 ))" -v c="$CLK" -v wall="$ETL_WALL_S" \
    -v db="$ETL_DB_CPU_S" -v mb="$((b1 - b0))" -v mt="$((m1 - m0))" -v cores="$CORES" -v n="$n" 'BEGIN {
      busy = mt > 0 ? cores * mb / mt * wall : 0; a = api / c; rest = busy - etl - a - db; if (rest < 0) rest = 0
      printf "cpu over the %.1f s of the JVM: etl-jobs %.1f s (%.1f us/event, start-up included), iwd-api %.1f s (%.1f us/event), PostgreSQL backends of both databases %.1f s (%.1f us/event); other processes %.1f s (~%.2f cores); machine %.0f%% busy",
        wall, etl, 1e6 * etl / n, a, 1e6 * a / n, db, 1e6 * db / n, rest, rest / wall, 100 * busy / wall / cores }')
  CHAIN_CPU_US[$label]=$(awk -v etl="$ETL_CPU_S" -v api="$(( api1 - api0 ))" -v c="$CLK" -v db="$ETL_DB_CPU_S" \
    -v n="$n" 'BEGIN { printf "%.1f", 1e6 * (etl + api / c + db) / n }')
  GC_LINE[$label]=$(gc_summary)
  cp "$ETL_GC_LOG" "$ROOT/.iwd/bench/etl-gc-$label.log" 2>/dev/null || true
  RESULT[$label]="$n events: loadIntraday $RUN_LOAD_S s, aggregateIntraday $RUN_AGG_S s -> $RUN_RATE events/s (JVM wall $ETL_WALL_S s with start-up)"
  say "$label: ${RESULT[$label]}"
  say "$label: ${CPU_LINE[$label]}"
  say "$label: etl-jobs -Xmx$HEAP: ${GC_LINE[$label]}"
}

declare -A LOAD_BEFORE=() CPU_LINE=() GC_LINE=() RESULT=() CHAIN_CPU_US=()
DAY_S=86400

if (( HISTORY > 0 )); then
  # History: earlier days, ending DAYS days ago; then the new events over the last DAYS days.
  hist_days=$(( (HISTORY + 999999) / 1000000 * 2 ))   # about half a million events a day
  generate_events "$HISTORY" "$(date -u -d "-$((hist_days + DAYS)) days" +%FT%TZ)" $((hist_days * DAY_S)) history
  timed_intraday "$DM" history "$HISTORY"
  HISTORY_RATE=$RUN_RATE
  HISTORY_END=$FEED_END
  say "empty Data Mart $DM_EMPTY: initialize, then its watermark set to the end of the history ($HISTORY_END)"
  run_etl "$DM_EMPTY" initialize --run-once=initialize --tenant="$TENANT"
  (( ETL_RC == 0 )) || { tail -n 60 "$ETL_LOG" >&2; die "initialize of $DM_EMPTY failed"; }
  psql_db "$DM_EMPTY" -c "UPDATE $SCHEMA.etl_watermark SET last_event_id = $HISTORY_END WHERE feed = 'task'" >/dev/null
fi
NEW_START=$FEED_END
generate_events "$EVENTS" "$(date -u -d "-$DAYS days" +%FT%TZ)" $((DAYS * DAY_S)) events

# ---------------------------------------------------------------- floor

FLOOR_LINE="not measured (--no-floor)"
FLOOR_CPU_LINE=""
FLOOR_RATIO=n/a
# measure_floor CHAIN_LABEL CHAIN_RATE: the floor on the new events, in the Data Mart's schema bench_floor (dropped
# after); sets FLOOR_S, FLOOR_RATE, FLOOR_LINE, and FLOOR_CPU_LINE and FLOOR_RATIO against the chain run CHAIN_LABEL.
measure_floor() {
  local chain_label=$1 chain_rate=$2
  if [[ ! -s $WORK/floor.copy ]]; then
    say "floor: the $EVENTS new events exported from $DB in the shape of i_task_event_fact (not timed)"
    psql_db "$DB" -c "\\copy (
      SELECT p.feed_id, e.task_id, e.capture_id, e.task_version,
        array_position(ARRAY['Created','Updated','Queued','Assigned','Transferred','Held','Resumed','Restarted',
          'Reprioritized','Completed','Canceled','Rejected','ErrorHeld'], e.type),
        array_position(ARRAY['New','Queued','Assigned','Held','ErrorHeld','Completed','Canceled','Rejected'], e.status),
        e.occurred_at, floor(extract(epoch FROM e.occurred_at) / 900)::integer,
        abs(hashtext(e.solution_id)) % 1000, abs(hashtext(e.department_id)) % 1000, abs(hashtext(e.process_id)) % 1000,
        abs(hashtext(e.category_id)) % 1000, abs(hashtext(e.capture_point_id)) % 1000, abs(hashtext(e.queue_id)) % 1000,
        coalesce(abs(hashtext(e.previous_queue_id)) % 1000, 0), coalesce(abs(hashtext(e.agent_id)) % 1000, 0),
        coalesce(abs(hashtext(e.previous_agent_id)) % 1000, 0), abs(hashtext(e.media_type)) % 1000,
        coalesce(abs(hashtext(e.result_code)) % 1000, 0), e.priority, e.business_value, e.due_at, e.activation_at,
        e.source_created_at, e.reason, e.work_time_sec, e.held_time_sec, 1, 1
      FROM task_event_position p JOIN task_event e USING (event_id) WHERE p.tenant_id = '$TENANT' AND p.feed_id > $NEW_START
      ORDER BY p.feed_id) TO '$WORK/floor.copy'" || die "could not export the floor's events"
  fi
  psql_db "$DM" >/dev/null <<SQL || die "could not create the floor's tables"
DROP SCHEMA IF EXISTS bench_floor CASCADE;
CREATE SCHEMA bench_floor;
CREATE TABLE bench_floor.event_fact (LIKE $SCHEMA.i_task_event_fact INCLUDING ALL);
CREATE TABLE bench_floor.task_fact (LIKE $SCHEMA.i_task_fact INCLUDING ALL);
CREATE TABLE bench_floor.classif_15min (LIKE $SCHEMA.h_task_classif_fact_15min INCLUDING ALL);
SQL
  quiet_machine
  LOAD_BEFORE[floor]="$(load_line); $BUSY cores busy over 3 s"
  say "before the floor: ${LOAD_BEFORE[floor]}"
  floor_step() {  # floor_step NAME SQL: runs SQL in $DM, sets FLOOR_S[NAME] and adds its backend's CPU to FLOOR_TICKS
    local t0 out
    t0=$(now_ns)
    out=$(psql_db "$DM" <<SQL
SELECT pg_backend_pid() AS pid \gset
\setenv FLOOR_BACKEND :pid
$2
\\! awk '{ print "ticks", \$14 + \$15 }' /proc/\$FLOOR_BACKEND/stat
SQL
) || die "floor step $1 failed"
    FLOOR_S[$1]=$(secs_since "$t0")
    FLOOR_TICKS=$((FLOOR_TICKS + $(sed -n 's/^ticks //p' <<<"$out" | tail -n 1)))
  }
  declare -gA FLOOR_S=()
  FLOOR_TICKS=0
  floor_step copy "\\copy bench_floor.event_fact FROM '$WORK/floor.copy'"
  floor_step task_fact "
    INSERT INTO bench_floor.task_fact AS f
    SELECT l.task_id, l.capture_id, l.status_key, l.solution_key, l.department_key, l.process_key, l.category_key,
        l.capture_point_key, l.queue_key, coalesce(a.agent_key, 0), l.media_type_key, l.result_code_key, l.priority,
        l.business_value, l.due_at, a.created_at, a.activated_at, a.first_assigned_at,
        CASE WHEN l.status_key IN (6, 7, 8) THEN l.occurred_at END, a.work_sec, a.held_sec, l.event_id,
        l.occurred_at, 1, 1
    FROM (SELECT DISTINCT ON (task_id) * FROM bench_floor.event_fact ORDER BY task_id, event_id DESC) l
    JOIN (SELECT task_id, min(occurred_at) FILTER (WHERE task_event_type_key = 1) AS created_at,
              min(occurred_at) FILTER (WHERE task_event_type_key = 3) AS activated_at,
              min(occurred_at) FILTER (WHERE task_event_type_key = 4) AS first_assigned_at,
              sum(work_time_sec) AS work_sec, sum(held_time_sec) AS held_sec,
              (array_agg(agent_key ORDER BY event_id DESC) FILTER (WHERE agent_key <> 0))[1] AS agent_key
          FROM bench_floor.event_fact GROUP BY task_id) a ON a.task_id = l.task_id
    ON CONFLICT (task_id) DO UPDATE SET status_key = excluded.status_key, last_agent_key = excluded.last_agent_key,
        finished_at = excluded.finished_at, total_work_sec = f.total_work_sec + excluded.total_work_sec,
        total_held_sec = f.total_held_sec + excluded.total_held_sec, last_event_id = excluded.last_event_id,
        last_event_at = excluded.last_event_at
    WHERE excluded.last_event_id > f.last_event_id"
  floor_step aggregate "
    INSERT INTO bench_floor.classif_15min AS f
    SELECT e.date_time_key, e.solution_key, e.department_key, e.process_key, e.category_key,
        count(*) FILTER (WHERE e.task_event_type_key = 1), count(*) FILTER (WHERE e.task_event_type_key = 3),
        count(*) FILTER (WHERE e.task_event_type_key = 4), count(*) FILTER (WHERE e.task_event_type_key = 10),
        count(*) FILTER (WHERE e.task_event_type_key = 11), count(*) FILTER (WHERE e.task_event_type_key = 12),
        count(*) FILTER (WHERE e.task_event_type_key = 10 AND e.occurred_at <= e.due_at),
        count(*) FILTER (WHERE e.task_event_type_key = 10 AND e.occurred_at > e.due_at),
        coalesce(sum(extract(epoch FROM e.occurred_at - t.created_at)) FILTER (WHERE e.task_event_type_key = 10), 0),
        1, 1
    FROM bench_floor.event_fact e LEFT JOIN bench_floor.task_fact t ON t.task_id = e.task_id
    WHERE e.task_event_type_key IN (1, 3, 4, 10, 11, 12)
    GROUP BY e.date_time_key, e.solution_key, e.department_key, e.process_key, e.category_key
    ON CONFLICT (date_time_key, solution_key, department_key, process_key, category_key) DO UPDATE SET
        created = excluded.created, queued = excluded.queued, assigned = excluded.assigned,
        completed = excluded.completed, canceled = excluded.canceled, rejected = excluded.rejected,
        completed_in_due = excluded.completed_in_due, completed_overdue = excluded.completed_overdue,
        sum_time_to_complete_sec = excluded.sum_time_to_complete_sec"
  FLOOR_TOTAL=$(awk -v a="${FLOOR_S[copy]}" -v b="${FLOOR_S[task_fact]}" -v c="${FLOOR_S[aggregate]}" \
    'BEGIN { printf "%.1f", a + b + c }')
  FLOOR_RATE=$(awk -v n="$EVENTS" -v t="$FLOOR_TOTAL" 'BEGIN { printf "%.0f", n / t }')
  FLOOR_LINE="$EVENTS events in $FLOOR_TOTAL s (COPY ${FLOOR_S[copy]} s, task fact upsert ${FLOOR_S[task_fact]} s, 15-min aggregation ${FLOOR_S[aggregate]} s) -> $FLOOR_RATE events/s"
  FLOOR_RATIO=$(awk -v c="$chain_rate" -v f="$FLOOR_RATE" 'BEGIN { printf "%.2f", c / f }')
  FLOOR_CPU_LINE=$(awk -v t="$FLOOR_TICKS" -v c="$CLK" -v n="$EVENTS" -v chain="${CHAIN_CPU_US[$chain_label]}" 'BEGIN {
    f = 1e6 * t / c / n
    printf "cpu: floor %.1f us/event (its backends); chain %.1f us/event (etl-jobs, iwd-api, backends); floor/chain %.2f", f, chain, f / chain }')
  say "floor: $FLOOR_LINE"
  psql_db "$DM" -c "DROP SCHEMA bench_floor CASCADE" >/dev/null || true
}

# ---------------------------------------------------------------- the timed runs

if (( HISTORY > 0 )); then
  timed_intraday "$DM_EMPTY" empty "$EVENTS"
  EMPTY_LOAD=$RUN_LOAD_S EMPTY_AGG=$RUN_AGG_S EMPTY_RATE=$RUN_RATE
  timed_intraday "$DM" "over-history" "$EVENTS"
  HISTORY_RATIO=$(awk -v e="$EMPTY_LOAD" -v ea="$EMPTY_AGG" -v h="$RUN_LOAD_S" -v ha="$RUN_AGG_S" \
    'BEGIN { printf "%.2f", (h + ha) / (e + ea) }')
  CHAIN_LABEL=empty
  if (( FLOOR )); then measure_floor empty "$EMPTY_RATE"; fi
else
  # Each round: the chain on a fresh Data Mart, then the floor on the same events.
  CHAIN_RATES=() FLOOR_RATES=() ROUND_LINES=()
  for ((round = 1; round <= REPEAT; round++)); do
    label=chain
    (( REPEAT == 1 )) || label=chain-$round
    (( round == 1 )) || new_database "$DM"
    timed_intraday "$DM" "$label" "$EVENTS"
    CHAIN_RATES+=("$RUN_RATE")
    line="round $round: chain $RUN_RATE events/s (loadIntraday $RUN_LOAD_S s, aggregateIntraday $RUN_AGG_S s)"
    if (( FLOOR )); then
      measure_floor "$label" "$RUN_RATE"
      FLOOR_RATES+=("$FLOOR_RATE")
      line+=", floor $FLOOR_RATE events/s (${FLOOR_S[copy]} + ${FLOOR_S[task_fact]} + ${FLOOR_S[aggregate]} s): ratio $FLOOR_RATIO"
    fi
    ROUND_LINES+=("$line")
  done
  CHAIN_LABEL=$label
  if (( REPEAT > 1 )); then
    median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
    CHAIN_MEDIAN=$(median "${CHAIN_RATES[@]}")
    if (( FLOOR )); then
      FLOOR_MEDIAN=$(median "${FLOOR_RATES[@]}")
      FLOOR_RATIO=$(awk -v c="$CHAIN_MEDIAN" -v f="$FLOOR_MEDIAN" 'BEGIN { printf "%.2f", c / f }')
    fi
  fi
fi

# ---------------------------------------------------------------- profile

if (( PROFILE )); then
  for f in "$ROOT"/.iwd/bench/etl-*.jfr; do
    [[ -s $f ]] || continue
    echo "---- hot methods of ${f#"$ROOT"/}"
    jfr view --width 160 hot-methods "$f" 2>/dev/null | head -n 30 || true
  done
fi

# ---------------------------------------------------------------- summary

verdict() { awk -v v="$1" -v g="$2" -v op="$3" 'BEGIN { if (v == "n/a") print "n/a"; else if ((op == ">=" && v >= g) || (op == "<=" && v <= g)) print "met"; else print "missed" }'; }
{
  echo
  echo "==== ./iwd bench etl: intraday chain, $(date -u +%Y-%m-%dT%H:%MZ), $CORES cores, etl-jobs -Xmx$HEAP"
  for label in history empty over-history chain $(for ((r = 1; r <= REPEAT; r++)); do echo "chain-$r"; done) floor; do
    [[ -n ${LOAD_BEFORE[$label]:-} ]] && echo "before $label: ${LOAD_BEFORE[$label]}"
  done
  if (( HISTORY > 0 )); then
    echo "history:      ${RESULT[history]}"
    echo "  ${CPU_LINE[history]}"
    echo "  heap: ${GC_LINE[history]}"
    echo "new events over an empty Data Mart: ${RESULT[empty]}"
    echo "  ${CPU_LINE[empty]}"
    echo "new events over the history:       ${RESULT[over-history]}"
    echo "  ${CPU_LINE[over-history]}"
    echo "ratio over-history/empty (load + aggregate time): $HISTORY_RATIO   (goal <= $GOAL_HISTORY: $(verdict "$HISTORY_RATIO" "$GOAL_HISTORY" "<="))"
  else
    echo "chain:  ${RESULT[$CHAIN_LABEL]}"
    echo "  ${CPU_LINE[$CHAIN_LABEL]}"
    echo "  heap: ${GC_LINE[$CHAIN_LABEL]}"
  fi
  echo "floor:  $FLOOR_LINE"
  if (( REPEAT > 1 )); then
    echo "($CHAIN_LABEL and the floor above are the last of $REPEAT rounds)"
    printf '%s\n' "${ROUND_LINES[@]}"
    echo "medians of $REPEAT rounds: chain $CHAIN_MEDIAN events/s${FLOOR_MEDIAN:+, floor $FLOOR_MEDIAN events/s}"
    echo "ratio of the medians chain/floor: $FLOOR_RATIO   (goal >= $GOAL_RATIO: $(verdict "$FLOOR_RATIO" "$GOAL_RATIO" ">="))"
  elif (( HISTORY > 0 )); then
    # The goal is for the 1,000,000-event chain; 100,000 new events are mostly etl-jobs' start-up and JIT.
    echo "ratio chain/floor of the new events over an empty Data Mart: $FLOOR_RATIO   (the goal of $GOAL_RATIO is for ./iwd bench etl without --history)"
  else
    echo "ratio chain/floor: $FLOOR_RATIO   (goal >= $GOAL_RATIO: $(verdict "$FLOOR_RATIO" "$GOAL_RATIO" ">="))"
  fi
  [[ -z $FLOOR_CPU_LINE ]] || echo "  $FLOOR_CPU_LINE"
  echo "GC logs: .iwd/bench/etl-gc-*.log"
}
