using System.Reflection;

namespace EksIr.Tests;

/// <summary>Where the repository's own files are, found from the test assembly's location.</summary>
public static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        typeof(Repo).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "EksIrNotebooks.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EksIrNotebooks.sln not found above " + AppContext.BaseDirectory);
    }
}
