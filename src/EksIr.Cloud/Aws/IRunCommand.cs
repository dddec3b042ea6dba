namespace EksIr.Cloud.Aws;

/// <summary>SSM Run Command: a shell script on an instance, and its result.</summary>
public interface IRunCommand
{
    /// <summary>Sends AWS-RunShellScript with these lines; returns the command id.</summary>
    Task<string> SendShellScriptAsync(string instanceId, IReadOnlyList<string> lines, string comment, int timeoutSeconds,
        CancellationToken cancellationToken = default);

    /// <summary>The invocation's status (Pending, InProgress, Success, Failed, TimedOut, Cancelled, …) and output so far.</summary>
    Task<CommandResult> InvocationAsync(string commandId, string instanceId, CancellationToken cancellationToken = default);
}

public sealed record CommandResult(string CommandId, string Status, string? StatusDetails, int? ExitCode, string Output, string Errors)
{
    public bool Finished => Status is not ("Pending" or "InProgress" or "Delayed");
}
