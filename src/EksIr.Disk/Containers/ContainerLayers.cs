using EksIr.Core.Reporting;
using EksIr.Disk.Containers.Overlay;
using EksIr.Core.Evidence;
using EksIr.Core.FileSystems;

namespace EksIr.Disk.Containers;

/// <summary>
/// The <c>layers</c> verb: a container's overlay stack, top (its own writable layer) to bottom (the image's base
/// layer), each with the engine's name for it (containerd snapshot key and kind, Docker layer chain id), its
/// directory in the evidence and how many entries and bytes it holds — what ls/cat provenance refers to — and what
/// could not be counted.
/// </summary>
public sealed record ContainerLayers(ContainerRecord Container, IReadOnlyList<LayerRow> Layers, IReadOnlyList<EvidenceProblem> Problems)
{
    public static ContainerLayers Of(EvidenceRoot root, string container)
    {
        var (record, fs) = ContainerFilesystems.Open(root, container, root.Recorder);
        var imageLayers = fs.Layers.Skip(1).Count(l => !IsDockerInit(l.Id));
        var below = imageLayers;
        var problems = new List<EvidenceProblem>(fs.Problems); // what the volume could not take in
        var rows = fs.Layers.Select((layer, i) =>
        {
            var (entries, bytes) = Count(fs.Volume, layer, problems);
            var role = i == 0 ? "container (writable)"
                : IsDockerInit(layer.Id) ? "Docker init layer (hosts, resolv.conf, mount points)"
                : $"image layer {below--} of {imageLayers}";
            return new LayerRow(i, role, layer.Id, layer.EngineName, layer.EvidencePath, entries, bytes);
        }).ToArray();
        return new ContainerLayers(record, rows, problems);
    }

    private static bool IsDockerInit(string id) => id.EndsWith("-init", StringComparison.Ordinal);

    /// <summary>
    /// Entries and bytes below a layer directory (links not followed), the bytes counted as Docker's layerdb <c>size</c>
    /// and a container's <c>SizeRw</c> count them (moby pkg/directory: the size of every entry but directories — a
    /// symbolic link's is its target's length — each inode once, so a file hard-linked a hundred times counts once). An
    /// unreadable folder, or one deeper than <see cref="PathDepth.MaxComponents"/> components that holds entries, is a
    /// problem and not counted into.
    /// </summary>
    private static (long Entries, long Bytes) Count(EvidenceVolume volume, OverlayLayer layer, List<EvidenceProblem> problems)
    {
        long entries = 0, bytes = 0;
        var counted = new HashSet<ulong>(); // inodes of this layer whose bytes are counted
        var pending = new Stack<(byte[] Path, string Shown, int Depth)>([(layer.VolumePath, "/", 0)]);
        while (pending.TryPop(out var directory))
        {
            List<byte[]> names;
            try
            {
                names = volume.ReadDirectory(directory.Path);
            }
            catch (IOException e)
            {
                problems.Add(new EvidenceProblem(layer.EvidencePath, directory.Shown, "not readable: " + e.Message + "; not counted"));
                continue;
            }

            if (directory.Depth >= PathDepth.MaxComponents)
            {
                if (names.Count > 0)
                {
                    problems.Add(new EvidenceProblem(layer.EvidencePath, directory.Shown, PathDepth.EntriesNotFollowed(names.Count)));
                }

                continue;
            }

            foreach (var name in names)
            {
                var path = RawPath.Join(directory.Path, name);
                FileStatus? status;
                try
                {
                    status = volume.Lstat(path);
                }
                catch (IOException e)
                {
                    problems.Add(new EvidenceProblem(layer.EvidencePath, directory.Shown, $"{RawPath.Display(name)}: not readable: {e.Message}; not counted"));
                    continue;
                }

                entries++;
                if (status?.Kind == FileKind.Directory)
                {
                    var shown = directory.Depth == 0 ? "/" + RawPath.Display(name) : directory.Shown + "/" + RawPath.Display(name);
                    pending.Push((path, PathDepth.Shown(shown, directory.Depth + 1), directory.Depth + 1));
                }
                else if (status is not null && counted.Add(status.Inode))
                {
                    bytes += status.Kind == FileKind.SymbolicLink ? LinkLength(volume, path, status, () =>
                        problems.Add(new EvidenceProblem(layer.EvidencePath, directory.Shown, $"{RawPath.Display(name)}: link target not readable; its length is not counted"))) : status.Size;
                }
            }
        }

        return (entries, bytes);
    }

    /// <summary>A link's size as lstat gives it on a host folder: its target's length (a tar archive's header says 0).</summary>
    private static long LinkLength(EvidenceVolume volume, byte[] path, FileStatus status, Action unreadable)
    {
        try
        {
            return Math.Max(status.Size, volume.ReadLink(path).Length);
        }
        catch (IOException)
        {
            unreadable();
            return status.Size;
        }
    }

    public string Summary => $"{Container.Name}: {Counted.Of(Layers.Count, "layer")} ({Layers.Count(l => l.Role.StartsWith("image", StringComparison.Ordinal))} from the image)";
}

/// <summary>One layer of a container's stack; index 0 is the container's own.</summary>
public sealed record LayerRow(int Index, string Role, string Id, string? EngineName, string EvidencePath, long Entries, long Bytes);
