using System.Text;
using CsCheck;
using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Logs;
using EksIr.Core.Evidence;
using EksIr.Core.Time;

namespace EksIr.Core.Tests.Containers;

[Collection(ContainerdNodeCollection.Name)]
public sealed class CriLogsTests(ContainerdNode node)
{
    [ContainerdFact]
    public void Cri_logs_join_partial_chunks_and_read_rotated_gzip_files_first()
    {
        var logs = NodeLogs.Tail(new EvidenceRoot(node.Root), "sysdiag", tail: null);

        Assert.Empty(logs.Problems);
        Assert.Equal(
            ["sysdiag agent 0.9 starting", "warning: running privileged", "sysdiag agent 1.0 starting", "connect: network is unreachable",
             "fetching http://203.0.113.50/drop (attempt 1) ok", new string('A', 20000)],
            logs.Lines.Select(l => l.Message));
        Assert.Equal(["stdout", "stderr", "stdout", "stderr", "stdout", "stdout"], logs.Lines.Select(l => l.Stream));
        Assert.EndsWith("0.log.20261120-091500.gz", logs.Files[0]);
        Assert.All(logs.Lines, l => Assert.NotNull(l.Time));
        Assert.Equal(6, logs.Total);
        Assert.Equal(2, NodeLogs.Tail(new EvidenceRoot(node.Root), "sysdiag", tail: 2).Lines.Count);
    }
}

[Collection(DockerNodeCollection.Name)]
public sealed class DockerLogsTests(DockerNode node)
{
    [DockerFact]
    public void Json_file_logs_match_docker_logs_per_stream()
    {
        var logs = NodeLogs.Tail(new EvidenceRoot(node.Root), "web", tail: null);

        Assert.Equal(File.ReadAllText(Path.Combine(node.Root, ".docker-logs-stdout.txt")),
            string.Concat(logs.Lines.Where(l => l.Stream == "stdout").Select(l => l.Message + "\n")));
        Assert.Equal(File.ReadAllText(Path.Combine(node.Root, ".docker-logs-stderr.txt")),
            string.Concat(logs.Lines.Where(l => l.Stream == "stderr").Select(l => l.Message + "\n")));
    }

    [DockerFact]
    public void Local_driver_logs_match_docker_logs_per_stream_with_the_long_message_joined()
    {
        var logs = NodeLogs.Tail(new EvidenceRoot(node.Root), "batch", tail: null);

        Assert.Empty(logs.Problems);
        Assert.EndsWith("/local-logs/container.log", Assert.Single(logs.Files));
        var longMessage = new string('B', 40000); // written as partial entries of 16 KiB
        Assert.Equal(["batch starting", longMessage, "batch done"], logs.Lines.Where(l => l.Stream == "stdout").Select(l => l.Message));
        Assert.Equal(File.ReadAllText(Path.Combine(node.Root, ".docker-local-logs-stderr.txt")),
            string.Concat(logs.Lines.Where(l => l.Stream == "stderr").Select(l => l.Message + "\n")));
        // docker logs (20.10) prints the same bytes but drops the newline after the last chunk of a split message.
        Assert.Equal(File.ReadAllText(Path.Combine(node.Root, ".docker-local-logs-stdout.txt")), "batch starting\n" + longMessage + "batch done\n");
        Assert.All(logs.Lines, l => Assert.NotNull(l.Time));
    }

    [DockerFact]
    public void A_damaged_local_log_frame_is_skipped_to_the_next_entry_and_any_cut_or_corruption_never_crashes()
    {
        var root = new EvidenceRoot(node.Root);
        var file = Assert.Single(NodeLogs.Locate(root, "batch", []).Files);
        var bytes = File.ReadAllBytes(Path.Combine(node.Root, file));
        var intact = DockerLocalLogReader.Entries(bytes, file, []).Select(l => l.Message).ToList();

        var damaged = (byte[])bytes.Clone();
        damaged[1] ^= 0x40; // the first frame's length no longer matches its trailer
        var problems = new List<EvidenceProblem>();
        var read = DockerLocalLogReader.Entries(damaged, file, problems).Select(l => l.Message).ToList();
        Assert.Equal(intact.Skip(1), read);
        Assert.Equal("byte 0", Assert.Single(problems).Where);

        for (var cut = 0; cut < Math.Min(bytes.Length, 400); cut++)
        {
            _ = DockerLocalLogReader.Entries(bytes[..cut], file, []).ToList();
        }

        Gen.Int[0, bytes.Length - 1].Array[1, 6].Select(Gen.Byte.Array[6]).Sample((positions, values) =>
        {
            var fuzzed = (byte[])bytes.Clone();
            for (var i = 0; i < positions.Length; i++)
            {
                fuzzed[positions[i]] = values[i];
            }

            _ = DockerLocalLogReader.Entries(fuzzed, file, []).ToList();
        }, iter: 500);
    }
}

public sealed class ContainerLogLinkTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Without_pod_labels_the_var_log_containers_link_is_followed_inside_the_node_root()
    {
        var id = new string('c', 64);
        _temp.Write("node/var/log/pods/ns_pod_uid/app/0.log", "2026-11-20T09:00:00Z stdout F from the node\n");
        Directory.CreateDirectory(_temp.Combine("node", "var", "log", "containers"));
        File.CreateSymbolicLink(_temp.Combine("node", "var", "log", "containers", $"pod_ns_app-{id}.log"), "/var/log/pods/ns_pod_uid/app/0.log");
        var root = new EvidenceRoot(_temp.Combine("node"));
        var container = new ContainerRecord(id, "app", "containerd", "k8s.io", "img", null, "unknown", null, null, null, null, null,
            new Dictionary<string, string>(), null, null, null, ContainerSecurity.Unknown);

        var directory = CriLogReader.PodLogDirectory(root, container, []);

        Assert.Equal("var/log/pods/ns_pod_uid/app", directory);
        var lines = CriLogReader.Read(root, CriLogReader.Files(root, directory!, []), []).ToList();
        Assert.Equal(["from the node"], lines.Select(l => l.Message));
    }
}

/// <summary>Log files an attacker or a crash left behind: each bad line is reported with its line number, the rest is read.</summary>
public sealed class HostileLogTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Malformed_json_lines_a_huge_line_and_split_messages_in_a_docker_log()
    {
        var id = new string('a', 64);
        var huge = new string('B', (1 << 20) + 5000);
        var hugeLine = "{\"log\":\"" + huge + "\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-20T09:00:04Z\"}";
        _temp.Write($"node/var/lib/docker/containers/{id}/{id}-json.log.1", "{\"log\":\"old\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-20T09:00:00.000000001Z\"}\n");
        _temp.Write($"node/var/lib/docker/containers/{id}/{id}-json.log",
            "{\"log\":\"part one \",\"stream\":\"stdout\",\"time\":\"2026-11-20T09:00:01Z\"}\n" +
            "{not json\n" +
            "{\"log\":\"err\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-20T09:00:02Z\"}\n" +
            "{\"log\":\"and two\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-20T09:00:03Z\"}\n" +
            hugeLine + "\n" +
            "{\"stream\":\"stdout\"}\n");
        var root = new EvidenceRoot(_temp.Combine("node"));
        var problems = new List<EvidenceProblem>();

        var files = DockerJsonLogReader.Files(root, id, problems);
        var lines = DockerJsonLogReader.Read(root, files, problems).ToList();

        Assert.Equal(["old", "err", "part one and two"], lines.Select(l => l.Message));
        Assert.Equal(1, lines[2].Line); // the line of the current file where the message started
        Assert.Equal(["line 2", "line 5", "line 5", "line 6"], problems.Select(p => p.Where));
        Assert.Equal($"{hugeLine.Length}-byte line cut to 1048576 bytes", problems[1].Problem);
        Assert.Equal("cut, so unreadable as JSON", problems[2].Problem);
    }

    [Fact]
    public void A_rotated_cri_log_cut_off_keeps_the_lines_before_the_cut_and_says_it_is_cut()
    {
        var dir = _temp.Combine("node", "var", "log", "pods", "ns_pod_uid", "app");
        Directory.CreateDirectory(dir);
        var text = string.Concat(Enumerable.Range(0, 20_000).Select(i => $"2026-11-20T09:00:00.{i:D6}Z stdout F line {i}\n"));
        var gzipped = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(gzipped, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(System.Text.Encoding.ASCII.GetBytes(text));
        }

        File.WriteAllBytes(Path.Combine(dir, "0.log.20261120-000000.gz"), gzipped.ToArray()[..(int)(gzipped.Length / 2)]);
        File.WriteAllText(Path.Combine(dir, "0.log"), "2026-11-20T10:00:00Z stdout F current\n");
        var root = new EvidenceRoot(_temp.Combine("node"));
        var problems = new List<EvidenceProblem>();

        var lines = CriLogReader.Read(root, CriLogReader.Files(root, "var/log/pods/ns_pod_uid/app", problems), problems).ToList();

        Assert.Equal("current", lines[^1].Message);
        Assert.InRange(lines.Count, 1000, 20_000);
        Assert.Equal(Enumerable.Range(0, lines.Count - 1).Select(i => $"line {i}"), lines[..^1].Select(l => l.Message));
        var problem = Assert.Single(problems);
        Assert.Equal(("var/log/pods/ns_pod_uid/app/0.log.20261120-000000.gz", "damaged gzip data: the gzip data stops before its end (the file is cut off)"), (problem.File, problem.Problem));
    }

    [Fact]
    public void A_rotated_local_driver_log_cut_off_keeps_the_entries_before_the_cut_and_says_it_is_cut()
    {
        // moby's local driver: each entry a protobuf LogEntry (1: source, 3: line) between two big-endian uint32 lengths.
        var log = new MemoryStream();
        for (var i = 0; i < 5000; i++)
        {
            var line = System.Text.Encoding.ASCII.GetBytes($"entry {i}");
            byte[] entry = [0x0A, 6, .. "stdout"u8, 0x1A, (byte)line.Length, .. line];
            var size = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(size, (uint)entry.Length);
            log.Write(size);
            log.Write(entry);
            log.Write(size);
        }

        var gzipped = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(gzipped, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(log.ToArray());
        }

        const string file = "container.log.1.gz";
        _temp.Write("node/" + file, "");
        File.WriteAllBytes(_temp.Combine("node", file), gzipped.ToArray()[..(int)(gzipped.Length / 2)]);
        var problems = new List<EvidenceProblem>();

        var lines = DockerLocalLogReader.Read(new EvidenceRoot(_temp.Combine("node")), [file], problems).ToList();

        Assert.InRange(lines.Count, 100, 4999);
        Assert.Equal(Enumerable.Range(0, lines.Count).Select(i => $"entry {i}"), lines.Select(l => l.Message));
        var cut = Assert.Single(problems, p => p.Problem.StartsWith("damaged gzip data", StringComparison.Ordinal));
        Assert.Equal((file, "damaged gzip data: the gzip data stops before its end (the file is cut off); the entries before it are kept"), (cut.File, cut.Problem));
        Assert.Matches(@"^byte \d+ \(decompressed\)$", cut.Where);
    }

    [Fact]
    public void Cri_lines_that_do_not_parse_and_a_damaged_gzip_are_reported_and_reading_goes_on()
    {
        var dir = _temp.Combine("node", "var", "log", "pods", "ns_pod_uid", "app");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "0.log.20261120-000000.gz"), [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff]);
        File.WriteAllText(Path.Combine(dir, "0.log"), "garbage line\r\n2026-11-20T09:00:00.5Z stdout F fine\r\n2026-13-99T99:00:00Z stdout F bad time\n");
        var root = new EvidenceRoot(_temp.Combine("node"));
        var problems = new List<EvidenceProblem>();

        var lines = CriLogReader.Read(root, CriLogReader.Files(root, "var/log/pods/ns_pod_uid/app", problems), problems).ToList();

        Assert.Equal(["fine"], lines.Select(l => l.Message));
        Assert.Equal(3, problems.Count);
        Assert.StartsWith("damaged gzip data", problems[0].Problem);
        Assert.Equal(("line 1", "not a CRI log line"), (problems[1].Where, problems[1].Problem));
        Assert.Equal("line 3", problems[2].Where);
    }

    [Fact]
    public void A_json_file_log_line_with_an_escaped_lone_surrogate_or_a_byte_that_is_not_utf8_is_kept_and_said()
    {
        // dockerd (Go) writes \ufffd itself; these lines are what a hostile or hand-edited log can hold.
        byte[] log = [.. "{\"log\":\"kworker \\ud800 up\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-29T06:23:31.1Z\"}\n"u8,
            .. "{\"log\":\"caf"u8, 0xE9, .. "\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-29T06:23:32.1Z\"}\n"u8];
        File.WriteAllBytes(_temp.Combine("c-json.log"), log);
        var problems = new List<EvidenceProblem>();

        var lines = DockerJsonLogReader.Read(new EvidenceRoot(_temp.Path), ["c-json.log"], problems).ToList();

        Assert.Equal(["kworker \uFFFD up", "caf\uFFFD"], lines.Select(l => l.Message));
        Assert.Contains(problems, p => p.File == "c-json.log" && p.Where == "line 1, byte 16" && p.Problem.StartsWith("1 escaped lone surrogate", StringComparison.Ordinal));
    }

    [Fact]
    public void A_json_file_log_line_whose_time_is_missing_or_unreadable_is_kept_without_a_time_and_said()
    {
        File.WriteAllText(_temp.Combine("c-json.log"),
            "{\"log\":\"one\\n\",\"stream\":\"stdout\"}\n{\"log\":\"two\\n\",\"stream\":\"stdout\",\"time\":\"yesterday\"}\n{\"log\":\"three\\n\",\"stream\":\"stdout\",\"time\":\"\\u001b[2J\"}\n");
        var problems = new List<EvidenceProblem>();

        var lines = DockerJsonLogReader.Read(new EvidenceRoot(_temp.Path), ["c-json.log"], problems).ToList();

        Assert.Equal([("one", (PreciseTime?)null), ("two", null), ("three", null)], lines.Select(l => (l.Message, l.Time)));
        Assert.Equal(
            [("line 1", "no time field; the line is kept without a time"), ("line 2", "unreadable time 'yesterday'; the line is kept without a time"),
                ("line 3", "unreadable time (4 characters); the line is kept without a time")],
            problems.Select(p => (p.Where, p.Problem)));
    }

    [Fact]
    public void Json_file_log_lines_mutated_with_hostile_bytes_and_escapes_never_crash_the_reader()
    {
        var root = new EvidenceRoot(_temp.Path);
        var line = "{\"log\":\"GET /index.html 200\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-29T06:23:31.123456789Z\"}\n"u8.ToArray();
        byte[] sample = [.. line, .. line, .. line];
        byte[][] hostile = [[0xFF], [0x80], [0xE2, 0x82], "\\ud800"u8.ToArray(), "\\udfff\\u"u8.ToArray(), "\""u8.ToArray(), "\n"u8.ToArray()];
        var counter = 0;
        Gen.Int[0, sample.Length].Array[1, 5].Select(Gen.Int[0, hostile.Length - 1].Array[5]).Sample((positions, kinds) =>
        {
            var bytes = sample.ToList();
            foreach (var (at, i) in positions.OrderDescending().Zip(kinds))
            {
                bytes.InsertRange(at, hostile[i]);
            }

            var name = $"mutated-{Interlocked.Increment(ref counter)}-json.log";
            File.WriteAllBytes(_temp.Combine(name), [.. bytes]);
            var problems = new List<EvidenceProblem>();
            _ = DockerJsonLogReader.Read(root, [name], problems).Count();
            Assert.All(problems, p => Assert.Equal(name, p.File));
        }, iter: 1000);
    }

    [Fact]
    public void Random_bytes_as_log_files_never_crash_either_reader()
    {
        var root = new EvidenceRoot(_temp.Path);
        var counter = 0;
        Gen.Byte.Array[0, 3000].Select(Gen.Bool).Sample((bytes, gz) =>
        {
            var name = $"fuzz-{Interlocked.Increment(ref counter)}.log" + (gz ? ".gz" : "");
            File.WriteAllBytes(_temp.Combine(name), gz ? [0x1f, 0x8b, .. bytes] : bytes);
            var problems = new List<EvidenceProblem>();
            _ = CriLogReader.Read(root, [name], problems).Count();
            _ = DockerJsonLogReader.Read(root, [name], problems).Count();
            Assert.All(problems, p => Assert.Equal(name, p.File));
        }, iter: 300);
    }
}
