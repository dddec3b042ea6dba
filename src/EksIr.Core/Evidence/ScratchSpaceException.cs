namespace EksIr.Core.Evidence;

/// <summary>An archive needed more scratch space to be unpacked than it may take.</summary>
public sealed class ScratchSpaceException(string message) : IOException(message), IAnalystError;
