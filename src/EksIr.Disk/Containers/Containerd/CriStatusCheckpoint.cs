using System.Text.Json;
using EksIr.Core.Evidence;
using EksIr.Core.Time;

namespace EksIr.Disk.Containers.Containerd;

/// <summary>
/// The CRI plugin's status checkpoint of a container, <c>var/lib/containerd/io.containerd.grpc.v1.cri/containers/&lt;id&gt;/status</c>
/// (containerd pkg/cri/store/container/status.go, 1.6–1.7; internal/cri/store/container in 2.x): Go's encoding/json
/// of <c>versionedStatus{Version string; Status}</c> — the embedded Status's fields sit beside Version:
/// <c>{"Version":"v1","Pid":…,"CreatedAt":…,"StartedAt":…,"FinishedAt":…,"ExitCode":…,"Reason":"…","Message":"…","Resources":…}</c>,
/// times as Unix nanoseconds, 0 when not yet reached. containerd refuses any Version but "v1" ("unsupported version"),
/// and so does this reader. The state is containerd's own rule (Status.State): finished → exited, else started →
/// running, else created → created. Sandboxes have no such file (their state lives only in the running task).
/// </summary>
public static class CriStatusCheckpoint
{
    public const string ContainersRoot = ContainerdPaths.Root + "/io.containerd.grpc.v1.cri/containers";
    private const long MaxBytes = 1L << 20; // real checkpoints are a few hundred bytes; Resources adds at most a few KiB

    public static string PathOf(string containerId) =>
        $"{ContainersRoot}/{EvidenceName.Of(containerId, ContainerdPaths.MetaDb + ": container id")}/status";

    /// <summary>The ids of every container the CRI plugin still has a checkpoint folder for (a folder it cannot read said in <paramref name="problems"/>).</summary>
    public static IReadOnlyList<string> ContainerIds(EvidenceRoot root, ICollection<EvidenceProblem> problems) =>
        root.DirectoryExists(ContainersRoot)
            ? root.Walk(ContainersRoot, problems, "the checkpoints in it are not read").Select(e => e.Path[(ContainersRoot.Length + 1)..])
                .Where(p => p.EndsWith("/status", StringComparison.Ordinal) && p.Count(c => c == '/') == 1)
                .Select(p => p[..^"/status".Length]).ToArray()
            : [];

    /// <summary>The container's state and run status, or null when it has no checkpoint or it cannot be read (then said in <paramref name="problems"/>).</summary>
    public static (string State, PreciseTime? CreatedAt, ContainerRunStatus Status)? TryRead(EvidenceRoot root, string containerId, List<EvidenceProblem> problems)
    {
        var path = PathOf(containerId);
        if (!root.FileExists(path))
        {
            return null;
        }

        try
        {
            using var doc = EvidenceJson.Parse(root.ReadAllBytes(path, MaxBytes), path, problems, new JsonDocumentOptions { MaxDepth = 32 });
            return Decode(doc.RootElement, path, problems);
        }
        catch (JsonException e)
        {
            problems.Add(new EvidenceProblem(path, EvidenceJson.Where(e), "malformed JSON: " + EvidenceJson.Why(e)));
        }
        catch (EvidenceAccessException e)
        {
            problems.Add(new EvidenceProblem(path, "", e.Reason));
        }

        return null;
    }

    private static (string, PreciseTime?, ContainerRunStatus)? Decode(JsonElement status, string path, List<EvidenceProblem> problems)
    {
        if (status.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new EvidenceProblem(path, "", $"a status checkpoint is a JSON object, this is {status.ValueKind}"));
            return null;
        }

        var version = status.TryGetProperty("Version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (version != "v1")
        {
            problems.Add(new EvidenceProblem(path, "Version",
                version is null ? "no Version; not a CRI status checkpoint" : $"unsupported status checkpoint version '{version}' (containerd writes and reads only v1)"));
            return null;
        }

        var fields = new Fields(status, path, problems);
        var created = fields.Nanos("CreatedAt");
        var started = fields.Nanos("StartedAt");
        var finished = fields.Nanos("FinishedAt");
        var state = finished.Raw != 0 ? "exited" : started.Raw != 0 ? "running" : created.Raw != 0 ? "created" : "unknown";
        var pid = fields.Integer("Pid", 0, uint.MaxValue);
        var exit = fields.Integer("ExitCode", int.MinValue, int.MaxValue);
        return (state, created.Time, new ContainerRunStatus(
            pid is null or 0 ? null : pid,
            started.Time,
            finished.Time,
            finished.Raw != 0 && exit is { } code ? (int)code : null,
            fields.Text("Reason"),
            fields.Text("Message"),
            path));
    }

    /// <summary>One field at a time: a field of the wrong type is a problem naming it, and the others are still read.</summary>
    private sealed class Fields(JsonElement status, string path, List<EvidenceProblem> problems)
    {
        public long? Integer(string name, long min, long max)
        {
            if (!status.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= min && n <= max)
            {
                return n;
            }

            problems.Add(new EvidenceProblem(path, name, $"not an integer in [{min}, {max}]: {Shown(value)}"));
            return null;
        }

        public (long Raw, PreciseTime? Time) Nanos(string name)
        {
            if (Integer(name, long.MinValue, long.MaxValue) is not { } nanos || nanos == 0)
            {
                return (0, null);
            }

            var time = PreciseTime.TryCreate(Math.DivRem(nanos, 1_000_000_000L, out var rest) - (rest < 0 ? 1 : 0), rest < 0 ? rest + 1_000_000_000L : rest);
            return (nanos, time);
        }

        public string Text(string name)
        {
            if (!status.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                return "";
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                return value.GetString() ?? "";
            }

            problems.Add(new EvidenceProblem(path, name, $"not a string: {Shown(value)}"));
            return "";
        }

        private static string Shown(JsonElement value) =>
            value.GetRawText() is var raw && raw.Length > 40 ? raw[..40] + "…" : value.GetRawText();
    }
}
