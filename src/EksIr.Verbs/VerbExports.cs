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
}
