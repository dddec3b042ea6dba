using EksIr.Core.Evidence;

namespace EksIr.Logs.Sql;

/// <summary>
/// What an analyst's SQL may reach in the local log engines. By default the engine is locked down: the evidence comes
/// in only through the engine's own tables (read through pipes, never opened by the engine), files may be read and
/// written only in the case folder (when there is one) and the engine's scratch folder, no extension is installed or
/// loaded, and none of this can be changed from SQL. <see cref="AllowExternalAccess"/> lifts it for the rare analyst who
/// needs more (an extension, a file elsewhere): the SQL can then read and write any file the user can, the evidence
/// too (DuckDB cannot keep one folder out while letting the rest in), and reach the network.
/// </summary>
public sealed record LogEngineOptions(bool AllowExternalAccess = false, string? CaseFolder = null)
{
    /// <summary>The option both front ends spell the switch with.</summary>
    public const string AllowExternalAccessOption = "--allow-external-access";

    public static LogEngineOptions LockedDown { get; } = new();

    /// <summary>Said with every refusal, so that the analyst learns why and what to do.</summary>
    public const string Policy =
        "The log engine is locked down: SQL reads the evidence only through its tables, reads and writes files only in the case folder, " +
        "and loads no extension. To lift this (the SQL can then read and write any file you can, the evidence too, and reach the network), " +
        "connect again with " + AllowExternalAccessOption + ".";

    /// <summary>
    /// The folders the locked-down engine may use: its scratch folder and the case folder, unless the case folder holds
    /// the evidence (a write into it would then be a write into the evidence) or lies inside it.
    /// </summary>
    internal IReadOnlyList<string> Folders(EvidenceRoot root, string scratch)
    {
        var evidence = Canonical(root.FullPath);
        if (Inside(Canonical(scratch), evidence))
        {
            throw new EvidenceAccessException(".", $"the temporary folder {scratch} is inside the evidence: set TMPDIR elsewhere");
        }

        var folders = new List<string> { scratch };
        if (CaseFolder is { } folder && Canonical(folder) is var caseFolder && !Inside(caseFolder, evidence) && !Inside(evidence, caseFolder))
        {
            folders.Add(caseFolder);
        }

        return folders;
    }

    private static bool Inside(string path, string folder) =>
        path == folder || path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal);

    /// <summary>The full path with every link resolved (as far as it exists).</summary>
    private static string Canonical(string path)
    {
        var full = Path.GetFullPath(path);
        var parent = Path.GetDirectoryName(full);
        var resolved = parent is null ? full : Path.Combine(Canonical(parent), Path.GetFileName(full));
        try
        {
            return new FileInfo(resolved).ResolveLinkTarget(returnFinalTarget: true) is { } target ? Canonical(target.FullName) : resolved;
        }
        catch (IOException)
        {
            return resolved; // a loop of links: DuckDB will not follow it either
        }
    }
}
