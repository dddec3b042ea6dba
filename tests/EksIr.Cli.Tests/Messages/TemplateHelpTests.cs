namespace EksIr.Cli.Tests.Messages;

/// <summary>
/// eksir insights --help says which --param each template needs, and a template run without it is refused with the
/// same words, so the analyst learns the parameter before the run, not from the failure.
/// </summary>
public sealed class TemplateHelpTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Help_lists_each_templates_parameters_as_the_refusal_names_them()
    {
        var help = await ProcessRun.EksirAsync(_temp.Path, "insights", "--help");
        var refused = await ProcessRun.EksirAsync(_temp.Path, "insights", "--template", "pod-actions", "--logs", Repo.Path("sample-data", "incident-1", "control-plane"));

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("pod-actions (pod=NS/NAME, namespace=NAMESPACE)", help.StdOut + help.StdErr);
        Assert.Contains("node-actions (node=NODE)", help.StdOut + help.StdErr);
        Assert.Contains("top-events,", help.StdOut + help.StdErr); // a template without parameters is named alone
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("needs --param pod=NS/NAME", refused.StdErr);
    }
}
