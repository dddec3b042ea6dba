using EksIr.Core.Cases;

namespace EksIr.Verbs;

/// <summary>A file a verb writes (an export): in the case folder when in a case (an absolute path anywhere but the evidence), else where given — never inside the evidence.</summary>
public static class VerbExports
{
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

    /// <summary>A folder a verb writes into (an export of files): in the case folder when in a case (an absolute path anywhere but the evidence), else where given; the engine refuses one inside the evidence.</summary>
    public static string Folder(VerbCall call, string path) =>
        call.Case is { } session ? session.CaseFolderPath(path) : Path.GetFullPath(path);
}
