# Shared steps of installer/build-{linux,macos,windows}.sh (sourced, not run). Each script sets
#   os=linux|macos|windows
# and calls: parse_args, check_jdk, build_runtime, make_app_image, record_cds, then its package types.
# Everything is written under target/installer/.

name="Diffusion Explorer"
out=target/installer
case "${os:?}" in
  windows) sep=";" natives="*.dll" ;;
  macos) sep=":" natives="*.dylib" ;;
  *) sep=":" natives="*.so" ;;
esac

# the scripts' options: --no-mvn (reuse target/diffusion-explorer.jar and target/lib), --no-cds (no class-data archive)
parse_args() {
  mvn_build=1; cds=1
  for a in "$@"; do
    case "$a" in
      --no-mvn) mvn_build=0 ;;
      --no-cds) cds=0 ;;
      *) echo "usage: $0 [--no-mvn] [--no-cds]" >&2; exit 2 ;;
    esac
  done
}

check_jdk() {
  jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
  [[ -d "$jdk/jmods" ]] || { echo "error: $jdk has no jmods folder (Debian: apt-get install openjdk-17-jmods), needed by jlink" >&2; exit 1; }
  for tool in jlink jpackage jdeps; do
    [[ -x "$jdk/bin/$tool" || -x "$jdk/bin/$tool.exe" ]] || { echo "error: $jdk/bin/$tool missing" >&2; exit 1; }
  done
}

build_jar() {
  if [[ ${mvn_build:-1} == 1 ]]; then mvn -B -q ${MVN_OFFLINE:+-o} -DskipTests package; fi
  [[ -f target/diffusion-explorer.jar && -d target/lib ]] || { echo "error: no target/diffusion-explorer.jar (run without --no-mvn)" >&2; exit 1; }
  version=$(sed -n 's/^version=//p' target/classes/org/diffusionexplorer/build.properties | tr -d '\r')
  app_version=${version%%-*}    # jpackage wants numbers only: 0.1.0-SNAPSHOT -> 0.1.0
  common=(--name "$name" --app-version "$app_version" --vendor "Diffusion Explorer"
    --description "See and play with diffusion models: forward noising, schedules, samplers, training."
    --copyright "Diffusion Explorer contributors")
}

# the app's class path: our jar and every library but JavaFX (linked into the runtime as modules), and the models
stage_input() {
  rm -rf "$out"
  mkdir -p "$out/input/lib"
  cp target/diffusion-explorer.jar "$out/input/"
  for j in target/lib/*.jar; do
    case "$(basename "$j")" in javafx-*) ;; *) cp "$j" "$out/input/lib/" ;; esac
  done
  cp -r pretrained "$out/input/pretrained"   # found next to the jar ($APPDIR/pretrained)
  rm -rf "$out"/input/pretrained/*/checkpoint # a training run's resumable state (for the next session), not the app's
  # the medium quality model (13.3 MB) would take the installed size past its 250 MB goal; the window's models are
  # the small ones, and `java -jar` from a checkout still has it
  rm -rf "$out"/input/pretrained/fashion-mnist-cond-medium
  slim_nd4j
  slim_jars
  fx_jars=$(ls target/lib/javafx-*-[a-z]*.jar | tr '\n' "$sep")
}

# ND4J's Linux library ships with its symbol table (37 of its 366 MB, 4 MB of the compressed jar): stripped, and
# the jar entry rewritten in place (the rest of the jar is untouched). Skipped where strip or zip is missing.
slim_nd4j() {
  [[ $os == linux ]] && command -v strip >/dev/null && command -v zip >/dev/null || return 0
  local jar entry tmp
  for jar in "$PWD/$out"/input/lib/nd4j-native-*-linux-*.jar; do
    [[ -f $jar ]] || continue
    entry=$(unzip -Z1 "$jar" | grep '/libnd4jcpu\.so$' | head -1 || true)
    [[ -n $entry ]] || continue
    tmp=$(mktemp -d)
    if (cd "$tmp" && unzip -q "$jar" "$entry" && strip --strip-unneeded "$entry" && zip -q -9 "$jar" "$entry"); then
      echo "stripped $(basename "$jar"): $(du -h "$jar" | cut -f1)"
    else
      echo "warning: could not strip $entry in $(basename "$jar")" >&2
    fi
    rm -rf "$tmp"
  done
}

# Entries the app never loads, deleted from the staged copies of the jars (the Maven build is untouched): FFmpeg's
# command-line programs and the libraries our encoder does not link (avfilter, avdevice, postproc: the export uses
# avcodec, avformat, swscale, avutil and what they pull); OpenBLAS's C headers (not its LAPACK bindings: ND4J loads
# them at start); JNA's libraries for other systems and, off Windows, JNA's Win32 bindings. About 5 MB of the
# installed size; installer/smoke-linux.sh exports a video and runs the OpenBLAS and ND4J engines from the slimmed
# jars. Skipped where zip is missing.
slim_jars() {
  command -v zip >/dev/null || return 0
  local jar keep before drop
  case "$os" in linux) keep="linux-$(uname -m | sed 's/x86_64/x86-64/;s/arm64/aarch64/')" ;; macos) keep=darwin ;; *) keep="win32-x86-64" ;; esac
  for jar in "$PWD/$out"/input/lib/*.jar; do
    drop=()
    case "$(basename "$jar")" in
      ffmpeg-*-*-*.jar)
        mapfile -t drop < <(unzip -Z1 "$jar" | grep -E '/(ffmpeg|ffprobe)(\.exe)?$|(avfilter|avdevice|postproc)[^/]*$|/jni(avfilter|avdevice|postproc)/' || true) ;;
      openblas-*-*-*.jar)
        mapfile -t drop < <(unzip -Z1 "$jar" | grep -E '/include/' || true) ;;
      jna-[0-9]*.jar)
        mapfile -t drop < <(unzip -Z1 "$jar" | grep -E '^com/sun/jna/[a-z0-9]+-[a-z0-9-]+/|^com/sun/jna/darwin/' | grep -v "^com/sun/jna/$keep/" || true) ;;
      jna-platform-*.jar)
        [[ $os == windows ]] || mapfile -t drop < <(unzip -Z1 "$jar" | grep -E '^com/sun/jna/platform/(win32|wince)/' || true) ;;
    esac
    (( ${#drop[@]} )) || continue
    before=$(du -k "$jar" | cut -f1)
    if printf '%s\n' "${drop[@]}" | zip -q -d "$jar" -@ >/dev/null; then
      echo "slimmed $(basename "$jar"): ${#drop[@]} entries, $before → $(du -k "$jar" | cut -f1) KiB"
    else
      echo "warning: could not slim $(basename "$jar")" >&2
    fi
  done
}

# a runtime with the modules jdeps finds (ours and the libraries'), JavaFX, and the Vector API
make_runtime() {
  echo "== modules (jdeps)"
  local cp_libs ours theirs
  cp_libs=$(ls "$out"/input/lib/*.jar | tr '\n' "$sep")
  ours=$("$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 17 \
    --module-path "$fx_jars" --class-path "$cp_libs" "$out/input/diffusion-explorer.jar" 2>/dev/null | tail -1)
  theirs=$("$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 17 \
    --module-path "$fx_jars" "$out"/input/lib/*.jar 2>/dev/null | tail -1 || true)
  modules=$(echo "$ours,$theirs,jdk.incubator.vector,javafx.controls,javafx.swing,jdk.crypto.ec,jdk.localedata" \
    | tr ',' '\n' | tr -d '\r' | grep -E '^[a-z]' | sort -u | tr '\n' ',' | sed 's/,$//')
  echo "$modules"
  echo "== runtime (jlink)"
  "$jdk/bin/jlink" --module-path "$jdk/jmods$sep$fx_jars" --add-modules "$modules" \
    --strip-debug --no-header-files --no-man-pages --compress=2 --include-locales=en \
    --exclude-resources='**.so,**.dll,**.dylib' \
    --output "$out/runtime" 2> >(grep -v 'Using incubator modules' >&2)
  # JavaFX's native libraries unpacked into the runtime, where System.loadLibrary finds them (else JavaFX unpacks
  # them into the user's home at first start)
  local dest="$out/runtime/lib"
  [[ $os == windows ]] && dest="$out/runtime/bin"
  for j in $(echo "$fx_jars" | tr "$sep" ' '); do unzip -q -o -j "$j" "$natives" -d "$dest" 2>/dev/null || true; done
  # the JVM's symbol tables (not needed to run; 3 MB of libjvm.so)
  if [[ $os == linux ]] && command -v strip >/dev/null; then
    find "$out/runtime/lib" -name '*.so' -exec strip --strip-unneeded {} + 2>/dev/null || true
  fi
  # the runtime's base class-data archive (the JDK's classes)
  "$out/runtime/bin/java" -Xshare:dump >/dev/null 2>&1 || true
}

# the jar, the staged class path and the trimmed runtime: what every OS's app-image is made from
build_runtime() {
  build_jar
  stage_input
  make_runtime
}

# jpackage app-image; its launcher passes --add-modules=jdk.incubator.vector itself (no JVM restart)
make_app_image() {
  echo "== app-image (jpackage)"
  "$jdk/bin/jpackage" --type app-image "${common[@]}" \
    --input "$out/input" --main-jar diffusion-explorer.jar --main-class org.diffusionexplorer.app.Launcher \
    --runtime-image "$out/runtime" --icon "$1" \
    --java-options "--add-modules=jdk.incubator.vector" \
    --java-options "-Dde.relaunch=false" \
    "${@:2}" \
    --dest "$out/app-image"
}

# One start of the window with -XX:ArchiveClassesAtExit records the classes a start and a first paint load; the
# launcher then maps them with -XX:SharedArchiveFile=$APPDIR/app.jsa. Arguments: the launcher, the app folder
# ($APPDIR), the launcher's .cfg file, and a command prefix that gives a display (xvfb-run on Linux).
record_cds() {
  local launcher="$1" appdir="$2" cfg="$3"; shift 3
  echo "== AppCDS archive (one start of the window)"
  local scratch jsa
  scratch=$(mktemp -d)
  # recorded at a path without spaces (JAVA_TOOL_OPTIONS splits on them), then moved to where the launcher reads
  # it (checked: a copy of the app-image moved elsewhere still maps it, so no install path is baked in)
  jsa="$PWD/$out/app.jsa"
  [[ $os == windows ]] && jsa=$(cygpath -m "$jsa" 2>/dev/null || echo "$jsa")
  HOME="$scratch" JAVA_TOOL_OPTIONS="-XX:ArchiveClassesAtExit=$jsa -Duser.home=$scratch -Ddiffusionexplorer.exitAfterFirstFrame=300" \
    timeout 300 "$@" "$launcher" >"$out/cds-dump.log" 2>&1 || true
  rm -rf "$scratch"
  if [[ -s "$out/app.jsa" ]]; then
    mv "$out/app.jsa" "$appdir/app.jsa"
    printf 'java-options=-XX:SharedArchiveFile=$APPDIR/app.jsa\njava-options=-Xshare:auto\njava-options=-Xlog:disable\njava-options=-Xlog:all=error:stderr\n' >> "$cfg"
    echo "app.jsa: $(du -h "$appdir/app.jsa" | cut -f1)"
  else
    echo "warning: no AppCDS archive was written (see $out/cds-dump.log); the app starts without it" >&2
  fi
}

report_sizes() {
  echo "== sizes"
  echo "installed (app-image): $(du -sh "$1" | cut -f1)"
  shift
  for f in "$@"; do [[ -f "$f" ]] && echo "$(basename "$f"): $(du -h "$f" | cut -f1)"; done
  return 0
}
