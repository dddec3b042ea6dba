using EksIr.NotebookRunner;

namespace EksIr.NotebookRunner.Tests;

public sealed class NotebookParametersTests
{
    [Fact]
    public void Declared_parameters_take_their_type_from_the_declaration_or_the_default_literal()
    {
        var declared = NotebookParameters.Declared("""
            var evidence = "../sample-data";   // where
            int days = 7;
            var ratio = 0.5;
            var big = 5000000000;
            var verbose = false;
            string region = null;
            Console.WriteLine("not a parameter");
            """);

        Assert.Equal("string", declared["evidence"]);
        Assert.Equal("int", declared["days"]);
        Assert.Equal("double", declared["ratio"]);
        Assert.Equal("long", declared["big"]);
        Assert.Equal("bool", declared["verbose"]);
        Assert.Equal("string", declared["region"]);
        Assert.Equal(6, declared.Count);
    }

    [Fact]
    public void Injected_values_are_valid_csharp_literals_whatever_the_text()
    {
        var code = NotebookParameters.InjectedCell(
            [new("evidence", "C:\\cases\\\"x\"\n\u0001"), new("days", "30"), new("ratio", "1e3")],
            new Dictionary<string, string> { ["evidence"] = "string", ["days"] = "int", ["ratio"] = "double" });

        Assert.Contains("var evidence = \"C:\\\\cases\\\\\\\"x\\\"\\n\\u0001\";", code);
        Assert.Contains("var days = 30;", code);
        Assert.Contains("var ratio = 1000d;", code);
    }

    [Fact]
    public void A_parameter_the_notebook_does_not_declare_is_refused_with_the_ones_it_does()
    {
        var error = Assert.Throws<NotebookParameterException>(() => NotebookParameters.InjectedCell(
            [new("evidnce", "/mnt/case")], new Dictionary<string, string> { ["evidence"] = "string", ["caseName"] = "string" }));

        Assert.Equal("parameter 'evidnce' is not declared in the notebook's parameters cell; it takes caseName, evidence", error.Message);
    }

    [Theory]
    [InlineData("days", "int", "7.5")]
    [InlineData("ok", "bool", "yes")]
    [InlineData("ratio", "double", "NaN")]
    public void A_value_that_does_not_fit_the_declared_type_is_refused(string name, string type, string value)
    {
        var error = Assert.Throws<NotebookRunException>(() =>
            NotebookParameters.InjectedCell([new(name, value)], new Dictionary<string, string> { [name] = type }));

        Assert.Equal($"parameter '{name}' is declared {type}, but '{value}' is not a valid {type}", error.Message);
    }

    [Fact]
    public void A_name_that_is_not_an_identifier_is_refused()
    {
        Assert.Throws<NotebookParameterException>(() =>
            NotebookParameters.InjectedCell([new("x; File.Delete(\"a\")", "1")], new Dictionary<string, string>()));
    }
}
