using System.Text;
using System.Text.RegularExpressions;
using EksIr.Core.Evidence;

namespace EksIr.Disk.Containers;

/// <summary>
/// The container engines' versions as the node's disk tells them: Debian's package status file
/// (<c>var/lib/dpkg/status</c>: docker.io/docker-ce/moby-engine, containerd/containerd.io). EKS nodes mostly run Amazon
/// Linux (RPM: <c>var/lib/rpm/rpmdb.sqlite</c> on 2023, Berkeley DB <c>Packages</c> on 2) or Bottlerocket (no package
/// database: the engines ship with the OS release); those are not read, and <see cref="Unknown"/> says so with the OS
/// named from <c>os-release</c> — never a bare "unknown".
/// </summary>
public sealed class EngineVersions
{
    private const string DpkgStatus = "var/lib/dpkg/status";
    private static readonly string[] OsRelease = ["etc/os-release", "usr/lib/os-release"];
    private readonly Dictionary<string, string> _versions = new(StringComparer.Ordinal);
    private readonly string _unknown;

    private EngineVersions(EvidenceRoot root)
    {
        var os = OperatingSystem(root);
        var onOs = os is null ? "" : $"; the node runs {os.Value.Name}";
        if (root.FileExists(DpkgStatus))
        {
            ReadDpkg(root);
            _unknown = $"not in the dpkg database ({DpkgStatus}){onOs}";
        }
        else if (root.FileExists("var/lib/rpm/rpmdb.sqlite"))
        {
            _unknown = $"RPM database not read (var/lib/rpm/rpmdb.sqlite){onOs}";
        }
        else if (root.FileExists("var/lib/rpm/Packages"))
        {
            _unknown = $"RPM database not read (var/lib/rpm/Packages, Berkeley DB){onOs}";
        }
        else if (os?.Id == "bottlerocket")
        {
            _unknown = $"{os.Value.Name} has no package database: its engines are those of the OS release";
        }
        else
        {
            _unknown = $"no package database on the disk{onOs}";
        }
    }

    public static EngineVersions Of(EvidenceRoot root) => new(root);

    /// <summary>"1.7.24-1 (containerd)": the version and the package it is from; null when the disk does not tell.</summary>
    public string? Of(string runtime) => _versions.GetValueOrDefault(runtime);

    /// <summary>Why a version is not known, e.g. "RPM database not read (var/lib/rpm/rpmdb.sqlite); the node runs Amazon Linux 2023".</summary>
    public string Unknown => _unknown;

    private void ReadDpkg(EvidenceRoot root)
    {
        var text = Encoding.UTF8.GetString(root.ReadAllBytes(DpkgStatus, 256L << 20));
        foreach (var stanza in text.Split("\n\n"))
        {
            var package = Regex.Match(stanza, @"^Package: (\S+)$", RegexOptions.Multiline).Groups[1].Value;
            var version = Regex.Match(stanza, @"^Version: (\S+)$", RegexOptions.Multiline).Groups[1].Value;
            var installed = stanza.Contains("Status: install ok installed", StringComparison.Ordinal);
            var engine = package switch
            {
                "docker.io" or "docker-ce" or "moby-engine" => "docker",
                "containerd" or "containerd.io" => "containerd",
                _ => null,
            };
            if (engine is not null && installed && version.Length > 0)
            {
                _versions[engine] = $"{version} ({package})";
            }
        }
    }

    /// <summary>ID and PRETTY_NAME (else NAME VERSION_ID) from os-release (freedesktop os-release(5): KEY=value, value optionally quoted).</summary>
    private static (string Id, string Name)? OperatingSystem(EvidenceRoot root)
    {
        var path = OsRelease.FirstOrDefault(root.FileExists);
        if (path is null)
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Encoding.UTF8.GetString(root.ReadAllBytes(path, 64 << 10)).Split('\n'))
        {
            var equals = line.IndexOf('=');
            if (equals > 0)
            {
                fields.TryAdd(line[..equals].Trim(), line[(equals + 1)..].Trim().Trim('"', '\''));
            }
        }

        var name = fields.GetValueOrDefault("PRETTY_NAME") is { Length: > 0 } pretty ? pretty
            : $"{fields.GetValueOrDefault("NAME", "an unnamed OS")} {fields.GetValueOrDefault("VERSION_ID", "")}".Trim();
        return (fields.GetValueOrDefault("ID", ""), EksIr.Core.Reporting.TerminalText.Escape(name.Length > 200 ? name[..200] + "…" : name));
    }
}
