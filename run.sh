#!/usr/bin/env bash
# Starts the whole platform in one JVM: builds the jar when the sources are newer, then runs it with
# conf/platform.json. Extra arguments go to the launcher (e.g. -cluster); JAVA_OPTS to the JVM.
# The parallel collector unless JAVA_OPTS picks one: on 2 cores it took 23 % more single packets/s into the
# whole platform than the default G1, with a lower p99; and half the heap young (NewRatio=1) unless JAVA_OPTS
# sizes the young generation: almost everything a packet allocates dies young, so collections come half as
# often for the same pause (README, Performance).
set -euo pipefail
cd "$(dirname "$0")"
jar=target/netwatch.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml src webroot conf -newer "$jar" -print -quit)" ]; then
  echo "building $jar ..."
  mvn -B -q -DskipTests package
fi
# ./run.sh sensor [options]: the sensor mode (docs/sensor.md), a small client: no platform config, and the serial
# collector unless JAVA_OPTS picks one (a small heap; no collector threads competing with the capture on a sensor host).
if [ "${1:-}" = sensor ]; then
  gc=-XX:+UseSerialGC
  case " ${JAVA_OPTS:-} " in *" -XX:+Use"*"GC "*) gc= ;; esac
  exec java $gc ${JAVA_OPTS:-} -jar "$jar" "$@"
fi
conf=(-conf conf/platform.json)
for arg in "$@"; do [ "$arg" = "-conf" ] && conf=(); done
gc=-XX:+UseParallelGC
case " ${JAVA_OPTS:-} " in *" -XX:+Use"*"GC "*) gc= ;; esac
young=-XX:NewRatio=1
case " ${JAVA_OPTS:-} " in *" -XX:NewRatio="*|*" -Xmn"*|*" -XX:NewSize="*|*" -XX:MaxNewSize="*) young= ;; esac
# Class data sharing: a run writes the classes it loaded to an archive as it exits (one file per process, so
# that no two write the same one), and the next runs map it: their ports open about 0.5 s sooner and they reach
# their warm rate about a second sooner (README, Performance). A throwaway JVM checks the archive first (60 ms):
# one that is truncated, older than the jar or from another JVM is deleted, and this run writes a new one.
cds=()
case " ${JAVA_OPTS:-} " in *" -Xshare"*|*"SharedArchiveFile="*|*"ArchiveClassesAtExit="*) ;; *)
  archive=target/netwatch.jsa
  for written in "$archive".*; do
    if [ -f "$written" ] && [ ! -f "$archive" ]; then mv -f "$written" "$archive"; else rm -f "$written"; fi
  done
  cds=(-Xlog:cds=off -Xlog:cds+dynamic=off -XX:ArchiveClassesAtExit="$archive.$$")
  if [ -f "$archive" ]; then
    if [ "$archive" -nt "$jar" ] && (java $gc -XX:SharedArchiveFile="$archive" -Xshare:on -XX:+VerifySharedSpaces \
        -XX:ErrorFile=/dev/null -Xlog:cds=off -cp "$jar" -version >/dev/null 2>&1) 2>/dev/null; then
      cds=(-Xlog:cds=off -XX:SharedArchiveFile="$archive")
    else
      rm -f "$archive"
    fi
  fi ;;
esac
exec java $gc $young "${cds[@]}" ${JAVA_OPTS:-} -jar "$jar" "${conf[@]}" "$@"
