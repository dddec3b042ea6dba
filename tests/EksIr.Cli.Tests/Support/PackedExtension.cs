using System.Globalization;

namespace EksIr.Cli.Tests.Support;

/// <summary>
/// The extension packed for real (dotnet pack of EksIr.Core, EksIr.Disk, EksIr.Memory, EksIr.Cloud, EksIr.Reporting, EksIr.Logs, EksIr.Investigation, EksIr.Verbs and EksIr.Kernel) into a private feed with a
/// version no earlier test run used, so <c>#r "nuget:"</c> restores this build and not a cached one.
/// </summary>
public sealed class PackedExtension : IAsyncLifetime
{
    public string Feed { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "eksir-feed-" + Guid.NewGuid().ToString("N")[..12]);

    public string Version { get; } = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        foreach (var project in new[] { "src/EksIr.Core/EksIr.Core.csproj", "src/EksIr.Disk/EksIr.Disk.csproj", "src/EksIr.Memory/EksIr.Memory.csproj", "src/EksIr.Cloud/EksIr.Cloud.csproj", "src/EksIr.Reporting/EksIr.Reporting.csproj", "src/EksIr.Logs/EksIr.Logs.csproj", "src/EksIr.Investigation/EksIr.Investigation.csproj", "src/EksIr.Verbs/EksIr.Verbs.csproj", "src/EksIr.Kernel/EksIr.Kernel.csproj" })
        {
            var result = await ProcessRun.RunAsync("dotnet",
                ["pack", Repo.Path(project), "-c", Repo.Configuration, $"-p:Version={Version}", "-o", Feed, "--nologo", "-v", "q"],
                Repo.Root, TimeSpan.FromMinutes(5));
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack {project} failed:\n{result}");
            }
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Feed, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class PackedExtensionCollection : ICollectionFixture<PackedExtension>
{
    public const string Name = "packed extension";
}
