#!/usr/bin/env bash
# The relay's throughput against references, side by side in one run.
#
# Starts a throwaway PostgreSQL server, pgbouncer and three pgwb relays (--print none,
# --record FILE, --print text > /dev/null), then runs `pgbench -S` through each of them and
# directly against the server, interleaved, ROUNDS times per combination, and prints the median
# TPS with ratios to direct and to pgbouncer. Installs what is missing from Debian's packages.
# Run as root (or with sudo available) on Debian/Ubuntu, from anywhere:
#
#   bench/relay-pgbench.sh
#
# Environment, with the defaults (5 modes x 3 protocols x 2 client counts x 2 rounds x 8 s: about
# 10 minutes in all; SECONDS_PER_RUN=15 gives steadier figures in about 17):
#   CLIENTS="1 8"                    client counts (pgbench -c)
#   SECONDS_PER_RUN=8                pgbench -T for each measured run
#   ROUNDS=2                         runs per combination; the median is reported
#   PROTOCOLS="simple extended prepared"   pgbench -M values
#   MODES="direct pgbouncer relay relay-record relay-print-text"
#   JOBS=2                           pgbench -j (capped at the client count, as pgbench does)
#   SCALE=10                         pgbench -i -s
#   WARMUP_SECONDS=3                 one unmeasured run per target before measuring (0: none)
#   PGWB_JAR=path                    use this jar instead of building app/target/pgwb.jar
#   JAVA_OPTS="..."                  extra JVM options for the relays
#   PAUSE_IDLE=1                     SIGSTOP the proxies not under test during each run (0: leave them running)
#   KEEP_TMP=1                       keep the temp dir (logs, pgbench output, recorded file)
#
# Writes bench/results/relay-pgbench-<UTC date>.md (git-ignored) with the same table.
set -euo pipefail

CLIENTS=${CLIENTS:-"1 8"}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-8}
ROUNDS=${ROUNDS:-2}
PROTOCOLS=${PROTOCOLS:-"simple extended prepared"}
MODES=${MODES:-"direct pgbouncer relay relay-record relay-print-text"}
JOBS=${JOBS:-2}
SCALE=${SCALE:-10}
WARMUP_SECONDS=${WARMUP_SECONDS:-3}
JAVA_OPTS=${JAVA_OPTS:-}

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COMMAND_LINE="$0${*:+ $*}"
STARTED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
STAMP=$(date -u +%Y-%m-%d-%H%M)
LOAD_AT_START=$(cut -d' ' -f1-3 /proc/loadavg)

log() { printf '[relay-pgbench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

for m in $MODES; do
  case $m in direct|pgbouncer|relay|relay-record|relay-print-text) ;; *) die "unknown mode '$m' in MODES" ;; esac
done
for p in $PROTOCOLS; do
  case $p in simple|extended|prepared) ;; *) die "unknown protocol '$p' in PROTOCOLS" ;; esac
done

# ------------------------------------------------------------------ privileges

if [ "$(id -u)" -eq 0 ]; then
  AS_ROOT=1
  SUDO=()
else
  AS_ROOT=0
  command -v sudo >/dev/null 2>&1 && SUDO=(sudo) || SUDO=()
fi

# As root, the server and pgbouncer must run as an ordinary user: postgres (created by the package).
as_db_user() {
  if [ "$AS_ROOT" -eq 1 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# ------------------------------------------------------------------ 1. packages

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
ls /usr/lib/postgresql/*/bin/pgbench >/dev/null 2>&1 && command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || need+=(pgbouncer)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$AS_ROOT" -eq 0 ] && [ ${#SUDO[@]} -eq 0 ]; then
    die "missing ${need[*]} and neither root nor sudo to install them"
  fi
  log "installing ${need[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
# the newest server (its version's client programs come with it: postgresql-N depends on postgresql-client-N)
PGBIN=$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)")
[ -x "$PGBIN/initdb" ] || die "no initdb under /usr/lib/postgresql/*/bin"
PGBENCH="$PGBIN/pgbench"
[ -x "$PGBENCH" ] || PGBENCH=$(command -v pgbench)
PGBOUNCER=$(command -v pgbouncer 2>/dev/null || echo /usr/sbin/pgbouncer)
if [ "$AS_ROOT" -eq 1 ]; then id postgres >/dev/null 2>&1 || die "no postgres user (the postgresql package creates it)"; fi

# ------------------------------------------------------------------ the relay jar and its JDK

. "$ROOT/.mvn/find-jdk.sh"
pgwb_find_jdk || die "no JDK 21+ for the relay"
JAVA="$JAVA_HOME/bin/java"
if [ -z "${PGWB_JAR:-}" ]; then
  CODE_VERSION=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')
  if [ -n "$(cd "$ROOT" && git status --porcelain -- protocol app pom.xml 2>/dev/null)" ]; then
    CODE_VERSION="$CODE_VERSION + uncommitted changes in protocol/, app/ or pom.xml"
  fi
  log "building app/target/pgwb.jar ($CODE_VERSION)"
  (cd "$ROOT" && ./mvnw -q -B -pl app -am package -DskipTests) >&2 || die "build failed (set PGWB_JAR to use an existing jar)"
  PGWB_JAR="$ROOT/app/target/pgwb.jar"
fi
[ -f "$PGWB_JAR" ] || die "no jar at $PGWB_JAR"

# ------------------------------------------------------------------ temp dir and cleanup

TMP=$(mktemp -d /tmp/pgwb-relay-pgbench.XXXXXX)
chmod 755 "$TMP"
mkdir -p "$TMP/runs"
# a private copy, so a rebuild of app/target during the run cannot pull the jar from under the JVMs
cp "$PGWB_JAR" "$TMP/pgwb.jar"
declare -A PORT PID
PG_STARTED=0

# The proxies not under test are stopped (SIGSTOP) during a run: an idle relay still wakes its
# recorder thread every millisecond, which would take CPU from the run. PAUSE_IDLE=0 leaves them be.
PAUSE_IDLE=${PAUSE_IDLE:-1}
PAUSED=""
pause_others() {
  local m
  [ "$PAUSE_IDLE" = 1 ] || return 0
  for m in pgbouncer relay relay-record relay-print-text; do
    if [ "$m" != "$1" ] && [ -n "${PID[$m]:-}" ]; then
      kill -STOP "${PID[$m]}" 2>/dev/null && PAUSED="$PAUSED ${PID[$m]}"
    fi
  done
  return 0
}
resume_others() {
  local p
  for p in $PAUSED; do kill -CONT "$p" 2>/dev/null || true; done
  PAUSED=""
}

stop_pid() {  # pid, seconds to wait after SIGTERM
  local pid=$1 wait=${2:-10} i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < wait * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  log "pid $pid did not stop; killing it"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  set +e
  resume_others
  for m in relay relay-record relay-print-text; do
    [ -n "${PID[$m]:-}" ] && stop_pid "${PID[$m]}" 30
  done
  if [ -f "$TMP/pgbouncer.pid" ]; then
    stop_pid "$(cat "$TMP/pgbouncer.pid")" 10
  fi
  if [ "$PG_STARTED" -eq 1 ]; then
    as_db_user "$PGBIN/pg_ctl" -D "$TMP/data" -m fast -w stop >/dev/null 2>&1 \
      || as_db_user "$PGBIN/pg_ctl" -D "$TMP/data" -m immediate -w stop >/dev/null 2>&1
  fi
  if [ "${KEEP_TMP:-0}" = 1 ] || [ "$rc" -ne 0 ]; then
    log "temp dir kept: $TMP"
  else
    rm -rf "$TMP"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ------------------------------------------------------------------ free ports

listening_ports() {  # every TCP port in LISTEN state (state 0A in /proc/net/tcp*), decimal
  local sl local_addr rest
  cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | while read -r sl local_addr _ state rest; do
    [ "$state" = 0A ] && echo $((16#${local_addr##*:}))
  done || true
}
TAKEN=" "
free_port() {  # sets FREE_PORT (not echoed: a $(...) subshell would lose TAKEN)
  local p busy
  busy=" $(listening_ports | tr '\n' ' ') "
  while :; do
    p=$((20000 + RANDOM % 40000))
    case "$busy$TAKEN" in *" $p "*) continue ;; esac
    if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then continue; fi
    TAKEN="$TAKEN$p "
    FREE_PORT=$p
    return
  done
}

wait_ready() {  # name port pid-or-empty
  local name=$1 port=$2 pid=${3:-} i
  for ((i = 0; i < 300; i++)); do
    if "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d bench -t 1; then return 0; fi
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then die "$name exited; see $TMP/$name.log"; fi
    sleep 0.1
  done
  die "$name not ready on port $port; see $TMP/$name.log"
}

export PGSSLMODE=disable PGGSSENCMODE=disable PGUSER=postgres PGDATABASE=bench PGCONNECT_TIMEOUT=10
unset PGHOST PGPORT PGSERVICE PGPASSWORD || true

# ------------------------------------------------------------------ 2. the server

if [ "$AS_ROOT" -eq 1 ]; then chown -R postgres: "$TMP"; fi
free_port; PORT[direct]=$FREE_PORT
log "initdb in $TMP/data (PostgreSQL $("$PGBIN/postgres" --version | sed 's/^postgres (PostgreSQL) //'))"
as_db_user "$PGBIN/initdb" -D "$TMP/data" -U postgres --auth=trust -E UTF8 --locale=C >"$TMP/initdb.log" 2>&1 \
  || die "initdb failed; see $TMP/initdb.log"
cat >>"$TMP/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = ${PORT[direct]}
unix_socket_directories = '$TMP'
max_connections = 100
shared_buffers = 256MB
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
cat >"$TMP/data/pg_hba.conf" <<EOF
local all all trust
host  all all 127.0.0.1/32 trust
EOF
as_db_user "$PGBIN/pg_ctl" -D "$TMP/data" -l "$TMP/postgres.log" -w -t 60 start >/dev/null || die "server did not start; see $TMP/postgres.log"
PG_STARTED=1
"$PGBIN/createdb" -h 127.0.0.1 -p "${PORT[direct]}" -U postgres bench
log "pgbench -i -s $SCALE"
"$PGBENCH" -i -q -s "$SCALE" -h 127.0.0.1 -p "${PORT[direct]}" >"$TMP/pgbench-init.log" 2>&1 || die "pgbench -i failed; see $TMP/pgbench-init.log"
"$PGBIN/psql" -q -h 127.0.0.1 -p "${PORT[direct]}" -c 'VACUUM ANALYZE' >/dev/null

# ------------------------------------------------------------------ 3. pgbouncer and the relays

wants() { case " $MODES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

if wants pgbouncer; then
  free_port; PORT[pgbouncer]=$FREE_PORT
  echo '"postgres" ""' >"$TMP/userlist.txt"
  cat >"$TMP/pgbouncer.ini" <<EOF
[databases]
* = host=127.0.0.1 port=${PORT[direct]}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${PORT[pgbouncer]}
unix_socket_dir =
auth_type = trust
auth_file = $TMP/userlist.txt
pool_mode = session
max_client_conn = 200
default_pool_size = 50
admin_users = postgres
logfile = $TMP/pgbouncer.log
pidfile = $TMP/pgbouncer.pid
EOF
  if [ "$AS_ROOT" -eq 1 ]; then chown postgres: "$TMP/userlist.txt" "$TMP/pgbouncer.ini"; fi
  as_db_user "$PGBOUNCER" -d -q "$TMP/pgbouncer.ini" || die "pgbouncer did not start; see $TMP/pgbouncer.log"
  for ((i = 0; i < 50; i++)); do [ -s "$TMP/pgbouncer.pid" ] && break; sleep 0.1; done
  PID[pgbouncer]=$(cat "$TMP/pgbouncer.pid")
  wait_ready pgbouncer "${PORT[pgbouncer]}" "${PID[pgbouncer]}"
fi

start_relay() {  # mode, where its stdout goes, then relay options
  local mode=$1 out=$2; shift 2
  free_port; PORT[$mode]=$FREE_PORT
  # shellcheck disable=SC2086
  "$JAVA" $JAVA_OPTS -jar "$TMP/pgwb.jar" relay --listen "127.0.0.1:${PORT[$mode]}" \
    --upstream "127.0.0.1:${PORT[direct]}" "$@" >"$out" 2>"$TMP/$mode.log" </dev/null &
  PID[$mode]=$!
}
if wants relay; then start_relay relay "$TMP/relay.out" --print none; fi
if wants relay-record; then start_relay relay-record "$TMP/relay-record.out" --print none --record "$TMP/relay-record.pgwb"; fi
if wants relay-print-text; then start_relay relay-print-text /dev/null --print text; fi
for m in relay relay-record relay-print-text; do
  if wants $m; then wait_ready "$m" "${PORT[$m]}" "${PID[$m]}"; fi
done

# ------------------------------------------------------------------ 4. the runs

CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() {  # utime + stime of a process and its threads, in clock ticks; 0 when there is no process
  local pid=${1:-}
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || { echo 0; return; }
  # the command name (field 2) may hold spaces: cut after the closing parenthesis
  sed 's/^.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }'
}

# CPU ticks of the whole machine: "busy total" from /proc/stat (all CPUs together)
machine_ticks() {
  awk '$1 == "cpu" { t = 0; for (i = 2; i <= 9; i++) t += $i; print $2 + $3 + $4 + $7 + $8 + $9, t; exit }' /proc/stat
}
# The server's live processes (postmaster's children): "CPU ticks count". One pass over every
# process; the command name may hold spaces, so each line is cut after its ") ".
pg_children() {
  local pm
  pm=$(head -n 1 "$TMP/data/postmaster.pid" 2>/dev/null || true)
  # (processes come and go: cat fails on the ones gone since the glob, which pipefail must not see)
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v pm="${pm:--1}" '{ sub(/^.*\) /, "") } $2 == pm { s += $12 + $13; n++ } END { print s + 0, n + 0 }'
}
# After a run, waits (at most 5 s) until the run's backends have exited and the postmaster has
# reaped them, so that their CPU time is in its children's total when it is read.
wait_backends_gone() {  # the number of server processes before the run
  local i n
  for ((i = 0; i < 100; i++)); do
    read -r _ n < <(pg_children)
    [ "$n" -le "$1" ] && return 0
    sleep 0.05
  done
}
# CPU ticks used by this benchmark's own processes: the server (postmaster, its live children, and the
# children it has reaped: the pgbench backends), the proxies, and this shell's children (pgbench).
# Sets OWN_TICKS: it must run in this shell, not in a $(...) subshell, whose `times` would not see pgbench.
own_ticks() {
  local pm t=0 m
  pm=$(head -n 1 "$TMP/data/postmaster.pid" 2>/dev/null || true)
  if [ -n "$pm" ] && [ -r "/proc/$pm/stat" ]; then
    t=$(sed 's/^.*) //' "/proc/$pm/stat" | awk '{ print $12 + $13 + $14 + $15 }')
    t=$((t + $(pg_children | cut -d' ' -f1)))
  fi
  for m in pgbouncer relay relay-record relay-print-text; do
    if [ -n "${PID[$m]:-}" ]; then t=$((t + $(cpu_ticks "${PID[$m]}"))); fi
  done
  # `times` prints this shell's user/system time, then its reaped children's: "0m1.230s 0m4.560s".
  # Into a file: in $(...) it would run in a subshell, which has no children yet.
  times >"$TMP/times.txt"
  t=$((t + $(awk -v hz="$CLK_TCK" 'NR == 2 { s = 0; for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); s += a[1] * 60 + a[2] } printf "%d", s * hz }' "$TMP/times.txt")))
  OWN_TICKS=$t
}

other_proxies_ticks() {  # CPU ticks of every proxy except the one measured: they should be idle
  local m t=0
  for m in pgbouncer relay relay-record relay-print-text; do
    if [ "$m" != "$1" ] && [ -n "${PID[$m]:-}" ]; then t=$((t + $(cpu_ticks "${PID[$m]}"))); fi
  done
  echo "$t"
}

# Waits until no proxy uses CPU (at most 1 tick in 0.25 s), e.g. a --print text relay that is still printing
# what it recorded during the run; prints how long that took, in seconds. At most 120 s.
wait_idle() {
  local start t0 t1
  start=$(date +%s.%N)
  t0=$(other_proxies_ticks none)
  while :; do
    sleep 0.25
    t1=$(other_proxies_ticks none)
    if [ $((t1 - t0)) -le 1 ]; then break; fi
    if awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN { exit !(n - s > 120) }'; then break; fi
    t0=$t1
  done
  awk -v s="$start" -v n="$(date +%s.%N)" 'BEGIN { printf "%.1f", (n - s > 0.3 ? n - s - 0.25 : 0) }'
}

RESULTS="$TMP/results.tsv"   # mode clients protocol round tps latency_ms proxy_cpu_us_per_tx idle_proxies_cpu_ms busy_after_s foreign_cpu_percent
: >"$RESULTS"

run_pgbench() {  # mode clients protocol seconds outfile
  local mode=$1 c=$2 proto=$3 secs=$4 out=$5 j=$JOBS
  [ "$j" -gt "$c" ] && j=$c
  "$PGBENCH" -S -n -c "$c" -j "$j" -T "$secs" -M "$proto" -h 127.0.0.1 -p "${PORT[$mode]}" bench >"$out" 2>&1
}

n_modes=$(wc -w <<<"$MODES"); n_clients=$(wc -w <<<"$CLIENTS"); n_protocols=$(wc -w <<<"$PROTOCOLS")
total_runs=$((n_modes * n_clients * n_protocols * ROUNDS))
max_clients=$(tr ' ' '\n' <<<"$CLIENTS" | sort -n | tail -n 1)
log "server :${PORT[direct]}${PORT[pgbouncer]:+, pgbouncer :${PORT[pgbouncer]}}${PORT[relay]:+, relay :${PORT[relay]}}${PORT[relay-record]:+, relay --record :${PORT[relay-record]}}${PORT[relay-print-text]:+, relay --print text :${PORT[relay-print-text]}}"
log "$total_runs runs of ${SECONDS_PER_RUN}s after $((n_modes * WARMUP_SECONDS))s of warm-up: about $(((total_runs * (SECONDS_PER_RUN + 1) + n_modes * WARMUP_SECONDS) / 60 + 1)) min"

read -r b0 t0 < <(machine_ticks); sleep 2; read -r b1 t1 < <(machine_ticks)
IDLE_BUSY=$(awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) 'BEGIN { printf "%.0f", (t > 0 ? b / t * 100 : 0) }')
if [ "$IDLE_BUSY" -gt 10 ]; then
  log "warning: the machine is already ${IDLE_BUSY}% busy with the benchmark idle; the figures will be noisy"
fi

if [ "$WARMUP_SECONDS" -gt 0 ]; then
  for mode in $MODES; do
    log "warm-up: $mode, -c $max_clients -M extended, ${WARMUP_SECONDS}s"
    run_pgbench "$mode" "$max_clients" extended "$WARMUP_SECONDS" "$TMP/runs/warmup-$mode.txt" \
      || die "pgbench through $mode failed: $(tail -n 3 "$TMP/runs/warmup-$mode.txt")"
    wait_idle >/dev/null
  done
fi

read -r -a MODE_LIST <<<"$MODES"
run=0
for ((round = 1; round <= ROUNDS; round++)); do
  for c in $CLIENTS; do
    for proto in $PROTOCOLS; do
      # the order of modes rotates by one each time, so no mode always runs first or last
      for ((k = 0; k < n_modes; k++)); do
        mode=${MODE_LIST[$(((k + run) % n_modes))]}
        out="$TMP/runs/$mode-c$c-$proto-r$round.txt"
        proxy_pid=${PID[$mode]:-}
        before=$(cpu_ticks "$proxy_pid")
        others_before=$(other_proxies_ticks "$mode")
        read -r busy_before total_before < <(machine_ticks)
        own_ticks; own_before=$OWN_TICKS
        read -r _ pg_procs_before < <(pg_children)
        pause_others "$mode"
        run_pgbench "$mode" "$c" "$proto" "$SECONDS_PER_RUN" "$out" \
          || { resume_others; die "pgbench through $mode failed: $(tail -n 3 "$out")"; }
        wait_backends_gone "$pg_procs_before"
        after=$(cpu_ticks "$proxy_pid")
        read -r busy_after_run total_after < <(machine_ticks)
        own_ticks; own_after=$OWN_TICKS
        resume_others
        foreign=$(awk -v b=$((busy_after_run - busy_before)) -v o=$((own_after - own_before)) -v t=$((total_after - total_before)) \
          'BEGIN { f = t > 0 ? (b - o) / t * 100 : 0; printf "%.0f", f < 0 ? 0 : f }')
        others_ms=$((($(other_proxies_ticks "$mode") - others_before) * 1000 / CLK_TCK))
        busy_after=$(wait_idle)
        tps=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time).*/\1/p' "$out")
        lat=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' "$out")
        txs=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$out")
        [ -n "$tps" ] && [ -n "$lat" ] && [ -n "$txs" ] || die "cannot read pgbench output $out"
        if [ -n "$proxy_pid" ]; then
          cpu=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$txs" 'BEGIN { printf "%.1f", t / hz * 1e6 / n }')
        else
          cpu=-
        fi
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$mode" "$c" "$proto" "$round" "$tps" "$lat" "$cpu" "$others_ms" "$busy_after" "$foreign" >>"$RESULTS"
        log "$(printf 'round %d/%d  %-16s -c %-2s -M %-8s  %10.1f tps  %7.3f ms  proxy CPU %5s us/tx  others %s ms CPU  busy %ss after  foreign %s%%' \
          "$round" "$ROUNDS" "$mode" "$c" "$proto" "$tps" "$lat" "$cpu" "$others_ms" "$busy_after" "$foreign")"
      done
      run=$((run + 1))
    done
  done
done

# ------------------------------------------------------------------ 5. the table

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
col() {  # mode clients protocol column -> median
  awk -F'\t' -v m="$1" -v c="$2" -v p="$3" -v k="$4" '$1 == m && $2 == c && $3 == p { print $k }' "$RESULTS" | median
}
label() {
  case $1 in
    direct) echo "direct" ;;
    pgbouncer) echo "pgbouncer (session)" ;;
    relay) echo "pgwb relay --print none" ;;
    relay-record) echo "pgwb relay --record FILE" ;;
    relay-print-text) echo "pgwb relay --print text >/dev/null" ;;
  esac
}

TABLE="$TMP/table.md"
{
  echo "| mode | clients | protocol | TPS (median) | latency avg (ms) | vs direct | vs pgbouncer | proxy CPU / tx (µs) | busy after (s) |"
  echo "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
  for c in $CLIENTS; do
    for proto in $PROTOCOLS; do
      direct_tps=$(wants direct && col direct "$c" "$proto" 5 || echo -)
      bouncer_tps=$(wants pgbouncer && col pgbouncer "$c" "$proto" 5 || echo -)
      for mode in $MODES; do
        tps=$(col "$mode" "$c" "$proto" 5)
        lat=$(col "$mode" "$c" "$proto" 6)
        cpu=$( [ "$mode" = direct ] && echo - || col "$mode" "$c" "$proto" 7)
        busy=$(col "$mode" "$c" "$proto" 9)
        awk -v l="$(label "$mode")" -v c="$c" -v p="$proto" -v t="$tps" -v lat="$lat" -v d="$direct_tps" -v b="$bouncer_tps" -v cpu="$cpu" -v busy="$busy" '
          function ratio(x, y) { return (y == "-" || y == 0) ? "-" : sprintf("%.2f", x / y) }
          function one(x) { return x == "-" ? "-" : sprintf("%.1f", x) }
          BEGIN { printf "| %s | %s | %s | %.0f | %.3f | %s | %s | %s | %s |\n", l, c, p, t, lat, ratio(t, d), ratio(t, b), one(cpu), one(busy) }'
      done
    done
  done
} >"$TABLE"

# what the relays hold at the end
rss_mib() { awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "?"; }
NOTES="$TMP/notes.md"
: >"$NOTES"
for m in relay relay-record relay-print-text; do
  wants $m || continue
  echo "- $(label "$m"): RSS $(rss_mib "${PID[$m]}") MiB at the end" >>"$NOTES"
done
if wants relay-record; then
  echo "- recorded file: $(du -m "$TMP/relay-record.pgwb" | cut -f1) MB for every message of the relay-record runs" >>"$NOTES"
fi
foreign_median=$(cut -f10 "$RESULTS" | median)
foreign_max=$(cut -f10 "$RESULTS" | sort -g | tail -n 1)
echo "- CPU busy before the first run, with everything started and idle: ${IDLE_BUSY}% of the machine" >>"$NOTES"
echo "- CPU used by processes outside the benchmark during the runs: median ${foreign_median}%, at most ${foreign_max}% of the machine$(awk -v m="$foreign_max" 'BEGIN { if (m > 10) printf " (something else was busy: the figures are noisier than the medians can smooth)" }')" >>"$NOTES"
if wants pgbouncer; then
  echo "- pgbouncer: RSS $(rss_mib "${PID[pgbouncer]}") MiB at the end" >>"$NOTES"
fi

JAVA_VERSION=$("$JAVA" -version 2>&1 | head -n 1 || true)
MODEL=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -n 1 || true)
REPORT_DIR="$ROOT/bench/results"
mkdir -p "$REPORT_DIR"
REPORT="$REPORT_DIR/relay-pgbench-$STAMP.md"
{
  echo "# relay-pgbench $STARTED"
  echo
  echo "Command: \`${COMMAND_LINE}\` with CLIENTS=\"$CLIENTS\" SECONDS_PER_RUN=$SECONDS_PER_RUN ROUNDS=$ROUNDS PROTOCOLS=\"$PROTOCOLS\" JOBS=$JOBS SCALE=$SCALE WARMUP_SECONDS=$WARMUP_SECONDS"
  echo
  echo "Each run: \`pgbench -S -n -c C -j min($JOBS,C) -T $SECONDS_PER_RUN -M PROTOCOL\` over TCP 127.0.0.1; median of $ROUNDS runs."
  echo
  echo "Machine: nproc $(nproc), $MODEL, $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo); load average $LOAD_AT_START at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "PostgreSQL $("$PGBIN/postgres" --version | sed 's/^postgres (PostgreSQL) //'), $("$PGBOUNCER" --version 2>/dev/null | head -n 1), relay: $JAVA_VERSION, jar $PGWB_JAR (${CODE_VERSION:-given with PGWB_JAR}${JAVA_OPTS:+, JAVA_OPTS $JAVA_OPTS})"
  echo
  cat "$TABLE"
  echo
  echo "proxy CPU / tx: user+system CPU time of the pgbouncer or relay process during the run, divided by the transactions of the run."
  echo "busy after: how long the proxies went on using CPU once pgbench had finished (a --print text relay printing its backlog);"
  echo "the next run starts only when they are idle. Foreign CPU (per run, in the list below): the machine's busy CPU"
  echo "(/proc/stat) minus that of the server, its backends, pgbench and the proxies, as a % of all CPUs."
  echo
  cat "$NOTES"
  echo
  echo "Every run, by clients, protocol, mode, round (tps, latency ms, proxy CPU us/tx, CPU ms used meanwhile by the proxies not under test, s busy after, % of the machine's CPU used by processes outside the benchmark):"
  echo
  echo '```'
  sort -k2,2n -k3,3 -k1,1 -k4,4n "$RESULTS" | awk -F'\t' '{ printf "%-18s -c %-3s %-9s round %s  %10.1f  %8.3f  %6s  %5s  %4s  %s\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 }'
  echo '```'
} >"$REPORT"

echo
cat "$TABLE"
echo
cat "$NOTES"
echo
log "written to $REPORT"
