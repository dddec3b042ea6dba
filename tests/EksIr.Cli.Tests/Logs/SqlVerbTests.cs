namespace EksIr.Cli.Tests.Logs;

public sealed class SqlVerbTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_folder_with_no_cloudtrail_fails_with_one_line_naming_it_instead_of_a_warning_per_line()
    {
        _temp.Write("exports/pods.json", "{\n  \"apiVersion\": \"v1\",\n  \"items\": [\n" + string.Join(",\n", Enumerable.Range(0, 400).Select(i => $"    {{\"name\": \"pod-{i}\"}}")) + "\n  ]\n}\n");

        var result = await ProcessRun.EksirAsync(_temp.Path, "sql", "--cloudtrail", _temp.Combine("exports"), "SELECT count(*) FROM cloudtrail");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal("", result.StdOut);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"eksir sql: {_temp.Combine("exports")}: no CloudTrail in this folder: its one .json/.json.gz/.jsonl/.jsonl.gz file holds no CloudTrail events (the first, pods.json: ", line);
    }
}
