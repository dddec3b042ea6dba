using EksIr.Core.Aws;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel;

/// <summary>The AWS options every live AWS magic command takes (as the CLI's --region/--profile/--endpoint-url), and the connection they name.</summary>
public static class AwsParameters
{
    public static void Add(KernelActionDirective directive)
    {
        directive.Parameters.Add(new KernelDirectiveParameter("--region", "AWS region (default: AWS_REGION or the profile's)"));
        directive.Parameters.Add(new KernelDirectiveParameter("--profile", "AWS profile (default: AWS_PROFILE or the default chain)"));
        directive.Parameters.Add(new KernelDirectiveParameter("--endpoint-url", "Send every AWS call to this URL (private endpoints)"));
    }

    /// <summary>Empty options (a notebook parameter set to "") mean the default, as if not given.</summary>
    public static AwsConnection Connection(string? region, string? profile, string? endpoint) =>
        new(Given(region), Given(profile), Given(endpoint));

    private static string? Given(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
