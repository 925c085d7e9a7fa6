#!/usr/bin/env bash
# Builds the Windows app folder and the .msi under target/installer/ (run in Git Bash on Windows; jpackage needs
# WiX 3 on PATH for the .msi, as on GitHub's windows-2022 runners). Same steps as build-linux.sh
# (installer/lib.sh). A second, console launcher "diffusion-explorer.exe" runs the CLI in a terminal.
#   installer/build-windows.sh [--no-mvn] [--no-cds]
set -euo pipefail
cd "$(dirname "$0")/.."
os=windows
source installer/lib.sh
parse_args "$@"
check_jdk
build_runtime
printf 'win-console=true\n' > "$out/cli-launcher.properties"
make_app_image installer/icon/icon.ico --add-launcher "diffusion-explorer=$out/cli-launcher.properties"
app="$out/app-image/$name"
[[ $cds == 1 ]] && record_cds "$app/$name.exe" "$app/app" "$app/app/$name.cfg" env
echo "== .msi (jpackage)"
"$jdk/bin/jpackage" --type msi "${common[@]}" --app-image "$app" --win-menu --win-menu-group "Diffusion Explorer" \
  --win-shortcut --win-dir-chooser --win-upgrade-uuid 6f1c3a52-8d0e-4f7a-9b61-2c4d8e5a7f30 --dest "$out"
report_sizes "$app" "$out"/*.msi
