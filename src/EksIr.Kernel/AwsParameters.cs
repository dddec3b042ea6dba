using EksIr.Cloud.Aws;
using EksIr.Verbs;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel;

/// <summary>The AWS options of a live query kernel's #!connect, as the declared verbs take them (<see cref="AwsOptions"/>), and the connection they name.</summary>
public static class AwsParameters
{
    public static void Add(KernelActionDirective directive)
    {
        foreach (var option in AwsOptions.All)
        {
            directive.Parameters.Add(new KernelDirectiveParameter(option.Name, option.Described));
        }
    }

    /// <summary>Empty options (a notebook parameter set to "") mean the default, as if not given.</summary>
    public static AwsConnection Connection(string? region, string? profile, string? endpoint) =>
        new(Given(region), Given(profile), Given(endpoint));

    private static string? Given(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
