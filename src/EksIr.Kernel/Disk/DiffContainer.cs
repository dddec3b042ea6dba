using Microsoft.DotNet.Interactive.Commands;

namespace EksIr.Kernel.Disk;

/// <summary><c>#!diff [--root R] --container C [--runtime-made]</c></summary>
public sealed class DiffContainer : KernelCommand
{
    public string? Root { get; set; }

    public string? Container { get; set; }

    public bool RuntimeMade { get; set; }
}

/// <summary><c>#!cat [--root R] --container C [--path] PATH</c></summary>
public sealed class CatContainerFile : KernelCommand
{
    public string? Root { get; set; }

    public string? Container { get; set; }

    public string? Path { get; set; }
}

/// <summary><c>#!ls [--root R] --container C [--path] PATH [--recursive] [--hash]</c></summary>
public sealed class ListContainerFiles : KernelCommand
{
    public string? Root { get; set; }

    public string? Container { get; set; }

    public string? Path { get; set; }

    public bool Recursive { get; set; }

    public bool Hash { get; set; }
}

/// <summary><c>#!export [--root R] --container C [--path] PATH [--out DIR]</c></summary>
public sealed class ExportContainerFiles : KernelCommand
{
    public string? Root { get; set; }

    public string? Container { get; set; }

    public string? Path { get; set; }

    public string? Out { get; set; }
}

/// <summary><c>#!layers [--root R] --container C</c></summary>
public sealed class ShowContainerLayers : KernelCommand
{
    public string? Root { get; set; }

    public string? Container { get; set; }
}
