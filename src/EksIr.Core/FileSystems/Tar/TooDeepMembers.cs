using System.Text;

namespace EksIr.Core.FileSystems.Tar;

/// <summary>
/// Members deeper than <see cref="PathDepth.MaxComponents"/>, which are not indexed. Those below one folder at the
/// limit are one problem, said at the first of them and naming it, with how many more lie that deep below the same
/// folder — a collected directory thousands of levels deep is one line, not thousands.
/// </summary>
internal sealed class TooDeepMembers
{
    private readonly Dictionary<string, Folder> _byFolder = new(StringComparer.Ordinal);

    /// <summary>Counts a member; true when it is the first below its folder (its problem is said now, at <paramref name="problemIndex"/>).</summary>
    public bool Add(byte[] name, int components, string shown, int problemIndex)
    {
        var folder = Encoding.Latin1.GetString(name, 0, PrefixLength(name, PathDepth.MaxComponents));
        if (_byFolder.TryGetValue(folder, out var known))
        {
            known.More++;
            return false;
        }

        _byFolder[folder] = new Folder(problemIndex, shown, components);
        return true;
    }

    /// <summary>The problems said at the first member of a folder, rewritten with how many more members it holds.</summary>
    public IEnumerable<(int ProblemIndex, string Problem)> Recounted() =>
        _byFolder.Values.Where(f => f.More > 0).Select(f => (f.ProblemIndex, Problem(f.Shown, f.Components, f.More)));

    public static string Problem(string shown, int components, int more) =>
        $"{shown}: {components} path components, deeper than {PathDepth.MaxComponents}; not followed" +
        (more > 0 ? $", nor {more} more {(more == 1 ? "member" : "members")} that deep below the same folder" : "");

    /// <summary>The length of the first <paramref name="components"/> components of a name (with what separates them).</summary>
    private static int PrefixLength(byte[] name, int components)
    {
        var seen = 0;
        var start = 0;
        for (var i = 0; i < name.Length; i++)
        {
            if (name[i] != (byte)'/')
            {
                continue;
            }

            var length = i - start;
            if (length > 0 && !(length == 1 && name[start] == (byte)'.') && ++seen == components)
            {
                return i;
            }

            start = i + 1;
        }

        return name.Length;
    }

    private sealed class Folder(int problemIndex, string shown, int components)
    {
        public int ProblemIndex { get; } = problemIndex;

        public string Shown { get; } = shown;

        public int Components { get; } = components;

        public int More { get; set; }
    }
}
