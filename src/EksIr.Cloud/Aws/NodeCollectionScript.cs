using System.Globalization;
using System.Text.RegularExpressions;

namespace EksIr.Cloud.Aws;

/// <summary>
/// The shell script that collects a node's container state into the archive the disk verbs read
/// (<c>node/&lt;node&gt;.tar.gz</c>), streamed straight to S3: GNU tar in pax format with every extended attribute
/// (overlayfs keeps opaque directories in <c>trusted.overlay.opaque</c>) and ACLs, numeric owners, one file system per
/// path (so the merged views of running containers, tmpfs service-account tokens and other mounts are not copied a second
/// time), gzipped, hashed (SHA-256) and counted on the way through <c>tee</c> into named pipes, and uploaded by
/// <c>aws s3 cp -</c> — the archive is never written to a disk of the machine it runs on. Two sidecars follow it:
/// <c>.sha256</c> (as <c>sha256sum -c</c> reads it) and <c>.collection.txt</c> (size, root, host, time, tar's exit
/// status, paths missing); the last line, <c>eksir-node sha256=… bytes=… uri=… tar=… missing=…</c>, is what the plan reads back.
/// <para>
/// It runs on the live node (root <c>/</c>, through SSM) or on an analysis instance over the node's volume mounted
/// read-only (<c>--root /mnt/case-1/nvme1n1p1</c>): tar changes into the root, so members are named <c>var/lib/…</c>
/// either way. No <c>--sparse</c>: the evidence reader does not rebuild a GNU sparse member's holes, so a sparse file is
/// stored whole. Plain POSIX sh (dash, bash), GNU tar, gzip, coreutils and the AWS CLI. The destination and root are
/// checked to be plain (letters, digits, <c>. _ - /</c>) and single-quoted: nothing the analyst types reaches the shell unquoted.
/// </para>
/// </summary>
public static partial class NodeCollectionScript
{
    public const string ResultMarker = "eksir-node";

    /// <summary>
    /// What is collected, relative to the node's root; what is not there is skipped and named (<c>missing=</c>). The disk
    /// engines read containerd's and Docker's state, kubelet's pod logs (var/log/pods, var/log/containers) and the package
    /// database and os-release for the engines' versions; the rest is the context an analyst asks for next: the running
    /// tasks' OCI bundles (live only: /run is a tmpfs), kubelet's pods (volumes on the node's disk), configuration and
    /// kubeconfig, and the runtimes' and EKS's configuration. kubelet's pki (its private keys) is left out.
    /// </summary>
    public static IReadOnlyList<string> Paths { get; } =
    [
        "var/lib/containerd",
        "var/lib/docker",
        "run/containerd/io.containerd.runtime.v2.task",
        "var/lib/kubelet/pods",
        "var/lib/kubelet/config.yaml",
        "var/lib/kubelet/kubeconfig",
        "etc/kubernetes",
        "etc/eks",
        "etc/containerd",
        "etc/docker",
        "etc/systemd/system/kubelet.service",
        "etc/systemd/system/kubelet.service.d",
        "var/log/pods",
        "var/log/containers",
        "var/lib/dpkg/status",
        "var/lib/rpm",
        "etc/os-release",
        "usr/lib/os-release",
    ];

    /// <summary>GNU tar's options: pax headers (nanosecond times, long names, xattrs), every xattr, ACLs, numeric owners, one file system per path.</summary>
    public const string TarOptions = "--format=pax --xattrs --xattrs-include='*' --acls --numeric-owner --one-file-system";

    /// <param name="destination">The archive's S3 URI, ending in .tar.gz (its name, without the extension, is the node's name in the case).</param>
    /// <param name="root">The node's root on the machine the script runs on: / on the live node, the mount point of its volume elsewhere.</param>
    /// <param name="scratch">Where the named pipes and the few bytes of hash and count go (a tmpfs: /run).</param>
    public static IReadOnlyList<string> Lines(string destination, string root = "/", string scratch = "/run")
    {
        var uri = S3Uri(destination);
        CheckedPath("--root", root);
        CheckedPath("scratch folder", scratch);
        var name = uri[(uri.LastIndexOf('/') + 1)..];
        return
        [
            "set -eu",
            $"root={Quote(root)}",
            $"to={Quote(uri)}",
            "[ -d \"$root\" ] || { echo \"eksir-node: $root is not a folder here\" >&2; exit 2; }",
            "[ -e \"$root/var/lib/containerd\" ] || [ -e \"$root/var/lib/docker\" ] || { echo \"eksir-node: neither var/lib/containerd nor var/lib/docker under $root: not a node's root (is its volume mounted there?)\" >&2; exit 2; }",
            "set --",
            "missing=''",
            $"for p in {string.Join(' ', Paths.Select(Quote))}; do",
            "  if [ -e \"$root/$p\" ] || [ -L \"$root/$p\" ]; then set -- \"$@\" \"$p\"; else missing=\"$missing${missing:+,}$p\"; fi",
            "done",
            $"tmp=$(mktemp -d {Quote(scratch)}/eksir-node.XXXXXX)",
            "trap 'rm -rf \"$tmp\"' EXIT",
            // An upper bound of the stream for the AWS CLI, which needs one above 50 GB to size the upload's parts.
            "size=$(cd \"$root\" && du -scxb -- \"$@\" | tail -n 1 | cut -f 1)",
            "mkfifo \"$tmp/hash\" \"$tmp/count\"",
            "sha256sum < \"$tmp/hash\" > \"$tmp/sha256\" &",
            "hashing=$!",
            "wc -c < \"$tmp/count\" > \"$tmp/bytes\" &",
            "counting=$!",
            // POSIX sh has no pipefail: each stage writes its failure down; the upload's own status ends the script.
            $"{{ tar --create --file=- --directory=\"$root\" {TarOptions} -- \"$@\" || echo $? > \"$tmp/tar-status\"; }} \\",
            "  | { gzip -c || echo $? > \"$tmp/gzip-status\"; } \\",
            "  | { tee \"$tmp/hash\" \"$tmp/count\" || echo $? > \"$tmp/tee-status\"; } \\",
            "  | aws s3 cp --only-show-errors --expected-size \"$size\" - \"$to\"",
            "wait \"$hashing\"",
            "wait \"$counting\"",
            "tar_status=$(cat \"$tmp/tar-status\" 2>/dev/null || echo 0)",
            // tar exits 1 when a file changed while it was read (a live node's logs): kept, and said; 2 is a fatal error.
            "if [ \"$tar_status\" -gt 1 ] || [ -e \"$tmp/gzip-status\" ] || [ -e \"$tmp/tee-status\" ]; then",
            "  echo \"eksir-node: the archive at $to is incomplete (tar exit $tar_status); no sidecar was written; remove it: aws s3 rm $to\" >&2",
            "  exit 1",
            "fi",
            "sha=$(cut -d ' ' -f 1 \"$tmp/sha256\")",
            "bytes=$(tr -d ' ' < \"$tmp/bytes\")",
            $"printf '%s  %s\\n' \"$sha\" {Quote(name)} | aws s3 cp --only-show-errors - \"$to.sha256\"",
            "printf 'uri=%s\\nsha256=%s\\nbytes=%s\\nroot=%s\\nhost=%s\\ncollected-at=%s\\ntar-exit=%s\\nmissing=%s\\npaths=%s\\n' \"$to\" \"$sha\" \"$bytes\" \"$root\" \"$(uname -n)\" \\",
            "  \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\" \"$tar_status\" \"$missing\" \"$*\" | aws s3 cp --only-show-errors - \"$to.collection.txt\"",
            $"echo \"{ResultMarker} sha256=$sha bytes=$bytes uri=$to tar=$tar_status missing=${{missing:--}}\"",
        ];
    }

    /// <summary>The script as a file to run by hand (sh FILE, as root) where the node's root is.</summary>
    public static string Script(string destination, string root = "/", string scratch = "/run") =>
        "#!/bin/sh\n" + string.Join("\n", Lines(destination, root, scratch)) + "\n";

    /// <summary>What the script printed last, or null when it printed no result line (it failed before).</summary>
    public static NodeCollectionResult? Result(string output)
    {
        var m = ResultLine().Matches(output).LastOrDefault();
        return m is null ? null : new NodeCollectionResult(m.Groups[1].Value, long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), m.Groups[3].Value,
            int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture), m.Groups[5].Value == "-" ? [] : m.Groups[5].Value.Split(','));
    }

    /// <summary>A plain <c>s3://bucket/…/name.tar.gz</c>: bucket naming rules, a key of safe characters.</summary>
    public static string S3Uri(string destination) =>
        ArchiveUri().IsMatch(destination) ? destination
            : throw new AwsActionException($"--to {destination}: give an S3 URI for the node archive ending in .tar.gz, like " +
                                           "s3://bucket/case-1/node/ip-10-0-1-2.ec2.internal.tar.gz (letters, digits, . _ - / only)");

    private static void CheckedPath(string what, string path)
    {
        if (!PlainPath().IsMatch(path) || path.Split('/').Any(c => c is "." or ".."))
        {
            throw new AwsActionException($"{what} {path}: give an absolute path of letters, digits, . _ - / (no . or .. parts), like / or /mnt/case-1/nvme1n1p1");
        }
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/[A-Za-z0-9._/-]*[A-Za-z0-9_-]\.tar\.gz$")]
    private static partial Regex ArchiveUri();

    [GeneratedRegex(@"^/[A-Za-z0-9._/-]*$")]
    private static partial Regex PlainPath();

    [GeneratedRegex(@"eksir-node sha256=([0-9a-f]{64}) bytes=([0-9]+) uri=(\S+) tar=([0-9]+) missing=(\S+)")]
    private static partial Regex ResultLine();
}
