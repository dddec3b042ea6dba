using EksIr.Core.Evidence;

namespace EksIr.Verbs;

/// <summary>The node disk a call chose under the evidence's node/ (null: none chosen there — ROOT was one node's root), and the line that says it.</summary>
public sealed class NodeChoice
{
    public string? Path { get; internal set; }

    /// <summary>"node ip-10-0-1-2.ec2.internal (node/ip-10-0-1-2.ec2.internal.tar.gz)", or null.</summary>
    public string? Said => Path is { } p ? $"read node {NodeDisks.NameOf(p)} ({p})" : null;
}
