using Microsoft.DotNet.Interactive.Commands;

namespace EksIr.Kernel.Cases;

/// <summary><c>#!case open --name N --evidence DIR [--journal FILE] [--case-dir DIR] [--hash] [--scratch DIR] [--scratch-limit SIZE]</c></summary>
public sealed class OpenCase : KernelCommand
{
    public string? Name { get; set; }

    public string? Evidence { get; set; }

    public string? Journal { get; set; }

    public string? CaseDir { get; set; }

    public bool Hash { get; set; }

    public string? Scratch { get; set; }

    public string? ScratchLimit { get; set; }
}
