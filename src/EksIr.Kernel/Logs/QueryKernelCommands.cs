namespace EksIr.Kernel.Logs;

// The same options as #!connect's; a type of their own because .NET Interactive runs one handler per command type.

/// <summary><c>#!query-kernel cloudtrail --kernel-name ct --path DIR [--allow-external-access]</c></summary>
public sealed class QueryKernelCloudTrail(string connectedKernelName) : ConnectCloudTrail(connectedKernelName);

/// <summary><c>#!query-kernel insights --kernel-name audit (--path DIR | --log-group G …)</c></summary>
public sealed class QueryKernelInsights(string connectedKernelName) : ConnectInsights(connectedKernelName);

/// <summary><c>#!query-kernel athena --kernel-name ct --database D …</c></summary>
public sealed class QueryKernelAthena(string connectedKernelName) : ConnectAthena(connectedKernelName);
