using EksIr.Verbs;
using Microsoft.DotNet.Interactive.Directives;

namespace EksIr.Kernel;

/// <summary>The AWS options of a live query kernel's #!connect, as the declared verbs take them (<see cref="AwsOptions"/>, which also names the connection).</summary>
public static class AwsParameters
{
    public static void Add(KernelActionDirective directive)
    {
        foreach (var option in AwsOptions.All)
        {
            directive.Parameters.Add(new KernelDirectiveParameter(option.Name, option.Described));
        }
    }
}
