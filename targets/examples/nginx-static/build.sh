#!/usr/bin/env bash
# Builds nginx-static-image/dist/rootfs.tar: a minimal Debian bookworm with nginx-light, unmodified,
# from this machine's own apt sources (no registry needed; `bench setup` installs mmdebstrap).
# nginx-static-image/Dockerfile starts FROM scratch and ADDs it.
# Idempotent: skipped while the tar is newer than this script.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tar=$here/nginx-static-image/dist/rootfs.tar
if [[ -s $tar && $tar -nt $here/build.sh ]]; then
  echo "nginx-static: $tar is up to date"
  exit 0
fi
mkdir -p "$here/nginx-static-image/dist"
# Written under another name and moved into place, so an interrupted build never leaves a tar that looks fresh.
partial=$here/nginx-static-image/dist/rootfs.partial.tar
rm -f "$partial"
# Docs, man pages and translations are dead weight in a container (Debian's -slim images drop the same; copyright
# files kept). The merged-usr hook makes the /usr symlinks itself: without it apt pulls in usrmerge and, through
# it, all of Perl (~45 MB).
mmdebstrap --variant=minbase --include=nginx-light \
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
  bookworm "$partial"
mv "$partial" "$tar"
echo "nginx-static: built $tar ($(du -h "$tar" | cut -f1))"
