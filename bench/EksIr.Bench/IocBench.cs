using System.Diagnostics;
using System.Globalization;
using System.Text;
using EksIr.Core.Evidence;
using EksIr.Memory;

/// <summary>
/// IOC scan of a LiME dump against `grep -c -a -E` for the same indicators over the same file, in one run.
/// Target (issue 5): at least 0.5x grep's throughput, with flat memory.
/// </summary>
internal static class IocBench
{
    public static void Run(string[] args)
    {
        var mib = args.SkipWhile(a => a != "--size-mib").Skip(1).FirstOrDefault() is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : 1024;
        var dir = Path.Combine(Path.GetTempPath(), "eksir-iocbench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "ram.lime");
            Console.WriteLine($"writing a {mib} MiB LiME dump (text, binary and zero pages, indicators planted) under {dir} ...");
            Write(file, mib);
            var pattern = @"https?://[A-Za-z0-9./:_-]+|([0-9]{1,3}\.){3}[0-9]{1,3}|AKIA[A-Z2-7]{16}";
            Cold(file);
            var grep = Time(() => RunGrep(file, pattern));
            var before = GC.GetTotalMemory(true);
            IocScan? scan = null;
            var eksir = Time(() => scan = IocScan.Run(new EvidenceRoot(dir), "ram.lime"));
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            double Rate(TimeSpan t) => mib / t.TotalSeconds;
            Console.WriteLine($"grep -c -a -E (url|ipv4|key)  : {grep.TotalSeconds,7:0.00} s  {Rate(grep),7:0} MiB/s");
            Console.WriteLine($"eksir ioc (4 kinds + hashing) : {eksir.TotalSeconds,7:0.00} s  {Rate(eksir),7:0} MiB/s  = {Rate(eksir) / Rate(grep):0.00}x grep's throughput ({scan!.Values.Sum(x => x.Count)} hits)");
            Console.WriteLine($"managed heap after the scan   : {(GC.GetTotalMemory(true) - before) / 1048576.0,7:0.0} MiB   peak working set {peak / 1048576.0:0} MiB");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Write(string file, int mib)
    {
        using var output = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        var random = new Random(42);
        var range = new byte[64 << 20];
        var text = Encoding.ASCII.GetBytes("GET /index.html HTTP/1.1\r\nHost: intranet.local\r\nUser-Agent: curl/8.5\r\n\r\nLD_LIBRARY_PATH=/usr/lib PATH=/usr/local/sbin:/usr/bin ");
        for (var written = 0L; written < (long)mib << 20; written += range.Length)
        {
            for (var page = 0; page < range.Length; page += 4096)
            {
                var kind = random.Next(3);
                var span = range.AsSpan(page, 4096);
                if (kind == 0)
                {
                    span.Clear();
                }
                else if (kind == 1)
                {
                    random.NextBytes(span);
                }
                else
                {
                    for (var at = 0; at + text.Length <= 4096; at += text.Length)
                    {
                        text.CopyTo(span[at..]);
                    }
                }

                if (random.Next(64) == 0)
                {
                    Encoding.ASCII.GetBytes("http://203.0.113.50/drop 10.0.12.7 AKIA5DEVINTERN7EXMPL").CopyTo(span[100..]);
                }
            }

            var start = (ulong)written + 0x100000;
            var header = new byte[32];
            BitConverter.TryWriteBytes(header.AsSpan(0), 0x4C694D45u);
            BitConverter.TryWriteBytes(header.AsSpan(4), 1u);
            BitConverter.TryWriteBytes(header.AsSpan(8), start);
            BitConverter.TryWriteBytes(header.AsSpan(16), start + (ulong)range.Length - 1);
            output.Write(header);
            output.Write(range);
        }
    }

    private static void RunGrep(string file, string pattern)
    {
        var start = new ProcessStartInfo("grep") { RedirectStandardOutput = true, Environment = { ["LC_ALL"] = "C" } };
        foreach (var a in new[] { "-c", "-a", "-E", pattern, file })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
    }

    private static void Cold(string file)
    {
        // Read once so both tools find the file in the page cache (the comparison is of the scanners, not the disk).
        using var stream = File.OpenRead(file);
        stream.CopyTo(Stream.Null);
    }

    private static TimeSpan Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed;
    }
}
