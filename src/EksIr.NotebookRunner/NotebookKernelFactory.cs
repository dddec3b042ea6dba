using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.PackageManagement;

namespace EksIr.NotebookRunner;

/// <summary>
/// The kernel a notebook runs in headless: a composite with the C# kernel (with <c>#r "nuget:"</c>/<c>#i</c>,
/// kernel helpers and value sharing) and extension loading from restored packages, as the notebook tools do.
/// </summary>
public static class NotebookKernelFactory
{
    public static CompositeKernel Create()
    {
        var csharp = new CSharpKernel()
            .UseNugetDirective((kernel, references) =>
            {
                kernel.AddAssemblyReferences(references.SelectMany(r => r.AssemblyPaths));
                return Task.CompletedTask;
            })
            .UseKernelHelpers()
            .UseWho()
            .UseValueSharing();

        var composite = new CompositeKernel { { csharp, ["c#", "C#"] } };
        composite.DefaultKernelName = csharp.Name;
        composite.UseExtensionsFromPackages();
        return composite;
    }
}
