using EksIr.Core.Evidence;

namespace EksIr.Disk.Containers.Logs;

/// <summary>
/// The lines of one log file of the evidence, gunzipped when it ends in .gz, with bounded line length. Damaged or
/// cut-off gzip data and over-long lines are reported with file and line; reading of other files goes on.
/// </summary>
internal static class LogFileLines
{
    public static IEnumerable<(string Text, long Length, long Number)> Read(EvidenceRoot root, string file, List<EvidenceProblem> problems)
    {
        using var raw = root.OpenRead(file);
        using Stream stream = file.EndsWith(".gz", StringComparison.Ordinal) ? new CheckedGzipStream(raw) : raw;
        var reader = new BoundedLineReader(stream);
        while (true)
        {
            (string Text, long Length)? next;
            try
            {
                next = reader.Next();
            }
            catch (InvalidDataException e)
            {
                problems.Add(new EvidenceProblem(file, $"line {reader.LineNumber + 1}", "damaged gzip data: " + e.Message));
                yield break;
            }

            if (next is not { } line)
            {
                yield break;
            }

            if (line.Length > BoundedLineReader.MaxLineBytes)
            {
                problems.Add(new EvidenceProblem(file, $"line {reader.LineNumber}", $"{line.Length}-byte line cut to {BoundedLineReader.MaxLineBytes} bytes"));
            }

            yield return (line.Text, line.Length, reader.LineNumber);
        }
    }
}
