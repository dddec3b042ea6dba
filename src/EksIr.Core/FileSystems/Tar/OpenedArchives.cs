using System.Runtime.CompilerServices;

namespace EksIr.Core.FileSystems.Tar;

/// <summary>
/// The last few node archives indexed for one case (one read recorder), so that a playbook's ten verbs on one
/// multi-gigabyte archive read and hash it once, not ten times — while another case still reads it, and journals
/// its hash, for itself. Keyed by the archive's host file, size, modification time and inode: an archive that
/// changed is indexed again. An archive pushed out is not disposed (a verb may still read it); its handle closes
/// when nothing holds it.
/// </summary>
internal static class OpenedArchives
{
    private const int Kept = 4;
    private static readonly object NoRecorder = new();
    private static readonly ConditionalWeakTable<object, List<(string Key, TarArchiveVolume Volume)>> ByCase = new();

    public static string Key(string hostFile, FileStatus status) => $"{hostFile}|{status.Size}|{status.ModifyTime}|{status.Inode}";

    public static TarArchiveVolume? Find(object? recorder, string key)
    {
        var recent = ByCase.GetOrCreateValue(recorder ?? NoRecorder);
        lock (recent)
        {
            var at = recent.FindIndex(r => r.Key == key);
            if (at < 0)
            {
                return null;
            }

            var found = recent[at];
            recent.RemoveAt(at);
            recent.Insert(0, found);
            return found.Volume;
        }
    }

    public static void Remember(object? recorder, string key, TarArchiveVolume volume)
    {
        var recent = ByCase.GetOrCreateValue(recorder ?? NoRecorder);
        lock (recent)
        {
            recent.RemoveAll(r => r.Key == key);
            recent.Insert(0, (key, volume));
            if (recent.Count > Kept)
            {
                recent.RemoveAt(recent.Count - 1);
            }
        }
    }
}
