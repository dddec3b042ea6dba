using EksIr.Core.Aws;

namespace EksIr.Verbs.Aws;

/// <summary>
/// The AWS account a verb asks or acts on: a snapshot of AWS CLI answers (<c>--snapshot</c>, evidence; plans only) or
/// the live account (<c>--region</c>, <c>--profile</c>, <c>--endpoint-url</c>, as the AWS CLI takes them).
/// </summary>
public static class AwsAccount
{
    /// <summary>The options naming the live account, also taken by the live log connections.</summary>
    public static IReadOnlyList<VerbOption> Live { get; } =
    [
        new("--region", "AWS region (default: AWS_REGION or the profile's)"),
        new("--profile", "AWS profile (default: AWS_PROFILE or the default chain)"),
        new("--endpoint-url", "send every AWS call of this verb to this URL (private endpoints, tests)"),
    ];

    public static IReadOnlyList<VerbOption> Options { get; } =
    [
        new("--snapshot", "a folder of aws … --output json answers to plan on instead of the live account (dry runs only)", Evidence: true),
        .. Live,
    ];

    /// <summary>The account the call names, as a source of facts and, live, a writer; the snapshot's problems come with the answer.</summary>
    public static Task<SourceAnswer<T>> AskAsync<T>(VerbCall call, Func<IInstanceSource, LiveAccount?, Task<T>> ask)
    {
        if (call.Arguments.Value("--snapshot") is not { } given)
        {
            var live = LiveAccount.Connect(new AwsConnection(call.Arguments.Value("--region"), call.Arguments.Value("--profile"), call.Arguments.Value("--endpoint-url")));
            return SourceAnswer<T>.AskAsync([], () => ask(live, live));
        }

        var (root, path) = call.File("--snapshot");
        var snapshot = new AccountSnapshot(root, path, given);
        return SourceAnswer<T>.AskAsync(snapshot.Problems, () => ask(snapshot, null));
    }
}
