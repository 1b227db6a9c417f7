#!/usr/bin/env bash
# Starts the whole platform in one JVM: builds the jar when the sources are newer, then runs it with
# conf/platform.json. Extra arguments go to the launcher (e.g. -cluster); JAVA_OPTS to the JVM.
set -euo pipefail
cd "$(dirname "$0")"
jar=target/netwatch.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src webroot conf -newer "$jar" -print -quit)" ]; then
  echo "building $jar ..."
  mvn -B -q -DskipTests package
fi
conf=(-conf conf/platform.json)
for arg in "$@"; do [ "$arg" = "-conf" ] && conf=(); done
exec java ${JAVA_OPTS:-} -jar "$jar" "${conf[@]}" "$@"
