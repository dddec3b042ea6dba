using System.Text.Json;

namespace EksIr.Cli.Tests.Disk;

[Collection(DockerNodeCollection.Name)]
public sealed class DockerVerbsTests(DockerNode node) : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [DockerFact]
    public async Task Images_and_history_print_json_with_the_contract_fields()
    {
        var images = await ProcessRun.EksirAsync(_temp.Path, "images", node.Root, "--json");
        var history = await ProcessRun.EksirAsync(_temp.Path, "history", node.Root, "--image", "registry.example/shop-web:2.1", "--json");
        var table = await ProcessRun.EksirAsync(_temp.Path, "history", node.Root, "--image", "registry.example/shop-web:2.1");

        Assert.True(images.ExitCode == 0, images.ToString());
        using var imagesDoc = JsonDocument.Parse(images.StdOut);
        var web = imagesDoc.RootElement.EnumerateArray().Single(i => i.GetProperty("names").EnumerateArray().Any(n => n.GetString() == "registry.example/shop-web:2.1"));
        foreach (var field in new[] { "id", "runtime", "names", "dangling", "createdAt", "size" })
        {
            Assert.True(web.TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.True(history.ExitCode == 0, history.ToString());
        using var historyDoc = JsonDocument.Parse(history.StdOut);
        var steps = historyDoc.RootElement.EnumerateArray().ToArray();
        foreach (var field in new[] { "created", "createdBy", "emptyLayer", "comment" })
        {
            Assert.True(steps[0].TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.Contains(steps, s => s.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "setuid/setgid"));
        Assert.Contains("base64 -d > /usr/local/bin/updater", table.StdOut);
    }

    [DockerFact]
    public async Task Diff_of_the_docker_container_is_docker_diff()
    {
        var expected = File.ReadAllLines(Path.Combine(node.Root, ".docker-diff.txt")).Order(StringComparer.Ordinal);

        var result = await ProcessRun.EksirAsync(_temp.Path, "diff", node.Root, "--container", "web");

        Assert.Equal(expected, result.StdOut.TrimEnd('\n').Split('\n').Order(StringComparer.Ordinal));
    }

    [DockerFact]
    public async Task An_unknown_image_is_one_clear_error()
    {
        var result = await ProcessRun.EksirAsync(_temp.Path, "history", node.Root, "--image", "nope:1");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("eksir history: nope:1: docker: no image with this name or id on the node", result.StdErr.Trim());
    }

    [DockerFact]
    public async Task Logs_print_time_stream_and_message_and_json_rows()
    {
        var text = await ProcessRun.EksirAsync(_temp.Path, "logs", node.Root, "--container", "web");
        var json = await ProcessRun.EksirAsync(_temp.Path, "logs", node.Root, "--container", "web", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT[\d:.]+Z stdout shop-web 2.1 listening on :8080$", text.StdOut.Split('\n').First(l => l.Contains("stdout")));
        using var doc = JsonDocument.Parse(json.StdOut);
        var row = doc.RootElement.EnumerateArray().First(r => r.GetProperty("stream").GetString() == "stderr");
        Assert.Equal("warning: APP_ENV=prod but debug handler enabled", row.GetProperty("message").GetString());
        Assert.EndsWith("-json.log", row.GetProperty("file").GetString());
    }
}
