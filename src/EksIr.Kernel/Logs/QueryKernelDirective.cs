using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel.Logs;

/// <summary>
/// <c>#!query-kernel cloudtrail|insights|athena --kernel-name NAME …</c>: adds the same query kernel as
/// <c>#!connect</c>, with the same options, but as the extension's own command. <c>#!connect</c> has the
/// dotnet-interactive tool remember the connection: it writes the <c>#!connect</c> line and the cell that loaded the
/// extension into a PowerShell <c>Set-Secret '…'</c> command without escaping them, so a quote in either leaves a
/// parse error that hangs the next <c>#!connect</c> (Jupyter and VS Code, from the second run in one home folder on).
/// A kernel added here is added as any kernel is, and nothing is remembered.
/// </summary>
public static class QueryKernelDirective
{
    public const string Name = "#!query-kernel";

    public static void Register(CompositeKernel kernel, ConnectCloudTrailDirective cloudTrail, ConnectInsightsDirective insights, ConnectAthenaDirective athena)
    {
        var group = new KernelActionDirective(Name) { Description = "Add a query kernel (the same as #!connect, with nothing remembered by the tool)" };
        kernel.KernelInfo.SupportedDirectives.Add(group);
        Add<QueryKernelCloudTrail, ConnectCloudTrail>(kernel, group, cloudTrail);
        Add<QueryKernelInsights, ConnectInsights>(kernel, group, insights);
        Add<QueryKernelAthena, ConnectAthena>(kernel, group, athena);
    }

    private static void Add<TCommand, TConnect>(CompositeKernel kernel, KernelActionDirective group, ConnectKernelDirective<TConnect> connect)
        where TCommand : TConnect
        where TConnect : ConnectKernelCommand
    {
        var directive = new KernelActionDirective(connect.Name) { Description = connect.Description };
        foreach (var parameter in connect.Parameters)
        {
            directive.Parameters.Add(parameter);
        }

        group.Subcommands.Add(directive);
        kernel.AddDirective<TCommand>(directive, async (command, context) =>
        {
            foreach (var added in await connect.ConnectKernelsAsync(command, context))
            {
                kernel.Add(added);
                KernelInvocationContextExtensions.Display(context, $"Kernel added: #!{added.Name}", "text/plain");
            }
        });
    }
}
