using EksIr.Core.Time;

namespace EksIr.Disk.Containers;

/// <summary>
/// What the runtime last recorded about a container's process: its pid, when it started and finished, how it
/// ended. <see cref="Source"/> names the file it came from. Null fields were not recorded (0 in the checkpoint).
/// </summary>
public sealed record ContainerRunStatus(
    long? Pid,
    PreciseTime? StartedAt,
    PreciseTime? FinishedAt,
    int? ExitCode,
    string Reason,
    string Message,
    string Source);
