#!/usr/bin/env bash
# Time from process start to a visible (mapped) window titled "Diffusion Explorer", measured from outside with
# xdotool, N times, under a private Xvfb. Prints each run, then the median and the max.
#
#   installer/startup-bench.sh [-n N] -- COMMAND...     e.g.
#   installer/startup-bench.sh -n 7 -- target/app-image/Diffusion\ Explorer/bin/Diffusion\ Explorer
#   installer/startup-bench.sh -n 7 -- java -jar target/diffusion-explorer.jar
#
# The first run after a build is the "cold" one when the caches (JavaFX's native libraries, the page cache) are
# fresh; HOME is a scratch folder per script run (so the user's settings are not used), the same for every run.
set -euo pipefail
n=5
while [[ $# -gt 0 ]]; do
  case "$1" in
    -n) n="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [-n N] -- COMMAND..." >&2; exit 2 ;;
  esac
done
[[ $# -gt 0 ]] || { echo "usage: $0 [-n N] -- COMMAND..." >&2; exit 2; }
command -v xdotool >/dev/null && command -v Xvfb >/dev/null || { echo "error: needs xdotool and Xvfb (apt-get install xdotool xvfb)" >&2; exit 2; }

display=":$((90 + RANDOM % 100))"
Xvfb "$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
scratch=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null; rm -rf "$scratch"' EXIT
sleep 1
export DISPLAY="$display"

times=()
for i in $(seq 1 "$n"); do
  start=$(date +%s%N)
  HOME="$scratch" JAVA_TOOL_OPTIONS="-Duser.home=$scratch" "$@" >/dev/null 2>&1 &
  pid=$!
  found=""
  for _ in $(seq 1 1500); do      # up to 30 s
    if xdotool search --onlyvisible --name '^Diffusion Explorer' >/dev/null 2>&1; then found=1; break; fi
    kill -0 $pid 2>/dev/null || break
    sleep 0.02
  done
  end=$(date +%s%N)
  pkill -TERM -P $pid 2>/dev/null || true
  kill -TERM $pid 2>/dev/null || true
  wait $pid 2>/dev/null || true
  if [[ -z "$found" ]]; then echo "run $i: no window" >&2; exit 1; fi
  ms=$(( (end - start) / 1000000 ))
  echo "run $i: ${ms} ms"
  times+=("$ms")
  sleep 0.5
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
median=${sorted[$(( (n - 1) / 2 ))]}
max=${sorted[$(( n - 1 ))]}
echo "startup: median ${median} ms, max ${max} ms over $n runs (first run ${times[0]} ms)"
