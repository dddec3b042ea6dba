namespace EksIr.Tests;

/// <summary>A test that needs a program on PATH (a real peer tool, e.g. TSK's mactime); skipped with the reason where it is missing.</summary>
public sealed class ProgramFactAttribute : FactAttribute
{
    public ProgramFactAttribute(string program, string package, bool needsContainerdNode = false)
    {
        Skip = ProcessRun.Which(program) is null
            ? $"{program} is not installed (apt-get install {package})"
            : needsContainerdNode ? ContainerdFactAttribute.MissingReason() : null;
    }
}
