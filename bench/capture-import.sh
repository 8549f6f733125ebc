#!/bin/sh
# Capture import speed and memory: pgwb imports a large synthetic pcap (make-big-capture.py) with a
# 64 MB heap, side by side with tshark decoding the same file as PostgreSQL in the same run.
# Usage: bench/capture-import.sh [megabytes, default 300]. Needs python3, tshark, /usr/bin/time.
set -eu
cd "$(dirname "$0")/.."
size=${1:-300}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./mvnw -B -q -o -pl protocol compile
java=$(ls -d /usr/lib/jvm/*25*/bin/java /usr/lib/jvm/*21*/bin/java 2>/dev/null | head -1)
python3 bench/capture/make-big-capture.py "$work/big.pcap" "$size"
echo "== pgwb (java -Xmx64m)"
/usr/bin/time -f "   %e s elapsed, max RSS %M KB" "$java" -Xmx64m -cp protocol/target/classes \
    bench/capture/ImportCapture.java "$work/big.pcap" "$work/big.pgwb"
echo "== tshark -Y pgsql (reference)"
/usr/bin/time -f "   %e s elapsed, max RSS %M KB" sh -c "tshark -r '$work/big.pcap' -Y pgsql -T fields -e pgsql.type 2>/dev/null | wc -l"
