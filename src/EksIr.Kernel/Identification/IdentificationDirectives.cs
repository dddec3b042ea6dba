using EksIr.Core.Identification;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Identification;

/// <summary><c>#!guardduty --file F</c></summary>
public sealed class ShowGuardDutyFindings : KernelCommand
{
    public string? File { get; set; }
}

/// <summary>The identification phase's magic commands (same verbs and options as eksir).</summary>
public static class IdentificationDirectives
{
    public static void Register(CompositeKernel kernel, CurrentCase current)
    {
        var guardduty = new KernelActionDirective("#!guardduty")
        {
            Description = "GuardDuty findings from an export: cluster, instance and addresses, workload, containers, credentials (several → a table)",
            Parameters = { new KernelDirectiveParameter("--file", "The findings export inside the case evidence") { Required = true, AllowImplicitName = true } },
        };
        kernel.AddDirective(guardduty, CaseVerb.Handler<ShowGuardDutyFindings>(current, "guardduty",
            c => new Dictionary<string, string> { ["--file"] = c.File! },
            (c, session) => GuardDutyFindings.Read(session.Evidence, CaseVerb.EvidencePath(session, c.File!)),
            r => ((GuardDutyFindings)r).Summary));
    }
}
