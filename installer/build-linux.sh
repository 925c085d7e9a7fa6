#!/usr/bin/env bash
# Builds the Linux app-image and the .deb (and the .rpm where rpmbuild exists) under target/installer/:
#   target/installer/app-image/Diffusion Explorer/bin/Diffusion Explorer   the app, runnable in place
#   target/installer/diffusion-explorer_<version>-1_<arch>.deb
# Steps (installer/lib.sh): mvn package (no tests) -> a jlinked runtime with only the modules jdeps finds,
# JavaFX and jdk.incubator.vector -> jpackage app-image, whose launcher passes --add-modules=jdk.incubator.vector
# itself (the installed app never restarts its JVM) -> an AppCDS archive recorded from one start of the window
# under xvfb-run -> jpackage .deb from that app-image. A few minutes; not part of mvn test.
#
#   installer/build-linux.sh            # the whole build
#   installer/build-linux.sh --no-mvn   # reuse target/diffusion-explorer.jar and target/lib
#   installer/build-linux.sh --no-cds   # without the class-data archive (no xvfb-run needed)
# Then: installer/smoke-linux.sh (the .deb unpacked and started), installer/startup-bench.sh (start-up time).
set -euo pipefail
cd "$(dirname "$0")/.."
os=linux
source installer/lib.sh
parse_args "$@"

check_jdk
missing=()
command -v fakeroot >/dev/null || missing+=(fakeroot)
command -v dpkg-deb >/dev/null || missing+=(dpkg-dev)
command -v unzip >/dev/null || missing+=(unzip)
if [[ $cds == 1 ]]; then command -v xvfb-run >/dev/null || missing+=(xvfb xauth); fi
# optional: zip and strip slim ND4J's native library (8 MB less); without them it ships as Maven has it
optional=()
command -v zip >/dev/null || optional+=(zip)
command -v strip >/dev/null || optional+=(binutils)
if [[ ${#optional[@]} -gt 0 ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    missing+=("${optional[@]}")
  else
    echo "note: without ${optional[*]} ND4J's library is not stripped (sudo apt-get install ${optional[*]})" >&2
  fi
fi
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "error: needs ${missing[*]} (sudo apt-get install ${missing[*]})" >&2; exit 1
  fi
fi

build_runtime
make_app_image installer/icon/icon.png
app="$out/app-image/$name"
if [[ $cds == 1 ]]; then
  record_cds "$app/bin/$name" "$app/lib/app" "$app/lib/app/$name.cfg" xvfb-run -a -s "-screen 0 1600x1000x24"
fi

echo "== .deb (jpackage)"
"$jdk/bin/jpackage" --type deb "${common[@]}" --app-image "$app" \
  --linux-package-name diffusion-explorer --linux-app-category science --linux-menu-group "Education;Science" \
  --linux-package-deps "libgtk-3-0, libxtst6" --linux-deb-maintainer "maintainers@diffusionexplorer.org" \
  --linux-shortcut --icon installer/icon/icon.png --dest "$out"
deb=$(ls "$out"/*.deb 2>/dev/null | head -1)
[[ -n "$deb" ]] || { echo "error: jpackage made no .deb" >&2; exit 1; }
rpm=""
if command -v rpmbuild >/dev/null; then
  echo "== .rpm (jpackage)"
  "$jdk/bin/jpackage" --type rpm "${common[@]}" --app-image "$app" --linux-package-name diffusion-explorer \
    --linux-app-category Education --linux-shortcut --icon installer/icon/icon.png --dest "$out"
  rpm=$(ls "$out"/*.rpm | head -1)
fi
report_sizes "$app" "$deb" $rpm
