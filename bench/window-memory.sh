#!/usr/bin/env bash
# The window's heap while it follows a live relay under pgbench, for one or two pgwb.jar builds
# side by side (a reference and the current one), in one run:
#   bench/window-memory.sh [MINUTES] [JAR...]        (default: 10 minutes, app/target/pgwb.jar)
# pgbench runs 8 clients at RATE transactions a second (default 1000: 10 minutes make ~3 M messages).
# Needs: Xvfb (xvfb-run), pgbench, and PostgreSQL server binaries (PGBIN, default Debian's 15;
# run as root: the server runs as user postgres). Prints, per jar: messages shown, heap after full
# GC, bytes per message, RSS; HISTOGRAM=N adds the heap's N biggest classes (jcmd GC.class_histogram).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
minutes=${1:-10}; shift || true
jars=("$@"); [ ${#jars[@]} -gt 0 ] || jars=("$here/app/target/pgwb.jar")
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
. "$here/.mvn/find-jdk.sh"; pgwb_find_jdk
work=$(mktemp -d); chown postgres "$work"
port=54329
runuser -u postgres -- "$PGBIN/initdb" -D "$work/data" -U postgres -A trust >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/data" -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c max_connections=50" -w start >/dev/null
trap 'runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/data" -m fast stop >/dev/null; rm -rf "$work"' EXIT
pgbench -i -s 1 -q -h 127.0.0.1 -p $port -U postgres postgres >/dev/null 2>&1
for jar in "${jars[@]}"; do
  echo "== $jar ($minutes min, 8 clients at ${RATE:-1000} tps, pgbench -S -M extended)"
  PGWB_CONFIG_DIR="$work/config-$(basename "$(dirname "$jar")")" xvfb-run -a "$JAVA_HOME/bin/java" -Xmx4g -cp "$jar" \
    "$here/bench/window/WindowMemory.java" "127.0.0.1:$port" "$minutes" 8 "${RATE:-1000}" 2>&1 | grep -E "^(relay|messages| *[0-9]+:| *num|---)|Exception" || true
done
