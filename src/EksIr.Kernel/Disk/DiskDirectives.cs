using EksIr.Core.Containers;
using EksIr.Core.Reporting;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Disk;

/// <summary>The disk phase's magic commands (same verbs and options as eksir).</summary>
public static class DiskDirectives
{
    private static KernelDirectiveParameter RootParameter() =>
        new("--root", "The node's root inside the case evidence (holds var/lib/containerd, var/lib/docker); default: the evidence root");

    public static void Register(CompositeKernel kernel, CurrentCase current)
    {
        var containers = new KernelActionDirective("#!containers")
        {
            Description = "List every container on the node's disk, with pod, kind, image and times",
            Parameters = { RootParameter() },
        };
        kernel.AddDirective(containers, CaseVerb.Handler<ListContainers>(current, "containers",
            c => Options(("--root", c.Root)),
            (c, session) => NodeContainers.List(CaseVerb.NodeRoot(session, c.Root)),
            r => ContainerViews.Summary((ContainerListing)r)));
    }

    private static Dictionary<string, string> Options(params (string Name, string? Value)[] options) =>
        options.Where(o => o.Value is not null).ToDictionary(o => o.Name, o => o.Value!);
}
