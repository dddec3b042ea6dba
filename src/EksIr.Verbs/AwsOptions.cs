using EksIr.Cloud.Aws;

namespace EksIr.Verbs;

/// <summary>The options of every verb that calls AWS (as the AWS CLI's), and the connection they name.</summary>
public static class AwsOptions
{
    public static readonly VerbOption Region = new("--region", "AWS region (default: AWS_REGION or the profile's)", ValueName: "R");

    public static readonly VerbOption Profile = new("--profile", "AWS profile (default: AWS_PROFILE or the default chain)", ValueName: "P");

    public static readonly VerbOption EndpointUrl = new("--endpoint-url", "send every AWS call of this verb to this URL (private endpoints, tests)", ValueName: "URL");

    public static IReadOnlyList<VerbOption> All { get; } = [Region, Profile, EndpointUrl];

    /// <summary>The connection the options name; one left empty (a notebook parameter set to "") is the default, as if not given.</summary>
    public static AwsConnection Connection(VerbArguments arguments) =>
        Connection(arguments.Value(Region.Name), arguments.Value(Profile.Name), arguments.Value(EndpointUrl.Name));

    /// <summary>The connection these options name as a query kernel's #!connect gives them (empty: the default).</summary>
    public static AwsConnection Connection(string? region, string? profile, string? endpointUrl) =>
        new(Given(region), Given(profile), Given(endpointUrl));

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
