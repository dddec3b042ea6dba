using System.Globalization;
using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Overlay;
using EksIr.Core.Evidence;
using EksIr.Cloud.Identification;
using EksIr.Investigation.Timeline;
using EksIr.Investigation.Training;

namespace EksIr.Investigation.Tests;

/// <summary>
/// The training notebooks' expected answers are the evidence's: each is worked out here from the engines and must be
/// what the walkthrough's check cell expects and what the solutions notebook answers.
/// </summary>
public class TrainingNotebookTests
{
        [Fact]
    public async Task Every_check_expects_the_answer_the_evidence_gives_and_the_solutions_give_it()
    {
        var timeline = await SampleIncident.Timeline;
        var root = new EvidenceRoot(Repo.Path("sample-data", "incident-1"));
        var pod = new EntityRef(EntityKinds.Pod, "default/sysdiag");

        var finding = GuardDutyFindings.Read(root, "guardduty").Findings.Single(f => f.Type == "PrivilegeEscalation:Kubernetes/PrivilegedContainer");
        var q1 = $"{finding.Workload!.Namespace}/{finding.Workload.Name}";
        var node = timeline.Where(new EntityRef(EntityKinds.Pod, q1), TimelineSources.Containerd).First().Entities.Single(e => e.Kind == EntityKinds.Node);
        var q2 = timeline.Where(node, TimelineSources.ControlPlane).SelectMany(e => e.Entities).Single(e => e.Kind == EntityKinds.Instance).Value;
        var created = timeline.Where(pod, TimelineSources.Audit).Single(e => e.Action == "create pods");
        var key = created.Entities.Single(e => e.Kind == EntityKinds.AccessKey);
        var q4 = timeline.Where(key, TimelineSources.CloudTrail).SelectMany(e => e.Entities).Where(e => e.Kind == EntityKinds.Ip).Distinct().Single().Value;
        var execs = timeline.Where(pod, TimelineSources.Audit).Where(e => e.Action == "create pods/exec").ToList();
        var q5 = execs[0].Time.ToString()[11..19];
        var (_, fs) = ContainerFilesystems.Open(root.Subroot("node/ip-192-168-23-107.us-west-2.compute.internal.tar.gz"), "sysdiag");
        var q6 = string.Join(",", OverlayDiff.Changes(fs).Where(c => c.Change == 'A' && c.Path.StartsWith("/tmp/.x/", StringComparison.Ordinal)).Select(c => c.Path));
        var shell = timeline.Where(pod, TimelineSources.Memory).First(e => e.Time > execs[1].Time && e.Summary.Contains(" sh (parent ", StringComparison.Ordinal));
        var q7 = shell.Entities.First(e => e.Kind == EntityKinds.Process).Value;
        var miner = timeline.Where(source: TimelineSources.Memory).Single(e => e.Summary.Contains("/dev/shm/", StringComparison.Ordinal) && e.Entities.All(x => x.Kind != EntityKinds.Container));
        var q8 = miner.Entities.First(e => e.Kind == EntityKinds.Process).Value;
        var outside = timeline.Where(new EntityRef(EntityKinds.Ip, "203.0.113.50"), TimelineSources.CloudTrail).ToList();
        var q9 = outside.SelectMany(e => e.Entities).Where(e => e.Kind == EntityKinds.AccessKey).Distinct().Single().Value;
        var q10 = outside.Single(e => e.Summary.Contains(" — ", StringComparison.Ordinal)).Action;

        var derived = new Dictionary<string, string>
        {
            ["1"] = q1, ["2"] = q2, ["3"] = key.Value, ["4"] = q4, ["5"] = q5, ["6"] = q6, ["7"] = q7, ["8"] = q8, ["9"] = q9, ["10"] = q10,
        };
        var checks = TrainingNotebooks.Checks(TrainingNotebooks.Notebook("eks-incident-walkthrough.ipynb"));
        var solutions = TrainingNotebooks.Parameters(TrainingNotebooks.Notebook("eks-incident-walkthrough-solutions.ipynb"));
        Assert.Equal(derived.Keys.Order(), checks.Keys.Order());
        foreach (var (question, answer) in derived)
        {
            var (kind, expect) = checks[question];
            Assert.True(AnswerCheck.Expect(question, answer, kind) == expect, $"question {question}: the evidence says '{answer}', the check expects something else");
            Assert.Equal(AnswerVerdict.Correct, AnswerCheck.Check(question, solutions["q" + question], kind, expect).Verdict);
        }

        Assert.Equal(checks, TrainingNotebooks.Checks(TrainingNotebooks.Notebook("eks-incident-walkthrough-solutions.ipynb"))); // the same exercises in both
        Assert.All(TrainingNotebooks.Parameters(TrainingNotebooks.Notebook("eks-incident-walkthrough.ipynb")).Where(a => a.Key.StartsWith('q')), a => Assert.Equal("", a.Value));
    }
}
