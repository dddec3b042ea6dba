namespace EksIr.Cli.Tests.Hostile;

/// <summary>
/// Nothing is written inside the evidence, however the destination reaches it: beside a node archive (the folder
/// holding an archive is evidence), through a symbolic link to the evidence folder, or through a dangling link whose
/// target would be created inside it.
/// </summary>
public sealed class WritesIntoEvidenceTests : IDisposable
{
    private readonly TempDir _temp = new();
    private readonly string _case;
    private readonly string _archive;

    public WritesIntoEvidenceTests()
    {
        _case = _temp.Combine("case");
        Directory.CreateDirectory(_case);
        var sample = Directory.GetFiles(Repo.Path("sample-data", "incident-1", "node"), "*.tar.gz").Single();
        _archive = Path.Combine(_case, "node.tar.gz");
        File.Copy(sample, _archive);
        Directory.CreateSymbolicLink(_temp.Combine("to-case"), _case);
        File.CreateSymbolicLink(_temp.Combine("dangling"), Path.Combine(_case, "made-by-a-write"));
    }

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("case/exports")]
    [InlineData("to-case/exports")]
    [InlineData("dangling")]
    [InlineData("dangling/below")]
    public async Task Export_refuses_a_destination_that_reaches_the_folder_holding_the_archive(string destination)
    {
        var result = await ProcessRun.EksirAsync(_temp.Path, "export", _archive, "--container", "sysdiag", "--path", "/tmp/.x", "--out", _temp.Combine(destination));

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("is inside the evidence", result.StdErr);
        Assert.Equal(["node.tar.gz"], Directory.GetFileSystemEntries(_case).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Export_outside_the_evidence_still_works()
    {
        var result = await ProcessRun.EksirAsync(_temp.Path, "export", _archive, "--container", "sysdiag", "--path", "/tmp/.x", "--out", _temp.Combine("out"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(_temp.Combine("out", "manifest.json")));
    }

    [Theory]
    [InlineData("--case-dir", "to-case/INC-1")]
    [InlineData("--journal", "to-case/journal.jsonl")]
    [InlineData("--journal", "dangling")]
    public async Task Case_open_refuses_a_case_folder_or_journal_that_reaches_the_evidence(string option, string destination)
    {
        var result = await ProcessRun.EksirAsync(_temp.Path, "case", "open", "--name", "INC-1", "--evidence", _case, option, _temp.Combine(destination));

        Assert.True(result.ExitCode != 0, result.ToString());
        Assert.Contains("inside the evidence", result.StdErr);
        Assert.Equal(["node.tar.gz"], Directory.GetFileSystemEntries(_case).Select(Path.GetFileName));
    }
}
