#!/usr/bin/env bash
# Builds the Docker image easymo/redis-local:7 from this machine's own redis-server and redis-cli
# binaries and the libraries they load, so that Testcontainers can start Redis where no image
# registry is reachable. The image is about 18 MB and builds in under a second.
#
# Usage: tests/redis/build-local-image.sh [image-name]
set -euo pipefail

image="${1:-easymo/redis-local:7}"
server="$(command -v redis-server)"
cli="$(command -v redis-cli)"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT

for binary in "$server" "$cli"; do
    # redis-server is often a symlink; -L copies the file it points to.
    cp -L --parents "$binary" "$root/"
    for library in $(ldd "$binary" | grep -o '/[^ ]*'); do
        cp -L --parents "$library" "$root/"
    done
done
# Redis writes cluster state and Sentinel configuration files; /tmp gives it a writable place.
mkdir -p "$root/tmp"
chmod 1777 "$root/tmp"

tar -C "$root" -cf - . | docker import -c "ENTRYPOINT [\"$server\"]" - "$image" >/dev/null
echo "Built $image from $server"
