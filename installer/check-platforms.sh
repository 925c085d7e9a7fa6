#!/usr/bin/env bash
# Resolves the runtime dependencies of every native platform profile of the pom (JavaFX platform jars, ND4J,
# OpenBLAS, JavaCPP, FFmpeg) on this machine, so a profile that names a classifier Maven Central does not have
# fails here rather than on a user's OS. Prints the native jars each profile picks.
#   installer/check-platforms.sh
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for p in linux-x86_64 linux-arm64 macosx-x86_64 macosx-arm64 windows-x86_64; do
  list=$(mktemp)
  if mvn -B -q ${MVN_OFFLINE:+-o} -P"$p" dependency:list -DincludeScope=runtime -DoutputFile="$list" >/dev/null 2>&1; then
    natives=$(grep -oE '(javafx-graphics|nd4j-native|openblas|ffmpeg|javacpp):jar:[a-z][a-z0-9_-]+' "$list" | sed 's/:jar:/:/' | sort -u | tr '\n' ' ')
    echo "ok   $p: $natives"
  else
    echo "FAIL $p: mvn -P$p dependency:list did not resolve" >&2
    status=1
  fi
  rm -f "$list"
done
exit $status
