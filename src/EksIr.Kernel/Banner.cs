using System.Reflection;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel;

/// <summary>The one-line load banner: the extension's version and the magic commands it added.</summary>
public sealed record Banner(string Version, IReadOnlyList<string> Commands)
{
    public static Banner For(IEnumerable<KernelDirective> added)
    {
        var version = typeof(Banner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
        var plus = version.IndexOf('+');
        var commands = added
            .OfType<KernelActionDirective>()
            .SelectMany(d => d.Subcommands.Count == 0 ? [d.Name] : d.Subcommands.Select(s => $"{d.Name} {s.Name}"))
            .ToArray();
        return new Banner(plus > 0 ? version[..plus] : version, commands);
    }

    public override string ToString() => $"EKS IR Notebooks {Version} loaded. Magic commands: {string.Join(", ", Commands)}";
}
