# Sourced by ./mvnw and ./pgwb: makes JAVA_HOME point at a JDK >= 21.
# Keeps a JAVA_HOME that is already new enough; otherwise looks at the JDKs installed beside
# the default one (Debian's /usr/lib/jvm, SDKMAN, macOS) and takes the newest.
pgwb_java_major() {
  # prints the feature version of the java binary $1 (17, 21, 25...), or 0
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9.]*\).*/\1/p' | sed 's/^1\.//; s/\..*//' | head -n 1 | grep . || echo 0
}
pgwb_find_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(pgwb_java_major "$JAVA_HOME/bin/java")" -ge 21 ]; then
    return 0
  fi
  best="" best_v=0
  pgwb_noglob=""; case "$-" in *f*) pgwb_noglob=1 ;; esac
  set +f  # the caller may have globbing off (mvnw runs with set -f)
  for home in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$home/bin/javac" ] || continue
    v=$(pgwb_java_major "$home/bin/java")
    if [ "$v" -gt "$best_v" ]; then best="$home" best_v="$v"; fi
  done
  [ -z "$pgwb_noglob" ] || set -f

  if [ "$best_v" -lt 21 ] && command -v javac >/dev/null 2>&1; then
    home=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    v=$(pgwb_java_major "$home/bin/java")
    if [ "$v" -gt "$best_v" ]; then best="$home" best_v="$v"; fi
  fi
  if [ "$best_v" -ge 21 ]; then
    JAVA_HOME="$best"
    export JAVA_HOME
  else
    echo "PG Wire Workbench needs a JDK 21 or newer; none was found (looked at JAVA_HOME, /usr/lib/jvm, SDKMAN)." >&2
    echo "Install one, e.g. 'apt-get install openjdk-21-jdk' or Temurin 21+, or set JAVA_HOME to it." >&2
    return 1
  fi
}
