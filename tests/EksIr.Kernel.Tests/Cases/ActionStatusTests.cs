using EksIr.Core.Cases;
using Microsoft.DotNet.Interactive;

namespace EksIr.Kernel.Tests.Cases;

/// <summary>The report's action status: each step of every containment and acquisition plan, as executed, dry run only, failed or not done.</summary>
public sealed class ActionStatusTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_dry_run_plan_is_journaled_step_by_step_and_the_report_says_each_step_was_only_planned()
    {
        var journal = _temp.Combine("case", "journal.jsonl");
        using var kernel = await KernelFixture.CreateAsync();
        (await kernel.SubmitCodeAsync($"#!case open --name INC-16 --evidence {Repo.Path("sample-data", "incident-1")} --journal {journal}")).ShouldSucceed();

        // From the cluster snapshot (sample-data/incident-1/cluster) nothing can be changed: the plan is a dry run.
        (await kernel.SubmitCodeAsync("#!contain pod sysdiag -n default --snapshot cluster")).ShouldSucceed();
        (await kernel.SubmitCodeAsync("#!containers --root node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz")).ShouldSucceed();
        (await kernel.SubmitCodeAsync($"#!case report --out {_temp.Combine("report.html")}")).ShouldSucceed();

        var entries = new CaseJournal(journal).Read().Entries;
        var contain = Assert.Single(entries, e => e.Verb == "contain pod");
        Assert.NotNull(contain.Steps);
        Assert.NotEmpty(contain.Steps);
        Assert.Contains(contain.Steps, s => s.Status == JournalStep.DryRunOnly && s.Target.Contains("sysdiag", StringComparison.Ordinal));
        Assert.DoesNotContain(contain.Steps, s => s.Status == JournalStep.Executed);
        Assert.All(entries.Where(e => e.Verb != "contain pod"), e => Assert.Null(e.Steps)); // only plans have steps
        var markdown = File.ReadAllText(_temp.Combine("report.md"));
        var steps = markdown[markdown.IndexOf("### Containment and acquisition steps", StringComparison.Ordinal)..markdown.IndexOf("### Journal", StringComparison.Ordinal)];
        Assert.Equal(contain.Steps.Count, steps.Split("| contain pod |").Length - 1);
        foreach (var step in contain.Steps)
        {
            Assert.Contains($"| contain pod | {step.Action} | {step.Target} | {step.Status} |", steps);
        }
    }
}
