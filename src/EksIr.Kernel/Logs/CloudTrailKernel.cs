using EksIr.Core.Cases;
using EksIr.Logs.CloudTrail;
using EksIr.Logs.Sql;
using Microsoft.DotNet.Interactive.Commands;

namespace EksIr.Kernel.Logs;

/// <summary>Athena SQL cells over CloudTrail (local exports, or live Athena when connected so).</summary>
public sealed class CloudTrailKernel(string name, CaseSession session, ICloudTrailSql engine) : LogQueryKernel(name, "SQL", session, "sql")
{
    public override string Description => engine.Description;

    protected override Task<QueryResult> RunAsync(string code, SubmitCode command, IProgress<string> progress, CancellationToken cancellationToken) =>
        engine.QueryAsync(code, progress, cancellationToken);
}
