using System.Text.Json.Nodes;
using EksIr.Logs.Insights;

namespace EksIr.Logs.Tests;

/// <summary>
/// The parser and compiler on their own, without DuckDB: over the golden cases, the columns a query returns and the
/// refusals (message and token position) come from the compiler alone; and the syntax tree keeps where each node is.
/// </summary>
public sealed class InsightsCompilerTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Golden", "Insights");

    public static TheoryData<string> Cases() => GoldenInsightsTests.Cases();

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_compiler_alone_gives_the_documented_columns_or_refusal(string name)
    {
        var golden = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, name + ".json")))!.AsObject();
        var query = golden["query"]!.GetValue<string>();
        var expect = golden["expect"]!.AsObject();

        if (expect["error"] is { } error)
        {
            if (expect["at"] is { } at)
            {
                var refused = Assert.Throws<InsightsSyntaxException>(() => InsightsCompiler.Compile(query, DateTimeOffset.UnixEpoch));
                Assert.Contains(error.GetValue<string>(), refused.Message, StringComparison.OrdinalIgnoreCase);
                Assert.Equal((at["line"]!.GetValue<int>(), at["column"]!.GetValue<int>()), (refused.Line, refused.Column));
            }

            return;
        }

        var columns = InsightsCompiler.Compile(query, DateTimeOffset.UnixEpoch).Columns;
        var expected = expect["columns"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
        if (expect["columnsOrdered"]?.GetValue<bool>() ?? true)
        {
            Assert.Equal(expected, columns);
        }
        else
        {
            Assert.Equal(expected.Order(StringComparer.Ordinal), columns.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Every_node_keeps_the_span_of_text_it_was_read_from()
    {
        const string query = "fields abs(f3-f4) as d, `foo-bar`\n| filter e.users[1].action = \"PutData\"";

        var commands = InsightsParser.Parse(query);

        var fields = Assert.IsType<FieldsCommand>(commands[0]);
        Assert.Equal("abs(f3-f4)", fields.Items[0].Expr.Span.Of(query));
        var call = Assert.IsType<CallExpr>(fields.Items[0].Expr);
        Assert.Equal("f3-f4", call.Arguments[0].Span.Of(query));
        Assert.IsType<BinaryExpr>(call.Arguments[0]);
        var field = Assert.IsType<FieldExpr>(fields.Items[1].Expr);
        Assert.Equal(("foo-bar", true), (field.Segments.Single().Text, field.Segments.Single().Quoted));
        var filter = Assert.IsType<FilterCommand>(commands[1]);
        Assert.Equal("filter", filter.Keyword.Of(query));
        var comparison = Assert.IsType<BinaryExpr>(filter.Condition);
        var member = Assert.IsType<MemberExpr>(comparison.Left);
        Assert.Equal("e.users[1].action", member.Span.Of(query));
    }

    [Theory]
    [InlineData("parse requestURI /\\/pods\\/(?<pod>[^\\/]+)/", TokenKind.Regex)]
    [InlineData("fields a / b", TokenKind.Symbol)]
    [InlineData("fields (a) / 2", TokenKind.Symbol)]
    [InlineData("filter @message like /x/", TokenKind.Regex)]
    public void A_slash_is_a_regex_where_an_operand_is_expected_and_a_division_after_one(string query, TokenKind kind)
    {
        var slash = InsightsLexer.Tokens(query).First(t => t.Text.StartsWith('/') || t.Span.Of(query).StartsWith('/'));

        Assert.Equal(kind, slash.Kind);
    }

    [Fact]
    public void A_live_query_passes_the_commands_only_CloudWatch_runs_and_still_refuses_a_broken_one()
    {
        InsightsParser.Check("filter @logStream like /audit/ | pattern @message");

        var broken = Assert.Throws<InsightsSyntaxException>(() => InsightsParser.Check("filter verb = | pattern @message"));
        Assert.Equal((1, 15), (broken.Line, broken.Column));
    }
}
