using Microsoft.DotNet.Interactive.Commands;

namespace EksIr.Kernel.Disk;

/// <summary><c>#!cat [--root R] --container C [--path] PATH</c></summary>
public sealed class CatContainerFile : KernelCommand
{
    public string? Root { get; set; }

    public string? Container { get; set; }

    public string? Path { get; set; }
}

/// <summary><c>#!export [--root R] --container C [--path] PATH [--out DIR]</c></summary>
public sealed class ExportContainerFiles : KernelCommand
{
    public string? Root { get; set; }

    public string? Container { get; set; }

    public string? Path { get; set; }

    public string? Out { get; set; }
}
