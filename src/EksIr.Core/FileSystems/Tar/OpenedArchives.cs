namespace EksIr.Core.FileSystems.Tar;

/// <summary>
/// The last few node archives indexed under one evidence root (a case's evidence, shared by the folders and archives
/// opened below it), so that a playbook's ten verbs on one multi-gigabyte archive read and hash it once, not ten
/// times — while another case, with its own root, still reads it and journals its hash for itself. Keyed by the
/// archive's host file, size, modification time and inode: an archive that changed is indexed again. An archive
/// pushed out is not disposed (a verb may still read it); its handle closes when nothing holds it.
/// </summary>
internal sealed class OpenedArchives
{
    private const int Kept = 4;
    private readonly List<(string Key, TarArchiveVolume Volume)> _recent = [];

    public static string Key(string hostFile, FileStatus status) => $"{hostFile}|{status.Size}|{status.ModifyTime}|{status.Inode}";

    public TarArchiveVolume? Find(string key)
    {
        lock (_recent)
        {
            var at = _recent.FindIndex(r => r.Key == key);
            if (at < 0)
            {
                return null;
            }

            var found = _recent[at];
            _recent.RemoveAt(at);
            _recent.Insert(0, found);
            return found.Volume;
        }
    }

    public void Remember(string key, TarArchiveVolume volume)
    {
        lock (_recent)
        {
            _recent.RemoveAll(r => r.Key == key);
            _recent.Insert(0, (key, volume));
            if (_recent.Count > Kept)
            {
                _recent.RemoveAt(_recent.Count - 1);
            }
        }
    }
}
