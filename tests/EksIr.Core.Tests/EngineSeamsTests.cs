using System.Reflection;
using System.Text.Json;
using EksIr.Disk.Containers;
using EksIr.Memory;

namespace EksIr.Core.Tests;

/// <summary>
/// The byte-level engines stay free of the cloud: EksIr.Core, EksIr.Disk and EksIr.Memory reach no AWS SDK and no
/// Kubernetes client (so <c>eksir lime</c> never loads them), and EksIr.Core reaches no other EksIr project. Checked
/// twice: on the compiled assemblies' references (what the runtime would load) and on each project's dependency
/// manifest (what the build ships with it, even a reference no code uses yet).
/// </summary>
public sealed class EngineSeamsTests
{
    public static TheoryData<string> ByteLevelEngines => ["EksIr.Core", "EksIr.Disk", "EksIr.Memory"];

    private static readonly Dictionary<string, Assembly> Engines = new[]
    {
        typeof(IAnalystError).Assembly, typeof(ContainerRecord).Assembly, typeof(LimeDump).Assembly,
    }.ToDictionary(a => a.GetName().Name!);

    [Theory]
    [MemberData(nameof(ByteLevelEngines))]
    public void A_byte_level_engine_references_no_cloud_sdk(string engine)
    {
        var reached = ReferencedAssemblies(Engines[engine]);

        Assert.Contains("System.Runtime", reached);
        Assert.DoesNotContain(reached, IsCloudSdk);
    }

    [Theory]
    [MemberData(nameof(ByteLevelEngines))]
    public void A_byte_level_engine_ships_no_cloud_sdk(string engine)
    {
        var shipped = ManifestLibraries(engine);

        Assert.Contains(engine, shipped);
        Assert.DoesNotContain(shipped, IsCloudSdk);
    }

    [Fact]
    public void The_core_reaches_no_other_engine_project()
    {
        var reached = ReferencedAssemblies(Engines["EksIr.Core"]).Concat(ManifestLibraries("EksIr.Core"));

        Assert.Empty(reached.Where(name => name.StartsWith("EksIr.", StringComparison.Ordinal) && name != "EksIr.Core").Distinct());
    }

    [Fact]
    public void The_disk_and_memory_engines_do_reach_the_core_they_are_built_on()
    {
        Assert.Contains("EksIr.Core", ReferencedAssemblies(Engines["EksIr.Disk"]));
        Assert.Contains("EksIr.Disk", ReferencedAssemblies(Engines["EksIr.Memory"]));
    }

    private static bool IsCloudSdk(string name) =>
        name.StartsWith("AWSSDK.", StringComparison.OrdinalIgnoreCase) || name.Equals("KubernetesClient", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every assembly <paramref name="root"/> references, followed through the EksIr ones it reaches.</summary>
    private static HashSet<string> ReferencedAssemblies(Assembly root)
    {
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<Assembly>([root]);
        while (pending.TryDequeue(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (reached.Add(reference.Name!) && reference.Name!.StartsWith("EksIr.", StringComparison.Ordinal))
                {
                    pending.Enqueue(Assembly.Load(reference));
                }
            }
        }

        return reached;
    }

    /// <summary>The libraries (packages and projects, transitively) in the project's own build manifest.</summary>
    private static HashSet<string> ManifestLibraries(string project)
    {
        var manifest = Repo.Path("src", project, "bin", Repo.Configuration, "net10.0", project + ".deps.json");
        using var deps = JsonDocument.Parse(File.ReadAllBytes(manifest));
        return deps.RootElement.GetProperty("libraries").EnumerateObject()
            .Select(library => library.Name[..library.Name.IndexOf('/', StringComparison.Ordinal)])
            .ToHashSet(StringComparer.Ordinal);
    }
}
