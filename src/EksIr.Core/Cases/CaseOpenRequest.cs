using EksIr.Core.Evidence;

namespace EksIr.Core.Cases;

/// <summary>
/// What the analyst asked for when opening a case. <see cref="CaseDirectory"/> defaults to
/// <c>cases/&lt;name&gt;</c> under the working directory; <see cref="Journal"/> to <c>journal.jsonl</c> in it.
/// <see cref="Hash"/> hashes every evidence file at intake (the evidence manifest). <see cref="Scratch"/> says where
/// (and how far) a gzip node archive of the evidence may be unpacked to be read.
/// </summary>
public sealed record CaseOpenRequest(string Name, string Evidence, string? Journal = null, string? CaseDirectory = null, bool Hash = false,
    ScratchSpace? Scratch = null);
