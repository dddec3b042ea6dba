using System.Text;
using System.Text.Json;

namespace EksIr.Core.Cases;

/// <summary>
/// The case journal file (JSON lines). Append-only: every entry is written and flushed as one line, so a crash
/// loses at most the line being written; credentials in it (an option, a summary) are redacted as it is written. Reading tolerates damaged lines: they are counted with their line
/// numbers, never silently dropped.
/// </summary>
public sealed class CaseJournal(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public void Append(JournalEntry entry)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var line = Reporting.Secrets.Redact(JsonSerializer.Serialize(entry, JournalJson.Options)) + "\n";
        using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var bytes = Encoding.UTF8.GetBytes(line);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    public JournalReadResult Read()
    {
        var entries = new List<JournalEntry>();
        var damaged = new List<JournalDamage>();
        if (!File.Exists(Path))
        {
            return new JournalReadResult(entries, damaged);
        }

        using var reader = new StreamReader(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), Encoding.UTF8);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                var entry = JsonSerializer.Deserialize<JournalEntry>(line, JournalJson.Options);
                if (entry is null || entry.Verb is null || entry.Options is null || entry.EvidenceRead is null)
                {
                    damaged.Add(new JournalDamage(lineNumber, "not a journal entry"));
                    continue;
                }

                entries.Add(entry);
            }
            catch (JsonException e)
            {
                damaged.Add(new JournalDamage(lineNumber, e.Message));
            }
        }

        return new JournalReadResult(entries, damaged);
    }
}

public sealed record JournalDamage(int Line, string Reason);

public sealed record JournalReadResult(IReadOnlyList<JournalEntry> Entries, IReadOnlyList<JournalDamage> Damaged);
