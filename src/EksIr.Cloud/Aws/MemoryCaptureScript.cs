using System.Text.RegularExpressions;

namespace EksIr.Cloud.Aws;

/// <summary>
/// The shell script SSM runs on the instance to capture memory: AVML (LiME output) or the LiME kernel module into a
/// temporary folder, SHA-256 of the image, upload of the image and a <c>.sha256</c> sidecar to S3 with the AWS CLI,
/// a last line <c>eksir-memory sha256=… bytes=… uri=…</c> that the plan reads back, and the temporary copy removed.
/// The destination is checked to be a plain S3 URI and single-quoted: nothing the analyst types reaches the shell unquoted.
/// </summary>
public static partial class MemoryCaptureScript
{
    public const string ResultMarker = "eksir-memory";

    public static IReadOnlyList<string> Lines(string tool, string? toolPath, string destination, string scratch = "/var/tmp")
    {
        var uri = S3Uri(destination);
        var capture = tool switch
        {
            "avml" => $"{Quote(toolPath ?? "avml")} \"$tmp/memory.lime\"",
            "lime" => $"insmod {Quote(toolPath ?? "/opt/lime/lime.ko")} \"path=$tmp/memory.lime format=lime\" && rmmod lime",
            _ => throw new AwsActionException($"--memory-tool {tool}: use avml or lime"),
        };
        return
        [
            "set -eu",
            $"tmp=$(mktemp -d {Quote(scratch)}/eksir-memory.XXXXXX)",
            "trap 'rm -rf \"$tmp\"' EXIT",
            capture,
            "sha=$(sha256sum \"$tmp/memory.lime\" | cut -d' ' -f1)",
            "bytes=$(stat -c %s \"$tmp/memory.lime\")",
            $"aws s3 cp --only-show-errors \"$tmp/memory.lime\" {Quote(uri)}",
            $"printf '%s  %s\\n' \"$sha\" {Quote(uri.Split('/')[^1])} > \"$tmp/memory.lime.sha256\"",
            $"aws s3 cp --only-show-errors \"$tmp/memory.lime.sha256\" {Quote(uri + ".sha256")}",
            $"echo \"{ResultMarker} sha256=$sha bytes=$bytes uri={uri}\"",
        ];
    }

    /// <summary>The sha256, size and URI the script printed last, or null when it printed none (it failed before).</summary>
    public static (string Sha256, long Bytes, string Uri)? Result(string output)
    {
        var m = ResultLine().Matches(output).LastOrDefault();
        return m is null ? null : (m.Groups[1].Value, long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[3].Value);
    }

    /// <summary>A plain <c>s3://bucket/key</c>: bucket naming rules, a key of safe characters, not ending in '/'.</summary>
    public static string S3Uri(string destination)
    {
        if (!S3UriShape().IsMatch(destination))
        {
            throw new AwsActionException($"--memory-to {destination}: give an S3 URI for the image, like s3://bucket/case-1/i-0123.lime (letters, digits, . _ - / only)");
        }

        return destination;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/[A-Za-z0-9._/-]*[A-Za-z0-9._-]$")]
    private static partial Regex S3UriShape();

    [GeneratedRegex(@"eksir-memory sha256=([0-9a-f]{64}) bytes=([0-9]+) uri=(\S+)")]
    private static partial Regex ResultLine();
}
