namespace EksIr.Logs.Insights;

/// <summary>
/// The rules on the order of commands, as AWS states them, checked before anything is translated: "a query can have a
/// maximum of two stats commands"; "if you use a sort or limit command, it must appear after the second stats
/// command"; "the only query command that you can use in a query after the dedup command is limit".
/// </summary>
internal static class QueryShape
{
    public static void Check(string query, IReadOnlyList<Command> commands)
    {
        var stats = commands.Select((c, i) => (c, i)).Where(x => x.c is StatsCommand).Select(x => x.i).ToList();
        if (stats.Count > 2)
        {
            throw InsightsSyntaxException.At(query, commands[stats[2]].Keyword, "a query can have at most two stats commands");
        }

        if (stats.Count == 2 && commands.Skip(stats[0] + 1).Take(stats[1] - stats[0] - 1).FirstOrDefault(c => c is SortCommand or LimitCommand) is { } early)
        {
            throw InsightsSyntaxException.At(query, early.Keyword,
                $"{(early is SortCommand ? "sort" : "limit")} must come after the second stats command, not between the two stats commands");
        }

        var dedup = commands.Select((c, i) => (c, i)).FirstOrDefault(x => x.c is DedupCommand);
        if (dedup.c is not null && commands.Skip(dedup.i + 1).FirstOrDefault(c => c is not LimitCommand) is { } after)
        {
            throw InsightsSyntaxException.At(query, after.Keyword, "only limit may follow dedup: sort before dedup, and filter before it");
        }
    }
}
