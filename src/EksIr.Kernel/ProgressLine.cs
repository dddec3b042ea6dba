using Microsoft.DotNet.Interactive;

namespace EksIr.Kernel;

/// <summary>Progress as one line in the cell's output, replaced by each report.</summary>
internal sealed class ProgressLine(KernelInvocationContext context) : IProgress<string>
{
    private Microsoft.DotNet.Interactive.Formatting.DisplayedValue? _shown;

    public void Report(string value)
    {
        if (_shown is null)
        {
            _shown = KernelInvocationContextExtensions.Display(context, Core.Reporting.Secrets.Redact(value), "text/plain");
        }
        else
        {
            _shown.Update(Core.Reporting.Secrets.Redact(value));
        }
    }

    /// <summary>The work is done and its result follows: the progress line is emptied, not left above the result.</summary>
    public void Done() => _shown?.Update("");
}
