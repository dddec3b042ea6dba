using EksIr.Core.Evidence;
using System.Text;
using EksIr.Core.Bolt;
using EksIr.Core.Time;

namespace EksIr.Disk.Containers.Containerd;

/// <summary>Typed reads of containerd's bucket fields; a bad field is reported and comes back null, never loses the record.</summary>
internal sealed class BoltFields(BoltBucket bucket, string file, string where, List<EvidenceProblem> problems)
{
    public string? Text(string key) => bucket.Get(key) is { } value ? BoltText.Lossless(value.Span) : null;

    public PreciseTime? Time(string key)
    {
        if (bucket.Get(key) is not { } value)
        {
            return null;
        }

        var time = GoTime.TryDecode(value.Span, out var problem);
        if (problem is not null)
        {
            problems.Add(new EvidenceProblem(file, $"{where}/{key}", problem));
        }

        return time;
    }

    public IReadOnlyDictionary<string, string> Labels(string key = "labels")
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (bucket.Bucket(key) is { } labelBucket)
        {
            foreach (var entry in labelBucket.Entries().Where(e => !e.IsBucket))
            {
                labels[entry.KeyText] = BoltText.Lossless(entry.Value.Span);
            }
        }

        return labels;
    }

    public BoltFields? Child(string key) =>
        bucket.Bucket(key) is { } child ? new BoltFields(child, file, $"{where}/{key}", problems) : null;

    public static string Utf8(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);
}
