using System.Security.Cryptography;

namespace EksIr.Tests;

/// <summary>
/// A node root made by a generator under sample-data/generators with the real engines. Built once and shared by
/// every test assembly and run: cached under the temp folder, keyed by the generator's hash, behind a lock file.
/// Tests must leave it unchanged (and check that they do).
/// </summary>
public abstract class GeneratedNode(string generatorScript, Func<string?> missingReason) : IAsyncLifetime
{
    private readonly string _generator = Repo.Path("sample-data", "generators", generatorScript);

    public string Root { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (missingReason() is not null)
        {
            return;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_generator)))[..12];
        var cache = Path.Combine(Path.GetTempPath(), "eksir-test-nodes", Path.GetFileNameWithoutExtension(_generator) + "-" + hash);
        Directory.CreateDirectory(cache);
        Root = Path.Combine(cache, "node");
        using var lockFile = await LockAsync(Path.Combine(cache, ".lock"));
        if (File.Exists(Path.Combine(cache, ".complete")))
        {
            return;
        }

        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        var result = await ProcessRun.RunAsync("bash", [_generator, Root], cache, TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(_generator)} failed:\n" + result);
        }

        await File.WriteAllTextAsync(Path.Combine(cache, ".complete"), DateTime.UtcNow.ToString("O"));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<FileStream> LockAsync(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (attempt < 600)
            {
                await Task.Delay(500);
            }
        }
    }
}
