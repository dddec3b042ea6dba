namespace EksIr.Logs.Insights;

/// <summary>What an expression's SQL yields, so that comparisons, functions and output treat it as CloudWatch does.</summary>
internal enum ValueKind
{
    /// <summary>Text the query made (a literal, a string function's result).</summary>
    Text,

    /// <summary>A discovered field's value as its event wrote it (a JSON string, or a number's text): compared as a number with a number.</summary>
    Raw,
    Number,
    Time,

    /// <summary>A function's true or false, shown as 1 or 0 (strcontains, isempty, ispresent, isValidIp …).</summary>
    Flag,

    /// <summary>A SQL boolean (a comparison, and/or/not): shown as 1 or 0 when it is a value.</summary>
    Bool,

    /// <summary>A map or list from jsonParse: attributes by dot, items by [index]; equal to nothing.</summary>
    Json,
}

/// <summary>A translated expression: its SQL and what it yields.</summary>
internal readonly record struct SqlValue(string Sql, ValueKind Kind)
{
    /// <summary>As text (a map or list as its JSON).</summary>
    public string AsText => Kind switch
    {
        ValueKind.Text or ValueKind.Raw => Sql,
        ValueKind.Bool => $"CAST(CAST({Sql} AS INTEGER) AS VARCHAR)",
        _ => $"CAST({Sql} AS VARCHAR)",
    };

    /// <summary>As a number, or NULL when it is not one.</summary>
    public string AsNumber => Kind switch
    {
        ValueKind.Number or ValueKind.Flag => Sql,
        ValueKind.Bool => $"CAST({Sql} AS INTEGER)",
        ValueKind.Time => $"epoch_ms({Sql})",
        ValueKind.Json => "CAST(NULL AS DOUBLE)",
        _ => $"TRY_CAST({Sql} AS DOUBLE)",
    };

    /// <summary>As a time: a number is epoch milliseconds, text is ISO 8601 with its offset honoured.</summary>
    public string AsTime => Kind switch
    {
        ValueKind.Time => Sql,
        ValueKind.Number => $"make_timestamp(CAST({Sql} AS BIGINT) * 1000)",
        ValueKind.Json or ValueKind.Flag or ValueKind.Bool => "CAST(NULL AS TIMESTAMP)",
        _ => $"CAST(TRY_CAST({Sql} AS TIMESTAMPTZ) AS TIMESTAMP)",
    };

    /// <summary>As a condition: a flag is 1; a value is true when present and not empty, 0 or false.</summary>
    public string AsCondition => Kind switch
    {
        ValueKind.Bool => Sql,
        ValueKind.Flag => $"coalesce({Sql} = 1, false)",
        ValueKind.Number => $"coalesce({Sql} <> 0, false)",
        ValueKind.Time => $"({Sql} IS NOT NULL)",
        ValueKind.Json => $"({Sql} IS NOT NULL)",
        _ => $"coalesce({Sql} NOT IN ('', '0', 'false'), false)",
    };

    /// <summary>As a column of a result: a condition becomes 1 or 0, a map its JSON text.</summary>
    public SqlValue AsOutput => Kind switch
    {
        ValueKind.Bool => new($"CAST({Sql} AS INTEGER)", ValueKind.Flag),
        ValueKind.Json => new($"CAST({Sql} AS VARCHAR)", ValueKind.Text),
        _ => this,
    };
}
