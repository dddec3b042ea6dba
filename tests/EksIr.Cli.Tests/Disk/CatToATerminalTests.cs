using System.Text;
using System.Text.Json;
using EksIr.Cli.Tests.Hostile;

namespace EksIr.Cli.Tests.Disk;

/// <summary>
/// cat of binary content: refused when stdout is a terminal (a real pseudo-terminal, from util-linux's script), written
/// unchanged to a pipe, with --raw, or to --out FILE (which is not replaced unless --force).
/// </summary>
public sealed class CatToATerminalTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>The start of an ELF header (a NUL among the first bytes) and an escape sequence that would clear a terminal.</summary>
    private static readonly byte[] Binary = [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0x1b, (byte)'[', (byte)'2', (byte)'J', 0xff, 0xfe];

    private string Node(string name, byte[] content)
    {
        var node = HandMadeDockerNode.Write(_temp);
        File.WriteAllBytes(Path.Combine(HandMadeDockerNode.UpperDir(_temp), name), content);
        return node;
    }

    private static string Eksir => Path.Combine(AppContext.BaseDirectory, "eksir.dll");

    /// <summary>eksir run with its stdout (and stdin, stderr) on a new pseudo-terminal, by util-linux's script.</summary>
    private Task<ProcessResult> OnATerminalAsync(params string[] args)
    {
        var command = string.Join(' ', new[] { "dotnet", Eksir }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        return ProcessRun.RunAsync("script", ["--quiet", "--return", "--command", command, "/dev/null"], _temp.Path, TimeSpan.FromMinutes(5));
    }

    /// <summary>eksir run with its stdout redirected by the shell to a file (not a terminal), and that file's bytes.</summary>
    private async Task<(ProcessResult Run, byte[] Bytes)> ToAFileAsync(params string[] args)
    {
        var file = _temp.Combine("stdout-" + Guid.NewGuid().ToString("N"));
        var run = await ProcessRun.RunAsync("sh", ["-c", "out=$1; shift; exec dotnet \"$@\" > \"$out\"", "sh", file, Eksir, .. args], _temp.Path, TimeSpan.FromMinutes(5));
        return (run, File.ReadAllBytes(file));
    }

    [ProgramFact("script", "bsdutils")]
    public async Task Binary_content_is_refused_on_a_terminal_and_written_there_with_raw()
    {
        var node = Node("tool.bin", Binary);

        var terminal = await OnATerminalAsync("cat", node, "/tool.bin", "--container", "web");
        var raw = await OnATerminalAsync("cat", node, "/tool.bin", "--container", "web", "--raw");

        Assert.Equal(2, terminal.ExitCode);
        Assert.Contains("eksir cat: /tool.bin is binary and stdout is a terminal, which would take it as control sequences; give --out FILE to write it to a file, or --raw to write it here anyway", terminal.StdOut);
        Assert.DoesNotContain("ELF", terminal.StdOut);
        Assert.True(raw.ExitCode == 0, raw.ToString());
        Assert.Contains("ELF", raw.StdOut);
    }

    [ProgramFact("script", "bsdutils")]
    public async Task Text_longer_than_what_is_held_goes_to_a_terminal_whole()
    {
        var text = "root:x:0:0:root:/root:/bin/sh\n" + new string('a', TerminalGuardHeld + 1024) + "\nend é\n";
        var node = Node("passwd", Encoding.UTF8.GetBytes(text));

        var terminal = await OnATerminalAsync("cat", node, "/passwd", "--container", "web");

        Assert.True(terminal.ExitCode == 0, terminal.ToString());
        Assert.Contains("root:x:0:0:root:/root:/bin/sh", terminal.StdOut);
        Assert.Contains("end é", terminal.StdOut);
    }

    /// <summary>64 KiB, what the command line holds back before it knows content is text.</summary>
    private const int TerminalGuardHeld = 64 * 1024;

    [Fact]
    public async Task Binary_content_to_a_file_or_with_raw_is_written_unchanged()
    {
        var node = Node("tool.bin", Binary);

        var (plain, plainBytes) = await ToAFileAsync("cat", node, "/tool.bin", "--container", "web");
        var (raw, rawBytes) = await ToAFileAsync("cat", node, "/tool.bin", "--container", "web", "--raw");

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Equal(Binary, plainBytes);
        Assert.True(raw.ExitCode == 0, raw.ToString());
        Assert.Equal(Binary, rawBytes);
    }

    [Fact]
    public async Task Out_writes_the_bytes_to_a_file_it_will_not_replace_without_force()
    {
        var text = "root:x:0:0:root:/root:/bin/sh\n";
        var node = Node("tool.bin", Binary);
        File.WriteAllText(Path.Combine(HandMadeDockerNode.UpperDir(_temp), "passwd"), text);
        var file = _temp.Combine("out", "tool.bin");

        var written = await ProcessRun.EksirAsync(_temp.Path, "cat", node, "/tool.bin", "--container", "web", "--out", file);
        var again = await ProcessRun.EksirAsync(_temp.Path, "cat", node, "/passwd", "--container", "web", "--out", file);
        var afterRefusal = File.ReadAllBytes(file);
        var forced = await ProcessRun.EksirAsync(_temp.Path, "cat", node, "/passwd", "--container", "web", "--out", file, "--force", "--json");

        Assert.True(written.ExitCode == 0, written.ToString());
        Assert.Equal("", written.StdOut);
        Assert.Equal($"/tool.bin: {Binary.Length} bytes written to {file}", written.StdErr.TrimEnd());
        Assert.Equal(2, again.ExitCode);
        Assert.Equal($"eksir cat: --out {file} exists; give --force to replace it, or another path", again.StdErr.TrimEnd());
        Assert.Equal(Binary, afterRefusal);
        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(text, File.ReadAllText(file));
        using var facts = JsonDocument.Parse(forced.StdOut);
        Assert.Equal(file, facts.RootElement.GetProperty("writtenTo").GetString());
    }
}
