using EksIr.Cli.CommandLine;

namespace EksIr.Cli.Tests.CommandLine;

public sealed class ArgParserTests
{
    private static readonly VerbSpec Spec = new(
        "diff", "diff ROOT --container C [--json]", "Filesystem changes.",
        ["ROOT"],
        new Dictionary<string, string> { ["--container"] = "id or name", ["-p"] = "param" },
        new Dictionary<string, string> { ["--json"] = "json" },
        Repeatable: new HashSet<string> { "-p" },
        Required: new HashSet<string> { "--container" });

    [Fact]
    public void Options_flags_and_positionals_parse_in_any_order()
    {
        var parsed = ArgParser.Parse(Spec, ["--json", "/mnt/node", "--container=abc", "-p", "a=1", "-p", "b=2"]);

        Assert.Equal("/mnt/node", parsed.Positional(0));
        Assert.Equal("abc", parsed.Value("--container"));
        Assert.True(parsed.Flag("--json"));
        Assert.Equal(["a=1", "b=2"], parsed.All("-p"));
    }

    [Fact]
    public void A_double_dash_ends_options_so_paths_may_start_with_a_dash()
    {
        var parsed = ArgParser.Parse(Spec, ["--container", "abc", "--", "-odd-root"]);

        Assert.Equal("-odd-root", parsed.Positional(0));
    }

    [Theory]
    [InlineData("unknown option --contianer", "/r", "--contianer", "abc")]
    [InlineData("--container needs a value", "/r", "--container")]
    [InlineData("--container is required", "/r")]
    [InlineData("missing ROOT", "--container", "abc")]
    [InlineData("unexpected argument 'extra'", "/r", "extra", "--container", "abc")]
    [InlineData("--container is given twice", "/r", "--container", "a", "--container", "b")]
    public void Usage_errors_say_what_is_wrong_and_how_to_call_the_verb(string problem, params string[] args)
    {
        var error = Assert.Throws<CliException>(() => ArgParser.Parse(Spec, args));

        Assert.Equal($"diff: {problem} (usage: eksir diff ROOT --container C [--json])", error.Message);
        Assert.Equal(2, error.ExitCode);
    }
}
