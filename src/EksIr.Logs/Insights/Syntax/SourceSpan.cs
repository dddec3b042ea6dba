namespace EksIr.Logs.Insights;

/// <summary>Where a piece of the query text is: its first character and its length.</summary>
public readonly record struct SourceSpan(int Start, int Length)
{
    public int End => Start + Length;

    public static SourceSpan Between(SourceSpan first, SourceSpan last) => new(first.Start, last.End - first.Start);

    public string Of(string query) => query.Substring(Start, Math.Min(Length, query.Length - Start));
}
