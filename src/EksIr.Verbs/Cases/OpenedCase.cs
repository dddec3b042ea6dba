using EksIr.Core.Cases;

namespace EksIr.Verbs.Cases;

/// <summary>What <c>case open</c> gives: the case now open (a notebook keeps it as its current case) and what is shown of it.</summary>
public sealed record OpenedCase(CaseSession Session, CaseOpened Shown);
