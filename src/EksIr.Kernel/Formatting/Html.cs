using System.Net;
using EksIr.Core.Reporting;

namespace EksIr.Kernel.Formatting;

/// <summary>Small HTML building blocks for notebook output; styles inline so an exported notebook renders offline.</summary>
public static class Html
{
    public static string Card(string title, string body) =>
        $"<div class=\"eksir\"><style>{Styles.Table}</style><h3 style=\"margin:4px 0\">{WebUtility.HtmlEncode(title)}</h3>{body}</div>";
}
