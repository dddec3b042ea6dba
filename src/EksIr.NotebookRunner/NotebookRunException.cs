namespace EksIr.NotebookRunner;

/// <summary>The notebook could not be run at all (unreadable file, bad parameter); the message names the cause.</summary>
public sealed class NotebookRunException(string message, Exception? inner = null) : Exception(message, inner);
