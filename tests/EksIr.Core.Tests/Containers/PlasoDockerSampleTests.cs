using EksIr.Disk.Containers;
using EksIr.Disk.Containers.Logs;
using EksIr.Core.Evidence;
using EksIr.Tests;

namespace EksIr.Core.Tests.Containers;

/// <summary>
/// log2timeline/plaso's Docker test data (Apache-2.0; tests/RealWorld/PROVENANCE.md): a container of Docker 1.9
/// (<c>config.json</c>, storage driver aufs) and a json-file log whose ten lines carry times of every fraction length
/// from none to nine digits, the first with no zone at all. The log is placed as the driver names it
/// (<c>&lt;id&gt;-json.log</c>; plaso keeps it as <c>container-json.log</c>). Expected values are plaso's own tests
/// (tests/parsers/jsonl_plugins/docker_container_config.py, docker_container_log.py, and the older tests/parsers/docker.py
/// for all ten times, to the microsecond plaso keeps); the nanoseconds are the file's own text (<c>jq -r .time</c>).
/// </summary>
public sealed class PlasoDockerSampleTests : IDisposable
{
    private const string Id = "e7d0b7ea5ccf08366e2b0c8afa2318674e8aefe802315378125d2bb83fe3110c";
    private readonly TempDir _temp = new();
    private readonly EvidenceRoot _root;

    public PlasoDockerSampleTests()
    {
        var sample = Repo.Path("tests", "RealWorld", "docker", "plaso", "containers", Id);
        var folder = _temp.Combine("var", "lib", "docker", "containers", Id);
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(sample, "config.json"), Path.Combine(folder, "config.json"));
        File.Copy(Path.Combine(sample, "container-json.log"), Path.Combine(folder, Id + "-json.log"));
        _root = new EvidenceRoot(_temp.Path);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_docker_1_9_container_is_listed_with_the_creation_and_start_times_plaso_expects()
    {
        var container = Assert.Single(NodeContainers.List(_root).Containers);

        // docker_container_config.py: creation_time 2016-01-07T16:49:08.507979, start_time 2016-01-07T16:49:08.674873 (microseconds);
        // jq -r '.Created, .State.StartedAt, .Name, .State.Running' config.json: 2016-01-07T16:49:08.507979539Z,
        // 2016-01-07T16:49:08.67487377Z, /desperate_galileo, true.
        Assert.Equal((Id, "desperate_galileo", "running"), (container.Id, container.Name, container.State));
        Assert.Equal("2016-01-07T16:49:08.507979539Z", container.CreatedAt.ToString());
        Assert.Equal("2016-01-07T16:49:08.674873770Z", container.UpdatedAt.ToString());
    }

    [Fact]
    public void Every_line_keeps_its_time_to_the_nanosecond_and_the_one_without_a_zone_is_read_as_utc_and_named()
    {
        var problems = new List<EvidenceProblem>();

        var lines = NodeLogs.Stream(_root, Id, problems).ToList();

        // docker.py: ten stdout events at 16:49:10.000000, .200000, .230000, .237000, .237200, .237220, then .237222 four times
        // (plaso keeps microseconds); jq -r .time gives the rest: …10.0 (no zone), .2Z, .23Z, .237Z, .2372Z, .23722Z,
        // .237222Z, .2372227Z, .23722272Z, .237222729Z.
        Assert.Equal(
            ["2016-01-07T16:49:10Z", "2016-01-07T16:49:10.200Z", "2016-01-07T16:49:10.230Z", "2016-01-07T16:49:10.237Z",
                "2016-01-07T16:49:10.237200Z", "2016-01-07T16:49:10.237220Z", "2016-01-07T16:49:10.237222Z", "2016-01-07T16:49:10.237222700Z",
                "2016-01-07T16:49:10.237222720Z", "2016-01-07T16:49:10.237222729Z"],
            lines.Select(l => l.Time.ToString()));
        // docker_container_log.py: message_body "\x1b]0;root@e7d0b7ea5ccf: /home/plaso\x07root@e7d0b7ea5ccf:/home/plaso# ls\r\n", source stdout
        // (a line's message is its log without the newline that ends it).
        Assert.All(lines, l => Assert.Equal(("stdout", "\x1b]0;root@e7d0b7ea5ccf: /home/plaso\x07root@e7d0b7ea5ccf:/home/plaso# ls\r"), (l.Stream, l.Message)));
        var named = Assert.Single(problems);
        Assert.Equal(("line 1", "time '2016-01-07T16:49:10.0' has no zone; read as UTC, as the json-file driver writes it"), (named.Where, named.Problem));
    }
}
