using System.Buffers.Binary;
using System.Reactive.Linq;
using EksIr.Core.Cases;
using EksIr.Verbs;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Events;

namespace EksIr.Kernel.Tests.Memory;

/// <summary>The notebook's stop button (.NET Interactive's Cancel command) stops a long scan, and the journal says it stopped.</summary>
public sealed class StopButtonTests : IDisposable
{
    private readonly TempDir _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Stop_ends_an_ioc_scan_of_a_large_dump_the_cell_fails_and_the_journal_says_it_was_stopped()
    {
        // A LiME dump (src/lime.h: a 32-byte header per range) of one 8 GiB range, sparse on disk.
        var evidence = Directory.CreateDirectory(_temp.Combine("evidence")).FullName;
        const long size = 8L << 30;
        using (var dump = File.Create(Path.Combine(evidence, "big.lime")))
        {
            var header = new byte[32];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x4C694D45);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(8), 0x1000);
            BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(16), 0x1000 + (ulong)size - 1);
            dump.Write(header);
            dump.SetLength(32 + size);
        }

        var journal = _temp.Combine("case", "journal.jsonl");
        using var kernel = await KernelFixture.CreateAsync();
        (await kernel.SubmitCodeAsync($"#!case open --name INC-9 --evidence {evidence} --journal {journal}")).ShouldSucceed();
        var progressed = new TaskCompletionSource();
        using var watch = kernel.KernelEvents.OfType<DisplayedValueProduced>()
            .Where(e => e.FormattedValues.Any(v => v.Value.StartsWith("scanned ", StringComparison.Ordinal)))
            .Subscribe(_ => progressed.TrySetResult());

        var scan = kernel.SendAsync(new SubmitCode("#!ioc big.lime --string needle"));
        await progressed.Task.WaitAsync(TimeSpan.FromMinutes(5));
        await kernel.SendAsync(new Cancel());
        var result = await scan;

        Assert.Single(result.Events.OfType<CommandFailed>()); // .NET Interactive's own "Command cancelled."
        // The scan itself stops at its next progress check, and journals that it was stopped (with what it had read).
        var entry = await LastEntryAsync(journal, "ioc");
        Assert.Equal((JournalOutcome.Failed, VerbRunner.Cancelled), (entry.Outcome, entry.Summary));
        Assert.Contains(entry.EvidenceRead, r => r.Path == "big.lime");
    }

    private static async Task<JournalEntry> LastEntryAsync(string journal, string verb)
    {
        for (var wait = 0; wait < 600; wait++)
        {
            if (new CaseJournal(journal).Read().Entries[^1] is { } last && last.Verb == verb)
            {
                return last;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"no {verb} entry in {journal} after two minutes: the scan was not stopped");
    }
}
