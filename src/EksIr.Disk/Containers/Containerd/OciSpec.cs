using System.Text.Json;
using EksIr.Disk.Containers.Docker;
using EksIr.Core.Evidence;

namespace EksIr.Disk.Containers.Containerd;

/// <summary>
/// The OCI runtime spec containerd keeps per container (meta.db <c>spec</c>: a protobuf Any — field 1 type URL,
/// field 2 the spec's JSON). Privileged = CAP_SYS_ADMIN in the bounding set and no masked paths (what
/// <c>--privileged</c> and Kubernetes' privileged: true produce); a namespace missing from linux.namespaces is the host's.
/// </summary>
public static class OciSpec
{
    /// <summary>
    /// The spec's security facts; null when the Any or its JSON is malformed. Bytes of the JSON that are not UTF-8
    /// are replaced and said in <paramref name="problems"/> as of <paramref name="file"/> at <paramref name="where"/>.
    /// </summary>
    public static ContainerSecurity? TryRead(ReadOnlySpan<byte> any, string file, string where, ICollection<EvidenceProblem> problems)
    {
        if (ProtoAnyValue(any) is not { } json)
        {
            return null;
        }

        try
        {
            using var doc = EvidenceJson.Parse(json, file, problems, where: where + " (spec JSON)");
            var spec = doc.RootElement;
            var bounding = spec.StringList("process", "capabilities", "bounding");
            var masked = spec.StringList("linux", "maskedPaths");
            var namespaces = spec.Get("linux", "namespaces") is { ValueKind: JsonValueKind.Array } list
                ? list.EnumerateArray().Select(n => n.Str("type")).OfType<string>().ToHashSet(StringComparer.Ordinal)
                : null;
            var mounts = spec.Get("mounts") is { ValueKind: JsonValueKind.Array } m
                ? m.EnumerateArray().Where(x => x.Str("type") == "bind" || x.StringList("options").Contains("rbind") || x.StringList("options").Contains("bind"))
                    .Select(x => new ContainerMount(x.Str("source") ?? "", x.Str("destination") ?? "", x.StringList("options").Contains("ro")))
                    .ToArray()
                : [];
            return new ContainerSecurity(
                bounding.Contains("CAP_SYS_ADMIN") && masked.Count == 0,
                namespaces is null ? null : !namespaces.Contains("network"),
                namespaces is null ? null : !namespaces.Contains("pid"),
                namespaces is null ? null : !namespaces.Contains("ipc"),
                [],
                mounts,
                spec.StringList("process", "args"));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The value (field 2) of a protobuf google.protobuf.Any, bounds-checked; null when malformed.</summary>
    public static byte[]? ProtoAnyValue(ReadOnlySpan<byte> message)
    {
        var position = 0;
        while (position < message.Length)
        {
            if (Varint.TryReadUnsigned(message[position..], out var tagLength) is not { } tag)
            {
                return null;
            }

            position += tagLength;
            if ((tag & 7) != 2)
            {
                return null; // Any has only length-delimited fields
            }

            if (Varint.TryReadUnsigned(message[position..], out var sizeLength) is not { } size || size > (ulong)(message.Length - position - sizeLength))
            {
                return null;
            }

            position += sizeLength;
            if (tag >> 3 == 2)
            {
                return message.Slice(position, (int)size).ToArray();
            }

            position += (int)size;
        }

        return null;
    }
}
