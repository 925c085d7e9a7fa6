#!/usr/bin/env bash
# Checks the .deb from installer/build-linux.sh without installing it: unpacks it into a scratch root (dpkg -x),
# so nothing can depend on the install path, then starts the installed launcher headless:
#   - `models` must list the bundled models;
#   - `sample` with a bundled model must write a PNG (the engine, ND4J-free path);
#   - the window must paint its first frame under xvfb-run (when xvfb-run is there).
#   installer/smoke-linux.sh [path/to.deb]
set -euo pipefail
cd "$(dirname "$0")/.."
deb="${1:-$(ls target/installer/*.deb 2>/dev/null | head -1)}"
[[ -f "$deb" ]] || { echo "error: no .deb (run installer/build-linux.sh first)" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
dpkg -x "$deb" "$scratch/root"
launcher=$(find "$scratch/root" -path '*/bin/Diffusion Explorer' -type f | head -1)
[[ -x "$launcher" ]] || { echo "FAIL: no launcher 'bin/Diffusion Explorer' in $deb" >&2; exit 1; }
echo "launcher: ${launcher#$scratch/root}"
home="$scratch/home"; mkdir -p "$home"
run() { HOME="$home" JAVA_TOOL_OPTIONS="-Duser.home=$home" "$launcher" "$@" 2> >(grep -v '^Picked up JAVA_TOOL_OPTIONS' >&2); }
fail=0

out=$(run models)
echo "$out"
for m in fashion-mnist toy-moons toy-8gaussians; do
  grep -q "$m" <<<"$out" || { echo "FAIL: models does not list $m" >&2; fail=1; }
done

if run sample --model toy-moons --count 64 --steps 20 --out "$scratch/s" >/dev/null 2>&1 && ls "$scratch/s" | grep -q .; then
  echo "ok: sample --model toy-moons wrote $(ls "$scratch/s" | wc -l) file(s)"
else
  echo "FAIL: sample --model toy-moons" >&2; fail=1
fi
if run sample --model fashion-mnist --count 4 --steps 10 --out "$scratch/f" >/dev/null 2>&1 && ls "$scratch/f" | grep -q png; then
  echo "ok: sample --model fashion-mnist wrote a PNG"
else
  echo "FAIL: sample --model fashion-mnist" >&2; fail=1
fi

# the ND4J runtime (its native libraries and the JDK modules it needs in the trimmed runtime)
if run sample --model toy-moons --engine samediff --count 64 --steps 10 --out "$scratch/d" >/dev/null 2>"$scratch/d.err" && ls "$scratch/d" | grep -q .; then
  echo "ok: sample --engine samediff (ND4J) ran"
else
  echo "FAIL: sample --engine samediff: $(tail -3 "$scratch/d.err")" >&2; fail=1
fi

if run sample --model toy-moons --engine blas --count 64 --steps 10 --out "$scratch/b" >/dev/null 2>"$scratch/b.err" && ls "$scratch/b" | grep -q .; then
  echo "ok: sample --engine blas (OpenBLAS) ran"
else
  echo "FAIL: sample --engine blas: $(tail -3 "$scratch/b.err")" >&2; fail=1
fi

# the video encoder (FFmpeg's libraries, slimmed by the build): an H.264 and a VP9 file that are not empty
for fmt in mp4 webm; do
  if run export --source forward --t 0:1000:100 --size 64 --format "$fmt" --out "$scratch/v.$fmt" >/dev/null 2>"$scratch/v.err" && [[ -s "$scratch/v.$fmt" ]]; then
    echo "ok: export --format $fmt wrote $(du -k "$scratch/v.$fmt" | cut -f1) KiB"
  else
    echo "FAIL: export --format $fmt: $(tail -3 "$scratch/v.err")" >&2; fail=1
  fi
done

if command -v xvfb-run >/dev/null; then
  line=$(HOME="$home" JAVA_TOOL_OPTIONS="-Duser.home=$home -Ddiffusionexplorer.startupProbe=true -Ddiffusionexplorer.exitAfterFirstFrame=0" \
    timeout 120 xvfb-run -a -s "-screen 0 1280x800x24" "$launcher" 2>/dev/null | grep '^first-frame' || true)
  if [[ -n "$line" ]]; then echo "ok: window painted ($line ms from process start)"; else echo "FAIL: the window did not paint" >&2; fail=1; fi
fi
[[ -d "$home/.openjfx" ]] && echo "note: JavaFX unpacked natives into the home folder" || echo "ok: nothing unpacked into the home folder by JavaFX"
if [[ $fail == 0 ]]; then echo "smoke: PASS"; else echo "smoke: FAIL"; exit 1; fi
