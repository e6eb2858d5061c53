#!/bin/sh
# Lays out, under OUT, the root file system of an Alpine-like image: BusyBox (statically linked) as /bin/sh
# and every applet in /bin, as in the Alpine images upstream's sidecars are built on; then each given tool
# with the shared libraries it loads (from ldd), and the given files and folders as they are.
#   collect-tools.sh OUT [--tool SOURCE=DESTINATION]... [--copy PATH]...
set -eu
out=$1
shift
mkdir -p "$out/bin" "$out/etc" "$out/root" "$out/tmp" "$out/usr/local/bin"
chmod 1777 "$out/tmp"
cp /usr/bin/busybox "$out/bin/busybox"
for applet in $(/usr/bin/busybox --list); do
  [ -e "$out/bin/$applet" ] || ln -s busybox "$out/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n' >"$out/etc/passwd"
printf 'root:x:0:root\nnobody:x:65534:\n' >"$out/etc/group"
while [ $# -gt 0 ]; do
  case $1 in
  --tool)
    source=${2%%=*}
    destination=${2#*=}
    mkdir -p "$out$(dirname "$destination")"
    cp -L "$source" "$out$destination"
    for lib in $(ldd "$source" | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p'); do
      mkdir -p "$out$(dirname "$lib")"
      cp -L "$lib" "$out$lib"
    done
    ;;
  --copy)
    mkdir -p "$out$(dirname "$2")"
    cp -a "$2" "$out$2"
    ;;
  *)
    echo "collect-tools.sh: unknown argument $1" >&2
    exit 2
    ;;
  esac
  shift 2
done
