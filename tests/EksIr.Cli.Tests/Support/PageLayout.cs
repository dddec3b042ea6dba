using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using EksIr.Tests;

namespace EksIr.Cli.Tests.Support;

/// <summary>
/// A page (a playbook run's HTML, a case's report) as headless Chromium lays it out at 1,000 and 1,400 px wide: every
/// table's columns in sight (not past the window, not behind a scrolling box's edge; in a one-line table the time and
/// the row id never cut), every date-time in a table cell or a chart label in the one time format
/// (<see cref="TimeFormatCheck"/>). Screenshots at both widths are saved under the test output's page-layout folder
/// for a person to look at. Text outside tables (a query the analyst typed, a log line quoted in a code block) is
/// evidence or input and keeps its own form.
/// </summary>
public static partial class PageLayout
{
    public static readonly int[] Widths = [1000, 1400];

    /// <summary>Where the screenshots go: beside the test assembly, one PNG per page and width, and the page itself.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "page-layout");

    /// <summary>
    /// The window's height: the screenshot shows this much of the page's top. The page is laid out with its vertical
    /// scroll bar whatever its length, as a reader's window shows a long page, so the width the tables get is the same.
    /// </summary>
    private const int WindowHeight = 8000;

    /// <summary>Fails the test with every problem found on the pages (named for the message and the screenshots).</summary>
    public static async Task AssertReadableAsync(params (string Name, string Html)[] pages)
    {
        var problems = new List<string>();
        foreach (var (name, html) in pages)
        {
            problems.AddRange(await ProblemsAsync(name, html));
        }

        Assert.True(problems.Count == 0, $"{problems.Count} layout or time-format problems (screenshots in {ScreenshotFolder}):\n" + string.Join("\n", problems));
    }

    public static async Task<IReadOnlyList<string>> ProblemsAsync(string name, string html)
    {
        var chromium = ProcessRun.Which("chromium")
            ?? throw new InvalidOperationException("The page layout check needs headless Chromium and none is on PATH: install Debian's chromium package (apt-get install chromium; .ci/run installs it).");
        Assert.True(File.Exists(html), $"{name}: {html} was not written");
        using var temp = new TempDir();
        var page = temp.Combine(name + ".html");
        await File.WriteAllTextAsync(page, await File.ReadAllTextAsync(html) +
            "\n<style>html{overflow-y:scroll}</style>\n<script>\n" + Script.Value + "\n</script>\n");
        Directory.CreateDirectory(ScreenshotFolder);
        File.Copy(html, Path.Combine(ScreenshotFolder, name + ".html"), overwrite: true); // the page as checked, beside its screenshots

        var problems = new List<string>();
        foreach (var width in Widths)
        {
            var png = Path.Combine(ScreenshotFolder, $"{name}-{width}.png");
            File.Delete(png);
            var dom = await ChromiumAsync(chromium, temp, width, page, png);
            Assert.True(File.Exists(png), $"{name}: Chromium wrote no screenshot at {width} px");
            var found = Findings(dom, name, width);
            problems.AddRange(found.Problems.Select(p => $"{name} at {width} px: {p}"));
            problems.AddRange(found.Texts.SelectMany(TimeFormatCheck.OtherFormats).Distinct()
                .Select(t => $"{name} at {width} px: a date-time not in RFC 3339 UTC: \"{t}\""));
        }

        return problems;
    }

    /// <summary>Lays the page out at the width given, screenshots it and returns its DOM after the measuring script ran.</summary>
    private static async Task<string> ChromiumAsync(string chromium, TempDir temp, int width, string page, string png)
    {
        var result = await ProcessRun.RunAsync(chromium,
            ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--user-data-dir=" + temp.Combine("profile"),
             $"--window-size={width},{WindowHeight}", "--screenshot=" + png, "--dump-dom", new Uri(page).AbsoluteUri],
            temp.Path, TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"chromium failed on {page} at {width} px: {result}");
        return result.StdOut;
    }

    private sealed record Found(IReadOnlyList<string> Problems, IReadOnlyList<string> Texts);

    private static Found Findings(string dom, string name, int width)
    {
        var json = Measured().Match(dom);
        Assert.True(json.Success, $"{name} at {width} px: the measuring script wrote nothing (did the page's scripts fail?)");
        using var doc = JsonDocument.Parse(WebUtility.HtmlDecode(json.Groups[1].Value));
        var root = doc.RootElement;
        Assert.True(root.GetProperty("tables").GetInt32() > 0, $"{name} at {width} px: no table laid out");
        static IEnumerable<string> Strings(JsonElement e) => e.EnumerateArray().Select(s => s.GetString() ?? "");
        return new Found(
            [.. Strings(root.GetProperty("problems"))],
            [.. Strings(root.GetProperty("cells")), .. Strings(root.GetProperty("chartLabels"))]);
    }

    private static readonly Lazy<string> Script = new(() =>
    {
        using var stream = typeof(PageLayout).Assembly.GetManifestResourceStream("PageLayout.js")
            ?? throw new InvalidOperationException("PageLayout.js is not embedded in the test assembly");
        return new StreamReader(stream).ReadToEnd();
    });

    [GeneratedRegex("<pre id=\"eksir-layout-check\"[^>]*>(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex Measured();
}
