using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace EksIr.NotebookRunner;

/// <summary>
/// Turns the events of one cell's submission into notebook outputs the way Jupyter shows them: displays and
/// updates (by value id), the return value, stdout/stderr streams (consecutive writes merged) and the error.
/// </summary>
public static class CellOutputs
{
    public static List<InteractiveDocumentOutputElement> From(IEnumerable<KernelEvent> events, int executionCount, out CommandFailed? failure)
    {
        var outputs = new List<InteractiveDocumentOutputElement>();
        var byValueId = new Dictionary<string, int>(StringComparer.Ordinal);
        failure = null;

        foreach (var e in events)
        {
            switch (e)
            {
                case StandardOutputValueProduced stdout:
                    AppendStream(outputs, "stdout", Text(stdout.FormattedValues));
                    break;
                case StandardErrorValueProduced stderr:
                    AppendStream(outputs, "stderr", Text(stderr.FormattedValues));
                    break;
                case ErrorProduced error:
                    AppendStream(outputs, "stderr", error.Message + "\n");
                    break;
                case ReturnValueProduced returned:
                    var result = new ReturnValueElement { ExecutionOrder = executionCount };
                    foreach (var (mime, value) in Data(returned.FormattedValues))
                    {
                        result.Data[mime] = value;
                    }

                    outputs.Add(result);
                    break;
                case DisplayedValueUpdated updated when updated.ValueId is { } id && byValueId.TryGetValue(id, out var index):
                    outputs[index] = new DisplayElement(Data(updated.FormattedValues));
                    break;
                case DisplayedValueProduced or DisplayedValueUpdated:
                    var display = (DisplayEvent)e;
                    if (display.ValueId is { } valueId)
                    {
                        byValueId[valueId] = outputs.Count;
                    }

                    outputs.Add(new DisplayElement(Data(display.FormattedValues)));
                    break;
                case CommandFailed failed when failed.Command.Parent is null:
                    failure = failed;
                    break;
            }
        }

        if (failure is not null)
        {
            var name = failure.Exception?.GetType().Name ?? "Error";
            var trace = failure.Exception is { StackTrace: not null } ex ? ex.ToString().Split('\n') : [failure.Message];
            outputs.Add(new ErrorElement(failure.Message, name, trace));
        }

        return outputs;
    }

    private static Dictionary<string, object> Data(IReadOnlyCollection<FormattedValue> values) =>
        values.GroupBy(v => v.MimeType, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (object)g.First().Value, StringComparer.Ordinal);

    private static string Text(IReadOnlyCollection<FormattedValue> values) =>
        values.FirstOrDefault(v => v.MimeType == PlainTextFormatter.MimeType)?.Value ?? values.FirstOrDefault()?.Value ?? "";

    private static void AppendStream(List<InteractiveDocumentOutputElement> outputs, string name, string text)
    {
        if (outputs.Count > 0 && outputs[^1] is TextElement last && last.Name == name)
        {
            outputs[^1] = new TextElement(last.Text + text, name);
        }
        else
        {
            outputs.Add(new TextElement(text, name));
        }
    }
}
