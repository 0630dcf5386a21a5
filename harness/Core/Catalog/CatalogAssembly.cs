using System.Reflection;
using System.Runtime.Loader;
using Harness.Machines;

namespace Harness.Catalog;

/// <summary>
/// Reads the <c>[OsTest]</c> declarations of a built catalog assembly (e.g. <c>tests/cl/bin/Release/net10.0/Tests.Cl.dll</c>)
/// without running anything: the assembly is loaded into its own collectible load context (dependencies resolved
/// from its <c>.deps.json</c>) and only attribute data is read, by the attribute's type name.
/// </summary>
public static class CatalogAssembly
{
    /// <summary>Full name of the attribute that declares an OS test.</summary>
    public const string AttributeName = "Harness.Xunit.OsTestAttribute";

    /// <summary>The OS tests declared in <paramref name="assemblyPath"/>, ordered by name.</summary>
    /// <exception cref="IOException">The file is missing or not a loadable assembly (the message says which and how to build it).</exception>
    public static IReadOnlyList<CatalogEntry> Read(string assemblyPath)
    {
        var full = Path.GetFullPath(assemblyPath);
        if (!File.Exists(full))
        {
            throw new IOException($"{assemblyPath}: no such assembly; build the catalog project first (dotnet build -c Release)");
        }

        var context = new CatalogLoadContext(full);
        try
        {
            var assembly = context.LoadFromAssemblyPath(full);
            Type[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                types = [.. e.Types.OfType<Type>()];
            }

            return [.. types
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                .SelectMany(m => m.GetCustomAttributesData()
                    .Where(a => a.AttributeType.FullName == AttributeName)
                    .Select(a => Entry(m, a)))
                .OrderBy(e => e.Name, StringComparer.Ordinal)];
        }
        catch (BadImageFormatException e)
        {
            throw new IOException($"{assemblyPath}: not a .NET assembly ({e.Message})", e);
        }
        finally
        {
            context.Unload();
        }
    }

    private static CatalogEntry Entry(MethodInfo method, CustomAttributeData attribute)
    {
        var named = attribute.NamedArguments.ToDictionary(n => n.MemberName, n => n.TypedValue.Value, StringComparer.Ordinal);
        var arches = named.GetValueOrDefault("Architectures") is IEnumerable<CustomAttributeTypedArgument> list
            ? list.Select(a => ((Arch)(int)a.Value!).ToString().ToLowerInvariant()).ToList()
            : [];
        var requires = named.GetValueOrDefault("Requires") is int flags ? ((PlatformCapabilities)flags).ToString() : nameof(PlatformCapabilities.None);
        return new CatalogEntry(
            (string)attribute.ConstructorArguments[0].Value!,
            $"{method.DeclaringType?.Name}.{method.Name}",
            arches,
            requires,
            named.GetValueOrDefault("MinVersion") as string,
            named.GetValueOrDefault("TimeoutSeconds") is int seconds && seconds > 0 ? seconds : null,
            named.GetValueOrDefault("Skip") as string);
    }

    private sealed class CatalogLoadContext(string path) : AssemblyLoadContext($"catalog:{path}", isCollectible: true)
    {
        private readonly AssemblyDependencyResolver _resolver = new(path);

        protected override Assembly? Load(AssemblyName assemblyName) =>
            _resolver.ResolveAssemblyToPath(assemblyName) is { } file ? LoadFromAssemblyPath(file) : null;
    }
}
