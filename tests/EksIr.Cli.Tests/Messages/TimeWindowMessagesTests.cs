namespace EksIr.Cli.Tests.Messages;

/// <summary>A window the wrong way round, and a time that is not one, said through the real eksir for every verb that takes a window.</summary>
public sealed class TimeWindowMessagesTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Sample(params string[] parts) => Repo.Path(["sample-data", "incident-1", .. parts]);

    public static TheoryData<string[]> VerbsWithAWindow() => new()
    {
        { new[] { "supertimeline", Sample() } },
        { new[] { "entity", Sample(), "default/sysdiag" } },
        { new[] { "insights", "fields @timestamp", "--logs", Sample("control-plane") } },
    };

    [Theory]
    [MemberData(nameof(VerbsWithAWindow))]
    public async Task A_start_after_the_end_is_refused_naming_both_times(string[] verb)
    {
        var run = await ProcessRun.EksirAsync(_temp.Path, [.. verb, "--start", "2026-11-29T07:00:00Z", "--end", "2026-11-29T06:00:00+01:00"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.StdOut);
        // 06:00 at +01:00 is 05:00 UTC.
        Assert.Equal($"eksir {verb[0]}: --start 2026-11-29T07:00:00Z is after --end 2026-11-29T05:00:00Z: the window holds no time; give the earlier time to --start",
            run.StdErr.TrimEnd());
    }

    [Fact]
    public async Task A_window_of_one_instant_is_not_refused()
    {
        var run = await ProcessRun.EksirAsync(_temp.Path, "supertimeline", Sample(), "--start", "2026-11-29T06:22:00Z", "--end", "2026-11-29T06:22:00Z", "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Theory]
    [MemberData(nameof(VerbsWithAWindow))]
    public async Task A_time_that_is_not_one_names_the_verb_and_the_forms_taken(string[] verb)
    {
        var run = await ProcessRun.EksirAsync(_temp.Path, [.. verb, "--start", "yesterday"]);

        Assert.Equal(2, run.ExitCode); // a usage error, the same for every verb with a window
        var said = run.StdErr.TrimEnd().Split('\n')[^1];
        Assert.StartsWith($"eksir {verb[0]}: --start yesterday: not a time; give an ISO 8601 time: 2026-11-29T06:00:00Z", said);
        Assert.Contains("a day 2026-11-29 (UTC unless it gives an offset)", said);
    }

    [Theory]
    [MemberData(nameof(VerbsWithAWindow))]
    public async Task An_end_that_is_not_a_time_is_the_same_usage_error(string[] verb)
    {
        var run = await ProcessRun.EksirAsync(_temp.Path, [.. verb, "--end", "tomorrow"]);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"eksir {verb[0]}: --end tomorrow: not a time; give an ISO 8601 time", run.StdErr.TrimEnd().Split('\n')[^1]);
    }

    [Theory]
    [InlineData("2026-11-29T06:00:00.5+02:00")]
    [InlineData("2026-11-29 06:00")]
    [InlineData("2026-11-29")]
    public async Task Every_form_the_message_offers_is_taken(string time)
    {
        var run = await ProcessRun.EksirAsync(_temp.Path, "supertimeline", Sample(), "--start", time, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
    }
}
