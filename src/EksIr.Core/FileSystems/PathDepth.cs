namespace EksIr.Core.FileSystems;

/// <summary>
/// How deep a path of evidence is followed. Linux names at most PATH_MAX = 4096 bytes (with its NUL) in one system
/// call, so no path of more than 2048 components can be named whole on a node: a deeper tree can only be built step
/// by step (mkdirat, chdir) — to hurt the tools that read it, not to keep files. Half of that, 1024, still leaves
/// room for where the evidence sits on the analysis host, so a path at the limit can be looked up on a mounted
/// volume in one call; real trees are tens of components deep. Paths up to the limit are read (every walk costs
/// time linear in what it lists); what lies deeper is reported as a problem, never followed.
/// </summary>
public static class PathDepth
{
    /// <summary>The most components a path of evidence may have and still be followed.</summary>
    public const int MaxComponents = 1024;

    /// <summary>Names are shown whole up to this many characters in messages, else cut in the middle.</summary>
    private const int ShownCharacters = 300;

    /// <summary>The problem said of a directory at the limit that holds entries: they are deeper than it.</summary>
    public static string EntriesNotFollowed(int entries) =>
        $"{(entries == 1 ? "its 1 entry is" : $"its {entries} entries are")} deeper than {MaxComponents} path components; not followed";

    /// <summary>
    /// The longest symbolic link target Linux stores (PATH_MAX less its NUL); a longer one (only an archive can hold it)
    /// is not followed, so that one link cannot make a lookup walk millions of components.
    /// </summary>
    public const int MaxLinkTarget = 4095;

    /// <summary>A path for a message: whole when short; otherwise its start and end with its depth between them.</summary>
    public static string Shown(string displayPath, int components)
    {
        if (displayPath.Length <= ShownCharacters)
        {
            return displayPath;
        }

        var head = displayPath[..(ShownCharacters * 2 / 3)];
        var tail = displayPath[^(ShownCharacters / 3)..];
        return $"{head}…({components} components)…{tail}";
    }

    /// <summary>A byte path for a message, as <see cref="Shown(string, int)"/>; only its two ends are decoded.</summary>
    public static string Shown(ReadOnlySpan<byte> path, int components)
    {
        if (path.Length <= ShownCharacters)
        {
            return RawPath.Display(path);
        }

        return $"{RawPath.Display(path[..(ShownCharacters * 2 / 3)])}…({components} components)…{RawPath.Display(path[^(ShownCharacters / 3)..])}";
    }

    /// <summary>How many components a byte path has (empty ones and "." not counted), in one pass.</summary>
    public static int Components(ReadOnlySpan<byte> path)
    {
        var count = 0;
        var start = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == (byte)'/')
            {
                var length = i - start;
                if (length > 0 && !(length == 1 && path[start] == (byte)'.'))
                {
                    count++;
                }

                start = i + 1;
            }
        }

        return count;
    }
}
