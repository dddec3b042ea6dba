namespace EksIr.Cloud.Aws;

/// <summary>The IAM calls containment needs: an instance profile's roles, and a role's inline policies.</summary>
public interface IIamRoles
{
    /// <summary>The role names in the instance profile (by name, as in its ARN's last segment).</summary>
    Task<IReadOnlyList<string>> InstanceProfileRolesAsync(string instanceProfileName, CancellationToken cancellationToken = default);

    /// <summary>The inline policy's JSON document, or null when the role has no inline policy of that name.</summary>
    Task<string?> RolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken = default);

    Task PutRolePolicyAsync(string roleName, string policyName, string document, CancellationToken cancellationToken = default);
}
