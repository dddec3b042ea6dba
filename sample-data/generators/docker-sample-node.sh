#!/usr/bin/env bash
# Builds sample-data/docker-node/shop-node.tar.gz: a node that ran Docker (dockershim-era Kubernetes or a
# self-managed host), made by the REAL dockerd (docker-node.sh) and collected as an acquisition script would:
# GNU tar, pax format (nanosecond times, xattrs, owners, setuid bits kept), gzip. Read in place, without root.
# Needs what docker-node.sh needs. Run from anywhere:  sample-data/generators/docker-sample-node.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../docker-node/shop-node.tar.gz"
work=$(mktemp -d /tmp/eksir-docker-sample.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$here/docker-node.sh" "$work/node"
mkdir -p "$(dirname "$out")"
# The engine's own views (.docker-*) are for the tests, not part of a node's disk.
tar --format=pax --xattrs --xattrs-include='*' --numeric-owner --sort=name \
    -C "$work/node" -cf - ./var | gzip -n -9 > "$out.tmp"
mv "$out.tmp" "$out"
echo "node archive: $out ($(du -h "$out" | cut -f1))" >&2
