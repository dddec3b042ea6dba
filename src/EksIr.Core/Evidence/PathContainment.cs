namespace EksIr.Core.Evidence;

/// <summary>Whether a path lies in a folder (or is the folder), by full paths — the one check behind "never write into the evidence".</summary>
public static class PathContainment
{
    public static bool IsInside(string directory, string path)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(directory), Path.GetFullPath(path));
        return !(relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative));
    }
}
