#!/usr/bin/env bash
# A single-node Elasticsearch 9.2.4 for tests and local runs, from Maven Central's test
# distribution (org.elasticsearch.distribution.integ-test-zip:elasticsearch:9.2.4:zip).
# Downloaded once into $IWD_ES_HOME_BASE; every instance (one per port) keeps its data across
# stop/start; only `reset` wipes it. Elasticsearch refuses to run as root: as root this script
# runs it as the system user iwdes.
#
# usage: scripts/elasticsearch.sh start|stop|status|reset      (reset = stop + wipe the data)
# env:   IWD_ES_PORT       HTTP port (9200); the transport port is IWD_ES_PORT + 100
#        IWD_ES_DATA       data folder (<base>/node-<port>/data)
#        IWD_ES_HEAP       heap size (256m)
#        IWD_ES_HOME_BASE  download cache and instances (/var/lib/iwd/elasticsearch)
#        IWD_ES_USER       user that runs it when called as root (iwdes)
#        ES_JAVA_HOME      JDK 21+ to run it (default: the one ./iwd finds)
# A second instance, e.g. for an outage test:
#        IWD_ES_PORT=9201 IWD_ES_DATA=/tmp/es-9201 scripts/elasticsearch.sh start
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
VERSION=9.2.4
PORT=${IWD_ES_PORT:-9200}
HEAP=${IWD_ES_HEAP:-256m}
BASE=${IWD_ES_HOME_BASE:-/var/lib/iwd/elasticsearch}
ES_USER=${IWD_ES_USER:-iwdes}
ESH=$BASE/elasticsearch-$VERSION   # the unpacked distribution, shared by all instances
NODE=$BASE/node-$PORT              # this instance: config/, logs/, es.pid, stdout.log
DATA=${IWD_ES_DATA:-$NODE/data}
PIDF=$NODE/es.pid
URL=http://127.0.0.1:$PORT
WAIT_SECONDS=120

say() { echo "elasticsearch: $*"; }
fail() { echo "elasticsearch: FAILED: $*" >&2; exit 1; }

healthy() { curl -fsS -m 3 -o /dev/null "$URL/_cluster/health?wait_for_status=yellow&timeout=1s" 2>/dev/null; }

# es_pid: prints the pid of this instance if this script started it and it still runs.
es_pid() {
  local pid
  [[ -f $PIDF ]] || return 1
  pid=$(<"$PIDF")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  grep -qa elasticsearch "/proc/$pid/cmdline" 2>/dev/null || return 1   # not a recycled pid
  echo "$pid"
}

# alive PID: the process exists and is not a zombie (an orphan's exit can take a while to be reaped).
alive() { local st; st=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $st != Z* ]]; }

as_es_user() {
  if (( EUID == 0 )); then runuser -u "$ES_USER" -- "$@"; else "$@"; fi
}

# let_es_user_reach DIR: as root, give "others" search permission (x, not read) on each folder
# above DIR that the ES user cannot pass, e.g. /root (0700) for the default base.
let_es_user_reach() {
  local p="" part parts
  IFS=/ read -ra parts <<<"${1#/}"
  for part in "${parts[@]}"; do
    [[ -n $part ]] || continue
    p+=/$part
    [[ -d $p ]] || break
    if ! runuser -u "$ES_USER" -- test -x "$p"; then
      chmod o+x "$p"
      say "note: added search permission for others (o+x, not read) on $p so user $ES_USER can reach $1"
    fi
  done
}

install_distribution() {
  local tmp
  [[ -x $ESH/bin/elasticsearch ]] && return 0
  command -v mvn >/dev/null 2>&1 || fail "needs Maven to download Elasticsearch"
  command -v unzip >/dev/null 2>&1 || fail "needs unzip (apt-get install unzip)"
  say "downloading $VERSION from Maven Central (once; cached in $BASE)…"
  mkdir -p "$BASE"
  tmp=$(mktemp -d "$BASE/.download.XXXXXX")
  # Run Maven in an empty folder so that it never picks up a project pom.
  if ! (cd "$tmp" && mvn -q -B dependency:copy \
      -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$VERSION:zip" \
      -DoutputDirectory="$tmp" </dev/null >"$BASE/download.log" 2>&1); then
    tail -n 30 "$BASE/download.log" >&2
    rm -rf "$tmp"; fail "could not download the Elasticsearch $VERSION distribution with Maven (log: $BASE/download.log)"
  fi
  unzip -q "$tmp/elasticsearch-$VERSION.zip" -d "$tmp" || { rm -rf "$tmp"; fail "could not unzip the distribution"; }
  mv "$tmp/elasticsearch-$VERSION" "$ESH"
  rm -rf "$tmp"
}

prepare_node() {
  mkdir -p "$NODE/logs" "$DATA"
  [[ -f $NODE/config/jvm.options ]] || cp -rT "$ESH/config" "$NODE/config"
  cat >"$NODE/config/elasticsearch.yml" <<YML
# written by scripts/elasticsearch.sh at every start
cluster.name: iwd-es
node.name: iwd-es-$PORT
discovery.type: single-node
network.host: 127.0.0.1
http.port: $PORT
transport.port: $((PORT + 100))
path.data: $DATA
path.logs: $NODE/logs
xpack.security.enabled: false
action.destructive_requires_name: false
cluster.routing.allocation.disk.threshold_enabled: false
YML
  if (( EUID == 0 )); then
    id "$ES_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$ES_USER"
    chown -R "$ES_USER": "$NODE" "$DATA"
    let_es_user_reach "$ESH"
    let_es_user_reach "$DATA"
  fi
}

start() {
  local pid jh t0=$SECONDS
  if healthy; then say "reused 127.0.0.1:$PORT"; return 0; fi
  if pid=$(es_pid); then
    say "already starting (pid $pid); waiting for it"
  else
    jh=${ES_JAVA_HOME:-$(bash "$ROOT/iwd" java-home)} || fail "needs a JDK 21 or newer (set ES_JAVA_HOME or JAVA_HOME)"
    install_distribution
    prepare_node
    rm -f "$PIDF"
    if ! as_es_user env -u JAVA_HOME ES_JAVA_HOME="$jh" ES_PATH_CONF="$NODE/config" ES_JAVA_OPTS="-Xms$HEAP -Xmx$HEAP" \
        "$ESH/bin/elasticsearch" -d -p "$PIDF" </dev/null >>"$NODE/stdout.log" 2>&1; then
      tail -n 30 "$NODE/stdout.log" >&2 || true
      fail "did not start on $URL (log: $NODE/stdout.log)"
    fi
  fi
  while (( SECONDS - t0 < WAIT_SECONDS )); do
    if healthy; then
      say "started 127.0.0.1:$PORT (pid $(es_pid || echo '?'), $((SECONDS - t0)) s, data $DATA)"; return 0
    fi
    es_pid >/dev/null || break
    sleep 0.5
  done
  tail -n 40 "$NODE/logs/iwd-es.log" >&2 2>/dev/null || tail -n 40 "$NODE/stdout.log" >&2 || true
  fail "not healthy on $URL after $((SECONDS - t0)) s (logs: $NODE/logs)"
}

stop() {  # stop [NOTE]
  local pid i
  if ! pid=$(es_pid); then
    rm -f "$PIDF"
    if healthy; then say "left running: $URL was not started by this script"; else say "not running ($URL)"; fi
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 120; i++)); do alive "$pid" || break; sleep 0.5; done
  if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; say "killed (pid $pid did not stop in 60 s)"
  else say "stopped (pid $pid${1:+; $1})"; fi
  rm -f "$PIDF"
}

status() {
  local body pid="" state
  pid=$(es_pid) || pid=""
  if body=$(curl -fsS -m 3 "$URL/_cluster/health" 2>/dev/null); then
    state=$(sed -n 's/.*"status":"\([a-z]*\)".*/\1/p' <<<"$body")
    say "up $URL (cluster ${state:-?}${pid:+, pid $pid})"
  else
    say "down ($URL${pid:+, pid $pid is starting or stuck})"
    return 1
  fi
}

reset() {
  if healthy && ! es_pid >/dev/null; then fail "$URL was not started by this script; not wiping anything"; fi
  stop
  case $DATA in / | "" | "$HOME" | "$BASE") fail "refusing to wipe '$DATA'" ;; esac
  if [[ -d $DATA && -n $(ls -A "$DATA") && ! -e $DATA/node.lock && ! -d $DATA/_state ]]; then
    fail "$DATA does not look like an Elasticsearch data folder; not wiping it"
  fi
  rm -rf "$DATA"
  say "wiped $DATA"
}

case ${1:-} in
  start) start ;;
  stop) stop "data kept in $DATA" ;;
  status) status ;;
  reset) reset ;;
  *) echo "usage: $0 start|stop|status|reset" >&2; exit 2 ;;
esac
