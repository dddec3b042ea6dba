using EksIr.Logs.Insights;

namespace EksIr.Logs.Tests;

/// <summary>
/// The part of a query's leading filters a case store can answer from its columns: every answer meets it, so counting
/// the events it keeps says how many events the query can read the text of.
/// </summary>
public sealed class StoredNarrowingTests
{
    private static readonly HashSet<string> Stored = ["verb", "objectRef.resource", "user.username"];

    [Theory]
    [InlineData("filter verb = \"create\" and @message like /exec/", "filter (verb = \"create\") | stats count(*) as n")]
    [InlineData("filter (verb = \"create\" or verb = \"patch\") and userAgent like /kubectl/ | filter objectRef.resource in [\"pods\"]",
        "filter (verb = \"create\" or verb = \"patch\") and (objectRef.resource in [\"pods\"]) | stats count(*) as n")]
    [InlineData("parse @message /\"verb\":\"(?<verb>[a-z]+)\"/ | filter verb = \"get\"", null)] // verb is now the parse's
    [InlineData("fields user.username as verb | filter verb = \"get\"", null)] // verb is now made by fields … as
    [InlineData("stats count(*) as n by verb | filter verb = \"get\"", null)] // after stats the rows are groups
    [InlineData("filter @message like /exec/ or verb = \"create\"", null)] // the or needs the text
    [InlineData("filter @logStream like /audit/ and not ispresent(user.username)", "filter (@logStream like /audit/) and (not ispresent(user.username)) | stats count(*) as n")]
    public void The_stored_part_of_the_leading_filters_is_a_query_of_its_own(string query, string? expected) =>
        Assert.Equal(expected, StoredNarrowing.CountQuery(query, InsightsCompiler.Parse(query), Stored));
}
