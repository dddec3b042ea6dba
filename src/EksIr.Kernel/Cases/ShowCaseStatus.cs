using Microsoft.DotNet.Interactive.Commands;

namespace EksIr.Kernel.Cases;

/// <summary><c>#!case status [--last N]</c></summary>
public sealed class ShowCaseStatus : KernelCommand
{
    public int? Last { get; set; }
}
