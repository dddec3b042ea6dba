using EksIr.Core.Cases;
using EksIr.Logs.Sql;
using EksIr.Verbs;

namespace EksIr.Kernel.Tests.Verbs;

/// <summary>A verb's engine reads the time from the call's clock (the front end's), not from the machine's.</summary>
public sealed class VerbClockTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Now_in_a_Logs_Insights_query_given_whole_is_the_time_on_the_calls_clock()
    {
        var at = new DateTimeOffset(2026, 11, 29, 7, 0, 0, TimeSpan.Zero);
        var clock = new FixedClock(at);
        var (session, _) = CaseSession.Open(new CaseOpenRequest("INC-60", Repo.Path("sample-data", "incident-1"), _temp.Combine("INC-60.jsonl")), clock, "analyst", "host", _temp.Path);
        var insights = VerbCatalog.All.Single(v => v.Name == "insights");
        var arguments = new VerbArguments(insights, new Dictionary<string, IReadOnlyList<string>>
        {
            ["--logs"] = ["control-plane"],
            ["--query"] = ["fields now() as n | limit 1"],
        }, []);

        var outcome = await VerbRunner.RunAsync(insights, new VerbCall(arguments, new CaseEvidence(session), session, new SyncProgress(_ => { }), clock, CancellationToken.None));

        // AWS's Logs Insights functions: now() "returns the current time in epoch seconds".
        var result = Assert.IsType<QueryResult>(outcome.Result);
        Assert.Equal(at.ToUnixTimeSeconds(), Convert.ToInt64(Assert.Single(result.Rows)[0], System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
