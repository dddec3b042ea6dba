namespace EksIr.Verbs;

/// <summary>A verb asked the wrong way (an option missing, a value of the wrong kind): the analyst's to correct, said in one line.</summary>
public sealed class VerbUsageException(string message) : Exception(message), Core.IAnalystError;
