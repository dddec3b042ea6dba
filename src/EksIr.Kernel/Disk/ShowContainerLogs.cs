using Microsoft.DotNet.Interactive.Commands;

namespace EksIr.Kernel.Disk;

/// <summary><c>#!logs [--root R] --container C [--tail N]</c></summary>
public sealed class ShowContainerLogs : KernelCommand
{
    public string? Root { get; set; }

    public string? Container { get; set; }

    public int? Tail { get; set; }
}
