using Microsoft.DotNet.Interactive.Commands;

namespace EksIr.Kernel.Disk;

/// <summary><c>#!diff [--root R] --container C</c></summary>
public sealed class DiffContainer : KernelCommand
{
    public string? Root { get; set; }

    public string? Container { get; set; }
}

/// <summary><c>#!cat [--root R] --container C [--path] PATH</c></summary>
public sealed class CatContainerFile : KernelCommand
{
    public string? Root { get; set; }

    public string? Container { get; set; }

    public string? Path { get; set; }
}
