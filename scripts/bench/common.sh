# Shell helpers of the benchmark scripts (scripts/bench-*.sh), sourced after they define CORES, API,
# WAIT_QUIET and say().

cpu_ticks() {  # cpu_ticks PID: utime + stime of a process, in clock ticks
  local stat rest
  stat=$(<"/proc/$1/stat") || return 1
  rest=${stat##*) }
  # shellcheck disable=SC2086 # split the fields on purpose
  set -- $rest
  echo $(( ${12} + ${13} ))
}

machine_ticks() {  # machine_ticks: "BUSY TOTAL" clock ticks of all CPUs since boot (/proc/stat)
  local _cpu user nice system idle iowait irq softirq steal _rest
  read -r _cpu user nice system idle iowait irq softirq steal _rest </proc/stat
  echo "$((user + nice + system + irq + softirq + steal)) $((user + nice + system + idle + iowait + irq + softirq + steal))"
}

busy_cores() {  # busy_cores SECONDS: how many cores were busy on average over the next SECONDS
  local b0 t0 b1 t1
  read -r b0 t0 < <(machine_ticks); sleep "$1"; read -r b1 t1 < <(machine_ticks)
  awk -v b="$((b1 - b0))" -v t="$((t1 - t0))" -v c="$CORES" 'BEGIN { printf "%.2f", (t > 0 ? c * b / t : 0) }'
}

# quiet_machine: with --wait-quiet, waits (at most that long) until the machine uses less than 0.25 cores; sets
# BUSY to how many cores were busy. Nothing of the benchmark runs meanwhile (the API is idle).
quiet_machine() {
  local deadline=$((SECONDS + ${WAIT_QUIET%.*}))
  BUSY=$(busy_cores 3)
  while awk -v b="$BUSY" 'BEGIN { exit !(b >= 0.25) }' && (( SECONDS < deadline )); do
    say "machine busy with other work ($BUSY cores over 3 s); waiting for it to calm down (--wait-quiet)"
    sleep 7
    BUSY=$(busy_cores 3)
  done
}

load_line() {  # the load average, and the busiest processes over the last second (other users of the machine)
  local busiest
  busiest=$(top -b -n 2 -d 1 -w 200 2>/dev/null | awk '/^ *PID /{ block++; next }
    block == 2 && NF >= 12 && shown < 3 { printf "%s%s %s%%", (shown++ ? ", " : ""), $12, $9 }') || busiest=""
  printf 'load average %s (1/5/15 min) on %s cores; busiest in the last second: %s' \
    "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" "$CORES" "${busiest:-?}"
}

http() {  # http METHOD PATH KEY [JSON]: prints the body; fails (printing status and body) unless 2xx
  local method=$1 path=$2 key=$3 body=${4:-} out status
  out=$(curl -sS -m 30 -X "$method" -H "x-api-key: $key" -H 'content-type: application/json' \
    ${body:+--data "$body"} -w '\n%{http_code}' "$API/$path") || { echo "curl $method $path failed" >&2; return 1; }
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  if [[ $status != 2?? ]]; then echo "$method $path: HTTP $status: $out" >&2; return 1; fi
  printf '%s' "$out"
}

# ---------------------------------------------------------------- shell helpers the bench scripts share

have() { command -v "$1" >/dev/null 2>&1; }

port_open() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

free_port() {  # free_port FIRST: FIRST or the next port nobody listens on
  local p=$1
  while port_open "$p"; do p=$((p + 1)); done
  echo "$p"
}

psql_db() {  # psql_db DB PSQL_ARGS...: as iwd/iwd over TCP, quiet, stop on the first error
  local db=$1; shift
  PGPASSWORD=iwd PGOPTIONS='-c client_min_messages=warning' \
    psql -h 127.0.0.1 -p 5432 -U iwd -d "$db" -X -w -q -t -A -v ON_ERROR_STOP=1 "$@"
}

random_key() { openssl rand -hex 24 2>/dev/null || od -An -tx1 -N24 /dev/urandom | tr -d ' \n'; }

now_ns() { date +%s%N; }

stop_pid() {  # stop_pid PID: TERM, then KILL after 30 s
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}
