#!/usr/bin/env bash
# Builds bench/target/benchmarks.jar and runs the JMH benchmarks with settings short enough for a
# 2-core machine (about 75 s in all), then prints the throughput in MB/s.
#
#   bench/run-jmh.sh                  all benchmarks
#   bench/run-jmh.sh fullDecode -prof gc   extra arguments go to JMH (a name regex, a profiler...)
#   JMH_SETTINGS="-f 3 -wi 5 -w 5s -i 10 -r 5s" bench/run-jmh.sh    longer, steadier runs
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

./mvnw -q -B -Pbench -pl bench -am package -DskipTests

# the same JDK >= 21 that ./mvnw picked
. .mvn/find-jdk.sh
pgwb_find_jdk
java="$JAVA_HOME/bin/java"
jvm_args=()
if [ "$(pgwb_java_major "$java")" -ge 24 ]; then
  jvm_args+=(--sun-misc-unsafe-memory-access=allow) # JMH 1.37 still uses sun.misc.Unsafe; the forks inherit this
fi

result=bench/target/jmh-result.csv
read -r -a settings <<< "${JMH_SETTINGS:--f 1 -wi 3 -w 2s -i 5 -r 2s}"
"$java" "${jvm_args[@]}" -jar bench/target/benchmarks.jar "${settings[@]}" -rf csv -rff "$result" "$@"

echo
echo "Throughput (MB = 10^6 bytes of wire data, both directions; ± = JMH's 99.9% confidence half-width):"
"$java" -cp bench/target/benchmarks.jar dev.pgwb.bench.MegabytesPerSecond "$result"
