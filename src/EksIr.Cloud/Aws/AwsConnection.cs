using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.SecurityToken;
using Amazon.SimpleSystemsManagement;

namespace EksIr.Cloud.Aws;

/// <summary>
/// How a verb reaches AWS, as the AWS CLI takes it: <c>--region</c>, <c>--profile</c> and <c>--endpoint-url</c> (every call of
/// the verb goes to that URL instead of the service endpoint: private endpoints, and the tests' loopback fakes).
/// Credentials and the default region come from AWSSDK.Core (profile files, environment, SSO, instance roles); nothing
/// here reads a credentials file.
/// </summary>
public sealed record AwsConnection(string? Region = null, string? Profile = null, string? EndpointUrl = null)
{
    public RegionEndpoint RegionEndpoint =>
        Region is { Length: > 0 } r ? RegionEndpoint.GetBySystemName(r)
        : ProfileRegion() ?? FallbackRegionFactory.GetRegionEndpoint()
        ?? throw new AwsActionException("no AWS region: give --region, or set AWS_REGION or a region in the profile");

    public AWSCredentials Credentials()
    {
        if (Profile is { Length: > 0 } profile)
        {
            return new CredentialProfileStoreChain().TryGetAWSCredentials(profile, out var credentials)
                ? credentials
                : throw new AwsActionException($"no AWS profile named '{profile}' in the shared config or credentials files");
        }

        try
        {
            return DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
        catch (AmazonClientException e)
        {
            throw new AwsActionException($"no AWS credentials: {e.Message} (give --profile, or set AWS_PROFILE or AWS_ACCESS_KEY_ID)");
        }
    }

    /// <summary>For messages and the journal: region, profile and endpoint when given.</summary>
    public string Description =>
        $"AWS {Region ?? "(default region)"}" + (Profile is null ? "" : $" profile {Profile}") + (EndpointUrl is null ? "" : $" via {EndpointUrl}");

    public IAmazonEC2 Ec2(AWSCredentials credentials) => new AmazonEC2Client(credentials, Configure(new AmazonEC2Config()));

    public IAmazonSimpleSystemsManagement Ssm(AWSCredentials credentials) => new AmazonSimpleSystemsManagementClient(credentials, Configure(new AmazonSimpleSystemsManagementConfig()));

    public IAmazonSecurityTokenService Sts(AWSCredentials credentials) => new AmazonSecurityTokenServiceClient(credentials, Configure(new AmazonSecurityTokenServiceConfig()));

    /// <summary>IAM over its Query protocol (no IAM SDK package is served here), signed by AWSSDK.Core.</summary>
    public IIamRoles Iam(AWSCredentials credentials) => new IamQueryClient(credentials, EndpointUrl is { } url ? new Uri(url) : null);

    /// <summary>EC2 Auto Scaling over its Query protocol (no Auto Scaling SDK package is served here), signed by AWSSDK.Core.</summary>
    public IAutoScaling AutoScaling(AWSCredentials credentials) =>
        new AutoScalingQueryClient(credentials, RegionEndpoint, EndpointUrl is { } url ? new Uri(url) : null);

    private T Configure<T>(T config) where T : ClientConfig
    {
        var region = RegionEndpoint;
        if (EndpointUrl is { } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = region.SystemName;
        }
        else
        {
            config.RegionEndpoint = region;
        }

        config.MaxErrorRetry = 4; // throttling is retried by the SDK with backoff
        return config;
    }

    private RegionEndpoint? ProfileRegion() =>
        Profile is { Length: > 0 } p && new CredentialProfileStoreChain().TryGetProfile(p, out var profile) ? profile.Region : null;
}
