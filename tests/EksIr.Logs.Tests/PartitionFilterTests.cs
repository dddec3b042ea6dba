using EksIr.Logs.CloudTrail;

namespace EksIr.Logs.Tests;

/// <summary>Which files a query's partition predicates keep; OR and negated partition tests never prune.</summary>
public sealed class PartitionFilterTests
{
    private static CloudTrailFile File(string date, string region = "us-west-2", string account = "111122223333") =>
        new($"AWSLogs/{account}/CloudTrail/{region}/{date}/f.json.gz", 1, CloudTrailLayout.Records, account, region, date);

    [Theory]
    [InlineData("WHERE date_partition = '2026/11/29'", true, false)]
    [InlineData("WHERE '2026/11/29' <= date_partition", true, false)]
    [InlineData("WHERE date_partition BETWEEN '2026/11/01' AND '2026/11/29'", true, true)]
    [InlineData("WHERE date_partition IN ('2026/11/28', '2026/11/30')", false, true)]
    [InlineData("WHERE date_partition LIKE '2026/11/2%'", true, true)]
    [InlineData("WHERE \"timestamp\" >= '2026/11/29' AND eventname = 'or NOT this'", true, false)]
    [InlineData("WHERE region_partition = 'us-east-1'", false, false)]
    [InlineData("WHERE date_partition = '2026/11/29' OR eventname = 'x'", true, true)]
    [InlineData("WHERE NOT date_partition = '2026/11/29'", true, true)]
    [InlineData("WHERE NOT (date_partition = '2026/11/29')", true, true)]
    [InlineData("WHERE date_partition = '2026/11/29' AND errorcode IS NOT NULL", true, false)]
    public void A_file_is_kept_only_when_its_partitions_can_match(string where, bool keepsDay29, bool keepsDay28)
    {
        var filter = PartitionFilter.FromSql("SELECT eventname FROM cloudtrail " + where);

        Assert.Equal((keepsDay29, keepsDay28), (filter.Keeps(File("2026/11/29")), filter.Keeps(File("2026/11/28"))));
    }

    [Fact]
    public void Files_outside_the_s3_layout_are_always_read()
    {
        var flat = new CloudTrailFile("export.jsonl", 1, CloudTrailLayout.Lines, null, null, null);

        Assert.True(PartitionFilter.FromSql("SELECT 1 FROM cloudtrail WHERE date_partition = '1999/01/01'").Keeps(flat));
    }
}
