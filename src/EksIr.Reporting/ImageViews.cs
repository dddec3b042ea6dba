using System.Globalization;
using EksIr.Core.Reporting;
using EksIr.Disk.Containers;

namespace EksIr.Reporting;

/// <summary>Rows of image listings and histories for the HTML and text renderers.</summary>
public static class ImageViews
{
    public static readonly string[] Headers = ["Image ID", "Names", "Created (UTC)", "Size", "Runtime", "Notes"];

    public static IEnumerable<IReadOnlyList<string?>> Rows(ImageListing listing) =>
        listing.Images.Select(i => (IReadOnlyList<string?>)
        [
            i.Id.StartsWith("sha256:", StringComparison.Ordinal) ? i.Id[7..19] : i.Id,
            i.Names.Count == 0 ? "<none>" : string.Join(", ", i.Names),
            i.CreatedAt?.ToString() ?? "",
            i.Size is { } size ? ByteSize.Format(size) : "",
            i.Runtime,
            Notes(i),
        ]);

    public static string Notes(ImageRecord i) => string.Join("; ", new[]
    {
        i.Dangling ? "dangling" : null,
        i.BuiltOnNode switch
        {
            true => "not from a registry (built or imported on this node)",
            null => "origin unknown (the content store keeps no labels to judge from)",
            false => null,
        },
        i.Missing is { } missing ? "missing: " + missing : null,
        !i.UsedByContainer && i.Names.Count > 0 ? "no container uses it (a deleted container?)" : null,
    }.OfType<string>());

    public static string Summary(ImageListing listing) =>
        $"{Counted.Of(listing.Images.Count, "image")}, {listing.Images.Count(i => i.BuiltOnNode == true)} not from a registry, {listing.Images.Count(i => !i.UsedByContainer && i.Names.Count > 0)} named but unused" +
        (listing.Images.Count(i => i.Missing is not null) is var missing and > 0 ? $", {missing} with content missing" : "") +
        (listing.Problems.Count > 0 ? $", {listing.Problems.Count} damaged records reported" : "");

    public static readonly string[] HistoryHeaders = ["Created (UTC)", "Created by", "Empty layer", "Flags", "Comment"];

    public static IEnumerable<IReadOnlyList<string?>> Rows(ImageHistory history) =>
        history.Steps.Select(s => (IReadOnlyList<string?>)
            [s.Created?.ToString() ?? "", s.CreatedBy, s.EmptyLayer ? "yes" : "", string.Join(", ", s.Flags), s.Comment]);

    public static string Summary(ImageHistory history) =>
        $"{history.Image} ({history.ImageId[..Math.Min(19, history.ImageId.Length)]}): {Counted.Of(history.Steps.Count, "step")}, " +
        $"{history.Steps.Count(s => s.Flags.Count > 0).ToString(CultureInfo.InvariantCulture)} flagged";
}
