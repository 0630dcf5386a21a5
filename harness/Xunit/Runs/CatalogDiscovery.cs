using System.Collections.Concurrent;
using System.Reflection;
using Harness.Catalog;

namespace Harness.Xunit.Runs;

/// <summary>
/// The catalog of a test assembly: every <c>[OsTest]</c> name in it, found by reflection once per assembly.
/// Lets the harness validate <c>HARNESS_TESTS</c> against the tests that exist and report duplicate names.
/// </summary>
internal sealed class CatalogDiscovery
{
    private static readonly ConcurrentDictionary<Assembly, CatalogDiscovery> Cache = new();

    private CatalogDiscovery(TestCatalog catalog, IReadOnlyDictionary<string, IReadOnlyList<string>> duplicates)
    {
        Catalog = catalog;
        Duplicates = duplicates;
    }

    /// <summary>The catalog (valid names only, each once).</summary>
    public TestCatalog Catalog { get; }

    /// <summary>Names declared more than once, with the methods declaring them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Duplicates { get; }

    /// <summary>The catalog of <paramref name="assembly"/>.</summary>
    public static CatalogDiscovery For(Assembly assembly) => Cache.GetOrAdd(assembly, Discover);

    /// <summary>Builds the catalog from the <c>[OsTest]</c> methods of <paramref name="types"/>.</summary>
    public static CatalogDiscovery FromTypes(IEnumerable<Type> types)
    {
        var declared = types
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<OsTestAttribute>()))
            .Where(x => x.Attribute is not null && TestMetadata.IsValidName(x.Attribute.Name))
            .GroupBy(x => x.Attribute!.Name, StringComparer.Ordinal)
            .ToList();
        var duplicates = declared
            .Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(x => $"{x.Method.DeclaringType?.Name}.{x.Method.Name}")], StringComparer.Ordinal);
        return new CatalogDiscovery(new TestCatalog(declared.Select(g => new TestMetadata(g.Key))), duplicates);
    }

    private static CatalogDiscovery Discover(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = [.. e.Types.OfType<Type>()];
        }

        return FromTypes(types);
    }
}
