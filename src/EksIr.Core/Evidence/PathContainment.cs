using System.Text;
using EksIr.Core.FileSystems;

namespace EksIr.Core.Evidence;

/// <summary>
/// Whether a path lies in a folder (or is the folder) — the one check behind "never write into the evidence". Both
/// are compared as the kernel would reach them: every symbolic link on the way resolved (a dangling one too, since
/// writing through it creates its target), so a destination that is a link into the evidence, or lies below one,
/// counts as inside.
/// </summary>
public static class PathContainment
{
    private const int MaxLinkHops = 40;

    public static bool IsInside(string directory, string path) => RelativeInside(directory, path) is not null;

    /// <summary>The path relative to the folder (both with links resolved), or null when it is not inside it.</summary>
    public static string? RelativeInside(string directory, string path)
    {
        var relative = Path.GetRelativePath(RealPath(directory), RealPath(path));
        return relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative;
    }

    /// <summary>
    /// The path with every symbolic link resolved, component by component as the kernel walks it; the part that
    /// does not exist yet is kept as written (it holds no link).
    /// </summary>
    public static string RealPath(string path)
    {
        var absolute = Path.IsPathRooted(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path);
        var pending = new Stack<string>(Split(absolute).Reverse());
        var resolved = new List<string>();
        var hops = 0;
        while (pending.TryPop(out var name))
        {
            if (name == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = "/" + string.Join('/', resolved.Append(name));
            if (FileStatus.Lstat(candidate) is { Kind: FileKind.SymbolicLink } && ++hops <= MaxLinkHops)
            {
                var target = Encoding.UTF8.GetString(LinuxFile.ReadLink(Encoding.UTF8.GetBytes(candidate)));
                if (target.StartsWith('/'))
                {
                    resolved.Clear();
                }

                foreach (var part in Split(target).Reverse())
                {
                    pending.Push(part);
                }

                continue;
            }

            resolved.Add(name);
        }

        return "/" + string.Join('/', resolved);
    }

    private static IEnumerable<string> Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".");
}
