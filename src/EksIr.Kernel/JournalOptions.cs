namespace EksIr.Kernel;

/// <summary>A magic command's options as the journal keeps them: the ones given, by name.</summary>
public static class JournalOptions
{
    public static Dictionary<string, string> Of(params (string Name, string? Value)[] options) =>
        options.Where(o => o.Value is not null).ToDictionary(o => o.Name, o => o.Value!);
}
