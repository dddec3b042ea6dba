namespace EksIr.Investigation;

/// <summary>An investigation request that cannot go ahead (an unknown entity, a bad option); the message is for the analyst as it is.</summary>
public sealed class InvestigationException(string message) : Exception(message), Core.IAnalystError;
