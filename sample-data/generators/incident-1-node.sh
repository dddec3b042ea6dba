#!/usr/bin/env bash
# Builds sample-data/incident-1/node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz: the compromised
# node's /var/lib/containerd, /var/log/pods, /var/log/containers and dpkg status, made by the REAL containerd
# (containerd-node.sh), collected as an acquisition script would: GNU tar, pax format (nanosecond times,
# xattrs, whiteout devices, setuid bits and owners kept), gzip. Analysts read it in place, without root.
# Needs what containerd-node.sh needs. Run from anywhere:  sample-data/generators/incident-1-node.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../incident-1/node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz"
work=$(mktemp -d /tmp/eksir-incident-1.XXXXXX)
trap 'rm -rf "$work"' EXIT

"$here/containerd-node.sh" "$work/node"
mkdir -p "$(dirname "$out")"
# The engine's own views (.ctr-*) are for the tests, not part of a node's disk.
tar --format=pax --xattrs --xattrs-include='*' --numeric-owner --sort=name \
    --exclude='./.ctr-*' -C "$work/node" -cf - ./var | gzip -n -9 > "$out.tmp"
mv "$out.tmp" "$out"
echo "node archive: $out ($(du -h "$out" | cut -f1))" >&2
