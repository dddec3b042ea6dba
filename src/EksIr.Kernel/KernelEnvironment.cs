namespace EksIr.Kernel;

/// <summary>What the extension takes from its surroundings: the clock and who is at the keyboard.</summary>
public sealed record KernelEnvironment(TimeProvider Clock, string Analyst, string Host)
{
    public static KernelEnvironment FromMachine() => new(TimeProvider.System, Environment.UserName, Environment.MachineName);
}
