using System.Globalization;
using EksIr.Investigation;
using EksIr.Investigation.Timeline;
using EksIr.Investigation.WriteUp;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Investigation;

/// <summary>The investigation's magic commands across sources (same verbs and options as eksir): the super-timeline and entity chains.</summary>
public static class InvestigationDirectives
{
    public static void Register(CompositeKernel kernel, CurrentCase current)
    {
        var investigation = new IncidentInvestigation();
        var timeline = new KernelActionDirective("#!supertimeline")
        {
            Description = "One UTC timeline over CloudTrail, the control plane, GuardDuty, memory and the node's containers, with swimlanes; export to Timesketch or CSV",
            Parameters =
            {
                new KernelDirectiveParameter("--source", "Only rows from this source (" + string.Join(", ", TimelineSources.All) + ")"),
                new KernelDirectiveParameter("--entity", "Only rows naming this entity (an access key, ARN, user, pod, container id, PID, IP; or kind:value)"),
                new KernelDirectiveParameter("--limit", "Rows shown (default 500; an export has them all)"),
                new KernelDirectiveParameter("--export", "Write the rows to this file in the case folder (.jsonl: Timesketch, .csv: CSV)"),
                new KernelDirectiveParameter("--format", "timesketch or csv (default: by the file's extension)"),
            },
        };
        foreach (var parameter in SourceParameters())
        {
            timeline.Parameters.Add(parameter);
        }

        kernel.AddDirective(timeline, CaseVerb.Handler<ShowSuperTimeline>(current, "supertimeline",
            c => JournalOptions.Of([.. c.SourceOptions(), ("--source", c.Source), ("--entity", c.Entity), ("--limit", Number(c.Limit)), ("--export", c.Export), ("--format", c.Format)]),
            (c, session, progress) =>
            {
                var view = investigation.ShowAsync(session.Evidence, c.Request(c.Source, c.Entity, c.Limit) with { CaseFolder = session.CaseDirectory }, progress).GetAwaiter().GetResult();
                return c.Export is { } file ? view with { ExportedTo = session.WriteExport(file, TimelineExport.Render(view.AllMatching, c.Format, file)) } : view;
            },
            r => ((TimelineView)r).Summary));

        var entity = new KernelActionDirective("#!entity")
        {
            Description = "Every entity linked to one (access key, ARN, k8s user, pod, container id, PID, IP) and the timeline rows behind each link",
            Parameters =
            {
                new KernelDirectiveParameter("--id", "The entity: a value as the sources write it, a pod name, a container id prefix, or kind:value") { Required = true, AllowImplicitName = true },
                new KernelDirectiveParameter("--hops", "How many links to follow (default 6)"),
            },
        };
        foreach (var parameter in SourceParameters())
        {
            entity.Parameters.Add(parameter);
        }

        kernel.AddDirective(entity, CaseVerb.Handler<ShowEntityChain>(current, "entity",
            c => JournalOptions.Of([("--id", c.Id), ("--hops", Number(c.Hops)), .. c.SourceOptions()]),
            (c, session, progress) => investigation.ChainAsync(session.Evidence, c.Request() with { CaseFolder = session.CaseDirectory }, c.Id!, c.Hops ?? 6, progress).GetAwaiter().GetResult(),
            r => ((EntityChainView)r).Chain.Summary));

        var finding = new KernelActionDirective("#!finding")
        {
            Description = "Record a finding with the evidence behind it (super-timeline rows, or every row naming an entity) for the write-up",
            Parameters =
            {
                new KernelDirectiveParameter("--title", "What was found, in one line") { Required = true },
                new KernelDirectiveParameter("--detail", "What it means, how it was established"),
                new KernelDirectiveParameter("--rows", "Super-timeline row ids (the Row column), comma-separated"),
                new KernelDirectiveParameter("--entity", "Cite every row naming this entity"),
            },
        };
        kernel.AddDirective(finding, CaseVerb.Handler<RecordFinding>(current, CaseFinding.Verb,
            c => JournalOptions.Of(("--title", c.Title), ("--detail", c.Detail), ("--rows", c.Rows), ("--entity", c.Entity)),
            (c, session, progress) => investigation.FindingAsync(session.Evidence, session.Journal.Path, c.Title ?? "", c.Detail, c.Rows, c.Entity, progress)
                .GetAwaiter().GetResult(),
            r => ((RecordedFinding)r).Summary));
    }

    private static IEnumerable<KernelDirectiveParameter> SourceParameters() =>
    [
        new("--start", "From this time (ISO 8601, UTC unless it says otherwise)"),
        new("--end", "Until this time"),
        new("--cloudtrail", "CloudTrail folder in the evidence (default cloudtrail/; - leaves it out)"),
        new("--control-plane", "Control-plane log exports (default control-plane/)"),
        new("--guardduty", "GuardDuty findings (default guardduty/)"),
        new("--memory", "Volatility output (default memory/volatility/)"),
        new("--node", "The node's folder or archive (default the first node/*.tar.gz)"),
    ];

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
