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

/// <summary><c>#!maps --file F [--pid P] [--dump NAME]</c></summary>
public sealed class ShowProcessMaps : KernelCommand
{
    public string? File { get; set; }

    public int? Pid { get; set; }

    public string? Dump { get; set; }
}

/// <summary><c>#!ioc --file F [--string S] [--regex R]</c></summary>
public sealed class ScanMemoryForIocs : KernelCommand
{
    public string? File { get; set; }

    public string? String { get; set; }

    public string? Regex { get; set; }
}
