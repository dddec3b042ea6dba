using Microsoft.DotNet.Interactive.Commands;

namespace EksIr.Kernel.Cases;

/// <summary><c>#!case report [--out FILE]</c></summary>
public sealed class WriteCaseReport : KernelCommand
{
    public string? Out { get; set; }
}
