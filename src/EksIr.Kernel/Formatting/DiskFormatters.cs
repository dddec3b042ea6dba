using System.Net;
using EksIr.Core.Containers;
using EksIr.Core.Reporting;

namespace EksIr.Kernel.Formatting;

/// <summary>HTML and text renderings of the disk phase's results, over the same rows as the CLI.</summary>
public static class DiskFormatters
{
    public static void Register()
    {
        Formats.Register<ContainerListing>(
            l => Html.Card(ContainerViews.Summary(l), HtmlTable.Render(ContainerViews.Headers, ContainerViews.Rows(l)) + Problems(l.Problems)),
            l => TextTable.Render(ContainerViews.Headers, ContainerViews.Rows(l)) + string.Concat(l.Problems.Select(p => $"skipped: {p}\n")));
    }

    public static string Problems(IReadOnlyCollection<EvidenceProblem> problems) =>
        problems.Count == 0
            ? ""
            : $"<details><summary class=\"warning\">{problems.Count} damaged or unreadable record(s) skipped</summary><ul>" +
              string.Concat(problems.Select(p => $"<li>{WebUtility.HtmlEncode(p.ToString())}</li>")) + "</ul></details>";
}
