using System.Globalization;
using System.Text.RegularExpressions;

namespace EksIr.Cloud.Aws;

/// <summary>
/// The shell script SSM runs on the instance to capture memory and stream it to S3 without writing the image to the
/// instance's disks (a multi-GiB file on the node's root volume would overwrite free space that is evidence, and push the
/// kubelet into disk pressure): the tool writes into a FIFO, <c>tee</c> feeds <c>sha256sum</c>, <c>wc -c</c> and
/// <c>aws s3 cp - s3://…</c> at once, the <c>.sha256</c> sidecar is uploaded from a pipe, and the last line
/// <c>eksir-memory sha256=… bytes=… uri=…</c> is what the plan reads back. The FIFOs live in a folder under <c>/run</c>,
/// a RAM file system (tmpfs) on systemd hosts such as the EKS Amazon Linux 2 and 2023 AMIs; nothing of the image passes
/// through them but the kernel's pipe buffer. The destination is checked to be a plain S3 URI and single-quoted: nothing
/// the analyst types reaches the shell unquoted.
/// <para>Why a FIFO and not AVML's own upload, from AVML's source and README (microsoft/avml): <c>--url</c> (HTTP PUT to a
/// presigned S3 URL) and <c>--sas-url</c> upload after the image has been written to the local FILENAME, and
/// <c>--delete</c> removes that file only afterwards (<c>upload_after_acquire</c> in src/bin/avml/acquire.rs from 0.19,
/// src/bin/avml.rs before); the <c>stream</c> subcommand (0.19 and later) writes no local file but only to Azure Blob
/// Storage or a TCP listener; and since 0.17 the output is opened with O_NOFOLLOW (src/image.rs), so <c>/dev/stdout</c>,
/// a symlink to /proc/self/fd/1, is refused, while a FIFO is opened like a file. AVML falls back to another memory source
/// when one fails, re-writing the output from the start, which a pipe cannot take; the script therefore names the source
/// as AVML does for a destination it cannot rewind (src/snapshot.rs, <c>probe_single_source</c>): /proc/kcore when it is
/// larger than 8 KiB, else /dev/crash, else /dev/mem. AVML 0.19 and later take the <c>acquire</c> subcommand, earlier
/// releases none; the script asks the tool's help which it is. The image is not <c>--compress</c>ed: that writes AVML's
/// own Snappy format, which Volatility and the memory verbs read only after <c>avml convert</c>; uncompressed it is LiME.</para>
/// <para>LiME (504ensicsLabs/LiME, its README): <c>path=tcp:PORT</c> makes the module serve the image on a TCP port instead
/// of writing a file, and <c>localhostonly=1</c> binds it to the loopback address; bash's <c>/dev/tcp</c> reads it into the
/// same FIFO.</para>
/// <para><c>aws s3 cp -</c> uploads from standard input in parts; <c>--expected-size</c> (bytes) is needed for streams
/// over 50 GB so the parts are large enough (AWS CLI s3 cp reference): it is given as 1.25 × MemTotal + 1 GiB, more
/// than the image (System RAM ranges plus 32 bytes of LiME header each).</para>
/// </summary>
public static partial class MemoryCaptureScript
{
    public const string ResultMarker = "eksir-memory";

    /// <summary>RAM-backed on systemd hosts: the FIFOs and the hash and size files never reach a disk.</summary>
    public const string DefaultScratch = "/run";

    public const int DefaultLimePort = 4444;

    public static IReadOnlyList<string> Lines(string tool, string? toolPath, string destination, string scratch = DefaultScratch, int limePort = DefaultLimePort)
    {
        var uri = S3Uri(destination);
        IReadOnlyList<string> capture = tool switch
        {
            "avml" =>
            [
                $"avml={Quote(toolPath ?? "avml")}",
                "command -v \"$avml\" >/dev/null || { echo \"$avml: not found on the instance\" >&2; exit 127; }",
                "if \"$avml\" --help 2>/dev/null | grep -q '<COMMAND>'; then acquire=acquire; else acquire=; fi",
                "if [ \"$(stat -c %s /proc/kcore 2>/dev/null)\" -gt 8192 ] 2>/dev/null; then source=/proc/kcore; elif [ -e /dev/crash ]; then source=/dev/crash; else source=/dev/mem; fi",
                "capture() { exec 3>\"$tmp/image\"; exec \"$avml\" $acquire --source \"$source\" \"$tmp/image\"; }",
            ],
            "lime" =>
            [
                $"lime={Quote(toolPath ?? "/opt/lime/lime.ko")}",
                $"port={limePort.ToString(CultureInfo.InvariantCulture)}",
                "if awk -v p=\":$(printf '%04X' \"$port\")\" '$2 ~ p\"$\" && $4 == \"0A\" { found = 1 } END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null; then " +
                "echo \"TCP port $port is in use on the instance: LiME cannot serve the image on it\" >&2; exit 1; fi",
                "capture() { exec 3>\"$tmp/image\"; insmod \"$lime\" \"path=tcp:$port localhostonly=1 format=lime\" & loading=$!; " +
                "for try in $(seq 1 60); do if kill -0 \"$loading\" 2>/dev/null && cat < \"/dev/tcp/127.0.0.1/$port\" >&3 2>/dev/null; then break; fi; sleep 1; done; " +
                "wait \"$loading\"; rmmod lime; }",
            ],
            _ => throw new AwsActionException($"--memory-tool {tool}: use avml or lime"),
        };
        return
        [
            "set -eu",
            .. capture,
            $"tmp=$(mktemp -d {Quote(scratch)}/eksir-memory.XXXXXX)",
            "capturing= copying= hashing= counting=",
            "trap 'kill $capturing $copying $hashing $counting 2>/dev/null || :; wait; rm -rf \"$tmp\"' EXIT",
            "mkfifo -m 600 \"$tmp/image\" \"$tmp/hashed\" \"$tmp/counted\" \"$tmp/upload\"",
            "expected=$(awk '/^MemTotal:/ { printf \"%.0f\", $2 * 1024 * 1.25 + 1073741824 }' /proc/meminfo)",
            "sha256sum < \"$tmp/hashed\" > \"$tmp/sha256\" & hashing=$!",
            "wc -c < \"$tmp/counted\" > \"$tmp/bytes\" & counting=$!",
            "tee \"$tmp/hashed\" \"$tmp/counted\" < \"$tmp/image\" > \"$tmp/upload\" & copying=$!",
            // The capture holds the FIFO open for writing before the tool starts, so a tool that fails before opening it
            // still ends the readers (end of file) instead of leaving them waiting.
            "capture & capturing=$!",
            $"aws s3 cp --only-show-errors --expected-size \"$expected\" - {Quote(uri)} < \"$tmp/upload\"",
            $"if ! wait \"$capturing\"; then capturing=; echo \"memory capture failed: {uri} holds an incomplete image, not evidence\" >&2; exit 1; fi",
            "wait \"$copying\"; wait \"$hashing\"; wait \"$counting\"",
            "trap 'rm -rf \"$tmp\"' EXIT",
            "sha=$(cut -d' ' -f1 \"$tmp/sha256\"); bytes=$(tr -d ' ' < \"$tmp/bytes\")",
            $"printf '%s  %s\\n' \"$sha\" {Quote(uri.Split('/')[^1])} | aws s3 cp --only-show-errors - {Quote(uri + ".sha256")}",
            $"echo \"{ResultMarker} sha256=$sha bytes=$bytes uri={uri}\"",
        ];
    }

    /// <summary>The sha256, size and URI the script printed last, or null when it printed none (it failed before).</summary>
    public static (string Sha256, long Bytes, string Uri)? Result(string output)
    {
        var m = ResultLine().Matches(output).LastOrDefault();
        return m is null ? null : (m.Groups[1].Value, long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[3].Value);
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
