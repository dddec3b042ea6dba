using System.Globalization;
using System.Text;

namespace EksIr.Core.Reporting;

/// <summary>Draws a <see cref="BrokenTimeAxis"/> into an SVG: each part's axis line and ticks, and on each break the quiet gap's length.</summary>
public static class AxisDrawing
{
    public static void Draw(StringBuilder svg, BrokenTimeAxis axis, double axisY, double gridTop)
    {
        for (var i = 0; i < axis.Parts.Count; i++)
        {
            var part = axis.Parts[i];
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{part.X0:0.#}\" y1=\"{axisY:0.#}\" x2=\"{part.X1:0.#}\" y2=\"{axisY:0.#}\" stroke=\"#888\"/>");
            var most = Math.Max(1, (int)(part.Width / 90));
            foreach (var (at, label) in TimeTicks.Between(part.Start, part.End, most))
            {
                var x = part.X(at);
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:0.#}\" y1=\"{gridTop:0.#}\" x2=\"{x:0.#}\" y2=\"{axisY + 4:0.#}\" stroke=\"#ddd\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x:0.#}\" y=\"{axisY + 16:0.#}\" text-anchor=\"middle\">{label}</text>");
            }

            if (i + 1 < axis.Parts.Count)
            {
                var next = axis.Parts[i + 1];
                var mid = (part.X1 + next.X0) / 2;
                var gap = next.Start - part.End;
                svg.Append(CultureInfo.InvariantCulture, $"<g class=\"eksir-axis-break\"><title>no event for {BrokenTimeAxis.Gap(gap)}: the axis is broken here</title>");
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{part.X1 + 3:0.#}\" y=\"{gridTop:0.#}\" width=\"{next.X0 - part.X1 - 6:0.#}\" height=\"{axisY - gridTop:0.#}\" fill=\"#eee\" fill-opacity=\"0.6\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<path d=\"M{mid - 5:0.#},{axisY + 5:0.#} l4,-10 M{mid + 1:0.#},{axisY + 5:0.#} l4,-10\" stroke=\"#555\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{mid + 3:0.#}\" y=\"{gridTop + 4:0.#}\" transform=\"rotate(90 {mid + 3:0.#} {gridTop + 4:0.#})\" fill=\"#555\" font-size=\"10\">{BrokenTimeAxis.Gap(gap)} quiet</text></g>");
            }
        }
    }
}
