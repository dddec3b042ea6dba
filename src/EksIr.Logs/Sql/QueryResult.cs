using EksIr.Core.Reporting;

namespace EksIr.Logs.Sql;

/// <summary>A query's answer: its columns (name, DuckDB type) and rows in order, with values as .NET values (structs as
/// dictionaries, lists as lists), and what the engine read and skipped to answer it.</summary>
public sealed record QueryResult(IReadOnlyList<QueryColumn> Columns, IReadOnlyList<object?[]> Rows, QueryScan Scan);

public sealed record QueryColumn(string Name, string Type);

/// <summary>What a query read: files read of those present, partition pruning, and every skipped file or record.</summary>
public sealed record QueryScan(int FilesRead, int FilesPresent, long BytesRead, string? Pruning, IReadOnlyList<EksIr.Core.Evidence.EvidenceProblem> Skipped)
{
    public string Summary =>
        $"read {FilesRead} of {Counted.Of(FilesPresent, "file")} ({ByteSize.Format(BytesRead)})" + (Pruning is null ? "" : $"; {Pruning}")
        + (Skipped.Count == 0 ? "" : $"; {Skipped.Count} skipped (see warnings)");
}
