namespace EksIr.Core.Evidence;

/// <summary>A record that could not be read whole: where (file, and what inside it) and why. Listings go on.</summary>
public sealed record EvidenceProblem(string File, string Where, string Problem)
{
    public override string ToString() => Where.Length == 0 ? $"{File}: {Problem}" : $"{File}: {Where}: {Problem}";
}
