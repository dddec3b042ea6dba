using EksIr.Core.FileSystems;

namespace EksIr.Core.Evidence;

/// <summary>
/// A name read from <em>inside</em> the evidence (a container id in config.v2.json, a layer id in a <c>lower</c> or
/// <c>mount-id</c> file, a snapshot id in a bbolt database, a pod's labels) turned into one component of an evidence
/// path: its display form, so a name that merely spells <c>\x2e\x2e</c> stays those characters. A text that is not
/// one name (empty, ".", "..", or holding '/' or NUL) is refused, naming where it was read.
/// </summary>
public static class EvidenceName
{
    public static string Of(string text, string readFrom)
    {
        try
        {
            return RawPath.Name(text);
        }
        catch (FormatException e)
        {
            throw new EvidenceAccessException(readFrom, e.Message + "; refused");
        }
    }

    /// <summary>The display form of a name from inside the evidence, or null when the text is not one name.</summary>
    public static string? TryOf(string text)
    {
        try
        {
            return RawPath.Name(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
