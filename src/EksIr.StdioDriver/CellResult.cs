namespace EksIr.StdioDriver;

/// <summary>One cell's outcome over the protocol: green only with CommandSucceeded and no error output.</summary>
public sealed record CellResult(bool Succeeded, IReadOnlyList<string> Errors, string Text, TimeSpan Elapsed);
