using EksIr.Core.Evidence;
using EksIr.Investigation.Timeline;
using EksIr.Investigation.Timeline.Sources;

namespace EksIr.Investigation.Tests;

/// <summary>
/// Process start times as each Volatility prints them. Volatility 2 (linux_pslist's Start Time): "%Y-%m-%d %H:%M:%S
/// %Z%z", "UTC+0000" by default and another zone's name and offset with --tz, as the real 2.3.1 sample in
/// tests/RealWorld/volatility2 prints it. Volatility 3 (volatility3/cli/text_renderer.py at a1961401): text and CSV
/// strftime("%Y-%m-%d %H:%M:%S.%f %Z") of a UTC datetime, JSON isoformat(); a naive datetime's %Z is empty.
/// </summary>
public sealed class VolatilityStartTimeTests
{
    [Theory]
    [InlineData("2014-03-29 14:10:23 UTC+0000", "2014-03-29T14:10:23Z")]
    [InlineData("2014-03-29 10:10:23 EDT-0400", "2014-03-29T14:10:23Z")]
    [InlineData("2014-03-29 19:40:23 IST+0530", "2014-03-29T14:10:23Z")]
    [InlineData("2026-11-29 06:25:00.114000 UTC", "2026-11-29T06:25:00.114Z")]
    [InlineData("2026-11-29T06:25:00.114000+00:00", "2026-11-29T06:25:00.114Z")]
    [InlineData("2022-08-29 13:45:56.000000 ", "2022-08-29T13:45:56Z")]
    public void Each_volatility_start_time_layout_is_read_as_the_same_instant(string printed, string utc)
    {
        Assert.Equal(utc, ProcessRows.StartTime(printed)?.ToString());
    }

    [Theory]
    [InlineData("2014-03-29 14:10:23 UTC+9999")]
    [InlineData("2014-03-29 14:10:23 UTC+00")]
    [InlineData("-")]
    public void A_start_time_that_is_not_one_is_no_time(string printed)
    {
        Assert.Null(ProcessRows.StartTime(printed));
    }

    [Fact]
    public void The_real_volatility_2_3_pslist_puts_its_three_processes_on_the_timeline_at_the_time_it_prints()
    {
        // tests/RealWorld/volatility2/linux_pslist-2.3.1-lmg.txt: every row's Start Time is "2014-03-29 14:10:23 UTC+0000".
        var (rows, problems, _) = ProcessRows.Read(new EvidenceRoot(Repo.Path("tests", "RealWorld")), "volatility2/linux_pslist-2.3.1-lmg.txt", null, TimeWindow.All);

        Assert.Empty(problems);
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal("2014-03-29T14:10:23Z", r.Time.ToString()));
    }
}
