using Microsoft.DotNet.Interactive.Commands;

namespace EksIr.Kernel.Disk;

/// <summary><c>#!containers [--root R]</c></summary>
public sealed class ListContainers : KernelCommand
{
    public string? Root { get; set; }
}

/// <summary><c>#!images [--root R]</c></summary>
public sealed class ListImages : KernelCommand
{
    public string? Root { get; set; }
}

/// <summary><c>#!history [--root R] --image REF</c></summary>
public sealed class ShowImageHistory : KernelCommand
{
    public string? Root { get; set; }

    public string? Image { get; set; }
}

/// <summary><c>#!logs [--root R] --container C [--tail N]</c></summary>
public sealed class ShowContainerLogs : KernelCommand
{
    public string? Root { get; set; }

    public string? Container { get; set; }

    public int? Tail { get; set; }
}

/// <summary><c>#!timeline [--root R] --container C [--format bodyfile|timesketch --out FILE]</c></summary>
public sealed class ShowContainerTimeline : KernelCommand
{
    public string? Root { get; set; }

    public string? Container { get; set; }

    public string? Format { get; set; }

    public string? Out { get; set; }
}

/// <summary><c>#!status [--root R]</c></summary>
public sealed class ShowNodeStatus : KernelCommand
{
    public string? Root { get; set; }
}
