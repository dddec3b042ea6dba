using EksIr.Kernel;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;

namespace EksIr.Kernel.Tests;

/// <summary>A real composite kernel with the C# kernel and the extension loaded, as a notebook has it.</summary>
public static class KernelFixture
{
    public static async Task<CompositeKernel> CreateAsync()
    {
        var kernel = new CompositeKernel { new CSharpKernel().UseValueSharing() };
        kernel.DefaultKernelName = "csharp";
        await new EksIrKernelExtension().OnLoadAsync(kernel);
        return kernel;
    }

    public static void ShouldSucceed(this KernelCommandResult result)
    {
        var failure = result.Events.OfType<CommandFailed>().FirstOrDefault();
        Assert.True(failure is null, failure?.Message);
    }

    public static string SingleDisplayedHtml(this KernelCommandResult result)
    {
        var display = Assert.Single(result.Events.OfType<DisplayedValueProduced>());
        return Assert.Single(display.FormattedValues, v => v.MimeType == "text/html").Value;
    }

    public static string SingleDisplayedText(this KernelCommandResult result)
    {
        var display = Assert.Single(result.Events.OfType<DisplayedValueProduced>());
        return Assert.Single(display.FormattedValues, v => v.MimeType == "text/plain").Value;
    }
}
