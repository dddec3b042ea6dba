using System.Security.Cryptography;

namespace EksIr.Tests;

/// <summary>
/// A node root built by the real containerd (sample-data/generators/containerd-node.sh). Built once and shared by
/// every test assembly and run: it is cached under the temp folder, keyed by the generator's hash, behind a lock
/// file. Tests must leave it unchanged (and check that they do). Needs root and Debian's containerd, runc, umoci,
/// skopeo and busybox-static; see <see cref="ContainerdFactAttribute"/>.
/// </summary>
public sealed class ContainerdNode : IAsyncLifetime
{
    public const string PodUid = "3f6c1a2e-8b4d-4e7f-9a0b-1c2d3e4f5a6b";
    public const string SandboxId = "5d9a0b7c1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b";
    public const string AppId = "8e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f";

    private static readonly string Generator = Repo.Path("sample-data", "generators", "containerd-node.sh");

    public string Root { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (ContainerdFactAttribute.MissingReason() is not null)
        {
            return;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Generator)))[..12];
        var cache = Path.Combine(Path.GetTempPath(), "eksir-test-nodes", "containerd-" + hash);
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

        var result = await ProcessRun.RunAsync("bash", [Generator, Root], cache, TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException("containerd-node.sh failed:\n" + result);
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

[CollectionDefinition(Name)]
public sealed class ContainerdNodeCollection : ICollectionFixture<ContainerdNode>
{
    public const string Name = "real containerd node";
}

/// <summary>A test on evidence made by the real containerd; skipped, with the reason, where it cannot run.</summary>
public sealed class ContainerdFactAttribute : FactAttribute
{
    public ContainerdFactAttribute() => Skip = MissingReason();

    public static string? MissingReason()
    {
        if (Environment.UserName != "root")
        {
            return "needs root to run containerd";
        }

        var missing = new[] { "containerd", "ctr", "runc", "umoci", "skopeo" }.Where(p => ProcessRun.Which(p) is null).ToArray();
        return missing.Length == 0 ? null : $"missing {string.Join(", ", missing)} (apt-get install containerd runc umoci skopeo busybox-static)";
    }
}
