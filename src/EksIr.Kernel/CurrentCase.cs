using EksIr.Core.Cases;

namespace EksIr.Kernel;

/// <summary>The case open in this notebook's kernel (one per loaded extension, never static).</summary>
public sealed class CurrentCase
{
    public CaseSession? Session { get; set; }

    public CaseSession Require() =>
        Session ?? throw new CaseException("no case is open: run  #!case open --name INC-… --evidence DIR  first");
}
