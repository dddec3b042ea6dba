using System.Net;
using Amazon;
using Amazon.Runtime;

namespace EksIr.Cloud.Aws;

/// <summary>
/// IAM over its Query protocol (form-encoded POST, XML answers), signed with AWSSDK.Core's SigV4 handler for the global
/// IAM endpoint (us-east-1). Throttling is retried with exponential backoff; AWS errors become
/// <see cref="AwsActionException"/> naming the call and AWS's code. Replaceable by the official IAM client behind <see cref="IIamRoles"/>.
/// </summary>
public sealed class IamQueryClient : IIamRoles, IDisposable
{
    private static readonly Uri GlobalEndpoint = new("https://iam.amazonaws.com/");
    private readonly AwsQueryClient _query;

    public IamQueryClient(AWSCredentials credentials, Uri? endpoint = null, HttpMessageHandler? transport = null, TimeSpan? firstBackoff = null) =>
        _query = new AwsQueryClient("iam", "IAM", "2010-05-08", RegionEndpoint.USEast1, credentials, endpoint ?? GlobalEndpoint, transport, firstBackoff);

    public async Task<IReadOnlyList<string>> InstanceProfileRolesAsync(string instanceProfileName, CancellationToken cancellationToken = default)
    {
        var result = await _query.CallAsync("GetInstanceProfile", [("InstanceProfileName", instanceProfileName)], cancellationToken).ConfigureAwait(false);
        return result!.Descendants().Where(e => e.Name.LocalName == "RoleName").Select(e => e.Value).ToList();
    }

    public async Task<string?> RolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken = default)
    {
        var result = await _query.CallAsync("GetRolePolicy", [("RoleName", roleName), ("PolicyName", policyName)], cancellationToken, missingCode: "NoSuchEntity").ConfigureAwait(false);
        var document = result?.Descendants().FirstOrDefault(e => e.Name.LocalName == "PolicyDocument")?.Value;
        return document is null ? null : WebUtility.UrlDecode(document); // IAM returns policy documents URL-encoded
    }

    public async Task PutRolePolicyAsync(string roleName, string policyName, string document, CancellationToken cancellationToken = default) =>
        await _query.CallAsync("PutRolePolicy", [("RoleName", roleName), ("PolicyName", policyName), ("PolicyDocument", document)], cancellationToken,
            quiet: "PolicyDocument").ConfigureAwait(false);

    public void Dispose() => _query.Dispose();
}
