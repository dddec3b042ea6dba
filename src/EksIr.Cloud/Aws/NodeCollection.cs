using System.Text.Json;
using EksIr.Cloud.Plans;
using EksIr.Core.Plans;

namespace EksIr.Cloud.Aws;

/// <summary>
/// The <c>acquire node</c> plan: the collection script (<see cref="NodeCollectionScript"/>) shown in full, then — with
/// execute — sent through SSM Run Command to the instance that has the node's root (the node itself, or the analysis
/// instance with the node's volume mounted), waited for, and its result read back: the archive's URI, SHA-256 and size,
/// written to a manifest in the case folder. A dry run sends nothing.
/// </summary>
public static class NodeCollection
{
    public static async Task<ActionPlan> RunAsync(IRunCommand? ssm, string? instanceId, NodeCollectionOptions options, DateTimeOffset now, bool execute,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var lines = NodeCollectionScript.Lines(options.Destination, options.Root); // refuses a bad destination or root before anything is sent
        if (execute && instanceId is null)
        {
            throw new AwsActionException("--execute runs the collection script through SSM: give the instance (--id) that has the node's root, or run the script yourself (--print-script)");
        }

        var steps = new PlanSteps(execute);
        var where = instanceId ?? "the machine it is run on";
        NodeCollectionResult? collected = null;
        string? commandId = null;
        await steps.StepAsync("collect node", $"{options.Root} on {where} → {options.Destination}", false,
            $"SSM Run Command AWS-RunShellScript: tar ({NodeCollectionScript.TarOptions}) of the container state under {options.Root}, gzipped, " +
            "streamed to S3 with its SHA-256 and size (never written to the instance's disks), then the .sha256 and .collection.txt sidecars. Script:\n" +
            string.Join("\n", lines),
            "not collected",
            $"none needed (the archive is evidence; an incomplete one is named by the script: aws s3 rm {options.Destination})",
            async () =>
            {
                var runner = ssm ?? throw new AwsActionException("node collection needs SSM on the live account");
                var timeout = options.Timeout ?? TimeSpan.FromHours(4);
                commandId = await runner.SendShellScriptAsync(instanceId!, lines, $"EKS IR case {options.CaseId ?? "-"} node collection",
                    (int)timeout.TotalSeconds, cancellationToken).ConfigureAwait(false);
                var id = commandId;
                var result = await RunCommandWait.UntilFinishedAsync(runner, id, instanceId!, options.PollInterval ?? TimeSpan.FromSeconds(15),
                    RunCommandWait.DeadlineFor(timeout), options.Time, (r, waited) => $"node collection {id}: {r.Status} ({waited.TotalSeconds:0} s)",
                    progress, cancellationToken).ConfigureAwait(false);
                if (result.Status != "Success" || NodeCollectionScript.Result(result.Output) is not { } archive)
                {
                    throw new AwsActionException($"SSM command {commandId} on {instanceId}: {result.Status}" +
                        $"{(result.ExitCode is { } code ? $", exit code {code}" : "")}{(result.StatusDetails is { } d ? $" ({d})" : "")}: {Tail(result.Errors.Length > 0 ? result.Errors : result.Output)}");
                }

                collected = archive;
                return Describe(commandId, archive);
            }).ConfigureAwait(false);

        var plan = steps.Plan($"node collection from {options.Root} on {where}");
        if (execute && options.ManifestFolder is { } folder && instanceId is not null)
        {
            WriteManifest(folder, instanceId, options, now, commandId, collected, plan);
        }

        return plan;
    }

    /// <summary>The step's detail once collected: the command, the archive's URI, size and SHA-256, and what tar or the node said.</summary>
    public static string Describe(string commandId, NodeCollectionResult archive) =>
        $"SSM command {commandId}: {archive.Uri}, {archive.Bytes} bytes, sha256 {archive.Sha256}" +
        (archive.TarExit == 1 ? "; tar: some files changed while they were read (a live node), see the command's errors" : "") +
        (archive.Missing.Count > 0 ? $"; not on the node: {string.Join(", ", archive.Missing)}" : "");

    private static void WriteManifest(string folder, string instanceId, NodeCollectionOptions options, DateTimeOffset now, string? commandId,
        NodeCollectionResult? archive, ActionPlan plan)
    {
        Directory.CreateDirectory(folder);
        var name = options.Destination[(options.Destination.LastIndexOf('/') + 1)..^".tar.gz".Length];
        var path = Path.Combine(folder, $"{name}-collection.json");
        for (var n = 2; File.Exists(path); n++)
        {
            path = Path.Combine(folder, $"{name}-collection-{n}.json");
        }

        var manifest = new
        {
            caseId = options.CaseId,
            instanceId,
            root = options.Root,
            at = now,
            commandId,
            uri = options.Destination,
            sha256 = archive?.Sha256,
            bytes = archive?.Bytes,
            tarExit = archive?.TarExit,
            missing = archive?.Missing,
            completed = !plan.Failed && archive is not null,
        };
        File.WriteAllText(path, JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static string Tail(string text) => text.Length > 400 ? "…" + text[^400..].Trim() : text.Trim();
}
