namespace EksIr.Cli.Tests.Support;

/// <summary>
/// A test that needs Jupyter with the .NET (C#) kernel (Debian's jupyter + the dotnet-interactive tool). Where they
/// are missing it is reported as skipped, with the reason; CI installs them so it runs there.
/// </summary>
public sealed class JupyterFactAttribute : FactAttribute
{
    public JupyterFactAttribute()
    {
        Skip = MissingReason();
    }

    public static Dictionary<string, string> Environment()
    {
        var tools = Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".dotnet", "tools");
        return new Dictionary<string, string> { ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") + ":" + tools };
    }

    private static string? MissingReason()
    {
        var path = Environment()["PATH"].Split(':');
        if (!path.Any(p => File.Exists(Path.Combine(p, "jupyter"))))
        {
            return "jupyter is not installed (apt-get install jupyter jupyter-nbconvert python3-ipykernel)";
        }

        if (!path.Any(p => File.Exists(Path.Combine(p, "dotnet-interactive"))))
        {
            return "the dotnet-interactive tool is not installed (dotnet tool install -g Microsoft.dotnet-interactive --version 1.0.712001)";
        }

        var home = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
        string[] kernelDirs = [Path.Combine(home, ".local", "share", "jupyter", "kernels"), "/usr/local/share/jupyter/kernels", "/usr/share/jupyter/kernels"];
        return kernelDirs.Any(d => Directory.Exists(Path.Combine(d, ".net-csharp")))
            ? null
            : "the .NET (C#) Jupyter kernel is not installed (dotnet interactive jupyter install)";
    }
}
