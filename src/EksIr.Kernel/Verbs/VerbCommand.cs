using System.Reflection;
using System.Reflection.Emit;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.DotNet.Interactive.Commands;

namespace EksIr.Kernel.Verbs;

/// <summary>
/// A declared verb's magic command: the directive's parameters as .NET Interactive binds them (by name, dashes
/// dropped), read back by the declaration. Each verb gets a type of its own (<see cref="For"/>), since the kernel
/// routes a command to its handler by its type.
/// </summary>
public class VerbCommand : KernelCommand
{
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Parameters { get; set; }

    private static readonly ModuleBuilder Module =
        AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("EksIr.Kernel.DeclaredVerbs"), AssemblyBuilderAccess.Run).DefineDynamicModule("EksIr.Kernel.DeclaredVerbs");

    private static readonly Dictionary<string, Type> Types = new(StringComparer.Ordinal);

    private static readonly Lock Lock = new();

    /// <summary>The command type of a verb (one per verb name, made once per process).</summary>
    public static Type For(string verb)
    {
        lock (Lock)
        {
            if (!Types.TryGetValue(verb, out var type))
            {
                var builder = Module.DefineType("EksIr.Kernel.DeclaredVerbs." + string.Concat(verb.Split(' ', '-').Select(w => char.ToUpperInvariant(w[0]) + w[1..])) + "Command",
                    TypeAttributes.Public | TypeAttributes.Sealed, typeof(VerbCommand));
                builder.DefineDefaultConstructor(MethodAttributes.Public);
                Types[verb] = type = builder.CreateType();
            }

            return type;
        }
    }
}
