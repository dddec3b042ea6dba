using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Logs;
using EksIr.Core.Evidence;
using EksIr.Tests;

namespace EksIr.Core.Tests.Containers;

/// <summary>
/// google/docker-explorer's own test data (Apache-2.0; tests/RealWorld/PROVENANCE.md): <c>/var/lib/docker</c> folders a
/// Docker of 2018 left, tarred as <c>docker/…</c>. Each is unpacked with GNU tar under <c>var/lib/</c> of a scratch node
/// root, as docker-explorer's tests unpack it. Expected values are those docker-explorer's <c>tests.py</c> asserts
/// (TestOverlay2Storage, TestOverlayStorage), or what <c>tar</c> and <c>jq</c> print of the sample, quoted beside each.
/// </summary>
public sealed class DockerExplorerSampleTests : IDisposable
{
    private const string Running = "8e8b7f23eb7cbd4dfe7e91646ddd0e0f524218e25d50113559f078dfb2690206";
    private const string MountId = "92fd3b3e7d6101bb701743c9518c45b0d036b898c8a3d7cae84e1a06e6829b53";
    private const string Busybox = "sha256:8ac48589692a53a9b8c2d1ceaa6b402665aa7fe667ba51ccc03002300856d8c7";
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    private EvidenceRoot Unpacked(string sample)
    {
        var node = _temp.Combine(Path.GetFileNameWithoutExtension(sample));
        Directory.CreateDirectory(Path.Combine(node, "var", "lib"));
        var tar = ProcessRun.RunAsync("tar", ["-xzf", Repo.Path("tests", "RealWorld", "docker", sample), "--no-same-owner", "-C", Path.Combine(node, "var", "lib")],
            node, TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();
        Assert.True(tar.ExitCode == 0, tar.ToString());
        return new EvidenceRoot(node);
    }

    [Fact]
    public void Overlay2_sample_lists_the_five_containers_docker_explorer_expects_with_names_times_images_and_the_one_running()
    {
        var listing = NodeContainers.List(Unpacked("overlay2.v2.tgz"));

        // testGetAllContainers: 5 containers; sorted by name the first is /festive_perlman and the fourth /reverent_wing.
        var byName = listing.Containers.OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();
        Assert.Equal(5, byName.Length);
        Assert.Equal(("festive_perlman", "2018-05-16T10:51:39.271019533Z", "busybox", Running),
            (byName[0].Name, byName[0].CreatedAt.ToString(), byName[0].Image, byName[0].Id));
        Assert.Equal(("reverent_wing", "2018-05-16T10:51:28.695738065Z", "busybox", "10acac0b3466813c9e1f85e2aa7d06298e51fbfe86bbcb6b7a19dd33d3798f6a"),
            (byName[3].Name, byName[3].CreatedAt.ToString(), byName[3].Image, byName[3].Id));

        // testGetRunningContainersList: only /festive_perlman was running.
        Assert.Equal([Running], listing.Containers.Where(c => c.State == "running").Select(c => c.Id));

        // testGetAllContainersFiltered: leaving out gcr.io images leaves these four, so the fifth runs the gcr.io image.
        string[] notGcr = [Running, "9949fa153b778e39d6cab0a4e0ba60fa34a13fedb1f256d613a2f88c0c98408a",
            "10acac0b3466813c9e1f85e2aa7d06298e51fbfe86bbcb6b7a19dd33d3798f6a", "61ba4e6c012c782186c649466157e05adfd7caa5b551432de51043893cae5353"];
        var gcr = Assert.Single(listing.Containers, c => !notGcr.Contains(c.Id));
        Assert.StartsWith("gcr.io/", gcr.Image, StringComparison.Ordinal);

        // testGetContainersJson: the running container's image id.
        Assert.Equal(Busybox, byName[0].ImageId);
        Assert.Empty(listing.Problems);
    }

    [Fact]
    public void Overlay2_sample_finds_a_container_by_the_id_prefix_docker_explorer_resolves_and_says_when_none_matches()
    {
        var containers = NodeContainers.List(Unpacked("overlay2.v2.tgz")).Containers;

        // testGetFullContainerID: '61ba4e6c012c782' is 61ba4e6c…; 'xx' matches nothing.
        Assert.Equal("61ba4e6c012c782186c649466157e05adfd7caa5b551432de51043893cae5353", ContainerFilesystems.Select(containers, "61ba4e6c012c782").Id);
        Assert.Contains("no container with this id", Assert.Throws<EvidenceAccessException>(() => ContainerFilesystems.Select(containers, "xx")).Message);
    }

    [Fact]
    public void Overlay2_sample_stacks_the_layers_docker_explorers_mount_command_names_in_its_order()
    {
        var root = Unpacked("overlay2.v2.tgz");

        var layers = ContainerLayers.Of(root, Running).Layers;

        // testMakeMountCommands: lowerdir=overlay2/<mount id>/diff:overlay2/l/OTFSLJCXWCECIG6FVNGRTWUZ7D:overlay2/l/CH5A7XWSBP2DUPV7V47B7DOOGY;
        // the sample's own links (ls -l overlay2/l) name those two: OTFS… -> ../<mount id>-init/diff, CH5A… -> ../583c602e…/diff.
        Assert.Equal(
            [$"var/lib/docker/overlay2/{MountId}/diff", $"var/lib/docker/overlay2/{MountId}-init/diff",
                "var/lib/docker/overlay2/583c602e6bded61f85a9deb504a724d5cc7cce3902c8385a7620fe1c78ad3176/diff"],
            layers.Select(l => l.EvidencePath));
    }

    [Fact]
    public void Overlay2_sample_diff_and_cat_show_the_one_file_the_running_container_wrote()
    {
        var root = Unpacked("overlay2.v2.tgz");

        // tar tvzf overlay2.v2.tgz | grep "$MOUNT_ID/diff/": only "-rw-r--r-- … 5 2018-05-16 10:51 …/diff/tets";
        // tar xOzf … /diff/tets | xxd: "7465 7374 0a" (test\n); | sha256sum: f2ca1bb6…. An added file under / is docker diff's "A /tets".
        var diff = ContainerDiff.Of(root, "festive_perlman");
        var change = Assert.Single(diff.Changes);
        Assert.Equal(("/tets", "A", 5L), (change.Path, change.Change, change.Size));
        var file = ContainerFile.Read(root, "festive_perlman", "/tets");
        Assert.Equal(("test\n", "f2ca1bb6c7e907d06dafe4687e579fce76b37e4e93b7605022da52e6ccc26fd2"), (file.Preview, file.Sha256));
    }

    [Fact]
    public void Overlay2_sample_image_has_the_tags_digest_creation_time_and_history_its_config_holds()
    {
        var root = Unpacked("overlay2.v2.tgz");

        var image = Assert.Single(NodeImages.List(root).Images);

        // testGetRepositoriesString: busybox:latest and busybox@sha256:58ac43b2… both name sha256:8ac48589….
        Assert.Equal((Busybox, "busybox:latest"), (image.Id, Assert.Single(image.Names)));
        Assert.Equal(["busybox@sha256:58ac43b2cc92c687a32c8be6278e50a063579655fe3090125dcb2af0ff9e1a64"], image.RepoDigests);
        // testGetLayerInfo: created '2018-04-05T10:41:28.876407948Z'.
        Assert.Equal("2018-04-05T10:41:28.876407948Z", image.CreatedAt.ToString());

        // testGetHistory gives the newest step, '/bin/sh -c #(nop)  CMD ["sh"]'; jq -c .history of the image config gives both:
        // [{"created":"2018-04-05T10:41:28.603783455Z","created_by":"/bin/sh -c #(nop) ADD file:c94ab8f8… in / "},
        //  {"created":"2018-04-05T10:41:28.876407948Z","created_by":"/bin/sh -c #(nop)  CMD [\"sh\"]","empty_layer":true}]
        var steps = NodeImages.History(root, "busybox:latest").Steps;
        Assert.Equal(
            [("2018-04-05T10:41:28.876407948Z", "/bin/sh -c #(nop)  CMD [\"sh\"]", true),
                ("2018-04-05T10:41:28.603783455Z", "/bin/sh -c #(nop) ADD file:c94ab8f861446c74e5d536b7fa817b465f7f55da5715478c053152f35c8760c3 in / ", false)],
            steps.Select(s => (s.Created.ToString(), s.CreatedBy, s.EmptyLayer)));
    }

    [Fact]
    public void Overlay2_sample_logs_are_the_json_file_lines_jq_prints()
    {
        var root = Unpacked("overlay2.v2.tgz");

        // jq -r '.time + " " + .stream + " " + .log' on objective_franklin's and reverent_wing's *-json.log:
        // 2018-05-16T10:51:11.853151438Z stdout ohai
        // 2018-05-16T10:51:29.029044131Z stderr container_linux.go:247: starting container process caused "exec: \"/bin/sh echo test\": stat /bin/sh echo test: no such file or directory"
        var ohai = Assert.Single(NodeLogs.Tail(root, "objective_franklin", null).Lines);
        Assert.Equal(("2018-05-16T10:51:11.853151438Z", "stdout", "ohai"), (ohai.Time.ToString(), ohai.Stream, ohai.Message));
        var failed = Assert.Single(NodeLogs.Tail(root, "reverent_wing", null).Lines);
        Assert.Equal(("2018-05-16T10:51:29.029044131Z", "stderr",
                "container_linux.go:247: starting container process caused \"exec: \\\"/bin/sh echo test\\\": stat /bin/sh echo test: no such file or directory\""),
            (failed.Time.ToString(), failed.Stream, failed.Message));
    }

    [Fact]
    public void Legacy_overlay_sample_lists_its_six_containers_as_docker_explorer_expects_and_refuses_its_layers_by_name()
    {
        var root = Unpacked("overlay.v2.tgz");

        var listing = NodeContainers.List(root);

        // TestOverlayStorage.testGetAllContainers: 6 containers; first by name /elastic_booth, created
        // 2018-01-26T14:55:56.280943771Z, busybox:latest, running, id 5dc287aa….
        var first = listing.Containers.OrderBy(c => c.Name, StringComparer.Ordinal).First();
        Assert.Equal(6, listing.Containers.Count);
        Assert.Equal(("elastic_booth", "2018-01-26T14:55:56.280943771Z", "busybox:latest", "running", "5dc287aa80b460652a5584e80a5c8c1233b0c0691972d75424cf5250b917600a"),
            (first.Name, first.CreatedAt.ToString(), first.Image, first.State, first.Id));
        // testGetFullContainerID: "4" is ambiguous between 42e8679f… and 4ad09bee….
        var ambiguous = Assert.Throws<EvidenceAccessException>(() => ContainerFilesystems.Select(listing.Containers, "4")).Message;
        Assert.Contains("42e8679f78d6", ambiguous);
        Assert.Contains("4ad09bee61dc", ambiguous);

        var refused = Assert.Throws<EvidenceAccessException>(() => ContainerDiff.Of(root, "elastic_booth"));
        Assert.StartsWith("var/lib/docker/overlay: storage driver overlay is not read", refused.Message, StringComparison.Ordinal);
        var images = NodeImages.List(root);
        Assert.Empty(images.Images);
        Assert.StartsWith("storage driver overlay is not read", Assert.Single(images.Problems).Problem, StringComparison.Ordinal);
    }

    /// <summary>A node root holding the sample's container folders (copied byte for byte) and the empty folders named.</summary>
    private EvidenceRoot WithContainersOf(string sample, params string[] folders)
    {
        var node = _temp.Combine(sample);
        var from = Repo.Path("tests", "RealWorld", "docker", sample, "containers");
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(node, "var", "lib", "docker", "containers", Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        foreach (var folder in folders)
        {
            Directory.CreateDirectory(Path.Combine(node, "var", "lib", "docker", folder));
        }

        return new EvidenceRoot(node);
    }

    [Fact]
    public void Docker_before_1_10_containers_in_config_json_are_listed_as_docker_explorer_expects_and_their_aufs_files_refused_by_name()
    {
        // aufs.v1.tgz's three containers/<id>/{config.json, hostconfig.json}, beside its graph/ and aufs/ folders (tar tzf aufs.v1.tgz).
        var root = WithContainersOf("aufs.v1", "graph", "aufs");

        var listing = NodeContainers.List(root);

        // TestAufsV1Storage.testGetAllContainers: 3 containers; first by name /angry_rosalind, created
        // 2018-12-27T10:53:17.096746609Z, busybox, running, id de44dd97…; testGetRunningContainersList: the only one running.
        var first = listing.Containers.OrderBy(c => c.Name, StringComparer.Ordinal).First();
        Assert.Equal(3, listing.Containers.Count);
        Assert.Equal(("angry_rosalind", "2018-12-27T10:53:17.096746609Z", "busybox", "running", "de44dd97cfd1c8d1c1aad7f75a435603991a7a39fa4f6b20a69bf4458809209c"),
            (first.Name, first.CreatedAt.ToString(), first.Image, first.State, first.Id));
        Assert.Single(listing.Containers, c => c.State == "running");
        Assert.Equal("aufs", Assert.Single(NodeStatus.Of(root).Engines).StorageDriver);
        Assert.StartsWith("var/lib/docker/aufs: storage driver aufs is not read",
            Assert.Throws<EvidenceAccessException>(() => ContainerDiff.Of(root, "angry_rosalind")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Volumes_are_shown_by_the_folder_docker_explorer_mounts_for_them_beside_the_bind_mount()
    {
        // vols.v2.tgz's containers 8b6e90cc… (sad_lichterman) and 712909b5… (zen_booth): config.v2.json and hostconfig.json.
        var containers = NodeContainers.List(WithContainersOf("vols.v2")).Containers;

        // TestDEVolumes.testGenerateBindMountPoints: "mount --bind -o ro <docker>/volumes/eda9ee49…/_data /mnt/var/jenkins_home" and
        // "mount --bind -o ro <docker>/../../opt/vols/bind /mnt/opt"; testGenerateVolumesMountpoints: "<docker>/volumes/f5479c53…/_data /mnt/opt/vols/volume".
        var bound = containers.Single(c => c.Id.StartsWith("8b6e90cc", StringComparison.Ordinal)).Security.Mounts;
        Assert.Equal(
            [("/opt/vols/bind", "/opt", "host path"),
                ("/var/lib/docker/volumes/eda9ee495beccf988d963bf91de0276847e838b9531ab9118caef38a33894bb4/_data", "/var/jenkins_home", "docker volume")],
            bound.Select(m => (m.Source, m.Destination, m.Origin)).OrderBy(m => m.Item2, StringComparer.Ordinal).ToArray());
        var volume = Assert.Single(containers.Single(c => c.Id.StartsWith("712909b5", StringComparison.Ordinal)).Security.Mounts);
        Assert.Equal(("/var/lib/docker/volumes/f5479c534bbc6e2b9861973c2fbb4863ff5b7b5843c098d7fb1a027fe730a4dc/_data", "/opt/vols/volume"), (volume.Source, volume.Destination));
    }
}
