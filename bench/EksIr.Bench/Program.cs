using System.Diagnostics;
using System.Globalization;
using System.Text;
using EksIr.Disk.Containers.Overlay;
using EksIr.Core.FileSystems;

if (args.FirstOrDefault() == "floor")
{
    EksIr.Bench.StoreBench.Floor(args);
    return;
}

if (args.FirstOrDefault() == "store")
{
    EksIr.Bench.StoreBench.Run(args);
    return;
}

if (args.FirstOrDefault() == "logs")
{
    EksIr.Bench.LogsBench.Run(args);
    return;
}

if (args.FirstOrDefault() == "timeline")
{
    EksIr.Bench.TimelineBench.Run(args);
    return;
}

if (args.FirstOrDefault() == "ioc")
{
    IocBench.Run(args);
    return;
}

// Overlay diff and full listing of a container with N files across L layers, side by side with `find` over the
// same directories in the same run. Target (issue 3): at most 1.5x find's time, with flat memory.
var files = Arg("--files", 200_000);
var layerCount = Arg("--layers", 5);
var work = Path.Combine(Path.GetTempPath(), "eksir-bench-" + Guid.NewGuid().ToString("N")[..8]);
try
{
    Console.WriteLine($"building {files} files in {layerCount} layers + an upper layer under {work} ...");
    var layers = Build(work, files, layerCount);
    Cold();
    var find = Time(() => RunFind(layers, stat: false));
    var findStat = Time(() => RunFind(layers, stat: true));
    var fs = new OverlayFilesystem(layers.Select((dir, i) => new OverlayLayer(i.ToString(CultureInfo.InvariantCulture),
        Encoding.UTF8.GetBytes(Path.GetRelativePath(work, dir)), dir)).ToArray(), new HostFolderVolume(work));
    var baseline = GC.GetTotalMemory(true);
    var diffCount = 0;
    var diff = Time(() => diffCount = OverlayDiff.Changes(fs).Count());
    var listCount = 0L;
    var list = Time(() => listCount = fs.Walk().LongCount());
    var peak = Process.GetCurrentProcess().PeakWorkingSet64;
    Console.WriteLine($"find over all layer dirs : {find.TotalSeconds,8:0.00} s   (names only, from getdents)");
    Console.WriteLine($"find -printf mode/size/mtime: {findStat.TotalSeconds,5:0.00} s   (an lstat per entry, as a listing with metadata needs)");
    Console.WriteLine($"eksir diff               : {diff.TotalSeconds,8:0.00} s  ({diffCount} changes)   {diff / find,5:0.00}x find");
    Console.WriteLine($"eksir merged full listing: {list.TotalSeconds,8:0.00} s  ({listCount} entries)  {list / find,5:0.00}x find, {list / findStat,5:0.00}x find -printf");
    Console.WriteLine($"managed heap after GC    : {(GC.GetTotalMemory(true) - baseline) / 1048576.0,8:0.0} MiB   peak working set {peak / 1048576.0:0} MiB");
}
finally
{
    Directory.Delete(work, recursive: true);
}

int Arg(string name, int fallback) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

static List<string> Build(string work, int files, int layerCount)
{
    var dirs = new List<string>();
    var upper = Path.Combine(work, "upper");
    dirs.Add(upper);
    var perLayer = files / layerCount;
    for (var layer = layerCount - 1; layer >= 0; layer--)
    {
        var dir = Path.Combine(work, "layer" + layer);
        for (var i = 0; i < perLayer; i++)
        {
            var path = Path.Combine(dir, "usr", $"d{layer}-{i / 100}", $"f{i}");
            if (i % 100 == 0)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            }

            File.WriteAllText(path, "x");
        }

        dirs.Insert(1, dir);
    }

    // The container's changes: 1% of the newest layer's files rewritten, 0.5% deleted (.wh.), some added.
    for (var i = 0; i < perLayer; i += 100)
    {
        var sub = Path.Combine(upper, "usr", $"d{layerCount - 1}-{i / 100}");
        Directory.CreateDirectory(sub);
        File.WriteAllText(Path.Combine(sub, $"f{i}"), "changed");
        File.WriteAllText(Path.Combine(sub, $".wh.f{i + 1}"), "");
        File.WriteAllText(Path.Combine(sub, $"new{i}"), "added");
    }

    dirs.Reverse(1, dirs.Count - 1); // upper, then newest lower first
    return dirs;
}

static void RunFind(List<string> dirs, bool stat)
{
    var start = new ProcessStartInfo("find") { RedirectStandardOutput = true };
    dirs.ForEach(start.ArgumentList.Add);
    if (stat)
    {
        start.ArgumentList.Add("-printf");
        start.ArgumentList.Add("%m %s %T@ %p\n");
    }

    using var process = Process.Start(start)!;
    var lines = 0;
    while (process.StandardOutput.ReadLine() is not null)
    {
        lines++;
    }

    process.WaitForExit();
}

static void Cold() => GC.Collect();

static TimeSpan Time(Action action)
{
    var clock = Stopwatch.StartNew();
    action();
    return clock.Elapsed;
}
