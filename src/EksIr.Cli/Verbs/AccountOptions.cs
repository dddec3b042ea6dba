namespace EksIr.Cli.Verbs;

/// <summary>The AWS account options as declared once (EksIr.Verbs' <see cref="EksIr.Verbs.Aws.AwsAccount"/>), for the verbs not yet declared there (sql, insights).</summary>
internal static class AccountOptions
{
    public static readonly Dictionary<string, string> Values = EksIr.Verbs.Aws.AwsAccount.Options.ToDictionary(o => o.Name, o => o.Described, StringComparer.Ordinal);
}
