using EksIr.Cli.Tests.Support;
using EksIr.Tests;
using static EksIr.Cli.Tests.Support.NotebookFile;

namespace EksIr.Cli.Tests.Run;

public sealed class RunVerbTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_failing_cell_fails_the_run_names_the_cell_and_is_recorded_in_the_notebook()
    {
        var notebook = Write(_temp.Combine("nb", "broken.ipynb"),
            (Code("var seen = 40 + 2;", "seen"), null),
            (Code("Console.WriteLine(\"before the failure\");"), null),
            (Code("throw new InvalidOperationException(\"evidence volume is not mounted\");"), null),
            (Code("Console.WriteLine(\"never\");"), null));
        var output = _temp.Combine("out", "broken.ipynb");

        var result = await ProcessRun.EksirAsync(_temp.Path, "run", notebook, "-o", output, "--html", _temp.Combine("out", "broken.html"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"eksir run: {notebook}: cell 3 failed: System.InvalidOperationException: evidence volume is not mounted", result.StdErr);
        Assert.Contains("(1 later code cell not run)", result.StdErr);
        Assert.Contains("[3/4] cell 3: throw new InvalidOperationException", result.StdErr);
        Assert.Equal("", result.StdOut);

        var cells = Cells(output);
        Assert.Equal(1, cells[0]!["execution_count"]!.GetValue<int>());
        Assert.Contains("42", OutputText(cells[0]!));
        Assert.Contains("before the failure", OutputText(cells[1]!));
        var error = Assert.Single(cells[2]!["outputs"]!.AsArray());
        Assert.Equal("error", error!["output_type"]!.GetValue<string>());
        Assert.Equal("InvalidOperationException", error["ename"]!.GetValue<string>());
        Assert.Contains("evidence volume is not mounted", error["evalue"]!.GetValue<string>());
        Assert.NotEmpty(error["traceback"]!.AsArray());
        Assert.Null(cells[3]!["execution_count"]);
        Assert.Empty(cells[3]!["outputs"]!.AsArray());
        Assert.Contains("evidence volume is not mounted", File.ReadAllText(_temp.Combine("out", "broken.html")));
    }

    [Fact]
    public async Task A_compile_error_is_a_failed_cell_with_the_compiler_message()
    {
        var notebook = Write(_temp.Combine("typo.ipynb"), (Code("var x = ;"), null));

        var result = await ProcessRun.EksirAsync(_temp.Path, "run", notebook, "-o", _temp.Combine("typo.out.ipynb"), "--html", _temp.Combine("typo.html"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cell 1 failed: (1,9): error CS1525", result.StdErr);
    }

    [Fact]
    public async Task Parameters_are_injected_after_the_parameters_cell_typed_as_their_defaults()
    {
        var notebook = Write(_temp.Combine("params.ipynb"),
            (Code("var evidence = \"../sample-data\";", "int days = 7;", "var verbose = false;"), ["parameters"]),
            (Code("Console.WriteLine($\"{evidence}|{days + 1}|{!verbose}\");"), null));
        var output = _temp.Combine("params.out.ipynb");

        var result = await ProcessRun.EksirAsync(_temp.Path, "run", notebook, "-o", output, "--html", _temp.Combine("params.html"),
            "-p", "evidence=/mnt/evidence/node \"1\"", "-p", "days=30", "-p", "verbose=true");

        Assert.True(result.ExitCode == 0, result.ToString());
        var cells = Cells(output);
        Assert.Equal(3, cells.Count);
        Assert.Equal("injected-parameters", cells[1]!["id"]!.GetValue<string>());
        Assert.Equal("injected-parameters", cells[1]!["metadata"]!["tags"]![0]!.GetValue<string>());
        Assert.Contains("/mnt/evidence/node \"1\"|31|False", OutputText(cells[2]!));
    }

    [Fact]
    public async Task A_parameter_that_does_not_fit_its_declared_type_stops_the_run_before_any_cell()
    {
        var notebook = Write(_temp.Combine("params.ipynb"), (Code("int days = 7;"), ["parameters"]));

        var result = await ProcessRun.EksirAsync(_temp.Path, "run", notebook, "-p", "days=seven");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("eksir run: parameter 'days' is declared int, but 'seven' is not a valid int", result.StdErr.Trim());
    }

    [Fact]
    public async Task A_misspelt_parameter_stops_the_run_before_any_cell_and_names_the_declared_ones()
    {
        var notebook = Write(_temp.Combine("params.ipynb"),
            (Code("var evidence = \"../sample-data/incident-1\";", "var caseName = \"INC-TRAINING\";"), ["parameters"]),
            (Code("System.IO.File.WriteAllText(\"ran.txt\", evidence);"), null));

        var result = await ProcessRun.EksirAsync(_temp.Path, "run", notebook, "-o", _temp.Combine("out.ipynb"), "-p", "evidnce=/mnt/case");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("eksir run: parameter 'evidnce' is not declared in the notebook's parameters cell; it takes caseName, evidence", result.StdErr.Trim());
        Assert.False(File.Exists(_temp.Combine("ran.txt")));
        Assert.False(File.Exists(_temp.Combine("out.ipynb")));
    }

    [Fact]
    public async Task A_missing_or_malformed_notebook_is_one_clear_error_line()
    {
        var missing = await ProcessRun.EksirAsync(_temp.Path, "run", "nope.ipynb");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("eksir run: nope.ipynb: no such notebook", missing.StdErr.Trim());

        _temp.Write("bad.ipynb", "{\"cells\": [ {\"cell_type\": ");
        var bad = await ProcessRun.EksirAsync(_temp.Path, "run", "bad.ipynb");
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("eksir run: bad.ipynb: not a valid .ipynb notebook", bad.StdErr.Trim());
        Assert.Single(bad.StdErr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Cells_run_with_the_notebook_folder_as_working_directory_and_outputs_default_to_out()
    {
        var notebook = Write(_temp.Combine("playbooks", "cwd.ipynb"), (Code("System.IO.File.Exists(\"cwd.ipynb\")"), null));

        var result = await ProcessRun.EksirAsync(_temp.Path, "run", "playbooks/cwd.ipynb");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("True", OutputText(Cells(_temp.Combine("out", "cwd.ipynb"))[0]!));
        Assert.True(File.Exists(_temp.Combine("out", "cwd.html")));
        Assert.Contains("all 1 code cells succeeded", result.StdErr);
        _ = notebook;
    }
}
