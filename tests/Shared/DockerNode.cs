namespace EksIr.Tests;

/// <summary>A node root made by the real dockerd (sample-data/generators/docker-node.sh), with the engine's own view beside it.</summary>
public sealed class DockerNode() : GeneratedNode("docker-node.sh", DockerFactAttribute.MissingReason)
{
    public const string WebName = "k8s_web_shop-7d9f_default_9b2e6c4a-1d3f-4e5a-8b7c-6d5e4f3a2b1c_0";
    public const string PodUid = "9b2e6c4a-1d3f-4e5a-8b7c-6d5e4f3a2b1c";
}

[CollectionDefinition(Name)]
public sealed class DockerNodeCollection : ICollectionFixture<DockerNode>
{
    public const string Name = "real docker node";
}

/// <summary>A test on evidence made by the real dockerd; skipped, with the reason, where it cannot run.</summary>
public sealed class DockerFactAttribute : FactAttribute
{
    public DockerFactAttribute() => Skip = MissingReason();

    public static string? MissingReason()
    {
        if (Environment.UserName != "root")
        {
            return "needs root to run dockerd";
        }

        var missing = new[] { "dockerd", "docker", "umoci", "skopeo" }.Where(p => ProcessRun.Which(p) is null).ToArray();
        return missing.Length == 0 ? null : $"missing {string.Join(", ", missing)} (apt-get install docker.io umoci skopeo busybox-static)";
    }
}
