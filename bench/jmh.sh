#!/usr/bin/env bash
# Runs the JMH micro-benchmarks of the hot path briefly and prints JMH's table (issue 8):
#   bench/jmh.sh [extra JMH options, e.g. a benchmark regex or -f 2 -i 10]
# DecodeBenchmark (XML stream -> packet, per stanza), EncodeBenchmark (packet -> bytes), BinaryCodecBenchmark (the same
# message through the binary encoding, both ways, with its size), StoredStanzaBenchmark (a queued or archived stanza
# read back from its stored text, with and without the shared names), RouteBenchmark (routing a
# message between two local sessions). Brief by default: 1 fork, 3 x 1 s warm-up, 5 x 1 s measurement.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
java=""
best=0
for release in /usr/lib/jvm/*/release; do
    major="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$release")"
    if [[ -n "$major" ]] && ((major >= 21 && major > best)); then java="$(dirname "$release")/bin/java"; best=$major; fi
done
[[ -n "$java" ]] || { echo "no JDK >= 21 under /usr/lib/jvm" >&2; exit 1; }
cd "$root"
mvn -B -q -o -pl bench compile
cp_file="$(mktemp)"; trap 'rm -f "$cp_file"' EXIT
mvn -B -q -o -pl bench dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
args=("$@"); ((${#args[@]})) || args=(-f 1 -wi 3 -w 1s -i 5 -r 1s)
"$java" --enable-native-access=ALL-UNNAMED \
    -cp "bench/target/classes:$(cat "$cp_file")" org.openjdk.jmh.Main "${args[@]}" 'im.parley.bench.jmh.*' \
    -jvmArgs "--enable-native-access=ALL-UNNAMED -Xmx512m" -rf text -rff /tmp/parley-jmh.txt
echo; echo "table also in /tmp/parley-jmh.txt"
