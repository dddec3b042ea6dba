using System.Reflection;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel;

/// <summary>The one-line load banner: version and the magic commands this extension added.</summary>
public sealed record Banner(string Version, IReadOnlyList<string> Commands)
{
    public static readonly string[] OurDirectives = ["#!case"];

    public static Banner For(CompositeKernel kernel)
    {
        var version = typeof(Banner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
        var plus = version.IndexOf('+');
        var commands = kernel.KernelInfo.SupportedDirectives
            .OfType<KernelActionDirective>()
            .Where(d => OurDirectives.Contains(d.Name))
            .SelectMany(d => d.Subcommands.Count == 0 ? [d.Name] : d.Subcommands.Select(s => $"{d.Name} {s.Name}"))
            .ToArray();
        return new Banner(plus > 0 ? version[..plus] : version, commands);
    }

    public override string ToString() => $"EKS IR Notebooks {Version} loaded. Magic commands: {string.Join(", ", Commands)}";
}
