using EksIr.Kernel.Formatting;
using Microsoft.DotNet.Interactive;

namespace EksIr.Kernel;

/// <summary>
/// Loaded by .NET Interactive from the package's <c>interactive-extensions/dotnet</c> folder after
/// <c>#r "nuget: EksIr.Kernel, …"</c>: adds the magic commands and formatters, then prints one short banner.
/// </summary>
public sealed class EksIrKernelExtension : IKernelExtension
{
    public Task OnLoadAsync(Microsoft.DotNet.Interactive.Kernel kernel)
    {
        if (kernel is not CompositeKernel composite)
        {
            throw new InvalidOperationException("EKS IR Notebooks needs the notebook's composite kernel.");
        }

        var environment = KernelEnvironment.FromMachine();
        var current = new CurrentCase();
        var before = composite.KernelInfo.SupportedDirectives.ToHashSet();
        CaseFormatters.Register();
        DiskFormatters.Register();
        Verbs.DeclaredDirectives.Register(composite, current, environment.Clock, EksIr.Verbs.VerbCatalog.All);
        MemoryFormatters.Register();
        IdentificationFormatters.Register();
        LogFormatters.Register();
        InvestigationFormatters.Register();
        TrainingFormatters.Register();
        var cloudTrail = new Logs.ConnectCloudTrailDirective(current);
        var insights = new Logs.ConnectInsightsDirective(current, environment.Clock);
        var athena = new Logs.ConnectAthenaDirective(current, environment.Clock);
        composite.AddConnectDirective(cloudTrail);
        composite.AddConnectDirective(insights);
        composite.AddConnectDirective(athena);
        Logs.QueryKernelDirective.Register(composite, cloudTrail, insights, athena);

        var banner = Banner.For(composite.KernelInfo.SupportedDirectives.Where(d => !before.Contains(d)));
        KernelInvocationContext.Current?.Display(banner, "text/html", "text/plain");
        return Task.CompletedTask;
    }
}
