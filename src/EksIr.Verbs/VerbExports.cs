using EksIr.Core.Cases;

namespace EksIr.Verbs;

/// <summary>A file a verb writes (an export): in the case folder when in a case (an absolute path anywhere but the evidence), else where given — never inside the evidence.</summary>
public static class VerbExports
{
    /// <summary>The option that lets a verb replace a file it would write (<c>--out</c>) that exists already.</summary>
    public const string ForceOption = "--force";

    public static VerbOption Force { get; } = VerbOption.Flag(ForceOption, "replace the --out file if it exists");

    public static string Write(VerbCall call, string path, string content)
    {
        if (call.Case is { } session)
        {
            return session.WriteExport(path, content);
        }

        var full = Path.GetFullPath(path);
        if (call.Evidence.Holds(full))
        {
            throw new CaseException($"{path}: inside the evidence; an export is never written there");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, Core.Reporting.Secrets.Redact(content), new System.Text.UTF8Encoding(false));
        return full;
    }

    /// <summary>
    /// An export of <see cref="Write"/>'s, but an existing file is refused, naming it, unless the verb was given
    /// <see cref="ForceOption"/>: a file written earlier (another container's timeline) is not replaced unseen.
    /// </summary>
    public static string WriteNew(VerbCall call, string path, string content)
    {
        Refuse(call, Target(call, path));
        return Write(call, path, content);
    }

    /// <summary>A new file a verb writes bytes into (evidence content, written unchanged), placed as <see cref="Write"/> places one and refused as <see cref="WriteNew"/> refuses one.</summary>
    public static (string Path, Stream Bytes) Create(VerbCall call, string path)
    {
        var full = Target(call, path);
        Refuse(call, full);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        return (full, new FileStream(full, Forced(call) ? FileMode.Create : FileMode.CreateNew, FileAccess.Write));
    }

    /// <summary>A folder a verb writes into (an export of files): in the case folder when in a case (an absolute path anywhere but the evidence), else where given; the engine refuses one inside the evidence.</summary>
    public static string Folder(VerbCall call, string path) =>
        call.Case is { } session ? session.CaseFolderPath(path) : Path.GetFullPath(path);

    private static string Target(VerbCall call, string path)
    {
        var full = Folder(call, path);
        return call.Case is null && call.Evidence.Holds(full) ? throw new CaseException($"{path}: inside the evidence; an export is never written there") : full;
    }

    private static bool Forced(VerbCall call) => call.Arguments.Declares(ForceOption) && call.Arguments.Flag(ForceOption);

    private static void Refuse(VerbCall call, string full)
    {
        if (!Forced(call) && (File.Exists(full) || Directory.Exists(full)))
        {
            throw new VerbUsageException(Directory.Exists(full)
                ? $"{call.Arguments.VerbName}: --out {full} is a folder; give a file's path"
                : $"{call.Arguments.VerbName}: --out {full} exists; give {ForceOption} to replace it, or another path");
        }
    }
}
