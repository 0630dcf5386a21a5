using Xunit.Abstractions;
using Xunit.Sdk;

namespace Harness.Xunit.Sdk;

/// <summary>Exposes an <see cref="OsTestAttribute"/>'s name as the trait <c>OsTest=&lt;name&gt;</c>.</summary>
public sealed class OsTestTraitDiscoverer : ITraitDiscoverer
{
    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute)
    {
        ArgumentNullException.ThrowIfNull(traitAttribute);
        if (traitAttribute.GetConstructorArguments().FirstOrDefault() is string name)
        {
            yield return new KeyValuePair<string, string>(OsTestAttribute.TraitName, name);
        }
    }
}
