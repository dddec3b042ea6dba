using System.Text.RegularExpressions;

namespace EksIr.Disk.Containers;

/// <summary>Build steps an analyst should look at twice: download-and-execute, setuid bits, decoded base64 blobs.</summary>
public static partial class BuildStepFlags
{
    [GeneratedRegex(@"\b(curl|wget)\b[^;&|]*(\|\s*(sudo\s+)?(ba|da|z|k)?sh\b|-O-?\s*\S*\s*(&&|;)\s*(ba|da|z)?sh\b)|\b(curl|wget)\b.*&&\s*chmod\s+\+?[0-7]*x", RegexOptions.IgnoreCase)]
    private static partial Regex DownloadExecute();

    [GeneratedRegex(@"\bchmod\s+(-\w+\s+)*([ugoa]*\+[rwx]*s|[2467][0-7]{3})\b")]
    private static partial Regex SetId();

    [GeneratedRegex(@"\bbase64\s+(-d|--decode|-D)\b|[A-Za-z0-9+/]{60,}={0,2}")]
    private static partial Regex Base64();

    public static IReadOnlyList<string> Of(string createdBy)
    {
        var flags = new List<string>();
        if (DownloadExecute().IsMatch(createdBy))
        {
            flags.Add("download-and-execute");
        }

        if (SetId().IsMatch(createdBy))
        {
            flags.Add("setuid/setgid");
        }

        if (Base64().IsMatch(createdBy))
        {
            flags.Add("base64 blob");
        }

        return flags;
    }
}
