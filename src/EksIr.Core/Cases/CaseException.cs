namespace EksIr.Core.Cases;

/// <summary>A case operation that cannot go ahead; the message is meant for the analyst as it is.</summary>
public sealed class CaseException(string message, Exception? inner = null) : Exception(message, inner), IAnalystError;
