namespace EksIr.Cloud.Aws;

/// <summary>
/// Waiting for an SSM Run Command invocation to finish: the one polling policy of the plans that run a script on an
/// instance (memory capture, node collection, reading block devices). Soon at first — SSM registers an invocation
/// within seconds — then backing off to the caller's interval (1, 2, 4, 8, 16 s, never more than it); each poll reported
/// in the caller's words; past the deadline an <see cref="AwsActionException"/> naming the command and its last status
/// (the command itself goes on until SSM's own timeouts end it).
/// </summary>
public static class RunCommandWait
{
    /// <summary>How long SSM keeps an invocation it could not deliver before giving up on it (SendCommand's default TimeoutSeconds).</summary>
    public static readonly TimeSpan DeliveryTimeout = TimeSpan.FromHours(1);

    /// <summary>The deadline for a script SSM runs for at most <paramref name="executionTimeout"/>: that, once delivered, within SSM's delivery timeout.</summary>
    public static TimeSpan DeadlineFor(TimeSpan executionTimeout) => executionTimeout + DeliveryTimeout;

    /// <summary>Polls the invocation until it has finished (whatever its status) and returns it.</summary>
    /// <param name="interval">The longest wait between two polls.</param>
    /// <param name="deadline">How long to wait at most, from the first poll.</param>
    /// <param name="progressText">What each poll reports: the invocation and the time waited so far.</param>
    public static async Task<CommandResult> UntilFinishedAsync(IRunCommand runner, string commandId, string instanceId, TimeSpan interval, TimeSpan deadline,
        TimeProvider time, Func<CommandResult, TimeSpan, string> progressText, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        for (var poll = 0; ; poll++)
        {
            var result = await runner.InvocationAsync(commandId, instanceId, cancellationToken).ConfigureAwait(false);
            var waited = time.GetUtcNow() - started;
            progress?.Report(progressText(result, waited));
            if (result.Finished)
            {
                return result;
            }

            if (waited > deadline)
            {
                throw new AwsActionException($"SSM command {commandId} on {instanceId} not finished after {deadline} ({result.Status})");
            }

            var backoff = TimeSpan.FromSeconds(1 << Math.Min(poll, 4));
            await Task.Delay(backoff < interval ? backoff : interval, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
