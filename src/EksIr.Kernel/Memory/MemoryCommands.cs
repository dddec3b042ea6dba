using Microsoft.DotNet.Interactive.Commands;

namespace EksIr.Kernel.Memory;

/// <summary><c>#!lime --file F</c></summary>
public sealed class ShowLimeDump : KernelCommand
{
    public string? File { get; set; }
}

/// <summary><c>#!pstree --file F|DIR [--node ROOT]</c></summary>
public sealed class ShowProcessTree : KernelCommand
{
    public string? File { get; set; }

    public string? Node { get; set; }
}
