using EksIr.Core.Reporting;
using Microsoft.DotNet.Interactive.Formatting;

namespace EksIr.Kernel.Formatting;

public static class Formats
{
    /// <summary>Registers a type's HTML and plain-text renderings, HTML preferred; both pass through the one redaction of credentials.</summary>
    public static void Register<T>(Func<T, string> html, Func<T, string> text)
    {
        Formatter.Register<T>((value, writer) => writer.Write(Secrets.Redact(html(value))), HtmlFormatter.MimeType);
        Formatter.Register<T>((value, writer) => writer.Write(Secrets.Redact(text(value))), PlainTextFormatter.MimeType);
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
    }
}
