namespace EksIr.Tests;

/// <summary>
/// A node root built by the real containerd (sample-data/generators/containerd-node.sh). Built once and shared by
/// every test assembly and run: it is cached under the temp folder, keyed by the generator's hash, behind a lock
/// file. Tests must leave it unchanged (and check that they do). Needs root and Debian's containerd, runc, umoci,
/// skopeo and busybox-static; see <see cref="ContainerdFactAttribute"/>.
/// </summary>
public sealed class ContainerdNode() : GeneratedNode("containerd-node.sh", ContainerdFactAttribute.MissingReason)
{
    public const string PodUid = "3f6c1a2e-8b4d-4e7f-9a0b-1c2d3e4f5a6b";
    public const string SandboxId = "5d9a0b7c1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b";
    public const string AppId = "8e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f";
    public const string NativeId = "a7a7e0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9"; // on the native snapshotter, exited, no pod
    public const string CleanupId = "c0ffee0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e"; // run, then removed: only its log folder stays
}

[CollectionDefinition(Name)]
public sealed class ContainerdNodeCollection : ICollectionFixture<ContainerdNode>
{
    public const string Name = "real containerd node";
}

/// <summary>A test on evidence made by the real containerd; skipped, with the reason, where it cannot run.</summary>
public sealed class ContainerdFactAttribute : FactAttribute
{
    public ContainerdFactAttribute() => Skip = MissingReason();

    public static string? MissingReason()
    {
        if (Environment.UserName != "root")
        {
            return "needs root to run containerd";
        }

        var missing = new[] { "containerd", "ctr", "runc", "umoci", "skopeo" }.Where(p => ProcessRun.Which(p) is null).ToArray();
        return missing.Length == 0 ? null : $"missing {string.Join(", ", missing)} (apt-get install containerd runc umoci skopeo busybox-static)";
    }
}
