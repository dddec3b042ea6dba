using EksIr.Core.Evidence;
using EksIr.Core.Reporting;

namespace EksIr.Core.Cases;

/// <summary>
/// An open case: its name, its read-only evidence root and its journal. Verbs read evidence through
/// <see cref="Evidence"/> (reads are logged) and then call <see cref="Record"/>, which journals the verb with
/// every evidence file it read.
/// </summary>
public sealed class CaseSession
{
    private readonly TimeProvider _clock;
    private readonly EvidenceReadLog _reads = new();

    private CaseSession(string name, string evidenceDirectory, string caseDirectory, CaseJournal journal, TimeProvider clock, string analyst, string host,
        ScratchSpace? scratch = null)
    {
        Name = name;
        Evidence = new EvidenceRoot(evidenceDirectory, _reads, scratch);
        CaseDirectory = caseDirectory;
        Journal = journal;
        _clock = clock;
        Analyst = analyst;
        Host = host;
        OpenedAt = clock.GetUtcNow();
    }

    public string Name { get; }

    public EvidenceRoot Evidence { get; }

    public string CaseDirectory { get; }

    public CaseJournal Journal { get; }

    public string Analyst { get; }

    public string Host { get; }

    public DateTimeOffset OpenedAt { get; }

    /// <summary>The case's clock (UTC), for names of outputs.</summary>
    public DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>
    /// Opens (or re-opens) a case: validates the name and the evidence root, refuses a case folder or journal
    /// inside the evidence (evidence is never written to), takes an inventory (hashing when asked) and journals it.
    /// </summary>
    public static (CaseSession Session, EvidenceInventory Inventory) Open(
        CaseOpenRequest request,
        TimeProvider clock,
        string analyst,
        string host,
        string workingDirectory,
        IProgress<string>? progress = null)
    {
        var name = CaseName.Validate(request.Name);
        if (string.IsNullOrWhiteSpace(request.Evidence))
        {
            throw new CaseException("a case needs an evidence folder (--evidence DIR)");
        }

        var evidenceDirectory = Path.GetFullPath(request.Evidence, workingDirectory);
        if (!Directory.Exists(evidenceDirectory))
        {
            throw new CaseException($"{request.Evidence}: evidence folder does not exist");
        }

        // With only --journal, the case folder is the journal's, as a case re-opened from its journal has it.
        var caseDirectory = Path.GetFullPath(request.CaseDirectory
            ?? (request.Journal is { } journal ? Path.GetDirectoryName(Path.GetFullPath(journal, workingDirectory))! : Path.Combine("cases", name)), workingDirectory);
        var journalPath = Path.GetFullPath(request.Journal ?? Path.Combine(caseDirectory, "journal.jsonl"), workingDirectory);
        RefuseInside(evidenceDirectory, caseDirectory, "case folder");
        RefuseInside(evidenceDirectory, journalPath, "journal");
        if (Directory.Exists(journalPath))
        {
            throw new CaseException($"{journalPath}: the journal must be a file, this is a folder");
        }

        var session = new CaseSession(name, evidenceDirectory, caseDirectory, new CaseJournal(journalPath), clock, analyst, host, request.Scratch);
        var inventory = session.TakeInventory(request.Hash, progress);
        var summary = $"opened case {name}: {Counted.Of(inventory.Files, "evidence file")} ({ByteSize.Format(inventory.TotalBytes)}), {Counted.Of(inventory.SymbolicLinks, "link")}"
                      + (request.Hash ? $", {inventory.Hashed} hashed" : "")
                      + (inventory.Unreadable.Count > 0 ? $", {inventory.Unreadable.Count} unreadable" : "");
        var options = new Dictionary<string, string> { ["--name"] = name, ["--evidence"] = request.Evidence };
        if (request.Journal is not null)
        {
            options["--journal"] = request.Journal;
        }

        if (request.Hash)
        {
            options["--hash"] = "true";
        }

        if (request.Scratch?.Folder is { } scratchFolder)
        {
            options["--scratch"] = scratchFolder;
        }

        if (request.Scratch?.Limit is { } scratchLimit)
        {
            options["--scratch-limit"] = scratchLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        session.Record("case open", options, JournalOutcome.Ok, summary);
        return (session, inventory);
    }

    /// <summary>
    /// Takes up a case from its journal (a command-line verb that journals, after <c>eksir case open</c>): its name and
    /// evidence root are the journal's, its case folder the journal's folder. Nothing is journaled until a verb records.
    /// </summary>
    public static CaseSession Resume(string journalPath, TimeProvider clock, string analyst, string host)
    {
        var status = CaseStatus.FromJournal(journalPath);
        if (status.EvidenceRoot is not { } evidence || !Directory.Exists(evidence))
        {
            throw new CaseException($"{journalPath}: the case's evidence folder ({status.EvidenceRoot ?? "not recorded"}) is not reachable from here");
        }

        return new CaseSession(status.Name, evidence, Path.GetDirectoryName(status.JournalPath)!, new CaseJournal(status.JournalPath), clock, analyst, host);
    }

    /// <summary>
    /// Writes an export (timeline, table) into the case folder — or to an absolute path — never inside the evidence,
    /// credentials redacted. Returns the full path written.
    /// </summary>
    public string WriteExport(string path, string content)
    {
        var full = Path.GetFullPath(path, CaseDirectory);
        RefuseInside(Evidence.FullPath, full, "export");
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, Reporting.Secrets.Redact(content), new System.Text.UTF8Encoding(false));
        return full;
    }

    /// <summary>A path for output in the case folder (or an absolute one), refused inside the evidence.</summary>
    public string CaseFolderPath(string path)
    {
        var full = Path.GetFullPath(path, CaseDirectory);
        RefuseInside(Evidence.FullPath, full, "output");
        return full;
    }

    /// <summary>The incident's entities the case holds now, read back from its journal.</summary>
    public CaseContext Context() => CaseContext.FromJournal(Journal.Read().Entries);

    /// <summary>Journals a verb with the evidence reads made since the last record (and, for a plan, each of its steps).</summary>
    public JournalEntry Record(string verb, IReadOnlyDictionary<string, string> options, JournalOutcome outcome, string summary, IReadOnlyList<JournalStep>? steps = null)
    {
        // In path order: the log engines read files side by side, so the order they finished in says nothing, and a
        // journal of the same work must read the same.
        var reads = _reads.Drain().OrderBy(r => r.Path, StringComparer.Ordinal).ThenBy(r => r.BytesRead).ThenBy(r => r.Sha256, StringComparer.Ordinal).ToList();
        var entry = new JournalEntry(_clock.GetUtcNow(), Analyst, Host, Name, Evidence.FullPath, verb, options, reads, outcome, summary, steps);
        Journal.Append(entry);
        return entry;
    }

    private const long ProgressStep = 256L << 20;

    private EvidenceInventory TakeInventory(bool hash, IProgress<string>? progress)
    {
        int files = 0, links = 0, hashed = 0;
        long bytes = 0, hashedBytes = 0, nextSaid = ProgressStep;
        var unreadable = new List<string>();
        var buffer = new byte[1 << 20];
        foreach (var entry in Evidence.Walk("", (path, reason) => unreadable.Add($"{path}: {reason}")))
        {
            if (entry.Kind == EvidenceEntryKind.SymbolicLink)
            {
                links++;
                continue;
            }

            files++;
            bytes += entry.Size;
            if (!hash)
            {
                continue;
            }

            // Said for a large file, and after each 256 MiB of smaller ones: a line for every small file would bury the rest.
            if (entry.Size >= ProgressStep || hashedBytes >= nextSaid)
            {
                progress?.Report($"hashing {entry.Path} ({ByteSize.Format(entry.Size)}); {ByteSize.Format(hashedBytes)} hashed so far");
                nextSaid = hashedBytes + ProgressStep;
            }

            hashedBytes += entry.Size;
            try
            {
                using var stream = Evidence.OpenRead(entry.Path);
                while (stream.Read(buffer) > 0)
                {
                }

                hashed++;
            }
            catch (EvidenceAccessException e)
            {
                unreadable.Add(e.Message);
            }
        }

        return new EvidenceInventory(files, links, bytes, hashed, unreadable);
    }

    private static void RefuseInside(string evidenceDirectory, string path, string what)
    {
        if (PathContainment.IsInside(evidenceDirectory, path))
        {
            throw new CaseException($"{path}: the {what} would be inside the evidence folder {evidenceDirectory}; evidence is never written to — choose another place");
        }
    }
}
