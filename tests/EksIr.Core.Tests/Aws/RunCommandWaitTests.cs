using EksIr.Cloud.Aws;

namespace EksIr.Core.Tests.Aws;

/// <summary>
/// The one SSM wait of memory capture, node collection and the block device read: polls soon, then backs off to the
/// caller's interval, reports each poll in the caller's words, returns the finished invocation, and gives up past the
/// deadline naming the command. A clock that jumps over each wait instead of sleeping (no test here waits on time).
/// </summary>
public sealed class RunCommandWaitTests
{
    [Fact]
    public async Task It_polls_soon_then_backs_off_to_the_interval_and_returns_the_finished_invocation()
    {
        var clock = new JumpingClock();
        var runner = new Invocations(pending: 7);
        var progress = new List<string>();

        var result = await RunCommandWait.UntilFinishedAsync(runner, "cmd-1", "i-0123456789abcdef0", TimeSpan.FromSeconds(10), TimeSpan.FromHours(1), clock,
            (r, waited) => $"capture cmd-1: {r.Status} ({waited.TotalSeconds:0} s)", new SyncProgress(progress.Add), CancellationToken.None);

        Assert.Equal("Success", result.Status);
        Assert.Equal([1, 2, 4, 8, 10, 10, 10], clock.Waits.Select(w => w.TotalSeconds));
        Assert.Equal(8, runner.Polls);
        Assert.Equal("capture cmd-1: InProgress (0 s)", progress[0]);
        Assert.Equal("capture cmd-1: Success (45 s)", progress[^1]);
    }

    [Fact]
    public async Task Past_the_deadline_it_names_the_command_and_its_last_status()
    {
        var clock = new JumpingClock();
        var runner = new Invocations(pending: int.MaxValue);

        var late = await Assert.ThrowsAsync<AwsActionException>(() => RunCommandWait.UntilFinishedAsync(runner, "cmd-2", "i-0123456789abcdef0",
            TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(5), clock, (r, _) => r.Status, null, CancellationToken.None));

        Assert.Equal("SSM command cmd-2 on i-0123456789abcdef0 not finished after 00:05:00 (InProgress)", late.Message);
        Assert.True(clock.Elapsed > TimeSpan.FromMinutes(5));
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(16)); // one interval past it, not more
    }

    [Fact]
    public void The_deadline_of_a_script_is_its_execution_timeout_plus_ssm_s_delivery_timeout()
    {
        // SendCommand's TimeoutSeconds (the time to deliver the command) defaults to 3600 s (AWS Systems Manager API reference).
        Assert.Equal(TimeSpan.FromHours(3), RunCommandWait.DeadlineFor(TimeSpan.FromHours(2)));
    }

    /// <summary>An invocation InProgress for the given number of polls, then Success.</summary>
    private sealed class Invocations(int pending) : IRunCommand
    {
        public int Polls { get; private set; }

        public Task<string> SendShellScriptAsync(string instanceId, IReadOnlyList<string> lines, string comment, int timeoutSeconds, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task<CommandResult> InvocationAsync(string commandId, string instanceId, CancellationToken cancellationToken = default) =>
            Task.FromResult(Polls++ < pending ? new CommandResult(commandId, "InProgress", null, null, "", "") : new CommandResult(commandId, "Success", null, 0, "done", ""));
    }

    /// <summary>A clock whose timers fire at once, moving the clock by their due time; it records each wait.</summary>
    private sealed class JumpingClock : TimeProvider
    {
        private static readonly DateTimeOffset Start = new(2026, 11, 29, 6, 30, 0, TimeSpan.Zero);

        public List<TimeSpan> Waits { get; } = [];

        public TimeSpan Elapsed { get; private set; }

        public override DateTimeOffset GetUtcNow() => Start + Elapsed;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                Waits.Add(dueTime);
                Elapsed += dueTime;
                ThreadPool.QueueUserWorkItem(_ => callback(state));
            }

            return new NoTimer();
        }

        private sealed class NoTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
