using EksIr.Core;
using EksIr.Verbs;

namespace EksIr.Kernel.Tests.Verbs;

/// <summary>Every error this project raises for the analyst has the one base type the front ends catch by.</summary>
public sealed class AnalystErrorsTests
{
    [Fact]
    public void Every_exception_the_project_declares_is_an_analyst_error_the_front_ends_catch()
    {
        var assemblies = new[]
        {
            typeof(IAnalystError).Assembly, typeof(global::EksIr.Disk.Containers.ContainerRecord).Assembly, typeof(global::EksIr.Memory.LimeDump).Assembly,
            typeof(global::EksIr.Cloud.Aws.AwsActionException).Assembly, typeof(global::EksIr.Reporting.ContainerViews).Assembly, typeof(global::EksIr.Logs.Sql.SqlQueryException).Assembly, typeof(global::EksIr.Investigation.InvestigationException).Assembly,
            typeof(VerbUsageException).Assembly, typeof(EksIrKernelExtension).Assembly, typeof(global::EksIr.Cli.CommandLine.CliException).Assembly,
        };

        var exceptions = assemblies.SelectMany(a => a.GetTypes()).Where(t => typeof(Exception).IsAssignableFrom(t) && !t.IsAbstract).ToList();

        Assert.True(exceptions.Count >= 10, string.Join(", ", exceptions));
        Assert.Empty(exceptions.Where(t => !typeof(IAnalystError).IsAssignableFrom(t)).Select(t => t.FullName));
        Assert.All(exceptions, t => Assert.True(AnalystErrors.Are((Exception)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(t)), t.FullName));
    }
}
