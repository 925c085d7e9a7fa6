#!/usr/bin/env bash
# Builds the macOS app bundle, .dmg and .pkg under target/installer/ (run on a Mac, Intel or Apple silicon: the
# pom's OS profile picks the matching native jars). Same steps as build-linux.sh (installer/lib.sh); the AppCDS
# start needs the logged-in desktop session a hosted macOS runner has.
#   installer/build-macos.sh [--no-mvn] [--no-cds]
set -euo pipefail
cd "$(dirname "$0")/.."
os=macos
source installer/lib.sh
parse_args "$@"
check_jdk
build_runtime
make_app_image installer/icon/icon.icns --mac-package-identifier org.diffusionexplorer.app --mac-package-name "Diffusion Explorer"
app="$out/app-image/$name.app"
[[ $cds == 1 ]] && record_cds "$app/Contents/MacOS/$name" "$app/Contents/app" "$app/Contents/app/$name.cfg" env
for type in dmg pkg; do
  echo "== .$type (jpackage)"
  "$jdk/bin/jpackage" --type "$type" "${common[@]}" --app-image "$app" --dest "$out"
done
report_sizes "$app" "$out"/*.dmg "$out"/*.pkg
