#!/usr/bin/env bash
# Builds libzcbench.so into OUT/META-INF/native/linux-ARCH/. On a machine that cannot build it
# (not Linux, no C compiler, no JNI headers) it writes BUILD-FAILED.txt there instead, and the
# Java loader reports that reason; the rest of zcbench still builds and runs.
set -u
out=${1:?usage: build.sh OUTPUT_DIR JAVA_HOME}
java_home=${2:?usage: build.sh OUTPUT_DIR JAVA_HOME}
src=$(cd "$(dirname "$0")" && pwd)

case "$(uname -m)" in
  x86_64|amd64) arch=x86_64 ;;
  aarch64|arm64) arch=aarch64 ;;
  *) arch=$(uname -m) ;;
esac
dir="$out/META-INF/native/linux-$arch"
mkdir -p "$dir"
lib="$dir/libzcbench.so"
failed="$dir/BUILD-FAILED.txt"

fail() {
  echo "[zcbench native] not built: $1" >&2
  printf '%s\n' "$1" > "$failed"
  rm -f "$lib"
  exit 0
}

[ "$(uname -s)" = Linux ] || fail "libzcbench is Linux-only; this machine runs $(uname -s)"
cc=${CC:-cc}
command -v "$cc" >/dev/null 2>&1 || fail "no C compiler ('$cc' not found); install gcc and rebuild"
inc="$java_home/include"
[ -f "$inc/jni.h" ] || inc="$java_home/../include"
[ -f "$inc/jni.h" ] || fail "jni.h not found under $java_home; build with a JDK, not a JRE"

# Rebuild only when a source is newer than the library.
if [ -f "$lib" ] && [ -z "$(find "$src" -name '*.[ch]' -newer "$lib" -print -quit)" ]; then
  rm -f "$failed"
  exit 0
fi

if ! "$cc" -shared -fPIC -O2 -std=gnu11 -Wall -Wextra -Werror -fvisibility=hidden \
    -I"$inc" -I"$inc/linux" "$src"/*.c -o "$lib.tmp" 2> "$dir/cc.log"; then
  cat "$dir/cc.log" >&2
  fail "the C compiler failed: $(head -n 1 "$dir/cc.log")"
fi
mv "$lib.tmp" "$lib"
rm -f "$failed" "$dir/cc.log"
echo "[zcbench native] built $lib" >&2
