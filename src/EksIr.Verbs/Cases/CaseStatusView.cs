using EksIr.Core.Cases;

namespace EksIr.Verbs.Cases;

/// <summary>A case's status and how many of its recent actions to list.</summary>
public sealed record CaseStatusView(CaseStatus Status, int Last);
