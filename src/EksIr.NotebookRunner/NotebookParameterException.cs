namespace EksIr.NotebookRunner;

/// <summary>A parameter the notebook does not take, or a value that does not fit it: the analyst's usage mistake, said before any cell runs.</summary>
public sealed class NotebookParameterException(string message) : Exception(message);
