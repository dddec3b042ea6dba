using System.Collections.Concurrent;
using System.Reactive.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;

namespace EksIr.NotebookRunner;

/// <summary>
/// Loads kernel extensions shipped in NuGet packages: after a command that restored a package whose root holds
/// <c>interactive-extensions/dotnet/*.dll</c>, every <see cref="IKernelExtension"/> in those DLLs is created and
/// loaded into the composite kernel — the contract the dotnet-interactive tool implements for notebooks.
/// </summary>
public static class PackageExtensionLoader
{
    public static CompositeKernel UseExtensionsFromPackages(this CompositeKernel kernel)
    {
        var pending = new ConcurrentQueue<string>();
        var seenRoots = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var loadedAssemblies = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        kernel.RegisterForDisposal(kernel.KernelEvents.OfType<PackageAdded>().Subscribe(added =>
        {
            if (added.PackageReference.PackageRoot is { } root && seenRoots.TryAdd(root, true))
            {
                pending.Enqueue(root);
            }
        }));

        kernel.AddMiddleware(async (command, context, next) =>
        {
            await next(command, context);
            while (pending.TryDequeue(out var root))
            {
                var extensionDirectory = Path.Combine(root, "interactive-extensions", "dotnet");
                if (!Directory.Exists(extensionDirectory))
                {
                    continue;
                }

                foreach (var dll in Directory.GetFiles(extensionDirectory, "*.dll").Order(StringComparer.Ordinal))
                {
                    var name = AssemblyName.GetAssemblyName(dll).FullName;
                    if (!loadedAssemblies.TryAdd(name, true))
                    {
                        continue;
                    }

                    var assembly = AssemblyLoadContext.Default.LoadFromAssemblyPath(dll);
                    foreach (var type in assembly.ExportedTypes.Where(IsExtension))
                    {
                        var extension = (IKernelExtension)Activator.CreateInstance(type)!;
                        try
                        {
                            await extension.OnLoadAsync(kernel);
                            context.Publish(new KernelExtensionLoaded(extension, context.Command));
                        }
                        catch (Exception e)
                        {
                            context.Fail(context.Command, new KernelExtensionLoadException(e),
                                $"Failed to load kernel extension {type.Name} from {Path.GetFileName(dll)}: {e.Message}");
                        }
                    }
                }
            }
        });

        return kernel;
    }

    private static bool IsExtension(Type type) =>
        !type.IsAbstract && !type.IsInterface && !type.IsGenericTypeDefinition && typeof(IKernelExtension).IsAssignableFrom(type);
}
