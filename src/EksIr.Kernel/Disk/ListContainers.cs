using Microsoft.DotNet.Interactive.Commands;

namespace EksIr.Kernel.Disk;

/// <summary><c>#!containers [--root R]</c></summary>
public sealed class ListContainers : KernelCommand
{
    public string? Root { get; set; }
}
