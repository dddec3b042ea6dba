using EksIr.Cloud.Aws;

namespace EksIr.Verbs.Aws;

/// <summary>
/// The AWS account a verb asks or acts on: a snapshot of AWS CLI answers (<c>--snapshot</c>, evidence; plans only) or
/// the live account (<c>--region</c>, <c>--profile</c>, <c>--endpoint-url</c>, as the AWS CLI takes them).
/// </summary>
public static class AwsAccount
{
    public static IReadOnlyList<VerbOption> Options { get; } =
    [
        new("--snapshot", "a folder of aws … --output json answers to plan on instead of the live account (dry runs only)", Evidence: true),
        .. AwsOptions.All,
    ];

    /// <summary>The account the call names, as a source of facts and, live, a writer; the snapshot's problems come with the answer.</summary>
    public static Task<SourceAnswer<T>> AskAsync<T>(VerbCall call, Func<IInstanceSource, LiveAccount?, Task<T>> ask)
    {
        if (call.Arguments.Value("--snapshot") is not { } given)
        {
            var live = LiveAccount.Connect(AwsOptions.Connection(call.Arguments));
            return SourceAnswer<T>.AskAsync([], () => ask(live, live));
        }

        var (root, path) = call.File("--snapshot");
        var snapshot = new AccountSnapshot(root, path, given);
        return SourceAnswer<T>.AskAsync(snapshot.Problems, () => ask(snapshot, null));
    }
}
