using EksIr.Core.Cases;
using EksIr.Core.Evidence;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;

namespace EksIr.Kernel;

/// <summary>
/// Wraps a magic-command handler so that analyst-facing errors (bad option, missing file, evidence problem) show
/// as one clear line instead of a stack trace. Anything else is a bug and keeps its stack trace.
/// </summary>
public static class VerbHandler
{
    public static Func<T, KernelInvocationContext, Task> Wrap<T>(Action<T, KernelInvocationContext> handler)
        where T : KernelCommand =>
        (command, context) =>
        {
            try
            {
                handler(command, context);
            }
            catch (Exception e) when (EksIr.Verbs.AnalystErrors.Are(e))
            {
                context.Fail(command, message: Core.Reporting.Secrets.Redact(e.Message));
            }

            return Task.CompletedTask;
        };
}
