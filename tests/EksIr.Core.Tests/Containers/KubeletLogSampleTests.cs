using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Logs;
using EksIr.Core.Evidence;
using EksIr.Tests;

namespace EksIr.Core.Tests.Containers;

/// <summary>
/// kubelet's own container-log test cases (kubernetes/kubernetes pkg/kubelet/kuberuntime/logs/logs_test.go, Apache-2.0;
/// tests/RealWorld/PROVENANCE.md) read from a pod's log folder: TestParseLog's CRI lines and TestReadLogs's json-file
/// lines. The expected values are those the test asserts for each line (its logMessage: stream and log) and for the
/// file (ReadLogs' output), and what kubelet's writer makes of partial lines (written without a newline, so joined with
/// the next full one).
/// </summary>
public sealed class KubeletLogSampleTests : IDisposable
{
    private const string Folder = "var/log/pods/default_web_7f3c2a9e-0000-4000-8000-000000000001/web";
    private readonly TempDir _node = new();

    public void Dispose() => _node.Dispose();

    private string Sample(string name) => File.ReadAllText(Repo.Path("tests", "RealWorld", "kubelet", name));

    [Fact]
    public void Cri_lines_are_read_as_kubelet_parses_them_tags_included()
    {
        // TestParseLog: "… stdout F cri stdout test log\n" → stdout, "cri stdout test log\n"; "… stderr F cri stderr test log\n"
        // → stderr; "unsupported log format test log\n" → an error; "… stdout P cri stdout partial test log\n" and
        // "… stdout P:TAG1:TAG2 cri stdout partial test log\n" → stdout, partial, "cri stdout partial test log" (no newline).
        _node.Write($"{Folder}/0.log", Sample("kubelet-parse-log-cases.cri.log"));
        var root = new EvidenceRoot(_node.Path);
        var problems = new List<EvidenceProblem>();

        var lines = CriLogReader.Read(root, CriLogReader.Files(root, Folder, problems), problems).ToList();

        Assert.Equal(
            [("stdout", "cri stdout test log"), ("stderr", "cri stderr test log"),
             ("stdout", "cri stdout partial test logcri stdout partial test logcri stdout test log")],
            lines.Select(l => (l.Stream, l.Message)));
        Assert.Equal([1L, 2, 4], lines.Select(l => l.Line));
        Assert.All(lines, l => Assert.Equal("2016-10-20T18:39:20.576064430Z", l.Time!.Value.ToString()));
        var problem = Assert.Single(problems);
        Assert.Equal(("line 3", "not a CRI log line"), (problem.Where, problem.Problem));
    }

    [Fact]
    public void A_dockershim_link_to_a_json_file_log_is_read_as_kubelet_reads_it()
    {
        // TestReadLogs writes three json-file lines; with the default options ReadLogs prints "line1\nline2\nline3\n",
        // and SinceTime 2020-09-27T11:18:02Z keeps "line2\nline3\n" (the times are each line's own). Under dockershim the
        // pod folder's 0.log is an absolute link to Docker's log, resolved against the node root.
        const string id = "3f1c0c2f0e7b4a0f9d1e2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2a3f";
        _node.Write($"var/lib/docker/containers/{id}/{id}-json.log", Sample("kubelet-read-logs.json.log"));
        Directory.CreateDirectory(_node.Combine(Folder));
        File.CreateSymbolicLink(_node.Combine(Folder, "0.log"), $"/var/lib/docker/containers/{id}/{id}-json.log");
        var root = new EvidenceRoot(_node.Path);
        var problems = new List<EvidenceProblem>();

        var lines = CriLogReader.Read(root, CriLogReader.Files(root, Folder, problems), problems).ToList();

        Assert.Empty(problems);
        Assert.Equal("line1\nline2\nline3\n", string.Concat(lines.Select(l => l.Message + "\n")));
        Assert.All(lines, l => Assert.Equal("stdout", l.Stream));
        Assert.Equal(["line2", "line3"], lines.Where(l => string.CompareOrdinal(l.Time!.Value.ToString(), "2020-09-27T11:18:02.000000000Z") >= 0).Select(l => l.Message));
    }

    [Fact]
    public void Lines_without_a_tag_keep_their_text_and_are_said()
    {
        // The CRI logging proposal of 2016 (kubernetes/community, contributors/design-proposals/node/kubelet-cri-logging.md) had no tag:
        // "2016-10-06T00:17:09.669794202Z stdout The content of the log entry 1".
        _node.Write($"{Folder}/0.log", "2016-10-06T00:17:09.669794202Z stdout The content of the log entry 1\n2016-10-06T00:17:10.113242941Z stderr The content of the log entry 2\n");
        var root = new EvidenceRoot(_node.Path);
        var problems = new List<EvidenceProblem>();

        var lines = CriLogReader.Read(root, CriLogReader.Files(root, Folder, problems), problems).ToList();

        Assert.Equal(["The content of the log entry 1", "The content of the log entry 2"], lines.Select(l => l.Message));
        Assert.Contains("2 lines without a P or F tag", Assert.Single(problems).Problem);
    }
}
