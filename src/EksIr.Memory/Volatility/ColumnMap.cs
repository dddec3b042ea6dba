namespace EksIr.Memory.Volatility;

/// <summary>Which column of a Volatility header holds which field (names as the plugins' TreeGrids spell them).</summary>
internal sealed class ColumnMap
{
    private readonly Dictionary<string, int> _index = new(StringComparer.OrdinalIgnoreCase);

    public ColumnMap(IReadOnlyList<string> header)
    {
        for (var i = 0; i < header.Count; i++)
        {
            _index.TryAdd(header[i].Trim().Trim('"'), i);
        }

        Count = header.Count;
    }

    public int Count { get; }

    public bool Has(string column) => _index.ContainsKey(column);

    public string? Get(IReadOnlyList<string> cells, params string[] names)
    {
        foreach (var name in names)
        {
            if (_index.TryGetValue(name, out var i) && i < cells.Count)
            {
                return cells[i];
            }
        }

        return null;
    }

    /// <summary>A row's fields by the column names of any Volatility 3 process plugin; null when the PID is unreadable.</summary>
    public ProcessRow? Row(IReadOnlyList<string> cells, int? depth, long line)
    {
        var pidText = ProcessListingReader.Value(Get(cells, "PID", "Pid"));
        if (ProcessListingReader.Int(pidText) is not { } pid)
        {
            return null;
        }

        return new ProcessRow(
            pid,
            ProcessListingReader.Int(ProcessListingReader.Value(Get(cells, "PPID", "PPid", "Ppid"))),
            ProcessListingReader.Value(Get(cells, "COMM", "Process", "Name")),
            ProcessListingReader.Value(Get(cells, "ARGS", "Arguments")),
            depth,
            ProcessListingReader.Long(ProcessListingReader.Value(Get(cells, "TID"))),
            ProcessListingReader.Long(ProcessListingReader.Value(Get(cells, "UID", "Uid"))),
            ProcessListingReader.Value(Get(cells, "OFFSET (V)", "OFFSET", "Offset")),
            ProcessListingReader.Value(Get(cells, "CREATION TIME", "Start Time", "StartTime")),
            line);
    }
}
